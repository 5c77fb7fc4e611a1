package engine_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
)

// Statements of a batch share a transaction, yet each stays atomic: a
// statement that fails after it wrote part of its change leaves none of
// it, what ran before it commits, and nothing after it runs.
func TestBatchKeepsEachStatementAtomic(t *testing.T) {
	ctx, admin := fileConn(t, filepath.Join(t.TempDir(), "b.db"))
	run(t, ctx, admin, "CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT); INSERT INTO s.t VALUES (1)")

	// CREATE TABLE ... AS SELECT writes the table, then fails when its
	// scalar subquery returns two rows.
	_, err := admin.ExecScript(ctx, `GRANT USAGE ON DATABASE s TO ann;
		GRANT SELECT ON TABLE s.t TO ann;
		CREATE TABLE s.made AS SELECT (SELECT a FROM s.t UNION ALL SELECT 2) AS big;
		GRANT MODIFY ON TABLE s.t TO ann;`)
	require.Error(t, err)
	assert.Equal(t, "SCALAR_SUBQUERY_TOO_MANY_ROWS", string(sqlError(t, err).Class))
	assert.Equal(t, 3, sqlError(t, err).Pos.Line)

	res, err := admin.Query(ctx, "SHOW TABLES IN s")
	require.NoError(t, err)
	assert.Len(t, res.Rows, 1, "the failed CREATE TABLE left no table: %v", res.Rows)
	res, err = admin.Query(ctx, "SHOW GRANTS `ann` ON TABLE s.t")
	require.NoError(t, err)
	assert.Equal(t, [][]any{{"ann", "USAGE", "DATABASE", "s"}, {"ann", "SELECT", "TABLE", "`s`.`t`"}}, res.Rows,
		"the grants before the failure committed, the one after it never ran")
}

// Another connection sees a batch once it has committed, and decides on
// what committed before while the batch runs, without waiting for it.
func TestBatchCommitsBeforeItsOutcomes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	ctx, admin := fileConn(t, db)
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT);
		GRANT USAGE ON DATABASE s TO ann`)
	other, err := engine.Open(ctx, engine.WithFile(db))
	require.NoError(t, err)
	defer other.Close()
	p, err := other.Prepare(ctx, "SELECT a FROM s.t")
	require.NoError(t, err)

	b := admin.NewBatch()
	outs := b.Exec(ctx, engine.Parse("", "GRANT SELECT ON TABLE s.t TO ann")[0])
	assert.Empty(t, outs, "the outcome waits for the commit")
	assert.Error(t, p.Authorize(ctx, "ann"), "the grant has not committed")

	outs = b.Flush()
	require.Len(t, outs, 1)
	require.NoError(t, outs[0].Err)
	assert.NoError(t, p.Authorize(ctx, "ann"), "committed: in force for the next decision")

	// A statement that runs alone commits the batch before it.
	b.Exec(ctx, engine.Parse("", "REVOKE SELECT ON TABLE s.t FROM ann")[0])
	outs = b.Exec(ctx, engine.Parse("", "SHOW GRANTS ON TABLE s.t")[0])
	require.Len(t, outs, 2)
	require.NoError(t, outs[0].Err)
	require.NoError(t, outs[1].Err)
	assert.NotContains(t, outs[1].Result.Rows, []any{"ann", "SELECT", "TABLE", "`s`.`t`"})
	assert.Error(t, p.Authorize(ctx, "ann"))
	assert.Empty(t, b.Flush())
}

// A statement cancelled in a batch fails alone: the statements before it
// commit.
func TestBatchCancelledStatement(t *testing.T) {
	ctx, admin := fileConn(t, filepath.Join(t.TempDir(), "b.db"))
	run(t, ctx, admin, "CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT)")
	b := admin.NewBatch()
	assert.Empty(t, b.Exec(ctx, engine.Parse("", "GRANT SELECT ON TABLE s.t TO ann")[0]))
	done, cancel := context.WithCancel(ctx)
	cancel()
	outs := b.Exec(done, engine.Parse("", "GRANT MODIFY ON TABLE s.t TO ann")[0])
	require.Len(t, outs, 2)
	assert.NoError(t, outs[0].Err)
	assert.ErrorIs(t, outs[1].Err, engine.ErrCancelled)
	res, err := admin.Query(ctx, "SHOW GRANTS `ann` ON TABLE s.t")
	require.NoError(t, err)
	assert.Equal(t, [][]any{{"ann", "SELECT", "TABLE", "`s`.`t`"}}, res.Rows)
	assert.Empty(t, b.Flush())
}

// An outcome's statement is its text and position: a batch keeps no
// parsed statement until it commits, and a copy cannot be run.
func TestBatchOutcomeKeepsTextOnly(t *testing.T) {
	ctx, admin := memAdmin(t)
	b := admin.NewBatch()
	stmt := engine.Parse("s.sql", "CREATE USER ann")[0]
	assert.Empty(t, b.Exec(ctx, stmt), "pending until the batch commits")
	out := b.Flush()
	require.Len(t, out, 1)
	require.NoError(t, out[0].Err)
	assert.Equal(t, "CREATE USER ann", out[0].Statement.Text)
	assert.Equal(t, stmt.Pos, out[0].Statement.Pos)
	_, err := admin.Exec(ctx, out[0].Statement)
	assert.Equal(t, "INTERNAL_ERROR", string(sqlError(t, err).Class))
	assert.Equal(t, "INTERNAL_ERROR", string(sqlError(t, b.Exec(ctx, out[0].Statement)[0].Err).Class))
}
