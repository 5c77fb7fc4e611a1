package analyzer

import (
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Session is the connection state the analyzer reads: the current database
// and the connection's temporary views and functions (spec §2.5).
type Session struct {
	CurrentDB string
	TempViews map[string]*TempView
	TempFuncs map[string]*TempFunc
}

// TempView is a temporary view: its body is stored as canonical text with
// every persistent name qualified, and expanded in place on use.
type TempView struct {
	Name    string
	Body    string
	Columns []catalog.Column
}

// TempFunc is a temporary SQL function.
type TempFunc struct {
	Name    string
	Params  []catalog.Param
	Returns string
	Body    string
}

// EntryKind says what a FROM entry reads.
type EntryKind uint8

// Kinds of FROM entry.
const (
	TableEntry EntryKind = iota + 1
	ViewEntry
	CTEEntry
	SubqueryEntry
	FileEntry
)

// Entry is one relation in a FROM clause, as resolved.
type Entry struct {
	Kind      EntryKind
	SQLName   string // the unique alias the engine gives it, e.g. "r7"
	Qualifier string // the name references may use: alias or table name
	DB        string // for tables and views
	Columns   []catalog.Column
	Relation  *catalog.Relation // TableEntry, ViewEntry
	Body      *parser.Query     // ViewEntry (parsed stored body), SubqueryEntry
	CTE       *CTEDef           // CTEEntry
	Path      string            // FileEntry
	Format    string            // FileEntry
	Open      bool              // FileEntry whose columns are unknown until it is read
	using     map[string]bool   // columns a USING join merged into an earlier entry
}

// CTEDef is one WITH clause entry.
type CTEDef struct {
	SQLName  string
	Name     string
	Query    *parser.Query
	Columns  []catalog.Column
	requests []*Request
}

// ColRef is what a column reference resolved to.
type ColRef struct {
	Entry  *Entry
	Column string // the column as declared
	Alias  string // a select-list alias (ORDER BY, HAVING)
	Param  int    // 1-based parameter of the function body being resolved
}

// CallKind says what a function call resolved to.
type CallKind uint8

// Kinds of function call.
const (
	BuiltinCall CallKind = iota + 1
	TempCall
	PersistentCall
)

// CallInfo is what a function call resolved to.
type CallInfo struct {
	Kind     CallKind
	Name     string // built-in name in lower case
	Function *catalog.Function
	Temp     *TempFunc
	Body     *parser.Expr // parsed body of a temporary or persistent function
	Params   []catalog.Param
	Returns  string
}

// SelectInfo records, for each SELECT block, its FROM entries and output.
type SelectInfo struct {
	Entries []*Entry
	Output  []OutputItem
}

// OutputItem is one output column of a SELECT block: an expression or one
// column of a star expansion.
type OutputItem struct {
	Name  string
	Type  string
	Expr  *parser.Expr // nil for star columns
	Entry *Entry       // star columns
	Col   string       // star columns
}

// Bindings is everything resolution learned that the engine needs to run
// the statement. Keys are AST nodes, which are unique per statement: stored
// bodies are parsed afresh for every use.
type Bindings struct {
	Factors map[*parser.TableFactor]*Entry
	Cols    map[*parser.Name]*ColRef
	Calls   map[*parser.Call]*CallInfo
	Selects map[*parser.Select]*SelectInfo
	CTEs    map[*parser.CTE]*CTEDef
	Values  map[*parser.Term][]string // VALUES terms: output names
	seq     int
}

func newBindings() *Bindings {
	return &Bindings{
		Factors: map[*parser.TableFactor]*Entry{},
		Cols:    map[*parser.Name]*ColRef{},
		Calls:   map[*parser.Call]*CallInfo{},
		Selects: map[*parser.Select]*SelectInfo{},
		CTEs:    map[*parser.CTE]*CTEDef{},
		Values:  map[*parser.Term][]string{},
	}
}

func (b *Bindings) name(prefix string) string {
	b.seq++
	return fmt.Sprintf("%s%d", prefix, b.seq)
}

// scope is one level of name visibility in a query.
type scope struct {
	parent  *scope
	entries []*Entry
	ctes    map[string]*CTEDef
	aliases map[string]*OutputItem // select-list aliases, for ORDER BY and HAVING
	params  map[string]int         // function body parameters
	// persistent is set while resolving the body of a persistent view or
	// function: temporary objects are invisible there.
	persistent bool
}

func (s *scope) cte(name string) *CTEDef {
	for ; s != nil; s = s.parent {
		if c, ok := s.ctes[name]; ok {
			return c
		}
	}
	return nil
}

// resolver resolves one statement.
type resolver struct {
	tx    *catalog.Tx
	sess  *Session
	b     *Bindings
	depth int
	// deps collects the persistent objects a view or function body uses,
	// and temps the temporary objects it names, for CREATE VIEW/FUNCTION.
	deps  []privilege.Securable
	temps []tempRef
	// qualify records the fully qualified text of each name in a body.
	qualify map[*parser.Name]string
}

type tempRef struct {
	name, kind string
	pos        sqlerr.Pos
}

const maxDepth = 32

// relName renders a name as written, folded, each part backticked (§11).
func relName(n *parser.Name) string { return parser.QuoteName(n.Texts()) }

// catalogOK reports whether a catalog name is hive_metastore or spark_catalog.
func catalogOK(name string) bool {
	n := strings.ToLower(name)
	return n == "hive_metastore" || n == "spark_catalog"
}

func catalogNotFound(i *parser.Ident) error {
	return sqlerr.New("CATALOG_NOT_FOUND", i.At(), "The catalog %s cannot be found.", privilege.Quote(i.Lower()))
}

// splitObjectName turns x, db.x or cat.db.x into database and name.
func (r *resolver) splitObjectName(n *parser.Name) (db, name string, err error) {
	parts := n.Parts
	switch len(parts) {
	case 1:
		return r.sess.CurrentDB, parts[0].Lower(), nil
	case 2:
		return parts[0].Lower(), parts[1].Lower(), nil
	case 3:
		if !catalogOK(parts[0].Text()) {
			return "", "", catalogNotFound(parts[0])
		}
		return parts[1].Lower(), parts[2].Lower(), nil
	}
	return "", "", sqlerr.New("IDENTIFIER_TOO_MANY_NAME_PARTS", n.At(), "%s is not a valid identifier as it has more than 3 name parts.", relName(n))
}

// splitDatabaseName turns db or cat.db into a database name.
func splitDatabaseName(n *parser.Name) (string, error) {
	switch len(n.Parts) {
	case 1:
		return n.Parts[0].Lower(), nil
	case 2:
		if !catalogOK(n.Parts[0].Text()) {
			return "", catalogNotFound(n.Parts[0])
		}
		return n.Parts[1].Lower(), nil
	}
	return "", sqlerr.New("IDENTIFIER_TOO_MANY_NAME_PARTS", n.At(), "%s is not a valid identifier as it has more than 2 name parts.", relName(n))
}

func schemaNotFound(pos sqlerr.Pos, db string) error {
	return sqlerr.New("SCHEMA_NOT_FOUND", pos, "The schema %s cannot be found. Verify the spelling and correctness of the schema and catalog.", privilege.Quote(db))
}

func tableNotFound(n *parser.Name) error {
	return sqlerr.New("TABLE_OR_VIEW_NOT_FOUND", n.At(), "The table or view %s cannot be found. Verify the spelling and correctness of the schema and catalog.", relName(n))
}

func routineNotFound(n *parser.Name) error {
	return sqlerr.New("ROUTINE_NOT_FOUND", n.At(), "The routine %s cannot be found. Verify the spelling and correctness of the schema and catalog.", relName(n))
}

// lookupRelation finds a persistent table or view by name.
func (r *resolver) lookupRelation(n *parser.Name) (*catalog.Relation, error) {
	db, name, err := r.splitObjectName(n)
	if err != nil {
		return nil, err
	}
	rel, err := r.tx.Relation(db, name)
	if err != nil {
		return nil, err
	}
	if rel == nil {
		return nil, tableNotFound(n)
	}
	if r.qualify != nil {
		r.qualify[n] = parser.QuoteIdent(rel.DB) + "." + parser.QuoteIdent(rel.Name)
	}
	return rel, nil
}

// lookupFunction finds a persistent function by name.
func (r *resolver) lookupFunction(n *parser.Name) (*catalog.Function, error) {
	db, name, err := r.splitObjectName(n)
	if err != nil {
		return nil, err
	}
	f, err := r.tx.Function(db, name)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, routineNotFound(n)
	}
	return f, nil
}

