package parser

import (
	"regexp"
	"strconv"
	"strings"
)

// Printer renders AST nodes as canonical SQL: upper-case keywords, single
// spaces, identifiers bare when they may be and backticked otherwise.
// Printing a statement and parsing the text again yields the same tree.
type Printer struct {
	// Rename replaces the text of particular names: the analyzer uses it to
	// store view and function bodies with every name fully qualified.
	Rename map[*Name]string
	// Subst replaces whole expression nodes (*Expr, *Predicate, *Additive,
	// *Multiplicative, *Unary, *Primary, *Call) by a text: the analyzer
	// builds canonical keys of expressions bottom up with it, each node
	// printed once with its parts already replaced by their keys, so that
	// comparing expressions costs time linear in their size.
	Subst map[any]string
	b     strings.Builder
}

// subst writes the replacement of node, if it has one.
func (p *Printer) subst(node any) bool {
	s, ok := p.Subst[node]
	if ok {
		p.w(s)
	}
	return ok
}

// Format returns the canonical text of a statement, query or expression.
func Format(node any) string {
	var p Printer
	return p.Print(node)
}

// Print renders node with p's renames.
func (p *Printer) Print(node any) string {
	p.b.Reset()
	p.node(node)
	return p.b.String()
}

var plainWord = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

var reservedSet = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range Reserved {
		m[r] = true
	}
	return m
}()

