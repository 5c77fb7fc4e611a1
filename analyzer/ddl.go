package analyzer

import (
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// createView resolves a view body (not authorized: spec §8) and stores it
// with every name qualified (spec §2.4).
func (r *resolver) createView(p *Plan, s *parser.CreateViewStmt) error {
	body := r.body(false)
	body.qualify = map[*parser.Name]string{}
	out, _, err := body.query(s.Query, nil)
	if err != nil {
		return err
	}
	// A view over a file takes its columns from the file, so only someone
	// allowed to read the file may create it (spec §2.6, §8); so too when
	// the file is reached through another view, since the body is resolved
	// with the file's columns once the statement is authorized.
	var files []*Request
	if len(r.b.Files) > 0 {
		files = append(files, use(privilege.AnyFileKey, "", privilege.Select))
	}
	queryCols := make([]string, len(out))
	for i, c := range out {
		queryCols[i] = c.Name
	}
	if len(s.Columns) > 0 {
		if len(s.Columns) != len(out) && !r.lenient() {
			return sqlerr.New(sqlerr.CreateViewColumnArityMismatch, s.Name.At(),
				"Cannot create view %s: the column list has %d names but the query returns %d columns.", relName(s.Name), len(s.Columns), len(out))
		}
		named := make([]catalog.Column, len(s.Columns))
		for i, c := range s.Columns {
			named[i] = catalog.Column{Name: c.Name.Text(), Type: "string"}
			if i < len(out) {
				named[i].Type = out[i].Type
			}
			if c.Comment != nil {
				named[i].Comment = parser.Unquote(*c.Comment)
			}
		}
		out = named
	}
	seen := map[string]bool{}
	for i, c := range out {
		if c.Type == "void" {
			out[i].Type = "string"
		}
		// A view's columns are new column names (spec §2.2), whether they
		// come from a column list, aliases or the body.
		if !r.lenient() && !parser.ValidNewName(c.Name) {
			return sqlerr.NewInvalidColumnName(s.Name.At(), c.Name)
		}
		if seen[strings.ToLower(c.Name)] && !r.lenient() {
			return sqlerr.NewColumnAlreadyExists(s.Name.At(), c.Name)
		}
		seen[strings.ToLower(c.Name)] = true
	}
	printer := parser.Printer{Rename: body.qualify}
	text := printer.Print(s.Query)
	if s.Temporary {
		name := s.Name.Parts[0].Lower()
		op := &CreateTempView{Stmt: s, View: &TempView{Name: name, Body: text, Columns: out, QueryColumns: queryCols}}
		_, op.Exists = r.sess.TempViews[name]
		p.Op = op
		if s.OrReplace && op.Exists {
			if cycle := r.tempViewCycle(name, body.temps); cycle != "" {
				return sqlerr.NewRecursiveView(s.Name.At(), "view", privilege.Quote(name), cycle)
			}
		}
		p.Roots = files
		return nil
	}
	d, db, name, err := r.newObject(s.Name)
	if err != nil {
		return err
	}
	if err := body.tempReference("VIEW", privilege.TableKey(db, name)); err != nil {
		return err
	}
	existing, err := r.tx.Relation(db, name)
	if err != nil {
		return err
	}
	p.Op = &CreateView{Stmt: s, DB: db, Name: name, Existing: existing, Columns: out, Body: text, QueryColumns: queryCols, Deps: body.deps}
	create := use(privilege.DatabaseKey(db), d.Owner, privilege.Create)
	if existing != nil && s.OrReplace {
		if !existing.View {
			return expectView("CREATE OR REPLACE VIEW", s.Name)
		}
		if cycle := r.viewCycle(privilege.TableKey(db, name), body.deps); cycle != "" {
			return sqlerr.NewRecursiveView(s.Name.At(), "view", privilege.TableKey(db, name).Key(), cycle)
		}
		// Replacing needs the view's own owner (spec §8, §9.3): a manager
		// who could replace it would make a view that keeps another
		// user's ownership read whatever that user owns.
		p.Roots = append([]*Request{{Object: privilege.TableKey(db, name), Right: Own, Owner: existing.Owner}, create}, files...)
		return nil
	}
	p.Roots = append([]*Request{create}, files...)
	return nil
}

// tempViewCycle returns the cycle "a -> b -> a" when the temporary view
// name, replaced by a body that names refs, would reach itself through the
// temporary views of the session, else "".
func (r *resolver) tempViewCycle(name string, refs []tempRef) string {
	return tempCycle(name, refNames(refs, "TEMPORARY VIEW"), func(n string) []string {
		tv, ok := r.sess.TempViews[n]
		if !ok {
			return nil
		}
		q, err := parser.ParseQuery(tv.Body)
		if err != nil {
			return nil
		}
		var out []string
		parser.Walk(q, func(x any) bool {
			if f, ok := x.(*parser.TableFactor); ok && f.Name != nil && len(f.Name.Parts) == 1 {
				out = append(out, f.Name.Parts[0].Lower())
			}
			return true
		})
		return out
	})
}

// tempFunctionCycle is tempViewCycle for temporary functions: a body is
// resolved against the functions of the moment, so replacing one could
// close a cycle that no call would ever get out of.
func (r *resolver) tempFunctionCycle(name string, refs []tempRef) string {
	return tempCycle(name, refNames(refs, "TEMPORARY FUNCTION"), func(n string) []string {
		tf, ok := r.sess.TempFuncs[n]
		if !ok {
			return nil
		}
		e, err := parser.ParseExpr(tf.Body)
		if err != nil {
			return nil
		}
		var out []string
		parser.Walk(e, func(x any) bool {
			if c, ok := x.(*parser.Call); ok && len(c.Name.Parts) == 1 {
				if _, builtin := r.builtin(c.Name.Parts[0].Lower()); !builtin {
					out = append(out, c.Name.Parts[0].Lower())
				}
			}
			return true
		})
		return out
	})
}

func refNames(refs []tempRef, kind string) []string {
	var out []string
	for _, t := range refs {
		if t.kind == kind {
			out = append(out, t.name)
		}
	}
	return out
}

// tempCycle searches, depth first and each node once, from the names first
// through the names next gives, for name; it returns the path that reaches
// it, "name -> ... -> name", or "".
func tempCycle(name string, first []string, next func(string) []string) string {
	path := []string{privilege.Quote(name)}
	seen := map[string]bool{}
	var dfs func(n string) bool
	dfs = func(n string) bool {
		if n == name {
			path = append(path, privilege.Quote(n))
			return true
		}
		if seen[n] {
			return false
		}
		seen[n] = true
		path = append(path, privilege.Quote(n))
		for _, m := range next(n) {
			if dfs(m) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	for _, n := range first {
		if dfs(n) {
			return strings.Join(path, " -> ")
		}
	}
	return ""
}

// tempReference fails when the body of a persistent object named a
// temporary view or function (spec §2.5).
func (r *resolver) tempReference(kind string, obj privilege.Securable) error {
	if len(r.temps) == 0 {
		return nil
	}
	t := r.temps[0]
	return sqlerr.New(sqlerr.InvalidTempObjReference, t.pos,
		"Cannot create the persistent object %s of the type %s because it references to the temporary object %s of the type %s.",
		obj.Key(), kind, privilege.Quote(t.name), t.kind)
}

// viewCycle follows stored dependencies from deps and returns the cycle
// text "a -> b -> a" when self is reached, else "".
func (r *resolver) viewCycle(self privilege.Securable, deps []privilege.Securable) string {
	seen := map[privilege.Securable]bool{}
	var path []string
	var dfs func(s privilege.Securable) bool
	dfs = func(s privilege.Securable) bool {
		if s == self {
			path = append(path, s.Key())
			return true
		}
		if seen[s] || s.Type != privilege.Table {
			return false
		}
		seen[s] = true
		rel, err := r.tx.Relation(s.DB, s.Name)
		if err != nil || rel == nil || !rel.View {
			return false
		}
		path = append(path, s.Key())
		for _, d := range rel.Deps {
			if dfs(d) {
				return true
			}
		}
		path = path[:len(path)-1]
		return false
	}
	path = []string{self.Key()}
	for _, d := range deps {
		if dfs(d) {
			return strings.Join(path, " -> ")
		}
	}
	return ""
}

func (r *resolver) createFunction(p *Plan, s *parser.CreateFunctionStmt) error {
	var params []catalog.Param
	seen := map[string]bool{}
	for _, a := range s.Params {
		if seen[a.Name.Lower()] {
			return sqlerr.New(sqlerr.DuplicateRoutineParameterNames, a.Name.At(), "Found duplicate name(s) in the parameter list of the user-defined routine %s: %s.", relName(s.Name), privilege.Quote(a.Name.Text()))
		}
		seen[a.Name.Lower()] = true
		params = append(params, catalog.Param{Name: a.Name.Text(), Type: a.Type.SparkType()})
	}
	body := r.body(false)
	body.qualify = map[*parser.Name]string{}
	fname := relName(s.Name)
	text := ""
	if s.Body != nil {
		var reads *parser.TableFactor
		parser.Walk(s.Body, func(n any) bool {
			if f, ok := n.(*parser.TableFactor); ok && reads == nil {
				reads = f
			}
			return reads == nil
		})
		switch {
		case reads != nil && reads.Name != nil:
			return sqlerr.New(sqlerr.UnsupportedFeature, reads.At(), "The body of function %s cannot read tables or views.", fname)
		case reads != nil:
			// A derived table reads nothing, but is inlined in a FROM
			// clause, where the caller's arguments could not be seen.
			return sqlerr.New(sqlerr.UnsupportedFeature, reads.At(), "The body of function %s cannot have a FROM clause of its own: it may read no tables or views, and a derived table is not supported either.", fname)
		}
		if _, err := body.expr(s.Body, paramScope(params, false)); err != nil {
			return err
		}
		if err := bodySpecials(fname, s.Body, r.b); err != nil {
			return err
		}
		printer := parser.Printer{Rename: body.qualify}
		text = printer.Print(s.Body)
	}
	returns := ""
	if s.Returns != nil {
		returns = s.Returns.SparkType()
	}
	if s.Temporary {
		name := s.Name.Parts[0].Lower()
		if _, builtin := r.builtin(name); builtin {
			return sqlerr.NewRoutineAlreadyExists(s.Name.At(), privilege.Quote(name))
		}
		op := &CreateTempFunction{Stmt: s, Function: &TempFunc{Name: name, Params: params, Returns: returns, Body: text}}
		_, op.Exists = r.sess.TempFuncs[name]
		p.Op = op
		if s.OrReplace && op.Exists {
			if cycle := r.tempFunctionCycle(name, body.temps); cycle != "" {
				return sqlerr.NewRecursiveView(s.Name.At(), "function", privilege.Quote(name), cycle)
			}
		}
		return nil
	}
	d, db, name, err := r.newObject(s.Name)
	if err != nil {
		return err
	}
	if err := body.tempReference("FUNCTION", privilege.FunctionKey(db, name)); err != nil {
		return err
	}
	fn := &catalog.Function{DB: db, Name: name, Params: params, Returns: returns, Body: text}
	if s.Class != nil {
		fn.Class = parser.Unquote(*s.Class)
	}
	if s.Comment != nil {
		fn.Comment = parser.Unquote(*s.Comment)
	}
	existing, err := r.tx.Function(db, name)
	if err != nil {
		return err
	}
	p.Op = &CreateFunction{Stmt: s, Function: fn, Exists: existing != nil}
	key := privilege.FunctionKey(db, name)
	create := use(privilege.DatabaseKey(db), d.Owner, privilege.CreateNamedFunction)
	if existing != nil && s.OrReplace {
		if cycle := r.functionCycle(key, body.deps); cycle != "" {
			return sqlerr.NewRecursiveView(s.Name.At(), "function", key.Key(), cycle)
		}
		fn.Owner = existing.Owner
		// Replacing needs the function's own owner (spec §8, §9.3).
		p.Roots = []*Request{{Object: key, Right: Own, Owner: existing.Owner}, create}
		return nil
	}
	p.Roots = []*Request{create}
	return nil
}

// functionCycle follows the persistent functions that deps call, each
// once, and returns the cycle "a -> b -> a" when self is reached, else "".
func (r *resolver) functionCycle(self privilege.Securable, deps []privilege.Securable) string {
	seen := map[privilege.Securable]bool{}
	path := []string{self.Key()}
	var dfs func(k privilege.Securable) bool
	dfs = func(k privilege.Securable) bool {
		if k == self {
			path = append(path, k.Key())
			return true
		}
		if k.Type != privilege.Function || seen[k] || len(path) > MaxViewDepth {
			return false
		}
		seen[k] = true
		f, err := r.tx.Function(k.DB, k.Name)
		if err != nil || f == nil || f.Body == "" {
			return false
		}
		e, err := parser.ParseExpr(f.Body)
		if err != nil {
			return false
		}
		path = append(path, k.Key())
		found := false
		parser.Walk(e, func(n any) bool {
			if c, ok := n.(*parser.Call); ok && len(c.Name.Parts) >= 2 && !found {
				if db, name, err := r.splitObjectName(c.Name); err == nil {
					found = dfs(privilege.FunctionKey(db, name))
				}
			}
			return !found
		})
		if !found {
			path = path[:len(path)-1]
		}
		return found
	}
	for _, d := range deps {
		if dfs(d) {
			return strings.Join(path, " -> ")
		}
	}
	return ""
}

func (r *resolver) dropRelation(p *Plan, s *parser.DropRelationStmt) error {
	view := strings.EqualFold(s.Kind, "VIEW")
	if view && len(s.Name.Parts) == 1 {
		if name := s.Name.Parts[0].Lower(); r.sess.TempViews[name] != nil {
			p.Op = &DropTempView{Name: name}
			return nil
		}
	}
	db, name, err := r.splitObjectName(s.Name)
	if err != nil {
		return err
	}
	rel, err := r.tx.Relation(db, name)
	if err != nil {
		return err
	}
	if rel == nil {
		if s.IfExists {
			p.Op = &Nothing{}
			return nil
		}
		return tableNotFound(s.Name)
	}
	switch {
	case view && !rel.View:
		return expectView("DROP VIEW", s.Name)
	case !view && rel.View:
		return expectTable("DROP TABLE", s.Name)
	}
	p.Op = &DropRelation{Relation: rel}
	p.Roots = []*Request{manage(privilege.TableKey(db, name), rel.Owner)}
	return nil
}

func (r *resolver) rename(p *Plan, s *parser.RenameStmt) error {
	view := strings.EqualFold(s.Kind, "VIEW")
	rel, err := r.lookupRelation(s.Name)
	if err != nil {
		return err
	}
	op := "ALTER " + strings.ToUpper(s.Kind) + " ... RENAME TO"
	switch {
	case view && !rel.View:
		return expectView(op, s.Name)
	case !view && rel.View:
		return expectTable(op, s.Name)
	}
	newDB := rel.DB
	if len(s.To.Parts) > 1 {
		if newDB, _, err = r.splitObjectName(s.To); err != nil {
			return err
		}
	}
	if newDB != rel.DB {
		what := "a table"
		if rel.View {
			what = "a view"
		}
		return sqlerr.New(sqlerr.CannotRenameAcrossSchema, s.To.At(), "Renaming %s across schemas is not allowed.", what)
	}
	p.Op = &Rename{Stmt: s, Relation: rel, To: s.To.Parts[len(s.To.Parts)-1].Lower()}
	p.Roots = []*Request{manage(privilege.TableKey(rel.DB, rel.Name), rel.Owner)}
	return nil
}

func (r *resolver) insert(p *Plan, s *parser.InsertStmt) error {
	rel, err := r.target(s.Table, "INSERT INTO")
	if err != nil {
		return err
	}
	p.Op = &Insert{Stmt: s, Table: rel}
	out, reqs, err := r.query(s.Query, nil)
	if err != nil {
		return err
	}
	width := len(rel.Columns)
	named := map[string]bool{}
	for _, c := range s.Columns {
		if named[c.Lower()] {
			return sqlerr.NewColumnAlreadyExists(c.At(), c.Text())
		}
		named[c.Lower()] = true
		found := false
		for _, tc := range rel.Columns {
			found = found || strings.EqualFold(tc.Name, c.Text())
		}
		if !found {
			return unresolvedColumn(c.At(), c.Text())
		}
	}
	if len(s.Columns) > 0 {
		width = len(s.Columns)
	}
	if width != len(out) && !r.lenient() {
		return sqlerr.NewInsertColumnArityMismatch(s.Table.At(), relName(s.Table), width, len(out))
	}
	p.Roots = append([]*Request{relationRequest(rel, privilege.Modify)}, reqs...)
	return nil
}

func (r *resolver) assigns(as []*parser.Assign, target *Entry, sc *scope) ([]*Request, error) {
	var reqs []*Request
	assigned := map[string]bool{}
	for _, a := range as {
		parts := a.Column.Texts()
		col := parts[len(parts)-1]
		if assigned[strings.ToLower(col)] {
			return nil, sqlerr.New(sqlerr.DuplicateAssignments, a.Column.At(), "The columns or variables %s appear more than once as assignment targets.", privilege.Quote(col))
		}
		assigned[strings.ToLower(col)] = true
		if len(parts) > 1 && !qualifierMatches(target, parts[:len(parts)-1]) || !hasColumn(target, col) {
			return nil, sqlerr.NewUnresolvedColumn(a.Column.At(), relName(a.Column))
		}
		more, err := r.expr(a.Value, sc)
		if err != nil {
			return nil, err
		}
		if err := r.noAggregates(a.Value); err != nil {
			return nil, err
		}
		reqs = append(reqs, more...)
	}
	return reqs, nil
}

func (r *resolver) update(p *Plan, s *parser.UpdateStmt) error {
	rel, err := r.target(s.Table, "UPDATE")
	if err != nil {
		return err
	}
	e := r.targetEntry(rel, s.Alias)
	p.Op = &Update{Stmt: s, Table: rel, Target: e}
	sc := &scope{entries: []*Entry{e}}
	p.Roots = []*Request{relationRequest(rel, privilege.Modify)}
	more, err := r.assigns(s.Assigns, e, sc)
	if err != nil {
		return err
	}
	p.Roots = append(p.Roots, more...)
	if s.Where != nil {
		more, err := r.expr(s.Where, sc)
		if err != nil {
			return err
		}
		if err := r.checkWhere(s.Where); err != nil {
			return err
		}
		p.Roots = append(p.Roots, more...)
	}
	return nil
}

func (r *resolver) merge(p *Plan, s *parser.MergeStmt) error {
	rel, err := r.target(s.Target, "MERGE INTO")
	if err != nil {
		return err
	}
	t := r.targetEntry(rel, s.TargetAlias)
	op := &MergeInto{Stmt: s, Table: rel, Target: t}
	p.Op = op
	p.Roots = []*Request{relationRequest(rel, privilege.Modify), relationRequest(rel, privilege.Select)}
	src, reqs, err := r.factor(s.Source, &scope{}, nil)
	if err != nil {
		return err
	}
	op.Source = src
	p.Roots = append(p.Roots, reqs...)
	sc := &scope{entries: []*Entry{t, src}}
	more, err := r.expr(s.On, sc)
	if err != nil {
		return err
	}
	if err := r.noAggregates(s.On); err != nil {
		return err
	}
	p.Roots = append(p.Roots, more...)
	// A NOT MATCHED clause has no target row: its condition and values see
	// only the source, as in Spark.
	srcOnly := &scope{entries: []*Entry{src}}
	for _, w := range s.Whens {
		if w.Cond != nil {
			csc := sc
			if w.NotMatched {
				csc = srcOnly
			}
			more, err := r.expr(w.Cond, csc)
			if err != nil {
				return err
			}
			if err := r.noAggregates(w.Cond); err != nil {
				return err
			}
			p.Roots = append(p.Roots, more...)
		}
		more, err := r.assigns(w.Then.Assigns, t, sc)
		if err != nil {
			return err
		}
		p.Roots = append(p.Roots, more...)
		inserted := map[string]bool{}
		for _, c := range w.Then.Columns {
			if !hasColumn(t, c.Text()) {
				return unresolvedColumn(c.At(), c.Text())
			}
			if inserted[c.Lower()] {
				return sqlerr.NewColumnAlreadyExists(c.At(), c.Text())
			}
			inserted[c.Lower()] = true
		}
		if w.Then.Values != nil {
			if len(w.Then.Values.Exprs) != len(w.Then.Columns) {
				return sqlerr.NewInsertColumnArityMismatch(w.Then.Values.At(), relName(s.Target), len(w.Then.Columns), len(w.Then.Values.Exprs))
			}
			for _, e := range w.Then.Values.Exprs {
				more, err := r.expr(e, srcOnly)
				if err != nil {
					return err
				}
				if err := r.noAggregates(e); err != nil {
					return err
				}
				p.Roots = append(p.Roots, more...)
			}
		}
		if w.Then.UpdateStar || w.Then.InsertStar {
			for _, c := range rel.Columns {
				if !hasColumn(src, c.Name) {
					return sqlerr.NewUnresolvedColumn(w.At(), privilege.Quote(c.Name))
				}
			}
		}
	}
	return nil
}

// explain analyzes the explained statement and rewrites its requests for
// EXPLAIN (spec §7.1): every right becomes READ_METADATA, and ANONYMOUS
// FUNCTION and ANY FILE nodes go.
func (r *resolver) explain(p *Plan, s *parser.ExplainStmt) error {
	inner := &Plan{Stmt: s.Inner(), B: p.B, Pos: p.Pos}
	sub := r.body(false)
	sub.qualify = map[*parser.Name]string{}
	if err := sub.statement(inner, s.Inner()); err != nil {
		return err
	}
	p.Roots = rewriteForExplain(inner.Roots)
	printer := parser.Printer{Rename: sub.qualify}
	p.Op = &Explain{Text: printer.Print(s.Inner())}
	return nil
}

func rewriteForExplain(rs []*Request) []*Request {
	var out []*Request
	for _, r := range rs {
		if r.Object.Type == privilege.AnyFile || r.Object.Type == privilege.AnonymousFunction {
			continue
		}
		c := *r
		c.Right, c.Privilege = Use, privilege.ReadMetadata
		c.Children = rewriteForExplain(r.Children)
		out = append(out, &c)
	}
	return out
}
