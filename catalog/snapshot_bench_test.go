package catalog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/tableacl/tableacl/privilege"
)

// The scale of the snapshot benchmarks: a catalog the size of a real Hive
// metastore.
const (
	scaleTables = 100_000
	scaleUsers  = 10_000
	scaleGroups = 1_000
	scaleGrants = 1_000_000
)

var (
	scaleOnce sync.Once
	scalePath string
	scaleErr  error
)

// scaleCatalog writes the benchmark catalog once per run, in one
// transaction through the catalog's own tables (a fixture: statements
// would decide each row, which is not what is measured here). Groups nest
// as a binary tree; each user is in two groups; grants of SELECT and MODIFY
// go round-robin to users and groups on tables; group0, which every group
// is in, has USAGE on every database.
func scaleCatalog(b *testing.B) string {
	scaleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tableacl-scale")
		if err != nil {
			scaleErr = err
			return
		}
		scalePath = filepath.Join(dir, "scale.db")
		scaleErr = buildScale(scalePath)
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	return scalePath
}

func buildScale(path string) error {
	ctx := context.Background()
	c, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer c.Close()
	tx, err := c.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	batch := func(query string, n int, args func(i int) []any) error {
		st, err := tx.tx.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range n {
			if _, err := st.ExecContext(ctx, args(i)...); err != nil {
				return err
			}
		}
		return nil
	}
	const dbs = 100
	return firstError(
		func() error {
			return batch(`INSERT INTO principals VALUES (?, 0, ?)`, scaleUsers, func(i int) []any { return []any{fmt.Sprintf("user%d", i), 10 + i} })
		},
		func() error {
			return batch(`INSERT INTO principals VALUES (?, 1, ?)`, scaleGroups, func(i int) []any { return []any{fmt.Sprintf("group%d", i), 100_000 + i} })
		},
		func() error {
			return batch(`INSERT INTO members VALUES (?, ?)`, scaleGroups-1, func(i int) []any {
				return []any{fmt.Sprintf("group%d", i+1), fmt.Sprintf("group%d", i/2)}
			})
		},
		func() error {
			return batch(`INSERT INTO members VALUES (?, ?)`, 2*scaleUsers, func(i int) []any {
				return []any{fmt.Sprintf("user%d", i/2), fmt.Sprintf("group%d", (i*7919)%scaleGroups)}
			})
		},
		func() error {
			return batch(`INSERT INTO databases (name, owner) VALUES (?, 'admin')`, dbs, func(i int) []any { return []any{fmt.Sprintf("db%d", i)} })
		},
		func() error {
			return batch(`INSERT INTO relations (id, db, name, is_view, owner) VALUES (?, ?, ?, 0, ?)`, scaleTables, func(i int) []any {
				return []any{i + 1, fmt.Sprintf("db%d", i%dbs), fmt.Sprintf("t%d", i), fmt.Sprintf("user%d", i%scaleUsers)}
			})
		},
		func() error {
			return batch(`INSERT INTO columns VALUES (?, ?, ?, 'int', 0, NULL)`, 3*scaleTables, func(i int) []any { return []any{i/3 + 1, i % 3, fmt.Sprintf("c%d", i%3)} })
		},
		func() error {
			const principals = scaleUsers + scaleGroups
			return batch(`INSERT INTO grants VALUES (?, ?, ?, ?, ?, 0)`, scaleGrants, func(i int) []any {
				k, p := i/principals, i%principals
				principal := fmt.Sprintf("user%d", p)
				if p >= scaleUsers {
					principal = fmt.Sprintf("group%d", p-scaleUsers)
				}
				t := (k*1097 + p) % scaleTables
				return []any{privilege.Table, fmt.Sprintf("db%d", t%dbs), fmt.Sprintf("t%d", t), privilege.Privilege(1 + k%2), principal}
			})
		},
		func() error {
			return batch(`INSERT INTO grants VALUES (?, ?, '', ?, 'group0', 0)`, dbs, func(i int) []any {
				return []any{privilege.Database, fmt.Sprintf("db%d", i), privilege.Usage}
			})
		},
		func() error { return tx.exec(`UPDATE meta SET value = value WHERE key = 'catalog.version'`) },
		tx.Commit,
	)
}

// BenchmarkOpenAndFirstSnapshot is the cost of a cold start: opening the
// catalog file and building the snapshot of 1,000,000 grants that its
// first decision reads. It reports the heap the snapshot keeps and the
// file's size, per grant.
func BenchmarkOpenAndFirstSnapshot(b *testing.B) {
	path := scaleCatalog(b)
	ctx := context.Background()
	var snap *Snapshot
	var before, after runtime.MemStats
	for b.Loop() {
		snap = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		c, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if snap, err = c.Snapshot(ctx); err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	if h, _ := snap.Lookup(privilege.TableKey("db0", "t0"), privilege.Select, NewPrincipals([]string{"user0"})); !h.Granted {
		b.Fatal("the fixture's first grant is not in the snapshot")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/scaleGrants, "heapB/grant")
	b.ReportMetric(float64(st.Size())/scaleGrants, "fileB/grant")
	runtime.KeepAlive(snap)
}

// BenchmarkSnapshotAtScale is a decision's reads of the catalog at the
// scale above, warm: asking whether the snapshot is current (for a file:
// one PRAGMA data_version on a watcher connection), the effective groups
// of a user in nested groups, and one request node's grant lookup on a
// table, its database and the catalog.
func BenchmarkSnapshotAtScale(b *testing.B) {
	path := scaleCatalog(b)
	ctx := context.Background()
	c, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	snap, err := c.Snapshot(ctx)
	if err != nil {
		b.Fatal(err)
	}
	user := "user4242"
	groups, _ := snap.UserGroups(user)
	principals := append([]string{user}, groups...)
	b.Logf("%s is in %d groups", user, len(groups))
	table := privilege.TableKey("db42", "t4242") // granted to user4242 directly (k = 0)
	if h, _ := snap.Lookup(table, privilege.Select, NewPrincipals(principals)); !h.Granted {
		b.Fatal("the fixture's grant is missing")
	}
	b.Run("current", func(b *testing.B) {
		for b.Loop() {
			if s, err := c.Snapshot(ctx); err != nil || s != snap {
				b.Fatal("not the current snapshot", err)
			}
		}
	})
	b.Run("lookup", func(b *testing.B) {
		for b.Loop() {
			snap.Lookup(table, privilege.Select, NewPrincipals(principals))
		}
	})
	b.Run("lookup-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				snap.Lookup(table, privilege.Select, NewPrincipals(principals))
			}
		})
	})
	b.Run("current-parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Snapshot(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
