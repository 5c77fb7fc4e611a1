// Package bench measures tableacl's decisions side by side with Casbin's
// CachedEnforcer asked the same questions and with a plain Go map of
// precomputed answers. It is a module of its own so that Casbin stays out
// of tableacl's dependencies. Run it with make bench-compare.
package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/tableacl/tableacl/engine"
)

const (
	databases = 10
	tables    = 1000 // spread over the databases
	users     = 1000
	groups    = 100 // a binary tree: group i is a member of group (i-1)/2
	grants    = 20000
)

// world is one access design, given to each contender.
type world struct {
	members [][2]string    // member, group
	grants  [][3]string    // principal, object ("db" or "db.t"), privilege
	eng     *engine.Engine // tableacl, built by statements
	casbin  *casbin.CachedEnforcer
	allowed map[[3]string]bool // user, object, privilege: the answers, precomputed
}

func table(i int) string { return fmt.Sprintf("db%d.t%d", i%databases, i) }

func build(b *testing.B) *world {
	b.Helper()
	w := &world{}
	for i := 1; i < groups; i++ {
		w.members = append(w.members, [2]string{fmt.Sprintf("g%d", i), fmt.Sprintf("g%d", (i-1)/2)})
	}
	for u := range users {
		w.members = append(w.members, [2]string{fmt.Sprintf("u%d", u), fmt.Sprintf("g%d", groups/2+u%(groups/2))})
	}
	// USAGE on every database to the root group, which everyone is in.
	for d := range databases {
		w.grants = append(w.grants, [3]string{"g0", fmt.Sprintf("db%d", d), "USAGE"})
	}
	for i := range grants {
		principal := fmt.Sprintf("u%d", i%users)
		if i%4 == 0 {
			principal = fmt.Sprintf("g%d", i%groups)
		}
		w.grants = append(w.grants, [3]string{principal, table((i * 7) % tables), "SELECT"})
	}

	ctx := context.Background()
	eng, err := engine.Open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { eng.Close() })
	admin, _ := eng.Connect(ctx, "admin")
	var script strings.Builder
	for g := range groups {
		fmt.Fprintf(&script, "CREATE GROUP g%d;\n", g)
	}
	for u := range users {
		fmt.Fprintf(&script, "CREATE USER u%d;\n", u)
	}
	for _, m := range w.members {
		kind := "USER"
		if m[0][0] == 'g' {
			kind = "GROUP"
		}
		fmt.Fprintf(&script, "ALTER GROUP %s ADD %s %s;\n", m[1], kind, m[0])
	}
	for d := range databases {
		fmt.Fprintf(&script, "CREATE DATABASE db%d;\n", d)
	}
	for t := range tables {
		fmt.Fprintf(&script, "CREATE TABLE %s (id INT, v INT);\n", table(t))
	}
	for _, g := range w.grants {
		on := "TABLE"
		if !strings.Contains(g[1], ".") {
			on = "DATABASE"
		}
		fmt.Fprintf(&script, "GRANT %s ON %s %s TO %s;\n", g[2], on, g[1], g[0])
	}
	if _, err := admin.ExecScript(ctx, script.String()); err != nil {
		b.Fatal(err)
	}
	w.eng = eng

	// Casbin: RBAC with nested roles (g) and objects in databases (g2).
	m, err := model.NewModelFromString(`
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
`)
	if err != nil {
		b.Fatal(err)
	}
	ce, err := casbin.NewCachedEnforcer(m)
	if err != nil {
		b.Fatal(err)
	}
	for _, mb := range w.members {
		if _, err := ce.AddNamedGroupingPolicy("g", mb[0], mb[1]); err != nil {
			b.Fatal(err)
		}
	}
	for t := range tables {
		if _, err := ce.AddNamedGroupingPolicy("g2", table(t), strings.Split(table(t), ".")[0]); err != nil {
			b.Fatal(err)
		}
	}
	for _, g := range w.grants {
		if _, err := ce.AddPolicy(g[0], g[1], g[2]); err != nil {
			b.Fatal(err)
		}
	}
	w.casbin = ce

	// The map: every user's effective privileges, computed ahead.
	parents := map[string][]string{}
	for _, mb := range w.members {
		parents[mb[0]] = append(parents[mb[0]], mb[1])
	}
	held := map[string][][2]string{}
	for _, g := range w.grants {
		held[g[0]] = append(held[g[0]], [2]string{g[1], g[2]})
	}
	w.allowed = map[[3]string]bool{}
	for u := range users {
		user := fmt.Sprintf("u%d", u)
		for queue := []string{user}; len(queue) > 0; queue = queue[1:] {
			for _, h := range held[queue[0]] {
				w.allowed[[3]string{user, h[0], h[1]}] = true
			}
			queue = append(queue, parents[queue[0]]...)
		}
	}
	return w
}

// question is one decision: the user, and the tables a statement reads.
type question struct {
	name   string
	user   string
	tables []string
}

// BenchmarkDecision asks each contender the same questions, warm: may the
// user read these tables (SELECT on each, USAGE on their databases)?
func BenchmarkDecision(b *testing.B) {
	w := build(b)
	ctx := context.Background()
	// u0 is in g50, under g24, g11, g5, g2, g0; table 0 is granted to
	// g0 (grant 0), tables 7 and 14 to u1 and u2... so pick tables
	// granted to the user or its groups.
	user := "u1"
	var mine []string
	for _, g := range w.grants {
		if strings.Contains(g[1], ".") && w.allowed[[3]string{user, g[1], "SELECT"}] && len(mine) < 3 {
			mine = append(mine, g[1])
		}
	}
	for _, q := range []question{
		{"one-table", user, mine[:1]},
		{"three-table-join", user, mine[:3]},
	} {
		sql := "SELECT * FROM " + q.tables[0]
		for i, t := range q.tables[1:] {
			sql += fmt.Sprintf(" JOIN %s x%d ON x%d.id = %s.id", t, i, i, q.tables[0])
		}
		p, err := w.eng.Prepare(ctx, sql)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Authorize(ctx, q.user); err != nil {
			b.Fatal(err)
		}
		b.Run(q.name+"/tableacl", func(b *testing.B) {
			for b.Loop() {
				if err := p.Authorize(ctx, q.user); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(q.name+"/tableacl-text", func(b *testing.B) {
			conn, _ := w.eng.Connect(ctx, q.user)
			for b.Loop() {
				if err := conn.Authorize(ctx, sql); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(q.name+"/casbin-cached", func(b *testing.B) {
			for b.Loop() {
				for _, t := range q.tables {
					ok1, err1 := w.casbin.Enforce(q.user, t, "SELECT")
					ok2, err2 := w.casbin.Enforce(q.user, strings.Split(t, ".")[0], "USAGE")
					if !ok1 || !ok2 || err1 != nil || err2 != nil {
						b.Fatal("casbin denies", t, err1, err2)
					}
				}
			}
		})
		b.Run(q.name+"/map", func(b *testing.B) {
			for b.Loop() {
				for _, t := range q.tables {
					if !w.allowed[[3]string{q.user, t, "SELECT"}] || !w.allowed[[3]string{q.user, strings.Split(t, ".")[0], "USAGE"}] {
						b.Fatal("the map denies", t)
					}
				}
			}
		})
	}
}
