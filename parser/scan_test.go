package parser

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/sqlerr"
)

func pieces(t *testing.T, src string) []string {
	t.Helper()
	sc := NewScanner(strings.NewReader(src))
	var out []string
	for {
		p, err := sc.Next()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		kind := "stmt"
		if p.Command {
			kind = "cmd"
		}
		out = append(out, fmt.Sprintf("%s %s %q", kind, p.Pos, p.Text))
	}
}

// The scanner cuts a script where the splitter would, and gives each piece
// its position in the script.
func TestScannerPieces(t *testing.T) {
	assert.Equal(t, []string{
		`stmt 1:1 "SELECT 1"`,
		`stmt 1:10 " SELECT ';' AS x"`,
		`stmt 1:27 "\n-- a comment; still a comment\nSELECT \"a;b\", ` + "`c;d`" + `"`,
		`cmd 4:1 "\\user bob"`,
		`stmt 5:1 "SELECT 2 /* ; */"`,
		`stmt 5:18 "\n  SELECT 'it\\'s;'"`,
	}, pieces(t, "SELECT 1; SELECT ';' AS x;\n-- a comment; still a comment\nSELECT \"a;b\", `c;d`;\n\\user bob\nSELECT 2 /* ; */;\n  SELECT 'it\\'s;';\n"))

	// A backslash line inside a string or comment is not a command, and a
	// command line ends the statement before it.
	assert.Equal(t, []string{
		`stmt 1:1 "SELECT 'a\n\\user x\n'"`,
		`stmt 3:3 "\n/*\n\\q\n*/ SELECT 1\n  "`,
		`cmd 7:3 "\\q"`,
	}, pieces(t, "SELECT 'a\n\\user x\n';\n/*\n\\q\n*/ SELECT 1\n  \\q\n"))

	// A byte-order mark at the start is skipped; blank pieces are dropped;
	// the last statement needs no semicolon; columns count code points.
	assert.Equal(t, []string{`stmt 1:1 "SELECT 'é'"`, `stmt 1:12 " SELECT 3\n"`}, pieces(t, "\ufeffSELECT 'é'; SELECT 3\n;;  ;\n"))
	// An unfinished string or comment is the last piece, for the parser to
	// report.
	assert.Equal(t, []string{`stmt 1:1 "SELECT 'x; \n"`}, pieces(t, "SELECT 'x; \n"))
}

// The scanner hands out each statement as soon as it is read: it reads a
// script that never ends.
func TestScannerStreams(t *testing.T) {
	sc := NewScanner(&endless{})
	for i := 0; i < 100000; i++ {
		p, err := sc.Next()
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("INSERT INTO t VALUES (%d)", i), strings.TrimSpace(p.Text))
	}
}

type endless struct {
	n   int
	buf []byte
}

func (e *endless) Read(p []byte) (int, error) {
	if len(e.buf) == 0 {
		e.buf = []byte(fmt.Sprintf("INSERT INTO t VALUES (%d);\n", e.n))
		e.n++
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	return n, nil
}

// SplitAt gives tokens, and errors, the positions of the script.
func TestSplitAt(t *testing.T) {
	chunks := SplitAt("f.sql", "\n  SELECT nope FORM t", sqlerr.Pos{Line: 10, Col: 5})
	require.Len(t, chunks, 1)
	_, err := chunks[0].Parse()
	e := err.(*sqlerr.Error)
	assert.Equal(t, sqlerr.Pos{Line: 11, Col: 20}, e.Pos)
	assert.Equal(t, sqlerr.Pos{Line: 11, Col: 3}, chunks[0].Pos)
	chunks = SplitAt("f.sql", "SELECT 'x", sqlerr.Pos{Line: 3, Col: 7})
	assert.Equal(t, sqlerr.Pos{Line: 3, Col: 14}, chunks[0].Err.Pos)
}

// A statement longer than MaxStatementLength is refused, and its text is
// not kept; the script goes on after it.
func TestScannerTooLong(t *testing.T) {
	long := "SELECT '" + strings.Repeat("x", MaxStatementLength) + "'"
	sc := NewScanner(strings.NewReader("SELECT 1;\n" + long + ";\nSELECT 2;"))
	p, err := sc.Next()
	require.NoError(t, err)
	assert.Equal(t, "SELECT 1", p.Text)
	p, err = sc.Next()
	require.NoError(t, err)
	require.NotNil(t, p.Err)
	assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement is longer than 262144 bytes.", p.Err.Error())
	assert.Equal(t, sqlerr.Pos{Line: 2, Col: 1}, p.Err.Pos)
	assert.Empty(t, p.Text)
	p, err = sc.Next()
	require.NoError(t, err)
	assert.Equal(t, "\nSELECT 2", p.Text)

	_, err = ParseOne(long)
	assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(err.(*sqlerr.Error).Class))
	_, err = ParseOne("SELECT '" + strings.Repeat("x", MaxStatementLength-20) + "'")
	require.NoError(t, err, "just under the limit")
	chunks := Split("", "SELECT 1; "+long+"; SELECT 2")
	require.Len(t, chunks, 3)
	assert.NotNil(t, chunks[1].Err)
	_, err = chunks[2].Parse()
	require.NoError(t, err)
}
