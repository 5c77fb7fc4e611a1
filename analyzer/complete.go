package analyzer

import (
	"fmt"

	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// checkResolved fails closed when resolution left a part of a statement
// unvisited: every column reference, call, SELECT block and relation of
// the statement must have been bound, for what was not bound asked for no
// privilege. It backs the resolver's walks, which decide themselves which
// parts of a node they descend into; a part they skip would otherwise be
// run (or handed to an embedder's engine) without being authorized.
func checkResolved(stmt parser.Statement, b *Bindings) error {
	var missing parser.Node
	what := ""
	parser.Walk(stmt, func(n any) bool {
		if missing.Pos.Line != 0 || what != "" {
			return false
		}
		switch x := n.(type) {
		case *parser.Primary:
			if x.Column != nil && b.Cols[x.Column] == nil {
				missing, what = x.Column.Node, "column "+parser.Format(x.Column)
			}
		case *parser.Call:
			if b.Calls[x] == nil {
				missing, what = x.Node, "call of "+parser.Format(x.Name)
			}
		case *parser.Select:
			if b.Selects[x] == nil {
				missing, what = x.Node, "SELECT block"
			}
		case *parser.TableFactor:
			if x.Nested == nil && b.Factors[x] == nil {
				missing, what = x.Node, "relation"
			}
		}
		return true
	})
	if what == "" {
		return nil
	}
	return sqlerr.Internal(fmt.Errorf("%s at %d:%d was not resolved", what, missing.Pos.Line, missing.Pos.Column))
}
