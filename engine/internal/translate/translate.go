// Package translate renders an analyzed statement as the SQLite SQL that
// runs it: the last stage before SQLite (parser → analyzer → translate →
// SQLite), used by the engine's executor once a statement is authorized.
// It holds what tableacl knows of SQLite's dialect and limits; the engine
// holds what it knows of running statements.
package translate

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Translator renders an analyzed query as SQLite SQL.
//
// No user text reaches SQLite as an identifier: every relation is named by
// the unique alias the analyzer gave it, every column of anything but a
// stored table by its position ("c1", "c2", ...), and stored tables by
// their column names, which hold only ASCII letters, digits and '_' (spec
// §2.2). Literals are re-quoted, and a string holding a NUL byte is written
// as bytes.
//
// The text is linear in the statement and in the distinct views,
// functions and files it reaches (spec §1.5): each view is written once,
// as a common table expression in front of the statement when it is read
// once (a persistent one behind a fence, see view), and as a temporary
// table computed before the statement when it is
// read more often (SQLite copies a common table expression wherever it is
// named, so views that read a view twice would double at every level);
// files are read into temporary tables; an uncorrelated subquery is
// computed once; a SQL function's arguments are written once when its
// body uses a parameter more than once.
type Translator struct {
	b       *analyzer.Bindings
	caller  *analyzer.Caller
	db      string // current database, for current_database()
	files   map[string]*File
	w       strings.Builder
	defs    []string // the current statement's definitions, dependencies first
	prelude []string // statements that fill temporary tables, run first
	temps   []string // the temporary tables they make
	done    map[string]bool
	frames  []frame // the SQL functions being inlined, innermost last
	inner   int     // how many subqueries used as expressions enclose the text being written
	err     error
	seq     int
	pos     sqlerr.Pos // the statement's, for limits the text as a whole meets
	// items holds the text of each select item, as its block last wrote
	// it: a select-list alias in GROUP BY, HAVING or ORDER BY is written
	// as the expression it names, since SQLite would take the name for an
	// input column there. copied counts the bytes so copied, which
	// maxCopied bounds, as it bounds the columns of USING joins.
	items  map[*parser.Expr]string
	copied int
	// set is the grouping set of a GROUP BY ROLLUP, CUBE or GROUPING SETS
	// being written, nil otherwise.
	set *groupingSet
	// outputsOnly is set while the ORDER BY of grouping sets is written:
	// it may name output columns only; outputs holds the text of each
	// output column's expression then, "" for those that cannot be
	// matched (grouping() reads as a constant outside its set).
	outputsOnly bool
	outputs     []string
	orderSelect *parser.Select // the block whose outputs they are
	// lambdas holds, for each lambda function being written, the text of
	// each of its parameters.
	lambdas map[*parser.Lambda][]string
	// pivotFilter is, while PIVOT's aggregates are written for one IN
	// value, the condition their rows meet.
	pivotFilter string
}

// maxCopied bounds the text a statement's alias references and joined
// columns copy: far beyond what a person writes, and small enough that no
// statement makes the translation quadratic.
const maxCopied = 4 << 20

// frame is how one inlined SQL function's parameters are written: the
// arguments' text, or the columns of a derived table.
type frame struct {
	args  []string
	alias string
	// used marks the parameters written once already: arguments written
	// in place are copies after their first use (see copy).
	used []bool
}

// File is a path relation read after authorization (spec §2.6), and the
// temporary table its rows were put in.
type File struct {
	Header []string
	Rows   [][]string
	Table  string
}

// New prepares the translation of one statement: its bindings, its
// caller (for current_user() and is_member()), the current database, the
// files it reads, and the statement's position, given to errors about the
// statement as a whole.
func New(b *analyzer.Bindings, caller *analyzer.Caller, db string, files map[string]*File, pos sqlerr.Pos) *Translator {
	return &Translator{b: b, caller: caller, db: db, files: files, pos: pos, done: map[string]bool{}, items: map[*parser.Expr]string{}}
}

// Err is the first error the translation met, or nil.
func (t *Translator) Err() error { return t.err }

// Prelude returns, and forgets, the statements to run before the
// translated text (they fill temporary tables), and the temporary tables
// they make, which the caller drops when the statement ends.
func (t *Translator) Prelude() (stmts, temps []string) {
	stmts, temps = t.prelude, t.temps
	t.prelude, t.temps = nil, nil
	return stmts, temps
}

// Statement renders a whole query.
func (t *Translator) Statement(q *parser.Query) string { return t.statement(q) }

// Expr renders one expression, alone.
func (t *Translator) Expr(e *parser.Expr) string { return t.text(func() { t.expr(e) }) }

// Relation renders a FROM item, alone.
func (t *Translator) Relation(f *parser.TableFactor) string { return t.text(func() { t.factor(f) }) }

// Column renders column i of a FROM entry.
func (t *Translator) Column(e *analyzer.Entry, i int) string { return t.col(e, i) }

// With is the WITH clause of the views and subqueries the text rendered so
// far reads, or "".
func (t *Translator) With() string { return t.with() }

func (t *Translator) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

func (t *Translator) s(parts ...string) {
	if t.err != nil {
		return // the statement fails: what is written no longer matters
	}
	for _, p := range parts {
		t.w.WriteString(p)
	}
}

// text renders what fn writes as a separate string.
func (t *Translator) text(fn func()) string {
	saved := t.w
	t.w = strings.Builder{}
	fn()
	out := t.w.String()
	t.w = saved
	return out
}

// copy accounts for text written once more than the statement wrote it.
func (t *Translator) copy(text string) string {
	t.copied += len(text)
	if t.copied > maxCopied {
		t.fail(sqlerr.New(sqlerr.StatementTooComplex, t.pos, "The statement repeats its select-list aliases, joined columns, function arguments and grouping sets more than SQLite can be given: the copies come to more than %d bytes.", maxCopied))
		return "NULL"
	}
	return text
}

func qi(s string) string { return catalog.QuoteIdent(s) }

// positions lists the positional names of the first n output columns.
func positions(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pos(i))
	}
	return b.String()
}

// pos is the positional name of output column i (0-based).
func pos(i int) string { return `"c` + strconv.Itoa(i+1) + `"` }

