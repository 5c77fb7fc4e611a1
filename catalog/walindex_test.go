package catalog

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file catalog reads the wal-index header that SQLite's writers rewrite
// at every commit: it changes with each commit of any connection to the
// file (here another Catalog, as another process would be), and while it
// does not, the snapshot found current with it is returned as it is.
func TestWalIndexFollowsCommits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, err := Open(ctx, path)
	require.NoError(t, err)
	defer a.Close()
	b, err := Open(ctx, path)
	require.NoError(t, err)
	defer b.Close()

	s1, err := a.Snapshot(ctx)
	require.NoError(t, err)
	wal := a.snapshots.wal
	require.NotNil(t, wal, "a file in WAL mode has a wal-index to read")
	h1, ok := wal.read()
	require.True(t, ok)
	assert.Same(t, s1, wal.current(h1), "the snapshot is marked with the header read before it")
	s, err := a.Snapshot(ctx)
	require.NoError(t, err)
	assert.Same(t, s1, s)

	write(t, b, func(tx *Tx) error { return tx.CreatePrincipal("ann", User) })
	h2, ok := wal.read()
	require.True(t, ok)
	assert.NotEqual(t, h1, h2, "a commit rewrites the header")
	assert.Nil(t, wal.current(h2))
	s2, err := a.Snapshot(ctx)
	require.NoError(t, err)
	assert.NotSame(t, s1, s2)
	kind, _, err := s2.Identity("ann")
	require.NoError(t, err)
	assert.Equal(t, User, kind, "the commit of another connection is seen by the very next snapshot")

	// Closed, the index is not read, and the snapshot is not answered
	// from it.
	require.NoError(t, a.Close())
	_, ok = wal.read()
	assert.False(t, ok)
	_, err = a.Snapshot(ctx)
	assert.Error(t, err)
}

// A catalog in memory has no wal-index; it counts its own commits.
func TestWalIndexNotInMemory(t *testing.T) {
	c, err := Open(context.Background(), "")
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Snapshot(context.Background())
	require.NoError(t, err)
	assert.Nil(t, c.snapshots.wal)
}

// BenchmarkWalIndexRead is the check every decision on a file makes, on
// one goroutine and on all of them.
func BenchmarkWalIndexRead(b *testing.B) {
	ctx := context.Background()
	c, err := Open(ctx, filepath.Join(b.TempDir(), "c.db"))
	require.NoError(b, err)
	defer c.Close()
	_, err = c.Snapshot(ctx)
	require.NoError(b, err)
	wal := c.snapshots.wal
	require.NotNil(b, wal)
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			if _, ok := wal.read(); !ok {
				b.Fatal("unreadable")
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, ok := wal.read(); !ok {
					b.Error("unreadable")
					return
				}
			}
		})
	})
}
