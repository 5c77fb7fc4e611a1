package analyzer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// The checks of this file catch, in the resolve phase and with Spark's error
// class, the mistakes in a statement that SQLite would otherwise reject
// while it runs: a mistake in a statement is never an INTERNAL_ERROR (spec
// §11). They concern aggregate and window functions, ordinals and calls.

// special is an aggregate or window function call met in an expression.
type special struct {
	call   *parser.Call
	window bool // called with OVER
}

// specials lists the aggregate and window calls of e at this query level:
// not inside subqueries, and not inside the arguments of a window call. A
// select-list alias stands for its expression, as in Spark.
func (r *resolver) specials(e any) []special {
	var out []special
	parser.Walk(e, func(n any) bool {
		switch x := n.(type) {
		case *parser.Query:
			return false
		case *parser.Primary:
			if x.Column != nil {
				if ref := r.b.Cols[x.Column]; ref != nil && ref.Item != nil && ref.Item.Expr != nil {
					out = append(out, r.specials(ref.Item.Expr)...)
				}
			}
		case *parser.Call:
			if x.Over != nil {
				out = append(out, special{call: x, window: true})
				return false
			}
			if info := r.b.Calls[x]; info != nil && info.Kind == BuiltinCall && info.Builtin.Kind == Aggregate {
				out = append(out, special{call: x})
			}
		}
		return true
	})
	return out
}

func sqlTexts(ss []special, quote bool) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = parser.Format(s.call)
		if quote {
			parts[i] = `"` + parts[i] + `"`
		}
	}
	return strings.Join(parts, ", ")
}

// unsupportedExpr is Spark's error for aggregate or window functions in an
// operator that cannot hold them: a join condition, VALUES, the clauses of
// UPDATE, DELETE and MERGE, LIMIT.
func unsupportedExpr(ss []special) error {
	return sqlerr.New(sqlerr.UnsupportedExprForOperator, ss[0].call.At(),
		"A query operator contains one or more unsupported expressions.\nConsider to rewrite it to avoid window functions, aggregate functions, and generator functions in the WHERE clause.\nInvalid expressions: [%s]", sqlTexts(ss, true))
}

// noAggregates refuses aggregate and window functions in e.
func (r *resolver) noAggregates(e *parser.Expr) error {
	if ss := r.specials(e); len(ss) > 0 {
		return unsupportedExpr(ss)
	}
	return nil
}

// checkWhere refuses aggregate and window functions in WHERE.
func (r *resolver) checkWhere(e *parser.Expr) error {
	ss := r.specials(e)
	if len(ss) == 0 {
		return nil
	}
	return sqlerr.New(sqlerr.InvalidWhereCondition, ss[0].call.At(),
		"The WHERE condition \"%s\" contains invalid expressions: %s.\nRewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause.",
		parser.Format(e), sqlTexts(ss, false))
}

// checkHaving refuses window functions in HAVING, also when an alias names
// one; aggregates belong there.
func (r *resolver) checkHaving(e *parser.Expr) error {
	for _, s := range r.specials(e) {
		if s.window {
			return sqlerr.New(sqlerr.WindowFunctionNotAllowedInClause, s.call.At(), "It is not allowed to use window functions inside HAVING clause.")
		}
	}
	return nil
}

// checkGroupByExprs refuses aggregate functions in GROUP BY, and window
// functions, which are not grouping keys, also when a select-list alias
// names them.
func (r *resolver) checkGroupByExprs(gs []*parser.Expr, output []OutputItem) error {
	for _, g := range gs {
		if err := r.aliasInGroupBy(g, output); err != nil {
			return err
		}
		ss := r.specials(g)
		for _, s := range ss {
			if !s.window {
				return sqlerr.NewGroupByAggregate(s.call.At(), parser.Format(s.call))
			}
			if r.containsAggregate(s.call) {
				return sqlerr.NewGroupByAggregate(s.call.At(), parser.Format(s.call))
			}
		}
		if len(ss) > 0 {
			return unsupportedExpr(ss)
		}
	}
	return nil
}

