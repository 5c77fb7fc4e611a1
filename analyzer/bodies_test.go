package analyzer

import (
	"strconv"
	"strings"
	"testing"
)

// The cache returns the tree it parsed for a text, and stays within its
// bounds however many, or however large, the bodies it is given.
func TestBodiesAreBounded(t *testing.T) {
	b := NewBodies()
	q1, err := b.query("SELECT 1 AS a")
	if err != nil {
		t.Fatal(err)
	}
	if q2, _ := b.query("SELECT 1 AS a"); q2 != q1 {
		t.Fatal("the same text was parsed again")
	}
	big := "SELECT '" + strings.Repeat("x", 200<<10) + "' AS a"
	for i := 0; i < 100; i++ {
		if _, err := b.query(big + strings.Repeat(" ", i)); err != nil {
			t.Fatal(err)
		}
		if b.size > maxBodyBytes {
			t.Fatalf("the cache holds %d bytes of text, more than %d", b.size, maxBodyBytes)
		}
	}
	for i := 0; i < 2*maxBodies; i++ {
		if _, err := b.expr("1 + " + strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
		if n := len(b.queries) + len(b.exprs); n > maxBodies {
			t.Fatalf("the cache holds %d bodies", n)
		}
	}
	var none *Bodies
	if _, err := none.query("SELECT 1 AS a"); err != nil {
		t.Fatal(err)
	}
}
