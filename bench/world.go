// Package bench measures tableacl's decisions side by side with Casbin's
// enforcers asked the same questions and with a plain Go map of
// precomputed answers (casbin_test.go), on an access design this package
// generates: databases of tables, users in nested groups, and grants to
// both. The generator is also a command (cmd/generate) that writes the
// design as a tableacl script, for anyone who wants a big catalog to try;
// cmd/benchtable turns the benchmarks' output into the table the README
// shows. It is a module of its own so that Casbin stays out of tableacl's
// dependencies.
package bench

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Config sizes a generated access design.
type Config struct {
	Databases int
	Tables    int // spread over the databases
	Users     int
	Groups    int // a binary tree: group i is a member of group (i-1)/2
	Grants    int // SELECT on tables, to users and groups, never the same twice
}

// Small is the design the benchmarks use unless BENCH_SCALE=large.
var Small = Config{Databases: 10, Tables: 1000, Users: 1000, Groups: 100, Grants: 20000}

// Large is a catalog the size of a real Hive metastore.
var Large = Config{Databases: 100, Tables: 100000, Users: 10000, Groups: 1000, Grants: 1000000}

// World is one generated access design: the same for every contender.
type World struct {
	Config
	Members [][2]string // member, group
	Grants  [][3]string // principal, object ("db" or "db.t"), privilege
}

// Table is the name of table i, "dbN.tI".
func (w *World) Table(i int) string { return fmt.Sprintf("db%d.t%d", i%w.Databases, i) }

// User is the name of user i.
func User(i int) string { return fmt.Sprintf("u%d", i) }

// Group is the name of group i.
func Group(i int) string { return fmt.Sprintf("g%d", i) }

// Generate builds the design for c. It is deterministic: the same c gives
// the same design.
func Generate(c Config) *World {
	w := &World{Config: c}
	for i := 1; i < c.Groups; i++ {
		w.Members = append(w.Members, [2]string{Group(i), Group((i - 1) / 2)})
	}
	// Every user is in one leaf-half group, and so, through the tree, in
	// its ancestors up to g0.
	leaves := max(c.Groups/2, 1)
	for u := range c.Users {
		w.Members = append(w.Members, [2]string{User(u), Group(c.Groups/2 + u%leaves)})
	}
	// USAGE on every database to the root group, which everyone is in.
	for d := range c.Databases {
		w.Grants = append(w.Grants, [3]string{Group(0), fmt.Sprintf("db%d", d), "USAGE"})
	}
	// Grant i goes to principal p (users first, then groups), on the
	// k-th table of p's own sequence: 1097 is prime, so for one principal
	// the tables differ while k < Tables, and no grant repeats as long as
	// Grants ≤ (Users + Groups) × Tables.
	principals := c.Users + c.Groups
	for i := range min(c.Grants, principals*c.Tables) {
		k, p := i/principals, i%principals
		principal := User(p)
		if p >= c.Users {
			principal = Group(p - c.Users)
		}
		w.Grants = append(w.Grants, [3]string{principal, w.Table((k*1097 + p) % c.Tables), "SELECT"})
	}
	return w
}

// WriteScript writes the design as tableacl statements, run as admin:
// principals, memberships, databases, tables, grants.
func (w *World) WriteScript(out io.Writer) error {
	b := bufio.NewWriterSize(out, 1<<16)
	for g := range w.Groups {
		fmt.Fprintf(b, "CREATE GROUP %s;\n", Group(g))
	}
	for u := range w.Users {
		fmt.Fprintf(b, "CREATE USER %s;\n", User(u))
	}
	for _, m := range w.Members {
		kind := "USER"
		if m[0][0] == 'g' {
			kind = "GROUP"
		}
		fmt.Fprintf(b, "ALTER GROUP %s ADD %s %s;\n", m[1], kind, m[0])
	}
	for d := range w.Databases {
		fmt.Fprintf(b, "CREATE DATABASE db%d;\n", d)
	}
	for t := range w.Tables {
		fmt.Fprintf(b, "CREATE TABLE %s (id INT, v INT);\n", w.Table(t))
	}
	for _, g := range w.Grants {
		on := "TABLE"
		if !strings.Contains(g[1], ".") {
			on = "DATABASE"
		}
		fmt.Fprintf(b, "GRANT %s ON %s %s TO %s;\n", g[2], on, g[1], g[0])
	}
	return b.Flush()
}

// Allowed computes the effective privileges of the given principals ahead:
// principal, object, privilege → true. It is the map baseline, and the
// oracle the benchmarks check every contender's answers against. (For all
// users of the large design it would hold tens of millions of entries.)
func (w *World) Allowed(users ...string) map[[3]string]bool {
	parents := map[string][]string{}
	for _, m := range w.Members {
		parents[m[0]] = append(parents[m[0]], m[1])
	}
	held := map[string][][2]string{}
	for _, g := range w.Grants {
		held[g[0]] = append(held[g[0]], [2]string{g[1], g[2]})
	}
	allowed := map[[3]string]bool{}
	for _, user := range users {
		seen := map[string]bool{}
		for queue := []string{user}; len(queue) > 0; queue = queue[1:] {
			if seen[queue[0]] {
				continue
			}
			seen[queue[0]] = true
			for _, h := range held[queue[0]] {
				allowed[[3]string{user, h[0], h[1]}] = true
			}
			queue = append(queue, parents[queue[0]]...)
		}
	}
	return allowed
}
