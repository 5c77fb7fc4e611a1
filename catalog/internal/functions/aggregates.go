package functions

import (
	"math"
	"slices"
	"strings"
)

func aggregateFuncs() []aggregate {
	moment := func(order int, final func(m *moments) any) func() accumulator {
		return func() accumulator { return &moments{order: order, final: final} }
	}
	stddevSamp := moment(2, func(m *moments) any {
		if m.n < 2 {
			return nil
		}
		return math.Sqrt(m.m2 / (m.n - 1))
	})
	varSamp := moment(2, func(m *moments) any {
		if m.n < 2 {
			return nil
		}
		return m.m2 / (m.n - 1)
	})
	pct := func() accumulator { return &percentile{} }
	approx := func() accumulator { return &percentile{approx: true} }
	first := func() accumulator { return &firstLast{} }
	collect := func() accumulator { return &collectAcc{} }
	everyAcc := func() accumulator { return &boolAcc{and: true} }
	anyAcc := func() accumulator { return &boolAcc{} }
	strAgg := func() accumulator { return &stringAgg{} }
	return []aggregate{
		{"stddev", 1, 1, stddevSamp},
		{"std", 1, 1, stddevSamp},
		{"stddev_samp", 1, 1, stddevSamp},
		{"stddev_pop", 1, 1, moment(2, func(m *moments) any { return math.Sqrt(m.m2 / m.n) })},
		{"variance", 1, 1, varSamp},
		{"var_samp", 1, 1, varSamp},
		{"var_pop", 1, 1, moment(2, func(m *moments) any { return m.m2 / m.n })},
		{"skewness", 1, 1, moment(3, func(m *moments) any {
			if m.m2 == 0 {
				return nil
			}
			return math.Sqrt(m.n) * m.m3 / math.Sqrt(m.m2*m.m2*m.m2)
		})},
		{"kurtosis", 1, 1, moment(4, func(m *moments) any {
			if m.m2 == 0 {
				return nil
			}
			return m.n*m.m4/(m.m2*m.m2) - 3.0
		})},
		{"corr", 2, 2, func() accumulator { return &covariance{kind: 'r'} }},
		{"covar_pop", 2, 2, func() accumulator { return &covariance{kind: 'p'} }},
		{"covar_samp", 2, 2, func() accumulator { return &covariance{kind: 's'} }},
		{"regr_avgx", 2, 2, regr('x')},
		{"regr_avgy", 2, 2, regr('y')},
		{"regr_sxx", 2, 2, regr('X')},
		{"regr_syy", 2, 2, regr('Y')},
		{"regr_sxy", 2, 2, regr('Z')},
		{"regr_slope", 2, 2, regr('m')},
		{"regr_intercept", 2, 2, regr('b')},
		{"regr_r2", 2, 2, regr('2')},
		{"percentile", 2, 2, pct},
		{"percentile_approx", 2, 3, approx},
		{"approx_percentile", 2, 3, approx},
		{"median", 1, 1, func() accumulator { return &percentile{fixed: 0.5, hasFixed: true} }},
		{"mode", 1, 1, func() accumulator { return &modeAcc{counts: map[string]int{}} }},
		{"first", 1, 2, first},
		{"any_value", 1, 2, first},
		{"last", 1, 2, func() accumulator { return &firstLast{last: true} }},
		{"max_by", 2, 2, func() accumulator { return &byAcc{sign: 1} }},
		{"min_by", 2, 2, func() accumulator { return &byAcc{sign: -1} }},
		{"collect_list", 1, 1, collect},
		{"array_agg", 1, 1, collect},
		{"collect_set", 1, 1, func() accumulator { return &collectAcc{set: map[string]bool{}} }},
		{"count_if", 1, 1, func() accumulator { return &countIf{} }},
		{"bool_and", 1, 1, everyAcc},
		{"every", 1, 1, everyAcc},
		{"bool_or", 1, 1, anyAcc},
		{"some", 1, 1, anyAcc},
		{"any", 1, 1, anyAcc},
		{"bit_and", 1, 1, func() accumulator { return &bitAcc{op: '&'} }},
		{"bit_or", 1, 1, func() accumulator { return &bitAcc{op: '|'} }},
		{"bit_xor", 1, 1, func() accumulator { return &bitAcc{op: '^'} }},
		{"approx_count_distinct", 1, 2, func() accumulator { return &distinctCount{seen: map[string]bool{}} }},
		{"string_agg", 1, 2, strAgg},
		{"listagg", 1, 2, strAgg},
		{"product", 1, 1, func() accumulator { return &product{} }},
		{"regr_count", 2, 2, func() accumulator { return &regrCount{} }},
	}
}

// An accumulator that would exceed the bounds on one value (maxLen,
// maxElems) stops accumulating and gives NULL.

