package catalog

import (
	"context"
	"database/sql/driver"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/tableacl/tableacl/catalog/internal/functions"
)

// mmapSize is how much of a catalog file SQLite maps into memory (address
// space, not memory: the pages are the system's file cache).
const mmapSize = 1 << 30

// connector opens connections of one pool with the driver made for it.
type connector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.driver }

// dynamicConnector chooses the DSN each time it opens a connection.
type dynamicConnector struct {
	dsn    func() string
	driver *sqlite3.SQLiteDriver
}

func (c dynamicConnector) Connect(context.Context) (driver.Conn, error) {
	return c.driver.Open(c.dsn())
}
func (c dynamicConnector) Driver() driver.Driver { return c.driver }

// newDriver makes the SQLite driver of one pool: every connection gets the
// functions tableacl's translated queries call and, while reading reports
// true, an authorizer that refuses every change but to temporary tables. A
// read transaction so cannot change the catalog, whatever SQL it is given,
// while it may still materialize what a statement reads more than once.
func newDriver(reading func() bool) *sqlite3.SQLiteDriver {
	return &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			// A value (string or blob) holds at most MaxValueLength bytes:
			// a statement that doubles a string at every level reaches
			// the limit long before it exhausts memory (spec §1.5).
			c.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, MaxValueLength)
			// Pages are read through a memory map of the file rather than
			// a read call each: a catalog of a million grants is larger
			// than SQLite's page cache, and at that size the calls were
			// a third of the cost of a GRANT (a million GRANTs: 55 s mapped,
			// 79 s read, and a larger page cache did not help). The cost is
			// SQLite's: a catalog file truncated in place by another
			// program while it is mapped ends the process with SIGBUS,
			// where reads would fail a statement; SQLite itself never
			// truncates a file a reader maps. The write-ahead log is
			// checkpointed into the file every 10,000 pages (40 MB)
			// rather than 1,000, for fewer, larger checkpoints.
			if _, err := c.Exec(fmt.Sprintf("PRAGMA mmap_size = %d; PRAGMA wal_autocheckpoint = 10000", mmapSize), nil); err != nil {
				return err
			}
			if err := c.RegisterAggregator("tableacl_scalar", newScalar, true); err != nil {
				return err
			}
			if err := c.RegisterFunc("tableacl_fail", failFunc, true); err != nil {
				return err
			}
			if err := c.RegisterFunc("tableacl_limit", limitFunc, true); err != nil {
				return err
			}
			if err := functions.Register(c); err != nil {
				return err
			}
			if reading != nil {
				c.RegisterAuthorizer(func(op int, arg1, arg2, db string) int {
					if !reading() || readAllowed(op, arg2, db) {
						return sqlite3.SQLITE_OK
					}
					return sqlite3.SQLITE_DENY
				})
			}
			return nil
		},
	}
}

// MaxValueLength bounds one string value, stored or computed (tableacl
// choice; SQLite's own bound is 1 GB).
const MaxValueLength = 64 << 20

// sqliteRecursive is SQLITE_RECURSIVE, which the driver does not name.
const sqliteRecursive = 33

// readAllowed is what a read transaction may do: read, call functions,
// read a pragma, and create, fill and drop temporary tables.
func readAllowed(op int, arg2, db string) bool {
	switch op {
	case sqlite3.SQLITE_READ, sqlite3.SQLITE_SELECT, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_TRANSACTION,
		sqlite3.SQLITE_SAVEPOINT, sqliteRecursive, sqlite3.SQLITE_CREATE_TEMP_TABLE, sqlite3.SQLITE_DROP_TEMP_TABLE:
		return true
	case sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE:
		return db == "temp"
	case sqlite3.SQLITE_PRAGMA:
		return arg2 == ""
	}
	return false
}
