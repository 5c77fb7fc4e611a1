package console

import (
	"strings"
	"testing"

	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/sqlerr"
)

func TestCaret(t *testing.T) {
	for _, c := range []struct {
		text string
		pos  sqlerr.Pos
		want string
	}{
		{"SELECT x FORM t;", sqlerr.Pos{Line: 1, Col: 15}, "SELECT x FORM t;\n              ^\n"},
		{"SELECT 1,\n\tFROM", sqlerr.Pos{Line: 2, Col: 2}, "\tFROM\n\t^\n"},
		{"SELECT 'é', FROM", sqlerr.Pos{Line: 1, Col: 13}, "SELECT 'é', FROM\n            ^\n"},
		{"SELECT", sqlerr.Pos{Line: 1, Col: 7}, "SELECT\n      ^\n"}, // end of input
		{"SELECT", sqlerr.Pos{Line: 3, Col: 1}, ""},
	} {
		if got := Caret(c.text, c.pos); got != c.want {
			t.Errorf("Caret(%q, %v) = %q, want %q", c.text, c.pos, got, c.want)
		}
	}
}

func TestTableFitsWidth(t *testing.T) {
	r := &engine.Result{
		Columns: []string{"id", "note", "other"},
		Rows:    [][]any{{int64(1), strings.Repeat("x", 60), "abcdefghij"}, {int64(2), nil, ""}},
	}
	full := Table(r, 0)
	if !strings.Contains(full, strings.Repeat("x", 60)) || !strings.HasSuffix(full, "2 rows\n") {
		t.Fatalf("no width: %s", full)
	}
	for _, width := range []int{60, 40, 20} {
		out := Table(r, width)
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if n := len([]rune(line)); n > width && !strings.HasSuffix(line, "rows") {
				t.Errorf("width %d: line of %d: %q", width, n, line)
			}
		}
		if !strings.Contains(out, "…") || !strings.Contains(out, "| NULL") {
			t.Errorf("width %d: want truncation and NULL:\n%s", width, out)
		}
	}
	// Too narrow for anything: a column keeps four characters, so NULL
	// always shows whole.
	if out := Table(r, 5); !strings.Contains(out, "| id | note | oth… |") || !strings.Contains(out, "| NULL |") {
		t.Errorf("narrowest:\n%s", out)
	}
	if got := RowCount(1) + "," + RowCount(0) + "," + RowCount(3); got != "1 row,0 rows,3 rows" {
		t.Errorf("row counts %q", got)
	}
}

// Every statement the grammar knows has a help topic, and \h of its
// leading words shows its production.
func TestHelpCoversTheGrammar(t *testing.T) {
	g := loadGrammar()
	if len(g.stmts) < 30 {
		t.Fatalf("only %d statements read from the grammar", len(g.stmts))
	}
	for _, s := range g.stmts {
		topic := g.topic(s)
		words := strings.Fields(strings.NewReplacer("[", " ", "]", " ", "...", " ").Replace(topic))
		first := strings.Split(words[0], "|")[0]
		name := s
		if p := g.prods[s]; p.kind == 'r' { // QueryStmt = Query: Query is spelled out
			name = p.text
		}
		if !strings.Contains(Help(first), snake(name)+" = ") {
			t.Errorf("\\h %s does not show %s", first, s)
		}
	}
	if kw := " " + strings.Join(Keywords(), " ") + " "; !strings.Contains(kw, " GRANT ") || !strings.Contains(kw, " PRIVILEGES ") {
		t.Errorf("keywords: %s", kw)
	}
}
