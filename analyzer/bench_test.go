package analyzer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/internal/access"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
)

// newCatalog opens an in-memory catalog and a write transaction on it, with
// a helper that fails the benchmark on an error.
func newCatalog(b *testing.B) (*catalog.Catalog, *catalog.Tx, func(error)) {
	cat, err := catalog.Open(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	tx, err := cat.Begin(context.Background(), access.Write)
	if err != nil {
		b.Fatal(err)
	}
	return cat, tx, func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
}

// decide analyzes stmt for caller b.N times, each in a transaction of its
// own, as a statement is: parsing every stored body each time, and with
// the engine's cache of parsed bodies, side by side.
func decide(b *testing.B, cat *catalog.Catalog, caller, stmt string) {
	b.Run("bodies=parsed", func(b *testing.B) { decideWith(b, cat, caller, stmt, nil) })
	b.Run("bodies=cached", func(b *testing.B) { decideWith(b, cat, caller, stmt, analyzer.NewBodies()) })
	b.Run("bodies=cached,snapshot", func(b *testing.B) { decideOnSnapshot(b, cat, caller, stmt) })
}

// decideOnSnapshot analyzes stmt for caller reading the catalog's
// in-memory snapshot, as Authorize does, with the cache of parsed bodies.
func decideOnSnapshot(b *testing.B, cat *catalog.Catalog, caller, stmt string) {
	st, err := parser.ParseOne(stmt)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	sess := &analyzer.Session{CurrentDB: "default", Bodies: analyzer.NewBodies()}
	if _, err := cat.Snapshot(ctx); err != nil { // built once, before the clock starts
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		snap, err := cat.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		c, err := analyzer.NewCaller(snap, caller)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := analyzer.Analyze(snap, sess, c, st, nil); err != nil {
			b.Fatalf("the statement must be allowed: %v", err)
		}
	}
}

func decideWith(b *testing.B, cat *catalog.Catalog, caller, stmt string, bodies *analyzer.Bodies) {
	st, err := parser.ParseOne(stmt)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	sess := &analyzer.Session{CurrentDB: "default", Bodies: bodies}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tx, err := cat.BeginRead(ctx)
		if err != nil {
			b.Fatal(err)
		}
		c, err := analyzer.NewCaller(tx, caller)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := analyzer.Analyze(tx, sess, c, st, nil); err != nil {
			b.Fatalf("the statement must be allowed: %v", err)
		}
		tx.Rollback()
	}
}

// generate fills a catalog with tables tables in 10 databases, users users
// in nested groups (each user in one of 50 groups, the groups chained ten
// deep), and grants grants, plus a three-deep view chain v3 → v2 → v1 → t0
// whose owners differ, so every level is checked.
func generate(b *testing.B, tables, users, grants int) (*catalog.Catalog, string) {
	cat, tx, must := newCatalog(b)
	for d := 0; d < 10; d++ {
		must(tx.CreateDatabase(catalog.Database{Name: fmt.Sprintf("db%d", d), Owner: "admin"}))
	}
	for g := 0; g < 50; g++ {
		must(tx.CreatePrincipal(fmt.Sprintf("g%d", g), catalog.Group))
		if g%10 != 0 {
			must(tx.AddMember(fmt.Sprintf("g%d", g-1), fmt.Sprintf("g%d", g)))
		}
	}
	for u := 0; u < users; u++ {
		name := fmt.Sprintf("u%d", u)
		must(tx.CreatePrincipal(name, catalog.User))
		must(tx.AddMember(fmt.Sprintf("g%d", u%50), name))
	}
	cols := []catalog.Column{{Name: "id", Type: "int"}}
	for t := 0; t < tables; t++ {
		must(tx.CreateRelation(&catalog.Relation{DB: fmt.Sprintf("db%d", t%10), Name: fmt.Sprintf("t%d", t), Owner: "admin", Columns: cols}))
	}
	privs := []privilege.Privilege{privilege.Select, privilege.Modify, privilege.ReadMetadata}
	for i := 0; i < grants; i++ {
		t := i % tables
		who := fmt.Sprintf("u%d", (i/tables)%users)
		if i%3 == 0 {
			who = fmt.Sprintf("g%d", i%50)
		}
		must(tx.AddGrant(catalog.Grant{Object: privilege.TableKey(fmt.Sprintf("db%d", t%10), fmt.Sprintf("t%d", t)),
			Principal: who, Privilege: privs[i%3], Deny: i%97 == 0 && t != 0}))
	}
	// The chain: each level owned by someone else, so no node is skipped.
	view := func(name, body, owner string) {
		must(tx.CreateRelation(&catalog.Relation{DB: "db0", Name: name, View: true, Owner: owner, ViewText: body, Columns: cols}))
	}
	view("v1", "SELECT id FROM db0.t0", "u1")
	view("v2", "SELECT id FROM db0.v1", "u2")
	view("v3", "SELECT id FROM db0.v2", "u3")
	caller := "u7"
	must(tx.AddGrant(catalog.Grant{Object: privilege.DatabaseKey("db0"), Principal: "users", Privilege: privilege.Usage}))
	for _, o := range []string{"t0", "v1", "v2", "v3"} {
		must(tx.AddGrant(catalog.Grant{Object: privilege.TableKey("db0", o), Principal: caller, Privilege: privilege.Select}))
	}
	must(tx.Commit())
	return cat, caller
}