// moments is Spark's CentralMomentAgg: one-pass updates of the count, the
// mean and the central moments m2..m4. final sees at least one value.
type moments struct {
	order              int
	n, avg, m2, m3, m4 float64
	final              func(*moments) any
}

func (m *moments) step(args []any) error {
	x, ok := toFloat(args[0])
	if !ok {
		return nil
	}
	newN := m.n + 1
	delta := x - m.avg
	deltaN := delta / newN
	newAvg := m.avg + deltaN
	newM2 := m.m2 + delta*(delta-deltaN)
	delta2 := delta * delta
	deltaN2 := deltaN * deltaN
	newM3 := 0.0
	if m.order >= 3 {
		newM3 = m.m3 - 3.0*deltaN*newM2 + delta*(delta2-deltaN2)
	}
	newM4 := 0.0
	if m.order >= 4 {
		newM4 = m.m4 - 4.0*deltaN*newM3 - 6.0*deltaN2*newM2 + delta*(delta*delta2-deltaN*deltaN2)
	}
	m.n, m.avg, m.m2, m.m3, m.m4 = newN, newAvg, newM2, newM3, newM4
	return nil
}

func (m *moments) done() (any, error) {
	if m.n == 0 {
		return nil, nil
	}
	return m.final(m), nil
}

// covariance is Spark's Covariance and PearsonCorrelation: 'p' covar_pop,
// 's' covar_samp, 'r' corr. A pair with a NULL is skipped.
type covariance struct {
	kind                        byte
	n, xAvg, yAvg, ck, xMk, yMk float64
}

func (c *covariance) step(args []any) error {
	x, ok1 := toFloat(args[0])
	y, ok2 := toFloat(args[1])
	if !ok1 || !ok2 {
		return nil
	}
	newN := c.n + 1
	dx := x - c.xAvg
	dxN := dx / newN
	dy := y - c.yAvg
	dyN := dy / newN
	newXAvg := c.xAvg + dxN
	newYAvg := c.yAvg + dyN
	c.ck += dx * (y - newYAvg)
	c.xMk += dx * (x - newXAvg)
	c.yMk += dy * (y - newYAvg)
	c.n, c.xAvg, c.yAvg = newN, newXAvg, newYAvg
	return nil
}

// regr makes the accumulator of a regr_ function of (y, x): over the pairs
// without a NULL, the covariance's first variable is y, its second x.
func regr(kind byte) func() accumulator {
	return func() accumulator { return &covariance{kind: kind} }
}

func (c *covariance) done() (any, error) {
	if c.kind == 'n' {
		return int64(c.n), nil
	}
	if c.n == 0 {
		return nil, nil
	}
	// For the regr_ functions: y is the first variable, x the second.
	syy, sxx, sxy, avgY, avgX := c.xMk, c.yMk, c.ck, c.xAvg, c.yAvg
	switch c.kind {
	case 'x':
		return avgX, nil
	case 'y':
		return avgY, nil
	case 'X':
		return c.n * (sxx / c.n), nil // Spark: regr_count * var_pop(x)
	case 'Y':
		return c.n * (syy / c.n), nil
	case 'Z':
		return c.n * (sxy / c.n), nil
	case 'm', 'b', '2':
		if sxx == 0 {
			return nil, nil
		}
		// Spark: covar_pop(y, x) / var_pop(x); avg(y) - slope * avg(x);
		// corr(y, x) squared.
		slope := (sxy / c.n) / (sxx / c.n)
		switch {
		case c.kind == 'm':
			return slope, nil
		case c.kind == 'b':
			return avgY - slope*avgX, nil
		case syy == 0:
			return 1.0, nil
		}
		r := sxy / math.Sqrt(syy*sxx)
		return r * r, nil
	}
	switch c.kind {
	case 'p':
		return c.ck / c.n, nil
	case 's':
		if c.n == 1 {
			return nil, nil
		}
		return c.ck / (c.n - 1), nil
	}
	if c.n == 1 {
		return nil, nil
	}
	return c.ck / math.Sqrt(c.xMk*c.yMk), nil
}

// percentile is percentile (exact, interpolated), percentile_approx and
// approx_percentile (an input value: the one at rank ceil(p*n), as
// Spark's QuantileSummaries gives on data small enough to be kept whole;
// here it is exact at any size) and median. p is a double or an array of
// doubles, read from the first row.
type percentile struct {
	approx   bool
	vals     []any
	ps       []float64
	isArray  bool
	bad      bool
	accuracy float64
	fixed    float64
	hasFixed bool
	seenP    bool
	over     bool
}

