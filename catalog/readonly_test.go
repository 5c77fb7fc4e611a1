package catalog

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readOnlyCatalog opens path as a process that may not write it would:
// the tests run as a user whom permission bits may not stop.
func readOnlyCatalog(t *testing.T, path string) *Catalog {
	t.Helper()
	c := &Catalog{path: path, busy: DefaultBusyTimeout, base: "file:" + path + "?_foreign_keys=on&_cslike=true"}
	c.openReadOnly()
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.checkVersion(context.Background()))
	return c
}

func count(t *testing.T, tx *Tx) int {
	t.Helper()
	var n int
	require.NoError(t, tx.tx.QueryRow("SELECT count(*) FROM meta").Scan(&n))
	return n
}

// A read of a file that no process is writing reads it as immutable; a
// writer that starts while the read runs makes the read fail with
// CATALOG_BUSY when it ends, rather than stand on a file that changed under
// it. The next read sees the writer's commit.
func TestImmutableReadNoticesAWriter(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cat.db")
	w, err := Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.NoFileExists(t, path+"-wal", "a closed writer leaves no -wal file")

	r := readOnlyCatalog(t, path)
	tx, err := r.BeginRead(ctx)
	require.NoError(t, err)
	require.NotNil(t, tx.stamp, "no writer: the file is read as immutable")
	before := count(t, tx)
	require.NoError(t, tx.Rollback(), "nothing changed")

	tx, err = r.BeginRead(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, count(t, tx))
	w, err = Open(ctx, path)
	require.NoError(t, err)
	defer w.Close()
	wtx, err := w.beginWrite(ctx)
	require.NoError(t, err)
	_, err = wtx.Exec("INSERT INTO meta (key, value) VALUES ('x', 'y')")
	require.NoError(t, err)
	require.NoError(t, wtx.Commit())
	err = tx.Rollback()
	require.Error(t, err)
	assert.Equal(t, "[CATALOG_BUSY] The catalog is being changed by another connection; the statement changed nothing.", err.Error())
	assert.NoError(t, tx.Rollback(), "a read is checked once")

	tx, err = r.BeginRead(ctx)
	require.NoError(t, err)
	assert.Nil(t, tx.stamp, "a writer is open: its -wal and -shm files are read")
	assert.Equal(t, before+1, count(t, tx))
	require.NoError(t, tx.Rollback())
}
