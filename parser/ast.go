package parser

import (
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/tableacl/tableacl/sqlerr"
)

// Node is embedded in every AST node: Pos, where the node starts, is
// filled in by the grammar, while callers see the project's own sqlerr.Pos
// through At. Pos has participle's own type: the grammar then stores it
// without a reflective conversion, which took a fifth of a parse.
type Node struct {
	Pos lexer.Position
}

// At returns where the node starts as a sqlerr.Pos.
func (n Node) At() sqlerr.Pos { return sqlerr.Pos{Line: n.Pos.Line, Col: n.Pos.Column} }

// Statement is one parsed statement.
type Statement interface {
	At() sqlerr.Pos
	statement()
}

// Ident is one identifier: a bare word or a backticked name.
type Ident struct {
	Node
	Bare   string
	Quoted string
}

// Text is the identifier with backticks removed and doubled backticks undone.
func (i *Ident) Text() string {
	if i.Quoted != "" {
		return strings.ReplaceAll(i.Quoted[1:len(i.Quoted)-1], "``", "`")
	}
	return i.Bare
}

// IsQuoted reports whether the identifier was backticked.
func (i *Ident) IsQuoted() bool { return i.Quoted != "" }

// Lower is the identifier folded to lower case, as object names are (§2.3).
func (i *Ident) Lower() string { return strings.ToLower(i.Text()) }

// Name is a dotted name of one or more identifiers.
type Name struct {
	Node
	Parts []*Ident
}

// Texts returns the parts without quotes.
func (n *Name) Texts() []string {
	out := make([]string, len(n.Parts))
	for i, p := range n.Parts {
		out[i] = p.Text()
	}
	return out
}

// ---- ACL statements (spec §5.2) ----

// PrivilegeName is one privilege as written; SELECT is a reserved word.
type PrivilegeName struct {
	Node
	Select bool
	Name   *Ident
}

// Text is the privilege name as written, without backticks.
func (p *PrivilegeName) Text() string {
	if p.Select {
		return "SELECT"
	}
	return p.Name.Text()
}

// Privileges is ALL PRIVILEGES or a list of privilege names.
type Privileges struct {
	Node
	All  bool
	List []*PrivilegeName
}

// Securable is the object of GRANT, REVOKE, DENY, SHOW GRANT, ALTER ...
// OWNER TO and MSCK REPAIR. A keyword followed by no name is a table name
// (§5.6); the lookaheads stop a keyword from swallowing TO, FROM, OWNER, SET
// or PRIVILEGES that end the clause.
type Securable struct {
	Node
	Catalog     bool
	CatalogName *Ident
	Anonymous   bool
	AnyFile     bool
	Kind        string
	Name        *Name
	Bare        *Name
}

// IfNotExists records where IF NOT EXISTS stood.
type IfNotExists struct {
	Node
	If bool `parser:"@( 'IF' 'NOT' 'EXISTS' )"`
}

// GrantStmt is GRANT ... ON ... TO ...
type GrantStmt struct {
	Node
	Privileges  *Privileges `parser:"'GRANT' @@ 'ON'"`
	On          *Securable  `parser:"@@ 'TO'"`
	Principals  []*Ident    `parser:"@@ ( ',' @@ )*"`
	GrantOption *WithGrant  `parser:"@@?"`
}

// DenyStmt is DENY ... ON ... TO ...
type DenyStmt struct {
	Node
	Privileges  *Privileges `parser:"'DENY' @@ 'ON'"`
	On          *Securable  `parser:"@@ 'TO'"`
	Principals  []*Ident    `parser:"@@ ( ',' @@ )*"`
	GrantOption *WithGrant  `parser:"@@?"`
}

// WithGrant is the rejected WITH GRANT OPTION clause.
type WithGrant struct {
	Node
	With bool `parser:"@'WITH' 'GRANT' 'OPTION'"`
}

// GrantOptionFor is the rejected GRANT OPTION FOR of REVOKE.
type GrantOptionFor struct {
	Node
	Grant bool `parser:"@'GRANT' 'OPTION' 'FOR'"`
}

// RevokeStmt is REVOKE ... ON ... FROM ...
type RevokeStmt struct {
	Node
	GrantOption *GrantOptionFor `parser:"'REVOKE' @@?"`
	Privileges  *Privileges     `parser:"@@ 'ON'"`
	On          *Securable      `parser:"@@ 'FROM'"`
	Principals  []*Ident        `parser:"@@ ( ',' @@ )*"`
}

