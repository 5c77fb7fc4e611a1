package functions

import (
	"encoding/base64"
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on what one call may build (tableacl choice, the same as the
// catalog's bound on one value): a longer string or a larger collection
// gives NULL rather than exhausting memory.
const (
	maxLen   = 64 << 20
	maxElems = 1_000_000
	// maxDepth bounds the nesting of JSON values parsed or built.
	maxDepth = 1000
)

// norm turns an argument of a registered function into the value SQLite
// holds: the driver hands NULL over as a nil []byte.
func norm(v any) any {
	if b, ok := v.([]byte); ok && b == nil {
		return nil
	}
	return v
}

// isNull reports whether any of vs is NULL.
func isNull(vs ...any) bool {
	for _, v := range vs {
		if norm(v) == nil {
			return true
		}
	}
	return false
}

// toInt converts v as Spark's non-ANSI cast to BIGINT does: a double is
// truncated (saturating at the bounds of a long), a string must be an
// integer, optionally with a fraction that is dropped. ok is false for
// NULL and for what cannot be converted.
func toInt(v any) (int64, bool) {
	switch x := norm(v).(type) {
	case int64:
		return x, true
	case float64:
		return floatToInt(x)
	case string:
		return parseIntText(x)
	case []byte:
		return parseIntText(string(x))
	}
	return 0, false
}

func floatToInt(f float64) (int64, bool) {
	switch {
	case math.IsNaN(f):
		return 0, false
	case f >= math.MaxInt64:
		return math.MaxInt64, true
	case f <= math.MinInt64:
		return math.MinInt64, true
	}
	return int64(f), true
}

// parseIntText parses Spark's integer text: optional sign, digits, and an
// optional fraction, which is truncated.
func parseIntText(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	intPart := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart = s[:i]
		frac := s[i+1:]
		for _, c := range frac {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		if intPart == "" || intPart == "+" || intPart == "-" {
			if frac == "" {
				return 0, false
			}
			return 0, true
		}
	}
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// toFloat converts v to a double as Spark's cast does.
func toFloat(v any) (float64, bool) {
	switch x := norm(v).(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case string:
		return parseFloatText(x)
	case []byte:
		return parseFloatText(string(x))
	}
	return 0, false
}

func parseFloatText(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "_xXpP") {
		return 0, false
	}
	switch strings.ToLower(s) {
	case "nan":
		return math.NaN(), true
	case "inf", "+inf", "infinity", "+infinity":
		return math.Inf(1), true
	case "-inf", "-infinity":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

// toNumber converts v to an int64 when it is an integer (or integer text)
// and to a float64 otherwise.
func toNumber(v any) (any, bool) {
	switch x := norm(v).(type) {
	case int64, float64:
		return x, true
	case string, []byte:
		s := strings.TrimSpace(textOf(x))
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, true
		}
		if f, ok := parseFloatText(s); ok {
			return f, true
		}
	}
	return nil, false
}

func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// toStr converts v to Spark's string form: integers in decimal, doubles as
// Java prints them, binary as its bytes.
func toStr(v any) (string, bool) {
	switch x := norm(v).(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return javaDouble(x), true
	}
	return "", false
}

// toBytes converts v to binary: a string's UTF-8 bytes.
func toBytes(v any) ([]byte, bool) {
	switch x := norm(v).(type) {
	case []byte:
		return x, true
	case nil:
		return nil, false
	}
	s, ok := toStr(v)
	return []byte(s), ok
}

// toBool converts v as Spark's cast to BOOLEAN does.
func toBool(v any) (bool, bool) {
	switch x := norm(v).(type) {
	case int64:
		return x != 0, true
	case float64:
		if math.IsNaN(x) {
			return false, false
		}
		return x != 0, true
	case string, []byte:
		switch strings.ToLower(strings.TrimSpace(textOf(x))) {
		case "t", "true", "y", "yes", "1":
			return true, true
		case "f", "false", "n", "no", "0":
			return false, true
		}
	}
	return false, false
}

func boolVal(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// javaDouble prints f as Java's Double.toString does (and so Spark when it
// casts a double to a string): at least one fractional digit, scientific
// notation outside [1e-3, 1e7).
func javaDouble(f float64) string { return javaFloat(f, 64) }

// javaFloat is javaDouble for a double (bitSize 64) or, as Java's
// Float.toString, a float (32).
func javaFloat(f float64, bitSize int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	neg, digits, exp := shortestDigitsN(f, bitSize)
	var sb strings.Builder
	if neg {
		sb.WriteByte('-')
	}
	a := math.Abs(f)
	if a >= 1e-3 && a < 1e7 {
		// plain notation: exp is the position of the decimal point.
		if exp <= 0 {
			sb.WriteString("0.")
			sb.WriteString(strings.Repeat("0", -exp))
			sb.WriteString(digits)
		} else if exp >= len(digits) {
			sb.WriteString(digits)
			sb.WriteString(strings.Repeat("0", exp-len(digits)))
			sb.WriteString(".0")
		} else {
			sb.WriteString(digits[:exp])
			sb.WriteByte('.')
			sb.WriteString(digits[exp:])
		}
		return sb.String()
	}
	sb.WriteByte(digits[0])
	sb.WriteByte('.')
	if len(digits) > 1 {
		sb.WriteString(digits[1:])
	} else {
		sb.WriteByte('0')
	}
	sb.WriteByte('E')
	sb.WriteString(strconv.Itoa(exp - 1))
	return sb.String()
}

// shortestDigits gives the shortest decimal digits that read back as f
// (finite, non-zero) and the position of the decimal point: f = 0.digits ×
// 10^exp.
func shortestDigits(f float64) (neg bool, digits string, exp int) {
	return shortestDigitsN(f, 64)
}

func shortestDigitsN(f float64, bitSize int) (neg bool, digits string, exp int) {
	s := strconv.FormatFloat(f, 'e', -1, bitSize)
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	mant, e, _ := strings.Cut(s, "e")
	n, _ := strconv.Atoi(e)
	digits = strings.Replace(mant, ".", "", 1)
	return neg, digits, n + 1
}

// dec is a decimal number: 0.d × 10^exp, d without leading zeros (empty
// for zero). It carries the rounding Spark does on decimals, applied to
// the shortest decimal form of a double (as Spark's BigDecimal(double)).
type dec struct {
	neg bool
	d   string
	exp int
}

func decFromFloat(f float64) dec {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return dec{}
	}
	neg, digits, exp := shortestDigits(f)
	return dec{neg: neg, d: strings.TrimRight(digits, "0"), exp: exp}.trim()
}

func decFromInt(i int64) dec {
	if i == 0 {
		return dec{}
	}
	s := strconv.FormatInt(i, 10)
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	return dec{neg: neg, d: s, exp: len(s)}.trim()
}

func (x dec) trim() dec {
	x.d = strings.TrimRight(x.d, "0")
	for len(x.d) > 0 && x.d[0] == '0' {
		x.d = x.d[1:]
		x.exp--
	}
	if x.d == "" {
		return dec{}
	}
	return x
}

type roundMode int

const (
	halfUp roundMode = iota
	halfEven
	ceilMode
	floorMode
	downMode
)

// round rounds x to scale fractional digits (scale may be negative).
func (x dec) round(scale int, mode roundMode) dec {
	if x.d == "" {
		return x
	}
	keep := x.exp + scale // digits of d kept
	if keep >= len(x.d) {
		return x
	}
	var kept string
	var dropped string
	if keep > 0 {
		kept, dropped = x.d[:keep], x.d[keep:]
	} else {
		kept = ""
		dropped = strings.Repeat("0", -keep) + x.d
	}
	up := false
	nonzero := strings.Trim(dropped, "0") != ""
	switch mode {
	case halfUp:
		up = dropped[0] >= '5'
	case halfEven:
		if dropped[0] > '5' || (dropped[0] == '5' && strings.Trim(dropped[1:], "0") != "") {
			up = true
		} else if dropped[0] == '5' {
			last := byte('0')
			if kept != "" {
				last = kept[len(kept)-1]
			}
			up = (last-'0')%2 == 1
		}
	case ceilMode:
		up = nonzero && !x.neg
	case floorMode:
		up = nonzero && x.neg
	case downMode:
		up = false
	}
	if keep < 0 {
		keep = 0
	}
	if !up {
		return dec{neg: x.neg, d: kept, exp: x.exp}.trim()
	}
	if kept == "" {
		// the unit at the last kept position: 10^-scale
		return dec{neg: x.neg, d: "1", exp: -scale + 1}
	}
	b := []byte(kept)
	i := len(b) - 1
	for ; i >= 0; i-- {
		if b[i] == '9' {
			b[i] = '0'
			continue
		}
		b[i]++
		break
	}
	exp := x.exp
	if i < 0 {
		b = append([]byte{'1'}, b...)
		exp++
	}
	return dec{neg: x.neg, d: string(b), exp: exp}.trim()
}

// plain prints x with exactly scale fractional digits (scale >= 0).
func (x dec) plain(scale int) string {
	var sb strings.Builder
	if x.neg && x.d != "" {
		sb.WriteByte('-')
	}
	intPart := "0"
	if x.exp > 0 {
		if x.exp >= len(x.d) {
			intPart = x.d + strings.Repeat("0", x.exp-len(x.d))
		} else {
			intPart = x.d[:x.exp]
		}
	}
	sb.WriteString(intPart)
	if scale > 0 {
		sb.WriteByte('.')
		var frac string
		if x.exp >= 0 {
			if x.exp < len(x.d) {
				frac = x.d[x.exp:]
			}
		} else {
			frac = strings.Repeat("0", -x.exp) + x.d
		}
		if len(frac) > scale {
			frac = frac[:scale]
		}
		sb.WriteString(frac)
		sb.WriteString(strings.Repeat("0", scale-len(frac)))
	}
	return sb.String()
}

func (x dec) float() float64 {
	if x.d == "" {
		return 0
	}
	s := "0." + x.d + "e" + strconv.Itoa(x.exp)
	if x.neg {
		s = "-" + s
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// intDigits is the number of digits before the decimal point.
func (x dec) intDigits() int {
	if x.exp < 0 {
		return 0
	}
	return x.exp
}

// ---- JSON values ----
//
// A JSON value in Go: nil (null), bool, jnum (a number, as its text),
// string, []any (an array) or *jobj (an object, fields in order).

type jnum string

type jobj struct {
	keys []string
	vals []any
	// idx finds a key's first position once the object is large; keys
	// appended directly (o.keys = append(...)) are indexed when next
	// looked for, from indexed on.
	idx     map[string]int
	indexed int
}

// smallObject is the size up to which a key is looked for by a scan.
const smallObject = 16

func (o *jobj) find(k string) int {
	if len(o.keys) <= smallObject {
		for i, key := range o.keys {
			if key == k {
				return i
			}
		}
		return -1
	}
	if o.idx == nil {
		o.idx = make(map[string]int, len(o.keys))
	}
	for ; o.indexed < len(o.keys); o.indexed++ {
		if _, seen := o.idx[o.keys[o.indexed]]; !seen {
			o.idx[o.keys[o.indexed]] = o.indexed
		}
	}
	if i, ok := o.idx[k]; ok {
		return i
	}
	return -1
}

func (o *jobj) get(k string) (any, bool) {
	if i := o.find(k); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

// set replaces the value of k where it is, or appends k.
func (o *jobj) set(k string, v any) {
	if i := o.find(k); i >= 0 {
		o.vals[i] = v
		return
	}
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
}

var errJSON = errors.New("malformed JSON")

type jsonParser struct {
	s string
	i int
}

// parseJSON parses one JSON value filling the whole of s (surrounding white
// space allowed).
func parseJSON(s string) (any, error) {
	p := &jsonParser{s: s}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, errJSON
	}
	return v, nil
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errJSON
	}
	p.ws()
	if p.i >= len(p.s) {
		return nil, errJSON
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		o := &jobj{}
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return o, nil
		}
		for {
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				return nil, errJSON
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, errJSON
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			o.keys = append(o.keys, k)
			o.vals = append(o.vals, v)
			p.ws()
			if p.i >= len(p.s) {
				return nil, errJSON
			}
			if p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.s[p.i] == '}' {
				p.i++
				return o, nil
			}
			return nil, errJSON
		}
	case c == '[':
		p.i++
		arr := []any{}
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return arr, nil
		}
		for {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
			p.ws()
			if p.i >= len(p.s) {
				return nil, errJSON
			}
			if p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.s[p.i] == ']' {
				p.i++
				return arr, nil
			}
			return nil, errJSON
		}
	case c == '"':
		return p.str()
	case c == 't':
		return p.lit("true", true)
	case c == 'f':
		return p.lit("false", false)
	case c == 'n':
		return p.lit("null", nil)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.num()
	}
	return nil, errJSON
}

func (p *jsonParser) lit(word string, v any) (any, error) {
	if strings.HasPrefix(p.s[p.i:], word) {
		p.i += len(word)
		return v, nil
	}
	return nil, errJSON
}

func (p *jsonParser) num() (any, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	intStart := p.i
	n := digits()
	if n == 0 || (n > 1 && p.s[intStart] == '0') {
		return nil, errJSON
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, errJSON
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, errJSON
		}
	}
	return jnum(p.s[start:p.i]), nil
}

func (p *jsonParser) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	// fast path: no escapes
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			return s, nil
		}
		if c == '\\' {
			break
		}
		p.i++
	}
	var sb strings.Builder
	sb.WriteString(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch c {
		case '"':
			p.i++
			return sb.String(), nil
		case '\\':
			p.i++
			if p.i >= len(p.s) {
				return "", errJSON
			}
			e := p.s[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				sb.WriteByte(e)
			case 'b':
				sb.WriteByte('\b')
			case 'f':
				sb.WriteByte('\f')
			case 'n':
				sb.WriteByte('\n')
			case 'r':
				sb.WriteByte('\r')
			case 't':
				sb.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", errJSON
				}
				if r >= 0xD800 && r < 0xDC00 && strings.HasPrefix(p.s[p.i:], "\\u") {
					save := p.i
					p.i += 2
					r2, ok := p.hex4()
					if ok && r2 >= 0xDC00 && r2 < 0xE000 {
						r = (r-0xD800)<<10 + (r2 - 0xDC00) + 0x10000
					} else {
						p.i = save
					}
				}
				sb.WriteRune(r)
			default:
				return "", errJSON
			}
		default:
			sb.WriteByte(c)
			p.i++
		}
	}
	return "", errJSON
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}

