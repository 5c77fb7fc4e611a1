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
	width := map[*parser.In]int{} // the columns the left side of an IN gives
	parser.Walk(e, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *parser.Predicate:
			if x.In != nil {
				width[x.In] = 1
				if p := x.Left.Left.Left.Prim; len(x.Left.Rest) == 0 && len(x.Left.Left.Rest) == 0 && p.Tuple != nil && len(p.Postfix) == 0 {
					width[x.In] = len(p.Tuple)
				}
			}
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
				if err == nil && len(r.b.Subqueries[x.Query]) != width[x] && !r.lenient() {
					err = sqlerr.New(sqlerr.DatatypeMismatchInSubqueryLengthMismatch, x.Query.At(),
						"Cannot resolve IN subquery due to data type mismatch: The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: %d), right hand side columns(length: %d).", width[x], len(r.b.Subqueries[x.Query]))
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
			case x.Lambda != nil:
				err = notSupported(x.At(), "a lambda function outside a higher-order function's second argument")
				return false
			case x.Column != nil:
				err = r.column(x.Column, sc)
				if err == nil {
					err = r.subscripts(x, sc, &reqs)
				}
				return false
			case x.Subquery != nil:
				var more []*Request
				more, err = r.subquery(x.Subquery, sc)
				reqs = append(reqs, more...)
				if err == nil && len(r.b.Subqueries[x.Subquery]) != 1 && !r.lenient() {
					err = sqlerr.New(sqlerr.InvalidSubqueryExpressionScalarSubqueryReturnMoreThanOneOutputColumn, x.Subquery.At(),
						"Invalid subquery: Scalar subquery must return only one column, but got %d.", len(r.b.Subqueries[x.Subquery]))
				}
				if err == nil {
					err = r.subscripts(x, sc, &reqs)
				}
				return false
			}
		case *parser.Call:
			if err = r.expandStarArgs(x, sc); err != nil {
				return false
			}
			var more []*Request
			more, err = r.call(x, sc)
			reqs = append(reqs, more...)
			if _, ok := higherOrder[strings.ToLower(x.Name.Parts[0].Text())]; err == nil && ok && len(x.Name.Parts) == 1 && r.b.Calls[x] != nil && r.b.Calls[x].Kind == BuiltinCall {
				// The other arguments first, then each lambda's body,
				// which sees the lambda's parameters (and the columns
				// around).
				name := strings.ToLower(x.Name.Parts[0].Text())
				var lambdas map[int]*parser.Lambda
				if lambdas, err = lambdaArgs(x, name); err != nil {
					return false
				}
				types := make([]string, len(x.Args))
				for i, a := range x.Args {
					if lambdas[i] != nil {
						continue
					}
					if more, err = r.expr(a, sc); err != nil {
						return false
					}
					reqs = append(reqs, more...)
					types[i] = r.typeOf(a)
					if err = higherOrderArgument(name, a, r.specials(a)); err != nil {
						return false
					}
				}
				for i, a := range x.Args {
					lam := lambdas[i]
					if lam == nil {
						continue
					}
					params := higherOrder[name].lambdas[i](types)[:len(lam.Params)]
					inner := &scope{parent: sc, lambda: lam, lambdaTypes: params, persistent: sc.persistent}
					r.lambdas++
					more, err = r.expr(lam.Body, inner)
					r.lambdas--
					if err != nil {
						return false
					}
					// The outermost lambda's body holds the others: it
					// alone is searched (once, not once per level).
					if r.lambdas == 0 {
						if ss := r.specials(lam.Body); len(ss) > 0 {
							err = unsupportedExpr(ss)
							return false
						}
					}
					reqs = append(reqs, more...)
					_ = a
				}
				return false
			}
		case *parser.Name:
			return false // a call's name, handled with the call
		}
		return true
	})
	if err == nil {
		err = r.checkNesting(e)
	}
	if err == nil {
		err = r.annotate(e)
	}
	return reqs, err
}

