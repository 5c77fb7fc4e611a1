package analyzer

import "fmt"

// BuiltinKind says how a built-in function may be called.
type BuiltinKind uint8

// Kinds of built-in function.
const (
	Scalar    BuiltinKind = iota + 1
	Aggregate             // also usable as a window function, with OVER
	Ranking               // row_number, rank, dense_rank: window only, ordered
	Offset                // lag, lead: window only, ordered
)

// Builtin is one built-in function (spec §5.5). Built-ins need no
// privilege.
type Builtin struct {
	Name     string
	Kind     BuiltinKind
	Min, Max int    // parameter counts; Max < 0: no upper bound
	Result   string // result type; "" is the type of the first argument
	// External marks a function an embedder registered: known to decide
	// statements that call it (it needs no privilege), but not one tableacl
	// can run.
	External bool
}

// IsBuiltin reports whether name is one of tableacl's own built-in
// functions.
func IsBuiltin(name string) bool {
	_, ok := builtins[name]
	return ok
}

// builtin looks a one-part function name up among the built-ins and then
// among the functions the embedder registered; built-ins win.
func (r *resolver) builtin(name string) (*Builtin, bool) {
	if b, ok := builtins[name]; ok {
		return b, true
	}
	b, ok := r.sess.Functions[name]
	return b, ok
}

// builtins is the one table of built-in functions: resolution, the checks
// of calls, typing and the help all read it.
var builtins = map[string]*Builtin{}

func init() {
	for _, b := range []Builtin{
		{Name: "count", Kind: Aggregate, Min: 1, Max: -1, Result: "bigint"},
		{Name: "sum", Kind: Aggregate, Min: 1, Max: 1, Result: ""},
		{Name: "avg", Kind: Aggregate, Min: 1, Max: 1, Result: "double"},
		{Name: "min", Kind: Aggregate, Min: 1, Max: 1, Result: ""},
		{Name: "max", Kind: Aggregate, Min: 1, Max: 1, Result: ""},
		{Name: "row_number", Kind: Ranking, Min: 0, Max: 0, Result: "int"},
		{Name: "rank", Kind: Ranking, Min: 0, Max: 0, Result: "int"},
		{Name: "dense_rank", Kind: Ranking, Min: 0, Max: 0, Result: "int"},
		{Name: "lag", Kind: Offset, Min: 1, Max: 3, Result: ""},
		{Name: "lead", Kind: Offset, Min: 1, Max: 3, Result: ""},
		{Name: "abs", Kind: Scalar, Min: 1, Max: 1, Result: ""},
		{Name: "round", Kind: Scalar, Min: 1, Max: 2, Result: ""},
		{Name: "floor", Kind: Scalar, Min: 1, Max: 1, Result: "bigint"},
		{Name: "ceil", Kind: Scalar, Min: 1, Max: 1, Result: "bigint"},
		{Name: "coalesce", Kind: Scalar, Min: 1, Max: -1, Result: ""},
		{Name: "nullif", Kind: Scalar, Min: 2, Max: 2, Result: ""},
		{Name: "ifnull", Kind: Scalar, Min: 2, Max: 2, Result: ""},
		{Name: "nvl", Kind: Scalar, Min: 2, Max: 2, Result: ""},
		{Name: "upper", Kind: Scalar, Min: 1, Max: 1, Result: "string"},
		{Name: "lower", Kind: Scalar, Min: 1, Max: 1, Result: "string"},
		{Name: "length", Kind: Scalar, Min: 1, Max: 1, Result: "int"},
		{Name: "substr", Kind: Scalar, Min: 2, Max: 3, Result: "string"},
		{Name: "substring", Kind: Scalar, Min: 2, Max: 3, Result: "string"},
		{Name: "concat", Kind: Scalar, Min: 0, Max: -1, Result: "string"},
		{Name: "trim", Kind: Scalar, Min: 1, Max: 1, Result: "string"},
		{Name: "ltrim", Kind: Scalar, Min: 1, Max: 1, Result: "string"},
		{Name: "rtrim", Kind: Scalar, Min: 1, Max: 1, Result: "string"},
		{Name: "replace", Kind: Scalar, Min: 2, Max: 3, Result: "string"},
		{Name: "current_date", Kind: Scalar, Min: 0, Max: 0, Result: "date"},
		{Name: "current_timestamp", Kind: Scalar, Min: 0, Max: 0, Result: "timestamp"},
		{Name: "current_database", Kind: Scalar, Min: 0, Max: 0, Result: "string"},
		{Name: "current_user", Kind: Scalar, Min: 0, Max: 0, Result: "string"},
		{Name: "is_member", Kind: Scalar, Min: 1, Max: 1, Result: "boolean"},
	} {
		b := b
		builtins[b.Name] = &b
	}
}

// Window reports whether the function can only be called with OVER.
func (b *Builtin) Window() bool { return b.Kind == Ranking || b.Kind == Offset }

// accepts reports whether n arguments are allowed.
func (b *Builtin) accepts(n int) bool { return n >= b.Min && (b.Max < 0 || n <= b.Max) }

// expected is the parameter count in Spark's wording of WRONG_NUM_ARGS:
// "1", "[1, 3]" or "> 0".
func (b *Builtin) expected() string {
	switch {
	case b.Max < 0:
		return fmt.Sprintf("> %d", b.Min-1)
	case b.Min == b.Max:
		return fmt.Sprint(b.Min)
	}
	return fmt.Sprintf("[%d, %d]", b.Min, b.Max)
}
