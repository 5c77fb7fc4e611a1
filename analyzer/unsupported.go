package analyzer

import (
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// notSupported is the UNSUPPORTED_FEATURE of a construct the parser
// accepts but that tableacl cannot yet resolve, decide and run.
func notSupported(pos sqlerr.Pos, what string) error {
	return sqlerr.New(sqlerr.UnsupportedFeature, pos, "The feature is not supported: %s.", what)
}

// unsupported fails closed on every construct of stmt that the analyzer
// does not implement: a statement it could not turn into all of its
// requests must not be decided (spec §1.2). It is the one list of such
// constructs; each construct leaves it when it is implemented.
func unsupported(stmt parser.Statement) error {
	var err error
	fail := func(n interface{ At() sqlerr.Pos }, what string) {
		if err == nil {
			err = notSupported(n.At(), what)
		}
	}
	parser.Walk(stmt, func(n any) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *parser.Select:
			switch {
			case len(x.Laterals) > 0:
				fail(x.Laterals[0], "LATERAL VIEW")
			case x.Pivot != nil:
				fail(x.Pivot, "PIVOT")
			case x.Unpivot != nil:
				fail(x.Unpivot, "UNPIVOT")
			case x.Grouping != nil:
				fail(x.Grouping, "ROLLUP, CUBE and GROUPING SETS")
			case x.GroupAll:
				fail(x, "GROUP BY ALL")
			case len(x.Windows) > 0:
				fail(x.Windows[0], "the WINDOW clause")
			case x.Qualify != nil:
				fail(x.Qualify, "QUALIFY")
			}
		case *parser.TableFactor:
			switch {
			case x.Values != nil:
				fail(x, "VALUES in FROM")
			case x.Call != nil:
				fail(x, "table-valued functions")
			case x.Nested != nil:
				fail(x, "parenthesized joins")
			case x.Sample != nil:
				fail(x.Sample, "TABLESAMPLE")
			}
		case *parser.Join:
			switch {
			case x.Natural:
				fail(x, "NATURAL JOIN")
			case x.Kind == "SEMI" || x.Kind == "ANTI":
				fail(x, x.Kind+" JOIN")
			case !x.Cross && x.On == nil && x.Using == nil:
				fail(x, "JOIN without ON or USING")
			}
		case *parser.Query:
			switch {
			case len(x.SortBy) > 0 || len(x.ClusterBy) > 0 || len(x.DistributeBy) > 0:
				fail(x, "SORT BY, CLUSTER BY and DISTRIBUTE BY")
			case x.LimitAll:
				fail(x, "LIMIT ALL")
			}
		case *parser.Primary:
			switch {
			case x.Interval != nil:
				fail(x, "interval literals")
			case x.Lambda != nil:
				fail(x, "lambda functions")
			case x.Tuple != nil:
				fail(x, "row values")
			case len(x.Postfix) > 0:
				fail(x.Postfix[0], "subscripts, field access and ::")
			case x.Typed != nil && x.Typed.Type != "DATE" && x.Typed.Type != "TIMESTAMP":
				fail(x, x.Typed.Type+" literals")
			}
		case *parser.Like:
			if x.Op != "" || x.Quantifier != "" || x.Escape != nil {
				fail(x, "ILIKE, RLIKE, REGEXP, LIKE ANY|ALL and ESCAPE")
			}
		case *parser.IsNull:
			if x.Value != "" || x.DistinctFrom != nil {
				fail(x, "IS TRUE|FALSE|UNKNOWN and IS DISTINCT FROM")
			}
		case *parser.Call:
			switch {
			case x.Filter != nil:
				fail(x, "FILTER (WHERE ...)")
			case x.Nulls != "":
				fail(x, "IGNORE NULLS and RESPECT NULLS")
			case x.Over != nil && (x.Over.Name != nil || x.Over.Base != nil):
				fail(x.Over, "named windows")
			}
		case *parser.Frame:
			if x.Unit == "RANGE" {
				fail(x, "RANGE frames")
			}
		case *parser.MulOp:
			if x.Op == "DIV" {
				fail(x, "DIV")
			}
		case *parser.AddOp:
			if x.Op == "&" || x.Op == "|" || x.Op == "^" {
				fail(x, "bitwise operators")
			}
		case *parser.Unary:
			for _, s := range x.Signs {
				if s == "~" {
					fail(x, "bitwise operators")
				}
			}
		case *parser.Literal:
			if x.Number != nil && isTyped(*x.Number) {
				fail(x, "typed numeric literals")
			}
		case *parser.Cast:
			if x.Try {
				fail(x, "TRY_CAST")
			}
		}
		return true
	})
	return err
}

// isTyped reports whether a number is written with the letter of a type
// (10L, 1.5BD).
func isTyped(n string) bool {
	c := n[len(n)-1]
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