// ShowGrantStmt is SHOW GRANT[S] [principal] ON securable.
type ShowGrantStmt struct {
	Node
	Principal *Ident     `parser:"'SHOW' ( 'GRANTS' | 'GRANT' ) @@?"`
	On        *Securable `parser:"'ON' @@"`
}

// AlterOwnerStmt is ALTER securable [SET] OWNER TO principal.
type AlterOwnerStmt struct {
	Node
	On    *Securable `parser:"'ALTER' @@"`
	Owner *Ident     `parser:"'SET'? 'OWNER' 'TO' @@"`
}

// MsckRepairStmt is MSCK REPAIR securable PRIVILEGES; it needs its keyword.
type MsckRepairStmt struct {
	Node
	On *Securable `parser:"'MSCK' 'REPAIR' @@ 'PRIVILEGES'"`
}

// ---- Principal statements (spec §5.3) ----

// CreatePrincipalStmt is CREATE USER|GROUP [IF NOT EXISTS] name.
type CreatePrincipalStmt struct {
	Node
	Kind        string `parser:"'CREATE' @( 'USER' | 'GROUP' )"`
	IfNotExists bool   `parser:"@( 'IF' 'NOT' 'EXISTS' )?"`
	Name        *Ident `parser:"@@"`
}

// DropPrincipalStmt is DROP USER|GROUP [IF EXISTS] name.
type DropPrincipalStmt struct {
	Node
	Kind     string `parser:"'DROP' @( 'USER' | 'GROUP' )"`
	IfExists bool   `parser:"@( 'IF' 'EXISTS' )?"`
	Name     *Ident `parser:"@@"`
}

// AlterGroupStmt is ALTER GROUP g ADD|DROP USER|GROUP member.
type AlterGroupStmt struct {
	Node
	Group      *Ident `parser:"'ALTER' 'GROUP' @@"`
	Action     string `parser:"@( 'ADD' | 'DROP' )"`
	MemberKind string `parser:"@( 'USER' | 'GROUP' )"`
	Member     *Ident `parser:"@@"`
}

// Pattern is the optional [LIKE] 'pattern' of SHOW statements.
type Pattern struct {
	Node
	Like  bool   `parser:"@'LIKE'?"`
	Value string `parser:"@String"`
}

// ShowUsersStmt is SHOW USERS [[LIKE] pattern].
type ShowUsersStmt struct {
	Node
	Pattern *Pattern `parser:"'SHOW' 'USERS' @@?"`
}

// ShowGroupsStmt is SHOW GROUPS [WITH USER|GROUP p] [[LIKE] pattern].
type ShowGroupsStmt struct {
	Node
	WithKind string   `parser:"'SHOW' 'GROUPS' ( 'WITH' @( 'USER' | 'GROUP' )"`
	With     *Ident   `parser:"@@ )?"`
	Pattern  *Pattern `parser:"@@?"`
}

// ---- DDL and utility statements (spec §5.4) ----

// CreateDatabaseStmt is CREATE DATABASE|SCHEMA.
type CreateDatabaseStmt struct {
	Node
	IfNotExists bool    `parser:"'CREATE' ( 'DATABASE' | 'SCHEMA' ) @( 'IF' 'NOT' 'EXISTS' )?"`
	Name        *Name   `parser:"@@"`
	Comment     *string `parser:"( 'COMMENT' @String )?"`
	Location    *string `parser:"( 'LOCATION' @String )?"`
}

// DropDatabaseStmt is DROP DATABASE|SCHEMA.
type DropDatabaseStmt struct {
	Node
	IfExists bool   `parser:"'DROP' ( 'DATABASE' | 'SCHEMA' ) @( 'IF' 'EXISTS' )?"`
	Name     *Name  `parser:"@@"`
	Mode     string `parser:"@( 'RESTRICT' | 'CASCADE' )?"`
}

// Type is a column, parameter or cast type.
type Type struct {
	Node
	Name string
	Args []string
	// Params are the types a complex type is of: ARRAY<element>,
	// MAP<key, value>; Fields a STRUCT's; Angled marks a type written
	// with <...> at all (only ARRAY, MAP and STRUCT may be).
	Params []*Type
	Fields []*StructField
	Angled bool
}

// StructField is one field of STRUCT<...>: name [:] type [NOT NULL]
// [COMMENT 'text'].
type StructField struct {
	Node
	Name    *Ident
	Type    *Type
	NotNull bool
	Comment *string
}

// ColumnDef is one column of CREATE TABLE.
type ColumnDef struct {
	Node
	Name    *Ident  `parser:"@@"`
	Type    *Type   `parser:"@@"`
	NotNull bool    `parser:"@( 'NOT' 'NULL' )?"`
	Comment *string `parser:"( 'COMMENT' @String )?"`
}

