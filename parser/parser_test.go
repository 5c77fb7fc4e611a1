package parser

import (
	"fmt"
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
// panic, and whatever parses must print a canonical form that parses again.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"GRANT SELECT ON TABLE t TO u", "SELECT a, count(*) FROM t GROUP BY a",
		"SHOW GRANT ON DATABASE", "CREATE VIEW v AS SELECT * FROM t WHERE x IN (SELECT 1)",
		"MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE", "/* x", "'abc", "`a``b`.c",
		"SELECT CASE WHEN a THEN b END FROM t1 LEFT JOIN t2 USING (a)",
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
				if _, ok := err.(*sqlerr.Error); !ok {
					t.Fatalf("error of type %T: %v", err, err)
				}
				continue
			}
			canon := Format(stmt)
			if _, err := ParseOne(canon); err != nil {
				t.Fatalf("%q parsed, but its canonical form %q does not: %v", src, canon, err)
			}
		}
	})
}