// writeJSON writes v compactly, strings escaped as Jackson does (only
// quotes, backslashes and control characters).
func writeJSON(sb *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		sb.WriteString("null")
	case bool:
		if x {
			sb.WriteString("true")
		} else {
			sb.WriteString("false")
		}
	case jnum:
		sb.WriteString(string(x))
	case string:
		writeJSONString(sb, x)
	case []any:
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteByte(',')
			}
			writeJSON(sb, e)
		}
		sb.WriteByte(']')
	case *jobj:
		sb.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			writeJSONString(sb, k)
			sb.WriteByte(':')
			writeJSON(sb, x.vals[i])
		}
		sb.WriteByte('}')
	default:
		sb.WriteString("null")
	}
}

const hexDigits = "0123456789abcdef"

func writeJSONString(sb *strings.Builder, s string) {
	sb.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				sb.WriteString(`\"`)
			case c == '\\':
				sb.WriteString(`\\`)
			case c == '\n':
				sb.WriteString(`\n`)
			case c == '\r':
				sb.WriteString(`\r`)
			case c == '\t':
				sb.WriteString(`\t`)
			case c == '\b':
				sb.WriteString(`\b`)
			case c == '\f':
				sb.WriteString(`\f`)
			case c < 0x20:
				sb.WriteString(`\u00`)
				sb.WriteByte(hexDigits[c>>4])
				sb.WriteByte(hexDigits[c&0xF])
			default:
				sb.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			sb.WriteString("\uFFFD")
		} else {
			sb.WriteString(s[i : i+size])
		}
		i += size
	}
	sb.WriteByte('"')
}