// TableOption is one USING, COMMENT or LOCATION clause.
type TableOption struct {
	Node
	Using    *Ident  `parser:"  'USING' @@"`
	Comment  *string `parser:"| 'COMMENT' @String"`
	Location *string `parser:"| 'LOCATION' @String"`
}

// CreateTableStmt is CREATE TABLE with columns or AS query.
type CreateTableStmt struct {
	Node
	IfNotExists bool           `parser:"'CREATE' 'TABLE' @( 'IF' 'NOT' 'EXISTS' )?"`
	Name        *Name          `parser:"@@"`
	Columns     []*ColumnDef   `parser:"( '(' @@ ( ',' @@ )* ')'"`
	Options     []*TableOption `parser:"  @@*"`
	AsOptions   []*TableOption `parser:"| @@*"`
	As          *Query         `parser:"  'AS' @@ )"`
}

// ViewColumn is one name of a view's column list.
type ViewColumn struct {
	Node
	Name    *Ident  `parser:"@@"`
	Comment *string `parser:"( 'COMMENT' @String )?"`
}

// CreateViewStmt is CREATE [OR REPLACE] [TEMPORARY] VIEW.
type CreateViewStmt struct {
	Node
	OrReplace   bool          `parser:"'CREATE' @( 'OR' 'REPLACE' )?"`
	Temporary   bool          `parser:"@'TEMPORARY'? 'VIEW'"`
	IfNotExists *IfNotExists  `parser:"@@?"`
	Name        *Name         `parser:"@@"`
	Columns     []*ViewColumn `parser:"( '(' @@ ( ',' @@ )* ')' )?"`
	Comment     *string       `parser:"( 'COMMENT' @String )?"`
	Query       *Query        `parser:"'AS' @@"`
}

// Param is one parameter of CREATE FUNCTION.
type Param struct {
	Node
	Name *Ident `parser:"@@"`
	Type *Type  `parser:"@@"`
}

// CreateFunctionStmt is CREATE [OR REPLACE] [TEMPORARY] FUNCTION.
type CreateFunctionStmt struct {
	Node
	OrReplace   bool         `parser:"'CREATE' @( 'OR' 'REPLACE' )?"`
	Temporary   bool         `parser:"@'TEMPORARY'? 'FUNCTION'"`
	IfNotExists *IfNotExists `parser:"@@?"`
	Name        *Name        `parser:"@@"`
	Params      []*Param     `parser:"( '(' ( @@ ( ',' @@ )* )? ')'"`
	Returns     *Type        `parser:"  'RETURNS' @@"`
	Comment     *string      `parser:"  ( 'COMMENT' @String )?"`
	Body        *Expr        `parser:"  'RETURN' @@"`
	Class       *string      `parser:"| 'AS' @String )"`
}

// DropRelationStmt is DROP TABLE|VIEW [IF EXISTS] name.
type DropRelationStmt struct {
	Node
	Kind     string `parser:"'DROP' @( 'TABLE' | 'VIEW' )"`
	IfExists bool   `parser:"@( 'IF' 'EXISTS' )?"`
	Name     *Name  `parser:"@@"`
}

// DropFunctionStmt is DROP [TEMPORARY] FUNCTION [IF EXISTS] name.
type DropFunctionStmt struct {
	Node
	Temporary bool  `parser:"'DROP' @'TEMPORARY'? 'FUNCTION'"`
	IfExists  bool  `parser:"@( 'IF' 'EXISTS' )?"`
	Name      *Name `parser:"@@"`
}

// RenameStmt is ALTER TABLE|VIEW name RENAME TO name.
type RenameStmt struct {
	Node
	Kind string `parser:"'ALTER' @( 'TABLE' | 'VIEW' )"`
	Name *Name  `parser:"@@ 'RENAME' 'TO'"`
	To   *Name  `parser:"@@"`
}

// UseStmt is USE [DATABASE|SCHEMA] name or USE CATALOG name.
type UseStmt struct {
	Node
	Catalog *Ident `parser:"'USE' ( 'CATALOG' @@"`
	DB      *Name  `parser:"| ( 'DATABASE' | 'SCHEMA' ) @@ | @@ )"`
}

// ShowDatabasesStmt is SHOW DATABASES|SCHEMAS [FROM|IN catalog]
// [[LIKE] pattern].
type ShowDatabasesStmt struct {
	Node
	Catalog *Ident   `parser:"'SHOW' ( 'DATABASES' | 'SCHEMAS' ) ( ( 'FROM' | 'IN' ) @@ )?"`
	Pattern *Pattern `parser:"@@?"`
}

