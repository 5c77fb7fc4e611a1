package analyzer

import (
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// The limits of spec §1.5 on what a statement reaches.
const (
	// MaxViewDepth is how deep views and functions may be reached through
	// other views and functions.
	MaxViewDepth = 100
	// MaxExpansion is how many relation references a statement may expand
	// to once its views are expanded, counting repeats.
	MaxExpansion = 10000
)

// Body is a view's (or temporary view's) body as one statement reads it. It
// is parsed and resolved once per statement, however often the statement
// reaches the view, so that cost grows with the distinct views reached and
// not with the paths to them (spec §1.5).
type Body struct {
	Key     string           // the view as errors name it: `db`.`v`, or `v` for a temporary view
	Query   *parser.Query    // the parsed body
	Columns []catalog.Column // the view's columns
	// Pick maps the view's columns onto the body's output: column i is
	// output column Pick[i]; nil for the identity.
	Pick     []int
	Requests []*Request // the request trees of the body, in body order
	SQLName  string     // the unique name the engine gives it
	Temp     bool
	// Uses counts the places the statement and the bodies it reaches
	// name this view. SQLite copies a common table expression at every
	// place it is named, so a temporary view named more than once is
	// computed once into a temporary table instead (spec §1.5); a
	// persistent view always is, as a fence (see the engine's translator).
	Uses    int
	refs    int      // relation references the body expands to
	deepest []string // the longest chain of views and functions from this one down, itself first
}

// FuncBody is a SQL function's body as one statement reads it, resolved
// once per statement.
type FuncBody struct {
	Key      string // `db`.`f`, or `f` for a temporary function
	Expr     *parser.Expr
	Params   []catalog.Param
	Returns  string
	Requests []*Request // the requests of the functions its body calls
	// ParamUses counts, per parameter, the references to it in the body.
	ParamUses []int
	// ParamInQuery marks the parameters the body uses inside a subquery.
	ParamInQuery []bool
	deepest      []string
	calls        int // SQL function calls the body expands to once inlined
}

// expansion is what one statement's resolution shares across the stored
// bodies it reaches.
type expansion struct {
	views     map[privilege.Securable]*Body
	temps     map[string]*Body
	funcs     map[privilege.Securable]*FuncBody
	tempFuncs map[string]*FuncBody
	stack     []string // keys of the bodies being expanded, outermost first
	// files holds the header of every path relation once the statement is
	// authorized and the files are read; nil before (spec §2.6).
	files map[string][]catalog.Column
	// open is set once a path relation whose columns are not known yet is
	// met: checks that count columns are left to the second resolution,
	// which sees the files.
	open bool
	// done marks the expressions annotate and checkNesting have seen:
	// an expression resolved on its own (a lambda's body, a higher-order
	// function's argument, a subscript) is not walked again by the
	// expression around it, which keeps nested lambdas linear.
	done map[*parser.Expr]doneMark
}

// doneMark says which passes an expression went through.
type doneMark uint8

const (
	annotated doneMark = 1 << iota
	nestChecked
)

func newExpansion(files map[string][]catalog.Column) *expansion {
	return &expansion{
		views: map[privilege.Securable]*Body{}, temps: map[string]*Body{},
		funcs: map[privilege.Securable]*FuncBody{}, tempFuncs: map[string]*FuncBody{},
		files: files, done: map[*parser.Expr]doneMark{},
	}
}

// lenient reports whether checks that depend on the number or names of
// columns must wait: the statement reads a file that is not open yet.
func (r *resolver) lenient() bool { return r.x.open }

// enter checks the depth and cycle limits for a body at r.level+1 whose
// deepest known chain is deepest (nil when it has not been expanded yet),
// and pushes key on the expansion stack.
func (r *resolver) enter(key string, function bool, deepest []string) error {
	for i, k := range r.x.stack {
		if k == key {
			cycle := append(append([]string(nil), r.x.stack[i:]...), key)
			what := "view"
			if function {
				what = "function"
			}
			return sqlerr.NewRecursiveView(sqlerr.Pos{}, what, key, strings.Join(cycle, " -> "))
		}
	}
	level := r.level + 1
	if deepest == nil {
		deepest = []string{key}
	}
	if over := level + len(deepest) - 1 - MaxViewDepth; over > 0 {
		return sqlerr.New(sqlerr.ViewExceedMaxNestedDepth, sqlerr.Pos{}, "The depth of view %s exceeds the maximum view resolution depth (%d).", deepest[len(deepest)-over], MaxViewDepth)
	}
	r.x.stack = append(r.x.stack, key)
	return nil
}

func (r *resolver) leave() { r.x.stack = r.x.stack[:len(r.x.stack)-1] }

// addCalls counts n inlined SQL function calls at pos against
// MaxExpansion: bodies are inlined where they are called, so a function that
// calls another twice doubles at every level (tableacl choice, the limit
// of spec §1.5 applied to functions).
func (r *resolver) addCalls(n int, pos sqlerr.Pos) error {
	r.calls += n
	if r.calls > MaxExpansion {
		return sqlerr.New(sqlerr.StatementTooComplex, pos, "The statement expands to more than %d function calls after its functions are inlined.", MaxExpansion)
	}
	return nil
}

// addRefs counts n relation references at pos against MaxExpansion.
func (r *resolver) addRefs(n int, pos sqlerr.Pos) error {
	r.refs += n
	if r.refs > MaxExpansion {
		return sqlerr.New(sqlerr.StatementTooComplex, pos, "The statement expands to more than %d relations after its views are expanded.", MaxExpansion)
	}
	return nil
}

// deeper is the chain of a body whose deepest child chain is child.
func deeper(key string, child []string) []string {
	return append([]string{key}, child...)
}

// view returns the body of a persistent view, resolving it the first time
// the statement reaches it: against persistent objects only, with no outer
// scope (spec §2.4).
func (r *resolver) view(rel *catalog.Relation) (*Body, error) {
	k := privilege.TableKey(rel.DB, rel.Name)
	if b, ok := r.x.views[k]; ok {
		return b, r.checkReuse(b.Key, b.deepest)
	}
	key := k.Key()
	if err := r.enter(key, false, nil); err != nil {
		return nil, err
	}
	defer r.leave()
	q, err := r.sess.Bodies.query(rel.ViewText)
	if err != nil {
		return nil, sqlerr.Internal(fmt.Errorf("stored body of view %s does not parse: %v", key, err))
	}
	sub := r.body(true)
	sub.chain = []string{key}
	out, reqs, err := sub.query(q, &scope{persistent: true})
	if err != nil {
		return nil, err
	}
	var pick []int
	if !r.lenient() {
		if pick, err = pickColumns(rel, rel.QueryColumns, out); err != nil {
			return nil, err
		}
	}
	b := &Body{Key: key, Query: q, Columns: rel.Columns, Pick: pick, Requests: reqs, SQLName: r.b.name("view"), refs: sub.refs, deepest: sub.chain}
	r.x.views[k] = b
	return b, nil
}

// checkReuse applies the depth limit to a body met again at a new level.
func (r *resolver) checkReuse(key string, deepest []string) error {
	if err := r.enter(key, false, deepest); err != nil {
		return err
	}
	r.leave()
	return nil
}

// pickColumns maps a view's columns onto the columns its body gives now,
// as Spark does: by the names the body gave when the view was created, the
// k-th column of a name taking the k-th column of that name now, so that a
// table dropped and created again with its columns in another order, or
// with more of them, still gives the view its own columns. It returns nil
// when the map is the identity.
func pickColumns(rel *catalog.Relation, queryCols []string, out []catalog.Column) ([]int, error) {
	if queryCols == nil {
		// Stored before tableacl kept the body's names: by the view's own
		// column names, as Spark reads such views, and by position when
		// those are not the body's (a view created with a column list).
		names := make([]string, len(rel.Columns))
		for i, c := range rel.Columns {
			names[i] = c.Name
		}
		pick, err := pickColumns(rel, names, out)
		if err != nil && len(out) == len(rel.Columns) {
			return nil, nil
		}
		return pick, err
	}
	want := map[string]int{}
	for _, name := range queryCols {
		want[strings.ToLower(name)]++
	}
	have := map[string][]int{}
	for i, c := range out {
		k := strings.ToLower(c.Name)
		have[k] = append(have[k], i)
	}
	next := map[string]int{}
	pick := make([]int, len(queryCols))
	identity := len(out) == len(queryCols)
	for i, name := range queryCols {
		k := strings.ToLower(name)
		if len(have[k]) != want[k] {
			got := make([]string, len(have[k]))
			for j, at := range have[k] {
				got[j] = out[at].Name
			}
			return nil, incompatibleView(rel, name, want[k], got)
		}
		pick[i] = have[k][next[k]]
		next[k]++
		identity = identity && pick[i] == i
	}
	if identity {
		return nil, nil
	}
	return pick, nil
}

// incompatibleView is Spark's error for a view whose body no longer yields
// a column stored with it: an object it reads was dropped and created
// again with other columns. It is raised while names resolve, before the
// caller is authorized, so unlike Spark's it does not repeat the view's
// text (tableacl choice: that would show a view's definition to a caller
// without READ_METADATA on it).
func incompatibleView(rel *catalog.Relation, col string, expected int, got []string) error {
	cols := make([]string, len(rel.Columns))
	for i, c := range rel.Columns {
		cols[i] = parser.QuoteIdent(c.Name)
	}
	name := privilege.Quote(rel.Name)
	create := "CREATE OR REPLACE TEMPORARY VIEW " + parser.QuoteIdent(rel.Name)
	if rel.DB != "" {
		name = privilege.Quote("spark_catalog") + "." + privilege.TableKey(rel.DB, rel.Name).Key()
		create = "CREATE OR REPLACE VIEW spark_catalog." + parser.QuoteIdent(rel.DB) + "." + parser.QuoteIdent(rel.Name)
	}
	return sqlerr.New(sqlerr.IncompatibleViewSchemaChange, sqlerr.Pos{},
		"The SQL query of view %s has an incompatible schema change and column %s cannot be resolved. Expected %d columns named %s but got [%s].\nPlease try to re-create the view by running: %s (%s) AS ....",
		name, col, expected, col, strings.Join(got, ","), create, strings.Join(cols, ", "))
}

// tempView returns the body of a temporary view, resolved once per
// statement. It adds no node of its own (spec §2.5).
func (r *resolver) tempView(tv *TempView) (*Body, error) {
	if b, ok := r.x.temps[tv.Name]; ok {
		return b, r.checkReuse(b.Key, b.deepest)
	}
	key := privilege.Quote(tv.Name)
	if err := r.enter(key, false, nil); err != nil {
		return nil, err
	}
	defer r.leave()
	q, err := r.sess.Bodies.query(tv.Body)
	if err != nil {
		return nil, sqlerr.Internal(fmt.Errorf("stored body of temporary view %s does not parse: %v", key, err))
	}
	sub := r.body(true)
	sub.chain = []string{key}
	out, reqs, err := sub.query(q, &scope{})
	if err != nil {
		return nil, err
	}
	cols := tv.Columns
	var pick []int
	if !r.lenient() {
		if pick, err = pickColumns(&catalog.Relation{Name: tv.Name, Columns: cols}, tv.QueryColumns, out); err != nil {
			return nil, err
		}
	}
	b := &Body{Key: key, Query: q, Columns: cols, Pick: pick, Requests: reqs, SQLName: r.b.name("view"), Temp: true, refs: sub.refs, deepest: sub.chain}
	r.x.temps[tv.Name] = b
	return b, nil
}

// function returns the body of a SQL function, resolved once per
// statement with its parameters in scope.
func (r *resolver) function(key string, memo func() (*FuncBody, bool), store func(*FuncBody), text string, params []catalog.Param, returns string, persistent bool) (*FuncBody, error) {
	if fb, ok := memo(); ok {
		if err := r.enter(key, true, fb.deepest); err != nil {
			return nil, err
		}
		r.leave()
		return fb, nil
	}
	if err := r.enter(key, true, nil); err != nil {
		return nil, err
	}
	defer r.leave()
	e, err := r.sess.Bodies.expr(text)
	if err != nil {
		return nil, sqlerr.Internal(fmt.Errorf("stored body of function %s does not parse: %v", key, err))
	}
	sub := r.body(true)
	sub.chain = []string{key}
	reqs, err := sub.expr(e, paramScope(params, persistent))
	if err != nil {
		return nil, err
	}
	if err := bodySpecials(key, e, r.b); err != nil {
		return nil, err
	}
	fb := &FuncBody{Key: key, Expr: e, Params: params, Returns: returns, Requests: reqs, deepest: sub.chain,
		ParamUses: make([]int, len(params)), ParamInQuery: make([]bool, len(params)), calls: sub.calls}
	var walk func(n any, inQuery bool)
	walk = func(n any, inQuery bool) {
		parser.Walk(n, func(n any) bool {
			switch x := n.(type) {
			case *parser.Query:
				if !inQuery {
					walk(x, true)
					return false
				}
			case *parser.Primary:
				if x.Column != nil {
					if ref := r.b.Cols[x.Column]; ref != nil && ref.Param > 0 {
						fb.ParamUses[ref.Param-1]++
						fb.ParamInQuery[ref.Param-1] = fb.ParamInQuery[ref.Param-1] || inQuery
					}
				}
			}
			return true
		})
	}
	walk(e, false)
	store(fb)
	return fb, nil
}

// bodySpecials refuses an aggregate or window function anywhere in a
// function body, subqueries included: a body is inlined where it is
// called, so one would change the query around the call, and inside a
// subquery it would aggregate the caller's rows through the parameters
// (tableacl choice). A stored body is checked again when it is read, so a
// catalog written before the rule cannot bring one in.
func bodySpecials(fname string, e *parser.Expr, b *Bindings) error {
	var err error
	parser.Walk(e, func(n any) bool {
		if c, ok := n.(*parser.Call); ok && err == nil {
			info := b.Calls[c]
			if c.Over != nil || info != nil && info.Kind == BuiltinCall && info.Builtin.Kind == Aggregate {
				err = sqlerr.New(sqlerr.UnsupportedFeature, c.At(), "The body of function %s cannot use aggregate or window functions.", fname)
			}
		}
		return err == nil
	})
	return err
}

// reached records that this body reaches a body whose chain is child, for
// the depth limit.
func (r *resolver) reached(child []string) {
	if r.chain != nil && len(child)+1 > len(r.chain) {
		r.chain = deeper(r.chain[0], child)
	}
}