// sqlString quotes a string for SQLite. SQLite reads a statement as a C
// string, so a NUL byte inside a literal would end the statement there: such
// a literal is written as its bytes, which it simply is (spec §11).
func sqlString(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		return "CAST(X'" + hex.EncodeToString([]byte(s)) + "' AS TEXT)"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// with is the WITH clause that defines the views and files the statement
// read, or "".
func (t *Translator) with() string {
	if len(t.defs) == 0 {
		return ""
	}
	return "WITH " + strings.Join(t.defs, ", ") + " "
}

// statement renders a whole query: its own WITH clause joined with the
// definitions of the views and files it reads.
func (t *Translator) statement(q *parser.Query) string {
	var ctes []string
	for _, c := range q.With {
		def := t.b.CTEs[c]
		ctes = append(ctes, qi(def.SQLName)+" AS ("+t.text(func() { t.query(c.Query) })+")")
	}
	body := t.text(func() { t.queryBody(q) })
	all := append(append([]string(nil), t.defs...), ctes...)
	if len(all) == 0 {
		return body
	}
	return "WITH " + strings.Join(all, ", ") + " " + body
}

func (t *Translator) query(q *parser.Query) {
	// What holds for one block's expressions holds for none of a query
	// written inside them (a subquery, a view's body): the ORDER BY of
	// grouping sets naming outputs, PIVOT's filter on aggregates.
	outputsOnly, outputs, pivotFilter := t.outputsOnly, t.outputs, t.pivotFilter
	t.outputsOnly, t.outputs, t.pivotFilter = false, nil, ""
	defer func() { t.outputsOnly, t.outputs, t.pivotFilter = outputsOnly, outputs, pivotFilter }()
	if len(q.With) > 0 {
		t.s("WITH ")
		for i, c := range q.With {
			def := t.b.CTEs[c]
			if i > 0 {
				t.s(", ")
			}
			t.s(qi(def.SQLName), " AS (")
			t.query(c.Query)
			t.s(")")
		}
		t.s(" ")
	}
	t.queryBody(q)
}

// queryBody renders a query without its WITH clause. A set operation
// with ORDER BY is sorted from outside: SQLite sorts a compound only by
// its output columns, Spark by any expression over them.
func (t *Translator) queryBody(q *parser.Query) {
	order := q.Order()
	switch s := q.Body.Left.Select; {
	case s != nil && s.Qualify != nil && len(q.Body.Ops) == 0:
		// QUALIFY filters the rows once their window functions are
		// computed: the block is computed with the condition and the
		// ORDER BY keys as columns of their own, then filtered and
		// sorted from outside.
		n := len(t.b.Selects[s].Output)
		t.s("SELECT ", positions(n), " FROM (")
		if !t.selectList(s) {
			return
		}
		t.s(", ")
		t.expr(s.Qualify)
		t.s(" AS ", qi("x0"))
		keys := make([]string, len(order))
		for i, o := range order {
			// A key that names an output column is that column outside;
			// any other is computed inside, as a column of its own.
			if p := analyzer.BareColumn(o.Expr); p != nil && t.b.Cols[p] != nil && t.b.Cols[p].Output > 0 {
				keys[i] = pos(t.b.Cols[p].Output - 1)
				continue
			}
			if k, ok := analyzer.Ordinal(o.Expr); ok {
				keys[i] = strconv.Itoa(k)
				continue
			}
			keys[i] = qi("x" + strconv.Itoa(i+1))
			t.s(", ")
			t.groupKey(o.Expr)
			t.s(" AS ", keys[i])
		}
		t.selectTail(s)
		t.s(") WHERE ", qi("x0"))
		if len(order) > 0 {
			t.s(" ORDER BY ")
			for i, o := range order {
				if i > 0 {
					t.s(", ")
				}
				t.s(keys[i])
				if o.Dir != "" {
					t.s(" ", strings.ToUpper(o.Dir))
				}
				if o.Nulls != "" {
					t.s(" NULLS ", strings.ToUpper(o.Nulls))
				}
			}
		}
	case len(q.Body.Ops) > 0 && len(order) > 0:
		t.s("SELECT * FROM (")
		t.setExpr(q)
		t.s(")")
		t.s(" ORDER BY ")
		t.orderItems(order, true)
	case s != nil && t.b.Selects[s].Sets != nil && len(order) > 0:
		// The grouping sets' rows are a union: sorted from outside, by
		// the output columns (grouping(...) and expressions over columns
		// that are not outputs cannot be sorted on here).
		t.setExpr(q)
		t.s(" ORDER BY ")
		t.outputs = t.outputTexts(t.b.Selects[s].Output)
		t.outputsOnly, t.orderSelect = true, s
		t.orderItems(order, true)
		t.outputsOnly, t.outputs = false, nil
	default:
		t.setExpr(q)
		if len(order) > 0 {
			t.s(" ORDER BY ")
			t.orderItems(order, true)
		}
	}
	switch {
	case q.Limit != nil:
		t.s(" LIMIT ")
		t.limit(q.Limit, "limit")
		if q.Offset != nil {
			t.s(" OFFSET ")
			t.limit(q.Offset, "offset")
		}
	case q.Offset != nil:
		t.s(" LIMIT -1 OFFSET ")
		t.limit(q.Offset, "offset")
	}
}

// limit renders a LIMIT or OFFSET: a literal as it is, anything else
// through tableacl_limit, which fails as Spark does on NULL or a negative
// value rather than leaving SQLite to refuse it.
func (t *Translator) limit(e *parser.Expr, name string) {
	if _, ok := analyzer.Ordinal(e); ok {
		t.s(parser.Format(e))
		return
	}
	t.s("tableacl_limit(")
	t.expr(e)
	t.s(", ", sqlString(name), ", ", sqlString(`"`+parser.Format(e)+`"`), ")")
}

// setExpr renders the set operations of a query. SQLite applies them left
// to right; Spark binds INTERSECT tighter than UNION and EXCEPT, so a run
// of INTERSECT that follows another operator is computed first, as a
// query of its own.
func (t *Translator) setExpr(q *parser.Query) {
	width := t.termWidth(q.Body.Left)
	acc := t.text(func() { t.term(q.Body.Left) })
	ops := q.Body.Ops
	for i := 0; i < len(ops); i++ {
		op := ops[i]
		if strings.EqualFold(op.Op, "INTERSECT") {
			acc = t.combine(acc, op, t.text(func() { t.term(op.Right) }), width)
			continue
		}
		// A run of INTERSECT after another operator is computed first.
		right := t.text(func() { t.term(op.Right) })
		j := i + 1
		for ; j < len(ops) && strings.EqualFold(ops[j].Op, "INTERSECT"); j++ {
			x := ops[j]
			right = t.combine(right, x, t.text(func() { t.term(x.Right) }), width)
		}
		if j > i+1 {
			right = "SELECT * FROM (" + right + ")"
		}
		acc = t.combine(acc, op, right, width)
		i = j - 1
	}
	t.s(acc)
}

// combine writes left op right, two queries of width columns. SQLite has
// UNION [ALL], INTERSECT and EXCEPT; INTERSECT ALL and EXCEPT ALL are
// the set operations of the rows numbered within each group of equal rows:
// a row that appears m times on the left and n on the right appears
// min(m, n) times in INTERSECT ALL and max(m - n, 0) in EXCEPT ALL.
func (t *Translator) combine(left string, op *parser.SetOp, right string, width int) string {
	kw := strings.ToUpper(op.Op)
	if kw == "MINUS" {
		kw = "EXCEPT"
	}
	if !strings.EqualFold(op.Quantifier, "ALL") {
		return left + " " + kw + " " + right
	}
	if kw == "UNION" {
		return left + " UNION ALL " + right
	}
	list := positions(width)
	numbered := func(q string) string {
		return "SELECT " + list + `, row_number() OVER (PARTITION BY ` + list + `) AS "n" FROM (` + t.copy(q) + ")"
	}
	return "SELECT " + list + " FROM (" + numbered(left) + " " + kw + " " + numbered(right) + ")"
}

// termWidth is the number of columns a term of a set operation gives.
func (t *Translator) termWidth(x *parser.Term) int {
	switch {
	case x.Select != nil:
		return len(t.b.Selects[x.Select].Output)
	case x.Paren != nil:
		return t.termWidth(x.Paren.Body.Left)
	}
	return len(t.b.Values[x])
}

// orderItems renders ORDER BY keys; top marks the ORDER BY of a query,
// where integer literals are positions.
func (t *Translator) orderItems(items []*parser.OrderItem, top bool) {
	for i, o := range items {
		if i > 0 {
			t.s(", ")
		}
		if top {
			t.orderKey(o.Expr)
		} else {
			t.expr(o.Expr)
		}
		if o.Dir != "" {
			t.s(" ", strings.ToUpper(o.Dir))
		}
		if o.Nulls != "" {
			t.s(" NULLS ", strings.ToUpper(o.Nulls))
		}
	}
}

// orderKey renders a key of a query's ORDER BY. One that is just a
// select-list alias is written as the output column's name, which SQLite
// reads as that column, before any input column of the name: the column's
// value is the one sorted on, as in Spark, even when it is not
// deterministic.
func (t *Translator) orderKey(e *parser.Expr) {
	if p := analyzer.BareColumn(e); p != nil {
		if ref := t.b.Cols[p]; ref != nil && ref.Output > 0 {
			t.s(pos(ref.Output - 1))
			return
		}
	}
	if t.outputsOnly {
		// ORDER BY s.region after GROUP BY ROLLUP (s.region): the key is
		// an output column's expression, whatever its qualification.
		if _, ok := analyzer.Ordinal(e); !ok {
			if text := t.outputText(e); text != "" {
				for i, out := range t.outputs {
					if out == text {
						t.s(pos(i))
						return
					}
				}
			}
			// grouping(x) that the select list gives, as it is written.
			if c := groupingCall(e, t.b); c != nil {
				for i, it := range t.b.Selects[t.orderSelect].Output {
					if it.Expr != nil && groupingCall(it.Expr, t.b) != nil && parser.Format(it.Expr) == parser.Format(e) {
						t.s(pos(i))
						return
					}
				}
			}
			// Sorted from outside the union of the sets, a key can read
			// the output columns only: no query, aggregate, window
			// function or lambda over the inputs.
			if what := t.innerComputation(e); what != "" {
				t.fail(sqlerr.New(sqlerr.UnsupportedFeature, e.At(), "The feature is not supported: ORDER BY of ROLLUP, CUBE or GROUPING SETS on %s, which is not an output column.", what))
				t.s("NULL")
				return
			}
		}
	}
	t.groupKey(e)
}

// groupingCall returns the grouping() or grouping_id() call e is alone, or
// nil.
func groupingCall(e *parser.Expr, b *analyzer.Bindings) *parser.Call {
	p := analyzer.BarePrimary(e)
	if p == nil || p.Call == nil {
		return nil
	}
	if info := b.Calls[p.Call]; info != nil && (info.Name == "grouping" || info.Name == "grouping_id") {
		return p.Call
	}
	return nil
}

// innerComputation names what in e must be computed inside a block's
// rows (a subquery, an aggregate or window function, a lambda), or "".
func (t *Translator) innerComputation(e *parser.Expr) string {
	what := ""
	parser.Walk(e, func(n any) bool {
		switch x := n.(type) {
		case *parser.Query:
			what = "a subquery"
		case *parser.Lambda:
			what = "a lambda function"
		case *parser.Call:
			if info := t.b.Calls[x]; x.Over != nil || info != nil && info.Kind == analyzer.BuiltinCall && info.Builtin.Kind == analyzer.Aggregate {
				what = parser.Format(x)
			}
		}
		return what == ""
	})
	return what
}

// outputTexts renders each output column of a block as an expression over
// its inputs, to be compared with the keys of its ORDER BY.
func (t *Translator) outputTexts(items []analyzer.OutputItem) []string {
	texts := make([]string, len(items))
	for i, it := range items {
		if it.Expr == nil {
			texts[i] = t.star(it)
			continue
		}
		texts[i] = t.outputText(it.Expr)
	}
	return texts
}

// outputText renders e with every grouping expression present, or ""
// when e calls grouping() or grouping_id(), which are constants then, or
// reads a query, whose text is not its identity.
func (t *Translator) outputText(e *parser.Expr) string {
	comparable := true
	parser.Walk(e, func(n any) bool {
		switch x := n.(type) {
		case *parser.Query:
			comparable = false
		case *parser.Call:
			if info := t.b.Calls[x]; info != nil && (info.Name == "grouping" || info.Name == "grouping_id") {
				comparable = false
			}
		}
		return comparable
	})
	if !comparable {
		return ""
	}
	saved, savedErr := t.outputsOnly, t.err
	t.outputsOnly = false
	text := t.text(func() { t.expr(e) })
	t.outputsOnly, t.err = saved, savedErr
	return text
}

// groupKey renders an ORDER BY or GROUP BY key. A position (a positive INT
// literal) stays a number, which SQLite reads as a position too. A key that
// names no column is written so that SQLite cannot fold it into an integer
// and take that for a position (-1, a BIGINT, 1 IS NULL): Spark reads it as
// a constant, which sorts nothing and makes one group.
func (t *Translator) groupKey(e *parser.Expr) {
	if k, ok := analyzer.Ordinal(e); ok {
		t.s(strconv.Itoa(k))
		return
	}
	t.groupValue(e)
}

// groupValue renders a grouping or ordering expression as a value, never
// a position.
func (t *Translator) groupValue(e *parser.Expr) {
	text := t.text(func() { t.expr(e) })
	if namesNothing(e) || constantInteger(text) {
		text = "CAST((" + text + ") AS TEXT)"
	}
	t.s(text)
}

// namesNothing reports whether e refers to no column, parameter or query.
func namesNothing(e *parser.Expr) bool {
	found := false
	parser.Walk(e, func(n any) bool {
		switch x := n.(type) {
		case *parser.Query:
			found = true
		case *parser.Primary:
			found = found || x.Column != nil
		}
		return !found
	})
	return !found
}

// constantInteger reports whether SQLite would read text as an integer
// constant: digits behind signs and parentheses.
func constantInteger(text string) bool {
	s := strings.Trim(text, "()+- ")
	return isDigits(s)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// term renders one operand; inside a compound SQLite wants a plain SELECT.
func (t *Translator) term(x *parser.Term) {
	switch {
	case x.Select != nil:
		t.selectBlock(x.Select)
		return
	case x.Paren != nil:
		t.s("SELECT * FROM (")
		t.query(x.Paren)
		t.s(")")
		return
	}
	t.valuesSelect(len(t.b.Values[x]), x.Values)
}

// valuesSelect renders VALUES rows as a SELECT of their columns by
// position.
func (t *Translator) valuesSelect(width int, rows []*parser.Row) {
	t.s("SELECT ")
	for i := 0; i < width; i++ {
		if i > 0 {
			t.s(", ")
		}
		t.s("column", strconv.Itoa(i+1), " AS ", pos(i))
	}
	t.s(" FROM (VALUES ")
	for i, r := range rows {
		if i > 0 {
			t.s(", ")
		}
		t.s("(")
		t.exprs(r.Exprs)
		t.s(")")
	}
	t.s(")")
}

// col renders column i of entry e.
func (t *Translator) col(e *analyzer.Entry, i int) string {
	if i < 0 || i >= len(e.Columns) {
		t.fail(sqlerr.Internal(fmt.Errorf("column %d of %s is not resolved", i, e.Qualifier)))
		return "NULL"
	}
	if e.Kind == analyzer.TableEntry && !e.Renamed {
		return qi(e.SQLName) + "." + qi(e.Columns[i].Name)
	}
	if e.Kind == analyzer.GeneratorEntry {
		return t.generatorColumn(e, i)
	}
	if e.Lateral {
		return "json_extract(" + qi(e.SQLName) + ".value, '$[" + strconv.Itoa(i) + "]')"
	}
	return qi(e.SQLName) + "." + pos(i)
}

func (t *Translator) selectBlock(s *parser.Select) {
	if sets := t.b.Selects[s].Sets; sets != nil && (t.set == nil || t.set.sel != s) {
		t.groupingSets(s, sets)
		return
	}
	if s.Qualify != nil {
		// In a set operation: filtered from outside (see queryBody).
		n := len(t.b.Selects[s].Output)
		t.s("SELECT ", positions(n), " FROM (")
		if t.selectList(s) {
			t.s(", ")
			t.expr(s.Qualify)
			t.s(" AS ", qi("x0"))
			t.selectTail(s)
		}
		t.s(") WHERE ", qi("x0"))
		return
	}
	if t.selectList(s) {
		t.selectTail(s)
	}
}

// selectList renders SELECT and the select list of a block; false when
// the block cannot be written.
func (t *Translator) selectList(s *parser.Select) bool {
	info := t.b.Selects[s]
	if len(info.Entries) > maxJoin {
		// SQLite would refuse the join; refused here, a chain of USING
		// joins is not written out first (each FULL JOIN's column nests
		// the coalesce of all before it).
		t.fail(TooComplex(t.pos, JoinTooLarge))
		t.s("SELECT NULL")
		return false
	}
	t.s("SELECT ")
	if strings.EqualFold(s.Quantifier, "DISTINCT") {
		t.s("DISTINCT ")
	}
	// HAVING, or an aggregate in ORDER BY, without GROUP BY makes the
	// select a global aggregate, as in Spark; SQLite wants an aggregate in
	// the select list to see one, so the first column is computed under an
	// aggregate that changes nothing.
	global := info.Global && !t.aggregates(s)
	for i, it := range info.Output {
		if i > 0 {
			t.s(", ")
		}
		if i == 0 && global {
			t.s("CASE WHEN count(*) >= 0 THEN ")
		}
		if it.Expr == nil {
			t.s(t.star(it))
		} else {
			text := t.text(func() { t.expr(it.Expr) })
			t.items[it.Expr] = text
			t.s(text)
		}
		if i == 0 && global {
			t.s(" END")
		}
		t.s(" AS ", pos(i))
	}
	if len(info.Output) == 0 {
		t.s("NULL")
	}
	return true
}

// selectTail renders what follows a block's select list: FROM, WHERE,
// GROUP BY, HAVING and WINDOW.
func (t *Translator) selectTail(s *parser.Select) {
	info := t.b.Selects[s]
	from := len(s.From) > 0
	if p := info.Pivot; p != nil {
		t.s(" FROM (")
		if p.PivotOf.Pivot != nil {
			t.pivotSource(s, p)
		} else {
			t.unpivotSource(s, p)
		}
		t.s(") AS ", qi(p.SQLName))
	} else {
		t.fromClause(s)
	}
	if g := info.Generator; g != nil {
		t.generatorJoin(g, !from)
	}
	if s.Where != nil {
		t.s(" WHERE ")
		t.expr(s.Where)
	}
	switch info := t.b.Selects[s]; {
	case t.set != nil && t.set.sel == s:
		// One grouping set: its own grouping expressions, or one group
		// of all rows for the empty set.
		t.s(" GROUP BY ")
		n := 0
		for k, e := range info.Keys {
			if t.set.nulled[k] {
				continue
			}
			if n > 0 {
				t.s(", ")
			}
			t.groupKey(e)
			n++
		}
		if n == 0 {
			t.s("'()'")
		}
	case len(info.GroupBy) > 0:
		t.s(" GROUP BY ")
		for i, g := range info.GroupBy {
			if i > 0 {
				t.s(", ")
			}
			if s.GroupAll {
				// GROUP BY ALL groups by the items, a constant one by
				// its value, never as a position.
				t.groupValue(g)
			} else {
				t.groupKey(g)
			}
		}
	}
	if s.Having != nil {
		t.s(" HAVING ")
		t.expr(s.Having)
	}
	if len(s.Windows) > 0 {
		t.s(" WINDOW ")
		for i, nw := range s.Windows {
			if i > 0 {
				t.s(", ")
			}
			t.s(qi("w_"+nw.Name.Lower()), " AS ")
			t.windowSpec(nw.Window)
		}
	}
}

// aggregates reports whether the select list of a block calls an aggregate
// function at its own level.
func (t *Translator) aggregates(s *parser.Select) bool {
	found := false
	check := func(node any) {
		parser.Walk(node, func(n any) bool {
			switch x := n.(type) {
			case *parser.Query:
				return false
			case *parser.Call:
				if x.Over != nil {
					return false
				}
				if info := t.b.Calls[x]; info != nil && info.Kind == analyzer.BuiltinCall && info.Builtin.Kind == analyzer.Aggregate {
					found = true
				}
			}
			return !found
		})
	}
	for _, it := range s.Items {
		if it.Expr != nil {
			check(it.Expr)
		}
	}
	return found
}

// ref renders a column reference to a FROM entry: its column, or the
// column a USING join made (spec: Spark's USING).
func (t *Translator) ref(r *analyzer.ColRef) string {
	m := r.Merge
	if m == nil {
		return t.col(r.Entry, r.Index)
	}
	switch m.Kind {
	case "RIGHT":
		return t.ref(m.Right)
	case "FULL":
		return "coalesce(" + t.ref(m.Left) + ", " + t.ref(m.Right) + ")"
	}
	return t.ref(m.Left)
}

// star renders a column of a star expansion.
func (t *Translator) star(it analyzer.OutputItem) string {
	if it.Merge != nil {
		return t.copy(t.ref(&analyzer.ColRef{Entry: it.Entry, Index: it.Index, Merge: it.Merge}))
	}
	return t.col(it.Entry, it.Index)
}

func (t *Translator) factor(f *parser.TableFactor) {
	e := t.b.Factors[f]
	alias := " AS " + qi(e.SQLName)
	if e.Lateral {
		// SQLite has no LATERAL, but a table-valued function's arguments
		// see the relations to its left: the subquery's rows, computed
		// for each row before it, become a JSON array of rows, and each
		// of its elements a row. A column is read back by its position.
		t.s("json_each((SELECT json_group_array(json_array(", positions(len(e.Columns)), ")) FROM (")
		t.query(e.Query)
		t.s(")))", alias)
		return
	}
	if f.Sample == nil {
		t.source(e)
		t.s(alias)
		return
	}
	// TABLESAMPLE reads some rows of the relation: the first n, or each
	// row with the chance asked for (Spark's sample is random too).
	src := t.text(func() { t.source(e) })
	// A row's chance: random, or with REPEATABLE (seed) a hash of the
	// seed and the row's values, so that the same data give the same
	// sample (not the rows Spark's sampler would pick).
	draw := "random()"
	if sm := f.Sample; sm.Seed != "" && len(e.Columns) > 0 {
		// The relation keeps its alias inside, where its columns are
		// read as they are outside.
		cols := make([]string, len(e.Columns))
		for i := range e.Columns {
			cols[i] = t.col(e, i)
		}
		draw = "spark_hash(" + sm.Seed + ", " + strings.Join(cols, ", ") + ")"
		src += alias
	}
	switch sm := f.Sample; {
	case sm.Rows != nil:
		t.s("(SELECT * FROM ", src, " LIMIT ")
		t.limit(sm.Rows, "limit")
		t.s(")", alias)
	case sm.Percent != "":
		pct, _ := strconv.ParseFloat(strings.TrimRight(sm.Percent, "lLsSyYdDfFbB"), 64)
		t.s("(SELECT * FROM ", src, fmt.Sprintf(" WHERE abs(%s %% 1000000) < %d)", draw, int64(pct*10000)), alias)
	default:
		t.s("(SELECT * FROM ", src, " WHERE abs(", draw, " % ", sm.Of, ") < 1)", alias)
	}
}

// source renders the relation of a FROM entry, without its alias.
func (t *Translator) source(e *analyzer.Entry) {
	alias := ""
	switch e.Kind {
	case analyzer.TableEntry:
		src := catalog.DataTable(e.Relation.ID)
		if !e.Relation.Stored {
			// No row was ever written: no SQLite table holds its rows.
			t.s("(SELECT ")
			for i, c := range e.Relation.Columns {
				if i > 0 {
					t.s(", ")
				}
				name := qi(c.Name)
				if e.Renamed {
					name = pos(i)
				}
				t.s("CAST(NULL AS ", catalog.Affinity(c.Type), ") AS ", name)
			}
			t.s(" WHERE 0)", alias)
			return
		}
		if e.Renamed {
			t.s("(SELECT ")
			for i, c := range e.Relation.Columns {
				if i > 0 {
					t.s(", ")
				}
				t.s(qi(c.Name), " AS ", pos(i))
			}
			t.s(" FROM ", src, ")", alias)
			return
		}
		t.s(src, alias)
	case analyzer.ViewEntry:
		t.s(t.view(e.View), alias)
	case analyzer.SubqueryEntry:
		t.s("(")
		t.query(e.Query)
		t.s(")", alias)
	case analyzer.CTEEntry:
		t.s(qi(e.CTE.SQLName), alias)
	case analyzer.ValuesEntry:
		t.s("(")
		t.valuesSelect(len(e.Columns), e.Values)
		t.s(")", alias)
	case analyzer.GeneratorEntry:
		t.s(t.generatorSource(e), alias)
	case analyzer.FileEntry:
		t.s(t.file(e.Path), alias)
	default:
		t.fail(sqlerr.Internal(fmt.Errorf("unknown relation kind %d", e.Kind)))
		t.s("(SELECT 1)", alias)
	}
}

// view defines a view's body once and returns the name to read it by.
//
// A persistent view is a fence: the caller's own predicates must not run on
// rows the view's filter removes. SQLite pushes WHERE and ON terms into
// subqueries and common table expressions, materialized ones too, and may
// evaluate them before the subquery's own; a caller's predicate that fails
// (an overflow) on a hidden row would tell whether that row exists, and
// its values, to someone the chain rule lets read only the view (spec §7:
// the view, not its tables, is what the caller may read). SQLite pushes
// nothing into a subquery that has a LIMIT, and flattens one only into a
// query without WHERE or join, where every expression runs on rows the
// subquery gave; so the body is read through LIMIT -1, which limits
// nothing. The view stays lazy: LIMIT 1 over a huge view reads one row.
//
// A temporary view adds no node (the caller is decided on what it reads),
// so it needs no fence.
//
// A view read more than once is computed once into a temporary table,
// since SQLite copies a common table expression at every place it is named
// (spec §1.5); a temporary table is a fence too. It holds at most
// maxKeptRows rows, so that no statement can fill the disk with a view's
// rows (tableacl choice).
func (t *Translator) view(b *analyzer.Body) string {
	if b.Uses <= 1 {
		name := qi(b.SQLName)
		if !t.done[b.SQLName] {
			t.done[b.SQLName] = true
			body := t.viewBody(b)
			if !b.Temp {
				body = "SELECT * FROM (" + body + ") LIMIT -1"
			}
			t.defs = append(t.defs, name+" AS ("+body+")")
		}
		return name
	}
	name := "temp." + qi(b.SQLName)
	if !t.done[b.SQLName] {
		t.done[b.SQLName] = true
		// The body is a statement of its own, with its own definitions.
		outer := t.defs
		t.defs = nil
		body := t.viewBody(b)
		fill := "CREATE TEMP TABLE " + qi(b.SQLName) + " AS SELECT * FROM (" + t.with() + body + ") LIMIT " + strconv.Itoa(maxKeptRows+1)
		t.defs = outer
		msg := fmt.Sprintf("The statement reads the view %s more than once, which keeps its rows, and it has more than %d rows.", b.Key, maxKeptRows)
		check := "SELECT tableacl_fail(" + sqlString("STATEMENT_TOO_COMPLEX\x1f"+msg) + ") FROM " + name + " LIMIT 1 OFFSET " + strconv.Itoa(maxKeptRows)
		t.prelude = append(t.prelude, fill, check)
		t.temps = append(t.temps, name)
	}
	return name
}

// maxKeptRows bounds the rows of a view kept in a temporary table.
const maxKeptRows = 1000000

// viewBody renders a view's body, its columns taken from the body's by
// name when the two no longer line up (see analyzer.Body.Pick).
func (t *Translator) viewBody(b *analyzer.Body) string {
	body := t.text(func() { t.query(b.Query) })
	if b.Pick == nil {
		return body
	}
	cols := make([]string, len(b.Pick))
	for i, from := range b.Pick {
		cols[i] = pos(from) + " AS " + pos(i)
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM (" + body + ")"
}

// hoist defines a subquery that does not refer to the query around it as
// a common table expression computed once, shaped by form, and returns its
// name. SQLite bounds how deep subqueries in expressions nest far below the
// limit of spec §1.5; hoisted, they do not nest at all. A subquery that is
// correlated stays in place.
func (t *Translator) hoist(q *parser.Query, form string) (string, bool) {
	if t.b.Correlated[q] || t.inner == 0 {
		// A subquery that no other encloses stays in place: only nesting
		// costs SQLite depth, and each common table expression costs it a
		// cursor of its own.
		t.inner++
		return "", false
	}
	t.seq++
	name := qi("sq" + strconv.Itoa(t.seq))
	t.inner++
	body := t.text(func() { t.query(q) })
	t.inner--
	t.defs = append(t.defs, name+" AS MATERIALIZED ("+fmt.Sprintf(form, body)+")")
	return name, true
}

// file names the temporary table a file's rows were read into, its columns
// every one a string (spec §2.6).
func (t *Translator) file(path string) string {
	f := t.files[path]
	if f == nil {
		t.fail(sqlerr.Internal(fmt.Errorf("file %s was not read", path)))
		return "(SELECT NULL)"
	}
	return f.Table
}

func (t *Translator) exprs(es []*parser.Expr) {
	for i, e := range es {
		if i > 0 {
			t.s(", ")
		}
		t.expr(e)
	}
}

// expr renders OR and AND chains as balanced trees, so that SQLite, whose
// expressions may be only so deep, takes long chains of conditions.
func (t *Translator) expr(e *parser.Expr) {
	if t.isNulled(e) {
		return
	}
	t.balanced(len(e.Or), " OR ", func(i int) { t.and(e.Or[i]) })
}

func (t *Translator) and(a *parser.AndExpr) {
	t.balanced(len(a.And), " AND ", func(i int) { t.not(a.And[i]) })
}

func (t *Translator) balanced(n int, op string, item func(int)) {
	var rec func(lo, hi int)
	rec = func(lo, hi int) {
		if hi-lo == 1 {
			item(lo)
			return
		}
		mid := (lo + hi) / 2
		t.s("(")
		rec(lo, mid)
		t.s(op)
		rec(mid, hi)
		t.s(")")
	}
	rec(0, n)
}

func (t *Translator) not(n *parser.NotExpr) {
	for range n.Nots {
		t.s("NOT ")
	}
	t.predicate(n.Pred)
}

func (t *Translator) predicate(p *parser.Predicate) {
	if t.isNulled(p) {
		return
	}
	switch {
	case p.CmpOp != "":
		op := p.CmpOp
		switch op {
		case "==":
			op = "="
		case "!=":
			op = "<>"
		case "<=>":
			op = "IS"
		}
		t.s("(")
		t.additive(p.Left)
		t.s(" ", op, " ")
		t.additive(p.Right)
		t.s(")")
	case p.IsNull != nil:
		is := p.IsNull
		t.s("(")
		t.additive(p.Left)
		if is.DistinctFrom != nil {
			// IS DISTINCT FROM is SQLite's IS NOT.
			if is.Not {
				t.s(" IS ")
			} else {
				t.s(" IS NOT ")
			}
			t.additive(is.DistinctFrom)
			t.s(")")
			return
		}
		t.s(" IS ")
		if is.Not {
			t.s("NOT ")
		}
		switch is.Value {
		case "TRUE", "FALSE":
			t.s(is.Value, ")")
		default: // NULL, UNKNOWN
			t.s("NULL)")
		}
	case p.Between != nil:
		t.s("(")
		t.additive(p.Left)
		if p.Between.Not {
			t.s(" NOT")
		}
		t.s(" BETWEEN ")
		t.additive(p.Between.Low)
		t.s(" AND ")
		t.additive(p.Between.High)
		t.s(")")
	case p.In != nil:
		t.s("(")
		t.additive(p.Left)
		if p.In.Not {
			t.s(" NOT")
		}
		t.s(" IN (")
		switch {
		case p.In.Query == nil && p.Left.Left.Left.Prim.Tuple != nil:
			// (a, b) IN ((1, 2), ...): SQLite compares row values with
			// the rows of a VALUES list.
			t.s("VALUES ")
			for i, e := range p.In.List {
				if i > 0 {
					t.s(", ")
				}
				t.expr(e)
			}
		case p.In.Query == nil:
			t.exprs(p.In.List)
		default:
			if name, ok := t.hoist(p.In.Query, "%s"); ok {
				t.s("SELECT ", pos(0), " FROM ", name)
			} else {
				t.query(p.In.Query)
				t.inner--
			}
		}
		t.s("))")
	case p.Like != nil:
		t.like(p)
	default:
		t.additive(p.Left)
	}
}

// additive renders a left-deep chain: all its opening parentheses first,
// so that a long chain costs linear time. A chain with date arithmetic or
// XOR, whose steps wrap what comes before them, is written step by step.
func (t *Translator) additive(a *parser.Additive) {
	if t.isNulled(a) {
		return
	}
	for _, op := range a.Rest {
		if op.Op == "^" || shifts[op.Op] != "" || t.b.DateOps[op] != 0 {
			t.s(t.stepwise(a))
			return
		}
	}
	t.s(strings.Repeat("(", len(a.Rest)))
	t.multiplicative(a.Left)
	for _, op := range a.Rest {
		t.s(" ", op.Op, " ")
		t.multiplicative(op.Right)
		t.s(")")
	}
}

// shifts are the functions that compute the shift operators.
var shifts = map[string]string{"<<": "spark_shiftleft", ">>": "spark_shiftright", ">>>": "spark_shiftrightunsigned"}

// stepwise renders a chain of + - || & | ^ one step at a time: date
// arithmetic by Spark's rules (spec: intervals and days), XOR as SQLite
// lacks it.
func (t *Translator) stepwise(a *parser.Additive) string {
	acc := t.text(func() { t.multiplicative(a.Left) })
	for _, op := range a.Rest {
		switch t.b.DateOps[op] {
		case analyzer.TextAddInterval:
			acc = "spark_to_timestamp(" + acc + ")"
			fallthrough
		case analyzer.AddInterval:
			iv := analyzer.IntervalOf(op.Right)
			sign := int64(1)
			if op.Op == "-" {
				sign = -1
			}
			acc = fmt.Sprintf("spark_add_interval(%s, %d, %d, %d)", acc, sign*iv.Months, sign*iv.Days, sign*iv.Micros)
		case analyzer.IntervalFirst:
			iv := analyzer.IntervalOf(a.Left)
			right := t.text(func() { t.multiplicative(op.Right) })
			acc = fmt.Sprintf("spark_add_interval(%s, %d, %d, %d)", right, iv.Months, iv.Days, iv.Micros)
		case analyzer.AddDays:
			right := t.text(func() { t.multiplicative(op.Right) })
			fn := "spark_date_add"
			if op.Op == "-" {
				fn = "spark_date_sub"
			}
			acc = fn + "(" + acc + ", " + right + ")"
		case analyzer.DaysBetween:
			right := t.text(func() { t.multiplicative(op.Right) })
			acc = "spark_datediff(" + acc + ", " + right + ")"
		default:
			right := t.text(func() { t.multiplicative(op.Right) })
			if fn := shifts[op.Op]; fn != "" {
				acc = fn + "(" + acc + ", " + right + ")" // Java's shifts, by the type's width
			} else if op.Op == "^" {
				// a ^ b is (a | b) - (a & b); each side is written twice.
				acc = "((" + acc + " | " + right + ") - (" + t.copy(acc) + " & " + t.copy(right) + "))"
			} else {
				acc = "(" + acc + " " + op.Op + " " + right + ")"
			}
		}
	}
	return acc
}

func (t *Translator) multiplicative(m *parser.Multiplicative) {
	if t.isNulled(m) {
		return
	}
	for _, op := range m.Rest {
		if op.Op == "DIV" {
			// a DIV b is the integral part of the quotient; SQLite's
			// CAST truncates toward zero, as Spark does.
			acc := t.text(func() { t.unary(m.Left) })
			for _, op := range m.Rest {
				right := t.text(func() { t.unary(op.Right) })
				if op.Op == "DIV" {
					acc = "CAST((" + acc + ") / (" + right + ") AS INTEGER)"
				} else {
					acc = "(" + acc + " " + op.Op + " " + right + ")"
				}
			}
			t.s(acc)
			return
		}
	}
	t.s(strings.Repeat("(", len(m.Rest)))
	t.unary(m.Left)
	for _, op := range m.Rest {
		t.s(" ", op.Op, " ")
		t.unary(op.Right)
		t.s(")")
	}
}

func (t *Translator) unary(u *parser.Unary) {
	if t.isNulled(u) {
		return
	}
	for _, s := range u.Signs {
		t.s("(", s)
	}
	t.primary(u.Prim)
	t.s(strings.Repeat(")", len(u.Signs)))
}

// primary renders a primary and what follows it: subscripts, field
// accesses and :: casts, as the analyzer typed them.
func (t *Translator) primary(p *parser.Primary) {
	if t.isNulled(p) {
		return
	}
	if len(p.Postfix) == 0 {
		t.base(p)
		return
	}
	text := t.text(func() { t.base(p) })
	for _, f := range p.Postfix {
		switch {
		case f.Index != nil:
			index := t.text(func() { t.expr(f.Index) })
			if t.b.Postfix[f] == analyzer.MapKey {
				text = "spark_map_get(" + text + ", " + index + ")"
			} else {
				text = "spark_array_get(" + text + ", " + index + ")"
			}
		case f.Field != nil:
			text = "spark_struct_field(" + text + ", " + sqlString(f.Field.Text()) + ")"
		case f.Cast != nil:
			inner := text
			text = t.text(func() { t.castText(inner, f.Cast.SparkType()) })
		}
	}
	t.s(text)
}

// base renders a primary without what follows it.
func (t *Translator) base(p *parser.Primary) {
	switch {
	case p.Star != nil:
		// The analyzer expands t.* among a call's arguments.
		t.fail(sqlerr.Internal(fmt.Errorf("%s was not expanded", parser.Format(p))))
		t.s("NULL")
	case p.Case != nil:
		t.s("CASE")
		if p.Case.Operand != nil {
			t.s(" ")
			t.expr(p.Case.Operand)
		}
		for _, w := range p.Case.Whens {
			t.s(" WHEN ")
			t.expr(w.Cond)
			t.s(" THEN ")
			t.expr(w.Result)
		}
		if p.Case.Else != nil {
			t.s(" ELSE ")
			t.expr(p.Case.Else)
		}
		t.s(" END")
	case p.Cast != nil && p.Cast.Try:
		t.tryCast(p.Cast.Expr, p.Cast.Type.SparkType())
	case p.Cast != nil:
		t.cast(p.Cast.Expr, p.Cast.Type.SparkType())
	case p.Tuple != nil:
		t.s("(")
		t.exprs(p.Tuple)
		t.s(")")
	case p.Interval != nil:
		iv := p.Interval
		t.s(fmt.Sprintf("spark_interval_text(%d, %d, %d)", iv.Months, iv.Days, iv.Micros))
	case p.Exists != nil:
		if name, ok := t.hoist(p.Exists, "SELECT 1 FROM (%s) LIMIT 1"); ok {
			t.s("EXISTS (SELECT 1 FROM ", name, ")")
			return
		}
		t.s("EXISTS (")
		t.query(p.Exists)
		t.s(")")
		t.inner--
	case p.Subquery != nil:
		// Spark fails when a scalar subquery returns more than one row;
		// SQLite would silently take the first. The subquery is read
		// through an aggregate that fails on a second row.
		if name, ok := t.hoist(p.Subquery, "SELECT tableacl_scalar(\"c1\") AS \"c1\" FROM (%s)"); ok {
			t.s("(SELECT ", pos(0), " FROM ", name, ")")
			return
		}
		t.s("(SELECT tableacl_scalar(", pos(0), ") FROM (")
		t.query(p.Subquery)
		t.s("))")
		t.inner--
	case p.Paren != nil:
		t.s("(")
		t.expr(p.Paren)
		t.s(")")
	case p.Typed != nil && p.Typed.Type == "X":
		t.s("X'", strings.ToUpper(BinaryHex(parser.Unquote(p.Typed.Value))), "'")
	case p.Typed != nil:
		t.s(sqlString(parser.Unquote(p.Typed.Value)))
	case p.Literal != nil:
		l := p.Literal
		switch {
		case l.Number != nil:
			// A typed literal's letters (10L, 1.5BD) say its type only.
			t.s(strings.TrimRight(*l.Number, "lLsSyYdDfFbB"))
		case l.String != nil:
			t.s(sqlString(parser.Unquote(*l.String)))
		case strings.EqualFold(l.Bool, "TRUE"):
			// Not the bare 1, which SQLite reads as a position in GROUP BY
			// and ORDER BY.
			t.s("(1 = 1)")
		case l.Bool != "":
			t.s("(1 = 0)")
		default:
			t.s("NULL")
		}
	case p.Call != nil:
		t.call(p.Call)
	case p.Column != nil:
		t.column(p.Column)
	default:
		t.s("NULL")
	}
}

func (t *Translator) column(n *parser.Name) {
	t.columnRef(n, t.b.Cols[n])
}

// columnRef renders what the name n resolved to; the struct fields a name
// reaches past its column (s.a.b) are read from its JSON.
func (t *Translator) columnRef(n *parser.Name, ref *analyzer.ColRef) {
	if ref != nil && len(ref.Fields) > 0 {
		base := *ref
		base.Fields = nil
		text := t.text(func() { t.columnRef(n, &base) })
		for _, f := range ref.Fields {
			text = "spark_struct_field(" + text + ", " + sqlString(f) + ")"
		}
		t.s(text)
		return
	}
	switch {
	case ref != nil && ref.Lambda != nil:
		params := t.lambdas[ref.Lambda]
		if ref.Param-1 >= len(params) {
			t.fail(sqlerr.Internal(fmt.Errorf("lambda parameter %s outside its function", parser.Format(n))))
			t.s("NULL")
			return
		}
		t.s(params[ref.Param-1])
	case ref != nil && ref.Builtin != nil:
		t.s(t.niladic(ref.Builtin.Name))
	case ref == nil:
		t.fail(sqlerr.Internal(fmt.Errorf("unresolved column %s", parser.Format(n))))
		t.s("NULL")
	case ref.Param > 0:
		if len(t.frames) == 0 {
			t.fail(sqlerr.Internal(fmt.Errorf("parameter %s outside a function body", parser.Format(n))))
			t.s("NULL")
			return
		}
		f := t.frames[len(t.frames)-1]
		if f.alias != "" {
			t.s(qi(f.alias), `."p`, strconv.Itoa(ref.Param), `"`)
			return
		}
		arg := f.args[ref.Param-1]
		if f.used[ref.Param-1] {
			arg = t.copy(arg)
		}
		f.used[ref.Param-1] = true
		t.s("(", arg, ")")
	case t.outputsOnly && ref.Output > 0:
		t.s(pos(ref.Output - 1))
	case t.outputsOnly:
		t.fail(sqlerr.New(sqlerr.UnsupportedFeature, n.At(), "The feature is not supported: ORDER BY of ROLLUP, CUBE or GROUPING SETS on %s, which is not an output column.", parser.Format(n)))
		t.s("NULL")
	case ref.Item != nil && ref.Item.Expr != nil:
		text, ok := t.items[ref.Item.Expr]
		if !ok {
			t.fail(sqlerr.Internal(fmt.Errorf("alias %s is used before its select list is written", parser.Format(n))))
		}
		t.s("(", t.copy(text), ")")
	case ref.Item != nil && ref.Item.Entry != nil:
		t.s(t.star(*ref.Item))
	case ref.Output > 0:
		t.s(pos(ref.Output - 1))
	case ref.Merge != nil:
		if t.err == nil {
			t.s(t.copy(t.ref(ref)))
		}
	default:
		t.s(t.col(ref.Entry, ref.Index))
	}
}

func (t *Translator) call(c *parser.Call) {
	if t.isNulled(c) {
		return
	}
	info := t.b.Calls[c]
	if info == nil {
		t.fail(sqlerr.Internal(fmt.Errorf("unresolved call %s", parser.Format(c.Name))))
		t.s("NULL")
		return
	}
	switch info.Kind {
	case analyzer.BuiltinCall:
		if info.Builtin.External {
			// An embedder's function (engine.WithFunction) decides
			// statements; its body lives in the embedder's engine.
			t.fail(sqlerr.New(sqlerr.UnsupportedFeature, c.At(), "The function %s is known only to authorize statements and cannot be executed here.", privilege.Quote(info.Name)))
			t.s("NULL")
			return
		}
		t.builtin(c, info)
	case analyzer.TempCall, analyzer.PersistentCall:
		if info.Body == nil {
			f := info.Function
			t.fail(sqlerr.NewClassFunction(c.At(), parser.QuoteName([]string{f.DB, f.Name}), f.Class))
			t.s("NULL")
			return
		}
		t.sqlFunction(c, info)
	default:
		t.s("NULL")
	}
}

// builtin renders a call of a built-in function as the function's row of
// the analyzer's table says (analyzer.Builtin.SQL): the special ones here,
// the others by their template.
func (t *Translator) builtin(c *parser.Call, info *analyzer.CallInfo) {
	name, b, args := info.Name, info.Builtin, c.Args
	argType := func(i int) string {
		if i < len(info.ArgTypes) {
			return info.ArgTypes[i]
		}
		return ""
	}
	if b.Special() {
		if t.special(c, info, argType) {
			return
		}
	}
	if c.Over != nil && b.Kind == analyzer.Aggregate {
		// Under OVER an aggregate is SQLite's window function.
		t.s(b.Window, "(")
		if (b.Window == "first_value" || b.Window == "last_value") && len(args) == 2 {
			t.expr(args[0]) // ignoreNulls false (the analyzer refused true)
		} else {
			t.callArgs(c)
		}
		t.s(")")
		t.filter(c)
		t.over(c.Over)
		return
	}
	if b.Kind == analyzer.Ranking && b.Min == 0 && len(args) > 0 {
		// rank(x) is Spark's older form of rank(): the ordering is the
		// window's, the arguments say nothing more.
		t.s(b.Template(0), "()")
		t.over(c.Over)
		return
	}
	form := b.Template(len(args))
	if c.Star || c.Distinct || c.Filter != nil || c.Over != nil || b.Kind == analyzer.Aggregate {
		// Aggregates and window functions take their arguments as they
		// are: DISTINCT and * are SQLite's too.
		t.s(form, "(")
		t.callArgs(c)
		if c.Nulls == "IGNORE" && len(args) == 1 {
			t.s(", 1") // first, last, any_value: their ignoreNulls
		}
		if len(c.WithinGroup) > 0 {
			// listagg(x) WITHIN GROUP (ORDER BY y): SQLite orders an
			// aggregate's input too.
			t.s(" ORDER BY ")
			t.orderItems(c.WithinGroup, false)
		}
		t.s(")")
		t.filter(c)
		t.over(c.Over)
		return
	}
	texts := make([]string, len(args))
	for i, a := range args {
		texts[i] = t.text(func() { t.expr(a) })
	}
	t.s(analyzer.Expand(form, texts))
	_ = name
}

// callArgs writes a call's arguments: *, or [DISTINCT] the expressions.
func (t *Translator) callArgs(c *parser.Call) {
	switch {
	case c.Star:
		t.s("*")
	case c.Distinct:
		t.s("DISTINCT ")
		t.exprs(c.Args)
	default:
		t.exprs(c.Args)
	}
}

// filter writes an aggregate's FILTER (WHERE ...), which SQLite has too.
func (t *Translator) filter(c *parser.Call) {
	switch {
	case c.Filter != nil && t.pivotFilter != "":
		t.s(" FILTER (WHERE (", t.pivotFilter, ") AND (")
		t.expr(c.Filter)
		t.s("))")
	case c.Filter != nil:
		t.s(" FILTER (WHERE ")
		t.expr(c.Filter)
		t.s(")")
	case t.pivotFilter != "":
		t.s(" FILTER (WHERE ", t.pivotFilter, ")")
	}
}

// castFunctions are the functions named after a type (int(x), ...): a
// cast, as CAST(x AS type) is written.
var castFunctions = map[string]string{"int": "INT", "bigint": "BIGINT", "smallint": "SMALLINT", "tinyint": "TINYINT",
	"double": "DOUBLE", "float": "FLOAT", "decimal": "DECIMAL", "string": "STRING", "boolean": "BOOLEAN",
	"date": "DATE", "timestamp": "TIMESTAMP", "binary": "BINARY"}

// special renders the built-ins the translator writes itself; false when
// the call is to be written by its template after all.
func (t *Translator) special(c *parser.Call, info *analyzer.CallInfo, argType func(int) string) bool {
	name, args := info.Name, c.Args
	if typ, ok := castFunctions[name]; ok {
		t.cast(args[0], strings.ToLower(typ))
		return true
	}
	switch name {
	case "current_user", "user", "session_user":
		t.s(sqlString(t.caller.User))
	case "is_member", "is_account_group_member":
		t.s("(")
		t.expr(args[0])
		t.s(" IN (")
		for i, p := range t.caller.Principals {
			if i > 0 {
				t.s(", ")
			}
			t.s(sqlString(p))
		}
		t.s("))")
	case "current_database", "current_schema":
		t.s(sqlString(t.db))
	case "current_date", "curdate":
		t.s("date('now')")
	case "current_timestamp", "now", "localtimestamp":
		t.s("datetime('now')")
	case "typeof":
		t.s(sqlString(argType(0)))
	case "percentile_cont", "percentile_disc":
		// The percentile of the ordering's expression; in descending
		// order, the interpolated percentile is that of 1 - p, and the
		// discrete one that of p over the negated values.
		o := c.WithinGroup[0]
		desc := strings.EqualFold(o.Dir, "DESC")
		switch {
		case name == "percentile_cont" && desc:
			t.s("spark_percentile(")
			t.expr(o.Expr)
			t.s(", 1 - (")
			t.expr(args[0])
			t.s("))")
		case name == "percentile_cont":
			t.s("spark_percentile(")
			t.expr(o.Expr)
			t.s(", ")
			t.expr(args[0])
			t.s(")")
		case desc:
			t.s("-spark_percentile_approx(-(")
			t.expr(o.Expr)
			t.s("), ")
			t.expr(args[0])
			t.s(")")
		default:
			t.s("spark_percentile_approx(")
			t.expr(o.Expr)
			t.s(", ")
			t.expr(args[0])
			t.s(")")
		}
		t.filter(c)
	case "date_add", "dateadd", "timestampadd":
		if len(args) == 2 {
			t.s("spark_date_add(")
			t.exprs(args)
			t.s(")")
			break
		}
		t.timestampAdd(c)
	case "decode":
		if len(args) == 2 {
			t.s("spark_decode(")
			t.exprs(args)
			t.s(")")
			break
		}
		// decode(expr, search, result, ...[, default]): the first search
		// equal to expr, NULLs equal to each other.
		t.s("(CASE")
		subject := t.text(func() { t.expr(args[0]) })
		for i := 1; i+1 < len(args); i += 2 {
			t.s(" WHEN (")
			if i == 1 {
				t.s(subject)
			} else {
				t.s(t.copy(subject)) // written once per pair, counted
			}
			t.s(") IS (")
			t.expr(args[i])
			t.s(") THEN ")
			t.expr(args[i+1])
		}
		if len(args)%2 == 0 {
			t.s(" ELSE ")
			t.expr(args[len(args)-1])
		}
		t.s(" END)")
	case "concat":
		switch {
		case len(args) == 0:
			t.s("''")
		case strings.HasPrefix(argType(0), "array<"):
			t.s("spark_array_concat(")
			t.exprs(args)
			t.s(")")
		default:
			t.s("(")
			for i, a := range args {
				if i > 0 {
					t.s(" || ")
				}
				t.expr(a)
			}
			t.s(")")
		}
	case "reverse":
		if strings.HasPrefix(argType(0), "array<") {
			t.s("spark_array_reverse(")
		} else {
			t.s("spark_reverse(")
		}
		t.expr(args[0])
		t.s(")")
	case "struct":
		t.s("spark_named_struct(")
		for i, a := range args {
			if i > 0 {
				t.s(", ")
			}
			t.s(sqlString(analyzer.StructFieldName(a, i)), ", ")
			t.expr(a)
		}
		t.s(")")
	case "arrays_zip":
		t.s("spark_arrays_zip(", strconv.Itoa(len(args)))
		for i, a := range args {
			t.s(", ", sqlString(strconv.Itoa(i)))
			_ = a
		}
		for _, a := range args {
			t.s(", ")
			t.expr(a)
		}
		t.s(")")
	case "grouping", "grouping_id":
		t.grouping(c)
	case "transform", "filter", "exists", "forall", "map_filter", "transform_values", "transform_keys":
		t.higherOrder(c, name)
	case "aggregate", "reduce":
		t.fold(c)
	case "zip_with":
		t.zipWith(c)
	case "lag", "lead":
		// The offset is a constant (the analyzer checked it), written
		// folded. Spark reads a negative offset as the other direction;
		// SQLite refuses it.
		if len(args) >= 2 {
			if k, ok := analyzer.FoldInt(args[1]); ok {
				if k < 0 {
					name = map[string]string{"lag": "lead", "lead": "lag"}[name]
					k = -k
				}
				t.s(name, "(")
				t.expr(args[0])
				t.s(", ", strconv.FormatInt(k, 10))
				for _, a := range args[2:] {
					t.s(", ")
					t.expr(a)
				}
				t.s(")")
				t.over(c.Over)
				return true
			}
		}
		t.s(name, "(")
		t.exprs(args)
		t.s(")")
		t.over(c.Over)
	case "count":
		if len(args) <= 1 {
			if c.Over != nil {
				t.s("count(")
				t.callArgs(c)
				t.s(")")
				t.filter(c)
				t.over(c.Over)
				return true
			}
			t.s("count(")
			t.callArgs(c)
			t.s(")")
			t.filter(c)
			return true
		}
		// Spark counts the rows where every argument is not NULL, and
		// with DISTINCT the distinct rows of them. Each argument is
		// written once; DISTINCT gives the row a second time, counted
		// as a copy so that nested counts stay bounded.
		texts := make([]string, len(args))
		conds := make([]string, len(args))
		for i, a := range args {
			texts[i] = t.text(func() { t.expr(a) })
			conds[i] = "(" + texts[i] + ") IS NOT NULL"
		}
		t.s("count(")
		if c.Distinct {
			t.s("DISTINCT ")
		}
		t.s("CASE WHEN ", strings.Join(conds, " AND "), " THEN ")
		if c.Distinct {
			t.s("json_array(", t.copy(strings.Join(texts, ", ")), ")")
		} else {
			t.s("1")
		}
		t.s(" END)")
		t.filter(c)
		t.over(c.Over)
	case "coalesce":
		t.s("coalesce(")
		t.exprs(args)
		if len(args) == 1 {
			t.s(", NULL")
		}
		t.s(")")
	default:
		t.fail(sqlerr.Internal(fmt.Errorf("built-in %s has no translation", name)))
		t.s("NULL")
	}
	return true
}

// cast renders CAST(e AS typ) for a Spark type.
func (t *Translator) cast(e *parser.Expr, typ string) {
	t.castText(t.text(func() { t.expr(e) }), typ)
}

// castText renders the cast of text to a Spark type: dates and timestamps
// are read as Spark reads them (a timestamp's date, a date's midnight),
// other types by SQLite's affinity; a complex type stays its JSON text.
func (t *Translator) castText(text, typ string) {
	switch typ {
	case "date":
		t.s("spark_to_date(", text, ")")
	case "timestamp", "timestamp_ntz", "timestamp_ltz":
		t.s("spark_to_timestamp(", text, ")")
	default:
		if strings.ContainsAny(typ, "<") {
			t.s("(", text, ")")
			return
		}
		t.s("CAST(", text, " AS ", catalog.Affinity(typ), ")")
	}
}

// unitSteps is how timestampadd moves by one unit: months, days and
// microseconds, as an interval literal does.
var unitSteps = map[string][3]int64{
	"YEAR": {12, 0, 0}, "QUARTER": {3, 0, 0}, "MONTH": {1, 0, 0}, "WEEK": {0, 7, 0}, "DAY": {0, 1, 0},
	"HOUR": {0, 0, 3600000000}, "MINUTE": {0, 0, 60000000}, "SECOND": {0, 0, 1000000},
	"MILLISECOND": {0, 0, 1000}, "MICROSECOND": {0, 0, 1},
}

// timestampAdd renders timestampadd(unit, n, ts): the timestamp moved by
// n units, months clamped to the month's length as Spark does.
func (t *Translator) timestampAdd(c *parser.Call) {
	unit := ""
	if lit := literalString(c.Args[0]); lit != "" {
		unit = strings.ToUpper(parser.Unquote(lit))
	}
	step, ok := unitSteps[unit]
	if !ok {
		t.fail(sqlerr.Internal(fmt.Errorf("the unit %s of %s was not checked", parser.Format(c.Args[0]), parser.Format(c.Name))))
		t.s("NULL")
		return
	}
	n := t.text(func() { t.expr(c.Args[1]) })
	ts := t.text(func() { t.expr(c.Args[2]) })
	times := func(k int64) string {
		if k == 0 {
			return "0"
		}
		return "CAST((" + t.copy(n) + ") AS INTEGER) * " + strconv.FormatInt(k, 10)
	}
	t.s("spark_add_interval(spark_to_timestamp(", ts, "), ", times(step[0]), ", ", times(step[1]), ", ", times(step[2]), ")")
}

// literalString is the text of a string literal that is all e is, or "".
func literalString(e *parser.Expr) string {
	p := analyzer.BareLiteral(e)
	if p == nil || p.String == nil {
		return ""
	}
	return *p.String
}

// tryCast renders TRY_CAST: NULL, not SQLite's 0, for a string that is no
// number cast to a numeric type; dates and timestamps that do not parse
// are NULL for CAST too.
func (t *Translator) tryCast(e *parser.Expr, typ string) {
	kind := ""
	switch {
	case typ == "int" || typ == "bigint" || typ == "smallint" || typ == "tinyint":
		kind = "integral"
	case typ == "double" || typ == "float" || strings.HasPrefix(typ, "decimal"):
		kind = "fractional"
	}
	text := t.text(func() { t.expr(e) })
	if kind == "" {
		t.castText(text, typ)
		return
	}
	t.s("(CASE WHEN spark_castable(", text, ", '", kind, "') THEN ")
	t.castText(t.copy(text), typ)
	t.s(" END)")
}

// BinaryHex is the hexadecimal digits of X'...' as SQLite wants them: an
// even number (Spark reads an odd one with a leading 0).
func BinaryHex(digits string) string {
	if len(digits)%2 == 1 {
		return "0" + digits
	}
	return digits
}

// grouping renders grouping(col) and grouping_id(cols): constants of the
// grouping set being written (see groupingSets), 0 in a plain GROUP BY.
func (t *Translator) grouping(c *parser.Call) {
	bits := int64(0)
	if len(c.Args) == 0 {
		// grouping_id() is of every grouping expression, in order.
		for k := 0; t.set != nil && k < t.set.keys; k++ {
			bits <<= 1
			if t.set.nulled[k] {
				bits |= 1
			}
		}
		t.s(strconv.FormatInt(bits, 10))
		return
	}
	for _, a := range c.Args {
		bits <<= 1
		if t.aggregated(a) {
			bits |= 1
		}
	}
	t.s(strconv.FormatInt(bits, 10))
}

// aggregated reports whether e is a grouping expression that the grouping
// set being written leaves out (so grouping(e) is 1).
func (t *Translator) aggregated(e *parser.Expr) bool {
	i, ok := t.b.GroupNodes[e]
	return ok && t.set != nil && t.set.nulled[i]
}

func (t *Translator) over(w *parser.Window) {
	if w == nil {
		return
	}
	if w.Name != nil {
		t.s(" OVER ", qi("w_"+w.Name.Lower()))
		return
	}
	t.s(" OVER ")
	t.windowSpec(w)
}

// windowSpec writes a window's specification, in parentheses; named
// windows are SQLite's WINDOW clause, their names prefixed.
func (t *Translator) windowSpec(w *parser.Window) {
	t.s("(")
	sep := ""
	if w.Base != nil {
		t.s(qi("w_" + w.Base.Lower()))
		sep = " "
	}
	if len(w.PartitionBy) > 0 {
		t.s(sep, "PARTITION BY ")
		t.exprs(w.PartitionBy)
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		t.s(sep, "ORDER BY ")
		t.orderItems(w.OrderBy, false)
		sep = " "
	}
	if f := w.Frame; f != nil {
		unit := f.Unit
		if unit == "" {
			unit = "ROWS"
		}
		t.s(sep, unit, " BETWEEN ", bound(f.Start), " AND ", bound(f.End))
	}
	t.s(")")
}

// sqlFunction inlines a SQL function's body. When the body uses a
// parameter more than once, the arguments are computed once in a derived
// table that the body reads, so that nested calls stay linear; arguments
// holding aggregate or window functions, which belong to the query around
// the call, are written in place.
func (t *Translator) sqlFunction(c *parser.Call, info *analyzer.CallInfo) {
	fb := info.Body
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = t.text(func() { t.expr(a) })
	}
	reused := false
	for _, n := range fb.ParamUses {
		reused = reused || n > 1
	}
	affinity := catalog.Affinity(info.Returns)
	if !reused || t.holdsAggregate(c) {
		t.frames = append(t.frames, frame{args: args, used: make([]bool, len(args))})
		t.s("CAST((")
		t.expr(fb.Expr)
		t.s(") AS ", affinity, ")")
		t.frames = t.frames[:len(t.frames)-1]
		return
	}
	t.seq++
	alias := "f" + strconv.Itoa(t.seq)
	t.s("(SELECT CAST((")
	t.frames = append(t.frames, frame{alias: alias})
	t.expr(fb.Expr)
	t.frames = t.frames[:len(t.frames)-1]
	t.s(") AS ", affinity, ") FROM (SELECT ")
	for i, a := range args {
		if i > 0 {
			t.s(", ")
		}
		t.s(a, ` AS "p`, strconv.Itoa(i+1), `"`)
	}
	t.s(") AS ", qi(alias), ")")
}

// holdsAggregate reports whether a call's arguments hold an aggregate or
// window function of the query around it.
func (t *Translator) holdsAggregate(c *parser.Call) bool {
	found := false
	for _, a := range c.Args {
		parser.Walk(a, func(n any) bool {
			switch x := n.(type) {
			case *parser.Query:
				return false
			case *parser.Call:
				if x.Over != nil {
					found = true
				} else if info := t.b.Calls[x]; info != nil && info.Kind == analyzer.BuiltinCall && info.Builtin.Kind == analyzer.Aggregate {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

func bound(b *parser.Bound) string {
	switch {
	case b.Unbounded:
		return "UNBOUNDED " + strings.ToUpper(b.Dir)
	case b.Current:
		return "CURRENT ROW"
	}
	return b.N + " " + strings.ToUpper(b.Dir)
}

// TooComplex is the error of a statement beyond a limit of SQLite's own,
// met after the statement was authorized.
func TooComplex(pos sqlerr.Pos, says string) error {
	return sqlerr.New(sqlerr.StatementTooComplex, pos, "The statement is too complex for SQLite, which runs it: %s. It changed nothing.", says)
}

// JoinTooLarge says why SQLite refuses a join of more than maxJoin
// relations.
const JoinTooLarge = "more than 64 tables in one join"

// maxJoin is SQLite's limit on the relations of one join.
const maxJoin = 64

// OutputColumn is the name SQLite is given for output column i (0-based).
func OutputColumn(i int) string { return pos(i) }

// Literal quotes a string for SQLite.
func Literal(s string) string { return sqlString(s) }

// like renders LIKE, ILIKE (LIKE of both sides in lower case), RLIKE and
// REGEXP (a regular expression found in the value), LIKE ANY|SOME|ALL (an
// OR or AND of LIKEs of the value, written once; NOT applies to each
// pattern, as in Spark) and ESCAPE, whose character is a backslash unless
// told (Spark's default).
func (t *Translator) like(p *parser.Predicate) {
	l := p.Like
	value := t.text(func() { t.additive(p.Left) })
	escape := sqlString(`\`)
	if l.Escape != nil {
		escape = sqlString(parser.Unquote(*l.Escape))
	}
	one := func(pattern string) string {
		switch l.Op {
		case "RLIKE", "REGEXP":
			return "spark_rlike(" + value + ", " + pattern + ")"
		case "ILIKE":
			return "(lower(" + value + ") LIKE lower(" + pattern + ") ESCAPE " + escape + ")"
		}
		return "(" + value + " LIKE " + pattern + " ESCAPE " + escape + ")"
	}
	not := ""
	if l.Not {
		not = "NOT "
	}
	if l.Quantifier == "" {
		t.s(not, one(t.text(func() { t.additive(l.Pattern) })))
		return
	}
	join := " OR "
	if l.Quantifier == "ALL" {
		join = " AND "
	}
	t.s("(")
	for i, e := range l.Patterns {
		if i > 0 {
			t.s(join)
			value = t.copy(value)
		}
		t.s(not, one(t.text(func() { t.expr(e) })))
	}
	t.s(")")
}

// fromItem renders a FROM item: its factor and its joins.
func (t *Translator) fromItem(f *parser.FromItem) {
	t.fromFactor(f.Factor)
	for _, j := range f.Joins {
		using := j.Using
		if j.Natural {
			using = t.b.Natural[j]
		}
		if j.Kind == "SEMI" || j.Kind == "ANTI" {
			// A join with a row of nothing, on whether the right side
			// has a match: the right side's columns are seen by the
			// condition alone, and the left side's rows are kept once.
			t.seq++
			t.s(" JOIN (SELECT 1) AS ", qi("semi"+strconv.Itoa(t.seq)), " ON ")
			if j.Kind == "ANTI" {
				t.s("NOT ")
			}
			t.s("EXISTS (SELECT 1 FROM ")
			t.fromFactor(j.Right)
			switch {
			case j.On != nil:
				t.s(" WHERE ")
				t.expr(j.On)
			case len(using) > 0:
				t.s(" WHERE ")
				t.usingCondition(using)
			}
			t.s(")")
			continue
		}
		switch {
		case j.Cross:
			t.s(" CROSS JOIN ")
		case j.Kind == "" || strings.EqualFold(j.Kind, "INNER"):
			t.s(" JOIN ")
		default:
			t.s(" ", strings.ToUpper(j.Kind), " JOIN ")
		}
		t.fromFactor(j.Right)
		switch {
		case j.On != nil:
			t.s(" ON ")
			t.expr(j.On)
		case len(using) > 0:
			// USING as an explicit condition on the unique aliases.
			t.s(" ON ")
			t.usingCondition(using)
		case !j.Cross && j.Kind != "" && !strings.EqualFold(j.Kind, "INNER"):
			t.s(" ON 1") // an outer join of every pair of rows
		}
	}
}

// fromFactor renders a table factor: a relation, or a parenthesized join.
func (t *Translator) fromFactor(f *parser.TableFactor) {
	if f.Nested != nil {
		t.s("(")
		t.fromItem(f.Nested)
		t.s(")")
		return
	}
	t.factor(f)
}

// usingCondition renders the columns of USING as equalities of the two
// sides' columns.
func (t *Translator) usingCondition(using []*parser.Ident) {
	for k, u := range using {
		if k > 0 {
			t.s(" AND ")
		}
		m := t.b.Using[u]
		if m == nil {
			t.fail(sqlerr.Internal(fmt.Errorf("USING column %s is not resolved", u.Text())))
			return
		}
		t.s(t.ref(m.Left), " = ", t.ref(m.Right))
	}
}

// generatorSource is the table a generator's rows come from: SQLite's
// json_each over the array or map (a row of each element or entry), over
// an array of stack's rows, or over one row for json_tuple; range counts
// with a recursive common table expression, bounded by its row count.
func (t *Translator) generatorSource(e *analyzer.Entry) string {
	args := make([]string, len(e.Generator.Args))
	for i, a := range e.Generator.Args {
		args[i] = t.text(func() { t.expr(a) })
	}
	switch strings.TrimSuffix(e.Gen, "_outer") {
	case "stack":
		n := e.GenRows
		width := len(e.Columns)
		rows := make([]string, n)
		for r := 0; r < n; r++ {
			vals := make([]string, width)
			for c := 0; c < width; c++ {
				k := 1 + r*width + c
				vals[c] = "NULL"
				if k < len(args) {
					vals[c] = args[k]
				}
			}
			rows[r] = "json_array(" + strings.Join(vals, ", ") + ")"
		}
		return "json_each(json_array(" + strings.Join(rows, ", ") + "))"
	case "json_tuple":
		return "json_each(json_array(" + args[0] + "))"
	case "range":
		start, step, rows := e.Range[0], e.Range[1], e.Range[2]
		return fmt.Sprintf("(WITH RECURSIVE g(c1) AS (SELECT %d UNION ALL SELECT c1 + %d FROM g LIMIT %d) SELECT c1 FROM g LIMIT %d)", start, step, rows, rows)
	}
	return "json_each(" + args[0] + ")"
}

// generatorColumn is column i of a generator's rows: json_each's key or
// value, a struct field or a tuple's element of the value, or range's
// number.
func (t *Translator) generatorColumn(e *analyzer.Entry, i int) string {
	name := qi(e.SQLName)
	switch strings.TrimSuffix(e.Gen, "_outer") {
	case "explode":
		if e.GenMap && i == 0 {
			return name + ".key"
		}
		return name + ".value"
	case "posexplode":
		if i == 0 {
			return name + ".key"
		}
		return name + ".value"
	case "inline":
		return "spark_struct_field(" + name + ".value, " + sqlString(e.GenFields[i]) + ")"
	case "stack":
		return "spark_array_get(" + name + ".value, " + strconv.Itoa(i) + ")"
	case "json_tuple":
		key := t.text(func() { t.expr(e.Generator.Args[i+1]) })
		return "spark_get_json_object(" + name + ".value, '$.' || " + t.copy(key) + ")"
	case "range":
		return name + ".c1"
	}
	return name + ".value"
}

// groupingSets renders a block grouped by ROLLUP, CUBE or GROUPING SETS as
// SQLite can run it: one block for each grouping set, grouped by the set's
// expressions, with the other grouping expressions NULL (and grouping() of
// them 1), joined by UNION ALL, as Spark's rows are.
func (t *Translator) groupingSets(s *parser.Select, sets [][]int) {
	keys := len(t.b.Selects[s].Keys)
	outer := t.set
	defer func() { t.set = outer }()
	t.s("SELECT * FROM (")
	for i, set := range sets {
		if i > 0 {
			t.s(" UNION ALL ")
		}
		nulled := make(map[int]bool, keys)
		for k := 0; k < keys; k++ {
			nulled[k] = true
		}
		for _, k := range set {
			delete(nulled, k)
		}
		t.set = &groupingSet{sel: s, nulled: nulled, keys: keys}
		block := t.text(func() { t.selectBlock(s) })
		if i > 0 {
			// Each set after the first repeats the block.
			if block = t.copy(block); t.err != nil {
				break
			}
		}
		t.s(block)
	}
	t.s(")")
}

// groupingSet is one grouping set of a block being written: the block
// (only its own GROUP BY is the set's, not that of a subquery, a view's
// body or a FROM subquery written inside it), the grouping expressions
// the set leaves out, which read as NULL and grouping() of which is 1, and
// the number of grouping expressions.
type groupingSet struct {
	sel    *parser.Select
	nulled map[int]bool
	keys   int
}

// isNulled reports whether node is a grouping expression that the grouping
// set being written leaves out, and writes NULL for it then.
func (t *Translator) isNulled(node any) bool {
	if t.set == nil {
		return false
	}
	if k, ok := t.b.GroupNodes[node]; ok && t.set.nulled[k] {
		t.s("NULL")
		return true
	}
	return false
}

// niladic renders a function called without parentheses (CURRENT_DATE,
// CURRENT_USER, ...).
func (t *Translator) niladic(name string) string {
	switch name {
	case "current_date":
		return "date('now')"
	case "current_timestamp", "localtimestamp":
		return "datetime('now')"
	case "current_user", "user", "session_user":
		return sqlString(t.caller.User)
	case "current_catalog":
		return "'spark_catalog'"
	}
	return sqlString(t.db) // current_database, current_schema
}

// higherOrder renders a higher-order function as a subquery over SQLite's
// json_each of its array or map, the lambda's parameters being each row's
// value and key: transform and filter gather an array, map_filter and
// transform_* an object, exists and forall test the rows. A NULL array or
// map gives NULL.
func (t *Translator) higherOrder(c *parser.Call, name string) {
	lam := c.Args[1].Or[0].And[0].Pred.Left.Left.Left.Prim.Lambda
	input := t.text(func() { t.expr(c.Args[0]) })
	t.seq++
	j := qi("lam" + strconv.Itoa(t.seq))
	if t.lambdas == nil {
		t.lambdas = map[*parser.Lambda][]string{}
	}
	switch name {
	case "map_filter", "transform_values", "transform_keys":
		// A map's keys are JSON's, strings: a key of a number type is
		// read as a number again.
		key := j + ".key"
		if info := t.b.Calls[c]; info != nil && len(info.ArgTypes) > 0 && analyzer.NumericKey(info.ArgTypes[0]) {
			key = "CAST(" + key + " AS NUMERIC)"
		}
		t.lambdas[lam] = []string{key, j + ".value"}
	default:
		t.lambdas[lam] = []string{j + ".value", j + ".key"}
	}
	body := t.text(func() { t.expr(lam.Body) })
	delete(t.lambdas, lam)
	from := " FROM json_each(" + input + ") AS " + j
	// count(cond) counts the elements for which cond holds; each names
	// the element's row, so that SQLite counts here, over the elements.
	count := func(cond string) string {
		return "sum(iif(" + j + ".key IS NULL, NULL, (" + cond + ")))"
	}
	switch name {
	case "exists":
		// Spark's three values: true when some element satisfies the
		// body, else NULL when it is NULL for some, else false; NULL for
		// a NULL array.
		t.s("CASE WHEN (", t.copy(input), ") IS NULL THEN NULL ELSE (SELECT CASE WHEN ", count("("+body+") IS TRUE"), " > 0 THEN 1 WHEN ",
			count("("+t.copy(body)+") IS NULL"), " > 0 THEN NULL ELSE 0 END", from, ") END")
		return
	case "forall":
		t.s("CASE WHEN (", t.copy(input), ") IS NULL THEN NULL ELSE (SELECT CASE WHEN ", count("("+body+") IS FALSE"), " > 0 THEN 0 WHEN ",
			count("("+t.copy(body)+") IS NULL"), " > 0 THEN NULL ELSE 1 END", from, ") END")
		return
	}
	var q string
	switch name {
	case "transform":
		// The argument names the element's row, so that SQLite computes
		// the aggregate here, over the elements, even when the body reads
		// only the query around (x -> v): otherwise it would be an
		// aggregate of that query, one value for all its rows.
		q = "SELECT json_group_array(iif(" + j + ".key IS NULL, NULL, " + body + "))" + from
	case "filter":
		q = "SELECT json_group_array(" + j + ".value)" + from + " WHERE " + body
	case "map_filter":
		q = "SELECT json_group_object(" + j + ".key, " + j + ".value)" + from + " WHERE " + body
	case "transform_values":
		q = "SELECT json_group_object(" + j + ".key, " + body + ")" + from
	case "transform_keys":
		q = "SELECT json_group_object(" + body + ", " + j + ".value)" + from
	}
	t.s("CASE WHEN (", t.copy(input), ") IS NULL THEN NULL ELSE (", q, ") END")
}

// fromClause renders FROM: its items, then its lateral views, which join
// the rows each makes of the rows before it (SQLite's table-valued
// functions see the tables to their left).
func (t *Translator) fromClause(s *parser.Select) {
	if len(s.From) > 0 {
		t.s(" FROM ")
		for i, f := range s.From {
			if i > 0 {
				t.s(", ")
			}
			t.fromItem(f)
		}
	}
	for i, lv := range s.Laterals {
		t.generatorJoin(t.b.Laterals[lv], i == 0 && len(s.From) == 0)
	}
}

// generatorJoin joins a generator's rows to the rows before it, or starts
// the FROM clause with them.
func (t *Translator) generatorJoin(g *analyzer.Entry, first bool) {
	switch {
	case first:
		t.s(" FROM ")
	case g.Outer:
		t.s(" LEFT JOIN ")
	default:
		t.s(" JOIN ")
	}
	t.s(t.generatorSource(g), " AS ", qi(g.SQLName))
	if g.Outer && !first {
		t.s(" ON 1")
	}
}

// pivotSource renders the relation of PIVOT: the rows of the FROM clause
// grouped by the columns it keeps, each aggregate computed for each IN
// value over the rows whose FOR columns equal the value (FILTER).
func (t *Translator) pivotSource(s *parser.Select, e *analyzer.Entry) {
	info := e.PivotOf
	t.s("SELECT ")
	n := 0
	column := func() string {
		n++
		return " AS " + pos(n-1)
	}
	for i, it := range info.Group {
		if i > 0 {
			t.s(", ")
		}
		t.s(t.star(it), column())
	}
	for vi, v := range info.Pivot.In {
		conds := make([]string, len(v.Exprs))
		for k, x := range v.Exprs {
			conds[k] = "(" + t.ref(info.For[k]) + " = " + t.text(func() { t.expr(x) }) + ")"
		}
		for _, a := range info.Pivot.Aggregates {
			if n > 0 {
				t.s(", ")
			}
			t.pivotFilter = strings.Join(conds, " AND ")
			text := t.text(func() { t.expr(a.Expr) })
			t.pivotFilter = ""
			if vi > 0 {
				text = t.copy(text) // each aggregate once per value, counted
			}
			t.s(text, column())
		}
	}
	t.fromClause(s)
	if len(info.Group) > 0 {
		t.s(" GROUP BY ")
		for i, it := range info.Group {
			if i > 0 {
				t.s(", ")
			}
			t.s(t.copy(t.star(it)))
		}
	}
}

// unpivotSource renders the relation of UNPIVOT: each row of the FROM
// clause joined with a row for each IN entry, which picks that entry's
// name and column values; rows whose values are all NULL are dropped
// unless INCLUDE NULLS.
func (t *Translator) unpivotSource(s *parser.Select, e *analyzer.Entry) {
	info := e.PivotOf
	t.seq++
	u := qi("unpivot" + strconv.Itoa(t.seq))
	t.s("SELECT * FROM (SELECT ")
	n := 0
	for _, it := range info.Group {
		t.s(t.star(it), " AS ", pos(n), ", ")
		n++
	}
	t.s(u, ".name AS ", pos(n))
	n++
	values := len(info.Unpivot.Values)
	for v := 0; v < values; v++ {
		t.s(", CASE ", u, ".i")
		for i, refs := range info.In {
			t.s(" WHEN ", strconv.Itoa(i), " THEN ", t.ref(refs[v]))
		}
		t.s(" END AS ", pos(n+v))
	}
	t.fromClause(s)
	if len(s.From) > 0 || len(s.Laterals) > 0 {
		t.s(", ")
	} else {
		t.s(" FROM ")
	}
	t.s("(")
	for i, name := range info.Names {
		if i > 0 {
			t.s(" UNION ALL ")
		}
		t.s("SELECT ", strconv.Itoa(i), " AS i, ", sqlString(name), " AS name")
	}
	t.s(") AS ", u, ")")
	if !info.Unpivot.IncludeNulls {
		t.s(" WHERE NOT (")
		for v := 0; v < values; v++ {
			if v > 0 {
				t.s(" AND ")
			}
			t.s(pos(n+v), " IS NULL")
		}
		t.s(")")
	}
}

// lambdaOf is the lambda function argument i of a call is.
func lambdaOf(c *parser.Call, i int) *parser.Lambda {
	return c.Args[i].Or[0].And[0].Pred.Left.Left.Left.Prim.Lambda
}

// fold renders aggregate(array, start, merge[, finish]): a recursive
// common table expression that merges the elements one by one into the
// accumulator, then finishes it. A NULL array gives NULL.
func (t *Translator) fold(c *parser.Call) {
	input := t.text(func() { t.expr(c.Args[0]) })
	start := t.text(func() { t.expr(c.Args[1]) })
	t.seq++
	r := qi("fold" + strconv.Itoa(t.seq))
	if t.lambdas == nil {
		t.lambdas = map[*parser.Lambda][]string{}
	}
	element := "(SELECT value FROM json_each(" + t.copy(input) + ") WHERE key = " + r + ".i)"
	merge := lambdaOf(c, 2)
	t.lambdas[merge] = []string{r + ".acc", element}
	step := t.text(func() { t.expr(merge.Body) })
	delete(t.lambdas, merge)
	result := "acc"
	if len(c.Args) == 4 {
		finish := lambdaOf(c, 3)
		t.lambdas[finish] = []string{"acc"}
		result = t.text(func() { t.expr(finish.Body) })
		delete(t.lambdas, finish)
	}
	t.s("CASE WHEN (", input, ") IS NULL THEN NULL ELSE (WITH RECURSIVE ", r, "(i, acc) AS (SELECT 0, ", start,
		" UNION ALL SELECT ", r, ".i + 1, ", step, " FROM ", r, " WHERE ", r, ".i < json_array_length(", t.copy(input), ")) SELECT ",
		result, " FROM ", r, " ORDER BY i DESC LIMIT 1) END")
}

// zipWith renders zip_with(a, b, (x, y) -> expr): the positions of the
// longer array, each element read from its array (NULL past its end).
func (t *Translator) zipWith(c *parser.Call) {
	a := t.text(func() { t.expr(c.Args[0]) })
	b := t.text(func() { t.expr(c.Args[1]) })
	t.seq++
	z := qi("zip" + strconv.Itoa(t.seq))
	if t.lambdas == nil {
		t.lambdas = map[*parser.Lambda][]string{}
	}
	lam := lambdaOf(c, 2)
	at := func(arr string) string {
		return "(SELECT value FROM json_each(" + t.copy(arr) + ") WHERE key = " + z + ".i)"
	}
	t.lambdas[lam] = []string{at(a), at(b)}
	body := t.text(func() { t.expr(lam.Body) })
	delete(t.lambdas, lam)
	t.s("CASE WHEN (", a, ") IS NULL OR (", t.copy(b), ") IS NULL THEN NULL ELSE (WITH RECURSIVE ", z,
		"(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM ", z, " WHERE i + 1 < max(json_array_length(", t.copy(a), "), json_array_length(", t.copy(b),
		"))) SELECT json_group_array(iif(", z, ".i IS NULL, NULL, ", body, ")) FROM ", z, " WHERE json_array_length(", t.copy(a), ") + json_array_length(", t.copy(b), ") > 0) END")
}