// ShowTablesStmt is SHOW TABLES [FROM|IN db] [[LIKE] pattern].
type ShowTablesStmt struct {
	Node
	In      *Name    `parser:"'SHOW' 'TABLES' ( ( 'FROM' | 'IN' ) @@ )?"`
	Pattern *Pattern `parser:"@@?"`
}

// ShowFunctionsStmt is SHOW [USER] FUNCTIONS [FROM|IN db] [[LIKE] pattern].
type ShowFunctionsStmt struct {
	Node
	User    bool     `parser:"'SHOW' @'USER'? 'FUNCTIONS'"`
	In      *Name    `parser:"( ( 'FROM' | 'IN' ) @@ )?"`
	Pattern *Pattern `parser:"@@?"`
}

// ShowCreateTableStmt is SHOW CREATE TABLE name.
type ShowCreateTableStmt struct {
	Node
	Name *Name `parser:"'SHOW' 'CREATE' 'TABLE' @@"`
}

// DescribeStmt is DESCRIBE of a table, database or function.
type DescribeStmt struct {
	Node
	Kind     string `parser:"( 'DESCRIBE' | 'DESC' ) ( @( 'DATABASE' | 'SCHEMA' | 'FUNCTION' )"`
	Extended bool   `parser:"   @'EXTENDED'?"`
	Name     *Name  `parser:"   @@"`
	TExt     bool   `parser:" | 'TABLE'? @'EXTENDED'?"`
	TName    *Name  `parser:"   @@ )"`
}

// SetValue is the value of SET key = value.
type SetValue struct {
	Node
	Word   *Ident  `parser:"  @@"`
	String *string `parser:"| @String"`
	Bool   string  `parser:"| @( 'TRUE' | 'FALSE' )"`
}

// SetStmt is SET, SET key or SET key = value.
type SetStmt struct {
	Node
	Key   *Name     `parser:"'SET' ( @@"`
	Value *SetValue `parser:"( '=' @@ )? )?"`
}

// AddResourceStmt is ADD JAR|FILE 'path'.
type AddResourceStmt struct {
	Node
	Kind string `parser:"'ADD' @( 'JAR' | 'FILE' )"`
	Path string `parser:"@String"`
}

// ---- Queries and DML (spec §5.5) ----

// QueryStmt is a query used as a statement.
type QueryStmt struct {
	Node
	Query *Query `parser:"@@"`
}

// Query is [WITH ...] set-expression [ORDER BY ... | SORT BY ... | CLUSTER
// BY ... | DISTRIBUTE BY ... [SORT BY ...]] [LIMIT ... | LIMIT ALL]
// [OFFSET ...]. SORT BY orders the rows within each partition; with one
// partition, as here, it orders them all. DISTRIBUTE BY chooses the
// partitions and orders nothing; CLUSTER BY x is DISTRIBUTE BY x SORT BY
// x.
type Query struct {
	Node
	With         []*CTE
	Body         *SetExpr
	OrderBy      []*OrderItem
	SortBy       []*OrderItem
	ClusterBy    []*Expr
	DistributeBy []*Expr
	Limit        *Expr
	LimitAll     bool
	Offset       *Expr
}

// Order is how the query's rows are ordered: its ORDER BY, else its SORT
// BY, else CLUSTER BY's expressions ascending. There is one partition
// here, so SORT BY and CLUSTER BY order all the rows.
func (q *Query) Order() []*OrderItem {
	switch {
	case len(q.OrderBy) > 0:
		return q.OrderBy
	case len(q.SortBy) > 0:
		return q.SortBy
	}
	var out []*OrderItem
	for _, e := range q.ClusterBy {
		out = append(out, &OrderItem{Node: e.Node, Expr: e})
	}
	return out
}

// CTE is one common table expression.
type CTE struct {
	Node
	Name    *Ident
	Columns []*Ident
	Query   *Query
}

// SetExpr is terms joined by UNION, INTERSECT, EXCEPT or MINUS, left to right.
type SetExpr struct {
	Node
	Left *Term
	Ops  []*SetOp
}

// SetOp is one set operator and its right operand.
type SetOp struct {
	Node
	Op         string
	Quantifier string
	Right      *Term
}

// Term is a SELECT, a parenthesized query or VALUES.
type Term struct {
	Node
	Select *Select
	Paren  *Query
	Values []*Row
}