// jsonText is v as compact JSON text.
func jsonText(v any) string {
	var sb strings.Builder
	writeJSON(&sb, v)
	return sb.String()
}

// jsonResult is v as compact JSON text, or NULL when that is too long.
func jsonResult(v any) any {
	s := jsonText(v)
	if len(s) > maxLen {
		return nil
	}
	return s
}

// floatJSON is a double as a JSON value: a number as Java prints it, and
// NaN and the infinities, which JSON lacks, as strings (as Jackson does).
func floatJSON(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return javaDouble(f)
	}
	return jnum(javaDouble(f))
}

// asElem turns a SQLite value into a JSON value to store in an array, map
// or struct. A text value that is itself a JSON array or object is taken
// to be a nested collection (SQLite cannot tell a collection's text from a
// string: see the package comment).
func asElem(v any) any {
	switch x := norm(v).(type) {
	case nil:
		return nil
	case int64:
		return jnum(strconv.FormatInt(x, 10))
	case float64:
		return floatJSON(x)
	case string:
		if n := len(x); n >= 2 && ((x[0] == '[' && x[n-1] == ']') || (x[0] == '{' && x[n-1] == '}')) {
			if j, err := parseJSON(x); err == nil {
				return j
			}
		}
		return x
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	}
	return nil
}