// expandStarArgs replaces each t.* among a call's arguments with the
// columns of t (Spark's count(t.*), struct(t.*)): t is a relation of the
// nearest query around the call, and EXCEPT leaves columns out.
func (r *resolver) expandStarArgs(c *parser.Call, sc *scope) error {
	stars := false
	for _, a := range c.Args {
		if p := asPrimary(a); p != nil && p.Star != nil {
			stars = true
		}
	}
	if !stars {
		return nil
	}
	var entries []*Entry
	for s := sc; s != nil && len(entries) == 0; s = s.parent {
		entries = s.entries
		if s.barrier || s.boundary != nil {
			break
		}
	}
	var args []*parser.Expr
	for _, a := range c.Args {
		p := asPrimary(a)
		if p == nil || p.Star == nil {
			args = append(args, a)
			continue
		}
		q := p.Star.Qualifier
		var found *Entry
		for _, e := range entries {
			if starQualifies(e, q) {
				found = e
			}
		}
		if found == nil {
			return sqlerr.NewUnresolvedColumn(q.At(), relName(q)+".*")
		}
		var cols []OutputItem
		for i, col := range found.Columns {
			cols = append(cols, OutputItem{Name: col.Name, Type: col.Type, Entry: found, Col: col.Name, Index: i})
		}
		kept, err := except(&parser.SelectItem{Node: p.Star.Node, Except: p.Star.Except}, cols)
		if err != nil {
			return err
		}
		for _, k := range kept {
			parts := append(append([]*parser.Ident{}, q.Parts...), &parser.Ident{Node: q.Node, Quoted: "`" + strings.ReplaceAll(k.Col, "`", "``") + "`"})
			args = append(args, parser.ColumnExpr(&parser.Name{Node: q.Node, Parts: parts}))
		}
	}
	if len(args) > MaxColumns {
		return tooManyColumns(c.At())
	}
	c.Args = args
	return nil
}

// higherOrderArgument refuses what SQLite cannot compute in the array
// argument of a higher-order function, which it reads inside a subquery:
// a window function, and an aggregate for the functions that read it in
// a recursive common table expression (aggregate, reduce, zip_with).
func higherOrderArgument(name string, a *parser.Expr, ss []special) error {
	for _, s := range ss {
		switch {
		case s.window:
			return notSupported(s.call.At(), "a window function in the arguments of the higher-order function "+name)
		case name == "aggregate" || name == "reduce" || name == "zip_with":
			return notSupported(s.call.At(), "an aggregate function in the arguments of the higher-order function "+name)
		}
	}
	return nil
}

