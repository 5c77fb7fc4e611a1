// Package catalog is tableacl's store: principals, group membership,
// databases, tables, views, functions, owners, grants and settings, and the
// rows of every table, all in one SQLite file (spec §1.1). It is written
// against database/sql and knows nothing of SQL parsing or authorization; the
// analyzer asks it questions and the engine writes through it.
//
// The engine runs each statement in exactly one Tx, a read transaction when
// the statement changes nothing, and commits or rolls it back whole (spec
// §1.3, §1.5); write transactions open only with the key in
// internal/access. Decisions read a Snapshot, the metadata in memory at the
// last commit; both satisfy Reader, which is what the analyzer reads.
package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/tableacl/tableacl/sqlerr"
)

// FailPrefix marks errors raised on purpose inside a query by tableacl_fail.
const FailPrefix = "tableacl_fail:"

func failFunc(msg string) (int64, error) {
	return 0, fmt.Errorf("%s%s", FailPrefix, msg)
}

// fromSQLite turns an argument of a registered function back into the
// value SQLite holds: the driver hands NULL over as a nil []byte.
func fromSQLite(v any) any {
	if b, ok := v.([]byte); ok {
		if b == nil {
			return nil
		}
		return string(b)
	}
	return v
}

// Failure builds the error a function registered here raises for a
// statement to fail with class and message (the engine maps it back).
func Failure(class, message string) error {
	return fmt.Errorf("%s%s\x1f%s", FailPrefix, class, message)
}

// limitFunc is tableacl_limit(v, name, text): the value of a LIMIT or
// OFFSET expression, or Spark's error for one that is NULL, negative or
// not whole.
func limitFunc(v any, name, text string) (int64, error) {
	prefix := "The limit like expression " + text + " is invalid. "
	switch n := fromSQLite(v).(type) {
	case nil:
		return 0, Failure("INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL", prefix+"The evaluated "+name+" expression must not be null.")
	case int64:
		if n < 0 {
			return 0, Failure("INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", fmt.Sprintf("%sThe %s expression must be equal to or greater than 0, but got %d.", prefix, name, n))
		}
		return n, nil
	}
	return 0, Failure("INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE", prefix+"The "+name+" expression must be integer type, but got \"DOUBLE\".")
}

// scalar is the aggregate tableacl_scalar(x) that a scalar subquery is read
// through: its one value, NULL for no row, and for a second row the error
// Spark raises (SCALAR_SUBQUERY_TOO_MANY_ROWS), which stops the query.
type scalar struct {
	n int
	v any
}

func newScalar() *scalar { return &scalar{} }

func (s *scalar) Step(v any) error {
	s.n++
	if s.n > 1 {
		return fmt.Errorf("%sSCALAR_SUBQUERY_TOO_MANY_ROWS", FailPrefix)
	}
	s.v = fromSQLite(v)
	return nil
}

func (s *scalar) Done() any { return s.v }

// Catalog is an open catalog file, or the transient in-memory catalog.
//
// A file catalog keeps two pools of SQLite connections (spec §1.5): readers,
// whose connections may write nothing but temporary tables (an authorizer
// refuses the rest) and whose transactions are deferred, so
// that any number of them run at once in any number of processes (the file
// is in WAL mode, where readers never wait for writers), and writers, one
// connection per process, whose transactions begin IMMEDIATE and so take
// SQLite's write lock up front; a writer that cannot have the catalog within
// the busy timeout fails with CATALOG_BUSY. A file the process may read but
// not write opens read-only: it has readers only, and every write fails with
// CATALOG_READ_ONLY.
//
// The in-memory catalog is one connection, which is the database: readers
// and writers take turns on it, and while a read transaction holds it the
// authorizer refuses writes as on a reader's connection.
type Catalog struct {
	read  *sql.DB
	write *sql.DB // nil when the file is read-only
	// immutable reads a read-only file that no process is writing (see
	// openReadOnly).
	immutable *sql.DB
	path      string
	memory    bool
	readOnly  bool
	busy      time.Duration
	reading   atomic.Bool  // the in-memory catalog's connection is in a read transaction
	changes   atomic.Int64 // commits of this process that changed the metadata
	snapshots snapshots
	groups    groupCache // users' groups per count of membership commits
	base      string     // the file's DSN without mode and transaction options
}

// DefaultBusyTimeout is how long a writer waits for another connection's
// write transaction before it fails with CATALOG_BUSY (spec §1.5, a tableacl
// choice).
const DefaultBusyTimeout = 30 * time.Second

