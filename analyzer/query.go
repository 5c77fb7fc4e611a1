package analyzer

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// factor resolves one FROM table factor and returns its entry and requests.
func (r *resolver) factor(f *parser.TableFactor, sc, left *scope) (*Entry, []*Request, error) {
	var e *Entry
	var reqs []*Request
	var err error
	switch {
	case f.Subquery != nil && f.Lateral:
		// LATERAL (query): correlated with the relations before it in
		// FROM (left), whose columns it reads as a subquery in an
		// expression reads the query around it.
		if f.Sample != nil {
			return nil, nil, notSupported(f.Sample.At(), "TABLESAMPLE of a LATERAL subquery")
		}
		var out []catalog.Column
		out, reqs, err = r.query(f.Subquery, &scope{parent: left, boundary: f.Subquery, persistent: left.persistent})
		if err != nil {
			return nil, nil, err
		}
		e = &Entry{Kind: SubqueryEntry, Query: f.Subquery, Columns: out, Lateral: true}
	case f.Subquery != nil:
		// Not LATERAL: the subquery sees the CTEs around it, but not the
		// columns of the FROM items beside it or of an outer query.
		var out []catalog.Column
		out, reqs, err = r.query(f.Subquery, &scope{parent: sc, barrier: true, persistent: sc.persistent})
		if err != nil {
			return nil, nil, err
		}
		e = &Entry{Kind: SubqueryEntry, Query: f.Subquery, Columns: out}
	case f.Values != nil:
		// VALUES in FROM is an inline table, its columns col1, col2, ...
		// unless the alias names them.
		var out []catalog.Column
		out, reqs, err = r.values(f.Values, &scope{parent: sc, barrier: true, persistent: sc.persistent})
		if err != nil {
			return nil, nil, err
		}
		e = &Entry{Kind: ValuesEntry, Values: f.Values, Columns: out}
	case f.Call != nil && f.Lateral:
		// LATERAL explode(t.a): its arguments see the relations before it.
		e, reqs, err = r.generator(f.Call, left, false)
		if err != nil {
			return nil, nil, err
		}
	case f.Call != nil:
		// A table-valued function: not lateral, its arguments see no
		// relation of the FROM clause.
		e, reqs, err = r.generator(f.Call, &scope{parent: sc, barrier: true, persistent: sc.persistent}, false)
		if err != nil {
			return nil, nil, err
		}
	default:
		e, reqs, err = r.named(f.Name, sc)
		if err != nil {
			return nil, nil, err
		}
	}
	if f.Sample != nil && f.Sample.Rows != nil {
		// TABLESAMPLE (n ROWS) is a LIMIT of the relation: a constant,
		// which sees no column.
		more, err := r.expr(f.Sample.Rows, &scope{parent: sc, barrier: true, persistent: sc.persistent})
		if err != nil {
			return nil, nil, err
		}
		if err := r.checkLimit(f.Sample.Rows, "limit"); err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
	}
	e.SQLName = r.b.name("r")
	if f.Alias != nil {
		e.Qualifier = f.Alias.Lower()
		if len(f.AliasCols) > 0 {
			if len(f.AliasCols) != len(e.Columns) && !e.Open && !r.lenient() {
				return nil, nil, sqlerr.NewNumColumnsMismatch(f.Alias.At(), "ALIAS", len(f.AliasCols), "second", len(e.Columns))
			}
			cols := make([]catalog.Column, len(f.AliasCols))
			for i, c := range f.AliasCols {
				cols[i] = catalog.Column{Name: c.Text(), Type: "string"}
				if i < len(e.Columns) {
					cols[i].Type = e.Columns[i].Type
				}
			}
			e.Columns, e.Open, e.Renamed = cols, false, true
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
		if c := r.cte(sc, name); c != nil {
			// A CTE adds no node: its requests attach where it is used (§2.5).
			c.uses++
			if err := r.addRefs(1+c.refs, n.At()); err != nil {
				return nil, nil, err
			}
			return &Entry{Kind: CTEEntry, CTE: c, Qualifier: name, Columns: c.Columns}, c.requests, nil
		}
		if tv, ok := r.sess.TempViews[name]; ok && !sc.persistent {
			r.temps = append(r.temps, tempRef{name: name, kind: "TEMPORARY VIEW", pos: n.At()})
			b, err := r.tempView(tv)
			if err != nil {
				return nil, nil, relocate(err, n.At())
			}
			b.Uses++
			r.reached(b.deepest)
			if err := r.addRefs(1+b.refs, n.At()); err != nil {
				return nil, nil, err
			}
			// A temporary view adds no node: its requests attach here.
			return &Entry{Kind: ViewEntry, View: b, Qualifier: name, Columns: b.Columns}, b.Requests, nil
		}
	}
	if IsPath(n) {
		return r.file(n)
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
		return e, []*Request{req}, r.addRefs(1, n.At())
	}
	e.Kind = ViewEntry
	b, err := r.view(rel)
	if err != nil {
		return nil, nil, relocate(err, n.At())
	}
	b.Uses++
	r.reached(b.deepest)
	if err := r.addRefs(1+b.refs, n.At()); err != nil {
		return nil, nil, err
	}
	e.View = b
	req.Children = b.Requests
	return e, []*Request{req}, nil
}

// file resolves a path relation fmt.`path` (spec §2.6). The file is never
// opened here: before the statement is authorized its columns are unknown
// and any column reference may name one; once it is authorized, the engine
// reads the files and resolves the statement again with their headers.
func (r *resolver) file(n *parser.Name) (*Entry, []*Request, error) {
	format, path := n.Parts[0].Lower(), n.Parts[1].Text()
	if strings.HasPrefix(path, "/") {
		// One file, however its path is spelled, is read once.
		path = filepath.Clean(path)
	}
	e := &Entry{Kind: FileEntry, Format: format, Path: path, Qualifier: path}
	if cols, ok := r.x.files[path]; ok {
		e.Columns = cols
	} else {
		e.Open = true
		r.x.open = true
	}
	known := false
	for _, p := range r.b.Files {
		known = known || p == path
	}
	if !known {
		r.b.Files = append(r.b.Files, path)
		r.b.FileFormats[path] = format
	}
	r.deps = append(r.deps, privilege.AnyFileKey)
	return e, []*Request{{Object: privilege.AnyFileKey, Right: Use, Privilege: privilege.Select}}, r.addRefs(1, n.At())
}

// query resolves a query and returns its output columns and its requests
// in the order they occur in the text.
func (r *resolver) query(q *parser.Query, parent *scope) ([]catalog.Column, []*Request, error) {
	sc := &scope{parent: parent, ctes: map[string]*CTEDef{}, persistent: parent != nil && parent.persistent}
	for _, c := range q.With {
		before := r.refs
		out, reqs, err := r.query(c.Query, sc)
		if err != nil {
			return nil, nil, err
		}
		// A CTE counts where it is used, once per use.
		refs := r.refs - before
		r.refs = before
		if len(c.Columns) > 0 {
			if len(c.Columns) != len(out) && !r.lenient() {
				return nil, nil, sqlerr.NewNumColumnsMismatch(c.At(), "WITH", len(c.Columns), "second", len(out))
			}
			renamed := make([]catalog.Column, len(c.Columns))
			for i, col := range c.Columns {
				renamed[i] = catalog.Column{Name: col.Text(), Type: "string"}
				if i < len(out) {
					renamed[i].Type = out[i].Type
				}
			}
			out = renamed
		}
		def := &CTEDef{SQLName: r.b.name("cte"), Name: c.Name.Lower(), Query: c.Query, Columns: out, requests: reqs, refs: refs}
		if _, dup := sc.ctes[def.Name]; dup {
			return nil, nil, sqlerr.New(sqlerr.DuplicatedCTENames, c.Name.At(), "CTE definition can't have duplicate names: %s.", privilege.Quote(def.Name))
		}
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
		if len(right) != len(out) && !r.lenient() {
			return nil, nil, sqlerr.NewNumColumnsMismatch(op.At(), strings.ToUpper(op.Op), len(out), ordinal(i+2), len(right))
		}
		reqs = append(reqs, more...)
	}
	// ORDER BY sees the output aliases and, for a single SELECT, its inputs.
	var osc *scope
	if q.Body.Left.Select != nil && len(q.Body.Ops) == 0 {
		info := r.b.Selects[q.Body.Left.Select]
		osc = aliasScope(sc, info.Output)
		osc.entries = info.Entries
		osc.aliasFirst = true
	} else {
		var output []OutputItem
		for _, c := range out {
			output = append(output, OutputItem{Name: c.Name, Type: c.Type})
		}
		osc = aliasScope(sc, output)
	}
	order := q.Order()
	if err := r.checkOrdinals(order, len(osc.output)); err != nil {
		return nil, nil, err
	}
	for _, e := range q.DistributeBy {
		// DISTRIBUTE BY chooses partitions and orders nothing; what it
		// names is still decided.
		more, err := r.expr(e, osc)
		if err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
	}
	for _, o := range order {
		more, err := r.expr(o.Expr, osc)
		if err != nil {
			return nil, nil, err
		}
		if err := r.checkOrderBy(q, o.Expr); err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, more...)
	}
	if len(order) > 0 && q.Body.Left.Select != nil && len(q.Body.Ops) == 0 {
		if err := r.orderRules(q.Body.Left.Select, order); err != nil {
			return nil, nil, err
		}
	}
	for i, e := range []*parser.Expr{q.Limit, q.Offset} {
		if e != nil {
			more, err := r.expr(e, sc)
			if err != nil {
				return nil, nil, err
			}
			if err := r.checkLimit(e, [...]string{"limit", "offset"}[i]); err != nil {
				return nil, nil, err
			}
			reqs = append(reqs, more...)
		}
	}
	// A CTE that nothing reads is still authorized, where it is written:
	// whatever a statement names is decided (fail closed), and the engine
	// must not be made to read a file or a table for a query that asked
	// for nothing.
	var unused []*Request
	for _, c := range q.With {
		if def := r.b.CTEs[c]; def.uses == 0 {
			unused = append(unused, def.requests...)
			if err := r.addRefs(def.refs, c.At()); err != nil {
				return nil, nil, err
			}
		}
	}
	if len(unused) > 0 {
		reqs = append(unused, reqs...)
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
	out, reqs, err := r.values(t.Values, sc)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, len(out))
	for i, c := range out {
		names[i] = c.Name
	}
	r.b.Values[t] = names
	return out, reqs, nil
}