// pathFormats are the formats of path relations (spec §2.6).
var pathFormats = map[string]bool{"csv": true, "json": true, "parquet": true, "orc": true, "text": true, "avro": true, "delta": true}

// IsPath reports whether a relation name is a path relation fmt.`path`.
func IsPath(n *parser.Name) bool {
	if len(n.Parts) != 2 || !pathFormats[n.Parts[0].Lower()] || !n.Parts[1].IsQuoted() {
		return false
	}
	p := n.Parts[1].Text()
	return strings.HasPrefix(p, "/") || strings.Contains(p, ":/")
}

func relationRequest(rel *catalog.Relation, p privilege.Privilege) *Request {
	return &Request{Object: privilege.TableKey(rel.DB, rel.Name), Right: Use, Privilege: p, Owner: rel.Owner}
}

// factor resolves one FROM table factor and returns its entry and requests.
func (r *resolver) factor(f *parser.TableFactor, sc *scope) (*Entry, []*Request, error) {
	var e *Entry
	var reqs []*Request
	var err error
	switch {
	case f.Subquery != nil:
		var out []catalog.Column
		out, reqs, err = r.query(f.Subquery, &scope{parent: sc, persistent: sc.persistent})
		if err != nil {
			return nil, nil, err
		}
		e = &Entry{Kind: SubqueryEntry, Body: f.Subquery, Columns: out}
	default:
		e, reqs, err = r.named(f.Name, sc)
		if err != nil {
			return nil, nil, err
		}
	}
	e.SQLName = r.b.name("r")
	if f.Alias != nil {
		e.Qualifier = f.Alias.Lower()
		if len(f.AliasCols) > 0 {
			if len(f.AliasCols) != len(e.Columns) && !e.Open {
				return nil, nil, sqlerr.New("NUM_COLUMNS_MISMATCH", f.Alias.At(),
					"ALIAS can only be performed on inputs with the same number of columns, but the first input has %d columns and the second input has %d columns.", len(f.AliasCols), len(e.Columns))
			}
			cols := make([]catalog.Column, len(f.AliasCols))
			for i, c := range f.AliasCols {
				cols[i] = catalog.Column{Name: c.Text(), Type: "string"}
				if i < len(e.Columns) {
					cols[i].Type = e.Columns[i].Type
				}
			}
			e.Columns, e.Open = cols, false
		}
	}
	r.b.Factors[f] = e
	return e, reqs, nil
}

