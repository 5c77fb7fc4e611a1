package engine

import (
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// translator renders an analyzed query as SQLite SQL. Every relation gets
// the unique alias the analyzer gave it and every column reference is
// rewritten to that alias, so no user text reaches SQLite as an identifier;
// string literals are re-quoted.
type translator struct {
	b      *analyzer.Bindings
	caller *analyzer.Caller
	db     string // current database, for current_database()
	files  map[*analyzer.Entry]string
	params [][]string // argument texts of the function bodies being inlined
	err    error
	seq    int
}

func (t *translator) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

func qi(s string) string { return catalog.QuoteIdent(s) }

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (t *translator) query(q *parser.Query) string {
	var b strings.Builder
	if len(q.With) > 0 {
		b.WriteString("WITH ")
		for i, c := range q.With {
			def := t.b.CTEs[c]
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(qi(def.SQLName) + "(" + colList(def.Columns) + ") AS (" + t.query(c.Query) + ")")
		}
		b.WriteString(" ")
	}
	compound := len(q.Body.Ops) > 0
	b.WriteString(t.term(q.Body.Left, compound))
	for _, op := range q.Body.Ops {
		kw := strings.ToUpper(op.Op)
		if kw == "MINUS" {
			kw = "EXCEPT"
		}
		if strings.EqualFold(op.Quantifier, "ALL") {
			if kw != "UNION" {
				t.fail(sqlerr.New("UNSUPPORTED_FEATURE", op.At(), "%s ALL is not supported.", kw))
			}
			kw += " ALL"
		}
		b.WriteString(" " + kw + " " + t.term(op.Right, true))
	}
	if len(q.OrderBy) > 0 {
		b.WriteString(" ORDER BY " + t.orderItems(q.OrderBy))
	}
	if q.Limit != nil {
		b.WriteString(" LIMIT " + t.expr(q.Limit))
		if q.Offset != nil {
			b.WriteString(" OFFSET " + t.expr(q.Offset))
		}
	} else if q.Offset != nil {
		b.WriteString(" LIMIT -1 OFFSET " + t.expr(q.Offset))
	}
	return b.String()
}

func colList(cols []catalog.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = qi(c.Name)
	}
	return strings.Join(names, ", ")
}

func (t *translator) orderItems(items []*parser.OrderItem) string {
	parts := make([]string, len(items))
	for i, o := range items {
		s := t.expr(o.Expr)
		if o.Dir != "" {
			s += " " + strings.ToUpper(o.Dir)
		}
		if o.Nulls != "" {
			s += " NULLS " + strings.ToUpper(o.Nulls)
		}
		parts[i] = s
	}
	return strings.Join(parts, ", ")
}