func benchDecide(b *testing.B, tables, users, grants int) {
	cat, caller := generate(b, tables, users, grants)
	defer cat.Close()
	decide(b, cat, caller, "SELECT id FROM db0.v3")
}

// BenchmarkDecideViewChain decides SELECT through a three-deep view chain
// (four checked nodes plus USAGE) for a caller in nested groups. The small
// and large catalogs run side by side: their ratio shows the decision costs
// indexed lookups per node, not a scan of the grants.
func BenchmarkDecideViewChain(b *testing.B) {
	b.Run("catalog=10tables_10users_100grants", func(b *testing.B) { benchDecide(b, 10, 10, 100) })
	b.Run("catalog=10000tables_1000users_100000grants", func(b *testing.B) { benchDecide(b, 10000, 1000, 100000) })
}

// selfJoinChain builds views v1 .. vn in which each view joins the one
// below it to itself, every level owned by someone else: vn reaches 2^n
// relation references, but only n distinct views.
func selfJoinChain(b *testing.B, n int) *catalog.Catalog {
	cat, tx, must := newCatalog(b)
	must(tx.CreateDatabase(catalog.Database{Name: "d", Owner: "admin"}))
	must(tx.CreatePrincipal("u", catalog.User))
	cols := []catalog.Column{{Name: "x", Type: "int"}}
	must(tx.CreateRelation(&catalog.Relation{DB: "d", Name: "v0", Owner: "admin", Columns: cols}))
	for i := 1; i <= n; i++ {
		owner := fmt.Sprintf("o%d", i)
		must(tx.CreatePrincipal(owner, catalog.User))
		body := fmt.Sprintf("SELECT a.x FROM d.v%d AS a JOIN d.v%d AS b ON a.x = b.x", i-1, i-1)
		must(tx.CreateRelation(&catalog.Relation{DB: "d", Name: fmt.Sprintf("v%d", i), View: true, Owner: owner, ViewText: body, Columns: cols}))
	}
	must(tx.AddGrant(catalog.Grant{Object: privilege.DatabaseKey("d"), Principal: "u", Privilege: privilege.Usage}))
	must(tx.AddGrant(catalog.Grant{Object: privilege.DatabaseKey("d"), Principal: "u", Privilege: privilege.Select}))
	must(tx.Commit())
	return cat
}

// BenchmarkDecideSelfJoinChain decides SELECT on the top of a chain of
// views that join the view below to itself, 4, 8 and 12 levels deep, side
// by side: the statements reach 2^4, 2^8 and 2^12 relation references, but
// their cost grows with the distinct views (spec §1.5), so the three
// figures stand about 1 : 2 : 3, not 1 : 16 : 256.
func BenchmarkDecideSelfJoinChain(b *testing.B) {
	for _, n := range []int{4, 8, 12} {
		b.Run(fmt.Sprintf("levels=%d", n), func(b *testing.B) {
			cat := selfJoinChain(b, n)
			defer cat.Close()
			decide(b, cat, "u", fmt.Sprintf("SELECT x FROM d.v%d", n))
		})
	}
}

// BenchmarkResolveNesting resolves statements whose size grows in one
// direction that once cost quadratic or cubic time: lambdas nested in
// lambdas, and named windows each defined from the one before. Side by
// side, doubling the depth should about double the time (it once grew
// eightfold for lambdas and fourfold for windows).
func BenchmarkResolveNesting(b *testing.B) {
	cat, err := catalog.Open(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	defer cat.Close()
	lambdas := func(n int) string {
		e := "array(1)"
		for i := 0; i < n; i++ {
			e = fmt.Sprintf("transform(%s, x%d -> x%d + 1)", e, i, i)
		}
		return "SELECT " + e + " AS a"
	}
	windows := func(n int) string {
		var w strings.Builder
		w.WriteString("w0 AS (ORDER BY id)")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&w, ", w%d AS (w%d)", i, i-1)
		}
		return fmt.Sprintf("SELECT sum(id) OVER w%d AS s FROM range(3) WINDOW %s", n-1, w.String())
	}
	for _, n := range []int{50, 100, 200} {
		b.Run(fmt.Sprintf("lambdas=%d", n), func(b *testing.B) { decideWith(b, cat, "admin", lambdas(n), nil) })
	}
	for _, n := range []int{1000, 2000, 4000} {
		b.Run(fmt.Sprintf("windows=%d", n), func(b *testing.B) { decideWith(b, cat, "admin", windows(n), nil) })
	}
}
