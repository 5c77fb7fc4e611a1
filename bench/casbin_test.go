package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/tableacl/tableacl/console"
	"github.com/tableacl/tableacl/engine"
)

// contenders is one design given to each contender.
type contenders struct {
	world    *World
	eng      *engine.Engine // tableacl on a catalog file, built by the design's script
	mem      *engine.Engine // the same on the in-memory catalog
	fresh    *engine.Engine // the catalog file, every decision found afresh (no decision cache)
	cached   *casbin.CachedEnforcer
	uncached *casbin.Enforcer
	allowed  map[[3]string]bool // the answers, precomputed
}

// casbinModel is RBAC with nested roles (g) and objects in databases (g2):
// a principal holds a privilege on an object when one of its roles holds
// it on the object or on the object's database.
const casbinModel = `
[request_definition]
r = sub, obj, act
[policy_definition]
p = sub, obj, act
[role_definition]
g = _, _
g2 = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub) && g2(r.obj, p.obj) && r.act == p.act
`

// chain is the view chain the benchmarks add to the design: v3 reads v2
// reads v1 reads a table, each of another owner, so a decision checks the
// caller's SELECT on every one of them (the view rule).
var chain = []struct{ view, owner, reads string }{
	{"db0.v1", "o1", ""}, // reads the user's first table
	{"db0.v2", "o2", "db0.v1"},
	{"db0.v3", "o3", "db0.v2"},
}

func config() Config {
	if os.Getenv("BENCH_SCALE") == "large" {
		return Large
	}
	return Small
}

const asked = "u1" // the user every question is asked for

func build(b testing.TB, cfg Config) *contenders {
	b.Helper()
	w := Generate(cfg)
	c := &contenders{world: w}
	mine := w.tablesOf(asked, 3)
	if len(mine) < 3 {
		b.Fatalf("%s holds %d tables; the design is too small", asked, len(mine))
	}

	// tableacl: the script, run as a script is, into a catalog file.
	ctx := context.Background()
	dir := b.TempDir()
	script := filepath.Join(dir, "design.sql")
	f, err := os.Create(script)
	if err != nil {
		b.Fatal(err)
	}
	if err := w.WriteScript(f); err != nil {
		b.Fatal(err)
	}
	for i, v := range chain {
		reads := v.reads
		if i == 0 {
			reads = mine[0]
		}
		fmt.Fprintf(f, "CREATE USER %s;\n", v.owner)
		fmt.Fprintf(f, "CREATE VIEW %s AS SELECT id FROM %s; ALTER VIEW %s OWNER TO %s;\n", v.view, reads, v.view, v.owner)
		fmt.Fprintf(f, "GRANT SELECT ON VIEW %s TO %s;\n", v.view, asked)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if c.eng, err = load(ctx, script, engine.WithFile(filepath.Join(dir, "design.db"))); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.eng.Close() })
	if c.fresh, err = engine.Open(ctx, engine.WithFile(filepath.Join(dir, "design.db")), engine.WithDecisionCache(0)); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.fresh.Close() })
	if c.mem, err = load(ctx, script); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.mem.Close() })

	// Casbin, cached and not, and the map: the same principals, groups and
	// grants, plus the chain's.
	members := append([][2]string(nil), w.Members...)
	grants := append([][3]string(nil), w.Grants...)
	for _, v := range chain {
		grants = append(grants, [3]string{asked, v.view, "SELECT"})
	}
	m, err := model.NewModelFromString(casbinModel)
	if err != nil {
		b.Fatal(err)
	}
	if c.cached, err = casbin.NewCachedEnforcer(m); err != nil {
		b.Fatal(err)
	}
	if c.uncached, err = casbin.NewEnforcer(m); err != nil {
		b.Fatal(err)
	}
	var roles, objects, rules [][]string
	for _, mb := range members {
		roles = append(roles, []string{mb[0], mb[1]})
	}
	for t := range w.Tables {
		objects = append(objects, []string{w.Table(t), dbOf(w.Table(t))})
	}
	for _, v := range chain {
		objects = append(objects, []string{v.view, "db0"})
	}
	for _, g := range grants {
		rules = append(rules, []string{g[0], g[1], g[2]})
	}
	for _, e := range []casbin.IEnforcer{c.cached, c.uncached} {
		if _, err := e.AddNamedGroupingPolicies("g", roles); err != nil {
			b.Fatal(err)
		}
		if _, err := e.AddNamedGroupingPolicies("g2", objects); err != nil {
			b.Fatal(err)
		}
		if _, err := e.AddPolicies(rules); err != nil {
			b.Fatal(err)
		}
	}
	c.allowed = (&World{Config: w.Config, Members: members, Grants: grants}).Allowed(asked)
	return c
}

// load opens an engine and runs the script as admin, as the command line
// runs a script.
func load(ctx context.Context, script string, opts ...engine.Option) (*engine.Engine, error) {
	eng, err := engine.Open(ctx, opts...)
	if err != nil {
		return nil, err
	}
	admin, err := eng.Connect(ctx, "admin")
	if err != nil {
		eng.Close()
		return nil, err
	}
	in, err := os.Open(script)
	if err != nil {
		eng.Close()
		return nil, err
	}
	defer in.Close()
	var errs strings.Builder
	r := &console.Runner{Conn: admin, Out: console.NewWriter(io.Discard, "table"), Err: &errs}
	if !r.RunReader(ctx, script, in, true) {
		eng.Close()
		return nil, errors.New(errs.String())
	}
	return eng, nil
}

