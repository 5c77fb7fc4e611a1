package functions

import (
	"encoding/binary"
	"math"
	"math/bits"
	mrand "math/rand/v2"
	"strconv"
	"strings"
)

func mathFuncs(st *connState) []scalar {
	d1 := func(f func(float64) any) func([]any) (any, error) {
		return strictNull(fn1(func(v any) any {
			x, ok := toFloat(v)
			if !ok {
				return nil
			}
			return f(x)
		}))
	}
	d2 := func(f func(a, b float64) any) func([]any) (any, error) {
		return strictNull(fn2(func(a, b any) any {
			x, ok1 := toFloat(a)
			y, ok2 := toFloat(b)
			if !ok1 || !ok2 {
				return nil
			}
			return f(x, y)
		}))
	}
	pos := func(f func(float64) float64) func(float64) any {
		return func(x float64) any {
			if x <= 0 {
				return nil
			}
			return f(x)
		}
	}
	return []scalar{
		{"castable", 2, 2, strictNull(fn2(castable)), true},
		{"truncate", 1, 2, strictNull(fnN(truncateFunc)), true},
		{"gcd", 2, 2, strictNull(fn2(gcdFunc)), true},
		{"lcm", 2, 2, strictNull(fn2(lcmFunc)), true},
		{"acos", 1, 1, d1(func(x float64) any { return math.Acos(x) }), true},
		{"acosh", 1, 1, d1(func(x float64) any { return math.Log(x + math.Sqrt(x*x-1)) }), true},
		{"asin", 1, 1, d1(func(x float64) any { return math.Asin(x) }), true},
		{"asinh", 1, 1, d1(func(x float64) any {
			if math.IsInf(x, -1) {
				return x
			}
			return math.Log(x + math.Sqrt(x*x+1))
		}), true},
		{"atan", 1, 1, d1(func(x float64) any { return math.Atan(x) }), true},
		{"atan2", 2, 2, d2(func(y, x float64) any { return math.Atan2(y+0.0, x+0.0) }), true},
		{"atanh", 1, 1, d1(func(x float64) any { return 0.5 * (math.Log1p(x) - math.Log1p(-x)) }), true},
		{"cbrt", 1, 1, d1(func(x float64) any { return math.Cbrt(x) }), true},
		{"ceil", 1, 2, strictNull(fnN(func(a []any) any { return ceilFloor(a, ceilMode) })), true},
		{"ceiling", 1, 2, strictNull(fnN(func(a []any) any { return ceilFloor(a, ceilMode) })), true},
		{"floor", 1, 2, strictNull(fnN(func(a []any) any { return ceilFloor(a, floorMode) })), true},
		{"cos", 1, 1, d1(func(x float64) any { return math.Cos(x) }), true},
		{"cosh", 1, 1, d1(func(x float64) any { return math.Cosh(x) }), true},
		{"cot", 1, 1, d1(func(x float64) any { return 1 / javaTan(x) }), true},
		{"csc", 1, 1, d1(func(x float64) any { return 1 / math.Sin(x) }), true},
		{"sec", 1, 1, d1(func(x float64) any { return 1 / math.Cos(x) }), true},
		{"degrees", 1, 1, d1(func(x float64) any { return x * 57.29577951308232 }), true},
		{"radians", 1, 1, d1(func(x float64) any { return x * 0.017453292519943295 }), true},
		{"exp", 1, 1, d1(func(x float64) any { return math.Exp(x) }), true},
		{"expm1", 1, 1, d1(func(x float64) any { return math.Expm1(x) }), true},
		{"factorial", 1, 1, strictNull(fn1(factorial)), true},
		{"hypot", 2, 2, d2(func(a, b float64) any { return math.Hypot(a, b) }), true},
		{"ln", 1, 1, d1(pos(math.Log)), true},
		{"log", 1, 2, strictNull(fnN(logFunc)), true},
		{"log10", 1, 1, d1(pos(math.Log10)), true},
		{"log1p", 1, 1, d1(func(x float64) any {
			if x <= -1 {
				return nil
			}
			return math.Log1p(x)
		}), true},
		{"log2", 1, 1, d1(pos(math.Log2)), true},
		{"pmod", 2, 2, strictNull(fn2(pmod)), true},
		{"pow", 2, 2, d2(func(a, b float64) any { return math.Pow(a, b) }), true},
		{"power", 2, 2, d2(func(a, b float64) any { return math.Pow(a, b) }), true},
		{"rint", 1, 1, d1(func(x float64) any { return math.RoundToEven(x) }), true},
		{"round", 1, 2, strictNull(fnN(func(a []any) any { return roundFunc(a, halfUp) })), true},
		{"bround", 1, 2, strictNull(fnN(func(a []any) any { return roundFunc(a, halfEven) })), true},
		{"sign", 1, 1, d1(signum), true},
		{"signum", 1, 1, d1(signum), true},
		{"sin", 1, 1, d1(func(x float64) any { return math.Sin(x) }), true},
		{"sinh", 1, 1, d1(func(x float64) any { return math.Sinh(x) }), true},
		{"sqrt", 1, 1, d1(func(x float64) any { return math.Sqrt(x) }), true},
		{"tan", 1, 1, d1(func(x float64) any { return javaTan(x) }), true},
		{"tanh", 1, 1, d1(func(x float64) any { return math.Tanh(x) }), true},
		{"width_bucket", 4, 4, strictNull(fnN(widthBucket)), true},
		{"rand", 0, 1, fnN(func(a []any) any { return st.random(a, false) }), false},
		{"random", 0, 1, fnN(func(a []any) any { return st.random(a, false) }), false},
		{"randn", 0, 1, fnN(func(a []any) any { return st.random(a, true) }), false},
		{"e", 0, 0, fn0(func() any { return math.E }), true},
		{"pi", 0, 0, fn0(func() any { return math.Pi }), true},
		{"greatest", 2, -1, fnN(func(a []any) any { return extreme(a, 1) }), true},
		{"least", 2, -1, fnN(func(a []any) any { return extreme(a, -1) }), true},
		{"isnan", 1, 1, fn1(isnan), true},
		{"nanvl", 2, 2, strictNull(fn2(nanvl)), true},
		{"shiftleft", 2, 2, strictNull(fn2(func(a, b any) any { return shift(a, b, 'l') })), true},
		{"shiftright", 2, 2, strictNull(fn2(func(a, b any) any { return shift(a, b, 'r') })), true},
		{"shiftrightunsigned", 2, 2, strictNull(fn2(func(a, b any) any { return shift(a, b, 'u') })), true},
		{"bit_count", 1, 1, strictNull(fn1(bitCount)), true},
		{"bit_get", 2, 2, strictNull(fn2(bitGet)), true},
		{"getbit", 2, 2, strictNull(fn2(bitGet)), true},
		{"negative", 1, 1, strictNull(fn1(negative)), true},
		{"positive", 1, 1, strictNull(fn1(positive)), true},
		{"try_divide", 2, 2, strictNull(fn2(tryDivide)), true},
		{"try_add", 2, 2, strictNull(fn2(func(a, b any) any { return tryArith(a, b, '+') })), true},
		{"try_subtract", 2, 2, strictNull(fn2(func(a, b any) any { return tryArith(a, b, '-') })), true},
		{"try_multiply", 2, 2, strictNull(fn2(func(a, b any) any { return tryArith(a, b, '*') })), true},
		{"div", 2, 2, strictNull(fn2(divFunc)), true},
		{"mod", 2, 2, strictNull(fn2(modFunc)), true},
		{"bin", 1, 1, strictNull(fn1(binFunc)), true},
		{"conv", 3, 3, strictNull(fn3(conv)), true},
	}
}