// named resolves a relation name (spec §2.4): a CTE in scope, a temporary
// view, a table or view, or a path relation.
func (r *resolver) named(n *parser.Name, sc *scope) (*Entry, []*Request, error) {
	if len(n.Parts) == 1 {
		name := n.Parts[0].Lower()
		if c := sc.cte(name); c != nil {
			// A CTE adds no node: its requests attach where it is used (§2.5).
			return &Entry{Kind: CTEEntry, CTE: c, Qualifier: name, Columns: c.Columns}, c.requests, nil
		}
		if tv, ok := r.sess.TempViews[name]; ok && !sc.persistent {
			r.temps = append(r.temps, tempRef{name: name, kind: "TEMPORARY VIEW", pos: n.At()})
			return r.tempView(tv, name)
		}
	}
	if IsPath(n) {
		format, path := n.Parts[0].Lower(), n.Parts[1].Text()
		e := &Entry{Kind: FileEntry, Format: format, Path: path, Qualifier: path}
		if format == "csv" {
			if cols, ok := readCSVHeader(path); ok {
				e.Columns = cols
			} else {
				e.Open = true
			}
		} else {
			e.Open = true
		}
		r.deps = append(r.deps, privilege.AnyFileKey)
		return e, []*Request{{Object: privilege.AnyFileKey, Right: Use, Privilege: privilege.Select}}, nil
	}
	rel, err := r.lookupRelation(n)
	if err != nil {
		return nil, nil, err
	}
	r.deps = append(r.deps, privilege.TableKey(rel.DB, rel.Name))
	e := &Entry{Qualifier: rel.Name, DB: rel.DB, Relation: rel, Columns: rel.Columns}
	req := relationRequest(rel, privilege.Select)
	if !rel.View {
		e.Kind = TableEntry
		return e, []*Request{req}, nil
	}
	e.Kind = ViewEntry
	body, children, err := r.viewBody(rel)
	if err != nil {
		return nil, nil, err
	}
	e.Body = body
	req.Children = children
	return e, []*Request{req}, nil
}

