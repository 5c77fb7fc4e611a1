package functions

import (
	"math"
	"testing"
)

// Examples of the Spark SQL built-in function reference, then NULL,
// bad-input and edge cases.
func TestMathFunctions(t *testing.T) {
	nan := math.NaN()
	runCases(t, []tc{
		// acos, acosh, asin, asinh, atan, atan2, atanh
		{"acos", []any{int64(1)}, 0.0},
		{"acos", []any{int64(2)}, nan},
		{"acosh", []any{int64(1)}, 0.0},
		{"acosh", []any{int64(0)}, nan},
		{"asin", []any{int64(0)}, 0.0},
		{"asin", []any{int64(2)}, nan},
		{"asinh", []any{int64(0)}, 0.0},
		{"atan", []any{int64(0)}, 0.0},
		{"atan2", []any{int64(0), int64(0)}, 0.0},
		{"atanh", []any{int64(0)}, 0.0},
		{"atanh", []any{int64(2)}, nan},
		{"acos", []any{"x"}, nil},
		{"acos", []any{nil}, nil},
		{"atan2", []any{nil, int64(1)}, nil},
		// cbrt
		{"cbrt", []any{27.0}, 3.0},
		// ceil, ceiling, floor
		{"ceil", []any{-0.1}, i64(0)},
		{"ceil", []any{int64(5)}, i64(5)},
		{"ceil", []any{3.1411, int64(3)}, 3.142},
		{"ceil", []any{3.1411, int64(-3)}, i64(1000)},
		{"ceiling", []any{-0.1}, i64(0)},
		{"ceiling", []any{int64(5)}, i64(5)},
		{"ceiling", []any{3.1411, int64(3)}, 3.142},
		{"ceiling", []any{3.1411, int64(-3)}, i64(1000)},
		{"floor", []any{-0.1}, i64(-1)},
		{"floor", []any{int64(5)}, i64(5)},
		{"floor", []any{3.1411, int64(3)}, 3.141},
		{"floor", []any{3.1411, int64(-3)}, i64(0)},
		{"floor", []any{"2.5"}, i64(2)},
		{"ceil", []any{int64(-1234), int64(-2)}, i64(-1200)},
		{"floor", []any{int64(-1234), int64(-2)}, i64(-1300)},
		{"ceil", []any{1e300}, i64(math.MaxInt64)},
		{"ceil", []any{nil}, nil},
		// cos, cosh, cot, csc, sec, sin, sinh, tan, tanh
		{"cos", []any{int64(0)}, 1.0},
		{"cosh", []any{int64(0)}, 1.0},
		{"cot", []any{int64(1)}, 0.6420926159343306},
		{"csc", []any{int64(1)}, 1.1883951057781212},
		{"sec", []any{int64(0)}, 1.0},
		{"sin", []any{int64(0)}, 0.0},
		{"sinh", []any{int64(0)}, 0.0},
		{"tan", []any{int64(0)}, 0.0},
		{"tan", []any{int64(1)}, 1.5574077246549023},
		{"tanh", []any{int64(0)}, 0.0},
		{"cot", []any{int64(0)}, math.Inf(1)},
		// degrees, radians
		{"degrees", []any{3.141592653589793}, 180.0},
		{"radians", []any{int64(180)}, 3.141592653589793},
		// exp, expm1
		{"exp", []any{int64(0)}, 1.0},
		{"expm1", []any{int64(0)}, 0.0},
		// factorial
		{"factorial", []any{int64(5)}, i64(120)},
		{"factorial", []any{int64(20)}, i64(2432902008176640000)},
		{"factorial", []any{int64(21)}, nil},
		{"factorial", []any{int64(-1)}, nil},
		{"factorial", []any{nil}, nil},
		// hypot
		{"hypot", []any{int64(3), int64(4)}, 5.0},
		// ln, log, log10, log1p, log2
		{"ln", []any{int64(1)}, 0.0},
		{"ln", []any{int64(0)}, nil},
		{"ln", []any{int64(-1)}, nil},
		{"log", []any{int64(10), int64(100)}, 2.0},
		{"log", []any{math.E}, 1.0},
		{"log", []any{int64(10), int64(0)}, nil},
		{"log10", []any{int64(10)}, 1.0},
		{"log10", []any{int64(0)}, nil},
		{"log1p", []any{int64(0)}, 0.0},
		{"log1p", []any{int64(-1)}, nil},
		{"log2", []any{int64(2)}, 1.0},
		// pmod
		{"pmod", []any{int64(10), int64(3)}, i64(1)},
		{"pmod", []any{int64(-10), int64(3)}, i64(2)},
		{"pmod", []any{int64(10), int64(0)}, nil},
		{"pmod", []any{-7.5, int64(2)}, 0.5},
		{"pmod", []any{int64(math.MinInt64), int64(-1)}, i64(0)},
		// pow, power
		{"pow", []any{int64(2), int64(3)}, 8.0},
		{"power", []any{int64(2), int64(3)}, 8.0},
		// rint
		{"rint", []any{12.3456}, 12.0},
		{"rint", []any{2.5}, 2.0},
		// round, bround
		{"round", []any{2.5, int64(0)}, 3.0},
		{"round", []any{2.675, int64(2)}, 2.68},
		{"round", []any{-2.5}, -3.0},
		{"round", []any{int64(25), int64(-1)}, i64(30)},
		{"round", []any{int64(125), int64(1)}, i64(125)},
		{"round", []any{1234.5678, int64(-2)}, 1200.0},
		{"bround", []any{2.5, int64(0)}, 2.0},
		{"bround", []any{int64(25), int64(-1)}, i64(20)},
		{"bround", []any{3.5}, 4.0},
		{"round", []any{nil, int64(1)}, nil},
		{"round", []any{"abc"}, nil},
		// sign, signum
		{"sign", []any{int64(40)}, 1.0},
		{"signum", []any{int64(40)}, 1.0},
		{"sign", []any{-0.5}, -1.0},
		{"sign", []any{int64(0)}, 0.0},
		// sqrt
		{"sqrt", []any{int64(4)}, 2.0},
		{"sqrt", []any{int64(-1)}, nan},
		// width_bucket
		{"width_bucket", []any{5.3, 0.2, 10.6, int64(5)}, i64(3)},
		{"width_bucket", []any{-2.1, 1.3, 3.4, int64(3)}, i64(0)},
		{"width_bucket", []any{8.1, 0.0, 5.7, int64(4)}, i64(5)},
		{"width_bucket", []any{-0.9, 5.2, 0.5, int64(2)}, i64(3)},
		{"width_bucket", []any{1.0, 1.0, 1.0, int64(2)}, nil},
		{"width_bucket", []any{1.0, 0.0, 2.0, int64(0)}, nil},
		// e, pi
		{"e", nil, 2.718281828459045},
		{"pi", nil, 3.141592653589793},
		// greatest, least
		{"greatest", []any{int64(10), int64(9), int64(2), int64(4), int64(3)}, i64(10)},
		{"least", []any{int64(10), int64(9), int64(2), int64(4), int64(3)}, i64(2)},
		{"greatest", []any{nil, int64(1), 2.5}, 2.5},
		{"greatest", []any{int64(3), 2.5}, 3.0},
		{"least", []any{"b", "a", nil}, "a"},
		{"greatest", []any{"2020-01-02", "2020-01-10"}, "2020-01-10"},
		{"greatest", []any{nil, nil}, nil},
		{"greatest", []any{math.NaN(), 1.0}, nan},
		// isnan, nanvl
		{"isnan", []any{math.NaN()}, T},
		{"isnan", []any{"NaN"}, T},
		{"isnan", []any{1.0}, F},
		{"isnan", []any{nil}, F},
		{"nanvl", []any{math.NaN(), int64(123)}, 123.0},
		{"nanvl", []any{1.5, int64(123)}, 1.5},
		{"nanvl", []any{nil, int64(123)}, nil},
		// shiftleft, shiftright, shiftrightunsigned
		{"shiftleft", []any{int64(2), int64(1)}, i64(4)},
		{"shiftright", []any{int64(4), int64(1)}, i64(2)},
		{"shiftrightunsigned", []any{int64(4), int64(1)}, i64(2)},
		{"shiftright", []any{int64(-8), int64(1)}, i64(-4)},
		{"shiftrightunsigned", []any{int64(-8), int64(60)}, i64(15)},
		{"shiftleft", []any{int64(1), int64(64)}, i64(1)},
		{"shiftleft", []any{int64(1), int64(-1)}, i64(math.MinInt64)},
		{"shiftleft", []any{nil, int64(1)}, nil},
		// bit_count, bit_get, getbit
		{"bit_count", []any{int64(0)}, i64(0)},
		{"bit_count", []any{int64(-1)}, i64(64)},
		{"bit_count", []any{int64(7)}, i64(3)},
		{"bit_get", []any{int64(11), int64(0)}, i64(1)},
		{"bit_get", []any{int64(11), int64(2)}, i64(0)},
		{"getbit", []any{int64(11), int64(0)}, i64(1)},
		{"getbit", []any{int64(11), int64(2)}, i64(0)},
		{"bit_get", []any{int64(11), int64(-1)}, nil},
		{"bit_get", []any{int64(11), int64(64)}, nil},
		// negative, positive
		{"negative", []any{int64(1)}, i64(-1)},
		{"positive", []any{int64(1)}, i64(1)},
		{"negative", []any{-1.5}, 1.5},
		{"negative", []any{int64(math.MinInt64)}, i64(math.MinInt64)},
		{"negative", []any{"x"}, nil},
		// try_divide, try_add, try_subtract, try_multiply
		{"try_divide", []any{int64(3), int64(2)}, 1.5},
		{"try_divide", []any{int64(2), int64(2)}, 1.0},
		{"try_divide", []any{int64(1), int64(0)}, nil},
		{"try_add", []any{int64(1), int64(2)}, i64(3)},
		{"try_add", []any{int64(math.MaxInt64), int64(1)}, nil},
		{"try_add", []any{"2021-01-01", int64(1)}, "2021-01-02"},
		{"try_add", []any{0.1, 0.2}, 0.3},
		{"try_subtract", []any{int64(2), int64(1)}, i64(1)},
		{"try_subtract", []any{int64(math.MinInt64), int64(1)}, nil},
		{"try_subtract", []any{"2021-01-02", int64(1)}, "2021-01-01"},
		{"try_multiply", []any{int64(2), int64(3)}, i64(6)},
		{"try_multiply", []any{int64(math.MinInt64), int64(-1)}, nil},
		{"try_multiply", []any{int64(math.MinInt64), int64(1)}, i64(math.MinInt64)},
		{"try_multiply", []any{int64(1 << 32), int64(1 << 32)}, nil},
		{"try_add", []any{nil, int64(1)}, nil},
		// div, mod
		{"div", []any{int64(3), int64(2)}, i64(1)},
		{"div", []any{int64(-7), int64(2)}, i64(-3)},
		{"div", []any{7.5, 2.0}, i64(3)},
		{"div", []any{int64(3), int64(0)}, nil},
		{"mod", []any{int64(2), 1.8}, 0.2},
		{"mod", []any{int64(-7), int64(3)}, i64(-1)},
		{"mod", []any{int64(7), int64(-3)}, i64(1)},
		{"mod", []any{int64(7), int64(0)}, nil},
		// bin, conv
		{"bin", []any{int64(13)}, "1101"},
		{"bin", []any{int64(-13)}, "1111111111111111111111111111111111111111111111111111111111110011"},
		{"bin", []any{13.3}, "1101"},
		{"bin", []any{nil}, nil},
		{"conv", []any{"100", int64(2), int64(10)}, "4"},
		{"conv", []any{int64(-10), int64(16), int64(-10)}, "-16"},
		{"conv", []any{"-10", int64(16), int64(10)}, "18446744073709551600"},
		{"conv", []any{"ff", int64(16), int64(2)}, "11111111"},
		{"conv", []any{"12x4", int64(10), int64(16)}, "C"},
		{"conv", []any{"FFFFFFFFFFFFFFFFFFFF", int64(16), int64(10)}, "18446744073709551615"},
		{"conv", []any{"10", int64(1), int64(10)}, nil},
		{"conv", []any{"", int64(10), int64(10)}, nil},
		{"conv", []any{nil, int64(10), int64(10)}, nil},
	})
}

