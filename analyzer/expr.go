package analyzer

import (
	"strconv"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// expr resolves every column, function call and subquery of e in text
// order and returns the requests they make.
func (r *resolver) expr(e *parser.Expr, sc *scope) ([]*Request, error) {
	var reqs []*Request
	var err error
	parser.Walk(e, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *parser.Query:
			var more []*Request
			more, err = r.subquery(x, sc)
			reqs = append(reqs, more...)
			return false
		case *parser.In:
			if x.Query != nil {
				var more []*Request
				more, err = r.subquery(x.Query, sc)
				reqs = append(reqs, more...)
				if err == nil && len(r.b.Subqueries[x.Query]) != 1 && !r.lenient() {
					err = sqlerr.New(sqlerr.DatatypeMismatchInSubqueryLengthMismatch, x.Query.At(),
						"Cannot resolve IN subquery due to data type mismatch: The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: 1), right hand side columns(length: %d).", len(r.b.Subqueries[x.Query]))
				}
				for _, l := range x.List {
					if err == nil {
						var more []*Request
						more, err = r.expr(l, sc)
						reqs = append(reqs, more...)
					}
				}
				return false
			}
		case *parser.Primary:
			switch {
			case x.Column != nil:
				err = r.column(x.Column, sc)
				return false
			case x.Subquery != nil:
				var more []*Request
				more, err = r.subquery(x.Subquery, sc)
				reqs = append(reqs, more...)
				if err == nil && len(r.b.Subqueries[x.Subquery]) != 1 && !r.lenient() {
					err = sqlerr.New(sqlerr.InvalidSubqueryExpressionScalarSubqueryReturnMoreThanOneOutputColumn, x.Subquery.At(),
						"Invalid subquery: Scalar subquery must return only one column, but got %d.", len(r.b.Subqueries[x.Subquery]))
				}
				return false
			}
		case *parser.Call:
			var more []*Request
			more, err = r.call(x, sc)
			reqs = append(reqs, more...)
		case *parser.Name:
			return false // a call's name, handled with the call
		}
		return true
	})
	if err == nil {
		err = r.checkNesting(e)
	}
	return reqs, err
}

// subquery resolves a subquery inside an expression, which sees the
// columns of the queries around it (a correlated subquery).
func (r *resolver) subquery(q *parser.Query, sc *scope) ([]*Request, error) {
	out, reqs, err := r.query(q, &scope{parent: sc, boundary: q, persistent: sc.persistent})
	if err != nil {
		return nil, err
	}
	r.b.Subqueries[q] = out
	return reqs, nil
}

func routineName(n *parser.Name) string { return relName(n) }

func starMisuse(n *parser.Name, name string) error {
	return sqlerr.New(sqlerr.InvalidUsageOfStarOrRegex, n.At(), "Invalid usage of '*' in expression %s.", privilege.Quote(name))
}

func wrongArgs(n *parser.Name, fn string, expected string, got int) error {
	return sqlerr.New(sqlerr.WrongNumArgs, n.At(), "The function %s requires %s parameters but the actual number is %d.", fn, expected, got)
}