func (p *percentile) step(args []any) error {
	if !p.seenP {
		p.seenP = true
		p.accuracy = 10000
		if p.hasFixed {
			p.ps = []float64{p.fixed}
		} else if len(args) > 1 {
			p.readP(args[1])
		}
		if len(args) > 2 {
			if a, ok := toFloat(args[2]); ok && a > 0 {
				p.accuracy = a
			} else {
				p.bad = true
			}
		}
	}
	n, ok := toNumber(args[0])
	if !ok {
		return nil
	}
	if len(p.vals) >= 10*maxElems {
		p.over = true
		return nil
	}
	p.vals = append(p.vals, n)
	return nil
}

func (p *percentile) readP(v any) {
	if v == nil {
		p.bad = true
		return
	}
	if s, isStr := v.(string); isStr && strings.HasPrefix(strings.TrimSpace(s), "[") {
		arr, ok := arrayArg(s)
		if !ok {
			p.bad = true
			return
		}
		p.isArray = true
		for _, e := range arr {
			f, ok := toFloat(toSQL(e))
			if !ok || !(f >= 0 && f <= 1) { // NaN too
				p.bad = true
				return
			}
			p.ps = append(p.ps, f)
		}
		return
	}
	f, ok := toFloat(v)
	if !ok || !(f >= 0 && f <= 1) { // NaN too
		p.bad = true
		return
	}
	p.ps = []float64{f}
}

func (p *percentile) done() (any, error) {
	if p.bad || p.over || len(p.vals) == 0 {
		return nil, nil
	}
	slices.SortFunc(p.vals, cmpNum)
	n := len(p.vals)
	res := make([]any, len(p.ps))
	for i, q := range p.ps {
		if p.approx {
			relErr := 1 / p.accuracy
			var idx int
			switch {
			case q <= relErr:
				idx = 0
			case q >= 1-relErr:
				idx = n - 1
			default:
				rank := math.Ceil(q * float64(n))
				idx = int(math.Ceil(rank-relErr*float64(n))) - 1
				idx = max(0, min(idx, n-1))
			}
			res[i] = p.vals[idx]
			continue
		}
		pos := q * float64(n-1)
		lo, hi := math.Floor(pos), math.Ceil(pos)
		lv, _ := toFloat(p.vals[int(lo)])
		hv, _ := toFloat(p.vals[int(hi)])
		if lo == hi {
			res[i] = lv
		} else {
			res[i] = (hi-pos)*lv + (pos-lo)*hv
		}
	}
	if !p.isArray {
		return res[0], nil
	}
	out := make([]any, len(res))
	for i, r := range res {
		out[i] = asElem(r)
	}
	return jsonResult(out), nil
}

// modeAcc is mode: the most frequent value, the first reached among ties.
type modeAcc struct {
	counts map[string]int
	order  []string
	vals   map[string]any
	over   bool
}

func (m *modeAcc) step(args []any) error {
	if args[0] == nil {
		return nil
	}
	v := args[0]
	if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		v = int64(f)
	}
	k := canon(asElem(v))
	if _, seen := m.counts[k]; !seen {
		if len(m.order) >= 10*maxElems {
			m.over = true
			return nil
		}
		if m.vals == nil {
			m.vals = map[string]any{}
		}
		m.vals[k] = args[0]
		m.order = append(m.order, k)
	}
	m.counts[k]++
	return nil
}

func (m *modeAcc) done() (any, error) {
	best, bestN := "", 0
	for _, k := range m.order {
		if m.counts[k] > bestN {
			best, bestN = k, m.counts[k]
		}
	}
	if bestN == 0 || m.over {
		return nil, nil
	}
	return m.vals[best], nil
}

// firstLast is first, any_value and last; with ignoreNulls true, NULLs
// are skipped, otherwise a NULL counts as a value.
type firstLast struct {
	last  bool
	set   bool
	value any
}

func (f *firstLast) step(args []any) error {
	ignore := false
	if len(args) > 1 {
		ignore, _ = toBool(args[1])
	}
	if ignore && args[0] == nil {
		return nil
	}
	if f.last || !f.set {
		f.value, f.set = args[0], true
	}
	return nil
}

func (f *firstLast) done() (any, error) { return f.value, nil }

// byAcc is max_by and min_by: the value of x at the greatest (least) ord,
// the first such row on ties; rows with a NULL ord are skipped.
type byAcc struct {
	sign  int
	set   bool
	value any
	ord   any
}

func (b *byAcc) step(args []any) error {
	if args[1] == nil {
		return nil
	}
	if !b.set || cmpSQL(args[1], b.ord)*b.sign > 0 {
		b.value, b.ord, b.set = args[0], args[1], true
	}
	return nil
}

func (b *byAcc) done() (any, error) { return b.value, nil }

