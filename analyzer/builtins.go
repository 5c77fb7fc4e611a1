package analyzer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// BuiltinKind says how a built-in function may be called.
type BuiltinKind uint8

// Kinds of built-in function.
const (
	Scalar     BuiltinKind = iota + 1
	Aggregate              // also a window function under OVER when it has a Window
	Ranking                // row_number, rank, ntile, ...: window only, ordered
	Offset                 // lag, lead: window only, ordered
	Navigation             // nth_value: window only
	Generator              // explode, ...: rows, in FROM or LATERAL VIEW
)

// Builtin is one built-in function (spec §5.5); builtinTable lists them.
// Built-ins need no privilege.
type Builtin struct {
	Name     string
	Kind     BuiltinKind
	Min, Max int    // parameter counts; Max < 0: no upper bound
	Result   string // the result's type (see builtinTable)
	SQL      string // how SQLite computes it (see builtinTable)
	Window   string // an aggregate's SQLite window function, if it has one
	// Ordered says whether an aggregate takes WITHIN GROUP (ORDER BY x):
	// "" (it does not), "required" (an inverse distribution function:
	// percentile_cont) or "optional" (listagg: the order of the values).
	Ordered string
	Args    string // the parameters, as help shows them
	Doc     string // what it returns, in a line
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

// Builtins returns tableacl's built-in functions, sorted by name.
func Builtins() []*Builtin {
	out := make([]*Builtin, 0, len(builtins))
	for _, b := range builtins {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupBuiltin returns the built-in function called name (lower case).
func LookupBuiltin(name string) (*Builtin, bool) {
	b, ok := builtins[name]
	return b, ok
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

// builtins is builtinTable by name.
var builtins = func() map[string]*Builtin {
	m := make(map[string]*Builtin, len(builtinTable))
	for i := range builtinTable {
		b := &builtinTable[i]
		if _, dup := m[b.Name]; dup {
			panic("analyzer: built-in " + b.Name + " is listed twice")
		}
		m[b.Name] = b
	}
	return m
}()

// WindowOnly reports whether the function can only be called with OVER.
func (b *Builtin) WindowOnly() bool {
	return b.Kind == Ranking || b.Kind == Offset || b.Kind == Navigation
}

// Special reports whether the translator writes the call itself.
func (b *Builtin) Special() bool { return b.SQL == "special" }

// Signature is the call as help shows it: name(args).
func (b *Builtin) Signature() string { return b.Name + "(" + b.Args + ")" }

// Template returns how SQLite computes a call with n arguments: a
// function's name, or a template of $1 ... $n and $*.
func (b *Builtin) Template(n int) string {
	if b.SQL == "" {
		return b.Name
	}
	forms := strings.Split(b.SQL, "|")
	i := n - b.Min
	if i >= len(forms) {
		i = len(forms) - 1
	}
	if i < 0 {
		i = 0
	}
	return forms[i]
}

// Expand writes a template with the arguments' text; a form that is only a
// name is a call of it with every argument.
func Expand(form string, args []string) string {
	if form != "" && (form[0] >= '0' && form[0] <= '9' || form[0] == '\'') {
		return form // a constant: 0, 'UTC'
	}
	if !strings.ContainsAny(form, "$('") && !strings.Contains(form, " ") {
		return form + "(" + strings.Join(args, ", ") + ")"
	}
	var b strings.Builder
	for i := 0; i < len(form); i++ {
		c := form[i]
		if c != '$' || i+1 >= len(form) {
			b.WriteByte(c)
			continue
		}
		if form[i+1] == '*' {
			b.WriteString(strings.Join(args, ", "))
			i++
			continue
		}
		j := i + 1
		for j < len(form) && form[j] >= '0' && form[j] <= '9' {
			j++
		}
		k, err := strconv.Atoi(form[i+1 : j])
		if err != nil || k < 1 || k > len(args) {
			b.WriteByte(c)
			continue
		}
		b.WriteString("(" + args[k-1] + ")")
		i = j - 1
	}
	return b.String()
}

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

// ResultType is the type of a call whose arguments have the given types
// (see builtinTable for the forms of Result).
func (b *Builtin) ResultType(args []string) string {
	return resultType(b.Result, args)
}

func resultType(form string, args []string) string {
	arg := func(i int) string {
		if i >= 1 && i <= len(args) && args[i-1] != "" {
			return args[i-1]
		}
		return "string"
	}
	num := func(prefix string) (int, bool) {
		if !strings.HasPrefix(form, prefix) {
			return 0, false
		}
		n, err := strconv.Atoi(form[len(prefix):])
		return n, err == nil
	}
	switch {
	case form == "":
		return arg(1)
	case form == "common":
		return commonType(args)
	case form == "common2":
		if len(args) < 2 {
			return "string"
		}
		return commonType(args[1:])
	case form == "decode":
		if len(args) <= 2 {
			return "string"
		}
		results := []string{}
		for i := 2; i < len(args); i += 2 {
			results = append(results, args[i])
		}
		if len(args)%2 == 0 {
			results = append(results, args[len(args)-1])
		}
		return commonType(results)
	case form == "sum":
		switch t := arg(1); {
		case isIntegral(t):
			return "bigint"
		case t == "float":
			return "double"
		default:
			return t
		}
	case strings.HasPrefix(form, "array<") && strings.HasSuffix(form, ">"):
		return "array<" + resultType(form[len("array<"):len(form)-1], args) + ">"
	case strings.HasPrefix(form, "map<") && strings.HasSuffix(form, ">"):
		k, v, _ := strings.Cut(form[len("map<"):len(form)-1], ",")
		return "map<" + resultType(k, args) + "," + resultType(v, args) + ">"
	}
	if n, ok := num("arg"); ok {
		return arg(n)
	}
	if n, ok := num("elem"); ok {
		return elementType(arg(n))
	}
	if n, ok := num("key"); ok {
		k, _ := mapTypes(arg(n))
		return k
	}
	if n, ok := num("value"); ok {
		_, v := mapTypes(arg(n))
		return v
	}
	return form
}
