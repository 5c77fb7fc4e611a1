package engine

import (
	"context"
	"time"

	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/internal/access"
	"github.com/tableacl/tableacl/sqlerr"
)

// A Batch runs the statements of a script that change the catalog (GRANT,
// REVOKE, DENY, CREATE, DROP, ALTER, INSERT, ...) several to one write
// transaction, each inside a savepoint of its own. A statement stays atomic
// (spec §1.3): one that fails changes nothing, and what ran before it
// commits. What the batch saves is a transaction's begin and commit per
// statement, which is most of the cost of a script of grants.
//
// A statement's outcome is final only once its transaction has committed,
// so Exec returns outcomes when they are: the statement's own when it runs
// alone, and otherwise those of the batch it was in, when the batch
// commits. The batch commits when it holds maxBatch statements or began
// maxBatchAge ago, when a statement fails, before a statement that runs
// alone (queries, SHOW, USE: those that change nothing in the catalog) and
// after one that changes the connection's state (DROP DATABASE of the
// current database), and at Flush. Until then it holds the catalog's
// write lock, and other connections see none of its statements: the
// caller must call Flush before it waits for anything, such as more input.
//
// A Batch belongs to one connection and is not safe for concurrent use.
type Batch struct {
	c       *Conn
	tx      *catalog.Tx
	pending []Outcome
	begun   time.Time
	known   knownCaller
}

// Outcome is the final result of one statement: its result or its error.
// Of a statement that waited for its batch to commit, Statement holds the
// text and position only (it cannot be run again).
type Outcome struct {
	Statement *Statement
	Result    *Result
	Err       error
}

// The bounds of a batch: how many statements and how long it holds the
// write lock before it commits, at most, when nothing else commits it. A
// writer in another connection waits no longer than this for the lock
// (far less than its busy timeout), and readers never wait. The bounds are
// generous because a commit writes every page its statements changed: a
// GRANT changes a page of each of the grant table's B-trees, and the
// fewer the commits of a long script, the fewer times each page is
// written (a million GRANTs on a catalog of 100,000 tables took 80 s
// committed every 50 ms, 55 s every 2 s).
const (
	maxBatch    = 100000
	maxBatchAge = 2 * time.Second
)

// NewBatch returns a batch running statements on c.
func (c *Conn) NewBatch() *Batch { return &Batch{c: c} }

// Exec runs s, in the batch when it changes the catalog, and returns the
// outcomes that have become final, in the order of their statements.
func (b *Batch) Exec(ctx context.Context, s *Statement) []Outcome {
	if s.runnable() != nil || readOnly(s.parsed, &b.c.sess) {
		out := b.Flush()
		res, err := b.c.Exec(ctx, s)
		return append(out, Outcome{Statement: s, Result: res, Err: err})
	}
	if b.tx == nil {
		tx, err := b.c.e.cat.Begin(ctx, access.Write)
		if err != nil {
			return []Outcome{{Statement: s, Err: located(cancelled(ctx, err), s.parsed)}}
		}
		b.tx, b.begun = tx, time.Now()
	}
	// The statement may hold the write lock for what is left of the busy
	// timeout since the batch took it (see WithStatementTimeout).
	caller := ctx
	ctx, cancel, bound := b.c.e.limit(ctx, b.c.e.cat.BusyTimeout()-time.Since(b.begun))
	defer cancel()
	if err := b.tx.Statement(ctx); err != nil {
		return b.abandon(s, located(cancelled(ctx, err), s.parsed), err)
	}
	res, apply, err := b.c.execIn(ctx, b.tx, s.parsed, &b.known)
	err = timedOut(caller, ctx, bound, err, s.parsed)
	if endErr := b.tx.End(err == nil); endErr != nil {
		if err == nil {
			err = located(sqlerr.As(endErr), s.parsed)
		}
		return b.abandon(s, err, endErr)
	}
	if err != nil {
		return append(b.Flush(), Outcome{Statement: s, Err: err})
	}
	// What is kept of a statement until its batch commits is its text and
	// position, not its parsed form: a batch holds many thousands.
	b.pending = append(b.pending, Outcome{Statement: &Statement{Text: s.Text, Pos: s.Pos}, Result: res})
	if apply != nil {
		out := b.Flush()
		if out[len(out)-1].Err == nil {
			apply()
		}
		return out
	}
	if len(b.pending) >= maxBatch || time.Since(b.begun) >= min(maxBatchAge, b.c.e.cat.BusyTimeout()/2) {
		return b.Flush()
	}
	return nil
}

// Flush commits the statements that ran since the last commit and returns
// their outcomes. When the commit fails, every one of them failed with its
// error, and none changed anything.
func (b *Batch) Flush() []Outcome {
	if b.tx == nil {
		return nil
	}
	err := b.tx.Commit()
	b.tx.Rollback()
	b.tx = nil
	out := b.pending
	b.pending = nil
	if err != nil {
		for i := range out {
			out[i].Result, out[i].Err = nil, locatedAt(sqlerr.As(err), out[i].Statement.Pos)
		}
	}
	return out
}

// abandon ends a batch whose transaction can no longer be trusted (a
// savepoint failed, which takes a storage error): s fails with err, and
// the statements pending before it, none of which committed, with cause.
func (b *Batch) abandon(s *Statement, err, cause error) []Outcome {
	b.tx.Rollback()
	b.tx = nil
	out := b.pending
	b.pending = nil
	for i := range out {
		out[i].Result, out[i].Err = nil, locatedAt(sqlerr.As(cause), out[i].Statement.Pos)
	}
	return append(out, Outcome{Statement: s, Err: err})
}