// viewBody parses a persistent view's stored body afresh and resolves it as
// a persistent object: against persistent objects only, with no outer scope.
func (r *resolver) viewBody(rel *catalog.Relation) (*parser.Query, []*Request, error) {
	if r.depth >= maxDepth {
		return nil, nil, sqlerr.New("RECURSIVE_VIEW", sqlerr.Pos{}, "Recursive view %s detected (cycle: %s -> %s).",
			privilege.TableKey(rel.DB, rel.Name).Key(), privilege.TableKey(rel.DB, rel.Name).Key(), privilege.TableKey(rel.DB, rel.Name).Key())
	}
	body, err := parser.ParseQuery(rel.ViewText)
	if err != nil {
		return nil, nil, sqlerr.Internal(fmt.Errorf("stored body of view %s does not parse: %v", privilege.TableKey(rel.DB, rel.Name).Key(), err))
	}
	sub := &resolver{tx: r.tx, sess: r.sess, b: r.b, depth: r.depth + 1}
	_, reqs, err := sub.query(body, &scope{persistent: true})
	if err != nil {
		return nil, nil, err
	}
	return body, reqs, nil
}

// tempView expands a temporary view in place: no node of its own (§2.5).
func (r *resolver) tempView(tv *TempView, name string) (*Entry, []*Request, error) {
	if r.depth >= maxDepth {
		return nil, nil, sqlerr.New("RECURSIVE_VIEW", sqlerr.Pos{}, "Recursive view %s detected (cycle: %s -> %s).", privilege.Quote(name), privilege.Quote(name), privilege.Quote(name))
	}
	body, err := parser.ParseQuery(tv.Body)
	if err != nil {
		return nil, nil, sqlerr.Internal(err)
	}
	sub := &resolver{tx: r.tx, sess: r.sess, b: r.b, depth: r.depth + 1}
	_, reqs, err := sub.query(body, &scope{})
	if err != nil {
		return nil, nil, err
	}
	return &Entry{Kind: SubqueryEntry, Body: body, Qualifier: name, Columns: tv.Columns}, reqs, nil
}