// term renders one operand; inside a compound SQLite wants a plain SELECT.
func (t *translator) term(x *parser.Term, compound bool) string {
	switch {
	case x.Select != nil:
		return t.selectBlock(x.Select)
	case x.Paren != nil:
		return "SELECT * FROM (" + t.query(x.Paren) + ")"
	}
	names := t.b.Values[x]
	rows := make([]string, len(x.Values))
	for i, r := range x.Values {
		rows[i] = "(" + t.exprs(r.Exprs) + ")"
	}
	cols := make([]string, len(names))
	for i, n := range names {
		cols[i] = fmt.Sprintf("column%d AS %s", i+1, qi(n))
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM (VALUES " + strings.Join(rows, ", ") + ")"
}

func (t *translator) selectBlock(s *parser.Select) string {
	info := t.b.Selects[s]
	var b strings.Builder
	b.WriteString("SELECT ")
	if strings.EqualFold(s.Quantifier, "DISTINCT") {
		b.WriteString("DISTINCT ")
	}
	items := make([]string, len(info.Output))
	for i, it := range info.Output {
		if it.Expr == nil {
			items[i] = qi(it.Entry.SQLName) + "." + qi(it.Col) + " AS " + qi(it.Name)
		} else {
			items[i] = t.expr(it.Expr) + " AS " + qi(it.Name)
		}
	}
	if len(items) == 0 {
		items = []string{"NULL"}
	}
	b.WriteString(strings.Join(items, ", "))
	if len(s.From) > 0 {
		b.WriteString(" FROM ")
		for i, f := range s.From {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(t.factor(f.Factor))
			for _, j := range f.Joins {
				switch {
				case j.Cross:
					b.WriteString(" CROSS JOIN ")
				case j.Kind == "" || strings.EqualFold(j.Kind, "INNER"):
					b.WriteString(" JOIN ")
				default:
					b.WriteString(" " + strings.ToUpper(j.Kind) + " JOIN ")
				}
				b.WriteString(t.factor(j.Right))
				if j.On != nil {
					b.WriteString(" ON " + t.expr(j.On))
				}
				if len(j.Using) > 0 {
					// USING as an explicit condition on the unique aliases.
					right := t.b.Factors[j.Right]
					var conds []string
					for _, u := range j.Using {
						left := t.usingLeft(info, right, u.Text())
						conds = append(conds, left+" = "+qi(right.SQLName)+"."+qi(u.Text()))
					}
					b.WriteString(" ON " + strings.Join(conds, " AND "))
				}
			}
		}
	}
	if s.Where != nil {
		b.WriteString(" WHERE " + t.expr(s.Where))
	}
	if len(s.GroupBy) > 0 {
		b.WriteString(" GROUP BY " + t.exprs(s.GroupBy))
	}
	if s.Having != nil {
		b.WriteString(" HAVING " + t.expr(s.Having))
	}
	return b.String()
}

// usingLeft finds the earlier entry that holds a USING column.
func (t *translator) usingLeft(info *analyzer.SelectInfo, right *analyzer.Entry, col string) string {
	for _, e := range info.Entries {
		if e == right {
			break
		}
		for _, c := range e.Columns {
			if strings.EqualFold(c.Name, col) {
				return qi(e.SQLName) + "." + qi(c.Name)
			}
		}
	}
	return "NULL"
}

// renamed gives a query's output the names cols.
func (t *translator) renamed(sql string, cols []catalog.Column) string {
	t.seq++
	w := fmt.Sprintf("w%d", t.seq)
	return "(WITH " + qi(w) + "(" + colList(cols) + ") AS (" + sql + ") SELECT * FROM " + qi(w) + ")"
}

func (t *translator) factor(f *parser.TableFactor) string {
	e := t.b.Factors[f]
	alias := " AS " + qi(e.SQLName)
	switch e.Kind {
	case analyzer.TableEntry:
		src := catalog.DataTable(e.Relation.ID)
		if len(f.AliasCols) > 0 {
			return t.renamed("SELECT * FROM "+src, e.Columns) + alias
		}
		return src + alias
	case analyzer.ViewEntry, analyzer.SubqueryEntry:
		return t.renamed(t.query(e.Body), e.Columns) + alias
	case analyzer.CTEEntry:
		if len(f.AliasCols) > 0 {
			return t.renamed("SELECT * FROM "+qi(e.CTE.SQLName), e.Columns) + alias
		}
		return qi(e.CTE.SQLName) + alias
	case analyzer.FileEntry:
		name, ok := t.files[e]
		if !ok {
			t.fail(sqlerr.Internal(fmt.Errorf("file %s was not loaded", e.Path)))
			return "(SELECT 1)" + alias
		}
		if len(f.AliasCols) > 0 {
			return t.renamed("SELECT * FROM "+name, e.Columns) + alias
		}
		return name + alias
	}
	t.fail(sqlerr.Internal(fmt.Errorf("unknown relation kind %d", e.Kind)))
	return "(SELECT 1)" + alias
}

func (t *translator) exprs(es []*parser.Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = t.expr(e)
	}
	return strings.Join(parts, ", ")
}

func (t *translator) expr(e *parser.Expr) string {
	ors := make([]string, len(e.Or))
	for i, a := range e.Or {
		ands := make([]string, len(a.And))
		for j, n := range a.And {
			s := t.predicate(n.Pred)
			for range n.Nots {
				s = "NOT " + s
			}
			ands[j] = s
		}
		ors[i] = strings.Join(ands, " AND ")
	}
	if len(ors) == 1 {
		return ors[0]
	}
	return "(" + strings.Join(ors, " OR ") + ")"
}

func (t *translator) predicate(p *parser.Predicate) string {
	left := t.additive(p.Left)
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
		return "(" + left + " " + op + " " + t.additive(p.Right) + ")"
	case p.IsNull != nil:
		if p.IsNull.Not {
			return "(" + left + " IS NOT NULL)"
		}
		return "(" + left + " IS NULL)"
	case p.Between != nil:
		not := ""
		if p.Between.Not {
			not = "NOT "
		}
		return "(" + left + " " + not + "BETWEEN " + t.additive(p.Between.Low) + " AND " + t.additive(p.Between.High) + ")"
	case p.In != nil:
		not := ""
		if p.In.Not {
			not = "NOT "
		}
		if p.In.Query != nil {
			return "(" + left + " " + not + "IN (" + t.query(p.In.Query) + "))"
		}
		return "(" + left + " " + not + "IN (" + t.exprs(p.In.List) + "))"
	case p.Like != nil:
		not := ""
		if p.Like.Not {
			not = "NOT "
		}
		return "(" + left + " " + not + "LIKE " + t.additive(p.Like.Pattern) + ")"
	}
	return left
}

func (t *translator) additive(a *parser.Additive) string {
	s := t.multiplicative(a.Left)
	for _, op := range a.Rest {
		s = "(" + s + " " + op.Op + " " + t.multiplicative(op.Right) + ")"
	}
	return s
}

func (t *translator) multiplicative(m *parser.Multiplicative) string {
	s := t.unary(m.Left)
	for _, op := range m.Rest {
		s = "(" + s + " " + op.Op + " " + t.unary(op.Right) + ")"
	}
	return s
}

