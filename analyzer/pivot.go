package analyzer

import (
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// PivotInfo is how a PIVOT or UNPIVOT turns the relations of a FROM
// clause into one relation (a PivotEntry), as Spark does.
//
// PIVOT groups the rows by every column the aggregates and FOR do not
// name (Group), and gives a column for each IN value and aggregate: the
// aggregate over the rows whose FOR columns equal the value.
//
// UNPIVOT gives, for each row and each IN column (or tuple of columns), a
// row of the other columns (Group), the column's name (or alias) and its
// value(s); rows whose values are all NULL are dropped unless INCLUDE
// NULLS.
type PivotInfo struct {
	Pivot   *parser.Pivot
	Unpivot *parser.Unpivot
	Group   []OutputItem // the columns kept as they are
	For     []*ColRef    // PIVOT: the FOR columns
	In      [][]*ColRef  // UNPIVOT: each IN entry's columns
	Names   []string     // UNPIVOT: each IN entry's name
}

// pivot makes the relation of a PIVOT over the relations of sc, whose
// columns * would give (stars).
func (r *resolver) pivot(pv *parser.Pivot, sc *scope, stars []OutputItem, add func(int, []*Request)) (*Entry, error) {
	info := &PivotInfo{Pivot: pv}
	used := map[string]bool{}
	note := func(ref *ColRef) {
		if ref != nil {
			used[r.refKey(ref)] = true
		}
	}
	var aggTypes []string
	for _, a := range pv.Aggregates {
		more, err := r.expr(a.Expr, sc)
		if err != nil {
			return nil, err
		}
		add(a.Pos.Offset, more)
		aggregate := false
		for _, sp := range r.specials(a.Expr) {
			if sp.window {
				return nil, unsupportedExpr([]special{sp})
			}
			aggregate = true
		}
		if !aggregate {
			return nil, sqlerr.New(sqlerr.DatatypeMismatch, a.At(), "Cannot resolve PIVOT: %s is not an aggregate expression.", `"`+parser.Format(a.Expr)+`"`)
		}
		if err := r.grouped(&grouping{keys: map[string]bool{}, global: true}, a.Expr); err != nil {
			return nil, err
		}
		parser.Walk(a.Expr, func(n any) bool {
			if p, ok := n.(*parser.Primary); ok && p.Column != nil {
				note(r.b.Cols[p.Column])
			}
			return true
		})
		aggTypes = append(aggTypes, r.typeOf(a.Expr))
	}
	for _, id := range pv.For {
		n := &parser.Name{Node: id.Node, Parts: []*parser.Ident{id}}
		if err := r.column(n, sc); err != nil {
			return nil, err
		}
		ref := r.b.Cols[n]
		info.For = append(info.For, ref)
		note(ref)
	}
	for _, v := range pv.In {
		if len(v.Exprs) != len(pv.For) {
			return nil, sqlerr.NewNumColumnsMismatch(v.At(), "PIVOT", len(pv.For), "IN", len(v.Exprs))
		}
		for _, e := range v.Exprs {
			more, err := r.expr(e, sc)
			if err != nil {
				return nil, err
			}
			if !constant(e) || len(r.specials(e)) > 0 {
				return nil, sqlerr.New(sqlerr.DatatypeMismatchNonFoldableInput, e.At(), "Cannot resolve PIVOT: the value %s is not a constant.", `"`+parser.Format(e)+`"`)
			}
			add(e.Pos.Offset, more)
		}
	}
	if len(pv.In)*len(pv.Aggregates) > MaxColumns {
		return nil, tooManyColumns(pv.At())
	}
	e := &Entry{Kind: PivotEntry, PivotOf: info}
	for _, it := range stars {
		if !used[r.refKey(itemRef(it))] {
			info.Group = append(info.Group, it)
			e.Columns = append(e.Columns, catalog.Column{Name: it.Name, Type: it.Type})
		}
	}
	for _, v := range pv.In {
		for j, a := range pv.Aggregates {
			name := pivotValueName(v)
			if len(pv.Aggregates) > 1 {
				agg := parser.Format(a.Expr)
				if a.Alias != nil {
					agg = a.Alias.Text()
				}
				name += "_" + agg
			}
			e.Columns = append(e.Columns, catalog.Column{Name: name, Type: aggTypes[j]})
		}
	}
	if pv.Alias != nil {
		e.Qualifier = pv.Alias.Lower()
	}
	e.SQLName = r.b.name("r")
	return e, nil
}

// pivotValueName names the columns of one IN value: its alias, else the
// value as Spark prints it (a string without its quotes).
func pivotValueName(v *parser.PivotValue) string {
	if v.Alias != nil {
		return v.Alias.Text()
	}
	parts := make([]string, len(v.Exprs))
	for i, e := range v.Exprs {
		parts[i] = parser.Format(e)
		if p := asPrimary(e); p != nil && p.Literal != nil && p.Literal.String != nil {
			parts[i] = parser.Unquote(*p.Literal.String)
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// unpivot makes the relation of an UNPIVOT over the relations of sc.
func (r *resolver) unpivot(u *parser.Unpivot, sc *scope, stars []OutputItem) (*Entry, error) {
	info := &PivotInfo{Unpivot: u}
	used := map[string]bool{}
	var valueTypes [][]string
	for _, in := range u.In {
		if len(in.Columns) != len(u.Values) {
			return nil, sqlerr.NewNumColumnsMismatch(in.At(), "UNPIVOT", len(u.Values), "IN", len(in.Columns))
		}
		var refs []*ColRef
		var types []string
		for _, n := range in.Columns {
			if err := r.column(n, sc); err != nil {
				return nil, err
			}
			ref := r.b.Cols[n]
			if ref == nil {
				return nil, sqlerr.NewUnresolvedColumn(n.At(), relName(n)) // a file's columns, before they are read
			}
			refs = append(refs, ref)
			used[r.refKey(ref)] = true
			types = append(types, r.refType(ref))
		}
		info.In = append(info.In, refs)
		valueTypes = append(valueTypes, types)
		name := in.Columns[0].Parts[len(in.Columns[0].Parts)-1].Text()
		if len(in.Columns) > 1 {
			var names []string
			for _, n := range in.Columns {
				names = append(names, n.Parts[len(n.Parts)-1].Text())
			}
			name = strings.Join(names, "_")
		}
		if in.Alias != nil {
			name = in.Alias.Text()
		}
		info.Names = append(info.Names, name)
	}
	e := &Entry{Kind: PivotEntry, PivotOf: info}
	for _, it := range stars {
		if !used[r.refKey(itemRef(it))] {
			info.Group = append(info.Group, it)
			e.Columns = append(e.Columns, catalog.Column{Name: it.Name, Type: it.Type})
		}
	}
	e.Columns = append(e.Columns, catalog.Column{Name: u.Name.Text(), Type: "string"})
	for i, v := range u.Values {
		var types []string
		for _, t := range valueTypes {
			types = append(types, t[i])
		}
		e.Columns = append(e.Columns, catalog.Column{Name: v.Text(), Type: commonType(types)})
	}
	seen := map[string]bool{}
	for _, c := range e.Columns {
		if seen[strings.ToLower(c.Name)] {
			return nil, sqlerr.NewColumnAlreadyExists(u.At(), c.Name)
		}
		seen[strings.ToLower(c.Name)] = true
	}
	if u.Alias != nil {
		e.Qualifier = u.Alias.Lower()
	}
	e.SQLName = r.b.name("r")
	return e, nil
}

// constant reports whether e refers to no column, parameter or query.
func constant(e *parser.Expr) bool {
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