// values resolves the rows of VALUES, which must be as wide as each
// other, and returns their columns, col1, col2, ...
func (r *resolver) values(rows []*parser.Row, sc *scope) ([]catalog.Column, []*Request, error) {
	var reqs []*Request
	width := -1
	var types []string
	for _, row := range rows {
		if width >= 0 && len(row.Exprs) != width {
			return nil, nil, sqlerr.NewNumColumnsMismatch(row.At(), "VALUES", width, "second", len(row.Exprs))
		}
		width = len(row.Exprs)
		for i, e := range row.Exprs {
			more, err := r.expr(e, sc)
			if err != nil {
				return nil, nil, err
			}
			if err := r.noAggregates(e); err != nil {
				return nil, nil, err
			}
			reqs = append(reqs, more...)
			if len(types) <= i {
				types = append(types, r.typeOf(e))
			}
		}
	}
	out := make([]catalog.Column, width)
	for i := range out {
		out[i] = catalog.Column{Name: fmt.Sprintf("col%d", i+1), Type: types[i]}
	}
	return out, reqs, nil
}

// chunk is the requests of one part of a SELECT block, at the offset of
// that part in the text: the parts are resolved FROM first, but their
// requests are listed in text order (spec §6.7).
type chunk struct {
	at   int
	reqs []*Request
}