func (t *translator) unary(u *parser.Unary) string {
	s := t.primary(u.Prim)
	for i := len(u.Signs) - 1; i >= 0; i-- {
		s = "(" + u.Signs[i] + s + ")"
	}
	return s
}

func (t *translator) primary(p *parser.Primary) string {
	switch {
	case p.Case != nil:
		var b strings.Builder
		b.WriteString("CASE")
		if p.Case.Operand != nil {
			b.WriteString(" " + t.expr(p.Case.Operand))
		}
		for _, w := range p.Case.Whens {
			b.WriteString(" WHEN " + t.expr(w.Cond) + " THEN " + t.expr(w.Result))
		}
		if p.Case.Else != nil {
			b.WriteString(" ELSE " + t.expr(p.Case.Else))
		}
		return b.String() + " END"
	case p.Cast != nil:
		return "CAST(" + t.expr(p.Cast.Expr) + " AS " + catalog.Affinity(p.Cast.Type.SparkType()) + ")"
	case p.Exists != nil:
		return "EXISTS (" + t.query(p.Exists) + ")"
	case p.Subquery != nil:
		// Spark fails when a scalar subquery returns more than one row;
		// SQLite would silently take the first, so check explicitly.
		q := t.query(p.Subquery)
		return "(CASE WHEN (SELECT count(*) FROM (" + q + ")) > 1 THEN tableacl_fail('SCALAR_SUBQUERY_TOO_MANY_ROWS') ELSE (" + q + ") END)"
	case p.Paren != nil:
		return "(" + t.expr(p.Paren) + ")"
	case p.Typed != nil:
		return sqlString(analyzer.Unquote(p.Typed.Value))
	case p.Literal != nil:
		l := p.Literal
		switch {
		case l.Number != nil:
			return *l.Number
		case l.String != nil:
			return sqlString(analyzer.Unquote(*l.String))
		case strings.EqualFold(l.Bool, "TRUE"):
			return "1"
		case l.Bool != "":
			return "0"
		}
		return "NULL"
	case p.Call != nil:
		return t.call(p.Call)
	case p.Column != nil:
		ref := t.b.Cols[p.Column]
		switch {
		case ref == nil:
			t.fail(sqlerr.Internal(fmt.Errorf("unresolved column %s", parser.Format(p.Column))))
			return "NULL"
		case ref.Param > 0:
			frame := t.params[len(t.params)-1]
			return "(" + frame[ref.Param-1] + ")"
		case ref.Alias != "":
			return qi(ref.Alias)
		}
		return qi(ref.Entry.SQLName) + "." + qi(ref.Column)
	}
	return "NULL"
}

func (t *translator) call(c *parser.Call) string {
	info := t.b.Calls[c]
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = t.expr(a)
	}
	over := ""
	if c.Over != nil {
		var parts []string
		if len(c.Over.PartitionBy) > 0 {
			parts = append(parts, "PARTITION BY "+t.exprs(c.Over.PartitionBy))
		}
		if len(c.Over.OrderBy) > 0 {
			parts = append(parts, "ORDER BY "+t.orderItems(c.Over.OrderBy))
		}
		if f := c.Over.Frame; f != nil {
			parts = append(parts, "ROWS BETWEEN "+bound(f.Start)+" AND "+bound(f.End))
		}
		over = " OVER (" + strings.Join(parts, " ") + ")"
	}
	switch info.Kind {
	case analyzer.BuiltinCall:
		name := info.Name
		switch name {
		case "current_user":
			return sqlString(t.caller.User)
		case "is_member":
			quoted := make([]string, len(t.caller.Principals))
			for i, p := range t.caller.Principals {
				quoted[i] = sqlString(p)
			}
			return "(" + args[0] + " IN (" + strings.Join(quoted, ", ") + "))"
		case "current_database":
			return sqlString(t.db)
		case "current_date":
			return "date('now')"
		case "current_timestamp":
			return "datetime('now')"
		case "floor", "ceil":
			name = "tableacl_" + name
		case "nvl":
			name = "ifnull"
		case "substring":
			name = "substr"
		case "concat":
			return "(" + strings.Join(args, " || ") + ")"
		}
		inner := strings.Join(args, ", ")
		if c.Star {
			inner = "*"
		} else if c.Distinct {
			inner = "DISTINCT " + inner
		}
		return name + "(" + inner + ")" + over
	case analyzer.TempCall, analyzer.PersistentCall:
		if info.Body == nil {
			f := info.Function
			t.fail(sqlerr.New("UNSUPPORTED_FEATURE", c.At(), "The function %s is defined by the class '%s' and cannot be executed.", parser.QuoteName([]string{f.DB, f.Name}), f.Class))
			return "NULL"
		}
		t.params = append(t.params, args)
		body := t.expr(info.Body)
		t.params = t.params[:len(t.params)-1]
		return "CAST((" + body + ") AS " + catalog.Affinity(info.Returns) + ")"
	}
	return "NULL"
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