// toSQL turns a JSON value into the SQLite value a function returns:
// integers as int64, other numbers as float64, booleans as 0/1, strings as
// they are, nested arrays and objects as JSON text, null as NULL.
func toSQL(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		return boolVal(x)
	case jnum:
		return numSQL(x)
	case string:
		return x
	case []any, *jobj:
		return jsonResult(x)
	}
	return nil
}

func numSQL(n jnum) any {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if !errors.As(err, &ne) || ne.Err != strconv.ErrRange {
			return nil
		}
	}
	return f
}

// parseJSONArg parses a text argument as JSON.
func parseJSONArg(v any) (any, bool) {
	switch x := norm(v).(type) {
	case string:
		j, err := parseJSON(x)
		return j, err == nil
	case []byte:
		j, err := parseJSON(string(x))
		return j, err == nil
	}
	return nil, false
}

// arrayArg parses an ARRAY argument (JSON array text).
func arrayArg(v any) ([]any, bool) {
	j, ok := parseJSONArg(v)
	if !ok {
		return nil, false
	}
	a, ok := j.([]any)
	return a, ok
}

// objectArg parses a MAP or STRUCT argument (JSON object text).
func objectArg(v any) (*jobj, bool) {
	j, ok := parseJSONArg(v)
	if !ok {
		return nil, false
	}
	o, ok := j.(*jobj)
	return o, ok
}

