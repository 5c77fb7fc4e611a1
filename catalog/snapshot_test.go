package catalog

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/privilege"
)

func write(t *testing.T, c *Catalog, change func(tx *Tx) error) {
	t.Helper()
	tx, err := c.beginWrite(context.Background())
	require.NoError(t, err)
	defer tx.Rollback()
	require.NoError(t, change(tx))
	require.NoError(t, tx.Commit())
}

// A snapshot answers as a transaction does, is kept while nothing of the
// metadata changes (rows of tables are not metadata), and is replaced by
// the next call after any change, made through any Catalog of the file.
func TestSnapshotFollowsCommits(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, err := Open(ctx, path)
	require.NoError(t, err)
	defer a.Close()
	b, err := Open(ctx, path) // another opener, as another process would be
	require.NoError(t, err)
	defer b.Close()

	write(t, a, func(tx *Tx) error {
		return firstError(
			func() error { return tx.CreatePrincipal("ann", User) },
			func() error { return tx.CreatePrincipal("team", Group) },
			func() error { return tx.CreatePrincipal("crew", Group) },
			func() error { return tx.AddMember("team", "ann") },
			func() error { return tx.AddMember("crew", "team") },
			func() error { return tx.CreateDatabase(Database{Name: "s", Owner: "admin"}) },
			func() error {
				return tx.CreateRelation(&Relation{DB: "s", Name: "t", Owner: "ann", Columns: []Column{{Name: "a", Type: "int"}}})
			},
			func() error {
				return tx.AddGrant(Grant{Object: privilege.DatabaseKey("s"), Principal: "crew", Privilege: privilege.Select})
			},
		)
	})
	s1, err := b.Snapshot(ctx)
	require.NoError(t, err)
	groups, _ := s1.UserGroups("ann")
	assert.Equal(t, []string{"crew", "team", "users"}, groups, "transitive, with users")
	h, _ := s1.Lookup(privilege.TableKey("s", "t"), privilege.Select, NewPrincipals(append([]string{"ann"}, groups...)))
	assert.Equal(t, Holding{Granted: true}, h, "a grant on the database holds for its tables")
	owner, _ := s1.Owner(privilege.TableKey("s", "t"))
	assert.Equal(t, "ann", owner)
	rel, _ := s1.Relation("s", "t")
	require.NotNil(t, rel)
	assert.Equal(t, []Column{{Name: "a", Type: "int"}}, rel.Columns)

	// The same answers as a read transaction gives.
	tx, err := b.BeginRead(ctx)
	require.NoError(t, err)
	txGroups, _ := tx.UserGroups("ann")
	txRel, _ := tx.Relation("s", "t")
	tx.Rollback()
	assert.Equal(t, txGroups, groups)
	assert.Equal(t, txRel, rel)

	// Rows are not metadata: the snapshot stays.
	write(t, a, func(tx *Tx) error {
		r, err := tx.Relation("s", "t")
		if err != nil {
			return err
		}
		table, err := tx.Store(r)
		if err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO ` + table + ` VALUES (1)`)
		return err
	})
	s2, err := b.Snapshot(ctx)
	require.NoError(t, err)
	assert.Same(t, s1, s2)

	// A deny through the other opener holds at once.
	write(t, a, func(tx *Tx) error {
		return tx.AddGrant(Grant{Object: privilege.TableKey("s", "t"), Principal: "team", Privilege: privilege.Select, Deny: true})
	})
	s3, err := b.Snapshot(ctx)
	require.NoError(t, err)
	assert.Greater(t, s3.Version(), s1.Version())
	h, _ = s3.Lookup(privilege.TableKey("s", "t"), privilege.Select, NewPrincipals(append([]string{"ann"}, groups...)))
	assert.Equal(t, Holding{Granted: true, Denied: true}, h)

	// A failed change changes nothing, not even the version.
	tx, err = a.beginWrite(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.DropMember("team", "ann"))
	tx.Rollback()
	s4, err := b.Snapshot(ctx)
	require.NoError(t, err)
	assert.Same(t, s3, s4)
}

// A decision takes no lock that a writer holds: while another opener's
// write transaction is open, a snapshot is had at once, and it is the
// state before that transaction.
func TestSnapshotDuringAWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, err := Open(ctx, path)
	require.NoError(t, err)
	defer a.Close()
	b, err := Open(ctx, path, Options{BusyTimeout: 50 * time.Millisecond})
	require.NoError(t, err)
	defer b.Close()
	before, err := b.Snapshot(ctx)
	require.NoError(t, err)

	tx, err := a.beginWrite(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.CreatePrincipal("eve", User))
	s, err := b.Snapshot(ctx)
	require.NoError(t, err)
	kind, _ := s.Principal("eve")
	assert.Equal(t, NoPrincipal, kind, "not committed yet")
	assert.Same(t, before, s)
	require.NoError(t, tx.Commit())

	s, err = b.Snapshot(ctx)
	require.NoError(t, err)
	kind, _ = s.Principal("eve")
	assert.Equal(t, User, kind)
}

// The in-memory catalog counts its own commits.
func TestSnapshotInMemory(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, "")
	require.NoError(t, err)
	defer c.Close()
	s1, err := c.Snapshot(ctx)
	require.NoError(t, err)
	s2, _ := c.Snapshot(ctx)
	assert.Same(t, s1, s2)
	write(t, c, func(tx *Tx) error { return tx.CreatePrincipal("ann", User) })
	s3, err := c.Snapshot(ctx)
	require.NoError(t, err)
	kind, _ := s3.Principal("ann")
	assert.Equal(t, User, kind)
}

// A user's groups are kept between statements until a principal or a
// membership changes, through any opener; a transaction that changed one
// sees its own change.
func TestUserGroupsFollowMemberships(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	a, err := Open(ctx, path)
	require.NoError(t, err)
	defer a.Close()
	b, err := Open(ctx, path)
	require.NoError(t, err)
	defer b.Close()
	groupsOf := func(c *Catalog, user string) []string {
		tx, err := c.BeginRead(ctx)
		require.NoError(t, err)
		defer tx.Rollback()
		g, err := tx.UserGroups(user)
		require.NoError(t, err)
		return g
	}
	write(t, a, func(tx *Tx) error {
		return firstError(
			func() error { return tx.CreatePrincipal("ann", User) },
			func() error { return tx.CreatePrincipal("team", Group) },
		)
	})
	assert.Equal(t, []string{"users"}, groupsOf(b, "ann"))
	assert.Equal(t, []string{"users"}, groupsOf(b, "ann"), "from the cache")
	write(t, a, func(tx *Tx) error { return tx.AddMember("team", "ann") })
	assert.Equal(t, []string{"team", "users"}, groupsOf(b, "ann"), "another opener's change")
	write(t, b, func(tx *Tx) error { return tx.AddMember(AdminsGroup, "team") })
	assert.Equal(t, []string{AdminsGroup, "team", "users"}, groupsOf(b, "ann"), "a nested change")

	tx, err := b.beginWrite(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.DropMember("team", "ann"))
	g, err := tx.UserGroups("ann")
	require.NoError(t, err)
	assert.Equal(t, []string{"users"}, g, "the transaction's own change")
	tx.Rollback()
	assert.Equal(t, []string{AdminsGroup, "team", "users"}, groupsOf(b, "ann"), "rolled back")
}

// A read-only file replaced by another catalog that has counted as many
// metadata commits is not taken for the same one: the snapshot is of the
// file as it is now (each catalog has an id of its own).
func TestSnapshotOfAReplacedReadOnlyFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, other := filepath.Join(dir, "cat.db"), filepath.Join(dir, "other.db")
	for _, p := range []string{path, other} {
		w, err := Open(ctx, p)
		require.NoError(t, err)
		write(t, w, func(tx *Tx) error { return tx.CreatePrincipal("ann", User) })
		write(t, w, func(tx *Tx) error { return tx.CreatePrincipal("team", Group) })
		if p == path {
			write(t, w, func(tx *Tx) error {
				return firstError(
					func() error {
						return tx.AddGrant(Grant{Object: privilege.CatalogKey, Principal: "ann", Privilege: privilege.Select})
					},
					func() error { return tx.AddMember("team", "ann") },
				)
			})
		} else {
			write(t, w, func(tx *Tx) error {
				return firstError(
					func() error { return tx.SetSetting("tableacl.x", "y") },
					func() error { return tx.AddMember(AdminsGroup, "ann") },
				)
			})
		}
		require.NoError(t, w.Close())
	}
	r := readOnlyCatalog(t, path)
	s1, err := r.Snapshot(ctx)
	require.NoError(t, err)
	h, _ := s1.Lookup(privilege.CatalogKey, privilege.Select, NewPrincipals([]string{"ann"}))
	require.True(t, h.Granted)
	groupsInTx := func() []string {
		tx, err := r.BeginRead(ctx)
		require.NoError(t, err)
		defer tx.Rollback()
		g, err := tx.UserGroups("ann")
		require.NoError(t, err)
		return g
	}
	require.Equal(t, []string{"team", "users"}, groupsInTx())

	require.NoError(t, os.Rename(other, path))
	assert.Equal(t, []string{AdminsGroup, "users"}, groupsInTx(), "the groups of the file as it is now, as many membership commits")
	s2, err := r.Snapshot(ctx)
	require.NoError(t, err)
	assert.Equal(t, s1.Version(), s2.Version(), "as many commits")
	h, _ = s2.Lookup(privilege.CatalogKey, privilege.Select, NewPrincipals([]string{"ann"}))
	assert.False(t, h.Granted, "the grant was in the file that is gone")
}