func signum(x float64) any {
	switch {
	case math.IsNaN(x):
		return x
	case x > 0:
		return 1.0
	case x < 0:
		return -1.0
	}
	return 0.0
}

func factorial(v any) any {
	n, ok := toInt(v)
	if !ok || n < 0 || n > 20 {
		return nil
	}
	r := int64(1)
	for i := int64(2); i <= n; i++ {
		r *= i
	}
	return r
}

// logFunc is log(x) (natural) or log(base, x); NULL for a non-positive
// argument, as Spark's Logarithm.
func logFunc(args []any) any {
	if len(args) == 1 {
		x, ok := toFloat(args[0])
		if !ok || x <= 0 {
			return nil
		}
		return math.Log(x)
	}
	b, ok1 := toFloat(args[0])
	x, ok2 := toFloat(args[1])
	if !ok1 || !ok2 || b <= 0 || x <= 0 {
		return nil
	}
	return math.Log(x) / math.Log(b)
}

// numArgs converts two numeric arguments: both int64, or both float64.
func numArgs(a, b any) (x, y any, ok bool) {
	x, ok1 := toNumber(a)
	y, ok2 := toNumber(b)
	if !ok1 || !ok2 {
		return nil, nil, false
	}
	_, xi := x.(int64)
	_, yi := y.(int64)
	if xi && yi {
		return x, y, true
	}
	xf, _ := toFloat(x)
	yf, _ := toFloat(y)
	return xf, yf, true
}

