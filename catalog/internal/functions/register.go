// Package functions holds Go implementations of Spark SQL's built-in
// functions that SQLite lacks, registered into every SQLite connection the
// catalog opens (catalog's driver calls Register in its ConnectHook), so
// that the queries the translator writes can call them. The analyzer's
// table of built-ins names them: every SQL name is "spark_" followed by the
// Spark name (spark_date_add, spark_ceil and its synonym spark_ceiling, ...);
// Names lists them all.
//
// Semantics are Spark's as documented in the Spark SQL built-in function
// reference, with Spark's non-ANSI behaviour (spark.sql.ansi.enabled=false)
// where the two differ: a value that cannot be converted, an index out of
// range, an overflow in a try_ function, an invalid date give NULL rather
// than an error. The session time zone is UTC.
//
// Values between SQLite and Go:
//
//   - NULL is nil. Unless Spark documents otherwise for a function
//     (concat_ws, greatest/least, array_join with a replacement, size, the
//     aggregates...), a NULL argument gives a NULL result.
//   - Integers are int64, doubles float64, strings string, binary []byte.
//     A string is accepted where Spark would cast it implicitly ('5' for a
//     number, a timestamp for a date...). Booleans are the integers 0 and 1.
//     DECIMAL values are doubles here: round, bround, format_number,
//     format_string's %f and the decimal arithmetic of mod, try_add and
//     try_subtract work on the decimal the double prints as (2.675 rounds
//     to 2.68, 2 % 1.8 is 0.2), as Spark does on a DECIMAL.
//   - A DATE is the text 'YYYY-MM-DD'; a TIMESTAMP the text
//     'YYYY-MM-DD HH:MM:SS', followed by '.' and the fraction of a second
//     (microseconds, trailing zeros removed) when it is not zero, as Spark
//     prints them. A function taking a date also takes a timestamp (its
//     date part) and one taking a timestamp a date (midnight). Years outside
//     0001..9999 are out of range (NULL).
//   - An ARRAY is JSON array text ('[1,2,3]', '["a",null]'); a MAP JSON
//     object text whose keys are strings (a key that is not a string is
//     written as its text: map(1, 'a') is '{"1":"a"}'); a STRUCT JSON object
//     text with its fields in order. Elements are JSON values: numbers,
//     strings, true/false, null. SQLite cannot tell the text of a
//     collection from a string, so where a function builds a collection
//     from SQLite values (array, map, named_struct, array_append,
//     collect_list...), a string that is a JSON array or object is taken to
//     be a nested collection: array('[1]') is [[1]], not ["[1]"].
//   - Functions returning an element of a collection (element_at, get,
//     struct_field, array_get, map_get, array_max...) return it as a SQLite
//     value: numbers as int64/float64, strings as text, booleans as 0/1,
//     nested collections as JSON text, JSON null as NULL.
//   - An empty binary result reads back as NULL: the SQLite driver returns
//     a zero-length blob as NULL.
//
// No call panics whatever its arguments (a panic is recovered and reported
// as an error), and none builds a string longer than 64 MiB or a
// collection of more than 1,000,000 elements: it gives NULL instead.
//
// The only errors raised on purpose are those of raise_error and
// assert_true, with the prefix the catalog's callers map to error classes
// (catalog.FailPrefix) and the class USER_RAISED_EXCEPTION.
//
// Known departures from Spark, forced by SQLite's values or chosen: regular
// expressions are Java's as Go's RE2 reads them (no back references or
// look-around: such a pattern gives NULL); map keys are strings, so
// map_keys(map(1, 'a')) is ["1"]; hash and xxhash64 hash an array or a map
// as its JSON text, and every integer as a LONG; to_json leaves out the
// NULL fields of every object (structs and maps alike); map building
// functions keep the last value of a duplicate key (Spark's default fails);
// percentile_approx is exact; date_format's 'u' is the day number of the
// week (1 = Monday), which Spark 3 rejects; rand(seed) continues its
// sequence on the connection from one call to the next.
package functions

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// failPrefix is catalog.FailPrefix (the catalog imports this package, so it
// cannot be imported from here).
const failPrefix = "tableacl_fail:"

// userError is the error raise_error and assert_true raise.
func userError(msg string) error {
	return fmt.Errorf("%sUSER_RAISED_EXCEPTION\x1f%s", failPrefix, msg)
}

// scalar describes a scalar function: its Spark name, the number of
// arguments it takes (maxArgs -1: any number from minArgs), its
// implementation and whether it is deterministic.
type scalar struct {
	name             string
	minArgs, maxArgs int
	fn               func(args []any) (any, error)
	pure             bool
}