// subscripts resolves the index expressions of what follows a primary
// whose own walk stops at it (a column, a scalar subquery): a[(SELECT
// ...)] and m[f(x)] are decided as any expression is.
func (r *resolver) subscripts(p *parser.Primary, sc *scope, reqs *[]*Request) error {
	for _, x := range p.Postfix {
		if x.Index == nil {
			continue
		}
		more, err := r.expr(x.Index, sc)
		if err != nil {
			return err
		}
		*reqs = append(*reqs, more...)
	}
	return nil
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
			if b.Kind == Generator {
				if info := r.b.Calls[c]; info != nil && info.Type == "generator" {
					return nil, nil // a select item's generator, resolved with the FROM clause
				}
				return nil, nestedGenerator(c)
			}
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

// typeOf infers an expression's type, for the columns of views and
// DESCRIBE and for the few operations whose translation depends on it;
// data semantics follow SQLite, so this is a description, not a check
// (spec §1.2).
func (r *resolver) typeOf(e *parser.Expr) string {
	if len(e.Or) > 1 || len(e.Or[0].And) > 1 {
		return "boolean"
	}
	n := e.Or[0].And[0]
	if len(n.Nots) > 0 || n.Pred.CmpOp != "" || n.Pred.IsNull != nil || n.Pred.Between != nil || n.Pred.In != nil || n.Pred.Like != nil {
		return "boolean"
	}
	return r.typeOfAdditive(n.Pred.Left)
}

func (r *resolver) typeOfAdditive(a *parser.Additive) string {
	t := r.typeOfMul(a.Left)
	for _, op := range a.Rest {
		t = arithmeticType(op.Op, t, r.typeOfMul(op.Right))
	}
	return t
}

// arithmeticType is the type of left op right for + - || & | ^.
func arithmeticType(op, left, right string) string {
	switch {
	case op == "||":
		if isArray(left) {
			return left
		}
		return "string"
	case op == "+" && left == "interval" && isDatetime(right):
		return right
	case (op == "+" || op == "-") && isDatetime(left) && (right == "interval" || isIntegral(right)):
		return left
	case (op == "+" || op == "-") && left == "string" && right == "interval":
		return "timestamp"
	case op == "-" && left == "date" && right == "date":
		return "int"
	case left == "interval" || right == "interval":
		return "interval"
	}
	if !isNumeric(left) && left != "void" || !isNumeric(right) && right != "void" {
		return "double" // Spark reads a string operand as a double
	}
	return commonType([]string{left, right})
}

func (r *resolver) typeOfMul(m *parser.Multiplicative) string {
	t := r.typeOfUnary(m.Left)
	for _, op := range m.Rest {
		right := r.typeOfUnary(op.Right)
		switch {
		case op.Op == "DIV":
			t = "bigint"
		case !isNumeric(t) && t != "void" || !isNumeric(right) && right != "void":
			t = "double"
		default:
			t = commonType([]string{t, right})
		}
	}
	return t
}

func (r *resolver) typeOfUnary(u *parser.Unary) string {
	t := r.typeOfPrimary(u.Prim)
	if len(u.Signs) > 0 && !isNumeric(t) && t != "interval" && t != "void" {
		return "double"
	}
	return t
}

// literalType is the type of a number as written: Spark's INT when it
// fits, else BIGINT; a typed literal's letter (10L, 1.5BD); DOUBLE for a
// fraction or an exponent.
func literalType(n string) string {
	upper := strings.ToUpper(n)
	switch {
	case strings.HasSuffix(upper, "BD"):
		return "decimal(38,18)"
	case strings.HasSuffix(upper, "L"):
		return "bigint"
	case strings.HasSuffix(upper, "S"):
		return "smallint"
	case strings.HasSuffix(upper, "Y"):
		return "tinyint"
	case strings.HasSuffix(upper, "F"):
		return "float"
	case strings.HasSuffix(upper, "D"), strings.ContainsAny(n, ".eE"):
		return "double"
	}
	if v, err := strconv.ParseInt(n, 10, 64); err == nil && v >= -1<<31 && v < 1<<31 {
		return "int"
	}
	return "bigint"
}

func (r *resolver) typeOfPrimary(p *parser.Primary) string {
	t := r.typeOfBase(p)
	for _, f := range p.Postfix {
		switch {
		case f.Index != nil:
			t = elementType(t)
		case f.Field != nil:
			if ft := fieldType(t, f.Field.Text()); ft != "" {
				t = ft
			} else {
				t = "string"
			}
		case f.Cast != nil:
			t = f.Cast.SparkType()
		}
	}
	return t
}

func (r *resolver) typeOfBase(p *parser.Primary) string {
	switch {
	case p.Column != nil:
		if ref := r.b.Cols[p.Column]; ref != nil {
			if ref.Builtin != nil {
				return ref.Builtin.ResultType(nil)
			}
			if ref.Type != "" {
				return ref.Type
			}
			if ref.Entry != nil && ref.Index >= 0 && ref.Index < len(ref.Entry.Columns) {
				return ref.Entry.Columns[ref.Index].Type
			}
		}
	case p.Literal != nil:
		switch {
		case p.Literal.Number != nil:
			return literalType(*p.Literal.Number)
		case p.Literal.Bool != "":
			return "boolean"
		case p.Literal.Null:
			return "void"
		}
		return "string"
	case p.Typed != nil:
		if strings.EqualFold(p.Typed.Type, "X") {
			return "binary"
		}
		return strings.ToLower(p.Typed.Type)
	case p.Interval != nil:
		return "interval"
	case p.Cast != nil:
		return p.Cast.Type.SparkType()
	case p.Paren != nil:
		return r.typeOf(p.Paren)
	case p.Tuple != nil:
		return "struct"
	case p.Exists != nil:
		return "boolean"
	case p.Subquery != nil:
		if out := r.b.Subqueries[p.Subquery]; len(out) == 1 {
			return out[0].Type
		}
	case p.Call != nil:
		return r.typeOfCall(p.Call)
	case p.Case != nil:
		var types []string
		for _, w := range p.Case.Whens {
			types = append(types, r.typeOf(w.Result))
		}
		if p.Case.Else != nil {
			types = append(types, r.typeOf(p.Case.Else))
		}
		return commonType(types)
	}
	return "string"
}

func (r *resolver) typeOfCall(c *parser.Call) string {
	info := r.b.Calls[c]
	if info == nil {
		return "string"
	}
	if info.Type != "" {
		return info.Type
	}
	if info.Kind != BuiltinCall {
		if info.Returns != "" {
			return info.Returns
		}
		return "string"
	}
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = r.typeOf(a)
	}
	if info.Name == "struct" || info.Name == "named_struct" {
		return r.structType(c, args)
	}
	if info.Name == "from_json" && len(c.Args) >= 2 {
		if p := asPrimary(c.Args[1]); p != nil && p.Literal != nil && p.Literal.String != nil {
			if t := schemaType(parser.Unquote(*p.Literal.String)); t != "" {
				return t
			}
		}
	}
	if _, ok := higherOrder[info.Name]; ok && len(c.Args) >= 2 {
		if p := asPrimary(c.Args[len(c.Args)-1]); p != nil && p.Lambda != nil {
			body := r.typeOf(p.Lambda.Body)
			k, _ := mapTypes(args[0])
			switch info.Name {
			case "zip_with":
				return "array<" + body + ">"
			case "aggregate", "reduce":
				return body
			case "transform":
				return "array<" + body + ">"
			case "filter", "map_filter":
				return args[0]
			case "transform_values":
				return "map<" + k + "," + body + ">"
			case "transform_keys":
				_, v := mapTypes(args[0])
				return "map<" + body + "," + v + ">"
			}
		}
	}
	return info.Builtin.ResultType(args)
}

