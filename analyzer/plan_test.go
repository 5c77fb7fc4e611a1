package analyzer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/tableacl/tableacl/analyzer"
	"github.com/tableacl/tableacl/catalog"
	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/privilege"
	"github.com/tableacl/tableacl/sqlerr"
)

// TestPlans prints the typed plan of statements: the operation the
// executor runs, with what resolution found, and the request trees every
// caller is decided against. "exec" runs statements as admin through the
// engine to set a catalog up; "plan" resolves each statement of its input
// against that catalog, for no caller in particular, and prints its plan
// or its error. Rewrite with -rewrite.
func TestPlans(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plans.db")
	eng, err := engine.Open(ctx, engine.WithFile(path))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	conn, err := eng.Connect(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	datadriven.RunTest(t, "testdata/plans", func(t *testing.T, d *datadriven.TestData) string {
		switch d.Cmd {
		case "exec":
			if _, err := conn.ExecScript(ctx, d.Input); err != nil {
				t.Fatal(err)
			}
			return ""
		case "plan":
			snap, err := cat.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			for _, c := range parser.SplitAt("", d.Input, sqlerr.Pos{Line: 1, Col: 1}) {
				st, err := c.Parse()
				if err != nil {
					fmt.Fprintf(&out, "error: %s\n", err)
					continue
				}
				fmt.Fprintf(&out, "> %s\n", strings.TrimSpace(c.Text))
				sess := session()
				var p *analyzer.Plan
				if analyzer.ResolvesPerCaller(st) {
					admin, err := analyzer.NewCaller(snap, "admin")
					if err != nil {
						t.Fatal(err)
					}
					p, err = analyzer.Analyze(snap, sess, admin, st, nil)
					if err != nil {
						fmt.Fprintf(&out, "error: %s\n", err)
						continue
					}
				} else if p, err = analyzer.Resolve(snap, sess, st, nil); err != nil {
					fmt.Fprintf(&out, "error: %s\n", err)
					continue
				}
				out.WriteString(describeOp(p.Op))
				printRequests(&out, p.Roots, "  ")
			}
			return out.String()
		}
		t.Fatalf("unknown command %q", d.Cmd)
		return ""
	})
}

// session is a connection's state with one temporary view, tv, and one
// temporary function, inc.
func session() *analyzer.Session {
	return &analyzer.Session{
		CurrentDB: "default",
		TempViews: map[string]*analyzer.TempView{"tv": {Name: "tv", Body: "SELECT `default`.`t`.`a` FROM `default`.`t`",
			Columns: []catalog.Column{{Name: "a", Type: "int"}}, QueryColumns: []string{"a"}}},
		TempFuncs: map[string]*analyzer.TempFunc{"inc": {Name: "inc", Params: []catalog.Param{{Name: "x", Type: "int"}}, Returns: "int", Body: "x + 1"}},
	}
}

// describeOp prints an operation as its type and its set fields, each in
// a canonical form; the syntax node a field may hold prints as its
// canonical text.
func describeOp(op analyzer.Op) string {
	if op == nil {
		return "<nil>\n"
	}
	v := reflect.ValueOf(op).Elem()
	var b strings.Builder
	b.WriteString(v.Type().Name())
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.IsZero() || v.Type().Field(i).Name == "Stmt" {
			continue
		}
		fmt.Fprintf(&b, "\n  %s: %s", v.Type().Field(i).Name, show(f.Interface()))
	}
	b.WriteString("\n")
	return b.String()
}

