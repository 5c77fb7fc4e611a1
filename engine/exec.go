package engine

import (
	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine/internal/translate"
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

// statement runs the plan's operation: one line per kind, each family in
// a file of its own (exec_acl.go, exec_principals.go, exec_ddl.go,
// exec_show.go, exec_set.go, exec_query.go, dml.go).
func (x *executor) statement() (*Result, error) {
	switch op := x.plan.Op.(type) {
	case *analyzer.Grant:
		return nil, x.grant(op)
	case *analyzer.Revoke:
		return nil, x.revoke(op)
	case *analyzer.ShowGrant:
		return x.showGrant(op)
	case *analyzer.SetOwner:
		return nil, x.tx.SetOwner(op.Object, op.Owner)
	case *analyzer.RepairPrivileges:
		return nil, x.tx.PurgeGrants(op.Object)
	case *analyzer.CreatePrincipal:
		return nil, x.createPrincipal(op.Stmt)
	case *analyzer.DropPrincipal:
		return nil, x.dropPrincipal(op.Stmt)
	case *analyzer.AlterGroup:
		return nil, x.alterGroup(op.Stmt)
	case *analyzer.ShowUsers:
		return x.showUsers(op.Stmt)
	case *analyzer.ShowGroups:
		return x.showGroups(op.Stmt)
	case *analyzer.CreateDatabase:
		return nil, x.createDatabase(op)
	case *analyzer.DropDatabase:
		return nil, x.dropDatabase(op)
	case *analyzer.CreateTable:
		return nil, x.createTable(op)
	case *analyzer.CreateView:
		return nil, x.createView(op)
	case *analyzer.CreateTempView:
		return nil, x.createTempView(op)
	case *analyzer.CreateFunction:
		return nil, x.createFunction(op)
	case *analyzer.CreateTempFunction:
		return nil, x.createTempFunction(op)
	case *analyzer.DropRelation:
		return nil, x.tx.DropRelation(op.Relation)
	case *analyzer.DropTempView:
		return nil, x.dropTempView(op.Name)
	case *analyzer.DropFunction:
		return nil, x.tx.DropFunction(op.Function.DB, op.Function.Name)
	case *analyzer.DropTempFunction:
		return nil, x.dropTempFunction(op.Name)
	case *analyzer.Nothing:
		return nil, nil
	case *analyzer.Rename:
		return nil, x.rename(op)
	case *analyzer.UseDatabase:
		return nil, x.use(op.DB)
	case *analyzer.ShowDatabases:
		return x.showDatabases(op.Stmt)
	case *analyzer.ShowTables:
		return x.showTables(op)
	case *analyzer.ShowFunctions:
		return x.showFunctions(op)
	case *analyzer.DescribeRelation:
		return x.describeRelation(op)
	case *analyzer.DescribeDatabase:
		return x.describeDatabase(op.Database)
	case *analyzer.DescribeFunction:
		return x.describeFunction(op)
	case *analyzer.ShowCreateTable:
		return x.showCreate(op.Relation)
	case *analyzer.Set:
		return x.set(op.Stmt)
	case *analyzer.Query:
		return x.query(op)
	case *analyzer.Insert:
		return nil, x.insert(op)
	case *analyzer.Update:
		return nil, x.update(op)
	case *analyzer.Delete:
		return nil, x.delete(op)
	case *analyzer.MergeInto:
		return nil, x.merge(op)
	case *analyzer.Truncate:
		return nil, x.truncate(op.Table)
	case *analyzer.Explain:
		return rows([]string{"plan"}, nil, []any{op.Text}), nil
	}
	// Fail closed: an operation the executor does not know runs nothing.
	return nil, sqlerr.Denied(x.plan.Pos, &sqlerr.Denial{Failures: []sqlerr.Failure{{Kind: sqlerr.Unverifiable, Statement: "statement"}}})
}