func inTextOrder(chunks []chunk) []*Request {
	sort.SliceStable(chunks, func(i, j int) bool { return chunks[i].at < chunks[j].at })
	var out []*Request
	for _, c := range chunks {
		out = append(out, c.reqs...)
	}
	return out
}

func (r *resolver) selectBlock(s *parser.Select, parent *scope) ([]catalog.Column, []*Request, error) {
	sc := &scope{parent: parent, persistent: parent.persistent}
	info := &SelectInfo{}
	r.b.Selects[s] = info
	var chunks []chunk
	add := func(at int, reqs []*Request) {
		if len(reqs) > 0 {
			chunks = append(chunks, chunk{at, reqs})
		}
	}
	// FROM first: the relations, left to right. stars is what * expands
	// to: the columns of each FROM item, as its USING joins left them.
	var stars []OutputItem
	for _, f := range s.From {
		cols, entries, err := r.fromItem(f, sc, parent, add)
		if err != nil {
			return nil, nil, err
		}
		sc.entries = append(sc.entries, entries...)
		stars = append(stars, cols.list()...)
	}
	// LATERAL VIEW: each generator sees the relations before it.
	for _, lv := range s.Laterals {
		e, more, err := r.generator(lv.Call, sc, true)
		if err != nil {
			return nil, nil, err
		}
		add(lv.Pos.Offset, more)
		if err := renameGenerated(e, lv.Columns, lv.At()); err != nil {
			return nil, nil, err
		}
		e.SQLName, e.Outer = r.b.name("r"), e.Outer || lv.Outer
		if lv.Table != nil {
			e.Qualifier = lv.Table.Lower()
		}
		r.b.Laterals[lv] = e
		sc.entries = append(sc.entries, e)
		stars = append(stars, entryColumns(e)...)
	}
	// PIVOT and UNPIVOT turn the FROM clause into one relation, which
	// the rest of the block sees alone.
	if s.Pivot != nil || s.Unpivot != nil {
		var e *Entry
		var err error
		if s.Pivot != nil {
			e, err = r.pivot(s.Pivot, sc, stars, add)
		} else {
			e, err = r.unpivot(s.Unpivot, sc, stars)
		}
		if err != nil {
			return nil, nil, err
		}
		info.Pivot = e
		sc.entries, stars = []*Entry{e}, entryColumns(e)
		info.Entries = sc.entries
	}
	// A generator alone in the select list is a lateral view of the FROM
	// clause, whose columns only its item gives.
	genItem, genCall, err := r.selectGenerator(s)
	if err != nil {
		return nil, nil, err
	}
	if genCall != nil {
		e, more, err := r.generator(genCall, sc, true)
		if err != nil {
			return nil, nil, err
		}
		add(genCall.Pos.Offset, more)
		if it := s.Items[genItem]; it.Alias != nil {
			if err := renameGenerated(e, []*parser.Ident{it.Alias}, it.Alias.At()); err != nil {
				return nil, nil, err
			}
		} else if len(it.Aliases) > 0 {
			if err := renameGenerated(e, it.Aliases, it.Aliases[0].At()); err != nil {
				return nil, nil, err
			}
		}
		e.SQLName = r.b.name("r")
		info.Generator = e
	}
	info.Entries = sc.entries
	// The named windows, which the select list's calls may refer to.
	saved := r.windows
	defer func() { r.windows = saved }()
	r.windows = nil
	if err := r.namedWindows(s, sc, add); err != nil {
		return nil, nil, err
	}
	// Then the select list, WHERE, GROUP BY and HAVING.
	for i, it := range s.Items {
		switch {
		case info.Generator != nil && i == genItem:
			info.Output = append(info.Output, entryColumns(info.Generator)...)
		case it.Star:
			if len(sc.entries) == 0 {
				return nil, nil, sqlerr.New(sqlerr.InvalidUsageOfStarOrRegex, it.At(), "Invalid usage of '*' in query.")
			}
			kept, err := except(it, stars)
			if err != nil {
				return nil, nil, err
			}
			info.Output = append(info.Output, kept...)
		case it.QualStar != nil:
			var found *Entry
			for _, e := range sc.entries {
				if starQualifies(e, it.QualStar) {
					found = e
				}
			}
			if found == nil {
				fields, more, err := r.structStar(it.QualStar, sc)
				if err != nil {
					return nil, nil, err
				}
				add(it.Pos.Offset, more)
				if fields, err = except(it, fields); err != nil {
					return nil, nil, err
				}
				info.Output = append(info.Output, fields...)
				continue
			}
			var cols []OutputItem
			for i, c := range found.Columns {
				cols = append(cols, OutputItem{Name: c.Name, Type: c.Type, Entry: found, Col: c.Name, Index: i})
			}
			kept, err := except(it, cols)
			if err != nil {
				return nil, nil, err
			}
			info.Output = append(info.Output, kept...)
		default:
			if len(it.Aliases) > 0 {
				// AS (a, b) names the columns of a generator only.
				return nil, nil, sqlerr.NewSyntaxError(it.Aliases[0].At(), "(")
			}
			more, err := r.expr(it.Expr, sc)
			if err != nil {
				return nil, nil, err
			}
			add(it.Pos.Offset, more)
			name := r.outputName(it.Expr)
			if it.Alias != nil {
				name = it.Alias.Text()
			}
			info.Output = append(info.Output, OutputItem{Name: name, Type: r.typeOf(it.Expr), Expr: it.Expr})
		}
		if len(info.Output) > MaxColumns {
			return nil, nil, tooManyColumns(it.At())
		}
	}
	if s.Where != nil {
		more, err := r.clause(s.Where, sc, r.checkWhere)
		if err != nil {
			return nil, nil, err
		}
		add(s.Where.Pos.Offset, more)
	}
	info.GroupBy = s.GroupBy
	if s.GroupAll {
		// GROUP BY ALL groups by every item that holds no aggregate.
		for _, it := range s.Items {
			if it.Expr == nil {
				continue
			}
			aggregate := false
			for _, sp := range r.specials(it.Expr) {
				aggregate = aggregate || !sp.window
			}
			if !aggregate {
				info.GroupBy = append(info.GroupBy, it.Expr)
			}
		}
	}
	// GROUP BY sees the select list's aliases behind the inputs, HAVING in
	// front of them.
	gsc := aliasScope(sc, info.Output)
	gsc.entries = info.Entries
	asc := aliasScope(sc, info.Output)
	asc.aliasFirst = true
	if err := r.checkGroupBy(s, info); err != nil {
		return nil, nil, err
	}
	for _, g := range s.GroupBy {
		more, err := r.expr(g, gsc)
		if err != nil {
			return nil, nil, err
		}
		add(g.Pos.Offset, more)
	}
	if err := r.checkGroupByExprs(s.GroupBy, info.Output); err != nil {
		return nil, nil, err
	}
	if s.Having != nil {
		more, err := r.clause(s.Having, asc, r.checkHaving)
		if err != nil {
			return nil, nil, err
		}
		add(s.Having.Pos.Offset, more)
		info.Global = len(info.GroupBy) == 0
	}
	if s.Qualify != nil {
		// QUALIFY sees the select list's aliases first, as HAVING does,
		// and filters the rows once their window functions are computed.
		more, err := r.expr(s.Qualify, asc)
		if err != nil {
			return nil, nil, err
		}
		add(s.Qualify.Pos.Offset, more)
	}
	if err := r.groupRules(s, info); err != nil {
		return nil, nil, err
	}
	out := make([]catalog.Column, len(info.Output))
	for i, it := range info.Output {
		out[i] = catalog.Column{Name: it.Name, Type: it.Type}
	}
	return out, inTextOrder(chunks), nil
}