// query resolves a query and returns its output columns and its requests
// in the order they occur in the text.
func (r *resolver) query(q *parser.Query, parent *scope) ([]catalog.Column, []*Request, error) {
	sc := &scope{parent: parent, ctes: map[string]*CTEDef{}, persistent: parent != nil && parent.persistent}
	if parent == nil {
		sc.persistent = false
	}
	for _, c := range q.With {
		out, reqs, err := r.query(c.Query, sc)
		if err != nil {
			return nil, nil, err
		}
		if len(c.Columns) > 0 {
			if len(c.Columns) != len(out) {
				return nil, nil, sqlerr.New("NUM_COLUMNS_MISMATCH", c.At(),
					"WITH can only be performed on inputs with the same number of columns, but the first input has %d columns and the second input has %d columns.", len(c.Columns), len(out))
			}
			renamed := make([]catalog.Column, len(out))
			for i, col := range c.Columns {
				renamed[i] = catalog.Column{Name: col.Text(), Type: out[i].Type}
			}
			out = renamed
		}
		def := &CTEDef{SQLName: r.b.name("cte"), Name: c.Name.Lower(), Query: c.Query, Columns: out, requests: reqs}
		sc.ctes[def.Name] = def
		r.b.CTEs[c] = def
	}
	out, reqs, err := r.term(q.Body.Left, sc)
	if err != nil {
		return nil, nil, err
	}
	for i, op := range q.Body.Ops {
		right, more, err := r.term(op.Right, sc)
		if err != nil {
			return nil, nil, err
		}
		if len(right) != len(out) {
			return nil, nil, sqlerr.New("NUM_COLUMNS_MISMATCH", op.At(),
				"%s can only be performed on inputs with the same number of columns, but the first input has %d columns and the %s input has %d columns.",
				strings.ToUpper(op.Op), len(out), ordinal(i+2), len(right))
		}
		reqs = append(reqs, more...)
	}
	// ORDER BY sees the output aliases and, for a single SELECT, its inputs.
	osc := &scope{parent: sc, aliases: map[string]*OutputItem{}, persistent: sc.persistent}
	if q.Body.Left.Select != nil && len(q.Body.Ops) == 0 {
		info := r.b.Selects[q.Body.Left.Select]
		osc.entries = info.Entries
		for i := range info.Output {
			it := &info.Output[i]
			osc.aliases[strings.ToLower(it.Name)] = it
		}
	} else {
		for i := range out {
			osc.aliases[strings.ToLower(out[i].Name)] = &OutputItem{Name: out[i].Name}
		}
	}
	for _, o := range q.OrderBy {
		more, err := r.expr(o.Expr, osc)
		if err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
	}
	for _, e := range []*parser.Expr{q.Limit, q.Offset} {
		if e != nil {
			more, err := r.expr(e, sc)
			if err != nil {
				return nil, nil, err
			}
			reqs = append(reqs, more...)
		}
	}
	return out, reqs, nil
}

