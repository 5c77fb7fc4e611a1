package parser

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/sqlerr"
)

func parseErr(t *testing.T, src string) *sqlerr.Error {
	t.Helper()
	_, err := ParseOne(src)
	require.Error(t, err, src)
	e, ok := err.(*sqlerr.Error)
	require.True(t, ok, "error of type %T", err)
	return e
}

// Nesting is bounded at 256 levels (spec §1.5): the statement just under
// the limit parses, one more level fails before the parser runs, positioned
// at the token that went one level too deep.
func TestNestingLimit(t *testing.T) {
	shapes := map[string]func(d int) string{
		"parentheses":       func(d int) string { return "SELECT " + strings.Repeat("(", d) + "1" + strings.Repeat(")", d) },
		"scalar subqueries": func(d int) string { return "SELECT " + strings.Repeat("(SELECT ", d) + "1" + strings.Repeat(")", d) },
		"subqueries in FROM": func(d int) string {
			return "SELECT * FROM " + strings.Repeat("(SELECT * FROM ", d) + "t" + strings.Repeat(") x", d)
		},
		"CASE": func(d int) string {
			return "SELECT " + strings.Repeat("CASE WHEN ", d) + "1" + strings.Repeat(" THEN 1 END", d)
		},
		"function calls":      func(d int) string { return "SELECT " + strings.Repeat("abs(", d) + "1" + strings.Repeat(")", d) },
		"IN lists":            func(d int) string { return "SELECT " + strings.Repeat("1 IN (", d) + "1" + strings.Repeat(")", d) },
		"parenthesized query": func(d int) string { return strings.Repeat("(", d) + "SELECT 1" + strings.Repeat(")", d) },
		"nested view body": func(d int) string {
			return "CREATE VIEW v AS SELECT " + strings.Repeat("(", d) + "1" + strings.Repeat(")", d) + " AS x"
		},
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			_, err := ParseOne(shape(MaxNesting))
			require.NoError(t, err, "256 levels must parse")
			src := shape(MaxNesting + 1)
			e := parseErr(t, src)
			assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(e.Class))
			assert.Equal(t, "54001", e.State)
			assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement nests more than 256 levels deep.", e.Msg)
			// The position is that of the 257th opening token.
			assert.Equal(t, 1, e.Pos.Line)
			assert.GreaterOrEqual(t, e.Pos.Col, 257)
		})
	}
	// A statement nested far deeper fails as fast: the check runs before
	// the parser, which never sees it.
	e := parseErr(t, "SELECT "+strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000))
	assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(e.Class))
	assert.Equal(t, sqlerr.Pos{Line: 1, Col: 8 + MaxNesting}, e.Pos)
}

// Width is not depth: long flat lists and long chains of operators parse.
func TestWideStatementsParse(t *testing.T) {
	for _, src := range []string{
		"SELECT " + strings.Repeat("(1) + ", 5000) + "1",
		"SELECT 1 FROM t WHERE " + strings.Repeat("a = 1 OR ", 5000) + "a = 2",
		"SELECT " + strings.Repeat("NOT ", 5000) + "TRUE",
		"SELECT 1 IN (" + strings.Repeat("1, ", 5000) + "1)",
	} {
		_, err := ParseOne(src)
		require.NoError(t, err)
	}
}

// New names have at most 255 characters (spec §1.5).
func TestNameLengthLimits(t *testing.T) {
	ok, long := strings.Repeat("a", 255), strings.Repeat("a", 256)
	for _, tmpl := range []string{
		"CREATE DATABASE %s", "CREATE TABLE %s (x INT)", "CREATE VIEW %s AS SELECT 1 AS x",
		"CREATE FUNCTION %s(x INT) RETURNS INT RETURN x", "ALTER TABLE t RENAME TO %s",
	} {
		_, err := ParseOne(strings.ReplaceAll(tmpl, "%s", ok))
		require.NoError(t, err, tmpl)
		e := parseErr(t, strings.ReplaceAll(tmpl, "%s", long))
		assert.Equal(t, "INVALID_SCHEMA_OR_RELATION_NAME", string(e.Class), tmpl)
		assert.Equal(t, "[INVALID_SCHEMA_OR_RELATION_NAME] `"+long+"` is not a valid name for tables/schemas. Valid names only contain alphabet characters, numbers and _.", e.Msg)
	}
	_, err := ParseOne("CREATE TABLE t (" + ok + " INT)")
	require.NoError(t, err)
	e := parseErr(t, "CREATE TABLE t ("+long+" INT)")
	assert.Equal(t, "[INVALID_COLUMN_NAME] `"+long+"` is not a valid column name. Valid names only contain alphabet characters, numbers and _.", e.Msg)
	assert.Equal(t, sqlerr.Pos{Line: 1, Col: 17}, e.Pos)

	// A name of 200,000 characters is refused as quickly; a statement over
	// 256 KiB is refused before it is parsed.
	e = parseErr(t, "CREATE TABLE "+strings.Repeat("x", 200000)+" (x INT)")
	assert.Equal(t, "INVALID_SCHEMA_OR_RELATION_NAME", string(e.Class))
	e = parseErr(t, "CREATE TABLE "+strings.Repeat("x", 1<<20)+" (x INT)")
	assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement is longer than 262144 bytes.", e.Msg)
}