func pmod(a, b any) any {
	x, y, ok := numArgs(a, b)
	if !ok {
		return nil
	}
	if xi, isInt := x.(int64); isInt {
		n := y.(int64)
		if n == 0 {
			return nil
		}
		if n == -1 {
			return int64(0)
		}
		r := xi % n
		if r < 0 {
			r = (r + n) % n
		}
		return r
	}
	xf, n := x.(float64), y.(float64)
	if n == 0 {
		return nil
	}
	r := math.Mod(xf, n)
	if r < 0 {
		r = math.Mod(r+n, n)
	}
	return r
}

func modFunc(a, b any) any {
	x, y, ok := numArgs(a, b)
	if !ok {
		return nil
	}
	if xi, isInt := x.(int64); isInt {
		n := y.(int64)
		if n == 0 {
			return nil
		}
		if n == -1 {
			return int64(0)
		}
		return xi % n
	}
	if y.(float64) == 0 {
		return nil
	}
	// through decimals, as Spark computes a decimal remainder (2 % 1.8 is
	// 0.2, not 0.19999999999999996)
	r := math.Mod(x.(float64), y.(float64))
	return shortRound(r, x.(float64), y.(float64))
}

// shortRound rounds r to the number of fractional digits of the decimals
// a and b are printed as, so that decimal arithmetic done in doubles gives
// the decimal result.
func shortRound(r, a, b float64) float64 {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return r
	}
	scale := max(fracDigits(a), fracDigits(b))
	if scale > 15 {
		return r
	}
	return decFromFloat(r).round(scale, halfUp).float()
}

func fracDigits(f float64) int {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	d := decFromFloat(f)
	n := len(d.d) - d.exp
	if n < 0 {
		return 0
	}
	return n
}

func divFunc(a, b any) any {
	x, y, ok := numArgs(a, b)
	if !ok {
		return nil
	}
	if xi, isInt := x.(int64); isInt {
		n := y.(int64)
		if n == 0 {
			return nil
		}
		if n == -1 {
			return -xi
		}
		return xi / n
	}
	if y.(float64) == 0 {
		return nil
	}
	q, ok := floatToInt(math.Trunc(x.(float64) / y.(float64)))
	if !ok {
		return nil
	}
	return q
}

func tryDivide(a, b any) any {
	x, ok1 := toFloat(a)
	y, ok2 := toFloat(b)
	if !ok1 || !ok2 || y == 0 {
		return nil
	}
	return x / y
}

// tryArith is try_add, try_subtract and try_multiply: NULL when a long
// overflows. try_add(date, n) and try_subtract(date, n) add days.
func tryArith(a, b any, op byte) any {
	if s, isStr := a.(string); isStr && op != '*' {
		if _, isNum := toNumber(s); !isNum {
			days, ok := parseDateArg(s)
			n, ok2 := toInt(b)
			if !ok || !ok2 {
				return nil
			}
			if op == '-' {
				n = -n
			}
			return dateResult(days + n)
		}
	}
	x, y, ok := numArgs(a, b)
	if !ok {
		return nil
	}
	if xi, isInt := x.(int64); isInt {
		yi := y.(int64)
		switch op {
		case '+':
			r := xi + yi
			if (xi > 0 && yi > 0 && r < 0) || (xi < 0 && yi < 0 && r >= 0) {
				return nil
			}
			return r
		case '-':
			r := xi - yi
			if (xi >= 0 && yi < 0 && r < 0) || (xi < 0 && yi > 0 && r >= 0) {
				return nil
			}
			return r
		default:
			hi, lo := bits.Mul64(absU(xi), absU(yi))
			neg := (xi < 0) != (yi < 0)
			if hi != 0 || (!neg && lo > math.MaxInt64) || (neg && lo > 1<<63) {
				return nil
			}
			if neg {
				return int64(-lo)
			}
			return int64(lo)
		}
	}
	xf, yf := x.(float64), y.(float64)
	switch op {
	case '+':
		return shortRound(xf+yf, xf, yf)
	case '-':
		return shortRound(xf-yf, xf, yf)
	}
	return xf * yf
}