func ordinal(n int) string {
	names := []string{"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
	if n < len(names) {
		return names[n]
	}
	return fmt.Sprintf("%dth", n)
}

func (r *resolver) term(t *parser.Term, sc *scope) ([]catalog.Column, []*Request, error) {
	switch {
	case t.Select != nil:
		return r.selectBlock(t.Select, sc)
	case t.Paren != nil:
		return r.query(t.Paren, sc)
	}
	var reqs []*Request
	width := -1
	var types []string
	for _, row := range t.Values {
		if width >= 0 && len(row.Exprs) != width {
			return nil, nil, sqlerr.New("NUM_COLUMNS_MISMATCH", row.At(),
				"VALUES can only be performed on inputs with the same number of columns, but the first input has %d columns and the second input has %d columns.", width, len(row.Exprs))
		}
		width = len(row.Exprs)
		for i, e := range row.Exprs {
			more, err := r.expr(e, sc)
			if err != nil {
				return nil, nil, err
			}
			reqs = append(reqs, more...)
			if len(types) <= i {
				types = append(types, r.typeOf(e))
			}
		}
	}
	out := make([]catalog.Column, width)
	names := make([]string, width)
	for i := range out {
		names[i] = fmt.Sprintf("col%d", i+1)
		out[i] = catalog.Column{Name: names[i], Type: types[i]}
	}
	r.b.Values[t] = names
	return out, reqs, nil
}

func (r *resolver) selectBlock(s *parser.Select, parent *scope) ([]catalog.Column, []*Request, error) {
	sc := &scope{parent: parent, persistent: parent.persistent}
	info := &SelectInfo{}
	r.b.Selects[s] = info
	var reqs []*Request
	// FROM first: the relations, in text order.
	for _, f := range s.From {
		e, more, err := r.factor(f.Factor, sc)
		if err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
		sc.entries = append(sc.entries, e)
		for _, j := range f.Joins {
			right, more, err := r.factor(j.Right, sc)
			if err != nil {
				return nil, nil, err
			}
			reqs = append(reqs, more...)
			sc.entries = append(sc.entries, right)
			if len(j.Using) > 0 {
				right.using = map[string]bool{}
				for _, u := range j.Using {
					name := u.Lower()
					if !hasColumn(right, name) {
						return nil, nil, unresolvedColumn(u.At(), u.Text())
					}
					right.using[name] = true
				}
			}
			if j.On != nil {
				more, err := r.expr(j.On, sc)
				if err != nil {
					return nil, nil, err
				}
				reqs = append(reqs, more...)
			}
		}
	}
	info.Entries = sc.entries
	// Then the select list, WHERE, GROUP BY and HAVING, in text order.
	for _, it := range s.Items {
		switch {
		case it.Star:
			for _, e := range sc.entries {
				for _, c := range e.Columns {
					if e.using[strings.ToLower(c.Name)] {
						continue
					}
					info.Output = append(info.Output, OutputItem{Name: c.Name, Type: c.Type, Entry: e, Col: c.Name})
				}
			}
		case it.QualStar != nil:
			var found *Entry
			for _, e := range sc.entries {
				if e.Qualifier == it.QualStar.Lower() {
					found = e
				}
			}
			if found == nil {
				return nil, nil, unresolvedColumn(it.QualStar.At(), it.QualStar.Text()+".*")
			}
			for _, c := range found.Columns {
				info.Output = append(info.Output, OutputItem{Name: c.Name, Type: c.Type, Entry: found, Col: c.Name})
			}
		default:
			more, err := r.expr(it.Expr, sc)
			if err != nil {
				return nil, nil, err
			}
			reqs = append(reqs, more...)
			name := r.outputName(it.Expr)
			if it.Alias != nil {
				name = it.Alias.Text()
			}
			info.Output = append(info.Output, OutputItem{Name: name, Type: r.typeOf(it.Expr), Expr: it.Expr})
		}
	}
	if s.Where != nil {
		more, err := r.expr(s.Where, sc)
		if err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
	}
	asc := &scope{parent: sc, aliases: map[string]*OutputItem{}, persistent: sc.persistent}
	for i := range info.Output {
		asc.aliases[strings.ToLower(info.Output[i].Name)] = &info.Output[i]
	}
	for _, g := range s.GroupBy {
		more, err := r.expr(g, asc)
		if err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
	}
	if s.Having != nil {
		more, err := r.expr(s.Having, asc)
		if err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
	}
	out := make([]catalog.Column, len(info.Output))
	for i, it := range info.Output {
		out[i] = catalog.Column{Name: it.Name, Type: it.Type}
	}
	return out, reqs, nil
}

func hasColumn(e *Entry, name string) bool {
	if e.Open {
		return true
	}
	for _, c := range e.Columns {
		if strings.EqualFold(c.Name, name) {
			return true
		}
	}
	return false
}

func unresolvedColumn(pos sqlerr.Pos, name string) error {
	return sqlerr.New("UNRESOLVED_COLUMN", pos, "A column or function parameter with name %s cannot be resolved.", privilege.Quote(name))
}

// outputName is the name of an unaliased select item (spec §8.2): a column
// reference's column, else the canonical text of the expression.
func (r *resolver) outputName(e *parser.Expr) string {
	if p := asPrimary(e); p != nil && p.Column != nil {
		if ref := r.b.Cols[p.Column]; ref != nil {
			switch {
			case ref.Entry != nil:
				return ref.Column
			case ref.Alias != "":
				return ref.Alias
			}
		}
		return p.Column.Parts[len(p.Column.Parts)-1].Text()
	}
	return parser.Format(e)
}

// asPrimary returns the primary when e is nothing but one primary.
func asPrimary(e *parser.Expr) *parser.Primary {
	if len(e.Or) != 1 || len(e.Or[0].And) != 1 {
		return nil
	}
	n := e.Or[0].And[0]
	if len(n.Nots) > 0 || n.Pred.CmpOp != "" || n.Pred.IsNull != nil || n.Pred.Between != nil || n.Pred.In != nil || n.Pred.Like != nil {
		return nil
	}
	a := n.Pred.Left
	if len(a.Rest) > 0 || len(a.Left.Rest) > 0 || len(a.Left.Left.Signs) > 0 {
		return nil
	}
	return a.Left.Left.Prim
}

// column resolves a column reference (spec §2.4) against the scopes.
func (r *resolver) column(n *parser.Name, sc *scope) error {
	parts := n.Texts()
	col := parts[len(parts)-1]
	qual := parts[:len(parts)-1]
	for s := sc; s != nil; s = s.parent {
		if len(qual) == 0 {
			if i, ok := s.params[strings.ToLower(col)]; ok {
				r.b.Cols[n] = &ColRef{Param: i}
				return nil
			}
		}
		var hits []*ColRef
		var names []string
		for _, e := range s.entries {
			if !qualifierMatches(e, qual) {
				continue
			}
			if len(qual) == 0 && e.using[strings.ToLower(col)] {
				continue // merged into the left side by USING
			}
			for _, c := range e.Columns {
				if strings.EqualFold(c.Name, col) {
					hits = append(hits, &ColRef{Entry: e, Column: c.Name})
					names = append(names, qualifiedColumn(e, c.Name))
				}
			}
		}
		if len(hits) == 0 {
			// A file whose header could not be read yet takes any column.
			for _, e := range s.entries {
				if e.Open && qualifierMatches(e, qual) {
					hits = append(hits, &ColRef{Entry: e, Column: col})
					break
				}
			}
		}
		if len(hits) > 1 {
			return sqlerr.New("AMBIGUOUS_REFERENCE", n.At(), "Reference %s is ambiguous, could be: [%s].", relName(n), strings.Join(names, ", "))
		}
		if len(hits) == 1 {
			r.b.Cols[n] = hits[0]
			return nil
		}
		if len(qual) == 0 {
			if it, ok := s.aliases[strings.ToLower(col)]; ok {
				r.b.Cols[n] = &ColRef{Alias: it.Name}
				return nil
			}
		}
	}
	return sqlerr.New("UNRESOLVED_COLUMN", n.At(), "A column or function parameter with name %s cannot be resolved.", relName(n))
}

func qualifiedColumn(e *Entry, col string) string {
	if e.DB != "" && e.Qualifier == e.Relation.Name {
		return "`spark_catalog`." + privilege.Quote(e.DB) + "." + privilege.Quote(e.Qualifier) + "." + privilege.Quote(col)
	}
	return privilege.Quote(e.Qualifier) + "." + privilege.Quote(col)
}

// qualifierMatches applies the qualifier of a reference: alias or table
// name, db.table, or catalog.db.table.
func qualifierMatches(e *Entry, qual []string) bool {
	switch len(qual) {
	case 0:
		return true
	case 1:
		return strings.EqualFold(qual[0], e.Qualifier)
	case 2:
		return e.Relation != nil && e.Qualifier == e.Relation.Name && strings.EqualFold(qual[0], e.DB) && strings.EqualFold(qual[1], e.Relation.Name)
	case 3:
		return catalogOK(qual[0]) && qualifierMatches(e, qual[1:])
	}
	return false
}
