package functions

import (
	"math"
	"testing"
)

type aggCase struct {
	fn   string
	rows [][]any
	want any
}

func runAggCases(t *testing.T, cases []aggCase) {
	t.Helper()
	for _, c := range cases {
		if got := aggOf(t, c.fn, c.rows...); !same(got, c.want) {
			t.Errorf("%s over %v = %s, want %s", c.fn, c.rows, show(got), show(c.want))
		}
	}
}

func pairs(vals ...any) [][]any {
	rows := make([][]any, 0, len(vals)/2)
	for i := 0; i+1 < len(vals); i += 2 {
		rows = append(rows, []any{vals[i], vals[i+1]})
	}
	return rows
}

func withArg(rows [][]any, extra ...any) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = append(append([]any{}, r...), extra...)
	}
	return out
}

// Examples of the Spark SQL built-in function reference, then empty
// groups, NULLs and edge cases.
func TestAggregateFunctions(t *testing.T) {
	one23 := col(int64(1), int64(2), int64(3))
	runAggCases(t, []aggCase{
		// stddev, std, stddev_samp, stddev_pop, variance, var_samp, var_pop
		{"stddev", one23, 1.0},
		{"std", one23, 1.0},
		{"stddev_samp", one23, 1.0},
		{"stddev_pop", one23, 0.816496580927726},
		{"variance", one23, 1.0},
		{"var_samp", one23, 1.0},
		{"var_pop", one23, 0.6666666666666666},
		{"stddev", col(int64(1)), nil},
		{"stddev_pop", col(int64(1)), 0.0},
		{"variance", col(nil, nil), nil},
		{"var_pop", nil, nil},
		{"stddev", col(int64(1), nil, int64(3), "x"), math.Sqrt2},
		// corr, covar_pop, covar_samp
		{"corr", pairs(int64(3), int64(2), int64(3), int64(3), int64(6), int64(4)), 0.8660254037844387},
		{"covar_pop", pairs(int64(1), int64(1), int64(2), int64(2), int64(3), int64(3)), 0.6666666666666666},
		{"covar_samp", pairs(int64(1), int64(1), int64(2), int64(2), int64(3), int64(3)), 1.0},
		{"corr", pairs(int64(1), int64(1)), nil},
		{"covar_samp", pairs(int64(1), int64(1), nil, int64(2)), nil},
		{"covar_pop", nil, nil},
		// percentile
		{"percentile", withArg(col(int64(0), int64(10)), 0.3), 3.0},
		{"percentile", withArg(col(int64(0), int64(10)), "[0.25,0.75]"), "[2.5,7.5]"},
		{"percentile", withArg(col(int64(5)), 0.5), 5.0},
		{"percentile", withArg(col(int64(0), int64(10)), 1.5), nil},
		{"percentile", withArg(col(nil), 0.5), nil},
		// percentile_approx, approx_percentile
		{"percentile_approx", withArg(col(int64(0), int64(1), int64(2), int64(10)), "[0.5,0.4,0.1]", int64(100)), "[1,1,0]"},
		{"percentile_approx", withArg(col(int64(0), int64(6), int64(7), int64(9), int64(10)), 0.5, int64(100)), i64(7)},
		{"approx_percentile", withArg(col(int64(0), int64(1), int64(2), int64(10)), "[0.5,0.4,0.1]", int64(100)), "[1,1,0]"},
		{"approx_percentile", withArg(col(int64(0), int64(6), int64(7), int64(9), int64(10)), 0.5, int64(100)), i64(7)},
		{"approx_percentile", withArg(col(1.5, 0.5, 2.5), 1.0), 2.5},
		{"approx_percentile", withArg(col(int64(3), int64(1)), 0.0), i64(1)},
		{"approx_percentile", withArg(col(int64(3)), 0.5, int64(0)), nil},
		// median
		{"median", col(int64(0), int64(10)), 5.0},
		{"median", col(nil), nil},
		// mode
		{"mode", col(int64(0), int64(10), int64(10)), i64(10)},
		{"mode", col(int64(0), int64(10), int64(10), nil, nil, nil), i64(10)},
		{"mode", col("b", "a", "a", "b"), "b"},
		{"mode", col(nil), nil},
		// first, any_value, last
		{"first", col(int64(10), int64(5), int64(20)), i64(10)},
		{"first", col(nil, int64(5), int64(20)), nil},
		{"first", withArg(col(nil, int64(5), int64(20)), T), i64(5)},
		{"any_value", col(int64(10), int64(5), int64(20)), i64(10)},
		{"any_value", col(nil, int64(5), int64(20)), nil},
		{"any_value", withArg(col(nil, int64(5), int64(20)), T), i64(5)},
		{"last", col(int64(10), int64(5), int64(20)), i64(20)},
		{"last", col(int64(10), int64(5), nil), nil},
		{"last", withArg(col(int64(10), int64(5), nil), T), i64(5)},
		{"first", nil, nil},
		// max_by, min_by
		{"max_by", pairs("a", int64(10), "b", int64(50), "c", int64(20)), "b"},
		{"min_by", pairs("a", int64(10), "b", int64(50), "c", int64(20)), "a"},
		{"max_by", pairs("a", int64(10), "b", nil, "c", int64(10)), "a"},
		{"min_by", pairs("a", 2.5, "b", int64(2)), "b"},
		{"max_by", nil, nil},
		// collect_list, array_agg, collect_set
		{"collect_list", col(int64(1), int64(2), int64(1)), "[1,2,1]"},
		{"array_agg", col(int64(1), int64(2), int64(1)), "[1,2,1]"},
		{"collect_set", col(int64(1), int64(2), int64(1)), "[1,2]"},
		{"collect_list", col(nil, "a", "[1]"), `["a",[1]]`},
		{"collect_list", nil, "[]"},
		{"collect_set", col(nil), "[]"},
		// count_if
		{"count_if", col(nil, F, T, F, T), i64(2)},
		{"count_if", col(nil, F, F, F, F), i64(0)},
		{"count_if", nil, i64(0)},
		// bool_and, every, bool_or, some, any
		{"bool_and", col(T, T, T), T},
		{"bool_and", col(nil, T, T), T},
		{"bool_and", col(T, F, T), F},
		{"every", col(T, T, T), T},
		{"every", col(nil, T, T), T},
		{"every", col(T, F, T), F},
		{"bool_or", col(T, F, F), T},
		{"bool_or", col(nil, T, F), T},
		{"bool_or", col(F, F, nil), F},
		{"some", col(T, F, F), T},
		{"some", col(nil, T, F), T},
		{"some", col(F, F, nil), F},
		{"any", col(T, F, F), T},
		{"any", col(nil, T, F), T},
		{"any", col(F, F, nil), F},
		{"bool_and", col(nil), nil},
		// bit_and, bit_or, bit_xor
		{"bit_and", col(int64(3), int64(5)), i64(1)},
		{"bit_or", col(int64(3), int64(5)), i64(7)},
		{"bit_xor", col(int64(3), int64(5)), i64(6)},
		{"bit_xor", col(nil), nil},
		// approx_count_distinct
		{"approx_count_distinct", col(int64(1), int64(1), int64(2), int64(2), int64(3)), i64(3)},
		{"approx_count_distinct", col(int64(1), 1.0, "1", nil), i64(2)},
		{"approx_count_distinct", nil, i64(0)},
		// string_agg, listagg
		{"string_agg", withArg(col("a", nil, "b", "c"), ", "), "a, b, c"},
		{"listagg", col("a", "b", "c"), "abc"},
		{"listagg", col(int64(1), 2.5), "12.5"},
		{"string_agg", col(nil), nil},
		// product
		{"product", col(int64(2), nil, 1.5), 3.0},
		{"product", col(nil), nil},
		// regr_count
		{"regr_count", pairs(int64(1), int64(2), int64(2), int64(2), int64(2), int64(3), int64(2), int64(4)), i64(4)},
		{"regr_count", pairs(int64(1), int64(2), int64(2), nil, int64(2), int64(3), int64(2), int64(4)), i64(3)},
		{"regr_count", pairs(int64(1), int64(2), int64(2), nil, nil, int64(3), int64(2), int64(4)), i64(2)},
		{"regr_count", nil, i64(0)},
		// regr_*: Spark's examples, (y, x) = (1, 2), (2, 3), (2, 3), (NULL, 4), (4, NULL)
		{"regr_avgx", pairs(int64(1), int64(2), int64(2), int64(3), int64(2), int64(3), nil, int64(4), int64(4), nil), 2.6666666666666665},
		{"regr_avgy", pairs(int64(1), int64(2), int64(2), int64(3), int64(2), int64(3), nil, int64(4), int64(4), nil), 1.6666666666666667},
		{"regr_slope", pairs(int64(1), int64(2), int64(2), int64(3), int64(2), int64(3), nil, int64(4), int64(4), nil), 1.0},
		{"regr_r2", pairs(int64(1), int64(2), int64(2), int64(3), int64(2), int64(3), nil, int64(4), int64(4), nil), 1.0},
		{"regr_slope", pairs(int64(1), int64(2), int64(2), int64(2)), nil}, // x does not vary
		{"regr_r2", pairs(int64(1), int64(2), int64(1), int64(3)), 1.0},    // y does not vary
		{"regr_avgx", pairs(nil, int64(2)), nil},
		{"regr_sxx", pairs(int64(1), int64(1), int64(2), int64(3)), 2.0},
		{"regr_syy", pairs(int64(1), int64(1), int64(3), int64(3)), 2.0},
		{"regr_sxy", pairs(int64(1), int64(1), int64(3), int64(3)), 2.0},
		{"regr_intercept", pairs(int64(3), int64(1), int64(5), int64(2)), 1.0},
	})
}