// clause resolves one clause's expression and applies check to it.
func (r *resolver) clause(e *parser.Expr, sc *scope, check func(*parser.Expr) error) ([]*Request, error) {
	reqs, err := r.expr(e, sc)
	if err != nil {
		return nil, err
	}
	return reqs, check(e)
}

// entryColumns is what * gives of one relation.
func entryColumns(e *Entry) []OutputItem {
	out := make([]OutputItem, len(e.Columns))
	for i, c := range e.Columns {
		out[i] = OutputItem{Name: c.Name, Type: c.Type, Entry: e, Col: c.Name, Index: i}
	}
	return out
}

// using resolves the columns of a USING join against its left side (the
// columns of the relations before it in its FROM item) and its right side.
// As in Spark, each joined column becomes one column, which unqualified
// references and * see, and * gives the joined columns first, then the
// other columns of the left side, then those of the right; a qualified
// reference still names one side's own column.
func (r *resolver) usingColumns(j *parser.Join, using []*parser.Ident, left *joinColumns, right *Entry) error {
	kind := strings.ToUpper(j.Kind)
	if kind == "" {
		kind = "INNER"
	}
	right.using = map[string]bool{}
	var keys []*joinColumn
	merges := map[string]*Merge{}
	for _, u := range using {
		name := u.Lower()
		if m := merges[name]; m != nil {
			r.b.Using[u] = m // named twice: the same column
			continue
		}
		if !hasColumn(right, name) {
			return unresolvedColumn(u.At(), u.Text())
		}
		var l *ColRef
		node := left.first(name)
		switch {
		case node != nil:
			l = itemRef(node.item)
		case left.open != nil:
			// A file whose header is not read yet has any column.
			node = &joinColumn{item: OutputItem{Name: u.Text(), Type: "string", Entry: left.open, Col: u.Text(), Index: -1}}
			l = &ColRef{Entry: left.open, Column: u.Text(), Index: -1}
		default:
			return unresolvedColumn(u.At(), u.Text())
		}
		m := &Merge{Kind: kind, Left: l, Right: &ColRef{Entry: right, Column: u.Text(), Index: right.ColumnIndex(name)}}
		r.b.Using[u] = m
		merges[name] = m
		right.using[name] = true
		merged := &ColRef{Entry: l.Entry, Column: l.Column, Index: l.Index, Merge: m}
		if l.Entry.merged == nil {
			l.Entry.merged = map[string]*ColRef{}
		}
		l.Entry.merged[strings.ToLower(l.Column)] = merged
		node.item.Merge = m
		keys = append(keys, node)
	}
	left.front(keys)
	var rest []OutputItem
	for _, c := range entryColumns(right) {
		if !right.using[strings.ToLower(c.Name)] {
			rest = append(rest, c)
		}
	}
	left.add(right, rest)
	return nil
}

// joinColumns is what * sees of one FROM item while its joins resolve: a
// list in which each USING join moves its joined columns to the front.
// Each join costs in proportion to its own columns, not to the columns of
// the relations before it, so a chain of joins is linear (spec §1.5).
type joinColumns struct {
	head, tail *joinColumn
	byName     map[string][]*joinColumn // per lower-case name, in list order
	open       *Entry                   // the first relation whose columns are not known yet
}