// structType is the type of struct(...) and named_struct(...): a field
// for each value, named by named_struct's names or after struct's
// columns (col1, col2, ... for other expressions), as in Spark.
func (r *resolver) structType(c *parser.Call, args []string) string {
	var fields []string
	if r.b.Calls[c].Name == "named_struct" {
		for i := 0; i+1 < len(c.Args); i += 2 {
			name := "col" + strconv.Itoa(i/2+1)
			if p := asPrimary(c.Args[i]); p != nil && p.Literal != nil && p.Literal.String != nil {
				name = parser.Unquote(*p.Literal.String)
			}
			fields = append(fields, name+":"+args[i+1])
		}
	} else {
		for i, a := range c.Args {
			fields = append(fields, StructFieldName(a, i)+":"+args[i])
		}
	}
	return "struct<" + strings.Join(fields, ",") + ">"
}

// StructFieldName is the name of field i of struct(...): a column's own
// name, else col1, col2, ... (Spark).
func StructFieldName(e *parser.Expr, i int) string {
	if p := asPrimary(e); p != nil && len(p.Postfix) == 0 && p.Column != nil {
		return p.Column.Parts[len(p.Column.Parts)-1].Text()
	}
	return "col" + strconv.Itoa(i+1)
}

func itoa(n int) string { return strconv.Itoa(n) }