// Row is one parenthesized list of expressions.
type Row struct {
	Node
	Exprs []*Expr
}

// Select is one SELECT block.
type Select struct {
	Node
	Quantifier string
	Items      []*SelectItem
	From       []*FromItem
	Laterals   []*LateralView
	Pivot      *Pivot
	Unpivot    *Unpivot
	Where      *Expr
	// GroupBy holds every grouping expression as written, each once;
	// Grouping, when set, says how ROLLUP, CUBE and GROUPING SETS group
	// them. GroupAll is GROUP BY ALL.
	GroupBy  []*Expr
	Grouping *Grouping
	GroupAll bool
	Having   *Expr
	Windows  []*NamedWindow
	Qualify  *Expr
}

// Grouping is the structure of a GROUP BY that uses ROLLUP, CUBE or
// GROUPING SETS, over the expressions of Select.GroupBy (by index).
type Grouping struct {
	Node
	Items []*GroupItem
	With  string // WITH ROLLUP or WITH CUBE after a plain list
}

// GroupItem is one item of GROUP BY: an expression (Kind "", Sets one list
// of one index), ROLLUP (...), CUBE (...) or GROUPING SETS ((...), ...).
type GroupItem struct {
	Node
	Kind string // "", "ROLLUP", "CUBE" or "GROUPING SETS"
	Sets [][]int
}

// SelectItem is *, qualifier.*, or an expression with an optional alias.
// QualStar may have several parts (db.t.*). Except lists the columns a
// star leaves out: * EXCEPT (a, t.b).
type SelectItem struct {
	Node
	Star     bool
	QualStar *Name
	Except   []*Name
	Expr     *Expr
	Alias    *Ident
	// Aliases are the names of a generator's columns: posexplode(a) AS
	// (pos, val).
	Aliases []*Ident
}

// FromItem is a table factor followed by joins.
type FromItem struct {
	Node
	Factor *TableFactor
	Joins  []*Join
}

// TableFactor is a named relation, a path relation, a subquery, a VALUES
// list, a table-valued function (range(10)) or a parenthesized join, with
// an optional sample and alias.
type TableFactor struct {
	Node
	Lateral   bool // LATERAL (query): the subquery sees the relations before it
	Subquery  *Query
	Values    []*Row
	Call      *Call
	Nested    *FromItem
	Name      *Name
	Sample    *Sample
	Alias     *Ident
	AliasCols []*Ident
}

// Sample is TABLESAMPLE (n PERCENT | n ROWS | BUCKET x OUT OF y)
// [REPEATABLE (seed)].
type Sample struct {
	Node
	Percent string
	Rows    *Expr
	Bucket  string
	Of      string
	Seed    string // REPEATABLE's integer, "" without it
}

// Join is one JOIN clause. Kind is INNER, LEFT, RIGHT, FULL, SEMI (LEFT
// SEMI) or ANTI (LEFT ANTI); a join without ON or USING joins every pair
// of rows, as CROSS JOIN does.
type Join struct {
	Node
	Cross   bool
	Natural bool
	Kind    string
	Right   *TableFactor
	On      *Expr
	Using   []*Ident
}

// LateralView is LATERAL VIEW [OUTER] generator(...) table [AS] columns.
type LateralView struct {
	Node
	Outer   bool
	Call    *Call
	Table   *Ident // nil in LATERAL VIEW f(x) AS col, which names no table
	Columns []*Ident
}

// Pivot is PIVOT (aggregates FOR columns IN (values)).
type Pivot struct {
	Node
	Aggregates []*SelectItem
	For        []*Ident
	In         []*PivotValue
	Alias      *Ident
}

// PivotValue is one value (or tuple of values) of PIVOT ... IN, with an
// optional alias.
type PivotValue struct {
	Node
	Exprs []*Expr
	Alias *Ident
}

// Unpivot is UNPIVOT [INCLUDE|EXCLUDE NULLS] (value FOR name IN (columns)),
// or with several value columns, ((v1, v2) FOR name IN ((a, b) AS x, ...)).
type Unpivot struct {
	Node
	IncludeNulls bool
	Values       []*Ident
	Name         *Ident
	In           []*UnpivotColumn
	Alias        *Ident
}

// UnpivotColumn is one column (or tuple of columns) of UNPIVOT ... IN, with
// an optional alias.
type UnpivotColumn struct {
	Node
	Columns []*Name
	Alias   *Ident
}

// OrderItem is one ORDER BY key.
type OrderItem struct {
	Node
	Expr  *Expr
	Dir   string
	Nulls string
}