// keyText is a map key as the text the JSON object holds.
func keyText(v any) (string, bool) {
	switch x := norm(v).(type) {
	case nil:
		return "", false
	case string:
		return x, true
	}
	return toStr(v)
}

// elemText is an element as a string (array_join, concat_ws): strings as
// they are, numbers as Spark prints them, nested values as JSON.
func elemText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	case jnum:
		switch n := numSQL(x).(type) {
		case int64:
			return strconv.FormatInt(n, 10), true
		case float64:
			return javaDouble(n), true
		}
		return string(x), true
	}
	return jsonText(v), true
}

// canon is a key equal for equal JSON values (numbers compared by value).
func canon(v any) string {
	var sb strings.Builder
	writeCanon(&sb, v)
	return sb.String()
}

func writeCanon(sb *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		sb.WriteString("z")
	case bool:
		if x {
			sb.WriteString("b1")
		} else {
			sb.WriteString("b0")
		}
	case jnum:
		sb.WriteByte('n')
		switch n := numSQL(x).(type) {
		case int64:
			sb.WriteString(strconv.FormatInt(n, 10))
		case float64:
			if n == math.Trunc(n) && math.Abs(n) < 1<<63 {
				sb.WriteString(strconv.FormatInt(int64(n), 10))
			} else {
				sb.WriteString(strconv.FormatFloat(n, 'g', -1, 64))
			}
		}
	case string:
		sb.WriteByte('s')
		sb.WriteString(strconv.Itoa(len(x)))
		sb.WriteByte(':')
		sb.WriteString(x)
	case []any:
		sb.WriteByte('[')
		for _, e := range x {
			writeCanon(sb, e)
			sb.WriteByte(',')
		}
		sb.WriteByte(']')
	case *jobj:
		sb.WriteByte('{')
		for i, k := range x.keys {
			writeCanon(sb, k)
			sb.WriteByte(':')
			writeCanon(sb, x.vals[i])
			sb.WriteByte(',')
		}
		sb.WriteByte('}')
	}
}

func jrank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case bool:
		return 1
	case jnum:
		return 2
	case string:
		return 3
	case []any:
		return 4
	case *jobj:
		return 5
	}
	return 6
}

// cmpJSON orders JSON values as Spark orders the values they stand for:
// numbers by value, strings by their bytes, arrays and structs element by
// element; values of different kinds by kind.
func cmpJSON(a, b any) int {
	ra, rb := jrank(a), jrank(b)
	if ra != rb {
		return cmpInt(int64(ra), int64(rb))
	}
	switch x := a.(type) {
	case bool:
		return cmpInt(boolVal(x), boolVal(b.(bool)))
	case jnum:
		return cmpNum(numSQL(x), numSQL(b.(jnum)))
	case string:
		return strings.Compare(x, b.(string))
	case []any:
		y := b.([]any)
		for i := 0; i < len(x) && i < len(y); i++ {
			if c := cmpJSON(x[i], y[i]); c != 0 {
				return c
			}
		}
		return cmpInt(int64(len(x)), int64(len(y)))
	case *jobj:
		y := b.(*jobj)
		for i := 0; i < len(x.vals) && i < len(y.vals); i++ {
			if c := cmpJSON(x.vals[i], y.vals[i]); c != 0 {
				return c
			}
		}
		return cmpInt(int64(len(x.vals)), int64(len(y.vals)))
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpNum compares two numbers (int64 or float64); NaN is the largest, as
// Spark orders doubles.
func cmpNum(a, b any) int {
	ai, aInt := a.(int64)
	bi, bInt := b.(int64)
	if aInt && bInt {
		return cmpInt(ai, bi)
	}
	af, _ := toFloat(a)
	bf, _ := toFloat(b)
	an, bn := math.IsNaN(af), math.IsNaN(bf)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case af < bf:
		return -1
	case af > bf:
		return 1
	}
	return 0
}