func show(x any) string {
	switch x := x.(type) {
	case privilege.Securable:
		return x.String()
	case []privilege.Securable:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = s.String()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *catalog.Relation:
		kind := "table"
		if x.View {
			kind = "view"
		}
		return fmt.Sprintf("%s %s owned by %s", kind, privilege.TableKey(x.DB, x.Name).Key(), x.Owner)
	case *catalog.Database:
		return fmt.Sprintf("database %s owned by %s", x.Name, x.Owner)
	case *catalog.Function:
		s := fmt.Sprintf("function %s(%s) returns %q body %q", privilege.FunctionKey(x.DB, x.Name).Key(), columns(nil, x.Params), x.Returns, x.Body)
		if x.Owner != "" {
			s += " owned by " + x.Owner
		}
		return s
	case *analyzer.TempView:
		return fmt.Sprintf("temporary view %s (%s) body %q", x.Name, columns(x.Columns, nil), x.Body)
	case *analyzer.TempFunc:
		return fmt.Sprintf("temporary function %s(%s) returns %q body %q", x.Name, columns(nil, x.Params), x.Returns, x.Body)
	case *analyzer.Builtin:
		return "built-in " + x.Name
	case *analyzer.Entry:
		return fmt.Sprintf("entry %s as %s", x.Qualifier, x.SQLName)
	case []catalog.Column:
		return "(" + columns(x, nil) + ")"
	case *parser.Privileges:
		if x.All {
			return "ALL PRIVILEGES"
		}
		names := make([]string, len(x.List))
		for i, n := range x.List {
			names[i] = strings.ToUpper(n.Text())
		}
		return strings.Join(names, ", ")
	case *parser.Query:
		return parser.Format(x)
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(x)
}

func columns(cols []catalog.Column, params []catalog.Param) string {
	var parts []string
	for _, c := range cols {
		parts = append(parts, c.Name+" "+c.Type)
	}
	for _, p := range params {
		parts = append(parts, p.Name+" "+p.Type)
	}
	return strings.Join(parts, ", ")
}

// printRequests prints request trees, one node a line, children indented.
func printRequests(b *strings.Builder, rs []*analyzer.Request, indent string) {
	for _, r := range rs {
		right := map[analyzer.Right]string{analyzer.Manage: "MANAGE", analyzer.Own: "OWN"}[r.Right]
		if r.Right == analyzer.Use {
			right = r.Privilege.String()
		}
		owner := r.Owner
		if owner == "" {
			owner = "nobody"
		}
		fmt.Fprintf(b, "%s%s on %s (owner %s)\n", indent, right, r.Object, owner)
		printRequests(b, r.Children, indent+"  ")
	}
}

// The test above must see every kind of operation the analyzer makes.
func TestPlansCoverEveryOperation(t *testing.T) {
	raw, err := os.ReadFile("testdata/plans")
	if err != nil {
		t.Fatal(err)
	}
	data := string(raw)
	var missing []string
	for _, op := range []analyzer.Op{
		&analyzer.Grant{}, &analyzer.Revoke{}, &analyzer.ShowGrant{}, &analyzer.SetOwner{}, &analyzer.RepairPrivileges{},
		&analyzer.CreatePrincipal{}, &analyzer.DropPrincipal{}, &analyzer.AlterGroup{}, &analyzer.ShowUsers{}, &analyzer.ShowGroups{},
		&analyzer.CreateDatabase{}, &analyzer.DropDatabase{}, &analyzer.CreateTable{}, &analyzer.CreateView{}, &analyzer.CreateTempView{},
		&analyzer.CreateFunction{}, &analyzer.CreateTempFunction{}, &analyzer.DropRelation{}, &analyzer.DropTempView{},
		&analyzer.DropFunction{}, &analyzer.DropTempFunction{}, &analyzer.Nothing{}, &analyzer.Rename{}, &analyzer.UseDatabase{},
		&analyzer.ShowDatabases{}, &analyzer.ShowTables{}, &analyzer.ShowFunctions{}, &analyzer.DescribeRelation{},
		&analyzer.DescribeDatabase{}, &analyzer.DescribeFunction{}, &analyzer.ShowCreateTable{}, &analyzer.Set{},
		&analyzer.Query{}, &analyzer.Insert{}, &analyzer.Update{}, &analyzer.Delete{}, &analyzer.MergeInto{},
		&analyzer.Truncate{}, &analyzer.Explain{},
	} {
		name := reflect.TypeOf(op).Elem().Name()
		if !strings.Contains(data, "\n"+name+"\n") && !strings.Contains(data, "\n"+name+"\n  ") {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("testdata/plans shows no plan of %v", missing)
	}
}
