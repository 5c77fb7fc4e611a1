// Package catalog is tableacl's store: principals, group membership,
// databases, tables, views, functions, owners, grants and settings, and the
// rows of every table, all in one SQLite file (spec §1.1). It is written
// against database/sql and knows nothing of SQL parsing or authorization; the
// analyzer asks it questions and the engine writes through it.
//
// All access goes through a Tx: the engine runs each statement in exactly one
// transaction and commits or rolls it back whole (spec §1.3).
package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync/atomic"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// SchemaVersion is written to PRAGMA user_version of every catalog file.
const SchemaVersion = 1

const driverName = "tableacl_sqlite3"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			// SQLite builds without the math extension lack floor and ceil.
			if err := c.RegisterFunc("tableacl_floor", floorFunc, true); err != nil {
				return err
			}
			if err := c.RegisterFunc("tableacl_ceil", ceilFunc, true); err != nil {
				return err
			}
			return c.RegisterFunc("tableacl_fail", failFunc, true)
		},
	})
}

func floorFunc(x any) any { return roundWith(x, math.Floor) }
func ceilFunc(x any) any  { return roundWith(x, math.Ceil) }

func roundWith(x any, f func(float64) float64) any {
	switch v := x.(type) {
	case nil:
		return nil
	case int64:
		return v
	case float64:
		return int64(f(v))
	}
	return x
}

// FailPrefix marks errors raised on purpose inside a query by tableacl_fail.
const FailPrefix = "tableacl_fail:"

func failFunc(msg string) (int64, error) {
	return 0, fmt.Errorf("%s%s", FailPrefix, msg)
}

// Catalog is an open catalog file, or the transient in-memory catalog.
type Catalog struct {
	db   *sql.DB
	path string
}

var memCount atomic.Int64

