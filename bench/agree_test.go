package bench

import (
	"context"
	"testing"

	"github.com/tableacl/tableacl/engine"
)

// tiny is a design small enough to ask every question of: each user, each
// table.
var tiny = Config{Databases: 3, Tables: 40, Users: 25, Groups: 7, Grants: 150}

// TestContendersAgree is what makes the benchmarks a comparison: on every
// user and every table of a design, tableacl (on its catalog file and in
// memory), Casbin cached and uncached, and the map give the same answer to
// "may this user SELECT this table?", allowed and denied alike. A design
// in which nobody were allowed or everybody were would prove nothing, so
// both must occur.
func TestContendersAgree(t *testing.T) {
	c := build(t, tiny)
	ctx := context.Background()
	all := make([]string, tiny.Users)
	for u := range all {
		all[u] = User(u)
	}
	oracle := c.world.Allowed(all...)
	var allowed, denied int
	for tb := range tiny.Tables {
		table := c.world.Table(tb)
		p, err := c.eng.Prepare(ctx, "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		pm, err := c.mem.Prepare(ctx, "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		for _, user := range all {
			want := oracle[[3]string{user, table, "SELECT"}] && oracle[[3]string{user, dbOf(table), "USAGE"}]
			if want {
				allowed++
			} else {
				denied++
			}
			for name, err := range map[string]error{"tableacl": p.Authorize(ctx, user), "tableacl-memory": pm.Authorize(ctx, user)} {
				if _, isDenial := engine.IsDenied(err); err != nil && !isDenial {
					t.Fatalf("%s %s %s: %v", name, user, table, err)
				}
				if got := err == nil; got != want {
					t.Errorf("%s: %s SELECT %s = %v, the design says %v (%v)", name, user, table, got, want, err)
				}
			}
			for name, e := range map[string]interface {
				Enforce(...any) (bool, error)
			}{"casbin-cached": c.cached, "casbin-uncached": c.uncached} {
				sel, err1 := e.Enforce(user, table, "SELECT")
				use, err2 := e.Enforce(user, dbOf(table), "USAGE")
				if err1 != nil || err2 != nil {
					t.Fatal(name, err1, err2)
				}
				if got := sel && use; got != want {
					t.Errorf("%s: %s SELECT %s = %v, the design says %v", name, user, table, got, want)
				}
			}
		}
	}
	if allowed == 0 || denied == 0 {
		t.Fatalf("the design allows %d and denies %d questions; it must do both", allowed, denied)
	}
	t.Logf("%d allowed, %d denied, every contender agrees", allowed, denied)
}

// A design has as many grants as it says: none repeats, so a script of
// them is that many changes, and every contender holds that many rules.
func TestDesignsHaveDistinctGrants(t *testing.T) {
	for name, c := range map[string]Config{"tiny": tiny, "small": Small, "large": Large} {
		w := Generate(c)
		seen := make(map[[3]string]bool, len(w.Grants))
		for _, g := range w.Grants {
			if seen[g] {
				t.Fatalf("%s: %v is granted twice", name, g)
			}
			seen[g] = true
		}
		if want := c.Grants + c.Databases; len(w.Grants) != want {
			t.Errorf("%s: %d grants, want %d (and USAGE on each database)", name, len(w.Grants), want)
		}
	}
}
