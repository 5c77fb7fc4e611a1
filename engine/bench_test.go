package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tableacl/tableacl/engine"
)

// BenchmarkAuthorize decides a three-table join for a user whose grant
// comes through a group, from text (parse and decide) and prepared
// (decide only), side by side, on the in-memory catalog and on a file
// (where each decision also asks SQLite whether anything committed), and
// prepared on two goroutines.
func BenchmarkAuthorize(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchmarkAuthorize(b) })
	b.Run("file", func(b *testing.B) { benchmarkAuthorize(b, engine.WithFile(filepath.Join(b.TempDir(), "b.db"))) })
	// Every decision found afresh, its request trees walked.
	b.Run("memory-nocache", func(b *testing.B) { benchmarkAuthorize(b, engine.WithDecisionCache(0)) })
	b.Run("file-nocache", func(b *testing.B) {
		benchmarkAuthorize(b, engine.WithFile(filepath.Join(b.TempDir(), "b.db")), engine.WithDecisionCache(0))
	})
}

func benchmarkAuthorize(b *testing.B, opts ...engine.Option) {
	ctx := context.Background()
	eng, err := engine.Open(ctx, opts...)
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	if _, err := admin.ExecScript(ctx, `CREATE USER ann; CREATE GROUP team; ALTER GROUP team ADD USER ann;
		CREATE DATABASE sales; GRANT USAGE ON DATABASE sales TO team; GRANT SELECT ON DATABASE sales TO team;
		CREATE TABLE sales.orders (id INT, cust INT, prod INT, amount INT);
		CREATE TABLE sales.customers (id INT, name STRING); CREATE TABLE sales.products (id INT, title STRING);`); err != nil {
		b.Fatal(err)
	}
	const join = "SELECT o.id, c.name, p.title FROM sales.orders o JOIN sales.customers c ON o.cust = c.id JOIN sales.products p ON o.prod = p.id WHERE o.amount > 100"
	ann, _ := eng.Connect(ctx, "ann")
	b.Run("text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := ann.Authorize(ctx, join); err != nil {
				b.Fatal(err)
			}
		}
	})
	p, err := eng.Prepare(ctx, join)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("prepared", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := p.Authorize(ctx, "ann"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("prepared-parallel", func(b *testing.B) {
		b.SetParallelism(1) // GOMAXPROCS goroutines: 2 on the reference machine
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := p.Authorize(ctx, "ann"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkGrant runs GRANT statements one by one on a catalog file, each
// in a transaction of its own that commits before the next begins (spec
// §1.3): the cost of a script of grants, per statement.
func BenchmarkGrant(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.Open(ctx, engine.WithFile(filepath.Join(b.TempDir(), "g.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	var setup strings.Builder
	setup.WriteString("CREATE DATABASE s; CREATE TABLE s.t (a INT);")
	for i := range 200 {
		fmt.Fprintf(&setup, "CREATE USER u%d;", i)
	}
	if _, err := admin.ExecScript(ctx, setup.String()); err != nil {
		b.Fatal(err)
	}
	stmts := make([]string, 200)
	for i := range stmts {
		stmts[i] = fmt.Sprintf("GRANT SELECT ON TABLE s.t TO u%d", i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := admin.ExecScript(ctx, stmts[i%len(stmts)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkGrantScript runs a script of GRANT statements, which commit
// several to a transaction, each in a savepoint of its own (see Batch):
// the cost per statement of a long script of grants.
func BenchmarkGrantScript(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.Open(ctx, engine.WithFile(filepath.Join(b.TempDir(), "g.db")))
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	admin, _ := eng.Connect(ctx, "admin")
	var setup strings.Builder
	setup.WriteString("CREATE DATABASE s;")
	for i := range 100 {
		fmt.Fprintf(&setup, "CREATE TABLE s.t%d (a INT);", i)
	}
	for i := range 1000 {
		fmt.Fprintf(&setup, "CREATE USER u%d;", i)
	}
	if _, err := admin.ExecScript(ctx, setup.String()); err != nil {
		b.Fatal(err)
	}
	const perScript = 1000
	var script strings.Builder
	for i := range perScript {
		fmt.Fprintf(&script, "GRANT SELECT ON TABLE s.t%d TO u%d;\n", i%100, (i*7)%1000)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := admin.ExecScript(ctx, script.String()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perScript), "ns/statement")
}
