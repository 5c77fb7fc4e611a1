package analyzer

import (
	"encoding/csv"
	"os"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Builtins are the built-in functions (spec §5.5) with their parameter
// counts (-1: any). They need no privilege.
var Builtins = map[string]int{
	"count": -1, "sum": 1, "avg": 1, "min": 1, "max": 1,
	"row_number": 0, "rank": 0, "dense_rank": 0, "lag": -1, "lead": -1,
	"abs": 1, "round": -1, "floor": 1, "ceil": 1, "coalesce": -1, "nullif": 2, "ifnull": 2, "nvl": 2,
	"upper": 1, "lower": 1, "length": 1, "substr": -1, "substring": -1, "concat": -1,
	"trim": 1, "ltrim": 1, "rtrim": 1, "replace": -1,
	"current_date": 0, "current_timestamp": 0, "current_database": 0, "current_user": 0, "is_member": 1,
}

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
			_, more, err = r.query(x, sc)
			reqs = append(reqs, more...)
			return false
		case *parser.Primary:
			if x.Column != nil {
				err = r.column(x.Column, sc)
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
	return reqs, err
}

func routineName(n *parser.Name) string { return relName(n) }

// call resolves a function call (spec §2.4) and returns its requests.
func (r *resolver) call(c *parser.Call, sc *scope) ([]*Request, error) {
	n := c.Name
	nargs := len(c.Args)
	if c.Star {
		nargs = 1
	}
	if len(n.Parts) == 1 {
		name := n.Parts[0].Lower()
		if want, ok := Builtins[name]; ok {
			if want >= 0 && want != nargs {
				return nil, sqlerr.New("WRONG_NUM_ARGS", n.At(), "The function %s requires %d parameters but the actual number is %d.", privilege.Quote(name), want, nargs)
			}
			r.b.Calls[c] = &CallInfo{Kind: BuiltinCall, Name: name}
			return nil, nil
		}
		if tf, ok := r.sess.TempFuncs[name]; ok && !sc.persistent {
			r.temps = append(r.temps, tempRef{name: name, kind: "TEMPORARY FUNCTION", pos: n.At()})
			if len(tf.Params) != nargs {
				return nil, sqlerr.New("WRONG_NUM_ARGS", n.At(), "The function %s requires %d parameters but the actual number is %d.", privilege.Quote(name), len(tf.Params), nargs)
			}
			body, children, err := r.functionBody(tf.Body, tf.Params, false, privilege.Quote(name))
			if err != nil {
				return nil, err
			}
			r.b.Calls[c] = &CallInfo{Kind: TempCall, Temp: tf, Body: body, Params: tf.Params, Returns: tf.Returns}
			r.deps = append(r.deps, privilege.AnonymousFunctionKey)
			// The temporary function is a leaf; what its body calls is
			// attached beside it, as for a temporary view (tableacl choice:
			// a temporary function cannot open a way around a grant).
			return append([]*Request{{Object: privilege.AnonymousFunctionKey, Right: Use, Privilege: privilege.Select}}, children...), nil
		}
	}
	f, err := r.lookupFunction(n)
	if err != nil {
		if e, ok := err.(*sqlerr.Error); ok && e.Class == "ROUTINE_NOT_FOUND" {
			return nil, sqlerr.New("UNRESOLVED_ROUTINE", n.At(), "Cannot resolve routine %s.", routineName(n))
		}
		return nil, err
	}
	key := privilege.FunctionKey(f.DB, f.Name)
	if f.Class == "" && len(f.Params) != nargs {
		return nil, sqlerr.New("WRONG_NUM_ARGS", n.At(), "The function %s requires %d parameters but the actual number is %d.", key.Key(), len(f.Params), nargs)
	}
	r.deps = append(r.deps, key)
	if r.qualify != nil {
		r.qualify[n] = parser.QuoteIdent(f.DB) + "." + parser.QuoteIdent(f.Name)
	}
	info := &CallInfo{Kind: PersistentCall, Function: f, Params: f.Params, Returns: f.Returns}
	req := &Request{Object: key, Right: Use, Privilege: privilege.Select, Owner: f.Owner}
	if f.Body != "" {
		body, children, err := r.functionBody(f.Body, f.Params, true, key.Key())
		if err != nil {
			return nil, err
		}
		info.Body = body
		req.Children = children
	}
	r.b.Calls[c] = info
	return []*Request{req}, nil
}

// functionBody parses a stored function body afresh and resolves it with
// its parameters in scope.
func (r *resolver) functionBody(text string, params []catalog.Param, persistent bool, name string) (*parser.Expr, []*Request, error) {
	if r.depth >= maxDepth {
		return nil, nil, sqlerr.New("RECURSIVE_VIEW", sqlerr.Pos{}, "Recursive function %s detected (cycle: %s -> %s).", name, name, name)
	}
	body, err := parser.ParseExpr(text)
	if err != nil {
		return nil, nil, sqlerr.Internal(err)
	}
	sub := &resolver{tx: r.tx, sess: r.sess, b: r.b, depth: r.depth + 1}
	reqs, err := sub.expr(body, paramScope(params, persistent))
	if err != nil {
		return nil, nil, err
	}
	return body, reqs, nil
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
		if ref := r.b.Cols[p.Column]; ref != nil && ref.Entry != nil {
			for _, c := range ref.Entry.Columns {
				if c.Name == ref.Column {
					return c.Type
				}
			}
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
	case p.Call != nil:
		if info := r.b.Calls[p.Call]; info != nil {
			switch info.Kind {
			case BuiltinCall:
				switch info.Name {
				case "count", "row_number", "rank", "dense_rank":
					return "bigint"
				case "avg":
					return "double"
				case "is_member":
					return "boolean"
				case "upper", "lower", "substr", "substring", "concat", "trim", "ltrim", "rtrim", "replace", "current_user", "current_database":
					return "string"
				case "length":
					return "int"
				case "current_date":
					return "date"
				case "current_timestamp":
					return "timestamp"
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

// readCSVHeader reads the column names of a CSV file: every column is a
// STRING (spec §2.6). It reports false when the file cannot be read; the
// error is then raised when the statement runs, after authorization.
func readCSVHeader(path string) ([]catalog.Column, bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		return nil, false
	}
	cols := make([]catalog.Column, len(header))
	for i, h := range header {
		cols[i] = catalog.Column{Name: h, Type: "string"}
	}
	return cols, true
}