// aggregate describes an aggregate function: a new accumulator per group.
type aggregate struct {
	name             string
	minArgs, maxArgs int
	newAcc           func() accumulator
}

// accumulator is one group's state of an aggregate.
type accumulator interface {
	step(args []any) error
	done() (any, error)
}

// fn1 ... adapt implementations of fixed arity to the registry.
func fn0(f func() any) func([]any) (any, error) {
	return func([]any) (any, error) { return f(), nil }
}
func fn1(f func(a any) any) func([]any) (any, error) {
	return func(x []any) (any, error) { return f(x[0]), nil }
}
func fn2(f func(a, b any) any) func([]any) (any, error) {
	return func(x []any) (any, error) { return f(x[0], x[1]), nil }
}
func fn3(f func(a, b, c any) any) func([]any) (any, error) {
	return func(x []any) (any, error) { return f(x[0], x[1], x[2]), nil }
}
func fnN(f func(args []any) any) func([]any) (any, error) {
	return func(x []any) (any, error) { return f(x), nil }
}

// connState is what the functions of one connection share: the random
// generators of rand(seed) and randn(seed).
type connState struct {
	mu    sync.Mutex
	rands map[randKey]*sparkRandom
}

// randKey names the generator of rand(seed) or randn(seed).
type randKey struct {
	seed     int64
	gaussian bool
}

// registry lists every scalar and aggregate function.
func registry(st *connState) ([]scalar, []aggregate) {
	var s []scalar
	s = append(s, stringFuncs()...)
	s = append(s, mathFuncs(st)...)
	s = append(s, datetimeFuncs()...)
	s = append(s, collectionFuncs()...)
	s = append(s, jsonFuncs()...)
	s = append(s, hashFuncs()...)
	s = append(s, miscFuncs()...)
	return s, aggregateFuncs()
}

// Names returns every SQL name Register registers, sorted.
func Names() []string {
	s, a := registry(&connState{})
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		n = "spark_" + n
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, f := range s {
		add(f.name)
	}
	for _, f := range a {
		add(f.name)
	}
	sort.Strings(names)
	return names
}

// Register registers every function in c.
func Register(c *sqlite3.SQLiteConn) error { return register(c) }

// registrar is what Register needs of a connection (tests record it).
type registrar interface {
	RegisterFunc(name string, impl any, pure bool) error
	RegisterAggregator(name string, impl any, pure bool) error
}

func register(c registrar) error {
	st := &connState{rands: map[randKey]*sparkRandom{}}
	s, a := registry(st)
	for _, f := range s {
		name := "spark_" + f.name
		call := guard(name, f.fn)
		if f.maxArgs < 0 {
			min := f.minArgs
			impl := func(args ...any) (any, error) {
				if len(args) < min {
					return nil, fmt.Errorf("wrong number of arguments to function %s()", name)
				}
				return call(args)
			}
			if err := c.RegisterFunc(name, impl, f.pure); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			continue
		}
		for n := f.minArgs; n <= f.maxArgs; n++ {
			if err := c.RegisterFunc(name, fixedArity(n, call), f.pure); err != nil {
				return fmt.Errorf("%s/%d: %w", name, n, err)
			}
		}
	}
	for _, f := range a {
		name := "spark_" + f.name
		for n := f.minArgs; n <= f.maxArgs; n++ {
			if err := c.RegisterAggregator(name, aggConstructor(n, name, f.newAcc), true); err != nil {
				return fmt.Errorf("%s/%d: %w", name, n, err)
			}
		}
	}
	return nil
}

// guard normalizes the arguments, turns a panic into an error and a
// result too long into NULL.
func guard(name string, f func([]any) (any, error)) func([]any) (any, error) {
	return func(args []any) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("%s: internal error: %v", name, r)
			}
		}()
		for i, a := range args {
			args[i] = norm(a)
		}
		res, err = f(args)
		return bounded(res), err
	}
}

func bounded(v any) any {
	switch x := v.(type) {
	case string:
		if len(x) > maxLen {
			return nil
		}
	case []byte:
		if len(x) > maxLen {
			return nil
		}
	}
	return v
}