// ceilFloor is ceil/floor(x[, scale]): a BIGINT without a scale (or with
// one that is not positive), a double rounded to the scale otherwise.
func ceilFloor(args []any, mode roundMode) any {
	n, ok := toNumber(args[0])
	if !ok {
		return nil
	}
	scale := int64(0)
	if len(args) > 1 {
		if scale, ok = toInt(args[1]); !ok {
			return nil
		}
	}
	if i, isInt := n.(int64); isInt {
		if scale >= 0 {
			return i
		}
		if scale < -18 {
			return int64(0)
		}
		r := decFromInt(i).round(int(scale), mode)
		f, _ := floatToInt(r.float())
		return f
	}
	x := n.(float64)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		if len(args) == 1 {
			v, _ := floatToInt(x)
			return v
		}
		return x
	}
	if len(args) == 1 {
		if mode == ceilMode {
			v, _ := floatToInt(math.Ceil(x))
			return v
		}
		v, _ := floatToInt(math.Floor(x))
		return v
	}
	if scale > 400 {
		return x
	}
	if scale < -400 {
		return int64(0)
	}
	r := decFromFloat(x).round(int(scale), mode)
	if scale <= 0 {
		if v, ok := floatToInt(r.float()); ok && math.Abs(r.float()) < 1<<63 {
			return v
		}
	}
	return r.float()
}

// roundFunc is round (HALF_UP) and bround (HALF_EVEN): on the decimal the
// double prints as, as Spark does; an integer stays an integer.
func roundFunc(args []any, mode roundMode) any {
	n, ok := toNumber(args[0])
	if !ok {
		return nil
	}
	scale := int64(0)
	if len(args) > 1 {
		if scale, ok = toInt(args[1]); !ok {
			return nil
		}
	}
	if i, isInt := n.(int64); isInt {
		if scale >= 0 {
			return i
		}
		if scale < -19 {
			return int64(0)
		}
		r := decFromInt(i).round(int(scale), mode)
		s := r.plain(0)
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil
		}
		return v
	}
	x := n.(float64)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	if scale > 400 {
		return x
	}
	if scale < -400 {
		return 0.0
	}
	return decFromFloat(x).round(int(scale), mode).float()
}

// widthBucket is Spark's WidthBucket.computeBucketNumberNotNull.
func widthBucket(args []any) any {
	v, ok1 := toFloat(args[0])
	lo, ok2 := toFloat(args[1])
	hi, ok3 := toFloat(args[2])
	n, ok4 := toInt(args[3])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil
	}
	if n <= 0 || n == math.MaxInt64 || lo == hi || math.IsNaN(v) || math.IsNaN(lo) || math.IsNaN(hi) ||
		math.IsInf(v, 0) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	lower, upper := math.Min(lo, hi), math.Max(lo, hi)
	if lo < hi {
		switch {
		case v < lower:
			return int64(0)
		case v >= upper:
			return n + 1
		}
		return int64(float64(n)*(v-lower)/(upper-lower)) + 1
	}
	switch {
	case v > upper:
		return int64(0)
	case v <= lower:
		return n + 1
	}
	return int64(float64(n)*(upper-v)/(upper-lower)) + 1
}

