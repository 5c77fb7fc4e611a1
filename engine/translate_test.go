package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/parser"
)

// TestTranslate prints the SQLite text each query is translated to: the
// statements that fill temporary tables first, then the query. These are
// golden files: what SQLite is given is what keeps views fenced, names
// bound as Spark binds them and every user name out of identifiers, so a
// change to it is read in the diff. Rewrite with -rewrite.
//
// "exec" runs statements as admin; "translate" prints one query's text.
func TestTranslate(t *testing.T) {
	datadriven.Walk(t, "testdata/translate", func(t *testing.T, path string) {
		ctx := context.Background()
		eng, err := Open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		conn, err := eng.Connect(ctx, "admin")
		if err != nil {
			t.Fatal(err)
		}
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "exec":
				if _, err := conn.ExecScript(ctx, d.Input); err != nil {
					return "error: " + err.Error() + "\n"
				}
				return ""
			case "translate":
				text, err := conn.translation(ctx, d.Input)
				if err != nil {
					return "error: " + err.Error() + "\n"
				}
				return text + "\n"
			}
			t.Fatalf("unknown command %q", d.Cmd)
			return ""
		})
	})
}

// translation analyzes one query as the connection's user and renders it
// for SQLite without running it.
func (c *Conn) translation(ctx context.Context, sql string) (string, error) {
	stmt, err := parser.ParseOne(sql)
	if err != nil {
		return "", err
	}
	q, ok := stmt.(*parser.QueryStmt)
	if !ok {
		return "", nil
	}
	tx, err := c.e.cat.BeginRead(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	caller, err := analyzer.NewCaller(tx, c.user)
	if err != nil {
		return "", err
	}
	plan, err := analyzer.Analyze(tx, &c.sess, caller, stmt, nil)
	if err != nil {
		return "", err
	}
	x := &executor{tx: tx, conn: c, plan: plan, sess: c.sess}
	tr := x.translator()
	text := tr.Statement(q.Query)
	if err := tr.Err(); err != nil {
		return "", err
	}
	prelude, _ := tr.Prelude()
	return strings.Join(append(prelude, text), ";\n"), nil
}
