package engine

import (
	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine/internal/translate"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// executor runs phase 5 of spec §1.3 for one authorized plan: state checks,
// then the change or the query, inside the statement's transaction.
type executor struct {
	tx    *catalog.Tx
	conn  *Conn
	plan  *analyzer.Plan
	sess  analyzer.Session
	apply func() // connection state change, applied after commit
	files map[string]*translate.File
	temps []string // temporary tables made for the statement
	// elsewhere: the statement is Conn.RegisterTable's CREATE TABLE.
	elsewhere bool
	// visibility decides what listings show, made at the first listing.
	visibility *analyzer.Visibility
}

func (x *executor) caller() string { return x.plan.Caller.User }

func rows(cols []string, types []string, data ...[]any) *Result {
	if types == nil {
		types = make([]string, len(cols))
		for i := range types {
			types[i] = "string"
		}
	}
	return &Result{Columns: cols, Types: types, Rows: data}
}

func (x *executor) run() (*Result, error) {
	if err := x.loadFiles(); err != nil {
		return nil, err
	}
	res, err := x.statement()
	if err != nil {
		return nil, err
	}
	return res, x.cleanup()
}

// statement runs the plan's statement: one line per kind, each family in a
// file of its own (exec_acl.go, exec_principals.go, exec_ddl.go,
// exec_show.go, exec_set.go, exec_query.go, dml.go).
func (x *executor) statement() (*Result, error) {
	p := x.plan
	switch s := p.Stmt.(type) {
	case *parser.GrantStmt:
		return nil, x.grant(s.Privileges, "granted", false)
	case *parser.DenyStmt:
		return nil, x.grant(s.Privileges, "denied", true)
	case *parser.RevokeStmt:
		return nil, x.revoke(s.Privileges)
	case *parser.ShowGrantStmt:
		return x.showGrant()
	case *parser.AlterOwnerStmt:
		return nil, x.tx.SetOwner(p.Object, p.Principals[0])
	case *parser.MsckRepairStmt:
		return nil, x.tx.PurgeGrants(p.Object)
	case *parser.CreatePrincipalStmt:
		return nil, x.createPrincipal(s)
	case *parser.DropPrincipalStmt:
		return nil, x.dropPrincipal(s)
	case *parser.AlterGroupStmt:
		return nil, x.alterGroup(s)
	case *parser.ShowUsersStmt:
		return x.showUsers(s)
	case *parser.ShowGroupsStmt:
		return x.showGroups(s)
	case *parser.CreateDatabaseStmt:
		return nil, x.createDatabase(s)
	case *parser.DropDatabaseStmt:
		return nil, x.dropDatabase(s)
	case *parser.CreateTableStmt:
		return nil, x.createTable(s)
	case *parser.CreateViewStmt:
		return nil, x.createView(s)
	case *parser.CreateFunctionStmt:
		return nil, x.createFunction(s)
	case *parser.DropRelationStmt:
		return nil, x.dropRelation()
	case *parser.DropFunctionStmt:
		return nil, x.dropFunction(s)
	case *parser.RenameStmt:
		return nil, x.rename(s)
	case *parser.UseStmt:
		return nil, x.use(s)
	case *parser.ShowDatabasesStmt:
		return x.showDatabases(s)
	case *parser.ShowTablesStmt:
		return x.showTables(s)
	case *parser.ShowFunctionsStmt:
		return x.showFunctions(s)
	case *parser.DescribeStmt:
		return x.describe(s)
	case *parser.ShowCreateTableStmt:
		return x.showCreate()
	case *parser.SetStmt:
		return x.set(s)
	case *parser.AddResourceStmt:
		return nil, nil // authorization only: loads nothing (spec §8)
	case *parser.QueryStmt:
		return x.query(s.Query)
	case *parser.InsertStmt:
		return nil, x.insert(s)
	case *parser.UpdateStmt:
		return nil, x.update(s)
	case *parser.DeleteStmt:
		return nil, x.delete(s)
	case *parser.MergeStmt:
		return nil, x.merge(s)
	case *parser.TruncateStmt:
		return nil, x.truncate()
	case *parser.ExplainStmt:
		return rows([]string{"plan"}, nil, []any{p.Explain}), nil
	}
	return nil, sqlerr.Denied(p.Pos, &sqlerr.Denial{Failures: []sqlerr.Failure{{Kind: sqlerr.Unverifiable, Statement: "statement"}}})
}