// extreme is greatest (sign 1) and least (-1): NULLs skipped, NULL only when
// all are. Numbers compare as numbers (a double among them makes the result
// a double); when any argument is text, all compare as text (tableacl
// choice: Spark would coerce them to a common type first).
func extreme(args []any, sign int) any {
	allNum, anyFloat := true, false
	var vals []any
	for _, a := range args {
		switch a.(type) {
		case nil:
			continue
		case int64:
		case float64:
			anyFloat = true
		default:
			allNum = false
		}
		vals = append(vals, a)
	}
	if len(vals) == 0 {
		return nil
	}
	best := vals[0]
	for _, v := range vals[1:] {
		var c int
		if allNum {
			c = cmpNum(v, best)
		} else {
			x, _ := toStr(v)
			y, _ := toStr(best)
			c = strings.Compare(x, y)
		}
		if c*sign > 0 {
			best = v
		}
	}
	if allNum && anyFloat {
		f, _ := toFloat(best)
		return f
	}
	return best
}

// isnan is false for NULL, as Spark's IsNaN.
func isnan(v any) any {
	f, ok := v.(float64)
	if !ok {
		if s, isStr := v.(string); isStr {
			f, ok = parseFloatText(s)
		}
	}
	return boolVal(ok && math.IsNaN(f))
}

func nanvl(a, b any) any {
	if f, ok := toFloat(a); ok && math.IsNaN(f) {
		if g, ok := toFloat(b); ok {
			return g
		}
		return nil
	}
	return a
}

// shift is shiftleft, shiftright and shiftrightunsigned on a long; the
// shift count is taken modulo 64, as Java does.
func shift(a, b any, kind byte) any {
	x, ok1 := toInt(a)
	n, ok2 := toInt(b)
	if !ok1 || !ok2 {
		return nil
	}
	s := uint(n & 63)
	switch kind {
	case 'l':
		return x << s
	case 'r':
		return x >> s
	}
	return int64(uint64(x) >> s)
}

func bitCount(v any) any {
	if b, ok := toBool(v); ok {
		if _, isInt := v.(int64); !isInt {
			return boolVal(b)
		}
	}
	x, ok := toInt(v)
	if !ok {
		return nil
	}
	return int64(bits.OnesCount64(uint64(x)))
}

func bitGet(a, b any) any {
	x, ok1 := toInt(a)
	p, ok2 := toInt(b)
	if !ok1 || !ok2 || p < 0 || p >= 64 {
		return nil
	}
	return (x >> uint(p)) & 1
}

func negative(v any) any {
	n, ok := toNumber(v)
	if !ok {
		return nil
	}
	switch x := n.(type) {
	case int64:
		return -x
	case float64:
		return -x
	}
	return nil
}

func positive(v any) any {
	n, ok := toNumber(v)
	if !ok {
		return nil
	}
	return n
}

// binFunc is Long.toBinaryString.
func binFunc(v any) any {
	n, ok := toInt(v)
	if !ok {
		return nil
	}
	return strconv.FormatUint(uint64(n), 2)
}

// conv is Spark's NumberConverter.convert (borrowed from Hive): digits in
// fromBase are read up to the first invalid one, through an unsigned
// 64-bit value (-1 on overflow); a negative toBase gives a signed result.
func conv(a, b, c any) any {
	s, _ := toStr(a)
	from, ok1 := toInt(b)
	to, ok2 := toInt(c)
	if !ok1 || !ok2 {
		return nil
	}
	absTo := to
	if absTo < 0 {
		absTo = -absTo
	}
	if from < 2 || from > 36 || absTo < 2 || absTo > 36 || s == "" {
		return nil
	}
	negative := s[0] == '-'
	if negative {
		s = s[1:]
	}
	radix := uint64(from)
	var v uint64
	overflow := false
	for i := 0; i < len(s); i++ {
		d := digitVal(s[i])
		if d < 0 || uint64(d) >= radix {
			break
		}
		hi, lo := bits.Mul64(v, radix)
		sum, carry := bits.Add64(lo, uint64(d), 0)
		if hi != 0 || carry != 0 {
			overflow = true
			break
		}
		v = sum
	}
	if overflow {
		v = math.MaxUint64
	}
	sv := int64(v)
	if negative && to > 0 {
		if sv < 0 {
			sv = -1
		} else {
			sv = -sv
		}
	}
	if to < 0 && sv < 0 {
		sv = -sv
		negative = true
	}
	out := strings.ToUpper(strconv.FormatUint(uint64(sv), int(absTo)))
	if negative && to < 0 {
		out = "-" + out
	}
	return out
}