// DateOp says how a + or - step on a date or a timestamp is computed.
type DateOp uint8

// The date operations.
const (
	AddInterval     DateOp = iota + 1 // date or timestamp ± interval literal
	IntervalFirst                     // interval literal + date or timestamp
	AddDays                           // date ± days
	DaysBetween                       // date - date
	TextAddInterval                   // string ± interval literal: the string read as a timestamp
)

// Subscript says what x[i] reads.
type Subscript uint8

// The subscripts.
const (
	ArrayIndex Subscript = iota + 1 // the element at the 0-based index
	MapKey                          // the value of a key
)

// annotate records, once an expression is resolved, what its translation
// needs of its types: the argument types of its built-in calls, whether a
// subscript reads an array or a map, and how its date arithmetic is
// computed. An interval used in any other arithmetic is refused (Spark
// would refuse it too), and so is a row value anywhere but in a
// comparison or IN.
func (r *resolver) annotate(e *parser.Expr) error {
	var calls []*parser.Call
	var adds []*parser.Additive
	var prims []*parser.Primary
	var err error
	rows := map[*parser.Primary]bool{} // the row values a predicate compares
	mismatch := func(x *parser.Predicate, left, right int) {
		if err == nil {
			err = sqlerr.New(sqlerr.DatatypeMismatch, x.At(), "Cannot resolve %s due to data type mismatch: a row of %d values is compared with %d.", `"`+parser.Format(x)+`"`, left, right)
		}
	}
	if r.x.done[e]&annotated != 0 {
		return nil
	}
	parser.Walk(e, func(n any) bool {
		switch x := n.(type) {
		case *parser.Query:
			return false // annotated where it is resolved
		case *parser.Expr:
			if x != e && r.x.done[x]&annotated != 0 {
				return false // annotated on its own
			}
		case *parser.Call:
			calls = append(calls, x)
		case *parser.Additive:
			adds = append(adds, x)
		case *parser.Primary:
			prims = append(prims, x)
		case *parser.Predicate:
			if x.CmpOp != "" || x.In != nil {
				for _, a := range []*parser.Additive{x.Left, x.Right} {
					if a != nil && len(a.Rest) == 0 && len(a.Left.Rest) == 0 && len(a.Left.Left.Signs) == 0 && a.Left.Left.Prim.Tuple != nil {
						rows[a.Left.Left.Prim] = true
					}
				}
				left := rowWidth(x.Left)
				switch {
				case x.CmpOp != "" && left != rowWidth(x.Right):
					mismatch(x, max(left, 1), max(rowWidth(x.Right), 1))
				case x.In != nil && x.In.Query == nil:
					for _, item := range x.In.List {
						p := asPrimary(item)
						w := 0
						if p != nil && p.Tuple != nil && len(p.Postfix) == 0 {
							w = len(p.Tuple)
							if left > 0 {
								rows[p] = true
							}
						}
						if w != left {
							mismatch(x, max(left, 1), max(w, 1))
						}
					}
				}
			}
		}
		return true
	})
	if err != nil {
		return err
	}
	r.x.done[e] |= annotated
	for _, p := range prims {
		if p.Tuple != nil && !rows[p] {
			return notSupported(p.At(), "row values outside a comparison or IN")
		}
		if len(p.Postfix) == 0 {
			continue
		}
		t := r.typeOfBase(p)
		for _, f := range p.Postfix {
			switch {
			case f.Index != nil:
				if isMap(t) || !isArray(t) && !isNumeric(r.typeOf(f.Index)) {
					r.b.Postfix[f] = MapKey
				} else {
					r.b.Postfix[f] = ArrayIndex
				}
				t = elementType(t)
			case f.Field != nil:
				if t = fieldType(t, f.Field.Text()); t == "" {
					t = "string"
				}
			default:
				t = f.Cast.SparkType()
			}
		}
	}
	// Innermost calls first, so that each call's type is known once.
	for i := len(calls) - 1; i >= 0; i-- {
		c := calls[i]
		info := r.b.Calls[c]
		if info == nil || info.Kind != BuiltinCall || info.Type != "" {
			continue
		}
		info.ArgTypes = make([]string, len(c.Args))
		for j, a := range c.Args {
			info.ArgTypes[j] = r.typeOf(a)
		}
		info.Type = r.typeOfCall(c)
		if len(info.Type) > MaxTypeLength {
			// struct(x, x) nested doubles its type at each level.
			return sqlerr.New(sqlerr.StatementTooComplex, c.At(), "The type of %s is longer than %d characters.", privilege.Quote(info.Name), MaxTypeLength)
		}
	}
	for _, a := range adds {
		t := r.typeOfMul(a.Left)
		for _, op := range a.Rest {
			right := r.typeOfMul(op.Right)
			if op.Op == "+" || op.Op == "-" {
				switch {
				case (isDatetime(t) || t == "string") && right == "interval":
					if !intervalLiteral(op.Right) {
						return notSupported(op.At(), "interval arithmetic on what is not an interval literal")
					}
					r.b.DateOps[op] = AddInterval
					if t == "string" {
						r.b.DateOps[op] = TextAddInterval
					}
				case op.Op == "+" && t == "interval" && isDatetime(right):
					if len(a.Rest) != 1 || !intervalLiteral(a.Left) {
						return notSupported(op.At(), "interval arithmetic on what is not an interval literal")
					}
					r.b.DateOps[op] = IntervalFirst
				case t == "date" && isIntegral(right):
					r.b.DateOps[op] = AddDays
				case op.Op == "-" && t == "date" && right == "date":
					r.b.DateOps[op] = DaysBetween
				case t == "interval" || right == "interval":
					return sqlerr.New(sqlerr.DatatypeMismatchBinaryOpDiffTypes, op.At(), "Cannot resolve %s due to data type mismatch: the operands of %s are %s and %s.", `"`+parser.Format(a)+`"`, op.Op, strings.ToUpper(t), strings.ToUpper(right))
				}
			}
			t = arithmeticType(op.Op, t, right)
		}
	}
	return nil
}