// call resolves a function call (spec §2.4) and returns its requests.
func (r *resolver) call(c *parser.Call, sc *scope) ([]*Request, error) {
	n := c.Name
	nargs := len(c.Args)
	if c.Star {
		nargs = 1
	}
	if len(n.Parts) == 1 {
		name := n.Parts[0].Lower()
		if b, ok := r.builtin(name); ok {
			if c.Star && name != "count" {
				return nil, starMisuse(n, name)
			}
			if !b.accepts(nargs) {
				return nil, wrongArgs(n, privilege.Quote(name), b.expected(), nargs)
			}
			if err := r.checkCall(c, b, name); err != nil {
				return nil, err
			}
			r.b.Calls[c] = &CallInfo{Kind: BuiltinCall, Name: name, Builtin: b}
			return nil, nil
		}
		if tf, ok := r.sess.TempFuncs[name]; ok && !sc.persistent {
			r.temps = append(r.temps, tempRef{name: name, kind: "TEMPORARY FUNCTION", pos: n.At()})
			if c.Star {
				return nil, starMisuse(n, name)
			}
			if len(tf.Params) != nargs {
				return nil, wrongArgs(n, privilege.Quote(name), itoa(len(tf.Params)), nargs)
			}
			if err := r.checkCall(c, nil, name); err != nil {
				return nil, err
			}
			fb, err := r.function(privilege.Quote(name),
				func() (*FuncBody, bool) { fb, ok := r.x.tempFuncs[name]; return fb, ok },
				func(fb *FuncBody) { r.x.tempFuncs[name] = fb },
				tf.Body, tf.Params, tf.Returns, false)
			if err != nil {
				return nil, relocate(err, n.At())
			}
			r.reached(fb.deepest)
			if err := r.addCalls(1+fb.calls, n.At()); err != nil {
				return nil, err
			}
			r.b.Calls[c] = &CallInfo{Kind: TempCall, Temp: tf, Body: fb, Params: tf.Params, Returns: tf.Returns}
			r.deps = append(r.deps, privilege.AnonymousFunctionKey)
			// The temporary function is a leaf; what its body calls is
			// attached beside it, as for a temporary view (tableacl choice:
			// a temporary function cannot open a way around a grant).
			return append([]*Request{{Object: privilege.AnonymousFunctionKey, Right: Use, Privilege: privilege.Select}}, fb.Requests...), nil
		}
	}
	f, err := r.lookupFunction(n)
	if err != nil {
		if e, ok := err.(*sqlerr.Error); ok && e.Class == sqlerr.RoutineNotFound {
			return nil, sqlerr.New(sqlerr.UnresolvedRoutine, n.At(), "Cannot resolve routine %s.", routineName(n))
		}
		return nil, err
	}
	key := privilege.FunctionKey(f.DB, f.Name)
	if c.Star {
		return nil, starMisuse(n, f.Name)
	}
	if f.Class == "" && len(f.Params) != nargs {
		return nil, wrongArgs(n, key.Key(), itoa(len(f.Params)), nargs)
	}
	if err := r.checkCall(c, nil, f.Name); err != nil {
		return nil, err
	}
	r.deps = append(r.deps, key)
	if r.qualify != nil {
		r.qualify[n] = parser.QuoteIdent(f.DB) + "." + parser.QuoteIdent(f.Name)
	}
	info := &CallInfo{Kind: PersistentCall, Function: f, Params: f.Params, Returns: f.Returns}
	req := &Request{Object: key, Right: Use, Privilege: privilege.Select, Owner: f.Owner}
	if f.Body != "" {
		fb, err := r.function(key.Key(),
			func() (*FuncBody, bool) { fb, ok := r.x.funcs[key]; return fb, ok },
			func(fb *FuncBody) { r.x.funcs[key] = fb },
			f.Body, f.Params, f.Returns, true)
		if err != nil {
			return nil, relocate(err, n.At())
		}
		r.reached(fb.deepest)
		if err := r.addCalls(1+fb.calls, n.At()); err != nil {
			return nil, err
		}
		info.Body = fb
		req.Children = fb.Requests
	}
	r.b.Calls[c] = info
	return []*Request{req}, nil
}

func paramScope(params []catalog.Param, persistent bool) *scope {
	sc := &scope{params: map[string]int{}, persistent: persistent}
	for i, p := range params {
		sc.params[strings.ToLower(p.Name)] = i + 1
	}
	return sc
}

// typeOf infers an output column's type for DESCRIBE; data semantics follow
// SQLite, so this is a description, not a check (spec §1.2).
func (r *resolver) typeOf(e *parser.Expr) string {
	p := asPrimary(e)
	if p == nil {
		if len(e.Or) > 1 || len(e.Or[0].And) > 1 {
			return "boolean"
		}
		n := e.Or[0].And[0]
		if len(n.Nots) > 0 || n.Pred.CmpOp != "" || n.Pred.IsNull != nil || n.Pred.Between != nil || n.Pred.In != nil || n.Pred.Like != nil {
			return "boolean"
		}
		a := n.Pred.Left
		for _, op := range a.Rest {
			if op.Op == "||" {
				return "string"
			}
		}
		if len(a.Rest) == 0 && len(a.Left.Rest) == 0 {
			return r.typeOfPrimary(a.Left.Left.Prim)
		}
		return "int"
	}
	return r.typeOfPrimary(p)
}

func (r *resolver) typeOfPrimary(p *parser.Primary) string {
	switch {
	case p.Column != nil:
		if ref := r.b.Cols[p.Column]; ref != nil && ref.Entry != nil && ref.Index >= 0 && ref.Index < len(ref.Entry.Columns) {
			return ref.Entry.Columns[ref.Index].Type
		}
	case p.Literal != nil:
		switch {
		case p.Literal.Number != nil:
			if strings.ContainsAny(*p.Literal.Number, ".eE") {
				return "double"
			}
			return "int"
		case p.Literal.Bool != "":
			return "boolean"
		case p.Literal.Null:
			return "void"
		}
		return "string"
	case p.Typed != nil:
		return strings.ToLower(p.Typed.Type)
	case p.Cast != nil:
		return p.Cast.Type.SparkType()
	case p.Paren != nil:
		return r.typeOf(p.Paren)
	case p.Exists != nil:
		return "boolean"
	case p.Subquery != nil:
		if out := r.b.Subqueries[p.Subquery]; len(out) == 1 {
			return out[0].Type
		}
	case p.Call != nil:
		if info := r.b.Calls[p.Call]; info != nil {
			switch info.Kind {
			case BuiltinCall:
				if info.Builtin.Result != "" {
					return info.Builtin.Result
				}
				if len(p.Call.Args) > 0 {
					return r.typeOf(p.Call.Args[0])
				}
			default:
				if info.Returns != "" {
					return info.Returns
				}
			}
		}
	case p.Case != nil:
		if len(p.Case.Whens) > 0 {
			return r.typeOf(p.Case.Whens[0].Result)
		}
	}
	return "string"
}

func itoa(n int) string { return strconv.Itoa(n) }
