package catalog

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/tableacl/tableacl/privilege"
)

// Database is one database (schema).
type Database struct {
	Name, Owner, Comment, Location string
}

// Column is one column of a table or view.
type Column struct {
	Name    string // as declared
	Type    string // Spark's lower-case spelling, e.g. "int", "decimal(10,2)"
	NotNull bool
	Comment string
}

// Relation is a table or a view.
type Relation struct {
	ID       int64
	DB, Name string
	View     bool
	Owner    string
	Provider string
	Comment  string
	Location string
	ViewText string // canonical body of a view, every name fully qualified
	// QueryColumns are the names of the columns a view's body gave when the
	// view was created, which the view's columns are taken from by name
	// when it is read (Spark's view query column names); nil for a view
	// stored before tableacl kept them, read by position.
	QueryColumns []string
	// Stored is set once the SQLite table that holds a table's rows
	// exists: it is created when the first row is written (see Store).
	// A Snapshot does not follow it: no decision depends on rows.
	Stored bool
	// Elsewhere marks a table an embedding program registered whose rows
	// live in its own engine: it has columns and an owner, takes grants,
	// and reads as no rows; tableacl never writes rows to it (Store
	// returns ErrElsewhere).
	Elsewhere bool
	Columns   []Column
	Deps      []privilege.Securable // a view's resolved dependencies, in body order
}

