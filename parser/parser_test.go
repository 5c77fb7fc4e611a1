package parser

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/datadriven"

	"github.com/tableacl/tableacl/sqlerr"
)

// TestParse runs testdata/parse: each case prints the canonical form of every
// statement of its input, or its error with position. Every canonical form
// must parse again to the same text. Rewrite with -rewrite.
func TestParse(t *testing.T) {
	datadriven.RunTest(t, "testdata/parse", func(t *testing.T, d *datadriven.TestData) string {
		if d.Cmd != "parse" {
			t.Fatalf("unknown command %s", d.Cmd)
		}
		var out strings.Builder
		for _, c := range Split("", d.Input) {
			stmt, err := c.Parse()
			if err != nil {
				e := err.(*sqlerr.Error)
				fmt.Fprintf(&out, "error %s %s: %s\n", e.Pos, e.Class, e.Msg)
				continue
			}
			canon := Format(stmt)
			again, err := ParseOne(canon)
			if err != nil {
				t.Fatalf("canonical form %q does not parse: %v", canon, err)
			}
			if Format(again) != canon {
				t.Fatalf("round trip changed %q into %q", canon, Format(again))
			}
			fmt.Fprintf(&out, "%T: %s\n", stmt, canon)
		}
		return out.String()
	})
}

// FuzzParse feeds arbitrary text to the splitter and parser: neither may
// panic or take seconds, every error is a positioned *sqlerr.Error, and
// whatever parses prints a canonical form that is a fixed point: it parses
// again, and prints again to the same text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"GRANT SELECT ON TABLE t TO u", "SELECT a, count(*) FROM t GROUP BY a",
		"SHOW GRANT ON DATABASE", "CREATE VIEW v AS SELECT * FROM t WHERE x IN (SELECT 1)",
		"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE", "/* x", "'abc", "`a``b`.c",
		"SELECT CASE WHEN a THEN b END FROM t1 LEFT JOIN t2 USING (a)",
		"SELECT ((SELECT 1) + 1) UNION ((SELECT 2))", "SELECT 'a\x00b'",
		"SELECT - - - -1, NOT NOT TRUE", "DECIMAL(38,38)",
		// Deep nesting, just under and just over the limit, in every form
		// that nests.
		"SELECT " + strings.Repeat("(", 255) + "1" + strings.Repeat(")", 255),
		"SELECT " + strings.Repeat("(", 257) + "1" + strings.Repeat(")", 257),
		"SELECT " + strings.Repeat("(SELECT ", 100) + "1" + strings.Repeat(")", 100),
		strings.Repeat("(", 100) + "SELECT 1" + strings.Repeat(" UNION SELECT 2)", 100),
		"SELECT " + strings.Repeat("(", 100) + "SELECT 1" + strings.Repeat(") + 1", 100),
		"SELECT " + strings.Repeat("CASE WHEN ", 100) + "1" + strings.Repeat(" THEN 1 END", 100),
		"SELECT * FROM " + strings.Repeat("(SELECT * FROM ", 100) + "t" + strings.Repeat(") x", 100),
		"SELECT " + strings.Repeat("x IN (", 100) + "1" + strings.Repeat(")", 100),
		"SELECT " + strings.Repeat("EXISTS (SELECT ", 100) + "1" + strings.Repeat(")", 100),
		"SELECT " + strings.Repeat("f(", 100) + "1" + strings.Repeat(")", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// A statement that takes seconds to parse is a denial of service:
		// crash the worker so that the fuzzer records the input.
		slow := time.AfterFunc(2*time.Second, func() { panic(fmt.Sprintf("parsing %q took over 2s", src)) })
		defer slow.Stop()
		for _, c := range Split("", src) {
			stmt, err := c.Parse()
			if err != nil {
				e, ok := err.(*sqlerr.Error)
				if !ok {
					t.Fatalf("error of type %T: %v", err, err)
				}
				if !e.Pos.IsValid() {
					t.Fatalf("%q: error without a position: %v", src, e)
				}
				continue
			}
			canon := Format(stmt)
			again, err := ParseOne(canon)
			if err != nil {
				t.Fatalf("%q parsed, but its canonical form %q does not: %v", src, canon, err)
			}
			if twice := Format(again); twice != canon {
				t.Fatalf("%q: formatting is not a fixed point:\n%s\n%s", src, canon, twice)
			}
		}
	})
}

// TestWalkKnowsEveryNodeType: the node types of statements are found from
// the statements' own types, so a walk reads its table of fields without
// synchronizing; none is found only while walking.
func TestWalkKnowsEveryNodeType(t *testing.T) {
	for _, src := range []string{
		"SELECT a, b.* EXCEPT (c), s.* FROM t AS x JOIN u USING (id) LATERAL VIEW explode(arr) e AS v WHERE a IN (SELECT 1) GROUP BY ROLLUP (a) HAVING count(*) > 1 WINDOW w AS (ORDER BY a) QUALIFY rank() OVER w = 1 ORDER BY a LIMIT 1",
		"SELECT * FROM t PIVOT (sum(v) FOR k IN (1, 2)) UNPIVOT (v FOR k IN (a, b))",
		"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE y) OVER (PARTITION BY z ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), transform(a, x -> x + 1), CAST(x AS ARRAY<STRUCT<a: INT>>), INTERVAL 1 DAY, DATE '2024-01-01', x[0].f::INT FROM u TABLESAMPLE (1 ROWS) AS t",
		"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET b = 1 WHEN NOT MATCHED THEN INSERT (a) VALUES (1)",
		"CREATE FUNCTION f(x INT) RETURNS INT RETURN x + 1",
		"CREATE TABLE c (a INT, m MAP<STRING, INT>) COMMENT 'x'",
		"GRANT SELECT ON TABLE t TO `u`",
		"EXPLAIN INSERT INTO t SELECT * FROM u",
	} {
		stmt, err := ParseOne(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		Walk(stmt, func(any) bool { return true })
	}
	moreFields.Range(func(k, _ any) bool {
		t.Errorf("node type %v was found only while walking", k)
		return true
	})
}

// TestGeneratedWalk: walk_gen.go is what GenerateWalk writes for the node
// types as they are (run go generate in parser when it is not), and it
// visits the nodes of statements in the order the reflection-based walk
// does, skipping what fn declines the same way.
func TestGeneratedWalk(t *testing.T) {
	file, err := os.ReadFile("walk_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(file) != GenerateWalk() {
		t.Fatal("walk_gen.go is out of date: run go generate in parser")
	}
	corpus, err := os.ReadFile("testdata/parse")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, line := range strings.Split(string(corpus), "\n") {
		stmt, err := ParseOne(line)
		if err != nil {
			continue
		}
		for _, skip := range []bool{false, true} {
			visits := func(w func(any, func(any) bool)) []any {
				var out []any
				w(stmt, func(n any) bool {
					out = append(out, n)
					_, isCall := n.(*Call)
					return !(skip && isCall) // decline a call's parts
				})
				return out
			}
			gen := visits(walkNode)
			ref := visits(func(n any, fn func(any) bool) { walk(reflect.ValueOf(n), fn) })
			if len(gen) != len(ref) {
				t.Fatalf("%s: %d nodes visited, reflection visits %d", line, len(gen), len(ref))
			}
			for i := range gen {
				if gen[i] != ref[i] {
					t.Fatalf("%s: visit %d is %T, reflection's is %T", line, i, gen[i], ref[i])
				}
			}
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d statements of testdata/parse were walked", checked)
	}
}
