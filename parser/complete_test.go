package parser

import "testing"

func TestComplete(t *testing.T) {
	for _, c := range []struct {
		src     string
		end     int
		pending bool
	}{
		{"", 0, false},
		{"SELECT 1", 0, true},
		{"SELECT 1;", 9, false},
		{"SELECT 1; SELECT 2;", 19, false},
		{"SELECT 1; SELECT", 9, true},
		{"SELECT ';'", 0, true},
		{"SELECT ';';", 11, false},
		{`SELECT 'it\'s;';`, 16, false},
		{`SELECT "a;b";`, 13, false},
		{"SELECT `a;b` FROM t;", 20, false},
		{"SELECT `a``;b` FROM t;", 22, false},
		{"SELECT 1; -- done; really\n", 9, false},
		{"SELECT 1 -- not yet;\n", 0, true},
		{"SELECT 1; /* open; ", 9, true},
		{"SELECT /* ; */ 1;", 17, false},
		{"-- only a comment\n", 0, false},
		{"/* c */  \n", 0, false},
		{"SELECT 'open\n;", 0, true},
	} {
		end, pending := Complete(c.src)
		if end != c.end || pending != c.pending {
			t.Errorf("Complete(%q) = %d, %v; want %d, %v", c.src, end, pending, c.end, c.pending)
		}
	}
}