type joinColumn struct {
	item       OutputItem
	prev, next *joinColumn
	inList     bool
}

func newJoinColumns(e *Entry) *joinColumns {
	j := &joinColumns{byName: map[string][]*joinColumn{}}
	j.add(e, entryColumns(e))
	return j
}

// add appends the columns of relation e.
func (j *joinColumns) add(e *Entry, cols []OutputItem) {
	if e.Open && j.open == nil {
		j.open = e
	}
	for _, c := range cols {
		n := &joinColumn{item: c}
		j.link(n, j.tail, nil)
		name := strings.ToLower(c.Name)
		j.byName[name] = append(j.byName[name], n)
	}
}

// first is the first column named name that no USING join has taken, or
// nil. A column moved to the front stays the first of its name.
func (j *joinColumns) first(name string) *joinColumn {
	if ns := j.byName[name]; len(ns) > 0 {
		return ns[0]
	}
	return nil
}

// front moves keys, in their order, to the front of the list. A key that
// stands for an open relation's column is new to the list.
func (j *joinColumns) front(keys []*joinColumn) {
	for _, n := range keys {
		if n.inList {
			j.unlink(n)
		} else {
			name := strings.ToLower(n.item.Name)
			j.byName[name] = append([]*joinColumn{n}, j.byName[name]...)
		}
	}
	for i := len(keys) - 1; i >= 0; i-- {
		j.link(keys[i], nil, j.head)
	}
}

func (j *joinColumns) link(n, prev, next *joinColumn) {
	n.prev, n.next, n.inList = prev, next, true
	if prev != nil {
		prev.next = n
	} else {
		j.head = n
	}
	if next != nil {
		next.prev = n
	} else {
		j.tail = n
	}
}

func (j *joinColumns) unlink(n *joinColumn) {
	if n.prev != nil {
		n.prev.next = n.next
	} else {
		j.head = n.next
	}
	if n.next != nil {
		n.next.prev = n.prev
	} else {
		j.tail = n.prev
	}
	n.prev, n.next, n.inList = nil, nil, false
}

// list is the columns in order.
func (j *joinColumns) list() []OutputItem {
	var out []OutputItem
	for n := j.head; n != nil; n = n.next {
		out = append(out, n.item)
	}
	return out
}

// itemRef is the column reference a star column stands for.
func itemRef(c OutputItem) *ColRef {
	return &ColRef{Entry: c.Entry, Column: c.Col, Index: c.Index, Merge: c.Merge}
}

// outputName is the name of an unaliased select item (spec §8.2): a column
// reference's column, else the canonical text of the expression.
func (r *resolver) outputName(e *parser.Expr) string {
	if p := asPrimary(e); p != nil && p.Column != nil {
		if ref := r.b.Cols[p.Column]; ref != nil {
			switch {
			case ref.Entry != nil:
				return ref.Column
			case ref.Output > 0:
				// An alias of an enclosing select list: the column keeps
				// the name it was referred to by.
			}
		}
		return p.Column.Parts[len(p.Column.Parts)-1].Text()
	}
	return parser.Format(e)
}

// asUnary returns the signed primary when e is nothing but one.
func asUnary(e *parser.Expr) *parser.Unary {
	if len(e.Or) != 1 || len(e.Or[0].And) != 1 {
		return nil
	}
	n := e.Or[0].And[0]
	if len(n.Nots) > 0 || n.Pred.CmpOp != "" || n.Pred.IsNull != nil || n.Pred.Between != nil || n.Pred.In != nil || n.Pred.Like != nil {
		return nil
	}
	a := n.Pred.Left
	if len(a.Rest) > 0 || len(a.Left.Rest) > 0 {
		return nil
	}
	return a.Left.Left
}

// asPrimary returns the primary when e is nothing but one primary.
func asPrimary(e *parser.Expr) *parser.Primary {
	if u := asUnary(e); u != nil && len(u.Signs) == 0 {
		return u.Prim
	}
	return nil
}

// BarePrimary returns the primary an expression is alone, or nil.
func BarePrimary(e *parser.Expr) *parser.Primary { return asPrimary(e) }

// BareLiteral returns the literal an expression is alone, or nil.
func BareLiteral(e *parser.Expr) *parser.Literal {
	if p := asPrimary(e); p != nil && len(p.Postfix) == 0 {
		return p.Literal
	}
	return nil
}

// BareColumn returns the column reference e is, possibly in parentheses,
// or nil.
func BareColumn(e *parser.Expr) *parser.Name {
	for {
		p := asPrimary(e)
		switch {
		case p == nil:
			return nil
		case p.Paren != nil:
			e = p.Paren
		default:
			return p.Column
		}
	}
}

// aliasScope is the scope of ORDER BY, GROUP BY and HAVING: the select
// list's aliases, the first of each name, over parent.
func aliasScope(parent *scope, output []OutputItem) *scope {
	sc := &scope{parent: parent, aliases: map[string]int{}, output: output, persistent: parent.persistent}
	for i := range output {
		if _, dup := sc.aliases[strings.ToLower(output[i].Name)]; !dup {
			sc.aliases[strings.ToLower(output[i].Name)] = i + 1
		}
	}
	return sc
}

// alias resolves n to a select-list alias of s, if it names one. An alias
// is seen only in its own block, never from a subquery.
func (r *resolver) alias(s *scope, n *parser.Name, col string) bool {
	i, ok := s.aliases[strings.ToLower(col)]
	if ok {
		r.b.Cols[n] = &ColRef{Output: i, Item: &s.output[i-1]}
	}
	return ok
}

