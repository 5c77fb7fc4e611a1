package engine

import (
	"strings"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/parser"
)

// readOnly reports whether a statement changes nothing in the catalog, so
// that it runs in a read transaction (spec §1.5): queries, SHOW, DESCRIBE,
// EXPLAIN, reading a setting, USE, ADD JAR/FILE (which only checks a
// privilege) and the statements that change only the connection's
// temporary objects.
func readOnly(stmt parser.Statement, sess *analyzer.Session) bool {
	switch s := stmt.(type) {
	case *parser.QueryStmt, *parser.ShowGrantStmt, *parser.ShowUsersStmt, *parser.ShowGroupsStmt,
		*parser.ShowDatabasesStmt, *parser.ShowTablesStmt, *parser.ShowFunctionsStmt,
		*parser.ShowCreateTableStmt, *parser.DescribeStmt, *parser.ExplainStmt,
		*parser.UseStmt, *parser.AddResourceStmt:
		return true
	case *parser.SetStmt:
		return s.Value == nil
	case *parser.CreateViewStmt:
		return s.Temporary
	case *parser.CreateFunctionStmt:
		return s.Temporary
	case *parser.DropFunctionStmt:
		return s.Temporary
	case *parser.DropRelationStmt:
		// DROP VIEW tries the connection's temporary views first (§2.4).
		if strings.EqualFold(s.Kind, "VIEW") && len(s.Name.Parts) == 1 {
			_, temp := sess.TempViews[s.Name.Parts[0].Lower()]
			return temp
		}
	}
	return false
}
