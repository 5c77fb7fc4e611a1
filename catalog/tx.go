package catalog

import (
	"context"
	"database/sql"
	"errors"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/tableacl/tableacl/internal/access"
	"github.com/tableacl/tableacl/sqlerr"
)

// Tx is one statement's transaction: a write transaction, which holds the
// catalog's write lock from its start, or a read transaction, which sees
// one snapshot and takes no lock that a writer waits for (spec §1.5).
type Tx struct {
	tx       *sql.Tx
	conn     *sql.Conn
	stmts    map[string]*sql.Stmt // see stmt
	ctx      context.Context
	cat      *Catalog
	readOnly bool
	// changed is set by every write to the catalog's own tables (not to
	// the rows of tables): Commit then counts the change (see Snapshot).
	changed bool
	// membersChanged is set by every write to principals or memberships:
	// Commit counts it too, and the transaction reads groups from SQLite.
	membersChanged bool
	memberWrites   int // how many such writes
	// stamp is set for a read of an immutable file: what must not have
	// changed when it ends.
	stamp *fileStamp
}

// Begin starts a write transaction. It waits up to the busy timeout for
// other writers, then fails with CATALOG_BUSY; on a read-only file it fails
// with CATALOG_READ_ONLY.
//
// Its statements run under ctx, so cancelling ctx interrupts the running
// query, but the transaction itself is not tied to ctx: database/sql
// discards the connection of a transaction whose context is cancelled, and
// the one connection of the in-memory catalog is the catalog. The caller
// rolls back as after any other error.
//
// Only the holder of access.Write, the engine, may begin one: a write
// transaction changes grants, owners and principals without a decision.
func (c *Catalog) Begin(ctx context.Context, key *access.Key) (*Tx, error) {
	if key != access.Write {
		return nil, errors.New("catalog: write transactions are the engine's: run statements through it")
	}
	return c.beginWrite(ctx)
}

func (c *Catalog) beginWrite(ctx context.Context) (*Tx, error) {
	if c.write == nil {
		return nil, ReadOnlyError(c.path)
	}
	return c.begin(ctx, c.write, false)
}

// BeginRead starts a read transaction: any number run at once, in any
// number of processes, and none of them waits for a writer or makes one
// wait. Writing through it fails.
func (c *Catalog) BeginRead(ctx context.Context) (*Tx, error) {
	if c.readOnly {
		if st := c.stamp(); !st.wal && !st.shm {
			tx, err := c.begin(ctx, c.immutable, true)
			if err == nil {
				tx.stamp = &st
			}
			return tx, err
		}
	}
	return c.begin(ctx, c.read, true)
}

func (c *Catalog) begin(ctx context.Context, db *sql.DB, readOnly bool) (*Tx, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// A connection of this process's pool is waited for as long as the
	// busy timeout, like the lock of another process.
	wait, cancel := context.WithTimeout(ctx, c.busy)
	conn, err := db.Conn(wait)
	cancel()
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return nil, BusyError()
		}
		return nil, err
	}
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		conn.Close()
		return nil, mapError(err, c.path)
	}
	if c.memory && readOnly {
		c.reading.Store(true)
	}
	return &Tx{tx: tx, conn: conn, ctx: ctx, cat: c, readOnly: readOnly}, nil
}

// MemberWrites counts the writes to principals and memberships this
// transaction made so far: while it stays the same, so do every user's
// groups as the transaction sees them.
func (t *Tx) MemberWrites() int { return t.memberWrites }

// ReadOnly reports whether this is a read transaction.
func (t *Tx) ReadOnly() bool { return t.readOnly }

// Commit commits the transaction. A commit that finds the catalog busy or
// read-only changes nothing and says so. A read transaction has nothing to
// commit: it ends as a rollback, which drops the temporary tables it made.
func (t *Tx) Commit() error {
	if t.readOnly {
		return t.Rollback()
	}
	if t.changed {
		// In the statement's own transaction: a snapshot that reads this
		// version has read this change (spec §1.5).
		bump := `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog.version'`
		if t.membersChanged {
			bump = `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key IN ('catalog.version', 'members.version')`
		}
		if _, err := t.tx.ExecContext(t.ctx, bump); err != nil {
			t.Rollback()
			return mapError(err, t.cat.path)
		}
	}
	err := t.tx.Commit()
	t.release()
	if err == nil && t.changed {
		t.cat.changes.Add(1)
	}
	return mapError(err, t.cat.path)
}

// Rollback abandons the transaction; after Commit it does nothing.
// A read of an immutable file (see openReadOnly) fails with CATALOG_BUSY
// when the file changed while it ran: what it read may not be consistent.
func (t *Tx) Rollback() error {
	err := t.tx.Rollback()
	t.release()
	if err == sql.ErrTxDone {
		return nil
	}
	if st := t.stamp; st != nil && err == nil {
		t.stamp = nil
		if t.cat.stamp() != *st {
			return BusyError()
		}
	}
	return err
}

func (t *Tx) release() {
	if t.conn == nil {
		return
	}
	if t.cat.memory && t.readOnly {
		t.cat.reading.Store(false)
	}
	t.conn.Close()
	t.conn = nil
}

// BusyError is CATALOG_BUSY (spec §1.5).
func BusyError() *sqlerr.Error {
	return sqlerr.New(sqlerr.CatalogBusy, sqlerr.Pos{}, "The catalog is being changed by another connection; the statement changed nothing.")
}

// ReadOnlyError is CATALOG_READ_ONLY for the catalog file path (spec §1.5).
func ReadOnlyError(path string) *sqlerr.Error {
	return sqlerr.New(sqlerr.CatalogReadOnly, sqlerr.Pos{}, "The catalog %s is read-only; the statement changed nothing.", path)
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// mapError turns SQLite's "busy" and "read-only" answers into the classes
// of spec §1.5; other errors pass unchanged.
func mapError(err error, path string) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return BusyError()
		case sqlite3.ErrReadonly:
			return ReadOnlyError(path)
		}
	}
	return err
}

// MapError is mapError for errors of statements run through a Tx.
func (t *Tx) MapError(err error) error { return mapError(err, t.cat.path) }

// SetContext makes ctx the context of what the transaction runs from now
// on: its deadline or cancellation interrupts a query that is running.
func (t *Tx) SetContext(ctx context.Context) { t.ctx = ctx }

// Statement marks the start of one statement of a batch (see engine.Batch):
// a savepoint that End releases, or rolls back to when the statement
// failed, so that each statement stays atomic while several commit
// together (spec §1.3). ctx is the statement's own: cancelling it
// interrupts this statement, not the ones before it in the transaction.
func (t *Tx) Statement(ctx context.Context) error {
	if t.readOnly {
		return errors.New("catalog: a batch runs in a write transaction")
	}
	t.ctx = ctx
	_, err := t.tx.ExecContext(context.WithoutCancel(ctx), `SAVEPOINT statement`)
	return mapError(err, t.cat.path)
}

// End ends the statement Statement began: its changes stay in the
// transaction when ok, and are undone otherwise. It runs whatever the
// statement's context says, since undoing a cancelled statement is the
// point.
func (t *Tx) End(ok bool) error {
	ctx := context.WithoutCancel(t.ctx)
	t.ctx = ctx
	q := `RELEASE statement`
	if !ok {
		q = `ROLLBACK TO statement; RELEASE statement`
	}
	_, err := t.tx.ExecContext(ctx, q)
	return mapError(err, t.cat.path)
}
