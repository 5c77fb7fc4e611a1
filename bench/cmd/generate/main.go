// Command generate writes a generated access design as a tableacl script:
// groups nested as a binary tree, users in them, databases of tables, and
// grants of SELECT to users and groups. Run it as admin to build a big
// catalog to try:
//
//	cd bench && go run ./cmd/generate -large > big.sql
//	tableacl --db big.db big.sql
//
// The same design, at the same sizes, is what the benchmarks measure.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tableacl/tableacl/bench"
)

func main() {
	c := bench.Small
	large := flag.Bool("large", false, "the size of a real metastore: 100 databases, 100,000 tables, 10,000 users, 1,000 groups, 1,000,000 grants")
	flag.IntVar(&c.Databases, "databases", c.Databases, "databases")
	flag.IntVar(&c.Tables, "tables", c.Tables, "tables, spread over the databases")
	flag.IntVar(&c.Users, "users", c.Users, "users")
	flag.IntVar(&c.Groups, "groups", c.Groups, "groups, nested as a binary tree")
	flag.IntVar(&c.Grants, "grants", c.Grants, "grants of SELECT on tables")
	flag.Parse()
	if *large { // the large sizes, except those given as flags
		given := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { given[f.Name] = true })
		l := bench.Large
		for name, v := range map[string]*int{"databases": &c.Databases, "tables": &c.Tables, "users": &c.Users, "groups": &c.Groups, "grants": &c.Grants} {
			if !given[name] {
				*v = map[string]int{"databases": l.Databases, "tables": l.Tables, "users": l.Users, "groups": l.Groups, "grants": l.Grants}[name]
			}
		}
	}
	if c.Databases < 1 || c.Tables < 1 || c.Users < 1 || c.Groups < 1 || c.Grants < 0 {
		fmt.Fprintln(os.Stderr, "generate: every size must be at least 1 (grants at least 0)")
		os.Exit(2)
	}
	if err := bench.Generate(c).WriteScript(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}