// skewness and kurtosis: Spark's one-pass update, as Spark runs it over one
// partition. The reference's outputs of some examples differ in the last
// digits, where Spark merged partial aggregates computed apart.
func TestMoments(t *testing.T) {
	near := func(name string, got any, want float64) {
		t.Helper()
		g, ok := got.(float64)
		if !ok || math.Abs(g-want) > 1e-13*math.Abs(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("skewness", aggOf(t, "skewness", col(int64(-10), int64(-20), int64(100), int64(1000))...), 1.1135657469022011)
	near("skewness", aggOf(t, "skewness", col(int64(-1000), int64(-100), int64(10), int64(20))...), -1.1135657469022011)
	near("kurtosis", aggOf(t, "kurtosis", col(int64(-10), int64(-20), int64(100), int64(1000))...), -0.7014368047529627)
	near("kurtosis", aggOf(t, "kurtosis", col(int64(1), int64(10), int64(100), int64(10), int64(1))...), 0.19432323191699075)
	if got := aggOf(t, "skewness", col(int64(1), int64(1))...); got != nil {
		t.Errorf("skewness of equal values = %v", got)
	}
	if got := aggOf(t, "kurtosis", col(nil)...); got != nil {
		t.Errorf("kurtosis of nothing = %v", got)
	}
}