// Param is one parameter of a SQL function.
type Param struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Function is a persistent function: SQL-bodied (Body) or class-based (Class).
type Function struct {
	DB, Name string
	Owner    string
	Params   []Param
	Returns  string
	Body     string
	Class    string
	Comment  string
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Database returns the named database, or nil.
func (t *Tx) Database(name string) (*Database, error) {
	var d Database
	var comment, location sql.NullString
	err := t.queryRow(`SELECT name, owner, comment, location FROM databases WHERE name = ?`, name).
		Scan(&d.Name, &d.Owner, &comment, &location)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d.Comment, d.Location = comment.String, location.String
	return &d, nil
}

// Databases lists all databases by name.
func (t *Tx) Databases() ([]string, error) {
	return t.queryStrings(`SELECT name FROM databases ORDER BY name`)
}

// CreateDatabase adds a database.
func (t *Tx) CreateDatabase(d Database) error {
	return t.exec(`INSERT INTO databases VALUES (?, ?, ?, ?)`, d.Name, d.Owner, nullable(d.Comment), nullable(d.Location))
}

// DropDatabase removes an empty database and its grant rows.
func (t *Tx) DropDatabase(name string) error {
	if err := t.PurgeGrants(privilege.DatabaseKey(name)); err != nil {
		return err
	}
	return t.exec(`DELETE FROM databases WHERE name = ?`, name)
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// relationColumns are the columns of relations that scanRelation reads.
const relationColumns = `id, db, name, is_view, owner, provider, comment, location, view_text, query_columns, stored`

// scanRelation reads one row of relationColumns, without columns or deps.
func scanRelation(row scanner) (*Relation, error) {
	var r Relation
	var isView, stored int
	var provider, comment, location, text, queryCols sql.NullString
	if err := row.Scan(&r.ID, &r.DB, &r.Name, &isView, &r.Owner, &provider, &comment, &location, &text, &queryCols, &stored); err != nil {
		return nil, err
	}
	r.View, r.Stored, r.Elsewhere = isView == 1, stored == storedYes, stored == storedElsewhere
	r.Provider, r.Comment, r.Location, r.ViewText = provider.String, comment.String, location.String, text.String
	if queryCols.Valid {
		if err := json.Unmarshal([]byte(queryCols.String), &r.QueryColumns); err != nil {
			return nil, fmt.Errorf("view %s.%s: stored query columns: %v", r.DB, r.Name, err)
		}
	}
	return &r, nil
}

// scanColumn reads one row of name, type, not_null, comment of columns.
func scanColumn(row scanner, extra ...any) (Column, error) {
	var c Column
	var nn int
	var cm sql.NullString
	err := row.Scan(append(extra, &c.Name, &c.Type, &nn, &cm)...)
	c.NotNull, c.Comment = nn == 1, cm.String
	return c, err
}

// Relation returns the table or view db.name with its columns, or nil.
func (t *Tx) Relation(db, name string) (*Relation, error) {
	r, err := scanRelation(t.queryRow(`SELECT `+relationColumns+` FROM relations WHERE db = ? AND name = ?`, db, name))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := t.query(`SELECT name, type, not_null, comment FROM columns WHERE rel_id = ? ORDER BY ord`, r.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanColumn(rows)
		if err != nil {
			return nil, err
		}
		r.Columns = append(r.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if r.View {
		deps, err := t.query(`SELECT obj_type, db, name FROM view_deps WHERE rel_id = ? ORDER BY ord`, r.ID)
		if err != nil {
			return nil, err
		}
		defer deps.Close()
		for deps.Next() {
			var s privilege.Securable
			if err := deps.Scan(&s.Type, &s.DB, &s.Name); err != nil {
				return nil, err
			}
			r.Deps = append(r.Deps, s)
		}
		return r, deps.Err()
	}
	return r, nil
}

// RelationNames lists the tables and views of db by name.
func (t *Tx) RelationNames(db string) ([]string, error) {
	return t.queryStrings(`SELECT name FROM relations WHERE db = ? ORDER BY name`, db)
}

// CreateRelation stores a table or view. It sets r.ID. The SQLite table
// that holds a table's rows is created by Store, when the first row is
// written: creating a SQLite table costs a read of SQLite's whole schema,
// and most tables of a catalog built to try an access design hold no rows.
func (t *Tx) CreateRelation(r *Relation) error {
	t.changed = true
	r.Stored = false
	stored := storedNot
	if r.Elsewhere {
		if r.View {
			return fmt.Errorf("catalog: view %s.%s cannot live elsewhere", r.DB, r.Name)
		}
		stored = storedElsewhere
	}
	res, err := t.tx.ExecContext(t.ctx,
		`INSERT INTO relations (db, name, is_view, owner, provider, comment, location, view_text, query_columns, stored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.DB, r.Name, b2i(r.View), r.Owner, nullable(r.Provider), nullable(r.Comment), nullable(r.Location), nullable(r.ViewText), queryColumns(r), stored)
	if err != nil {
		return err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return t.writeColumnsAndDeps(r)
}

// The values of relations.stored.
const (
	storedNot       = 0 // a table no row was written to yet
	storedYes       = 1 // its SQLite table exists
	storedElsewhere = 2 // registered by an embedder: its rows live in the embedder's engine
)

// ErrElsewhere is Store's error for a table whose rows live elsewhere.
var ErrElsewhere = errors.New("the table's rows live in the engine of the program that registered it")

// Store returns the SQLite table that holds the rows of table r, creating
// it first if no row was ever written to r. Statements that write rows
// call it; a query of a table never written reads no rows.
func (t *Tx) Store(r *Relation) (string, error) {
	if r.View {
		return "", fmt.Errorf("catalog: view %s.%s holds no rows", r.DB, r.Name)
	}
	if r.Stored {
		return DataTable(r.ID), nil
	}
	if r.Elsewhere {
		return "", ErrElsewhere
	}
	defs := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		defs[i] = QuoteIdent(c.Name) + " " + Affinity(c.Type)
		if c.NotNull {
			defs[i] += " NOT NULL"
		}
	}
	if _, err := t.tx.ExecContext(t.ctx, `CREATE TABLE `+DataTable(r.ID)+` (`+strings.Join(defs, ", ")+`)`); err != nil {
		return "", err
	}
	if _, err := t.tx.ExecContext(t.ctx, `UPDATE relations SET stored = 1 WHERE id = ?`, r.ID); err != nil {
		return "", err
	}
	r.Stored = true
	return DataTable(r.ID), nil
}

func (t *Tx) writeColumnsAndDeps(r *Relation) error {
	for i, c := range r.Columns {
		if err := t.exec(`INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?)`, r.ID, i, c.Name, c.Type, b2i(c.NotNull), nullable(c.Comment)); err != nil {
			return err
		}
	}
	for i, d := range r.Deps {
		if err := t.exec(`INSERT INTO view_deps VALUES (?, ?, ?, ?, ?)`, r.ID, i, d.Type, d.DB, d.Name); err != nil {
			return err
		}
	}
	return nil
}

// Affinity maps a Spark type to the SQLite column affinity (and CAST
// target) that keeps its values: integers stay integers, decimals and
// doubles stay numeric. Data semantics follow SQLite (spec §1.2).
func Affinity(typ string) string {
	switch {
	case typ == "int" || typ == "bigint" || typ == "smallint" || typ == "tinyint" || typ == "boolean":
		return "INTEGER"
	case typ == "double" || typ == "float":
		return "REAL"
	case strings.HasPrefix(typ, "decimal"):
		return "NUMERIC"
	}
	return "TEXT"
}

// ReplaceView changes a view's body, columns and dependencies, keeping its
// id, owner and grants (spec §9.3).
func (t *Tx) ReplaceView(r *Relation) error {
	if err := t.exec(`UPDATE relations SET view_text = ?, comment = ?, query_columns = ? WHERE id = ?`, r.ViewText, nullable(r.Comment), queryColumns(r), r.ID); err != nil {
		return err
	}
	if err := t.exec(`DELETE FROM columns WHERE rel_id = ?`, r.ID); err != nil {
		return err
	}
	if err := t.exec(`DELETE FROM view_deps WHERE rel_id = ?`, r.ID); err != nil {
		return err
	}
	return t.writeColumnsAndDeps(r)
}

// DropRelation removes a table or view, its rows and its grant rows.
func (t *Tx) DropRelation(r *Relation) error {
	if err := t.PurgeGrants(privilege.TableKey(r.DB, r.Name)); err != nil {
		return err
	}
	if err := t.exec(`DELETE FROM relations WHERE id = ?`, r.ID); err != nil {
		return err
	}
	if r.View || !r.Stored {
		return nil
	}
	return t.exec(`DROP TABLE ` + DataTable(r.ID))
}

// RenameRelation renames a table or view inside its database, moving its
// grants and denies with it (spec §9.3). The rows stay where they are.
func (t *Tx) RenameRelation(r *Relation, newName string) error {
	if err := t.exec(`UPDATE relations SET name = ? WHERE id = ?`, newName, r.ID); err != nil {
		return err
	}
	return t.exec(`UPDATE grants SET name = ? WHERE obj_type = ? AND db = ? AND name = ?`, newName, privilege.Table, r.DB, r.Name)
}

// functionColumns are the columns of functions that scanFunction reads.
const functionColumns = `db, name, owner, params, returns, body, class, comment`

func scanFunction(row scanner) (*Function, error) {
	var f Function
	var params string
	var body, class, comment sql.NullString
	if err := row.Scan(&f.DB, &f.Name, &f.Owner, &params, &f.Returns, &body, &class, &comment); err != nil {
		return nil, err
	}
	f.Body, f.Class, f.Comment = body.String, class.String, comment.String
	if err := json.Unmarshal([]byte(params), &f.Params); err != nil {
		return nil, err
	}
	return &f, nil
}

// Function returns the function db.name, or nil.
func (t *Tx) Function(db, name string) (*Function, error) {
	f, err := scanFunction(t.queryRow(`SELECT `+functionColumns+` FROM functions WHERE db = ? AND name = ?`, db, name))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return f, err
}

// FunctionNames lists the functions of db by name.
func (t *Tx) FunctionNames(db string) ([]string, error) {
	return t.queryStrings(`SELECT name FROM functions WHERE db = ? ORDER BY name`, db)
}

// PutFunction creates a function, or replaces the definition of an existing
// one while keeping its owner and grants (spec §9.3).
func (t *Tx) PutFunction(f *Function) error {
	params, err := json.Marshal(f.Params)
	if err != nil {
		return err
	}
	if f.Params == nil {
		params = []byte("[]")
	}
	return t.exec(`INSERT INTO functions VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(db, name) DO UPDATE SET params = excluded.params, returns = excluded.returns,
			body = excluded.body, class = excluded.class, comment = excluded.comment`,
		f.DB, f.Name, f.Owner, string(params), f.Returns, nullable(f.Body), nullable(f.Class), nullable(f.Comment))
}

// DropFunction removes a function and its grant rows.
func (t *Tx) DropFunction(db, name string) error {
	if err := t.PurgeGrants(privilege.FunctionKey(db, name)); err != nil {
		return err
	}
	return t.exec(`DELETE FROM functions WHERE db = ? AND name = ?`, db, name)
}

// Owner returns the owner of s, or "" when it has none (an unowned catalog,
// ANY FILE, ANONYMOUS FUNCTION) or does not exist.
func (t *Tx) Owner(s privilege.Securable) (string, error) {
	owner, _, err := t.OwnerOf(s)
	return owner, err
}

// OwnerOf returns the owner of s and whether s exists; the catalog, ANY
// FILE and ANONYMOUS FUNCTION always exist. One query, whatever s is: the
// cheap way to resolve the object of an ACL statement.
func (t *Tx) OwnerOf(s privilege.Securable) (string, bool, error) {
	var q string
	var args []any
	switch s.Type {
	case privilege.Catalog:
		v, _, err := t.Setting("catalog.owner")
		return v, true, err
	case privilege.Database:
		q, args = `SELECT owner FROM databases WHERE name = ?`, []any{s.DB}
	case privilege.Table:
		q, args = `SELECT owner FROM relations WHERE db = ? AND name = ?`, []any{s.DB, s.Name}
	case privilege.Function:
		q, args = `SELECT owner FROM functions WHERE db = ? AND name = ?`, []any{s.DB, s.Name}
	default:
		return "", true, nil
	}
	var owner string
	err := t.queryRow(q, args...).Scan(&owner)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return owner, err == nil, err
}

// SetOwner makes p the owner of s.
func (t *Tx) SetOwner(s privilege.Securable, p string) error {
	switch s.Type {
	case privilege.Catalog:
		return t.SetSetting("catalog.owner", p)
	case privilege.Database:
		return t.exec(`UPDATE databases SET owner = ? WHERE name = ?`, p, s.DB)
	case privilege.Table:
		return t.exec(`UPDATE relations SET owner = ? WHERE db = ? AND name = ?`, p, s.DB, s.Name)
	case privilege.Function:
		return t.exec(`UPDATE functions SET owner = ? WHERE db = ? AND name = ?`, p, s.DB, s.Name)
	}
	return nil
}

// FirstOwned returns the first object p owns in the order of spec §10.3:
// the catalog, then databases, then tables and views, then functions.
func (t *Tx) FirstOwned(p string) (privilege.Securable, bool, error) {
	if owner, err := t.Owner(privilege.CatalogKey); err != nil || owner == p {
		return privilege.CatalogKey, err == nil, err
	}
	var s privilege.Securable
	err := t.queryRow(`
		SELECT t, db, name FROM (
			SELECT 2 AS t, name AS db, '' AS name FROM databases WHERE owner = ?1
			UNION ALL SELECT 3, db, name FROM relations WHERE owner = ?1
			UNION ALL SELECT 4, db, name FROM functions WHERE owner = ?1)
		ORDER BY t, db, name LIMIT 1`, p).Scan(&s.Type, &s.DB, &s.Name)
	if err == sql.ErrNoRows {
		return s, false, nil
	}
	return s, err == nil, err
}

// DatabaseEmpty reports whether db holds no table, view or function.
func (t *Tx) DatabaseEmpty(db string) (bool, error) {
	var n int
	err := t.queryRow(`SELECT (SELECT count(*) FROM relations WHERE db = ?1) + (SELECT count(*) FROM functions WHERE db = ?1)`, db).Scan(&n)
	return n == 0, err
}

// queryColumns is the stored form of a view's query column names: a JSON
// array, or NULL for a table.
func queryColumns(r *Relation) any {
	if !r.View || r.QueryColumns == nil {
		return nil
	}
	b, err := json.Marshal(r.QueryColumns)
	if err != nil {
		return nil
	}
	return string(b)
}