// Assign is column = expr in UPDATE and MERGE.
type Assign struct {
	Node
	Column *Name `parser:"@@ '='"`
	Value  *Expr `parser:"@@"`
}

// InsertStmt is INSERT INTO|OVERWRITE [TABLE] t [(cols)] query.
type InsertStmt struct {
	Node
	Overwrite bool     `parser:"'INSERT' ( 'INTO' | @'OVERWRITE' ) 'TABLE'?"`
	Table     *Name    `parser:"@@"`
	Columns   []*Ident `parser:"( '(' @@ ( ',' @@ )* ')' )?"`
	Query     *Query   `parser:"@@"`
}

// UpdateStmt is UPDATE t [alias] SET ... [WHERE ...].
type UpdateStmt struct {
	Node
	Table   *Name     `parser:"'UPDATE' @@"`
	Alias   *Ident    `parser:"( 'AS'? (?! 'SET' ( Ident | QIdent ) ( '=' | '.' ) ) @@ )?"`
	Assigns []*Assign `parser:"'SET' @@ ( ',' @@ )*"`
	Where   *Expr     `parser:"( 'WHERE' @@ )?"`
}

// DeleteStmt is DELETE FROM t [alias] [WHERE ...].
type DeleteStmt struct {
	Node
	Table *Name  `parser:"'DELETE' 'FROM' @@"`
	Alias *Ident `parser:"( 'AS'? @@ )?"`
	Where *Expr  `parser:"( 'WHERE' @@ )?"`
}

// MergeStmt is MERGE INTO t USING s ON cond WHEN ...
type MergeStmt struct {
	Node
	Target      *Name        `parser:"'MERGE' 'INTO' @@"`
	TargetAlias *Ident       `parser:"( 'AS'? @@ )?"`
	Source      *TableFactor `parser:"'USING' @@"`
	On          *Expr        `parser:"'ON' @@"`
	Whens       []*MergeWhen `parser:"@@+"`
}

// MergeWhen is one WHEN clause of MERGE. The grammar takes any action after
// either kind of clause so that a wrong one is a positioned syntax error
// (validate): MATCHED takes DELETE or UPDATE, NOT MATCHED takes INSERT.
type MergeWhen struct {
	Node
	NotMatched bool         `parser:"'WHEN' @'NOT'? 'MATCHED' ( 'BY' 'TARGET' )?"`
	Cond       *Expr        `parser:"( 'AND' @@ )? 'THEN'"`
	Then       *MergeAction `parser:"@@"`
}

// MergeAction is what a WHEN clause of MERGE does.
type MergeAction struct {
	Node
	Delete     bool      `parser:"(  @'DELETE'"`
	UpdateStar bool      `parser:" | 'UPDATE' 'SET' ( @'*'"`
	Assigns    []*Assign `parser:"                   | @@ ( ',' @@ )* )"`
	InsertStar bool      `parser:" | 'INSERT' ( @'*'"`
	Columns    []*Ident  `parser:"            | '(' @@ ( ',' @@ )* ')'"`
	Values     *Row      `parser:"              'VALUES' @@ ) )"`
}

// Keyword is the word the action starts with.
func (a *MergeAction) Keyword() string {
	switch {
	case a.Delete:
		return "DELETE"
	case a.UpdateStar || len(a.Assigns) > 0:
		return "UPDATE"
	}
	return "INSERT"
}

// TruncateStmt is TRUNCATE TABLE t.
type TruncateStmt struct {
	Node
	Table *Name `parser:"'TRUNCATE' 'TABLE' @@"`
}

// ExplainStmt is EXPLAIN [EXTENDED|FORMATTED] statement.
type ExplainStmt struct {
	Node
	Mode   string      `parser:"'EXPLAIN' @( 'EXTENDED' | 'FORMATTED' )?"`
	Insert *InsertStmt `parser:"(  @@"`
	Update *UpdateStmt `parser:" | @@"`
	Delete *DeleteStmt `parser:" | @@"`
	Merge  *MergeStmt  `parser:" | @@"`
	Query  *Query      `parser:" | @@ )"`
}

// Inner returns the explained statement.
func (e *ExplainStmt) Inner() Statement {
	switch {
	case e.Insert != nil:
		return e.Insert
	case e.Update != nil:
		return e.Update
	case e.Delete != nil:
		return e.Delete
	case e.Merge != nil:
		return e.Merge
	}
	return &QueryStmt{Node: e.Query.Node, Query: e.Query}
}

// ---- Expressions ----

