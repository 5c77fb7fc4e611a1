package parser_test

import (
	"testing"

	"github.com/tableacl/tableacl/parser"
)

// BenchmarkParse measures parsing alone, for the shapes an authorization
// step sees most: a GRANT, a one-table query and a three-table join.
func BenchmarkParse(b *testing.B) {
	for _, c := range []struct{ name, sql string }{
		{"grant", "GRANT SELECT ON TABLE sales.orders TO `data-readers`"},
		{"select", "SELECT amount FROM sales.orders WHERE id = 1"},
		{"join3", "SELECT o.id, c.name, p.title FROM sales.orders o JOIN sales.customers c ON o.cust = c.id JOIN sales.products p ON o.prod = p.id WHERE o.amount > 100"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parser.ParseOne(c.sql); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