// onlyOuter reports whether the arguments of a call refer to columns, and
// only to columns of enclosing queries.
func (r *resolver) onlyOuter(c *parser.Call) bool {
	outer, local := false, false
	for _, a := range c.Args {
		parser.Walk(a, func(n any) bool {
			switch x := n.(type) {
			case *parser.Query:
				return false
			case *parser.Primary:
				if x.Column != nil {
					if ref := r.b.Cols[x.Column]; ref != nil && ref.Entry != nil {
						// A column taken by a file whose header is not read
						// yet may be some other relation's: that is known
						// only once the file is read.
						unknown := ref.Index < 0 && ref.Entry.Open
						outer = outer || (ref.Outer && !unknown)
						local = local || !ref.Outer || unknown
					}
				}
			}
			return true
		})
	}
	return outer && !local
}

// aliasInGroupBy refuses a GROUP BY key that names, by its alias, a select
// item holding an aggregate or window function.
func (r *resolver) aliasInGroupBy(g *parser.Expr, output []OutputItem) error {
	var err error
	parser.Walk(g, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *parser.Query:
			return false
		case *parser.Primary:
			if x.Column == nil {
				return true
			}
			ref := r.b.Cols[x.Column]
			if ref == nil || ref.Output < 1 || ref.Output > len(output) || output[ref.Output-1].Expr == nil {
				return true
			}
			it := output[ref.Output-1]
			for _, sp := range r.specials(it.Expr) {
				if !sp.window || r.containsAggregate(sp.call) {
					err = sqlerr.NewGroupByAggregate(x.At(), parser.Format(sp.call))
				} else {
					err = unsupportedExpr([]special{sp})
				}
				return false
			}
		}
		return true
	})
	return err
}

// containsAggregate reports whether a call is, or holds in its arguments
// or window, an aggregate function of this level.
func (r *resolver) containsAggregate(c *parser.Call) bool {
	found := false
	parser.Walk(c, func(n any) bool {
		switch x := n.(type) {
		case *parser.Query:
			return false
		case *parser.Call:
			if info := r.b.Calls[x]; info != nil && info.Kind == BuiltinCall && info.Builtin.Kind == Aggregate {
				found = true
			}
		}
		return !found
	})
	return found
}

// MaxOrdinal bounds the integer literals that GROUP BY and ORDER BY read
// as positions: Spark reads only INT literals so.
const MaxOrdinal = 1<<31 - 1