// cmpSQL orders two SQLite values: numbers by value, else as text.
func cmpSQL(a, b any) int {
	x, ok1 := a.(int64)
	y, ok2 := b.(int64)
	if ok1 && ok2 {
		return cmpInt(x, y)
	}
	_, af := a.(float64)
	_, bf := b.(float64)
	if (af || ok1) && (bf || ok2) {
		return cmpNum(a, b)
	}
	s, _ := toStr(a)
	t, _ := toStr(b)
	return strings.Compare(s, t)
}

// collectAcc is collect_list/array_agg and (with set) collect_set: the
// non-NULL values in input order, '[]' for none.
type collectAcc struct {
	vals []any
	set  map[string]bool
	size int
	over bool
}

func (c *collectAcc) step(args []any) error {
	if args[0] == nil || c.over {
		return nil
	}
	e := asElem(args[0])
	if c.set != nil {
		k := canon(e)
		if c.set[k] {
			return nil
		}
		c.set[k] = true
	}
	c.size += len(jsonText(e)) + 1
	if len(c.vals) >= maxElems || c.size > maxLen {
		c.over, c.vals = true, nil
		return nil
	}
	c.vals = append(c.vals, e)
	return nil
}

func (c *collectAcc) done() (any, error) {
	if c.over {
		return nil, nil
	}
	if c.vals == nil {
		return "[]", nil
	}
	return jsonResult(c.vals), nil
}

type countIf struct{ n int64 }

func (c *countIf) step(args []any) error {
	if b, ok := toBool(args[0]); ok && b {
		c.n++
	}
	return nil
}

func (c *countIf) done() (any, error) { return c.n, nil }

// boolAcc is bool_and/every (and) and bool_or/some/any.
type boolAcc struct {
	and  bool
	set  bool
	bool bool
}

func (b *boolAcc) step(args []any) error {
	v, ok := toBool(args[0])
	if !ok {
		return nil
	}
	if !b.set {
		b.bool, b.set = v, true
	} else if b.and {
		b.bool = b.bool && v
	} else {
		b.bool = b.bool || v
	}
	return nil
}

func (b *boolAcc) done() (any, error) {
	if !b.set {
		return nil, nil
	}
	return boolVal(b.bool), nil
}

type bitAcc struct {
	op  byte
	set bool
	v   int64
}

func (b *bitAcc) step(args []any) error {
	x, ok := toInt(args[0])
	if !ok {
		return nil
	}
	if !b.set {
		b.v, b.set = x, true
		return nil
	}
	switch b.op {
	case '&':
		b.v &= x
	case '|':
		b.v |= x
	default:
		b.v ^= x
	}
	return nil
}

func (b *bitAcc) done() (any, error) {
	if !b.set {
		return nil, nil
	}
	return b.v, nil
}

// distinctCount is approx_count_distinct, counted exactly.
type distinctCount struct {
	seen map[string]bool
	over bool
}

func (d *distinctCount) step(args []any) error {
	if args[0] == nil {
		return nil
	}
	v := args[0]
	if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		v = int64(f)
	}
	if len(d.seen) >= 10*maxElems {
		d.over = true
		return nil
	}
	d.seen[canon(asElem(v))] = true
	return nil
}

func (d *distinctCount) done() (any, error) {
	if d.over {
		return nil, nil
	}
	return int64(len(d.seen)), nil
}

// stringAgg is string_agg/listagg(x[, delim]): the non-NULL values joined
// by delim (the empty string by default); NULL for none.
type stringAgg struct {
	sb    strings.Builder
	n     int
	delim string
	over  bool
}

func (s *stringAgg) step(args []any) error {
	if args[0] == nil || s.over {
		return nil
	}
	if s.n == 0 && len(args) > 1 {
		s.delim, _ = toStr(args[1])
	}
	v, _ := toStr(args[0])
	if s.n > 0 {
		s.sb.WriteString(s.delim)
	}
	s.sb.WriteString(v)
	s.n++
	if s.sb.Len() > maxLen {
		s.over = true
		s.sb.Reset()
	}
	return nil
}

func (s *stringAgg) done() (any, error) {
	if s.n == 0 || s.over {
		return nil, nil
	}
	return s.sb.String(), nil
}

type product struct {
	set bool
	p   float64
}

func (p *product) step(args []any) error {
	x, ok := toFloat(args[0])
	if !ok {
		return nil
	}
	if !p.set {
		p.p, p.set = x, true
	} else {
		p.p *= x
	}
	return nil
}

func (p *product) done() (any, error) {
	if !p.set {
		return nil, nil
	}
	return p.p, nil
}

type regrCount struct{ n int64 }

func (r *regrCount) step(args []any) error {
	if args[0] != nil && args[1] != nil {
		r.n++
	}
	return nil
}

func (r *regrCount) done() (any, error) { return r.n, nil }
