package engine_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/tableacl/tableacl/console"
	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/parser"
)

// TestScripts runs every file of testdata/scripts against a fresh in-memory
// catalog. Each "run" case executes its statements in order; a line
// "\user NAME" switches the acting user, as in scripts. The output lists,
// per statement, its rows or its exact error, so every assertion names the
// user who ran it and what came back. Rewrite with -rewrite, then read the
// diff against the spec.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/scripts/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			ctx, conn := adminConn(t)
			datadriven.RunTest(t, f, func(t *testing.T, d *datadriven.TestData) string {
				if d.Cmd != "run" {
					t.Fatalf("unknown command %q", d.Cmd)
				}
				user := "admin"
				if d.HasArg("user") {
					d.ScanArgs(t, "user", &user)
				}
				if err := conn.SetUser(ctx, user); err != nil {
					t.Fatal(err)
				}
				return runScript(t, ctx, conn, d.Input)
			})
		})
	}
}

func runScript(t *testing.T, ctx context.Context, conn *engine.Conn, input string) string {
	var out strings.Builder
	sc := parser.NewScanner(strings.NewReader(input))
	for {
		p, err := sc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if user, ok := strings.CutPrefix(p.Text, `\user `); ok && p.Command {
			if err := conn.SetUser(ctx, strings.TrimSpace(user)); err != nil {
				fmt.Fprintf(&out, "\\user %s: error: %s\n", user, err)
			}
			continue
		} else if p.Command {
			t.Fatalf("unknown command %s", p.Text)
		}
		for _, st := range engine.ParseAt("", p.Text, p.Pos) {
			res, err := conn.Exec(ctx, st)
			switch {
			case err != nil:
				fmt.Fprintf(&out, "%s: %s\n", conn.User(), oneLine(st.Text))
				fmt.Fprintf(&out, "error: %s\n", err)
			case res.HasRows():
				fmt.Fprintf(&out, "%s: %s\n", conn.User(), oneLine(st.Text))
				fmt.Fprintf(&out, "%s\n", formatRows(res))
			}
		}
	}
	return out.String()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 70 {
		s = s[:67] + "..."
	}
	return s
}

// formatRows writes rows as in spec §12: strings quoted, NULL bare.
func formatRows(r *engine.Result) string {
	if len(r.Rows) == 0 {
		return "→ 0 rows (" + strings.Join(r.Columns, ", ") + ")"
	}
	parts := make([]string, len(r.Rows))
	for i, row := range r.Rows {
		vals := make([]string, len(row))
		for j, v := range row {
			switch x := v.(type) {
			case string:
				vals[j] = "'" + x + "'"
			default:
				vals[j], _ = console.Text(v)
			}
		}
		parts[i] = "(" + strings.Join(vals, ", ") + ")"
	}
	return "→ " + strings.Join(parts, ", ")
}

// adminConn opens a fresh in-memory catalog, closed with the test, and
// connects as admin.
func adminConn(t *testing.T) (context.Context, *engine.Conn) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	conn, err := eng.Connect(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	return ctx, conn
}