// Open opens the catalog file at path, creating and bootstrapping it (spec
// §3.3) when it does not exist. An empty path opens a new transient
// in-memory catalog.
func Open(ctx context.Context, path string) (*Catalog, error) {
	var dsn string
	// LIKE is case-sensitive in Spark; SQLite's is not unless told (_cslike).
	if path == "" {
		dsn = fmt.Sprintf("file:tableacl_mem_%d?mode=memory&cache=private&_cslike=true&_foreign_keys=on", memCount.Add(1))
	} else {
		dsn = "file:" + url.PathEscape(path) + "?_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&_foreign_keys=on&_cslike=true"
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	// One connection: an in-memory database exists per connection, and a
	// single writer per process keeps statements strictly ordered. Other
	// processes are serialized by SQLite's lock and the busy timeout.
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	c := &Catalog{db: db, path: path}
	if err := c.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return c, nil
}

// Close closes the catalog.
func (c *Catalog) Close() error { return c.db.Close() }

// Path is the file the catalog lives in, or "" for the in-memory one.
func (c *Catalog) Path() string { return c.path }

const schema = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE principals (name TEXT PRIMARY KEY, is_group INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE members (
	member TEXT NOT NULL REFERENCES principals(name) ON DELETE CASCADE,
	grp    TEXT NOT NULL REFERENCES principals(name) ON DELETE CASCADE,
	PRIMARY KEY (member, grp)) WITHOUT ROWID;
CREATE INDEX members_grp ON members(grp);
CREATE TABLE databases (
	name TEXT PRIMARY KEY, owner TEXT NOT NULL,
	comment TEXT, location TEXT) WITHOUT ROWID;
CREATE TABLE relations (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	db TEXT NOT NULL REFERENCES databases(name),
	name TEXT NOT NULL,
	is_view INTEGER NOT NULL,
	owner TEXT NOT NULL,
	provider TEXT, comment TEXT, location TEXT, view_text TEXT,
	UNIQUE (db, name));
CREATE TABLE columns (
	rel_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
	not_null INTEGER NOT NULL, comment TEXT,
	PRIMARY KEY (rel_id, ord)) WITHOUT ROWID;
CREATE TABLE view_deps (
	rel_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL, obj_type INTEGER NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL,
	PRIMARY KEY (rel_id, ord)) WITHOUT ROWID;
CREATE TABLE functions (
	db TEXT NOT NULL REFERENCES databases(name), name TEXT NOT NULL,
	owner TEXT NOT NULL, params TEXT NOT NULL, returns TEXT NOT NULL,
	body TEXT, class TEXT, comment TEXT,
	PRIMARY KEY (db, name)) WITHOUT ROWID;
CREATE TABLE grants (
	obj_type INTEGER NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL,
	privilege INTEGER NOT NULL, principal TEXT NOT NULL, deny INTEGER NOT NULL,
	PRIMARY KEY (obj_type, db, name, privilege, principal, deny)) WITHOUT ROWID;
CREATE INDEX grants_principal ON grants(principal);
`

func (c *Catalog) init(ctx context.Context) error {
	var version int
	if err := c.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	switch {
	case version == SchemaVersion:
		return nil
	case version > SchemaVersion:
		return fmt.Errorf("catalog %s has schema version %d; this tableacl reads version %d", c.path, version, SchemaVersion)
	}
	var n int
	if err := c.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%s is a SQLite file but not a tableacl catalog", c.path)
	}
	tx, err := c.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.tx.ExecContext(ctx, schema); err != nil {
		return err
	}
	// Bootstrap, spec §3.3.
	for _, stmt := range []string{
		`INSERT INTO principals VALUES ('admin', 0), ('admins', 1), ('users', 1)`,
		`INSERT INTO members VALUES ('admin', 'admins')`,
		`INSERT INTO databases (name, owner) VALUES ('default', 'admin')`,
		`INSERT INTO meta VALUES ('tableacl.requireUsage', 'true')`,
		fmt.Sprintf(`PRAGMA user_version = %d`, SchemaVersion),
	} {
		if _, err := tx.tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Tx is one statement's transaction.
type Tx struct {
	tx  *sql.Tx
	ctx context.Context
}

// Begin starts a transaction. Its statements run under ctx, so cancelling
// ctx interrupts the running query, but the transaction itself is not tied
// to ctx: database/sql discards the connection of a transaction whose
// context is cancelled, and the one connection of the in-memory catalog is
// the catalog. The caller rolls back as after any other error.
func (c *Catalog) Begin(ctx context.Context) (*Tx, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tx, err := c.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, ctx: ctx}, nil
}

// Commit commits the transaction.
func (t *Tx) Commit() error { return t.tx.Commit() }

// Rollback abandons the transaction; after Commit it does nothing.
func (t *Tx) Rollback() error {
	err := t.tx.Rollback()
	if err == sql.ErrTxDone {
		return nil
	}
	return err
}

func (t *Tx) exec(query string, args ...any) error {
	_, err := t.tx.ExecContext(t.ctx, query, args...)
	return err
}

// queryStrings runs a query that returns one string column.
func (t *Tx) queryStrings(query string, args ...any) ([]string, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Setting returns the stored value of a setting.
func (t *Tx) Setting(key string) (string, bool, error) {
	var v string
	err := t.tx.QueryRowContext(t.ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return v, err == nil, err
}

// Settings returns every setting, sorted by key.
func (t *Tx) Settings() ([][2]string, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT key, value FROM meta WHERE key LIKE 'tableacl.%' ORDER BY key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var kv [2]string
		if err := rows.Scan(&kv[0], &kv[1]); err != nil {
			return nil, err
		}
		out = append(out, kv)
	}
	return out, rows.Err()
}

// SetSetting stores a setting.
func (t *Tx) SetSetting(key, value string) error {
	return t.exec(`INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
}

// DataTable is the SQLite name of the table that holds the rows of the
// relation with the given id. It is built from the id alone, so no user
// text ever reaches SQLite as an identifier.
func DataTable(id int64) string { return fmt.Sprintf(`"data_%d"`, id) }

// QuoteIdent quotes a column name for SQLite. Stored column names contain
// only ASCII letters, digits and '_' (spec §2.2), so quoting is a formality.
func QuoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Exec runs a data statement built by the engine.
func (t *Tx) Exec(query string, args ...any) (int64, error) {
	res, err := t.tx.ExecContext(t.ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Query runs a data query built by the engine.
func (t *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(t.ctx, query, args...)
}