// fixedArity adapts call to a Go function of n parameters, so that SQLite
// checks the number of arguments.
func fixedArity(n int, call func([]any) (any, error)) any {
	switch n {
	case 0:
		return func() (any, error) { return call([]any{}) }
	case 1:
		return func(a any) (any, error) { return call([]any{a}) }
	case 2:
		return func(a, b any) (any, error) { return call([]any{a, b}) }
	case 3:
		return func(a, b, c any) (any, error) { return call([]any{a, b, c}) }
	case 4:
		return func(a, b, c, d any) (any, error) { return call([]any{a, b, c, d}) }
	case 5:
		return func(a, b, c, d, e any) (any, error) { return call([]any{a, b, c, d, e}) }
	case 6:
		return func(a, b, c, d, e, f any) (any, error) { return call([]any{a, b, c, d, e, f}) }
	case 7:
		return func(a, b, c, d, e, f, g any) (any, error) { return call([]any{a, b, c, d, e, f, g}) }
	}
	panic(fmt.Sprintf("functions: no adapter for %d arguments", n))
}

// Aggregator adapters of each arity (go-sqlite3 reads the arity of Step).
type agg1 struct{ g *aggGuard }
type agg2 struct{ g *aggGuard }
type agg3 struct{ g *aggGuard }

func (a *agg1) Step(x any) error       { return a.g.step([]any{x}) }
func (a *agg1) Done() (any, error)     { return a.g.done() }
func (a *agg2) Step(x, y any) error    { return a.g.step([]any{x, y}) }
func (a *agg2) Done() (any, error)     { return a.g.done() }
func (a *agg3) Step(x, y, z any) error { return a.g.step([]any{x, y, z}) }
func (a *agg3) Done() (any, error)     { return a.g.done() }

type aggGuard struct {
	name string
	acc  accumulator
}

func (g *aggGuard) step(args []any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: internal error: %v", g.name, r)
		}
	}()
	for i, a := range args {
		args[i] = norm(a)
	}
	return g.acc.step(args)
}

func (g *aggGuard) done() (res any, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%s: internal error: %v", g.name, r)
		}
	}()
	res, err = g.acc.done()
	return bounded(res), err
}

func aggConstructor(n int, name string, newAcc func() accumulator) any {
	switch n {
	case 1:
		return func() *agg1 { return &agg1{&aggGuard{name, newAcc()}} }
	case 2:
		return func() *agg2 { return &agg2{&aggGuard{name, newAcc()}} }
	case 3:
		return func() *agg3 { return &agg3{&aggGuard{name, newAcc()}} }
	}
	panic(fmt.Sprintf("functions: no aggregate adapter for %d arguments", n))
}

// strictNull wraps f so that any NULL argument gives NULL.
func strictNull(f func([]any) (any, error)) func([]any) (any, error) {
	return func(args []any) (any, error) {
		for _, a := range args {
			if norm(a) == nil {
				return nil, nil
			}
		}
		return f(args)
	}
}

// upper is strings.ToUpper for ASCII keywords.
func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func miscFuncs() []scalar {
	return []scalar{
		{"version", 0, 0, fn0(func() any { return "3.5.0 tableacl" }), true},
		{"assert_true", 1, 2, assertTrue, true},
		{"raise_error", 1, 1, raiseError, true},
		{"equal_null", 2, 2, fn2(equalNull), true},
		{"input_file_name", 0, 0, fn0(func() any { return "" }), true},
		{"spark_partition_id", 0, 0, fn0(func() any { return int64(0) }), true},
	}
}

// assertTrue is assert_true(cond[, msg]): NULL when cond is true, else
// the error (Spark's own message quotes the condition's SQL, which is not
// at hand here: the message is msg, or 'assertion failed').
func assertTrue(args []any) (any, error) {
	if b, ok := toBool(args[0]); ok && b {
		return nil, nil
	}
	msg := "assertion failed"
	if len(args) > 1 {
		if s, ok := toStr(args[1]); ok {
			msg = s
		} else {
			msg = "null"
		}
	}
	return nil, userError(msg)
}

func raiseError(args []any) (any, error) {
	msg, ok := toStr(args[0])
	if !ok {
		msg = "null"
	}
	return nil, userError(msg)
}

// equalNull is equal_null: = for non-NULL values, true for two NULLs,
// false for one.
func equalNull(a, b any) any {
	if a == nil || b == nil {
		return boolVal(a == nil && b == nil)
	}
	x, xNum := toNumberStrict(a)
	y, yNum := toNumberStrict(b)
	if xNum && yNum {
		return boolVal(cmpNum(x, y) == 0)
	}
	s, _ := toStr(a)
	t, _ := toStr(b)
	return boolVal(s == t)
}

// toNumberStrict is v when it is a number, or text that is one.
func toNumberStrict(v any) (any, bool) {
	switch v.(type) {
	case int64, float64:
		return v, true
	}
	return toNumber(v)
}