// MaxTypeLength bounds the text of a value's type (tableacl choice): a
// struct of structs nested as deep as a statement allows would have a
// type of gigabytes.
const MaxTypeLength = 64 << 10

// intervalLiteral reports whether m is an interval literal alone.
func intervalLiteral(m *parser.Multiplicative) bool {
	return len(m.Rest) == 0 && len(m.Left.Signs) == 0 && m.Left.Prim.Interval != nil && len(m.Left.Prim.Postfix) == 0
}

// IntervalOf returns the interval literal a date operation adds.
func IntervalOf(m *parser.Multiplicative) *parser.Interval { return m.Left.Prim.Interval }

// rowWidth is the number of values of a row value (a, b), or 0 for an
// operand that is not one.
func rowWidth(a *parser.Additive) int {
	if a == nil || len(a.Rest) > 0 || len(a.Left.Rest) > 0 || len(a.Left.Left.Signs) > 0 {
		return 0
	}
	if p := a.Left.Left.Prim; p.Tuple != nil && len(p.Postfix) == 0 {
		return len(p.Tuple)
	}
	return 0
}

// schemaType is the type a from_json schema names: 'a INT, b STRING' (a
// struct's fields) or a type ('array<int>', 'struct<a:int>'); "" when it
// does not parse.
func schemaType(schema string) string {
	if t, err := parser.ParseType(schema); err == nil {
		return t.SparkType()
	}
	if t, err := parser.ParseType("STRUCT<" + schema + ">"); err == nil {
		return t.SparkType()
	}
	return ""
}
