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
}

// builtins is the one table of built-in functions: resolution, the checks
// of calls, typing and the help all read it.
var builtins = map[string]*Builtin{}

func init() {
	for _, b := range []Builtin{
		{"count", Aggregate, 1, -1, "bigint"},
		{"sum", Aggregate, 1, 1, ""},
		{"avg", Aggregate, 1, 1, "double"},
		{"min", Aggregate, 1, 1, ""},
		{"max", Aggregate, 1, 1, ""},
		{"row_number", Ranking, 0, 0, "int"},
		{"rank", Ranking, 0, 0, "int"},
		{"dense_rank", Ranking, 0, 0, "int"},
		{"lag", Offset, 1, 3, ""},
		{"lead", Offset, 1, 3, ""},
		{"abs", Scalar, 1, 1, ""},
		{"round", Scalar, 1, 2, ""},
		{"floor", Scalar, 1, 1, "bigint"},
		{"ceil", Scalar, 1, 1, "bigint"},
		{"coalesce", Scalar, 1, -1, ""},
		{"nullif", Scalar, 2, 2, ""},
		{"ifnull", Scalar, 2, 2, ""},
		{"nvl", Scalar, 2, 2, ""},
		{"upper", Scalar, 1, 1, "string"},
		{"lower", Scalar, 1, 1, "string"},
		{"length", Scalar, 1, 1, "int"},
		{"substr", Scalar, 2, 3, "string"},
		{"substring", Scalar, 2, 3, "string"},
		{"concat", Scalar, 0, -1, "string"},
		{"trim", Scalar, 1, 1, "string"},
		{"ltrim", Scalar, 1, 1, "string"},
		{"rtrim", Scalar, 1, 1, "string"},
		{"replace", Scalar, 2, 3, "string"},
		{"current_date", Scalar, 0, 0, "date"},
		{"current_timestamp", Scalar, 0, 0, "timestamp"},
		{"current_database", Scalar, 0, 0, "string"},
		{"current_user", Scalar, 0, 0, "string"},
		{"is_member", Scalar, 1, 1, "boolean"},
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