func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

// ---- rand, randn ----

// sparkRandom is Spark's XORShiftRandom (a java.util.Random whose next
// is an xorshift of a Murmur3-hashed seed), so that rand(seed) and
// randn(seed) draw Spark's sequence: rand(0) first gives 0.7604953758285915.
type sparkRandom struct {
	seed         uint64
	haveGaussian bool
	nextGaussian float64
}

func newSparkRandom(seed int64) *sparkRandom {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(seed))
	const arraySeed = 0x3c074a61
	low := scalaBytesHash(b[:], arraySeed)
	high := scalaBytesHash(b[:], low)
	return &sparkRandom{seed: uint64(high)<<32 | uint64(low)&0xFFFFFFFF}
}

func (r *sparkRandom) next(n uint) int32 {
	s := r.seed
	s ^= s << 21
	s ^= s >> 35
	s ^= s << 4
	r.seed = s
	return int32(s & (1<<n - 1))
}

func (r *sparkRandom) nextDouble() float64 {
	return float64(int64(r.next(26))<<27+int64(r.next(27))) * (1.0 / (1 << 53))
}

func (r *sparkRandom) gaussian() float64 {
	if r.haveGaussian {
		r.haveGaussian = false
		return r.nextGaussian
	}
	for {
		v1 := 2*r.nextDouble() - 1
		v2 := 2*r.nextDouble() - 1
		s := v1*v1 + v2*v2
		if s < 1 && s != 0 {
			m := math.Sqrt(-2 * math.Log(s) / s)
			r.nextGaussian = v2 * m
			r.haveGaussian = true
			return v1 * m
		}
	}
}

