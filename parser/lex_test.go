package parser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
)

// byRegexp lexes src with sqlLexer, the definition of the tokens, as lex
// claims to: every token, whitespace and comments included, and the error
// it stops at.
func byRegexp(src string) ([]lexer.Token, *lexer.Error) {
	l, err := sqlLexer.LexString("f", src)
	if err != nil {
		panic(err)
	}
	var out []lexer.Token
	for {
		t, err := l.Next()
		if err != nil {
			var le *lexer.Error
			if !errors.As(err, &le) {
				panic(err)
			}
			return out, le
		}
		if t.EOF() {
			return out, nil
		}
		out = append(out, t)
		if t.Type == tokUnclose {
			return out, nil
		}
	}
}

// foldsToASCII reports whether s holds a letter that Unicode case folding
// turns into an ASCII one (ſ to s, the Kelvin sign to k): the regular
// expression of reserved words is case-insensitive in Unicode and takes
// "ſELECT" for SELECT; lex, like Spark, does not.
func foldsToASCII(s string) bool { return strings.ContainsAny(s, "ſK") }

func sameTokens(t *testing.T, src string) {
	t.Helper()
	if foldsToASCII(src) {
		return
	}
	want, wantErr := byRegexp(src)
	got, gotErr := lex("f", src)
	if len(got) != len(want) {
		t.Fatalf("%q: %d tokens, the definition gives %d:\n got %v\nwant %v", src, len(got), len(want), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%q: token %d is %#v, the definition gives %#v", src, i, got[i], want[i])
		}
	}
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Pos != wantErr.Pos {
		t.Fatalf("%q: error %v, the definition gives %v", src, gotErr, wantErr)
	}
}

// lex gives the tokens of the lexer's definition, on every statement of
// the parser's tests and on the tricky corners of each rule.
func TestLexMatchesTheDefinition(t *testing.T) {
	for _, src := range []string{
		"", " ", "\t\n\f\r x", "\v", "a--b\nc", "--", "-- x", "/**/", "/***/", "/*/", "/* a */ b", "/* a", "/*",
		"`a`", "``", "```", "````", "`a``b`", "`a``", "`a``b", "```a", "`a`b`", "`", "`\n`",
		"'a'", "'a\\'b'", "'a\\\nb'", "'a\\", "'", "\"a\"", "\"a'b\"", "'a\"b'", "'\\\\'", "'é'", "'\xff'",
		"1", "1.", ".5", "1.5", "1e5", "1e", "1e+", "1e+5", "1.5E-3", "1.e3", ".e3", "..5", "1..2", "12ab", "1_000", "10L", "6s", "1Y", "2.5d", "1.5BD", "1.5bD", "1b", "1e3F", "1dx", "1ed",
		"select", "SELECT", "SeLeCt", "selects", "as", "asc", "in", "inner", "_in", "in_", "in1", "x1", "_",
		"<=>", "<=", "<>", "< =", "==", "=", "!=", "!", "||", "|", "a.b.c", "f(x, y);", "a::b", "a[1]", "x->x", "a&b|c^~d", "!x", "-->", "a->>b", ":::", "%", "?", "$", "é", "a\x00b", "\xff",
		"DENY SELECT ON TABLE t TO `bob``s`", "SELECT 'a' \"b\" `c` FROM t WHERE x <=> 1.5e3 -- end",
	} {
		sameTokens(t, src)
	}
	files, _ := filepath.Glob("../engine/testdata/scripts/*")
	files = append(files, "testdata/parse")
	if len(files) < 2 {
		t.Fatal("no test files found")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			sameTokens(t, line)
		}
		sameTokens(t, string(b))
	}
}

// FuzzLex holds lex to the tokens of the lexer's definition.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"SELECT `a``b` FROM t -- x", "'a\\'b' /* c */ 1.5e-3 <=> d", "`a``", "/* x", "'\\\n'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) { sameTokens(t, src) })
}

// BenchmarkLex lexes a three-table join by hand and by the definition's
// regular expressions, side by side.
func BenchmarkLex(b *testing.B) {
	const src = "SELECT o.id, c.name, p.title FROM sales.orders o JOIN sales.customers c ON o.cust = c.id JOIN sales.products p ON o.prod = p.id WHERE o.amount > 100"
	b.Run("hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lex("f", src)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			byRegexp(src)
		}
	})
}