// rand(seed) and randn(seed) follow Spark's XORShiftRandom: the documented
// first values, then the next ones of the same stream.
func TestRandom(t *testing.T) {
	runCases(t, []tc{
		{"rand", []any{int64(0)}, 0.7604953758285915},
		{"randn", []any{int64(0)}, 1.6034991609278433},
	})
	st := &connState{}
	if got := st.random([]any{nil}, false); got != 0.7604953758285915 {
		t.Errorf("rand(NULL) = %v", got)
	}
	if got := st.random([]any{int64(0)}, false); got == 0.7604953758285915 {
		t.Errorf("rand(0) did not move on: %v", got)
	}
	for i := 0; i < 1000; i++ {
		f := st.random(nil, false).(float64)
		if f < 0 || f >= 1 {
			t.Fatalf("rand() = %v", f)
		}
	}
	if got := st.random([]any{"x"}, true); got != nil {
		t.Errorf("randn('x') = %v", got)
	}
}

// TestTruncateGcdLcm: truncate cuts toward zero in the decimal form;
// gcd and lcm are never negative, lcm NULL past BIGINT.
func TestTruncateGcdLcm(t *testing.T) {
	runCases(t, []tc{
		{"truncate", []any{int64(25), int64(-1)}, i64(20)},
		{"truncate", []any{int64(-25), int64(-1)}, i64(-20)},
		{"truncate", []any{int64(25), int64(1)}, i64(25)},
		{"truncate", []any{int64(25), int64(-30)}, i64(0)},
		{"truncate", []any{1.2399, int64(2)}, 1.23},
		{"truncate", []any{-1.29, int64(1)}, -1.2},
		{"truncate", []any{1234.5, int64(-2)}, 1200.0},
		{"truncate", []any{-7.9}, -7.0},
		{"truncate", []any{0.5, int64(-3)}, 0.0},
		{"gcd", []any{int64(24), int64(36)}, i64(12)},
		{"gcd", []any{int64(-24), int64(-36)}, i64(12)},
		{"gcd", []any{int64(0), int64(0)}, i64(0)},
		{"gcd", []any{int64(0), int64(-7)}, i64(7)},
		{"gcd", []any{nil, int64(5)}, nil},
		{"lcm", []any{int64(4), int64(6)}, i64(12)},
		{"lcm", []any{int64(-4), int64(6)}, i64(12)},
		{"lcm", []any{int64(0), int64(5)}, i64(0)},
		{"lcm", []any{int64(9223372036854775807), int64(2)}, nil},
	})
}