// scalaBytesHash is Scala's MurmurHash3.bytesHash.
func scalaBytesHash(data []byte, seed uint32) uint32 {
	h := seed
	i := 0
	for ; len(data)-i >= 4; i += 4 {
		k := binary.LittleEndian.Uint32(data[i:])
		h = scalaMix(h, k)
	}
	var k uint32
	rest := len(data) - i
	if rest == 3 {
		k ^= uint32(data[i+2]) << 16
	}
	if rest >= 2 {
		k ^= uint32(data[i+1]) << 8
	}
	if rest >= 1 {
		k ^= uint32(data[i])
		h = scalaMixLast(h, k)
	}
	h ^= uint32(len(data))
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

func scalaMixLast(h, k uint32) uint32 {
	k *= 0xcc9e2d51
	k = bits.RotateLeft32(k, 15)
	k *= 0x1b873593
	return h ^ k
}

func scalaMix(h, k uint32) uint32 {
	h = scalaMixLast(h, k)
	h = bits.RotateLeft32(h, 13)
	return h*5 + 0xe6546b64
}

// random is rand/random ([0, 1)) and randn (standard normal). With a seed,
// the values continue Spark's sequence for that seed on this connection
// (each call draws the next one); without, they are unseeded.
func (st *connState) random(args []any, gaussian bool) any {
	if len(args) == 0 {
		if gaussian {
			return mrand.NormFloat64()
		}
		return mrand.Float64()
	}
	var seed int64
	if args[0] != nil {
		var ok bool
		if seed, ok = toInt(args[0]); !ok {
			return nil
		}
	}
	key := randKey{seed, gaussian}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.rands == nil {
		st.rands = map[randKey]*sparkRandom{}
	}
	r := st.rands[key]
	if r == nil {
		if len(st.rands) > 1000 {
			st.rands = map[randKey]*sparkRandom{}
		}
		r = newSparkRandom(seed)
		st.rands[key] = r
	}
	if gaussian {
		return r.gaussian()
	}
	return r.nextDouble()
}

// ---- tan as fdlibm (Java's StrictMath) computes it ----
//
// Go's math.Tan is an ulp away from Java's for some arguments (tan(1));
// cot(1) is 0.6420926159343306 in Spark only with fdlibm's kernel.

var tanT = [...]float64{
	3.33333333333334091986e-01,
	1.33333333333201242699e-01,
	5.39682539762260521377e-02,
	2.18694882948595424599e-02,
	8.86323982359930005737e-03,
	3.59207910759131235356e-03,
	1.45620945432529025516e-03,
	5.88041240820264096874e-04,
	2.46463134818469906812e-04,
	7.81794442939557092300e-05,
	7.14072491382608190305e-05,
	-1.85586374855275456654e-05,
	2.59073051863633712884e-05,
}

const (
	pio4    = 7.85398163397448278999e-01
	pio4lo  = 3.06161699786838301793e-17
	invpio2 = 6.36619772367581382433e-01
	pio2_1  = 1.57079632673412561417e+00
	pio2_1t = 6.07710050650619224932e-11
	pio2_2  = 6.07710050630396597660e-11
	pio2_2t = 2.02226624879595063154e-21
	pio2_3  = 2.02226624871116645580e-21
	pio2_3t = 8.47842766036889956997e-32
)

func hiWord(x float64) int32 { return int32(math.Float64bits(x) >> 32) }

func zeroLo(x float64) float64 { return math.Float64frombits(math.Float64bits(x) &^ 0xFFFFFFFF) }

func kernelTan(x, y float64, iy int) float64 {
	hx := hiWord(x)
	ix := hx & 0x7fffffff
	if ix < 0x3e300000 && int(x) == 0 {
		if (ix|int32(math.Float64bits(x)&0xFFFFFFFF))|int32(iy+1) == 0 {
			return 1 / math.Abs(x)
		}
		if iy == 1 {
			return x
		}
		w := x + y
		z := zeroLo(w)
		v := y - (z - x)
		a := -1 / w
		t := zeroLo(a)
		s := 1 + t*z
		return t + a*(s+t*v)
	}
	big := ix >= 0x3FE59428
	if big {
		if hx < 0 {
			x, y = -x, -y
		}
		z := pio4 - x
		w := pio4lo - y
		x = z + w
		y = 0
	}
	z := x * x
	w := z * z
	r := tanT[1] + w*(tanT[3]+w*(tanT[5]+w*(tanT[7]+w*(tanT[9]+w*tanT[11]))))
	v := z * (tanT[2] + w*(tanT[4]+w*(tanT[6]+w*(tanT[8]+w*(tanT[10]+w*tanT[12])))))
	s := z * x
	r = y + z*(s*(r+v)+y)
	r += tanT[0] * s
	w = x + r
	if big {
		v = float64(iy)
		return float64(1-((hx>>30)&2)) * (v - 2.0*(x-(w*w/(w+v)-r)))
	}
	if iy == 1 {
		return w
	}
	z = zeroLo(w)
	v = r - (z - x)
	a := -1.0 / w
	t := zeroLo(a)
	s = 1.0 + t*z
	return t + a*(s+t*v)
}

// remPio2 is fdlibm's __ieee754_rem_pio2 for |x| up to 2^19·π/2.
func remPio2(x float64) (n int, y0, y1 float64, ok bool) {
	hx := hiWord(x)
	ix := hx & 0x7fffffff
	if ix > 0x413921fb {
		return 0, 0, 0, false
	}
	if ix < 0x4002d97c {
		if hx > 0 {
			z := x - pio2_1
			if ix != 0x3ff921fb {
				y0 = z - pio2_1t
				y1 = (z - y0) - pio2_1t
			} else {
				z -= pio2_2
				y0 = z - pio2_2t
				y1 = (z - y0) - pio2_2t
			}
			return 1, y0, y1, true
		}
		z := x + pio2_1
		if ix != 0x3ff921fb {
			y0 = z + pio2_1t
			y1 = (z - y0) + pio2_1t
		} else {
			z += pio2_2
			y0 = z + pio2_2t
			y1 = (z - y0) + pio2_2t
		}
		return -1, y0, y1, true
	}
	t := math.Abs(x)
	n = int(t*invpio2 + 0.5)
	fn := float64(n)
	r := t - fn*pio2_1
	w := fn * pio2_1t
	j := ix >> 20
	y0 = r - w
	if i := j - ((hiWord(y0) >> 20) & 0x7ff); i > 16 {
		t = r
		w = fn * pio2_2
		r = t - w
		w = fn*pio2_2t - ((t - r) - w)
		y0 = r - w
		if i := j - ((hiWord(y0) >> 20) & 0x7ff); i > 49 {
			t = r
			w = fn * pio2_3
			r = t - w
			w = fn*pio2_3t - ((t - r) - w)
			y0 = r - w
		}
	}
	y1 = (r - y0) - w
	if hx < 0 {
		return -n, -y0, -y1, true
	}
	return n, y0, y1, true
}

func javaTan(x float64) float64 {
	ix := hiWord(x) & 0x7fffffff
	switch {
	case ix <= 0x3fe921fb:
		return kernelTan(x, 0, 1)
	case ix >= 0x7ff00000:
		return math.NaN()
	}
	n, y0, y1, ok := remPio2(x)
	if !ok {
		return math.Tan(x)
	}
	return kernelTan(y0, y1, 1-((n&1)<<1))
}

// castable reports whether v reads as a number of the kind ("integral" or
// "fractional") that TRY_CAST asks for: a number, or a string that is one
// once trimmed (an integral one may have a fraction, which the cast drops,
// as Spark's does; only a fractional one may be Infinity or NaN).
// TRY_CAST gives NULL where it does not, where SQLite's CAST would give 0.
func castable(v, kind any) any {
	switch x := v.(type) {
	case int64, float64:
		return int64(1)
	case []byte:
		v = string(x)
	}
	s, ok := v.(string)
	if !ok {
		return int64(0)
	}
	s = strings.TrimSpace(s)
	k, _ := kind.(string)
	switch strings.ToLower(s) {
	case "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan":
		return boolInt(k == "fractional")
	}
	if s == "" || strings.ContainsAny(s, "xXpP_") {
		return int64(0)
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return int64(0)
	}
	return int64(1)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// truncateFunc is truncate(x[, d]): x cut toward zero to d decimal places,
// or for d < 0 to a multiple of 10^-d. An integer stays an integer; a
// fraction is cut in its shortest decimal form, so 1.23 is 1.2 at d = 1
// (not the 1.2299... the double is).
func truncateFunc(args []any) any {
	d := int64(0)
	if len(args) > 1 {
		var ok bool
		if d, ok = toInt(args[1]); !ok {
			return nil
		}
	}
	switch x := args[0].(type) {
	case int64:
		if d >= 0 {
			return x
		}
		if d < -18 {
			return int64(0)
		}
		p := int64(1)
		for i := int64(0); i < -d; i++ {
			p *= 10
		}
		return x - x%p
	}
	f, ok := toFloat(args[0])
	if !ok {
		return nil
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return f
	}
	text := strconv.FormatFloat(f, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(text, ".")
	switch {
	case d >= 0:
		if int64(len(frac)) > d {
			frac = frac[:d]
		}
	default:
		digits := strings.TrimPrefix(intPart, "-")
		cut := int64(len(digits)) + d
		if cut <= 0 {
			return 0.0
		}
		intPart = strings.TrimSuffix(intPart, digits) + digits[:cut] + strings.Repeat("0", int(-d))
		frac = ""
	}
	out, err := strconv.ParseFloat(intPart+"."+frac+"0", 64)
	if err != nil {
		return nil
	}
	return out
}

// gcdFunc is gcd(a, b) of two integers, never negative.
func gcdFunc(a, b any) any {
	x, ok1 := toInt(a)
	y, ok2 := toInt(b)
	if !ok1 || !ok2 {
		return nil
	}
	g := gcd(absU(x), absU(y))
	if g > math.MaxInt64 {
		return nil // gcd(-2^63, 0)
	}
	return int64(g)
}

// lcmFunc is lcm(a, b) of two integers, never negative; NULL when it is
// more than a BIGINT holds.
func lcmFunc(a, b any) any {
	x, ok1 := toInt(a)
	y, ok2 := toInt(b)
	if !ok1 || !ok2 {
		return nil
	}
	if x == 0 || y == 0 {
		return int64(0)
	}
	ux, uy := absU(x), absU(y)
	hi, lo := bits.Mul64(ux/gcd(ux, uy), uy)
	if hi != 0 || lo > math.MaxInt64 {
		return nil
	}
	return int64(lo)
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