// tablesOf returns up to n tables the user may read, in grant order.
func (w *World) tablesOf(user string, n int) []string {
	allowed := w.Allowed(user)
	var out []string
	seen := map[string]bool{}
	for _, g := range w.Grants {
		if strings.Contains(g[1], ".") && allowed[[3]string{user, g[1], "SELECT"}] && !seen[g[1]] && len(out) < n {
			seen[g[1]] = true
			out = append(out, g[1])
		}
	}
	return out
}

func dbOf(object string) string { return strings.Split(object, ".")[0] }

// check is one question a contender answers: may principal use privilege
// on object? A statement's decision is several.
type check struct{ principal, object, privilege string }

// shape is one statement and the checks it comes down to.
type shape struct {
	name   string
	sql    string
	checks []check
}

func shapes(mine []string) []shape {
	reads := func(user string, objects ...string) []check {
		var out []check
		for _, o := range objects {
			out = append(out, check{user, o, "SELECT"}, check{user, dbOf(o), "USAGE"})
		}
		return out
	}
	join := "SELECT * FROM " + mine[0]
	for i, t := range mine[1:3] {
		join += fmt.Sprintf(" JOIN %s x%d ON x%d.id = %s.id", t, i, i, mine[0])
	}
	// Each object beneath a view of another owner needs the caller's own
	// SELECT, and USAGE on its database.
	view := reads(asked, "db0.v3", "db0.v2", "db0.v1", mine[0])
	return []shape{
		{"one table", "SELECT * FROM " + mine[0], reads(asked, mine[0])},
		{"three-table join", join, reads(asked, mine[:3]...)},
		{"three-deep view chain, owners differ", "SELECT * FROM db0.v3", view},
	}
}

// BenchmarkDecision asks each contender the same questions, warm, and
// checks every answer is "allowed": tableacl a prepared statement (and the
// statement as text), Casbin's CachedEnforcer and Enforcer each check of
// the statement, and the map each check. cmd/benchtable prints the table.
func BenchmarkDecision(b *testing.B) {
	c := build(b, config())
	ctx := context.Background()
	for _, s := range shapes(c.world.tablesOf(asked, 3)) {
		p, err := c.eng.Prepare(ctx, s.sql)
		if err != nil {
			b.Fatal(err)
		}
		pm, err := c.mem.Prepare(ctx, s.sql)
		if err != nil {
			b.Fatal(err)
		}
		pf, err := c.fresh.Prepare(ctx, s.sql)
		if err != nil {
			b.Fatal(err)
		}
		// Warm: each engine has built its snapshot and resolved the
		// statement before it is timed.
		for _, p := range []*engine.Prepared{p, pm, pf} {
			if err := p.Authorize(ctx, asked); err != nil {
				b.Fatal(s.name, ": ", err)
			}
		}
		for _, k := range s.checks {
			if !c.allowed[[3]string{k.principal, k.object, k.privilege}] {
				b.Fatalf("%s: the design does not allow %v", s.name, k)
			}
		}
		name := strings.ReplaceAll(s.name, " ", "_")
		b.Run(name+"/tableacl", func(b *testing.B) {
			for b.Loop() {
				if err := p.Authorize(ctx, asked); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/tableacl-fresh", func(b *testing.B) {
			for b.Loop() {
				if err := pf.Authorize(ctx, asked); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/tableacl-memory", func(b *testing.B) {
			for b.Loop() {
				if err := pm.Authorize(ctx, asked); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/tableacl-text", func(b *testing.B) {
			conn, err := c.eng.Connect(ctx, asked)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := conn.Authorize(ctx, s.sql); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/casbin-cached", func(b *testing.B) {
			for b.Loop() {
				for _, k := range s.checks {
					if ok, err := c.cached.Enforce(k.principal, k.object, k.privilege); !ok || err != nil {
						b.Fatal("casbin denies", k, err)
					}
				}
			}
		})
		b.Run(name+"/casbin-uncached", func(b *testing.B) {
			for b.Loop() {
				for _, k := range s.checks {
					if ok, err := c.uncached.Enforce(k.principal, k.object, k.privilege); !ok || err != nil {
						b.Fatal("casbin denies", k, err)
					}
				}
			}
		})
		b.Run(name+"/map", func(b *testing.B) {
			for b.Loop() {
				for _, k := range s.checks {
					if !c.allowed[[3]string{k.principal, k.object, k.privilege}] {
						b.Fatal("the map denies", k)
					}
				}
			}
		})
	}
}

// Denials agree too: a user who holds nothing on a table is refused by
// every contender.
func BenchmarkDenial(b *testing.B) {
	c := build(b, config())
	ctx := context.Background()
	var foreign string
	for t := range c.world.Tables {
		if !c.allowed[[3]string{asked, c.world.Table(t), "SELECT"}] {
			foreign = c.world.Table(t)
			break
		}
	}
	p, err := c.eng.Prepare(ctx, "SELECT * FROM "+foreign)
	if err != nil {
		b.Fatal(err)
	}
	if _, denied := engine.IsDenied(p.Authorize(ctx, asked)); !denied {
		b.Fatal("tableacl allows", foreign)
	}
	if ok, _ := c.cached.Enforce(asked, foreign, "SELECT"); ok {
		b.Fatal("casbin allows", foreign)
	}
	if ok, _ := c.uncached.Enforce(asked, foreign, "SELECT"); ok {
		b.Fatal("casbin allows", foreign)
	}
	b.Run("one_table_denied/tableacl", func(b *testing.B) {
		for b.Loop() {
			if _, denied := engine.IsDenied(p.Authorize(ctx, asked)); !denied {
				b.Fatal("allowed")
			}
		}
	})
}
