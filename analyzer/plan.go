package analyzer

import (
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Plan is one analyzed statement: the request trees every caller is
// decided against (spec §7.1, §8) and Op, what the executor runs once the
// statement is authorized.
type Plan struct {
	Stmt   parser.Statement
	Caller *Caller // nil in a plan resolved for any caller (Resolve)
	Roots  []*Request
	B      *Bindings
	Pos    sqlerr.Pos
	// Op is the statement's typed operation, one type per statement kind
	// (or per form of one, such as a temporary view), holding what
	// resolution found; the executor switches on it. A plan resolved once
	// is authorized for many callers, who share its Op: nothing changes an
	// Op after resolution.
	Op Op
}

// Op is the typed operation of a plan: one of the types below.
type Op interface{ op() }

// Grant is GRANT (Deny false) or DENY (Deny true) of Privileges on Object
// to each of Principals, which exist (spec §4.2). Whether each privilege
// applies to the object is checked when it runs (INVALID_PRIVILEGE).
type Grant struct {
	Object     privilege.Securable
	Principals []string
	Privileges *parser.Privileges
	Deny       bool
}

// Revoke is REVOKE of Privileges on Object from each of Principals.
type Revoke struct {
	Object     privilege.Securable
	Principals []string
	Privileges *parser.Privileges
}

// ShowGrant lists the grant rows of Object and its ancestors (spec §10):
// only Principal's when it is not "". Authorization lets a caller who
// does not manage the object name only one of its own principals.
type ShowGrant struct {
	Object    privilege.Securable
	Principal string
}

// SetOwner is ALTER ... OWNER TO: Object passes to Owner, who exists.
type SetOwner struct {
	Object privilege.Securable
	Owner  string
}

// RepairPrivileges is MSCK REPAIR ... PRIVILEGES (spec §9.5); Exists is
// false when an admin names a vanished object.
type RepairPrivileges struct {
	Object privilege.Securable
	Exists bool
}

// CreatePrincipal is CREATE USER or CREATE GROUP (spec §3.5).
type CreatePrincipal struct{ Stmt *parser.CreatePrincipalStmt }

// DropPrincipal is DROP USER or DROP GROUP.
type DropPrincipal struct{ Stmt *parser.DropPrincipalStmt }

// AlterGroup adds a member to a group or drops one; both exist.
type AlterGroup struct{ Stmt *parser.AlterGroupStmt }

// ShowUsers is SHOW USERS.
type ShowUsers struct{ Stmt *parser.ShowUsersStmt }

// ShowGroups is SHOW GROUPS; the principal of WITH exists.
type ShowGroups struct{ Stmt *parser.ShowGroupsStmt }

// CreateDatabase creates the database Name.
type CreateDatabase struct {
	Stmt *parser.CreateDatabaseStmt
	Name string
}

// DropDatabase drops Database, which exists.
type DropDatabase struct {
	Stmt     *parser.DropDatabaseStmt
	Database *catalog.Database
}

// CreateTable creates the table DB.Name with Columns; Exists says whether
// a table or view of that name exists now. With Stmt.As (CTAS), Columns
// are the query's output and its rows are written.
type CreateTable struct {
	Stmt     *parser.CreateTableStmt
	DB, Name string
	Exists   bool
	Columns  []catalog.Column
}

// CreateView creates or replaces the persistent view DB.Name. Existing is
// the relation of that name now, if any.
type CreateView struct {
	Stmt     *parser.CreateViewStmt
	DB, Name string
	Existing *catalog.Relation
	Columns  []catalog.Column
	Body     string // canonical, every name qualified (spec §2.4)
	// QueryColumns are the names of the columns the body gives, by which
	// the view's columns are read (see Body.Pick).
	QueryColumns []string
	Deps         []privilege.Securable
}

// CreateTempView creates or replaces a temporary view of the connection;
// Exists says whether one of that name exists now.
type CreateTempView struct {
	Stmt   *parser.CreateViewStmt
	View   *TempView
	Exists bool
}

// CreateFunction creates or replaces the persistent function Function;
// on a replacement it keeps the existing owner.
type CreateFunction struct {
	Stmt     *parser.CreateFunctionStmt
	Function *catalog.Function
	Exists   bool
}

// CreateTempFunction creates or replaces a temporary function.
type CreateTempFunction struct {
	Stmt     *parser.CreateFunctionStmt
	Function *TempFunc
	Exists   bool
}

// DropRelation drops a table or view, which exists.
type DropRelation struct{ Relation *catalog.Relation }

// DropTempView drops the connection's temporary view Name.
type DropTempView struct{ Name string }

// DropFunction drops a persistent function, which exists.
type DropFunction struct{ Function *catalog.Function }

// DropTempFunction drops the connection's temporary function Name, if
// there is one (DROP TEMPORARY FUNCTION IF EXISTS).
type DropTempFunction struct{ Name string }

// Nothing is a statement that changes nothing and returns nothing once
// authorized: DROP ... IF EXISTS of a missing object, USE CATALOG, ADD
// JAR and ADD FILE (spec §8).
type Nothing struct{}

// Rename renames Relation to To in its own database.
type Rename struct {
	Stmt     *parser.RenameStmt
	Relation *catalog.Relation
	To       string
}

// UseDatabase makes DB, which exists, the connection's current database.
type UseDatabase struct{ DB string }

// ShowDatabases lists the databases the caller may see (spec §8.1).
type ShowDatabases struct{ Stmt *parser.ShowDatabasesStmt }

// ShowTables lists the tables and views of Database the caller may see,
// then the connection's temporary views.
type ShowTables struct {
	Stmt     *parser.ShowTablesStmt
	Database *catalog.Database
}

// ShowFunctions lists the functions of Database the caller may see, then
// the connection's temporary functions.
type ShowFunctions struct {
	Stmt     *parser.ShowFunctionsStmt
	Database *catalog.Database
}

// DescribeRelation describes a table or view (Relation), or a temporary
// view (Temp).
type DescribeRelation struct {
	Relation *catalog.Relation
	Temp     *TempView
	Extended bool
}

// DescribeDatabase describes Database.
type DescribeDatabase struct{ Database *catalog.Database }

// DescribeFunction describes a persistent function (Function), a
// temporary one (Temp) or a built-in (Builtin).
type DescribeFunction struct {
	Function *catalog.Function
	Temp     *TempFunc
	Builtin  *Builtin
	Extended bool
}

// ShowCreateTable shows the statement that creates Relation.
type ShowCreateTable struct{ Relation *catalog.Relation }

// Set is SET: every setting, one, or a new value for one (spec §6.5).
type Set struct{ Stmt *parser.SetStmt }

// Query is a query; Output are its columns.
type Query struct {
	Query  *parser.Query
	Output []catalog.Column
}

// Insert is INSERT INTO or INSERT OVERWRITE of Table, a table.
type Insert struct {
	Stmt  *parser.InsertStmt
	Table *catalog.Relation
}

// Update is UPDATE of Table; Target is its entry in the bindings.
type Update struct {
	Stmt   *parser.UpdateStmt
	Table  *catalog.Relation
	Target *Entry
}

// Delete is DELETE FROM Table; Target is its entry in the bindings.
type Delete struct {
	Stmt   *parser.DeleteStmt
	Table  *catalog.Relation
	Target *Entry
}

// MergeInto is MERGE INTO Table from Source.
type MergeInto struct {
	Stmt   *parser.MergeStmt
	Table  *catalog.Relation
	Target *Entry
	Source *Entry
}

// Truncate is TRUNCATE TABLE of Table.
type Truncate struct{ Table *catalog.Relation }

// Explain is EXPLAIN: Text is the explained statement's canonical text
// with every name qualified (spec §8.2); nothing runs.
type Explain struct{ Text string }

func (*Grant) op()              {}
func (*Revoke) op()             {}
func (*ShowGrant) op()          {}
func (*SetOwner) op()           {}
func (*RepairPrivileges) op()   {}
func (*CreatePrincipal) op()    {}
func (*DropPrincipal) op()      {}
func (*AlterGroup) op()         {}
func (*ShowUsers) op()          {}
func (*ShowGroups) op()         {}
func (*CreateDatabase) op()     {}
func (*DropDatabase) op()       {}
func (*CreateTable) op()        {}
func (*CreateView) op()         {}
func (*CreateTempView) op()     {}
func (*CreateFunction) op()     {}
func (*CreateTempFunction) op() {}
func (*DropRelation) op()       {}
func (*DropTempView) op()       {}
func (*DropFunction) op()       {}
func (*DropTempFunction) op()   {}
func (*Nothing) op()            {}
func (*Rename) op()             {}
func (*UseDatabase) op()        {}
func (*ShowDatabases) op()      {}
func (*ShowTables) op()         {}
func (*ShowFunctions) op()      {}
func (*DescribeRelation) op()   {}
func (*DescribeDatabase) op()   {}
func (*DescribeFunction) op()   {}
func (*ShowCreateTable) op()    {}
func (*Set) op()                {}
func (*Query) op()              {}
func (*Insert) op()             {}
func (*Update) op()             {}
func (*Delete) op()             {}
func (*MergeInto) op()          {}
func (*Truncate) op()           {}
func (*Explain) op()            {}