// Expr is an OR of ANDs; precedence climbs through the levels below.
type Expr struct {
	Node
	Or []*AndExpr
}

// AndExpr is an AND of NOT-expressions.
type AndExpr struct {
	Node
	And []*NotExpr
}

// NotExpr is a predicate with any number of leading NOTs (or !, Spark's
// synonym).
type NotExpr struct {
	Node
	Nots []string
	Pred *Predicate
}

// Predicate is an additive expression with an optional comparison,
// IS [NOT] NULL, BETWEEN, IN or LIKE.
type Predicate struct {
	Node
	Left    *Additive
	CmpOp   string
	Right   *Additive
	IsNull  *IsNull
	Between *Between
	In      *In
	Like    *Like
}

// IsNull is IS [NOT] NULL, IS [NOT] TRUE|FALSE|UNKNOWN, or IS [NOT]
// DISTINCT FROM operand.
type IsNull struct {
	Node
	Not          bool
	Value        string    // "" (NULL), "TRUE", "FALSE" or "UNKNOWN"
	DistinctFrom *Additive // IS [NOT] DISTINCT FROM
}

// Between is [NOT] BETWEEN low AND high.
type Between struct {
	Node
	Not  bool
	Low  *Additive
	High *Additive
}

// In is [NOT] IN (query) or [NOT] IN (list).
type In struct {
	Node
	Not   bool
	Query *Query
	List  []*Expr
}

// Like is [NOT] LIKE|ILIKE pattern [ESCAPE 'c'], [NOT] LIKE|ILIKE
// ANY|SOME|ALL (patterns), or [NOT] RLIKE|REGEXP pattern.
type Like struct {
	Node
	Not        bool
	Op         string // "" (LIKE), "ILIKE", "RLIKE" or "REGEXP"
	Pattern    *Additive
	Quantifier string  // ANY, SOME or ALL, with Patterns
	Patterns   []*Expr // LIKE ANY (...)
	Escape     *string // the escape character's literal, as written
}

// Additive is terms joined by + - ||.
type Additive struct {
	Node
	Left *Multiplicative
	Rest []*AddOp
}

// AddOp is one + - || step.
type AddOp struct {
	Node
	Op    string
	Right *Multiplicative
}

// Multiplicative is factors joined by * / %.
type Multiplicative struct {
	Node
	Left *Unary
	Rest []*MulOp
}

// MulOp is one * / % step.
type MulOp struct {
	Node
	Op    string
	Right *Unary
}

// Unary is a primary with leading signs: - + and ~ (bitwise not).
type Unary struct {
	Node
	Signs []string
	Prim  *Primary
}

// Primary is the tightest-binding expression, with the subscripts, field
// accesses and :: casts that follow it (Postfix, in order).
type Primary struct {
	Node
	Case     *Case
	Cast     *Cast
	Exists   *Query
	Paren    *Expr
	Tuple    []*Expr // (a, b): a row value, compared or tested IN as a whole
	Subquery *Query
	Typed    *Typed
	Interval *Interval
	Literal  *Literal
	Lambda   *Lambda
	Call     *Call
	Column   *Name
	Star     *StarArg // t.* as a function's argument, expanded by the analyzer
	Postfix  []*Postfix
}

// StarArg is qualifier.* [EXCEPT (cols)] among a function's arguments:
// count(t.*), struct(t.*), which stand for the relation's columns.
type StarArg struct {
	Node
	Qualifier *Name
	Except    []*Name
}

// Postfix is one of what may follow a primary: [index], .field or ::type.
type Postfix struct {
	Node
	Index *Expr
	Field *Ident
	Cast  *Type
}

// Typed is DATE 'yyyy-mm-dd', TIMESTAMP '...' (also TIMESTAMP_NTZ and
// TIMESTAMP_LTZ) or X'hex' (a binary value).
type Typed struct {
	Node
	Type  string
	Value string
}

// Interval is an interval literal, INTERVAL '1' DAY, INTERVAL 1 YEAR 2
// MONTHS, INTERVAL '1-2' YEAR TO MONTH, INTERVAL '3 days', kept as Spark's
// calendar interval: months, days and microseconds.
type Interval struct {
	Node
	Months int64
	Days   int64
	Micros int64
}

// Lambda is a lambda function, x -> body or (x, y) -> body, given to a
// higher-order function.
type Lambda struct {
	Node
	Params []*Ident
	Body   *Expr
}

// Literal is a number, string, boolean or NULL.
type Literal struct {
	Node
	Number *string
	String *string
	Bool   string
	Null   bool
}