var memCount atomic.Int64

// Options tunes Open.
type Options struct {
	// BusyTimeout is how long a writer waits for the catalog; zero means
	// DefaultBusyTimeout.
	BusyTimeout time.Duration
}

// Open opens the catalog file at path, creating and bootstrapping it (spec
// §3.3) when it does not exist. An empty path opens a new transient
// in-memory catalog. Several processes may open the same new file at once:
// exactly one bootstraps it, and every one of them succeeds.
func Open(ctx context.Context, path string, opts ...Options) (*Catalog, error) {
	c := &Catalog{path: path, busy: DefaultBusyTimeout}
	for _, o := range opts {
		if o.BusyTimeout > 0 {
			c.busy = o.BusyTimeout
		}
	}
	// LIKE is case-sensitive in Spark; SQLite's is not unless told (_cslike).
	if path == "" {
		c.memory = true
		dsn := fmt.Sprintf("file:tableacl_mem_%d?mode=memory&cache=private&_cslike=true&_foreign_keys=on", memCount.Add(1))
		db := sql.OpenDB(connector{dsn: dsn, driver: newDriver(c.reading.Load)})
		// One connection: an in-memory database exists per connection.
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		c.read, c.write = db, db
	} else {
		c.base = "file:" + url.PathEscape(path) + fmt.Sprintf("?_busy_timeout=%d&_foreign_keys=on&_cslike=true", c.busy.Milliseconds())
		if !writable(path) {
			c.openReadOnly()
		} else {
			read := sql.OpenDB(connector{dsn: c.base + "&_txlock=deferred", driver: newDriver(always)})
			read.SetMaxIdleConns(4)
			write := sql.OpenDB(connector{dsn: c.base + "&_txlock=immediate", driver: newDriver(nil)})
			// One writer per process: writers of this process queue for
			// it, writers of other processes wait in SQLite's busy
			// handler.
			write.SetMaxOpenConns(1)
			write.SetConnMaxIdleTime(0)
			c.read, c.write = read, write
		}
	}
	err := c.init(ctx)
	if err != nil && !c.readOnly && !c.memory && cannotWrite(err) && exists(path) {
		// The file can be read but not written, for instance because
		// its directory cannot hold the files WAL mode needs beside it.
		c.Close()
		c.openReadOnly()
		err = c.init(ctx)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func always() bool { return true }

// openReadOnly sets the catalog up to read a file it may not write. WAL
// mode keeps an index in a -shm file, and commits not yet copied into the
// file in a -wal file, beside the catalog: when either is there, readers use
// them and see every commit; when neither is, no process is writing, and the
// file is read as it is (immutable), without creating files a writer could
// then not use. A writer that starts while such a read runs is noticed when
// it ends (Tx.Rollback), and the read fails with CATALOG_BUSY rather than
// answer from a file that changed under it. Each statement opens a fresh
// connection, so each sees the state of the moment: a writer that starts
// later is seen by the next statement, and a REVOKE takes effect on the very
// next statement here as everywhere.
func (c *Catalog) openReadOnly() {
	c.readOnly, c.read, c.write = true, nil, nil
	d := newDriver(always)
	c.read = sql.OpenDB(connector{dsn: c.base + "&mode=ro&_txlock=deferred", driver: d})
	c.read.SetMaxIdleConns(-1)
	c.immutable = sql.OpenDB(connector{dsn: c.base + "&mode=ro&immutable=1&_txlock=deferred", driver: d})
	c.immutable.SetMaxIdleConns(-1)
}

// fileStamp is what a read of an immutable file checks has not changed.
type fileStamp struct {
	size     int64
	modified int64 // nanoseconds since 1970
	wal, shm bool  // a -wal or -shm file is beside the catalog
}

// stamp looks at the catalog file and the files SQLite keeps beside it.
// SQLite follows a symbolic link to the file and keeps them beside its
// target, so the stamp does too.
func (c *Catalog) stamp() fileStamp {
	path := c.path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	var st fileStamp
	if fi, err := os.Stat(path); err == nil {
		st.size, st.modified = fi.Size(), fi.ModTime().UnixNano()
	}
	st.wal, st.shm = exists(path+"-wal"), exists(path+"-shm")
	return st
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// cannotWrite reports an error that says the file cannot be written.
func cannotWrite(err error) bool {
	var se *sqlerr.Error
	if errors.As(err, &se) && se.Class == sqlerr.CatalogReadOnly {
		return true
	}
	var le sqlite3.Error
	return errors.As(err, &le) && (le.Code == sqlite3.ErrReadonly || le.Code == sqlite3.ErrCantOpen || le.Code == sqlite3.ErrPerm || le.Code == sqlite3.ErrAuth)
}

// writable reports whether the process may write the file at path, or
// create it when it does not exist yet. It asks access(2) rather than
// opening the file: closing a file of a catalog this process has open
// would release every lock SQLite holds on it (see Holds).
func writable(path string) bool {
	err := syscall.Access(path, 2 /* W_OK */)
	return err == nil || errors.Is(err, fs.ErrNotExist)
}

// Holds reports whether path names the catalog's file or one of the files
// SQLite keeps beside it (its write-ahead log, its index, its journal).
// Such a file must not be opened by anything but SQLite in this process:
// POSIX locks belong to a process and a file, so closing any descriptor of
// the file releases every lock SQLite holds on it, and other processes may
// then write, checkpoint or truncate under this one's readers. Whatever
// reads files a user names (a script, a query of a file) asks first.
func (c *Catalog) Holds(path string) bool {
	if c.memory || c.path == "" {
		return false
	}
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	// SQLite keeps its files beside the target of a symbolic link.
	base := c.path
	if real, err := filepath.EvalSymlinks(base); err == nil {
		base = real
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if own, err := os.Stat(base + suffix); err == nil && os.SameFile(fi, own) {
			return true
		}
	}
	return false
}

// Close closes the catalog.
func (c *Catalog) Close() error {
	c.closeWatchers()
	var err error
	if c.write != nil && c.write != c.read {
		err = c.write.Close()
	}
	if c.immutable != nil {
		err = errors.Join(err, c.immutable.Close())
	}
	if c.read != nil {
		err = errors.Join(err, c.read.Close())
	}
	return err
}

// Path is the file the catalog lives in, or "" for the in-memory one.
func (c *Catalog) Path() string { return c.path }

// ReadOnly reports whether the catalog file opened read-only.
func (c *Catalog) ReadOnly() bool { return c.readOnly }

// BusyTimeout is how long a writer waits for the catalog.
func (c *Catalog) BusyTimeout() time.Duration { return c.busy }

// SharesWriter reports whether reads queue for the one connection writes
// use (the in-memory catalog), so that a long read holds writers up too.
func (c *Catalog) SharesWriter() bool { return c.memory }

func (t *Tx) exec(query string, args ...any) error {
	t.changed = true
	if st := t.stmt(query); st != nil {
		_, err := st.ExecContext(t.ctx, args...)
		return err
	}
	_, err := t.tx.ExecContext(t.ctx, query, args...)
	return err
}

// maxStmts bounds the statements a transaction keeps prepared.
const maxStmts = 128

// stmt returns the catalog's query prepared in this transaction, or nil
// when it cannot be kept. A transaction of one statement gains nothing; a
// batch of statements (engine.Batch) prepares each of its queries once
// instead of once per use.
func (t *Tx) stmt(query string) *sql.Stmt {
	if st, ok := t.stmts[query]; ok {
		return st
	}
	// A prepared statement is one SQL statement: scripts (the schema) run
	// as they are.
	if len(t.stmts) >= maxStmts || strings.Contains(query, ";") {
		return nil
	}
	st, err := t.tx.PrepareContext(context.WithoutCancel(t.ctx), query)
	if err != nil {
		return nil // the query itself reports the error
	}
	if t.stmts == nil {
		t.stmts = make(map[string]*sql.Stmt)
	}
	t.stmts[query] = st
	return st
}

// query runs one of the catalog's own queries.
func (t *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(query); st != nil {
		return st.QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, query, args...)
}

// queryRow runs one of the catalog's own queries that returns a row.
func (t *Tx) queryRow(query string, args ...any) *sql.Row {
	if st := t.stmt(query); st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

// queryStrings runs a query that returns one string column.
func (t *Tx) queryStrings(query string, args ...any) ([]string, error) {
	rows, err := t.query(query, args...)
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
	err := t.queryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	return v, err == nil, err
}

// Settings returns every setting, sorted by key.
func (t *Tx) Settings() ([][2]string, error) {
	rows, err := t.query(`SELECT key, value FROM meta WHERE key LIKE 'tableacl.%' ORDER BY key`)
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
