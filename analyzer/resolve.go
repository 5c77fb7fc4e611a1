package analyzer

import (
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// Session is the connection state the analyzer reads: the current database
// and the connection's temporary views and functions (spec §2.5).
type Session struct {
	CurrentDB string
	TempViews map[string]*TempView
	TempFuncs map[string]*TempFunc
	Bodies    *Bodies // parsed stored bodies, shared by the engine's sessions; nil parses each time
	// Functions are the embedder's own scalar functions, by lower-case
	// name: built-ins for deciding statements, never run by tableacl.
	Functions map[string]*Builtin
}

// TempView is a temporary view: its body is stored as canonical text with
// every persistent name qualified, and expanded in place on use.
type TempView struct {
	Name         string
	Body         string
	Columns      []catalog.Column
	QueryColumns []string // the names the body gave, by which Columns are read
}

// TempFunc is a temporary SQL function.
type TempFunc struct {
	Name    string
	Params  []catalog.Param
	Returns string
	Body    string
}

// EntryKind says what a FROM entry reads.
type EntryKind uint8

// Kinds of FROM entry.
const (
	TableEntry EntryKind = iota + 1
	ViewEntry            // a persistent or temporary view: Body
	CTEEntry
	SubqueryEntry
	FileEntry
	ValuesEntry    // VALUES in FROM: Values
	GeneratorEntry // explode, range, ...: Generator
	PivotEntry     // the FROM clause turned by PIVOT or UNPIVOT: PivotOf
)

// Entry is one relation in a FROM clause, as resolved.
type Entry struct {
	Kind      EntryKind
	SQLName   string // the unique alias the engine gives it, e.g. "r7"
	Qualifier string // the name references may use: alias or table name
	DB        string // for tables and views
	Columns   []catalog.Column
	Relation  *catalog.Relation // TableEntry, persistent ViewEntry
	View      *Body             // ViewEntry
	Query     *parser.Query     // SubqueryEntry
	Values    []*parser.Row     // ValuesEntry
	Generator *parser.Call      // GeneratorEntry: the call, Gen its name
	Gen       string
	GenMap    bool               // explode of a map: key and value
	GenRows   int                // stack: its rows
	GenFields []string           // inline: the fields of its structs, which aliases do not rename
	Range     [3]int64           // range: start, step and number of rows
	Outer     bool               // the _outer form, or LATERAL VIEW OUTER
	PivotOf   *PivotInfo         // PivotEntry
	CTE       *CTEDef            // CTEEntry
	Path      string             // FileEntry
	Format    string             // FileEntry
	Open      bool               // FileEntry whose columns are unknown until it is read
	Renamed   bool               // the FROM alias renamed the columns: t AS x(a, b)
	Lateral   bool               // SubqueryEntry of LATERAL (query), correlated with the relations before it
	using     map[string]bool    // columns a USING join merged into an earlier entry
	merged    map[string]*ColRef // columns of this entry that USING joins merged with later ones
}

// ColumnIndex returns the position of the declared column name in e, or -1.
func (e *Entry) ColumnIndex(name string) int {
	for i, c := range e.Columns {
		if c.Name == name {
			return i
		}
	}
	for i, c := range e.Columns {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

// CTEDef is one WITH clause entry.
type CTEDef struct {
	SQLName  string
	Name     string
	Query    *parser.Query
	Columns  []catalog.Column
	requests []*Request
	refs     int // relation references its query expands to
	uses     int // references to it
}

// ColRef is what a column reference resolved to.
type ColRef struct {
	Entry  *Entry
	Column string      // the column as declared
	Index  int         // its position in Entry.Columns
	Output int         // a select-list alias (ORDER BY, GROUP BY, HAVING): 1-based output item
	Item   *OutputItem // the output item an alias names
	Param  int         // 1-based parameter of the function body being resolved
	Outer  bool        // a column of an enclosing query (a correlated reference)
	Merge  *Merge      // the column of a USING join: Entry and Index are its left side's
	// Lambda is the lambda function whose parameter Param (1-based) the
	// name is; Fields are the struct fields a name reaches past its
	// column (s.a.b); Type is the type of the parameter or of the field.
	Lambda *parser.Lambda
	Fields []string
	Type   string
	// Builtin is the function a name without parentheses calls
	// (CURRENT_DATE, CURRENT_USER, ...).
	Builtin *Builtin
}

// Merge is the column a USING join makes of the same-named columns of its
// two sides, as in Spark: the left one for an inner or left join, the
// right one for a right join, and the first that is not NULL for a full
// join.
type Merge struct {
	Kind  string  // INNER, LEFT, RIGHT or FULL
	Left  *ColRef // the left side's column, itself merged after an earlier USING
	Right *ColRef
}

// CallKind says what a function call resolved to.
type CallKind uint8

// Kinds of function call.
const (
	BuiltinCall CallKind = iota + 1
	TempCall
	PersistentCall
)

// CallInfo is what a function call resolved to.
type CallInfo struct {
	Kind     CallKind
	Name     string // built-in name in lower case
	Builtin  *Builtin
	Function *catalog.Function // PersistentCall
	Temp     *TempFunc         // TempCall
	Body     *FuncBody         // SQL-bodied TempCall and PersistentCall
	Params   []catalog.Param
	Returns  string
	// ArgTypes are the types of a built-in's arguments, and Type its
	// result's, once the expression holding the call is resolved.
	ArgTypes []string
	Type     string
}

// SelectInfo records, for each SELECT block, its FROM entries and output.
type SelectInfo struct {
	Entries []*Entry
	Output  []OutputItem
	// Generator is the generator a select item is alone, as a lateral
	// view of the FROM clause.
	Generator *Entry
	// Pivot is the relation PIVOT or UNPIVOT makes of the FROM clause.
	Pivot *Entry
	// GroupBy is what the block groups by: its GROUP BY, or for GROUP BY
	// ALL the items that hold no aggregate. With ROLLUP, CUBE or
	// GROUPING SETS, Keys are its distinct grouping expressions and Sets
	// the grouping sets, each the numbers of the Keys it groups by.
	GroupBy []*parser.Expr
	Keys    []*parser.Expr
	Sets    [][]int
	// Global marks a block without GROUP BY that is an aggregate only
	// through its HAVING or its ORDER BY: Spark computes one group of all
	// rows, and SQLite must be told so.
	Global bool
	// grouped holds the grouping keys of an aggregate block, once its
	// select list and HAVING are checked against them (groupRules).
	grouped *grouping
}

// OutputItem is one output column of a SELECT block: an expression or one
// column of a star expansion.
type OutputItem struct {
	Name  string
	Type  string
	Expr  *parser.Expr // nil for star columns
	Entry *Entry       // star columns
	Col   string       // star columns: the column as declared
	Index int          // star columns: its position in Entry.Columns
	Merge *Merge       // star columns: the column of a USING join
}

// Bindings is everything resolution learned that the engine needs to run
// the statement. Keys are AST nodes, which are unique per statement: each
// stored body is parsed once per statement, however often it is read.
type Bindings struct {
	Factors map[*parser.TableFactor]*Entry
	Cols    map[*parser.Name]*ColRef
	Calls   map[*parser.Call]*CallInfo
	Selects map[*parser.Select]*SelectInfo
	CTEs    map[*parser.CTE]*CTEDef
	Values  map[*parser.Term][]string // VALUES terms: output names
	// DateOps are the + and - steps whose operands are a date or a
	// timestamp and an interval or a number of days, with how SQLite
	// computes them.
	DateOps map[*parser.AddOp]DateOp
	// GroupNodes maps the nodes that are a grouping expression of a GROUP
	// BY with grouping sets (in the select list, HAVING and the arguments
	// of grouping()) to its number (SelectInfo.Keys).
	GroupNodes map[any]int
	// Laterals are the generators of LATERAL VIEW.
	Laterals map[*parser.LateralView]*Entry
	// Natural holds the columns each NATURAL JOIN joins on, and those of
	// each SEMI or ANTI join with USING.
	Natural map[*parser.Join][]*parser.Ident
	// Postfix says whether each subscript reads an array or a map.
	Postfix map[*parser.Postfix]Subscript
	Using   map[*parser.Ident]*Merge // USING columns: the two sides joined on
	// Subqueries holds the output of every subquery used as an
	// expression (scalar, IN, EXISTS), and Correlated those of them that
	// refer to the query around them (its columns or its CTEs).
	Subqueries map[*parser.Query][]catalog.Column
	Correlated map[*parser.Query]bool
	// Files lists the path relations the statement reads, by path, in the
	// order they are met; their contents are read only after the
	// statement is authorized (spec §1.3, §2.6).
	Files       []string
	FileFormats map[string]string // the format each path was read as
	seq         int
}

func newBindings() *Bindings {
	return &Bindings{
		Factors:    map[*parser.TableFactor]*Entry{},
		Cols:       map[*parser.Name]*ColRef{},
		Calls:      map[*parser.Call]*CallInfo{},
		Selects:    map[*parser.Select]*SelectInfo{},
		CTEs:       map[*parser.CTE]*CTEDef{},
		Values:     map[*parser.Term][]string{},
		Using:      map[*parser.Ident]*Merge{},
		DateOps:    map[*parser.AddOp]DateOp{},
		GroupNodes: map[any]int{},
		Postfix:    map[*parser.Postfix]Subscript{},
		Natural:    map[*parser.Join][]*parser.Ident{},
		Laterals:   map[*parser.LateralView]*Entry{},

		Subqueries:  map[*parser.Query][]catalog.Column{},
		Correlated:  map[*parser.Query]bool{},
		FileFormats: map[string]string{},
	}
}

func (b *Bindings) name(prefix string) string {
	b.seq++
	return fmt.Sprintf("%s%d", prefix, b.seq)
}

// scope is one level of name visibility in a query.
type scope struct {
	parent  *scope
	entries []*Entry
	ctes    map[string]*CTEDef
	aliases map[string]int // select-list aliases (ORDER BY, GROUP BY, HAVING): 1-based output item
	output  []OutputItem   // the select list the aliases name
	// aliasFirst looks the aliases up before the columns of entries: in
	// ORDER BY and HAVING an output name wins, in GROUP BY an input
	// column does (Spark).
	aliasFirst bool
	params     map[string]int // function body parameters
	// persistent is set while resolving the body of a persistent view or
	// function: temporary objects are invisible there.
	persistent bool
	// barrier skips the scope above it in column lookup: a subquery in
	// FROM sees the CTEs around it and the queries enclosing the one it
	// stands in, but no column of that one (it is not LATERAL).
	barrier bool
	// boundary marks where a subquery used as an expression starts; a
	// name found beyond it makes the subquery correlated.
	boundary *parser.Query
	// lambda is the lambda function whose body is being resolved: its
	// parameters, of the types lambdaTypes, hide columns of their names.
	lambda      *parser.Lambda
	lambdaTypes []string
}

// cte finds a CTE in scope, marking the subqueries between the reference
// and the CTE's WITH as tied to their place.
func (r *resolver) cte(sc *scope, name string) *CTEDef {
	var crossed []*parser.Query
	for s := sc; s != nil; s = s.parent {
		if c, ok := s.ctes[name]; ok {
			r.correlate(crossed)
			return c
		}
		if s.boundary != nil {
			crossed = append(crossed, s.boundary)
		}
	}
	return nil
}

func (r *resolver) correlate(qs []*parser.Query) {
	for _, q := range qs {
		r.b.Correlated[q] = true
	}
}

// resolver resolves one statement, or one stored body of it.
type resolver struct {
	tx   catalog.Reader
	sess *Session
	b    *Bindings
	x    *expansion
	// level is how deep in views and functions this body lies: 0 for the
	// statement itself (spec §1.5).
	level int
	// refs counts the relation references this text expands to, and
	// calls the SQL function calls.
	refs, calls int
	// deps collects the persistent objects a view or function body uses,
	// and temps the temporary objects it names, for CREATE VIEW/FUNCTION.
	deps  []privilege.Securable
	temps []tempRef
	// qualify records the fully qualified text of each name in a body.
	qualify map[*parser.Name]string
	// chain is, for a stored body, the longest chain of views and
	// functions it reaches, starting with itself (spec §1.5).
	chain []string
	// keys are the canonical keys of the expressions compared to grouping
	// keys.
	keys *keys
	// windows are the named windows of the SELECT block being resolved,
	// each as it finally is, with the clauses of the window it starts from.
	windows map[string]*parser.Window
	// lambdas counts the lambda bodies being resolved, one inside another.
	lambdas int
}

// newResolver starts the resolution of one statement.
func newResolver(tx catalog.Reader, sess *Session, b *Bindings, files map[string][]catalog.Column) *resolver {
	return &resolver{tx: tx, sess: sess, b: b, x: newExpansion(files)}
}

// body returns a resolver for a text inside this one's statement: a stored
// body one level deeper (nested) or a body being created (same level).
func (r *resolver) body(nested bool) *resolver {
	s := &resolver{tx: r.tx, sess: r.sess, b: r.b, x: r.x, level: r.level}
	if nested {
		s.level++
	}
	return s
}

type tempRef struct {
	name, kind string
	pos        sqlerr.Pos
}

// relName renders a name as written, folded, each part backticked (§11).
func relName(n *parser.Name) string { return parser.QuoteName(n.Texts()) }

// catalogOK reports whether a catalog name is hive_metastore or spark_catalog.
func catalogOK(name string) bool {
	n := strings.ToLower(name)
	return n == "hive_metastore" || n == "spark_catalog"
}

func catalogNotFound(i *parser.Ident) error {
	return sqlerr.New(sqlerr.CatalogNotFound, i.At(), "The catalog %s cannot be found.", privilege.Quote(i.Lower()))
}

// splitObjectName turns x, db.x or cat.db.x into database and name.
func (r *resolver) splitObjectName(n *parser.Name) (db, name string, err error) {
	parts := n.Parts
	switch len(parts) {
	case 1:
		return r.sess.CurrentDB, parts[0].Lower(), nil
	case 2:
		return parts[0].Lower(), parts[1].Lower(), nil
	case 3:
		if !catalogOK(parts[0].Text()) {
			return "", "", catalogNotFound(parts[0])
		}
		return parts[1].Lower(), parts[2].Lower(), nil
	}
	return "", "", sqlerr.NewIdentifierTooManyNameParts(n.At(), relName(n), 3)
}

// splitDatabaseName turns db or cat.db into a database name.
func splitDatabaseName(n *parser.Name) (string, error) {
	switch len(n.Parts) {
	case 1:
		return n.Parts[0].Lower(), nil
	case 2:
		if !catalogOK(n.Parts[0].Text()) {
			return "", catalogNotFound(n.Parts[0])
		}
		return n.Parts[1].Lower(), nil
	}
	return "", sqlerr.NewIdentifierTooManyNameParts(n.At(), relName(n), 2)
}

func schemaNotFound(pos sqlerr.Pos, db string) error {
	return sqlerr.New(sqlerr.SchemaNotFound, pos, "The schema %s cannot be found. Verify the spelling and correctness of the schema and catalog.", privilege.Quote(db))
}

func tableNotFound(n *parser.Name) error {
	return sqlerr.New(sqlerr.TableOrViewNotFound, n.At(), "The table or view %s cannot be found. Verify the spelling and correctness of the schema and catalog.", relName(n))
}

func routineNotFound(n *parser.Name) error {
	return sqlerr.New(sqlerr.RoutineNotFound, n.At(), "The routine %s cannot be found. Verify the spelling and correctness of the schema and catalog.", relName(n))
}

// lookupRelation finds a persistent table or view by name.
func (r *resolver) lookupRelation(n *parser.Name) (*catalog.Relation, error) {
	db, name, err := r.splitObjectName(n)
	if err != nil {
		return nil, err
	}
	rel, err := r.tx.Relation(db, name)
	if err != nil {
		return nil, err
	}
	if rel == nil {
		return nil, tableNotFound(n)
	}
	if r.qualify != nil {
		r.qualify[n] = parser.QuoteIdent(rel.DB) + "." + parser.QuoteIdent(rel.Name)
	}
	return rel, nil
}

// lookupFunction finds a persistent function by name.
func (r *resolver) lookupFunction(n *parser.Name) (*catalog.Function, error) {
	db, name, err := r.splitObjectName(n)
	if err != nil {
		return nil, err
	}
	f, err := r.tx.Function(db, name)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, routineNotFound(n)
	}
	return f, nil
}

// pathFormats are the formats of path relations (spec §2.6).
var pathFormats = map[string]bool{"csv": true, "json": true, "parquet": true, "orc": true, "text": true, "avro": true, "delta": true}

// IsPath reports whether a relation name is a path relation fmt.`path`.
func IsPath(n *parser.Name) bool {
	if len(n.Parts) != 2 || !pathFormats[n.Parts[0].Lower()] || !n.Parts[1].IsQuoted() {
		return false
	}
	p := n.Parts[1].Text()
	return strings.HasPrefix(p, "/") || strings.Contains(p, ":/")
}

func relationRequest(rel *catalog.Relation, p privilege.Privilege) *Request {
	return &Request{Object: privilege.TableKey(rel.DB, rel.Name), Right: Use, Privilege: p, Owner: rel.Owner}
}

func hasColumn(e *Entry, name string) bool {
	if e.Open {
		return true
	}
	return e.ColumnIndex(name) >= 0
}

func unresolvedColumn(pos sqlerr.Pos, name string) error {
	return sqlerr.NewUnresolvedColumn(pos, privilege.Quote(name))
}

// relocate gives an error met inside a stored body the position of the
// reference to that body in the text being resolved (spec §11): positions
// always point into the statement as the user wrote it.
func relocate(err error, pos sqlerr.Pos) error {
	e, ok := err.(*sqlerr.Error)
	if !ok {
		return err
	}
	c := *e
	c.Pos = pos
	return &c
}