// Case is CASE [operand] WHEN ... THEN ... [ELSE ...] END.
type Case struct {
	Node
	Operand *Expr
	Whens   []*When
	Else    *Expr
}

// When is one WHEN ... THEN ... arm.
type When struct {
	Node
	Cond   *Expr
	Result *Expr
}

// Cast is CAST(expr AS type), or TRY_CAST (Try), which gives NULL where
// the cast fails.
type Cast struct {
	Node
	Try  bool
	Expr *Expr
	Type *Type
}

// Call is a function call, optionally an aggregate with FILTER (WHERE
// ...), optionally a window call. IGNORE NULLS or RESPECT NULLS, written
// inside the parentheses or after them, is Nulls.
type Call struct {
	Node
	Name     *Name
	Star     bool
	Distinct bool
	Args     []*Expr
	Nulls    string // "IGNORE" or "RESPECT"
	// WithinGroup is the ordering of an ordered-set aggregate:
	// percentile_cont(0.5) WITHIN GROUP (ORDER BY x).
	WithinGroup []*OrderItem
	Filter      *Expr
	Over        *Window
}

// Window is the OVER clause: a named window (OVER w), or a specification
// that may start from one (OVER (w ORDER BY x)).
type Window struct {
	Node
	Name        *Ident // OVER w: the window the WINDOW clause names
	Base        *Ident // OVER (w ...): the named window this refines
	PartitionBy []*Expr
	OrderBy     []*OrderItem
	Frame       *Frame
}

// NamedWindow is one definition of a WINDOW clause.
type NamedWindow struct {
	Node
	Name   *Ident
	Window *Window
}

// Frame is ROWS|RANGE BETWEEN bound AND bound; ROWS bound alone is ROWS
// BETWEEN bound AND CURRENT ROW.
type Frame struct {
	Node
	Unit  string // ROWS or RANGE
	Start *Bound
	End   *Bound
}

// Bound is one end of a window frame: CURRENT ROW, UNBOUNDED
// PRECEDING|FOLLOWING, or an offset (a number, N, or an interval, Value)
// PRECEDING|FOLLOWING.
type Bound struct {
	Node
	Current   bool
	Unbounded bool
	N         string
	Value     *Expr
	Dir       string
}

// Offset places a bound on one line: UNBOUNDED PRECEDING first, then n
// PRECEDING, CURRENT ROW at 0, n FOLLOWING, UNBOUNDED FOLLOWING last. ok
// is false for an offset that is not a whole number within INT.
func (b *Bound) Offset() (v int64, ok bool) {
	const unbounded = 1 << 40
	switch {
	case b.Current:
		return 0, true
	case b.Unbounded:
		v = unbounded
	default:
		n, err := strconv.ParseInt(b.N, 10, 32)
		if err != nil || n < 0 {
			return 0, false
		}
		v = n
	}
	if strings.EqualFold(b.Dir, "PRECEDING") {
		v = -v
	}
	return v, true
}

func (*GrantStmt) statement()           {}
func (*DenyStmt) statement()            {}
func (*RevokeStmt) statement()          {}
func (*ShowGrantStmt) statement()       {}
func (*AlterOwnerStmt) statement()      {}
func (*MsckRepairStmt) statement()      {}
func (*CreatePrincipalStmt) statement() {}
func (*DropPrincipalStmt) statement()   {}
func (*AlterGroupStmt) statement()      {}
func (*ShowUsersStmt) statement()       {}
func (*ShowGroupsStmt) statement()      {}
func (*CreateDatabaseStmt) statement()  {}
func (*DropDatabaseStmt) statement()    {}
func (*CreateTableStmt) statement()     {}
func (*CreateViewStmt) statement()      {}
func (*CreateFunctionStmt) statement()  {}
func (*DropRelationStmt) statement()    {}
func (*DropFunctionStmt) statement()    {}
func (*RenameStmt) statement()          {}
func (*UseStmt) statement()             {}
func (*ShowDatabasesStmt) statement()   {}
func (*ShowTablesStmt) statement()      {}
func (*ShowFunctionsStmt) statement()   {}
func (*ShowCreateTableStmt) statement() {}
func (*DescribeStmt) statement()        {}
func (*SetStmt) statement()             {}
func (*AddResourceStmt) statement()     {}
func (*QueryStmt) statement()           {}
func (*InsertStmt) statement()          {}
func (*UpdateStmt) statement()          {}
func (*DeleteStmt) statement()          {}
func (*MergeStmt) statement()           {}
func (*TruncateStmt) statement()        {}
func (*ExplainStmt) statement()         {}