// QuoteIdent renders one identifier: bare when it is a plain, unreserved
// word, backticked otherwise.
func QuoteIdent(s string) string {
	if plainWord.MatchString(s) && !reservedSet[strings.ToUpper(s)] {
		return s
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

func (p *Printer) w(s ...string) {
	for _, x := range s {
		p.b.WriteString(x)
	}
}

func (p *Printer) ident(i *Ident) { p.w(QuoteIdent(i.Text())) }

func (p *Printer) idents(is []*Ident) {
	for k, i := range is {
		if k > 0 {
			p.w(", ")
		}
		p.ident(i)
	}
}

func (p *Printer) name(n *Name) {
	if r, ok := p.Rename[n]; ok {
		p.w(r)
		return
	}
	for k, i := range n.Parts {
		if k > 0 {
			p.w(".")
		}
		p.ident(i)
	}
}

func (p *Printer) str(s string) { p.w(s) } // string literals keep their quotes as written

func (p *Printer) exprs(es []*Expr) {
	for k, e := range es {
		if k > 0 {
			p.w(", ")
		}
		p.expr(e)
	}
}

func (p *Printer) securable(s *Securable) {
	switch {
	case s.Catalog:
		p.w("CATALOG")
		if s.CatalogName != nil {
			p.w(" ")
			p.ident(s.CatalogName)
		}
	case s.Anonymous:
		p.w("ANONYMOUS FUNCTION")
	case s.AnyFile:
		p.w("ANY FILE")
	case s.Kind != "":
		p.w(strings.ToUpper(s.Kind), " ")
		p.name(s.Name)
	default:
		// A bare name whose first word is an object keyword prints
		// backticked, so that it cannot be read as that keyword again.
		first := strings.ToUpper(s.Bare.Parts[0].Text())
		switch first {
		case "CATALOG", "DATABASE", "SCHEMA", "TABLE", "VIEW", "FUNCTION", "ANONYMOUS":
			if _, renamed := p.Rename[s.Bare]; !renamed {
				p.w("`", strings.ReplaceAll(s.Bare.Parts[0].Text(), "`", "``"), "`")
				for _, i := range s.Bare.Parts[1:] {
					p.w(".")
					p.ident(i)
				}
				return
			}
		}
		p.name(s.Bare)
	}
}

func (p *Printer) privileges(ps *Privileges) {
	if ps.All {
		p.w("ALL PRIVILEGES")
		return
	}
	for k, n := range ps.List {
		if k > 0 {
			p.w(", ")
		}
		p.w(strings.ToUpper(n.Text()))
	}
}

func (p *Printer) pattern(pt *Pattern) {
	if pt != nil {
		p.w(" LIKE ", pt.Value)
	}
}

func (p *Printer) typ(t *Type) {
	p.w(strings.ToUpper(t.Name))
	if len(t.Args) > 0 {
		p.w("(", strings.Join(t.Args, ", "), ")")
	}
	if !t.Angled {
		return
	}
	p.w("<")
	for k, x := range t.Params {
		if k > 0 {
			p.w(", ")
		}
		p.typ(x)
	}
	for k, f := range t.Fields {
		if k > 0 {
			p.w(", ")
		}
		p.ident(f.Name)
		p.w(": ")
		p.typ(f.Type)
		if f.NotNull {
			p.w(" NOT NULL")
		}
		if f.Comment != nil {
			p.w(" COMMENT ", *f.Comment)
		}
	}
	p.w(">")
}

func (p *Printer) node(node any) {
	switch s := node.(type) {
	case *Type:
		p.typ(s)
	case *GrantStmt:
		p.w("GRANT ")
		p.privileges(s.Privileges)
		p.w(" ON ")
		p.securable(s.On)
		p.w(" TO ")
		p.idents(s.Principals)
	case *DenyStmt:
		p.w("DENY ")
		p.privileges(s.Privileges)
		p.w(" ON ")
		p.securable(s.On)
		p.w(" TO ")
		p.idents(s.Principals)
	case *RevokeStmt:
		p.w("REVOKE ")
		p.privileges(s.Privileges)
		p.w(" ON ")
		p.securable(s.On)
		p.w(" FROM ")
		p.idents(s.Principals)
	case *ShowGrantStmt:
		p.w("SHOW GRANTS ")
		if s.Principal != nil {
			p.ident(s.Principal)
			p.w(" ")
		}
		p.w("ON ")
		p.securable(s.On)
	case *AlterOwnerStmt:
		p.w("ALTER ")
		p.securable(s.On)
		p.w(" OWNER TO ")
		p.ident(s.Owner)
	case *MsckRepairStmt:
		p.w("MSCK REPAIR ")
		p.securable(s.On)
		p.w(" PRIVILEGES")
	case *CreatePrincipalStmt:
		p.w("CREATE ", strings.ToUpper(s.Kind), " ")
		if s.IfNotExists {
			p.w("IF NOT EXISTS ")
		}
		p.ident(s.Name)
	case *DropPrincipalStmt:
		p.w("DROP ", strings.ToUpper(s.Kind), " ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.ident(s.Name)
	case *AlterGroupStmt:
		p.w("ALTER GROUP ")
		p.ident(s.Group)
		p.w(" ", strings.ToUpper(s.Action), " ", strings.ToUpper(s.MemberKind), " ")
		p.ident(s.Member)
	case *ShowUsersStmt:
		p.w("SHOW USERS")
		p.pattern(s.Pattern)
	case *ShowGroupsStmt:
		p.w("SHOW GROUPS")
		if s.With != nil {
			p.w(" WITH ", strings.ToUpper(s.WithKind), " ")
			p.ident(s.With)
		}
		p.pattern(s.Pattern)
	case *CreateDatabaseStmt:
		p.w("CREATE DATABASE ")
		if s.IfNotExists {
			p.w("IF NOT EXISTS ")
		}
		p.name(s.Name)
		if s.Comment != nil {
			p.w(" COMMENT ", *s.Comment)
		}
		if s.Location != nil {
			p.w(" LOCATION ", *s.Location)
		}
	case *DropDatabaseStmt:
		p.w("DROP DATABASE ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.name(s.Name)
		if s.Mode != "" {
			p.w(" ", strings.ToUpper(s.Mode))
		}
	case *CreateTableStmt:
		p.w("CREATE TABLE ")
		if s.IfNotExists {
			p.w("IF NOT EXISTS ")
		}
		p.name(s.Name)
		opts := s.Options
		if s.As != nil {
			opts = s.AsOptions
		} else {
			p.w(" (")
			for k, c := range s.Columns {
				if k > 0 {
					p.w(", ")
				}
				p.ident(c.Name)
				p.w(" ")
				p.typ(c.Type)
				if c.NotNull {
					p.w(" NOT NULL")
				}
				if c.Comment != nil {
					p.w(" COMMENT ", *c.Comment)
				}
			}
			p.w(")")
		}
		for _, o := range opts {
			switch {
			case o.Using != nil:
				p.w(" USING ")
				p.ident(o.Using)
			case o.Comment != nil:
				p.w(" COMMENT ", *o.Comment)
			case o.Location != nil:
				p.w(" LOCATION ", *o.Location)
			}
		}
		if s.As != nil {
			p.w(" AS ")
			p.query(s.As)
		}
	case *CreateViewStmt:
		p.w("CREATE ")
		if s.OrReplace {
			p.w("OR REPLACE ")
		}
		if s.Temporary {
			p.w("TEMPORARY ")
		}
		p.w("VIEW ")
		if s.IfNotExists != nil {
			p.w("IF NOT EXISTS ")
		}
		p.name(s.Name)
		if len(s.Columns) > 0 {
			p.w(" (")
			for k, c := range s.Columns {
				if k > 0 {
					p.w(", ")
				}
				p.ident(c.Name)
				if c.Comment != nil {
					p.w(" COMMENT ", *c.Comment)
				}
			}
			p.w(")")
		}
		if s.Comment != nil {
			p.w(" COMMENT ", *s.Comment)
		}
		p.w(" AS ")
		p.query(s.Query)
	case *CreateFunctionStmt:
		p.w("CREATE ")
		if s.OrReplace {
			p.w("OR REPLACE ")
		}
		if s.Temporary {
			p.w("TEMPORARY ")
		}
		p.w("FUNCTION ")
		if s.IfNotExists != nil {
			p.w("IF NOT EXISTS ")
		}
		p.name(s.Name)
		if s.Class != nil {
			p.w(" AS ", *s.Class)
			return
		}
		p.w("(")
		for k, a := range s.Params {
			if k > 0 {
				p.w(", ")
			}
			p.ident(a.Name)
			p.w(" ")
			p.typ(a.Type)
		}
		p.w(") RETURNS ")
		p.typ(s.Returns)
		if s.Comment != nil {
			p.w(" COMMENT ", *s.Comment)
		}
		p.w(" RETURN ")
		p.expr(s.Body)
	case *DropRelationStmt:
		p.w("DROP ", strings.ToUpper(s.Kind), " ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.name(s.Name)
	case *DropFunctionStmt:
		p.w("DROP ")
		if s.Temporary {
			p.w("TEMPORARY ")
		}
		p.w("FUNCTION ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.name(s.Name)
	case *RenameStmt:
		p.w("ALTER ", strings.ToUpper(s.Kind), " ")
		p.name(s.Name)
		p.w(" RENAME TO ")
		p.name(s.To)
	case *UseStmt:
		if s.Catalog != nil {
			p.w("USE CATALOG ")
			p.ident(s.Catalog)
		} else {
			p.w("USE DATABASE ")
			p.name(s.DB)
		}
	case *ShowDatabasesStmt:
		p.w("SHOW DATABASES")
		if s.Catalog != nil {
			p.w(" IN ")
			p.ident(s.Catalog)
		}
		p.pattern(s.Pattern)
	case *ShowTablesStmt:
		p.w("SHOW TABLES")
		if s.In != nil {
			p.w(" IN ")
			p.name(s.In)
		}
		p.pattern(s.Pattern)
	case *ShowFunctionsStmt:
		p.w("SHOW ")
		if s.User {
			p.w("USER ")
		}
		p.w("FUNCTIONS")
		if s.In != nil {
			p.w(" IN ")
			p.name(s.In)
		}
		p.pattern(s.Pattern)
	case *ShowCreateTableStmt:
		p.w("SHOW CREATE TABLE ")
		p.name(s.Name)
	case *DescribeStmt:
		p.w("DESCRIBE ")
		if s.Name != nil {
			p.w(strings.ToUpper(s.Kind), " ")
			if s.Extended {
				p.w("EXTENDED ")
			}
			p.name(s.Name)
		} else {
			p.w("TABLE ")
			if s.TExt {
				p.w("EXTENDED ")
			}
			p.name(s.TName)
		}
	case *SetStmt:
		p.w("SET")
		if s.Key != nil {
			p.w(" ")
			p.name(s.Key)
			if v := s.Value; v != nil {
				p.w(" = ")
				switch {
				case v.Word != nil:
					p.ident(v.Word)
				case v.String != nil:
					p.w(*v.String)
				default:
					p.w(strings.ToUpper(v.Bool))
				}
			}
		}
	case *AddResourceStmt:
		p.w("ADD ", strings.ToUpper(s.Kind), " ", s.Path)
	case *QueryStmt:
		p.query(s.Query)
	case *InsertStmt:
		if s.Overwrite {
			p.w("INSERT OVERWRITE TABLE ")
		} else {
			p.w("INSERT INTO ")
		}
		p.name(s.Table)
		if len(s.Columns) > 0 {
			p.w(" (")
			p.idents(s.Columns)
			p.w(")")
		}
		p.w(" ")
		p.query(s.Query)
	case *UpdateStmt:
		p.w("UPDATE ")
		p.name(s.Table)
		if s.Alias != nil {
			p.w(" AS ")
			p.ident(s.Alias)
		}
		p.w(" SET ")
		p.assigns(s.Assigns)
		if s.Where != nil {
			p.w(" WHERE ")
			p.expr(s.Where)
		}
	case *DeleteStmt:
		p.w("DELETE FROM ")
		p.name(s.Table)
		if s.Alias != nil {
			p.w(" AS ")
			p.ident(s.Alias)
		}
		if s.Where != nil {
			p.w(" WHERE ")
			p.expr(s.Where)
		}
	case *MergeStmt:
		p.w("MERGE INTO ")
		p.name(s.Target)
		if s.TargetAlias != nil {
			p.w(" AS ")
			p.ident(s.TargetAlias)
		}
		p.w(" USING ")
		p.factor(s.Source)
		p.w(" ON ")
		p.expr(s.On)
		for _, w := range s.Whens {
			p.w(" WHEN ")
			if w.NotMatched {
				p.w("NOT ")
			}
			p.w("MATCHED")
			if w.Cond != nil {
				p.w(" AND ")
				p.expr(w.Cond)
			}
			p.w(" THEN ")
			switch a := w.Then; {
			case a.Delete:
				p.w("DELETE")
			case a.UpdateStar:
				p.w("UPDATE SET *")
			case len(a.Assigns) > 0:
				p.w("UPDATE SET ")
				p.assigns(a.Assigns)
			case a.InsertStar:
				p.w("INSERT *")
			default:
				p.w("INSERT (")
				p.idents(a.Columns)
				p.w(") VALUES ")
				p.row(a.Values)
			}
		}
	case *TruncateStmt:
		p.w("TRUNCATE TABLE ")
		p.name(s.Table)
	case *ExplainStmt:
		p.w("EXPLAIN ")
		if s.Mode != "" {
			p.w(strings.ToUpper(s.Mode), " ")
		}
		p.node(s.Inner())
	case *Query:
		p.query(s)
	case *Expr:
		p.expr(s)
	case *Predicate:
		p.predicate(s)
	case *Additive:
		p.additive(s)
	case *Multiplicative:
		p.multiplicative(s)
	case *Unary:
		p.unary(s)
	case *Call:
		p.call(s)
	case *Name:
		p.name(s)
	case *Primary:
		p.primary(s)
	case *Window:
		p.window(s)
	case *Frame:
		p.frame(s)
	}
}

func (p *Printer) assigns(as []*Assign) {
	for k, a := range as {
		if k > 0 {
			p.w(", ")
		}
		p.name(a.Column)
		p.w(" = ")
		p.expr(a.Value)
	}
}

func (p *Printer) row(r *Row) {
	p.w("(")
	p.exprs(r.Exprs)
	p.w(")")
}

func (p *Printer) query(q *Query) {
	if len(q.With) > 0 {
		p.w("WITH ")
		for k, c := range q.With {
			if k > 0 {
				p.w(", ")
			}
			p.ident(c.Name)
			if len(c.Columns) > 0 {
				p.w(" (")
				p.idents(c.Columns)
				p.w(")")
			}
			p.w(" AS (")
			p.query(c.Query)
			p.w(")")
		}
		p.w(" ")
	}
	p.term(q.Body.Left)
	for _, op := range q.Body.Ops {
		p.w(" ", strings.ToUpper(op.Op))
		if op.Quantifier != "" {
			p.w(" ", strings.ToUpper(op.Quantifier))
		}
		p.w(" ")
		p.term(op.Right)
	}
	if len(q.OrderBy) > 0 {
		p.w(" ORDER BY ")
		p.orderItems(q.OrderBy)
	}
	if len(q.ClusterBy) > 0 {
		p.w(" CLUSTER BY ")
		p.exprs(q.ClusterBy)
	}
	if len(q.DistributeBy) > 0 {
		p.w(" DISTRIBUTE BY ")
		p.exprs(q.DistributeBy)
	}
	if len(q.SortBy) > 0 {
		p.w(" SORT BY ")
		p.orderItems(q.SortBy)
	}
	switch {
	case q.LimitAll:
		p.w(" LIMIT ALL")
	case q.Limit != nil:
		p.w(" LIMIT ")
		p.expr(q.Limit)
	}
	if q.Offset != nil {
		p.w(" OFFSET ")
		p.expr(q.Offset)
	}
}

func (p *Printer) orderItems(items []*OrderItem) {
	for k, o := range items {
		if k > 0 {
			p.w(", ")
		}
		p.expr(o.Expr)
		if o.Dir != "" {
			p.w(" ", strings.ToUpper(o.Dir))
		}
		if o.Nulls != "" {
			p.w(" NULLS ", strings.ToUpper(o.Nulls))
		}
	}
}

func (p *Printer) term(t *Term) {
	switch {
	case t.Select != nil:
		p.selectBlock(t.Select)
	case t.Paren != nil:
		p.w("(")
		p.query(t.Paren)
		p.w(")")
	default:
		p.values(t.Values)
	}
}

func (p *Printer) values(rows []*Row) {
	p.w("VALUES ")
	for k, r := range rows {
		if k > 0 {
			p.w(", ")
		}
		p.row(r)
	}
}

func (p *Printer) selectBlock(s *Select) {
	p.w("SELECT ")
	if s.Quantifier != "" {
		p.w(strings.ToUpper(s.Quantifier), " ")
	}
	for k, it := range s.Items {
		if k > 0 {
			p.w(", ")
		}
		switch {
		case it.Star:
			p.w("*")
		case it.QualStar != nil:
			p.name(it.QualStar)
			p.w(".*")
		default:
			p.expr(it.Expr)
		}
		if len(it.Except) > 0 {
			p.w(" EXCEPT (")
			for k, n := range it.Except {
				if k > 0 {
					p.w(", ")
				}
				p.name(n)
			}
			p.w(")")
		}
		if it.Alias != nil {
			p.w(" AS ")
			p.ident(it.Alias)
		}
		if len(it.Aliases) > 0 {
			p.w(" AS (")
			p.idents(it.Aliases)
			p.w(")")
		}
	}
	if len(s.From) > 0 {
		p.w(" FROM ")
		for k, f := range s.From {
			if k > 0 {
				p.w(", ")
			}
			p.fromItem(f)
		}
	}
	for _, lv := range s.Laterals {
		p.w(" LATERAL VIEW ")
		if lv.Outer {
			p.w("OUTER ")
		}
		p.call(lv.Call)
		if lv.Table != nil {
			p.w(" ")
			p.ident(lv.Table)
		}
		if len(lv.Columns) > 0 {
			p.w(" AS ")
			p.idents(lv.Columns)
		}
	}
	if s.Pivot != nil {
		p.pivot(s.Pivot)
	}
	if s.Unpivot != nil {
		p.unpivot(s.Unpivot)
	}
	if s.Where != nil {
		p.w(" WHERE ")
		p.expr(s.Where)
	}
	switch {
	case s.GroupAll:
		p.w(" GROUP BY ALL")
	case s.Grouping != nil:
		p.w(" GROUP BY ")
		p.grouping(s.GroupBy, s.Grouping)
	case len(s.GroupBy) > 0:
		p.w(" GROUP BY ")
		p.exprs(s.GroupBy)
	}
	if s.Having != nil {
		p.w(" HAVING ")
		p.expr(s.Having)
	}
	if len(s.Windows) > 0 {
		p.w(" WINDOW ")
		for k, nw := range s.Windows {
			if k > 0 {
				p.w(", ")
			}
			p.ident(nw.Name)
			p.w(" AS ")
			p.window(nw.Window)
		}
	}
	if s.Qualify != nil {
		p.w(" QUALIFY ")
		p.expr(s.Qualify)
	}
}

func (p *Printer) fromItem(f *FromItem) {
	p.factor(f.Factor)
	for _, j := range f.Joins {
		if j.Natural {
			p.w(" NATURAL")
		}
		switch {
		case j.Cross:
			p.w(" CROSS JOIN ")
		case j.Kind == "SEMI" || j.Kind == "ANTI":
			p.w(" LEFT ", j.Kind, " JOIN ")
		case j.Kind != "":
			kind := strings.ToUpper(j.Kind)
			if kind != "INNER" {
				kind += " OUTER"
			}
			p.w(" ", kind, " JOIN ")
		default:
			p.w(" JOIN ")
		}
		p.factor(j.Right)
		if j.On != nil {
			p.w(" ON ")
			p.expr(j.On)
		}
		if len(j.Using) > 0 {
			p.w(" USING (")
			p.idents(j.Using)
			p.w(")")
		}
	}
}

// grouping writes a GROUP BY of ROLLUP, CUBE or GROUPING SETS over exprs.
func (p *Printer) grouping(exprs []*Expr, g *Grouping) {
	list := func(set []int) {
		for k, i := range set {
			if k > 0 {
				p.w(", ")
			}
			p.expr(exprs[i])
		}
	}
	for k, it := range g.Items {
		if k > 0 {
			p.w(", ")
		}
		switch it.Kind {
		case "":
			list(it.Sets[0])
		case "GROUPING SETS":
			p.w("GROUPING SETS (")
			for j, set := range it.Sets {
				if j > 0 {
					p.w(", ")
				}
				p.w("(")
				list(set)
				p.w(")")
			}
			p.w(")")
		default:
			p.w(it.Kind, " (")
			list(it.Sets[0])
			p.w(")")
		}
	}
	if g.With != "" {
		p.w(" WITH ", g.With)
	}
}

func (p *Printer) pivot(pv *Pivot) {
	p.w(" PIVOT (")
	for k, a := range pv.Aggregates {
		if k > 0 {
			p.w(", ")
		}
		p.expr(a.Expr)
		if a.Alias != nil {
			p.w(" AS ")
			p.ident(a.Alias)
		}
	}
	p.w(" FOR ")
	if len(pv.For) == 1 {
		p.ident(pv.For[0])
	} else {
		p.w("(")
		p.idents(pv.For)
		p.w(")")
	}
	p.w(" IN (")
	for k, v := range pv.In {
		if k > 0 {
			p.w(", ")
		}
		if len(v.Exprs) == 1 {
			p.expr(v.Exprs[0])
		} else {
			p.w("(")
			p.exprs(v.Exprs)
			p.w(")")
		}
		if v.Alias != nil {
			p.w(" AS ")
			p.ident(v.Alias)
		}
	}
	p.w("))")
	if pv.Alias != nil {
		p.w(" AS ")
		p.ident(pv.Alias)
	}
}

func (p *Printer) unpivot(u *Unpivot) {
	p.w(" UNPIVOT ")
	if u.IncludeNulls {
		p.w("INCLUDE NULLS ")
	}
	p.w("(")
	if len(u.Values) == 1 {
		p.ident(u.Values[0])
	} else {
		p.w("(")
		p.idents(u.Values)
		p.w(")")
	}
	p.w(" FOR ")
	p.ident(u.Name)
	p.w(" IN (")
	for k, c := range u.In {
		if k > 0 {
			p.w(", ")
		}
		if len(c.Columns) == 1 {
			p.name(c.Columns[0])
		} else {
			p.w("(")
			for j, n := range c.Columns {
				if j > 0 {
					p.w(", ")
				}
				p.name(n)
			}
			p.w(")")
		}
		if c.Alias != nil {
			p.w(" AS ")
			p.ident(c.Alias)
		}
	}
	p.w("))")
	if u.Alias != nil {
		p.w(" AS ")
		p.ident(u.Alias)
	}
}

func (p *Printer) factor(f *TableFactor) {
	if f.Lateral {
		p.w("LATERAL ")
	}
	switch {
	case f.Subquery != nil:
		p.w("(")
		p.query(f.Subquery)
		p.w(")")
	case f.Nested != nil:
		p.w("(")
		p.fromItem(f.Nested)
		p.w(")")
	case f.Values != nil:
		p.values(f.Values)
	case f.Call != nil:
		p.call(f.Call)
	default:
		p.name(f.Name)
	}
	if s := f.Sample; s != nil {
		p.w(" TABLESAMPLE (")
		switch {
		case s.Percent != "":
			p.w(s.Percent, " PERCENT")
		case s.Rows != nil:
			p.expr(s.Rows)
			p.w(" ROWS")
		default:
			p.w("BUCKET ", s.Bucket, " OUT OF ", s.Of)
		}
		p.w(")")
		if s.Seed != "" {
			p.w(" REPEATABLE (", s.Seed, ")")
		}
	}
	if f.Alias != nil {
		p.w(" AS ")
		p.ident(f.Alias)
		if len(f.AliasCols) > 0 {
			p.w(" (")
			p.idents(f.AliasCols)
			p.w(")")
		}
	}
}

func (p *Printer) expr(e *Expr) {
	if p.subst(e) {
		return
	}
	for k, a := range e.Or {
		if k > 0 {
			p.w(" OR ")
		}
		for j, n := range a.And {
			if j > 0 {
				p.w(" AND ")
			}
			for range n.Nots {
				p.w("NOT ") // ! too
			}
			p.predicate(n.Pred)
		}
	}
}

func (p *Printer) predicate(pr *Predicate) {
	if p.subst(pr) {
		return
	}
	p.additive(pr.Left)
	switch {
	case pr.CmpOp != "":
		p.w(" ", pr.CmpOp, " ")
		p.additive(pr.Right)
	case pr.IsNull != nil:
		p.w(" IS ")
		if pr.IsNull.Not {
			p.w("NOT ")
		}
		switch {
		case pr.IsNull.DistinctFrom != nil:
			p.w("DISTINCT FROM ")
			p.additive(pr.IsNull.DistinctFrom)
		case pr.IsNull.Value != "":
			p.w(pr.IsNull.Value)
		default:
			p.w("NULL")
		}
	case pr.Between != nil:
		if pr.Between.Not {
			p.w(" NOT")
		}
		p.w(" BETWEEN ")
		p.additive(pr.Between.Low)
		p.w(" AND ")
		p.additive(pr.Between.High)
	case pr.In != nil:
		if pr.In.Not {
			p.w(" NOT")
		}
		p.w(" IN (")
		if pr.In.Query != nil {
			p.query(pr.In.Query)
		} else {
			p.exprs(pr.In.List)
		}
		p.w(")")
	case pr.Like != nil:
		l := pr.Like
		if l.Not {
			p.w(" NOT")
		}
		op := l.Op
		if op == "" {
			op = "LIKE"
		}
		p.w(" ", op, " ")
		if l.Quantifier != "" {
			p.w(l.Quantifier, " (")
			p.exprs(l.Patterns)
			p.w(")")
		} else {
			p.additive(l.Pattern)
		}
		if l.Escape != nil {
			p.w(" ESCAPE ", *l.Escape)
		}
	}
}

func (p *Printer) additive(a *Additive) {
	if p.subst(a) {
		return
	}
	p.multiplicative(a.Left)
	for _, op := range a.Rest {
		p.w(" ", op.Op, " ")
		p.multiplicative(op.Right)
	}
}

func (p *Printer) multiplicative(m *Multiplicative) {
	if p.subst(m) {
		return
	}
	p.unary(m.Left)
	for _, op := range m.Rest {
		p.w(" ", op.Op, " ")
		p.unary(op.Right)
	}
}

func (p *Printer) unary(u *Unary) {
	if p.subst(u) {
		return
	}
	for i, s := range u.Signs {
		// Two minus signs side by side would start a comment.
		if i > 0 && s == "-" && u.Signs[i-1] == "-" {
			p.w(" ")
		}
		p.w(s)
	}
	p.primary(u.Prim)
}

func (p *Printer) primary(x *Primary) {
	if p.subst(x) {
		return
	}
	if x.Star != nil {
		p.name(x.Star.Qualifier)
		p.w(".*")
		if len(x.Star.Except) > 0 {
			p.w(" EXCEPT (")
			for k, n := range x.Star.Except {
				if k > 0 {
					p.w(", ")
				}
				p.name(n)
			}
			p.w(")")
		}
		return
	}
	switch {
	case x.Case != nil:
		p.w("CASE")
		if x.Case.Operand != nil {
			p.w(" ")
			p.expr(x.Case.Operand)
		}
		for _, w := range x.Case.Whens {
			p.w(" WHEN ")
			p.expr(w.Cond)
			p.w(" THEN ")
			p.expr(w.Result)
		}
		if x.Case.Else != nil {
			p.w(" ELSE ")
			p.expr(x.Case.Else)
		}
		p.w(" END")
	case x.Cast != nil:
		if x.Cast.Try {
			p.w("TRY_")
		}
		p.w("CAST(")
		p.expr(x.Cast.Expr)
		p.w(" AS ")
		p.typ(x.Cast.Type)
		p.w(")")
	case x.Exists != nil:
		p.w("EXISTS (")
		p.query(x.Exists)
		p.w(")")
	case x.Subquery != nil:
		p.w("(")
		p.query(x.Subquery)
		p.w(")")
	case x.Paren != nil:
		p.w("(")
		p.expr(x.Paren)
		p.w(")")
	case x.Tuple != nil:
		p.w("(")
		p.exprs(x.Tuple)
		p.w(")")
	case x.Typed != nil && strings.EqualFold(x.Typed.Type, "X"):
		p.w("X", x.Typed.Value)
	case x.Typed != nil:
		p.w(strings.ToUpper(x.Typed.Type), " ", x.Typed.Value)
	case x.Interval != nil:
		p.interval(x.Interval)
	case x.Lambda != nil:
		if len(x.Lambda.Params) == 1 {
			p.ident(x.Lambda.Params[0])
		} else {
			p.w("(")
			p.idents(x.Lambda.Params)
			p.w(")")
		}
		p.w(" -> ")
		p.expr(x.Lambda.Body)
	case x.Literal != nil:
		l := x.Literal
		switch {
		case l.Number != nil:
			p.w(*l.Number)
		case l.String != nil:
			p.str(*l.String)
		case l.Bool != "":
			p.w(strings.ToUpper(l.Bool))
		default:
			p.w("NULL")
		}
	case x.Call != nil:
		p.call(x.Call)
	case x.Column != nil:
		p.name(x.Column)
	}
	for _, f := range x.Postfix {
		switch {
		case f.Index != nil:
			p.w("[")
			p.expr(f.Index)
			p.w("]")
		case f.Field != nil:
			p.w(".")
			p.ident(f.Field)
		default:
			p.w("::")
			p.typ(f.Cast)
		}
	}
}

// interval writes an interval literal by its parts: INTERVAL 14 MONTHS 3
// DAYS 5000000 MICROSECONDS, the parts that are not zero.
func (p *Printer) interval(iv *Interval) {
	p.w("INTERVAL")
	if iv.Months == 0 && iv.Days == 0 && iv.Micros == 0 {
		p.w(" 0 DAYS")
		return
	}
	for _, part := range []struct {
		n    int64
		unit string
	}{{iv.Months, "MONTHS"}, {iv.Days, "DAYS"}, {iv.Micros, "MICROSECONDS"}} {
		if part.n != 0 {
			p.w(" ", strconv.FormatInt(part.n, 10), " ", part.unit)
		}
	}
}

func (p *Printer) call(c *Call) {
	if p.subst(c) {
		return
	}
	if id := c.Name.Parts[0]; len(c.Name.Parts) == 1 && id.Bare != "" && reservedWords[strings.ToUpper(id.Bare)] && p.Rename[c.Name] == "" {
		p.w(id.Bare) // left(...), exists(...): read back as calls
	} else {
		p.name(c.Name)
	}
	p.w("(")
	switch {
	case c.Star:
		p.w("*")
	default:
		if c.Distinct {
			p.w("DISTINCT ")
		}
		p.exprs(c.Args)
	}
	p.w(")")
	if c.Nulls != "" {
		p.w(" ", c.Nulls, " NULLS")
	}
	if len(c.WithinGroup) > 0 {
		p.w(" WITHIN GROUP (ORDER BY ")
		p.orderItems(c.WithinGroup)
		p.w(")")
	}
	if c.Filter != nil {
		p.w(" FILTER (WHERE ")
		p.expr(c.Filter)
		p.w(")")
	}
	if c.Over != nil {
		p.w(" OVER ")
		p.window(c.Over)
	}
}

// window writes a window: its name, or its specification in parentheses.
func (p *Printer) window(w *Window) {
	if w.Name != nil {
		p.ident(w.Name)
		return
	}
	p.w("(")
	sep := ""
	if w.Base != nil {
		p.ident(w.Base)
		sep = " "
	}
	if len(w.PartitionBy) > 0 {
		p.w(sep, "PARTITION BY ")
		p.exprs(w.PartitionBy)
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		p.w(sep, "ORDER BY ")
		p.orderItems(w.OrderBy)
		sep = " "
	}
	if f := w.Frame; f != nil {
		p.w(sep)
		p.frame(f)
	}
	p.w(")")
}

func (p *Printer) frame(f *Frame) {
	unit := f.Unit
	if unit == "" {
		unit = "ROWS"
	}
	p.w(unit, " BETWEEN ")
	p.bound(f.Start)
	p.w(" AND ")
	p.bound(f.End)
}

func (p *Printer) bound(b *Bound) {
	switch {
	case b.Unbounded:
		p.w("UNBOUNDED")
	case b.Current:
		p.w("CURRENT ROW")
		return
	case b.Value != nil:
		p.expr(b.Value)
	default:
		p.w(b.N)
	}
	p.w(" ", strings.ToUpper(b.Dir))
}

// Unquote turns a string literal as written into its value (escapes of
// spec §5.1: \\ \' \" \n \t).
func Unquote(lit string) string {
	if len(lit) < 2 {
		return lit
	}
	body := lit[1 : len(lit)-1]
	if !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			i++
			switch body[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '%', '_':
				// Kept escaped, as Spark keeps them, for LIKE patterns:
				// '%\_%' matches a literal underscore.
				b.WriteByte('\\')
				b.WriteByte(body[i])
			default:
				b.WriteByte(body[i])
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// QuoteString writes s as a single-quoted string literal that Unquote
// turns back into s.
func QuoteString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
