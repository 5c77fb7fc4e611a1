package engine_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/sqlerr"
)

// endlessRange is a query no bound in these tests lets finish: 10^14
// rows, of no table.
const endlessRange = "SELECT count(*) FROM range(10000000) a, range(10000000) b"

// TestStatementTimeout: a statement that runs past its bound is stopped
// with QUERY_EXECUTION_TIMEOUT_EXCEEDED, changes nothing, and the
// connection goes on.
func TestStatementTimeout(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Open(ctx, engine.WithStatementTimeout(200*time.Millisecond))
	require.NoError(t, err)
	defer eng.Close()
	conn, err := eng.Connect(ctx, "admin")
	require.NoError(t, err)
	run(t, ctx, conn, "CREATE TABLE t (a BIGINT)")

	_, err = conn.Query(ctx, endlessRange)
	e := sqlError(t, err)
	assert.Equal(t, sqlerr.QueryExecutionTimeoutExceeded, e.Class)
	assert.Equal(t, "57KD0", e.State)
	assert.Equal(t, "[QUERY_EXECUTION_TIMEOUT_EXCEEDED] Query execution was cancelled due to exceeding the timeout (200ms). The statement changed nothing.", e.Msg)
	assert.Equal(t, 1, e.Pos.Line)

	_, err = conn.Query(ctx, "INSERT INTO t SELECT a.id FROM range(10000000) a, range(10000000) b")
	assert.Equal(t, sqlerr.QueryExecutionTimeoutExceeded, sqlError(t, err).Class)
	assert.Equal(t, "→ (0)", rowsOf(t, ctx, conn, "SELECT count(*) FROM t"))

	// The caller's own cancellation is not a timeout.
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = conn.Query(cctx, endlessRange)
	assert.ErrorIs(t, err, engine.ErrCancelled)
}

// TestRunawayWriterDoesNotHoldOffRevoke: a user's endless INSERT ...
// SELECT holds the write lock for the busy timeout at most, so an admin's
// REVOKE that waits for it gets the lock before its own wait runs out,
// with no statement timeout set at all.
func TestRunawayWriterDoesNotHoldOffRevoke(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cat.db")
	const busy = 2 * time.Second
	eng, err := engine.Open(ctx, engine.WithFile(path), engine.WithBusyTimeout(busy), engine.WithStatementTimeout(0))
	require.NoError(t, err)
	defer eng.Close()
	admin, err := eng.Connect(ctx, "admin")
	require.NoError(t, err)
	run(t, ctx, admin, "CREATE TABLE t (a BIGINT); CREATE USER eve; GRANT USAGE ON DATABASE default TO eve; GRANT MODIFY ON TABLE t TO eve")

	// Another process, as a writer elsewhere would be.
	other, err := engine.Open(ctx, engine.WithFile(path), engine.WithBusyTimeout(busy), engine.WithStatementTimeout(0))
	require.NoError(t, err)
	defer other.Close()
	eve, err := other.Connect(ctx, "eve")
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		_, err := eve.Query(ctx, "INSERT INTO t SELECT a.id FROM range(10000000) a, range(10000000) b")
		done <- err
	}()
	time.Sleep(busy / 2) // the INSERT holds the lock by now
	_, err = admin.Query(ctx, "REVOKE MODIFY ON TABLE t FROM eve")
	require.NoError(t, err, "the REVOKE waited for the runaway INSERT")
	insertErr := <-done
	assert.Equal(t, sqlerr.QueryExecutionTimeoutExceeded, sqlError(t, insertErr).Class)
	assert.Contains(t, sqlError(t, insertErr).Msg, "(2s)")
	assert.Equal(t, "→ (0)", rowsOf(t, ctx, admin, "SELECT count(*) FROM t"))
	_, err = eve.Query(ctx, "INSERT INTO t VALUES (1)")
	assert.Equal(t, sqlerr.InsufficientPermissions, sqlError(t, err).Class)
}