// Principal names must be valid UTF-8 (spec §1.5) and 1 to 255 characters.
func TestPrincipalNames(t *testing.T) {
	e := parseErr(t, "CREATE USER `a\xffb`")
	assert.Equal(t, "INVALID_PRINCIPAL_NAME", string(e.Class))
	assert.Equal(t, "42602", e.State)
	e = parseErr(t, "CREATE GROUP `"+strings.Repeat("é", 256)+"`")
	assert.Equal(t, "INVALID_PRINCIPAL_NAME", string(e.Class))
	_, err := ParseOne("CREATE USER `" + strings.Repeat("é", 255) + "`")
	require.NoError(t, err)
}

// DECIMAL(p,s) needs 1 <= p <= 38 and 0 <= s <= p (spec §1.5).
func TestDecimalBounds(t *testing.T) {
	for _, typ := range []string{"DECIMAL", "DECIMAL(38)", "DECIMAL(38,38)", "DECIMAL(1,0)", "DECIMAL(10,2)"} {
		_, err := ParseOne("CREATE TABLE t (x " + typ + ")")
		require.NoError(t, err, typ)
	}
	for typ, want := range map[string]string{
		"DECIMAL(39)":                        "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38.",
		"DECIMAL(1000,500)":                  "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 1000 exceeds max precision 38.",
		"DECIMAL(99999999999999999999999,1)": "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 99999999999999999999999 exceeds max precision 38.",
		"DECIMAL(0)":                         "[UNSUPPORTED_DATATYPE] Unsupported data type DECIMAL(0).",
		"DECIMAL(5,6)":                       "[UNSUPPORTED_DATATYPE] Unsupported data type DECIMAL(5,6).",
		"DECIMAL(5,1000)":                    "[UNSUPPORTED_DATATYPE] Unsupported data type DECIMAL(5,1000).",
		"DECIMAL(1.5)":                       "[UNSUPPORTED_DATATYPE] Unsupported data type DECIMAL(1.5).",
		"DECIMAL(1,2,3)":                     "[UNSUPPORTED_DATATYPE] Unsupported data type DECIMAL(1,2,3).",
		"VARCHAR(1e3)":                       "[UNSUPPORTED_DATATYPE] Unsupported data type VARCHAR(1e3).",
		"VARCHAR(0)":                         "[UNSUPPORTED_DATATYPE] Unsupported data type VARCHAR(0).",
	} {
		e := parseErr(t, "CREATE TABLE t (x "+typ+")")
		assert.Equal(t, want, e.Msg, typ)
		assert.Equal(t, sqlerr.Pos{Line: 1, Col: 19}, e.Pos, typ)
		// Casts and function parameters are checked alike.
		e = parseErr(t, "SELECT CAST(1 AS "+typ+")")
		assert.Equal(t, want, e.Msg, typ)
	}
}

// Shapes whose parse cost was exponential in the nesting, because the
// parser tried a parenthesized group as an expression and again as a
// query at every level: each parses in linear time (this test took longer
// than any timeout before).
func TestParenthesizedQueriesParseLinearly(t *testing.T) {
	shapes := map[string]func(e string) string{
		"union in parentheses": func(e string) string { return "((SELECT " + e + ") UNION SELECT 1)" },
		"IN list of sums":      func(e string) string { return "1 IN ((SELECT " + e + ") + 1)" },
		"wrapped subquery":     func(e string) string { return "((SELECT " + e + "))" },
		"ordered subquery":     func(e string) string { return "((SELECT " + e + ") ORDER BY 1)" },
	}
	for name, shape := range shapes {
		e := "1"
		for i := 0; i < MaxNesting/2-1; i++ {
			e = shape(e)
		}
		_, err := ParseOne("SELECT " + e)
		require.NoError(t, err, name)
	}
}

// A window's PARTITION BY and ORDER BY lists hold at most MaxWindowTerms
// terms each: SQLite prepares a window in time quadratic in its ORDER BY.
func TestWindowTerms(t *testing.T) {
	list := func(n int) string { return strings.TrimSuffix(strings.Repeat("a, ", n), ", ") }
	for _, clause := range []string{"PARTITION BY", "ORDER BY"} {
		t.Run(clause, func(t *testing.T) {
			_, err := ParseOne("SELECT rank() OVER (" + clause + " " + list(MaxWindowTerms) + ") FROM t")
			require.NoError(t, err)
			e := parseErr(t, "SELECT rank() OVER ("+clause+" "+list(MaxWindowTerms+1)+") FROM t")
			assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(e.Class))
			assert.Equal(t, "[STATEMENT_TOO_COMPLEX] A window has more than 1000 PARTITION BY or ORDER BY terms.", e.Msg)
			assert.Equal(t, sqlerr.Pos{Line: 1, Col: 20}, e.Pos)
		})
	}
}