// Ordinal returns the position an ORDER BY or GROUP BY item names: a
// positive INT literal, possibly in parentheses. Other integer constants
// (-1, a BIGINT) are expressions.
func Ordinal(e *parser.Expr) (int, bool) {
	for {
		p := asPrimary(e)
		switch {
		case p == nil:
			return 0, false
		case p.Paren != nil:
			e = p.Paren
			continue
		case p.Literal != nil && p.Literal.Number != nil && isDigits(*p.Literal.Number):
			v, err := strconv.ParseInt(*p.Literal.Number, 10, 64)
			if err != nil || v > MaxOrdinal {
				return 0, false
			}
			return int(v), true
		}
		return 0, false
	}
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// checkOrdinals applies ORDER BY positions to a select list of n columns.
func (r *resolver) checkOrdinals(items []*parser.OrderItem, n int) error {
	if r.lenient() {
		return nil
	}
	for _, o := range items {
		if k, ok := Ordinal(o.Expr); ok && (k < 1 || k > n) {
			return sqlerr.New(sqlerr.OrderByPosOutOfRange, o.At(), "ORDER BY position %d is not in select list (valid range is [1, %d]).", k, n)
		}
	}
	return nil
}

// checkGroupBy applies GROUP BY positions to the select list.
func (r *resolver) checkGroupBy(s *parser.Select, info *SelectInfo) error {
	if r.lenient() {
		return nil
	}
	n := len(info.Output)
	for _, g := range s.GroupBy {
		k, ok := Ordinal(g)
		if !ok {
			continue
		}
		if k < 1 || k > n {
			return sqlerr.New(sqlerr.GroupByPosOutOfRange, g.At(), "GROUP BY position %d is not in select list (valid range is [1, %d]).", k, n)
		}
		it := info.Output[k-1]
		if it.Expr == nil {
			continue
		}
		for _, sp := range r.specials(it.Expr) {
			if !sp.window || r.containsAggregate(sp.call) {
				return sqlerr.New(sqlerr.GroupByPosAggregate, g.At(), "GROUP BY %d refers to an expression %s AS %s that contains an aggregate function. Aggregate functions are not allowed in GROUP BY.",
					k, parser.Format(it.Expr), privilege.Quote(it.Name))
			}
			return unsupportedExpr([]special{sp})
		}
	}
	return nil
}

// checkCall applies the rules of one call: what DISTINCT, * and OVER may
// be used with, and what an aggregate may hold (b is nil for SQL functions).
func (r *resolver) checkCall(c *parser.Call, b *Builtin, name string) error {
	// The call as errors quote it, written only for an error: writing it
	// for every call would write nested calls once per level.
	text := func() string {
		return `"` + parser.Format(&parser.Call{Name: c.Name, Star: c.Star, Distinct: c.Distinct, Args: c.Args}) + `"`
	}
	aggregate := b != nil && b.Kind == Aggregate
	window := b != nil && b.WindowOnly()
	if c.Over != nil && (c.Over.Name != nil || c.Over.Base != nil) {
		if err := r.windowBase(c.Over); err != nil {
			return err
		}
	}
	over := r.effectiveWindow(c.Over)
	ordered := ""
	if b != nil {
		ordered = b.Ordered
	}
	invalid := "Invalid function " + privilege.Quote(name) + " with WITHIN GROUP. "
	switch {
	case len(c.WithinGroup) > 0 && ordered == "":
		return sqlerr.New(sqlerr.InvalidWithinGroupExpression, c.At(), "%sThe function does not support WITHIN GROUP.", invalid)
	case ordered == "required" && len(c.WithinGroup) == 0:
		return sqlerr.New(sqlerr.InvalidWithinGroupExpressionWithinGroupMissing, c.At(), "%sWITHIN GROUP is required for inverse distribution function.", invalid)
	case len(c.WithinGroup) > 1:
		return sqlerr.New(sqlerr.InvalidWithinGroupExpressionWrongNumOrderings, c.At(), "%sThe function requires 1 orderings in WITHIN GROUP but got %d.", invalid, len(c.WithinGroup))
	case len(c.WithinGroup) > 0 && c.Distinct && ordered == "required":
		return sqlerr.New(sqlerr.InvalidWithinGroupExpression, c.At(), "%sThe function does not support DISTINCT with WITHIN GROUP.", invalid)
	case len(c.WithinGroup) > 0 && c.Over != nil:
		return notSupported(c.At(), "WITHIN GROUP in a window function")
	case c.Filter != nil && !aggregate:
		return sqlerr.New(sqlerr.InvalidSQLSyntaxFunctionWithUnsupportedSyntax, c.At(), "Invalid SQL syntax: The function %s does not support FILTER clause.", privilege.Quote(name))
	case c.Nulls != "" && !ignoresNulls[name]:
		return sqlerr.New(sqlerr.InvalidSQLSyntaxFunctionWithUnsupportedSyntax, c.At(), "Invalid SQL syntax: The function %s does not support IGNORE NULLS or RESPECT NULLS.", privilege.Quote(name))
	case c.Nulls == "IGNORE" && c.Over != nil:
		return notSupported(c.At(), "IGNORE NULLS in a window function")
	case over != nil && over.Frame != nil && over.Frame.Unit == "RANGE" && hasOffset(over.Frame) && len(over.OrderBy) != 1:
		spec := `"` + parser.Format(over) + `"`
		if len(over.OrderBy) == 0 {
			return sqlerr.New(sqlerr.DatatypeMismatchRangeFrameWithoutOrder, c.Over.At(), "Cannot resolve %s due to data type mismatch: A range window frame cannot be used in an unordered window specification.", spec)
		}
		return sqlerr.New(sqlerr.DatatypeMismatchRangeFrameMultiOrder, c.Over.At(), "Cannot resolve %s due to data type mismatch: A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions.", spec)
	case c.Over != nil && aggregate && len(c.Args) == 2 && (b.Window == "first_value" || b.Window == "last_value"):
		// first_value(x, ignoreNulls) OVER (...): SQLite's takes x alone,
		// so only a constant false can be written.
		if lit := BareLiteral(c.Args[1]); lit == nil || !strings.EqualFold(lit.Bool, "false") {
			return notSupported(c.Args[1].At(), "IGNORE NULLS in a window function")
		}
	case c.Distinct && len(c.Args) > 1 && name != "count":
		// SQLite's DISTINCT aggregates take one argument; count's is
		// written otherwise.
		return notSupported(c.At(), "DISTINCT in an aggregate function of more than one argument")
	case c.Nulls == "IGNORE" && len(c.Args) > 1:
		return sqlerr.New(sqlerr.InvalidSQLSyntaxFunctionWithUnsupportedSyntax, c.At(), "Invalid SQL syntax: The function %s takes IGNORE NULLS or its second argument, not both.", privilege.Quote(name))
	case c.Over != nil && aggregate && b.Window == "":
		return notSupported(c.At(), "the aggregate function "+privilege.Quote(name)+" in a window")
	case c.Distinct && !aggregate:
		return sqlerr.New(sqlerr.InvalidSQLSyntaxFunctionWithUnsupportedSyntax, c.At(), "Invalid SQL syntax: The function %s does not support DISTINCT.", privilege.Quote(name))
	case c.Over != nil && !aggregate && !window:
		return sqlerr.New(sqlerr.UnsupportedExprForWindow, c.At(), "Expression %s not supported within a window function.", text())
	case c.Over == nil && window:
		return sqlerr.New(sqlerr.WindowFunctionWithoutOverClause, c.At(), "Window function %s requires an OVER clause.", text())
	case window && b.Kind != Navigation && len(over.OrderBy) == 0:
		wf := parser.Format(&parser.Call{Name: c.Name, Args: c.Args})
		return sqlerr.New(sqlerr.LegacyErrorTemp1037, c.At(), "Window function %s requires window to be ordered, please add ORDER BY clause. For example SELECT %s(value_expr) OVER (PARTITION BY window_partition ORDER BY window_ordering) from table.", wf, wf)
	case c.Over != nil && c.Distinct:
		return sqlerr.New(sqlerr.DistinctWindowFunctionUnsupported, c.At(), "Distinct window functions are not supported: \"%s\".", parser.Format(c))
	case b != nil && len(c.Args) == 3 && parser.UnitFunctions[name]:
		// timestampadd(DAY, ...): the parser made the unit word a
		// string literal; anything else is no unit.
		unit := ""
		if lit := BareLiteral(c.Args[0]); lit != nil && lit.String != nil {
			unit = strings.ToUpper(parser.Unquote(*lit.String))
		}
		if !parser.DatetimeUnits[unit] {
			return sqlerr.New(sqlerr.InvalidParameterValueDatetimeUnit, c.Args[0].At(), "The value of parameter(s) `unit` in %s is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got %s.", privilege.Quote(name), parser.Format(c.Args[0]))
		}
	case b != nil && b.Kind == Offset && len(c.Args) >= 2:
		if _, ok := FoldInt(c.Args[1]); !ok {
			return sqlerr.New(sqlerr.DatatypeMismatchNonFoldableInput, c.Args[1].At(), "Cannot resolve %s due to data type mismatch: the input offset should be a foldable \"INT\" expression; however, got \"%s\".", text(), parser.Format(c.Args[1]))
		}
	}
	return nil
}

// checkNesting applies, once the calls of e are resolved, what the
// arguments of an aggregate or window call may hold at their own level.
func (r *resolver) checkNesting(e *parser.Expr) error {
	if r.x.done[e]&nestChecked != 0 {
		return nil
	}
	var err error
	defer func() {
		if err == nil {
			r.x.done[e] |= nestChecked
		}
	}()
	parser.Walk(e, func(n any) bool {
		if err != nil {
			return false
		}
		switch c := n.(type) {
		case *parser.Query:
			return false
		case *parser.Expr:
			if c != e && r.x.done[c]&nestChecked != 0 {
				return false // checked on its own
			}
		case *parser.Call:
			info := r.b.Calls[c]
			if info != nil && info.Body != nil {
				for i, a := range c.Args {
					if ss := r.specials(a); len(ss) > 0 && info.Body.ParamInQuery[i] {
						// The body would compute the aggregate or window
						// function inside its subquery, not in the query
						// that called it (tableacl choice).
						err = sqlerr.New(sqlerr.UnsupportedFeature, ss[0].call.At(), "An aggregate or window function cannot be given to function %s, whose body uses that parameter inside a subquery: %s.", info.Body.Key, parser.Format(ss[0].call))
						return false
					}
				}
			}
			if info == nil || info.Kind != BuiltinCall || c.Over == nil && info.Builtin.Kind != Aggregate {
				return true
			}
			var args []special
			for _, a := range c.Args {
				args = append(args, r.specials(a)...)
			}
			if info.Builtin.Kind == Aggregate && c.Over == nil && r.onlyOuter(c) {
				// SQLite cannot compute an aggregate of the enclosing
				// query inside a subquery.
				err = sqlerr.New(sqlerr.UnsupportedFeature, c.At(), "An aggregate function over the columns of an enclosing query only is not supported: %s.", parser.Format(c))
				return false
			}
			for _, s := range args {
				switch {
				case c.Over != nil && s.window:
					// SQLite cannot compute it; Spark nests the inner
					// window below the outer one.
					err = sqlerr.New(sqlerr.UnsupportedFeature, s.call.At(), "A window function inside the arguments of another window function is not supported.")
				case c.Over != nil || info.Builtin.Kind != Aggregate:
				case s.window:
					err = sqlerr.New(sqlerr.LegacyErrorTemp1031, s.call.At(), "It is not allowed to use a window function inside an aggregate function. Please use the inner window function in a sub-query.")
				default:
					err = sqlerr.New(sqlerr.NestedAggregateFunction, s.call.At(), "It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.")
				}
				if err != nil {
					break
				}
			}
			if err == nil && c.Over != nil {
				for _, pe := range c.Over.PartitionBy {
					if ss := r.specials(pe); err == nil && len(ss) > 0 && ss[0].window {
						err = sqlerr.New(sqlerr.UnsupportedFeature, ss[0].call.At(), "A window function inside the window of another window function is not supported.")
					}
				}
				for _, o := range c.Over.OrderBy {
					if ss := r.specials(o.Expr); err == nil && len(ss) > 0 && ss[0].window {
						err = sqlerr.New(sqlerr.UnsupportedFeature, ss[0].call.At(), "A window function inside the window of another window function is not supported.")
					}
				}
			}
		}
		return true
	})
	return err
}

// checkOrderBy applies what ORDER BY may hold: after a set operation, no
// aggregate or window function (the rows are the union's, not a group's);
// in a single SELECT without GROUP BY, an aggregate makes the block one
// group of all rows, as in Spark.
func (r *resolver) checkOrderBy(q *parser.Query, e *parser.Expr) error {
	ss := r.specials(e)
	if len(ss) == 0 {
		return nil
	}
	if len(q.Body.Ops) > 0 || q.Body.Left.Select == nil {
		return unsupportedExpr(ss)
	}
	s := q.Body.Left.Select
	for _, sp := range ss {
		if !sp.window && len(r.b.Selects[s].GroupBy) == 0 {
			r.b.Selects[s].Global = true
		}
	}
	return nil
}

// checkLimit applies Spark's rules to LIMIT and OFFSET: a constant integer
// that is not negative.
// nondeterministic are the built-ins whose value changes from one call
// to the next: never a constant.
var nondeterministic = map[string]bool{"rand": true, "randn": true, "random": true, "uuid": true, "shuffle": true, "monotonically_increasing_id": true}

// foldableCall reports whether c is a call of a deterministic built-in
// scalar function whose arguments are constants.
func (r *resolver) foldableCall(c *parser.Call) bool {
	info := r.b.Calls[c]
	if info == nil || info.Kind != BuiltinCall || info.Builtin.Kind != Scalar || info.Builtin.External || nondeterministic[info.Name] || c.Star {
		return false
	}
	ok := true
	for _, a := range c.Args {
		parser.Walk(a, func(n any) bool {
			switch x := n.(type) {
			case *parser.Query, *parser.Lambda:
				ok = false
			case *parser.Call:
				ok = ok && r.foldableCall(x)
				return false
			case *parser.Primary:
				ok = ok && x.Column == nil
			}
			return ok
		})
	}
	return ok
}

func (r *resolver) checkLimit(e *parser.Expr, name string) error {
	text := `"` + parser.Format(e) + `"`
	fail := func(class sqlerr.Class, format string, args ...any) error {
		return sqlerr.New(class, e.At(), "The limit like expression %s is invalid. "+format, append([]any{text}, args...)...)
	}
	foldable := true
	var kind string
	parser.Walk(e, func(n any) bool {
		switch x := n.(type) {
		case *parser.Query:
			foldable = false
			return false
		case *parser.Call:
			// length('SPARK') is a constant, as in Spark: a deterministic
			// built-in of constants.
			if !r.foldableCall(x) {
				foldable = false
			} else if t := r.b.Calls[x].Type; !isIntegral(t) && t != "" {
				kind = strings.ToUpper(t)
			}
			return false
		case *parser.Primary:
			switch {
			case x.Column != nil:
				foldable = false
			case x.Literal != nil:
				switch {
				case x.Literal.String != nil:
					kind = "STRING"
				case x.Literal.Bool != "":
					kind = "BOOLEAN"
				case x.Literal.Null:
					if kind == "" {
						kind = "VOID"
					}
				case x.Literal.Number != nil && !isDigits(*x.Literal.Number):
					kind = "DOUBLE"
				}
			case x.Typed != nil:
				kind = strings.ToUpper(x.Typed.Type)
			case x.Cast != nil:
				if t := strings.ToUpper(x.Cast.Type.SparkType()); t != "INT" && t != "BIGINT" && t != "SMALLINT" && t != "TINYINT" {
					kind = t
				}
				return false
			case x.Case != nil || x.Exists != nil:
				foldable = false
			}
		case *parser.Predicate:
			if x.CmpOp != "" || x.IsNull != nil || x.Between != nil || x.In != nil || x.Like != nil {
				kind = "BOOLEAN"
			}
		case *parser.NotExpr:
			if len(x.Nots) > 0 {
				kind = "BOOLEAN"
			}
		case *parser.Expr:
			if len(x.Or) > 1 {
				kind = "BOOLEAN"
			}
		case *parser.AndExpr:
			if len(x.And) > 1 {
				kind = "BOOLEAN"
			}
		case *parser.MulOp:
			if x.Op == "/" {
				kind = "DOUBLE"
			}
		case *parser.AddOp:
			if x.Op == "||" {
				kind = "STRING"
			}
		}
		return true
	})
	switch {
	case !foldable:
		return fail(sqlerr.InvalidLimitLikeExpressionIsUnfoldable, "The %s expression must evaluate to a constant value.", name)
	case kind == "VOID":
		return fail(sqlerr.InvalidLimitLikeExpressionIsNull, "The evaluated %s expression must not be null.", name)
	case kind != "":
		return fail(sqlerr.InvalidLimitLikeExpressionDataType, "The %s expression must be integer type, but got \"%s\".", name, kind)
	}
	if p := asSigned(e); p != nil {
		if p.negative {
			return fail(sqlerr.InvalidLimitLikeExpressionIsNegative, "The %s expression must be equal to or greater than 0, but got %s.", name, p.text)
		}
		// Spark reads a larger literal as BIGINT, and one beyond BIGINT as
		// a DECIMAL; a limit is an INT.
		if v, err := strconv.ParseInt(p.text, 10, 64); err != nil {
			return fail(sqlerr.InvalidLimitLikeExpressionDataType, "The %s expression must be integer type, but got \"DECIMAL(%d,0)\".", name, len(p.text))
		} else if v > MaxOrdinal {
			return fail(sqlerr.InvalidLimitLikeExpressionDataType, "The %s expression must be integer type, but got \"BIGINT\".", name)
		}
	}
	return nil
}

type signed struct {
	negative bool
	text     string
}

// asSigned reads a literal number with leading signs.
func asSigned(e *parser.Expr) *signed {
	u := asUnary(e)
	if u == nil || u.Prim.Literal == nil || u.Prim.Literal.Number == nil {
		return nil
	}
	neg := false
	for _, s := range u.Signs {
		neg = neg != (s == "-")
	}
	v := strings.TrimLeft(*u.Prim.Literal.Number, "0")
	if v == "" {
		neg = false
		v = "0"
	}
	if neg {
		v = "-" + v
	}
	return &signed{negative: neg, text: fmt.Sprint(v)}
}

// FoldInt evaluates an integer constant expression, as Spark folds the
// offset of lag and lead: integer literals joined by + - * and
// parentheses, with signs. It fails on anything else and on overflow.
func FoldInt(e *parser.Expr) (int64, bool) {
	if e == nil || len(e.Or) != 1 || len(e.Or[0].And) != 1 {
		return 0, false
	}
	n := e.Or[0].And[0]
	if len(n.Nots) > 0 || n.Pred.CmpOp != "" || n.Pred.IsNull != nil || n.Pred.Between != nil || n.Pred.In != nil || n.Pred.Like != nil {
		return 0, false
	}
	return foldAdditive(n.Pred.Left)
}

func foldAdditive(a *parser.Additive) (int64, bool) {
	v, ok := foldMultiplicative(a.Left)
	for _, op := range a.Rest {
		w, ok2 := foldMultiplicative(op.Right)
		if !ok || !ok2 {
			return 0, false
		}
		switch op.Op {
		case "+":
			v, ok = addInt(v, w)
		case "-":
			v, ok = addInt(v, -w)
			ok = ok && w != math.MinInt64
		default:
			return 0, false
		}
	}
	return v, ok
}

func foldMultiplicative(m *parser.Multiplicative) (int64, bool) {
	v, ok := foldUnary(m.Left)
	for _, op := range m.Rest {
		w, ok2 := foldUnary(op.Right)
		if !ok || !ok2 || op.Op != "*" {
			return 0, false
		}
		if v != 0 && (v*w/v != w || (v == -1 && w == math.MinInt64) || (w == -1 && v == math.MinInt64)) {
			return 0, false
		}
		v *= w
	}
	return v, ok
}

func foldUnary(u *parser.Unary) (int64, bool) {
	var v int64
	switch p := u.Prim; {
	case p.Paren != nil:
		var ok bool
		if v, ok = FoldInt(p.Paren); !ok {
			return 0, false
		}
	case p.Literal != nil && p.Literal.Number != nil && isDigits(*p.Literal.Number):
		var err error
		if v, err = strconv.ParseInt(*p.Literal.Number, 10, 64); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	for _, s := range u.Signs {
		if s == "-" {
			if v == math.MinInt64 {
				return 0, false
			}
			v = -v
		}
	}
	return v, true
}

func addInt(a, b int64) (int64, bool) {
	s := a + b
	return s, (s > a) == (b > 0) || b == 0
}

// ignoresNulls are the functions that take IGNORE NULLS or RESPECT NULLS.
var ignoresNulls = map[string]bool{"first": true, "first_value": true, "last": true, "last_value": true, "any_value": true}

// effectiveWindow is a call's window with the named windows it refers to
// filled in from the WINDOW clause of its SELECT block (the names were
// checked when the block's windows were resolved).
func (r *resolver) effectiveWindow(w *parser.Window) *parser.Window {
	if w == nil {
		return nil
	}
	name := w.Name
	if name == nil {
		name = w.Base
	}
	if name == nil || r.windows == nil {
		return w
	}
	base := r.windows[name.Lower()] // as it finally is (namedWindows)
	if base == nil {
		return w
	}
	if w.Name != nil {
		return base
	}
	out := *w
	if len(out.PartitionBy) == 0 {
		out.PartitionBy = base.PartitionBy
	}
	if len(out.OrderBy) == 0 {
		out.OrderBy = base.OrderBy
	}
	if out.Frame == nil {
		out.Frame = base.Frame
	}
	return &out
}

// hasOffset reports whether a frame has a value boundary (n PRECEDING or
// FOLLOWING), which a RANGE frame measures on its one ORDER BY key.
func hasOffset(f *parser.Frame) bool {
	for _, b := range []*parser.Bound{f.Start, f.End} {
		if b != nil && !b.Current && !b.Unbounded {
			return true
		}
	}
	return false
}