// column resolves a column reference (spec §2.4) against the scopes.
func (r *resolver) column(n *parser.Name, sc *scope) error {
	parts := n.Texts()
	col := parts[len(parts)-1]
	qual := parts[:len(parts)-1]
	var crossed []*parser.Query
	for s := sc; s != nil; s = s.parent {
		if s.boundary != nil {
			crossed = append(crossed, s.boundary)
			continue
		}
		outer := len(crossed) > 0
		if len(qual) == 0 && s.lambda != nil {
			for i, p := range s.lambda.Params {
				if strings.EqualFold(p.Text(), col) {
					r.b.Cols[n] = &ColRef{Lambda: s.lambda, Param: i + 1, Type: s.lambdaTypes[i]}
					return nil
				}
			}
		}
		if len(qual) == 0 {
			if i, ok := s.params[strings.ToLower(col)]; ok {
				r.b.Cols[n] = &ColRef{Param: i}
				r.correlate(crossed)
				return nil
			}
			if s.aliasFirst && !outer && r.alias(s, n, col) {
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
			for i, c := range e.Columns {
				if strings.EqualFold(c.Name, col) {
					ref := &ColRef{Entry: e, Column: c.Name, Index: i}
					if m := e.merged[strings.ToLower(c.Name)]; m != nil && len(qual) == 0 {
						ref = &ColRef{Entry: e, Column: c.Name, Index: i, Merge: m.Merge}
					}
					ref.Outer = outer
					hits = append(hits, ref)
					names = append(names, qualifiedColumn(e, c.Name))
				}
			}
		}
		if len(hits) == 0 {
			// A file whose header is not read yet takes any column.
			for _, e := range s.entries {
				if e.Open && qualifierMatches(e, qual) {
					hits = append(hits, &ColRef{Entry: e, Column: col, Index: -1, Outer: outer})
					break
				}
			}
		}
		if len(hits) > 1 {
			return sqlerr.New(sqlerr.AmbiguousReference, n.At(), "Reference %s is ambiguous, could be: [%s].", relName(n), strings.Join(names, ", "))
		}
		if len(hits) == 1 {
			r.b.Cols[n] = hits[0]
			r.correlate(crossed)
			return nil
		}
		if len(qual) == 0 && !outer && r.alias(s, n, col) {
			return nil
		}
		if s.barrier {
			// A subquery in FROM does not see the relations beside it
			// (it is not LATERAL), but it sees the queries around the one
			// it stands in, as a correlated subquery does: (SELECT ...
			// FROM (SELECT ... WHERE t2.b = t1.a)) FROM t1.
			if s.parent == nil {
				break
			}
			s = s.parent
		}
	}
	if r.lenient() {
		// The statement reads a file whose header is not read yet, and a
		// relation made from it (a CTE, a subquery, a view over it) may
		// have any column: the resolution that follows authorization, which
		// sees the files, binds the reference or reports it (spec §2.6).
		return nil
	}
	if len(parts) >= 2 {
		// s.f: the field f of the struct column s (t.s.f, ...), once
		// no table has the qualifier.
		prefix := &parser.Name{Node: n.Node, Parts: n.Parts[:len(n.Parts)-1]}
		if err := r.column(prefix, sc); err == nil {
			if ref := r.b.Cols[prefix]; ref != nil && ref.Builtin == nil && ref.Lambda == nil && ref.Param == 0 {
				delete(r.b.Cols, prefix)
				base := r.refType(ref)
				if isStruct(base) {
					field := *ref
					field.Fields = append(append([]string(nil), ref.Fields...), col)
					field.Type = fieldType(base, col)
					if field.Type == "" {
						return sqlerr.New(sqlerr.FieldNotFound, n.At(), "No such struct field %s in %s.", privilege.Quote(col), structNames(base))
					}
					r.b.Cols[n] = &field
					return nil
				}
			}
			delete(r.b.Cols, prefix)
		}
	}
	if len(parts) == 1 && niladic[strings.ToLower(col)] {
		// CURRENT_DATE, CURRENT_USER, ... without parentheses, when no
		// column has the name (Spark).
		r.b.Cols[n] = &ColRef{Builtin: builtins[strings.ToLower(col)]}
		return nil
	}
	return sqlerr.NewUnresolvedColumn(n.At(), relName(n))
}

func qualifiedColumn(e *Entry, col string) string {
	if e.DB != "" && e.Relation != nil && e.Qualifier == e.Relation.Name {
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

// starQualifies reports whether q.* names the columns of e: q is e's
// qualifier (its alias, or its table's name), or the table's database and
// name (db.t.*, hive_metastore.db.t.*) when it has no alias.
func starQualifies(e *Entry, q *parser.Name) bool {
	parts := q.Parts
	last := parts[len(parts)-1].Lower()
	switch len(parts) {
	case 1:
		return e.Qualifier == last
	case 3:
		if !catalogOK(parts[0].Text()) {
			return false
		}
	}
	return e.Relation != nil && e.Qualifier == e.Relation.Name && e.Relation.Name == last && e.Relation.DB == parts[len(parts)-2].Lower()
}

// namedWindows resolves the WINDOW clause of a SELECT block: each
// definition's expressions, in the scope of the block's FROM, and the
// named window each may start from, which must be defined before it and
// leave it what it adds (as in Spark and SQLite: a definition that starts
// from another adds no PARTITION BY, an ORDER BY only to one without, and
// the other has no frame).
func (r *resolver) namedWindows(s *parser.Select, sc *scope, add func(int, []*Request)) error {
	if len(s.Windows) == 0 {
		return nil
	}
	r.windows = map[string]*parser.Window{}
	for _, nw := range s.Windows {
		name := nw.Name.Lower()
		if _, dup := r.windows[name]; dup {
			return sqlerr.New(sqlerr.InvalidSQLSyntax, nw.Name.At(), "Invalid SQL syntax: The window %s is defined twice.", privilege.Quote(name))
		}
		if err := r.windowBase(nw.Window); err != nil {
			return err
		}
		if err := r.windowExprs(nw.Window, sc, add); err != nil {
			return err
		}
		// Kept as it finally is, its base's clauses included: a chain
		// of windows is followed once, as it is defined.
		eff := *r.effectiveWindow(nw.Window)
		eff.Name, eff.Base = nil, nil
		r.windows[name] = &eff
	}
	return nil
}

// windowBase checks the named window a specification starts from.
func (r *resolver) windowBase(w *parser.Window) error {
	name := w.Name
	if name == nil {
		name = w.Base
	}
	if name == nil {
		return nil
	}
	base := r.windows[name.Lower()]
	if base == nil {
		return sqlerr.New(sqlerr.MissingWindowSpecification, name.At(), "Window specification %s is not defined in the WINDOW clause.", privilege.Quote(name.Text()))
	}
	switch {
	case w.Base != nil && len(w.PartitionBy) > 0:
		return notSupported(w.At(), "PARTITION BY in a window that starts from another")
	case w.Base != nil && len(w.OrderBy) > 0 && len(base.OrderBy) > 0:
		return notSupported(w.At(), "ORDER BY in a window that starts from an ordered one")
	case w.Base != nil && base.Frame != nil:
		return notSupported(w.At(), "a window that starts from one with a frame")
	}
	return nil
}

// windowExprs resolves the PARTITION BY and ORDER BY expressions of a
// window specification.
func (r *resolver) windowExprs(w *parser.Window, sc *scope, add func(int, []*Request)) error {
	var exprs []*parser.Expr
	exprs = append(exprs, w.PartitionBy...)
	for _, o := range w.OrderBy {
		exprs = append(exprs, o.Expr)
	}
	for _, e := range exprs {
		more, err := r.expr(e, sc)
		if err != nil {
			return err
		}
		add(e.Pos.Offset, more)
	}
	return nil
}

// fromItem resolves one FROM item, a table factor and its joins, and
// returns what * gives of it and the relations the rest of the block sees
// (the right side of a SEMI or ANTI join is seen by its condition alone).
// A join condition sees the relations of its own FROM item.
func (r *resolver) fromItem(f *parser.FromItem, sc, parent *scope, add func(int, []*Request)) (*joinColumns, []*Entry, error) {
	cols, entries, err := r.fromFactor(f.Factor, sc, parent, add, sc)
	if err != nil {
		return nil, nil, err
	}
	// The relations a join condition sees, grown join by join (a copy
	// per join would make a chain of joins quadratic).
	item := &scope{parent: parent, entries: append([]*Entry(nil), entries...), persistent: sc.persistent}
	for _, j := range f.Joins {
		var left *scope
		if j.Right.Lateral {
			// What a LATERAL subquery sees: the FROM items before this
			// one, and this one's relations so far.
			left = &scope{parent: parent, entries: append(append([]*Entry(nil), sc.entries...), item.entries...), persistent: sc.persistent}
		}
		right, more, err := r.fromFactor(j.Right, sc, parent, add, left)
		if err != nil {
			return nil, nil, err
		}
		item.entries = append(item.entries, more...)
		semi := j.Kind == "SEMI" || j.Kind == "ANTI"
		using := j.Using
		if j.Natural {
			if len(more) != 1 {
				return nil, nil, notSupported(j.At(), "NATURAL JOIN of a parenthesized join")
			}
			using = r.naturalColumns(j, cols, more[0])
		}
		switch {
		case len(using) > 0 && len(more) != 1:
			return nil, nil, notSupported(j.At(), "USING with a parenthesized join")
		case len(using) > 0 && semi:
			// The condition only: no column is merged, as the right side
			// is not seen after the join.
			for _, u := range using {
				name := u.Lower()
				node := cols.first(name)
				if !hasColumn(more[0], name) || node == nil {
					return nil, nil, unresolvedColumn(u.At(), u.Text())
				}
				r.b.Using[u] = &Merge{Kind: "INNER", Left: itemRef(node.item), Right: &ColRef{Entry: more[0], Column: u.Text(), Index: more[0].ColumnIndex(name)}}
			}
		case len(using) > 0:
			if err := r.usingColumns(j, using, cols, more[0]); err != nil {
				return nil, nil, err
			}
		case !semi:
			cols.append(right)
		}
		if j.On != nil {
			reqs, err := r.clause(j.On, item, r.noAggregates)
			if err != nil {
				return nil, nil, err
			}
			add(j.On.Pos.Offset, reqs)
		}
		if semi {
			item.entries = item.entries[:len(item.entries)-len(more)]
		} else {
			entries = append(entries, more...)
		}
	}
	return cols, entries, nil
}

// fromFactor resolves a table factor: one relation, or a parenthesized
// join.
func (r *resolver) fromFactor(f *parser.TableFactor, sc, parent *scope, add func(int, []*Request), left *scope) (*joinColumns, []*Entry, error) {
	if f.Nested != nil {
		if f.Alias != nil {
			return nil, nil, notSupported(f.Alias.At(), "an alias of a parenthesized join")
		}
		return r.fromItem(f.Nested, sc, parent, add)
	}
	e, more, err := r.factor(f, sc, left)
	if err != nil {
		return nil, nil, err
	}
	add(f.Pos.Offset, more)
	return newJoinColumns(e), []*Entry{e}, nil
}

// naturalColumns are the columns a NATURAL JOIN joins on: those of the
// right relation that the left side has too, in the right's order (Spark
// takes them in the left's order; the rows are the same). They are kept
// as the USING list the join stands for.
func (r *resolver) naturalColumns(j *parser.Join, left *joinColumns, right *Entry) []*parser.Ident {
	if ids, ok := r.b.Natural[j]; ok {
		return ids
	}
	var ids []*parser.Ident
	for _, c := range right.Columns {
		if left.first(strings.ToLower(c.Name)) != nil {
			ids = append(ids, &parser.Ident{Node: j.Node, Bare: c.Name})
		}
	}
	r.b.Natural[j] = ids
	return ids
}

// append appends the columns of another FROM item's list.
func (j *joinColumns) append(other *joinColumns) {
	for n := other.head; n != nil; n = n.next {
		j.add(n.item.Entry, []OutputItem{n.item})
	}
	if j.open == nil {
		j.open = other.open
	}
}

// renameGenerated gives a generator's columns the names a LATERAL VIEW or
// a select item gives them: as many names as columns, or none.
func renameGenerated(e *Entry, names []*parser.Ident, pos sqlerr.Pos) error {
	if len(names) == 0 {
		return nil
	}
	if len(names) != len(e.Columns) {
		return sqlerr.New(sqlerr.NumColumnsMismatch, pos, "The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF: %d aliases for %d columns of %s.", len(names), len(e.Columns), privilege.Quote(e.Gen))
	}
	for i, n := range names {
		e.Columns[i].Name = n.Text()
	}
	return nil
}

// refType is the type of what a column reference names.
func (r *resolver) refType(ref *ColRef) string {
	switch {
	case ref.Type != "":
		return ref.Type
	case ref.Item != nil:
		return ref.Item.Type
	case ref.Entry != nil && ref.Index >= 0 && ref.Index < len(ref.Entry.Columns):
		return ref.Entry.Columns[ref.Index].Type
	}
	return ""
}

// structNames lists a struct type's fields, for errors.
func structNames(t string) string {
	var names []string
	for _, f := range structFields(t) {
		names = append(names, privilege.Quote(f[0]))
	}
	return strings.Join(names, ", ")
}

// structStar expands s.* where s names no relation of the block: a column
// (or field) of struct type gives one output column per field, named as
// the field, as in Spark. Anything else is the unresolved s.*.
func (r *resolver) structStar(n *parser.Name, sc *scope) ([]OutputItem, []*Request, error) {
	unresolved := sqlerr.NewUnresolvedColumn(n.At(), relName(n)+".*")
	col := parser.ColumnExpr(n)
	more, err := r.expr(col, sc)
	if err != nil {
		var e *sqlerr.Error
		if errors.As(err, &e) && e.Class == sqlerr.UnresolvedColumn {
			return nil, nil, unresolved
		}
		return nil, nil, err
	}
	typ := r.typeOf(col)
	if isStruct(typ) && len(structFields(typ)) == 0 {
		return nil, nil, sqlerr.New(sqlerr.InvalidUsageOfStarOrRegex, n.At(), "Invalid usage of '*' in expansion of %s, a struct of no fields.", parser.Format(n))
	}
	if !isStruct(typ) {
		return nil, nil, sqlerr.New(sqlerr.InvalidUsageOfStarOrRegex, n.At(), "Invalid usage of '*' in expansion of %s, which is not a struct but %s.", parser.Format(n), strings.ToUpper(typ))
	}
	var out []OutputItem
	for _, f := range structFields(typ) {
		parts := append(append([]*parser.Ident{}, n.Parts...), &parser.Ident{Node: n.Node, Quoted: "`" + strings.ReplaceAll(f[0], "`", "``") + "`"})
		field := parser.ColumnExpr(&parser.Name{Node: n.Node, Parts: parts})
		m, err := r.expr(field, sc)
		if err != nil {
			return nil, nil, err
		}
		more = append(more, m...)
		out = append(out, OutputItem{Name: f[0], Type: r.typeOf(field), Expr: field})
	}
	return out, more, nil
}

// except leaves out of a star's columns those its EXCEPT (...) names: a
// column's name, or a qualifier and the name (t.a), each of which must
// name one of them. A star left with no column is refused.
func except(it *parser.SelectItem, cols []OutputItem) ([]OutputItem, error) {
	if len(it.Except) == 0 {
		return cols, nil
	}
	drop := make([]bool, len(cols))
	for _, n := range it.Except {
		last := n.Parts[len(n.Parts)-1].Text()
		qual := &parser.Name{Node: n.Node, Parts: n.Parts[:len(n.Parts)-1]}
		found := false
		for i, c := range cols {
			if !strings.EqualFold(c.Name, last) {
				continue
			}
			if len(qual.Parts) > 0 && (c.Entry == nil || !starQualifies(c.Entry, qual)) {
				continue
			}
			drop[i], found = true, true
		}
		if !found {
			return nil, sqlerr.NewUnresolvedColumn(n.At(), parser.QuoteName(n.Texts()))
		}
	}
	var kept []OutputItem
	for i, c := range cols {
		if !drop[i] {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return nil, sqlerr.New(sqlerr.InvalidUsageOfStarOrRegex, it.At(), "Invalid usage of '*' in query: EXCEPT leaves the star no column.")
	}
	return kept, nil
}

// MaxColumns bounds the columns of one SELECT block or relation: SQLite,
// which runs the statement, takes no more (its SQLITE_MAX_COLUMN), and
// stars that repeat a relation's columns would otherwise multiply them
// level by level before anything is decided.
const MaxColumns = 2000

func tooManyColumns(at sqlerr.Pos) error {
	return sqlerr.New(sqlerr.StatementTooComplex, at, "The statement makes a relation of more than %d columns.", MaxColumns)
}
