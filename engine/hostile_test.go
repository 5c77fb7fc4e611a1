package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/sqlerr"
)

func run(t *testing.T, ctx context.Context, conn *engine.Conn, script string) {
	t.Helper()
	_, err := conn.ExecScript(ctx, script)
	require.NoError(t, err)
}

func sqlError(t *testing.T, err error) *sqlerr.Error {
	t.Helper()
	require.Error(t, err)
	e, ok := err.(*sqlerr.Error)
	require.True(t, ok, "error of type %T: %v", err, err)
	return e
}

func rowsOf(t *testing.T, ctx context.Context, conn *engine.Conn, query string) string {
	t.Helper()
	res, err := conn.Query(ctx, query)
	require.NoError(t, err, query)
	return formatRows(res)
}

// within fails the test when fn does not return in time: a statement that
// opened a named pipe would wait for a writer for ever.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("the statement did not return within %v", d)
	}
}

// No file is opened before the statement is authorized (spec §1.3): the
// path is a named pipe, which blocks whoever opens it until a writer comes.
// A caller without SELECT ON ANY FILE is refused at once, whatever the
// statement does with the file.
func TestNoFileOpenedBeforeAuthorization(t *testing.T) {
	pipe := filepath.Join(t.TempDir(), "pipe.csv")
	require.NoError(t, syscall.Mkfifo(pipe, 0o666))
	ctx, admin := adminConn(t)
	run(t, ctx, admin, "CREATE USER eve; CREATE DATABASE d; GRANT USAGE, CREATE ON DATABASE d TO eve;")
	eve := connectAs(t, admin, "eve")
	denied := "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on any file."
	for _, stmt := range []string{
		"SELECT * FROM csv.`%s`",
		"SELECT nosuchcolumn FROM csv.`%s`",
		"SELECT a.x FROM csv.`%[1]s` a JOIN csv.`%[1]s` b ON a.x = b.y",
		"CREATE TEMPORARY VIEW tv AS SELECT * FROM csv.`%s`",
		"CREATE VIEW d.v AS SELECT * FROM csv.`%s`",
		"CREATE TABLE d.c AS SELECT * FROM csv.`%s`",
		"SELECT count(*) AS n FROM (SELECT * FROM csv.`%s`) x",
		"EXPLAIN SELECT * FROM csv.`%s`",
	} {
		stmt := fmt.Sprintf(stmt, pipe)
		within(t, 10*time.Second, func() {
			_, err := eve.Query(ctx, stmt)
			if strings.HasPrefix(stmt, "EXPLAIN") {
				assert.NoError(t, err, stmt) // EXPLAIN asks nothing of ANY FILE (§7.1), and runs nothing
				return
			}
			assert.Equal(t, denied, sqlError(t, err).Error(), stmt)
		})
	}
	res, err := admin.Query(ctx, "SHOW TABLES IN d")
	require.NoError(t, err)
	assert.Empty(t, res.Rows, "nothing was created")

	// A file reached through someone else's view: creating a view over
	// that view resolves its body with the file's columns, so it too needs
	// SELECT ON ANY FILE, and the file stays closed without it.
	csvPath := filepath.Join(t.TempDir(), "payroll.csv")
	require.NoError(t, os.WriteFile(csvPath, []byte("a,b\n1,2\n"), 0o644))
	run(t, ctx, admin, "CREATE VIEW d.fv AS SELECT * FROM csv.`"+csvPath+"`")
	require.NoError(t, os.Remove(csvPath))
	require.NoError(t, syscall.Mkfifo(csvPath, 0o666))
	for _, stmt := range []string{
		"CREATE TEMPORARY VIEW tv AS SELECT * FROM d.fv",
		"CREATE VIEW d.w AS SELECT a FROM d.fv",
		"WITH c AS (SELECT * FROM d.fv) SELECT 1 AS one",
	} {
		within(t, 10*time.Second, func() {
			_, err := eve.Query(ctx, stmt)
			assert.Contains(t, sqlError(t, err).Error(), "User does not have permission SELECT on any file.", stmt)
		})
	}
}

// Once authorized, the file is read and the statement resolved with its
// columns: a missing column is UNRESOLVED_COLUMN, a view over the file
// takes its columns from the header, and readers of such a view need
// SELECT ON ANY FILE whoever owns the view (§7.5).
func TestFilesAfterAuthorization(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sales.csv")
	require.NoError(t, os.WriteFile(path, []byte("region,amount\nemea,10\namer,25\n"), 0o644))
	ctx, admin := adminConn(t)
	assert.Equal(t, "→ ('amer', '25'), ('emea', '10')", rowsOf(t, ctx, admin, "SELECT region, amount FROM csv.`"+path+"` ORDER BY region"))
	assert.Equal(t, "→ (2)", rowsOf(t, ctx, admin, "SELECT count(*) AS n FROM csv.`"+path+"` a JOIN csv.`"+path+"` b ON a.region = b.region"))
	_, err := admin.Query(ctx, "SELECT nope FROM csv.`"+path+"`")
	assert.Equal(t, "[UNRESOLVED_COLUMN] A column or function parameter with name `nope` cannot be resolved.", sqlError(t, err).Error())
	_, err = admin.Query(ctx, "SELECT * FROM csv.`"+path+"` UNION SELECT 1")
	assert.Equal(t, "NUM_COLUMNS_MISMATCH", string(sqlError(t, err).Class))
	// The header's columns reach through what is made of the file: a CTE,
	// a subquery, a select-list alias that GROUP BY names.
	file := "csv.`" + path + "`"
	assert.Equal(t, "→ ('25'), ('10')", rowsOf(t, ctx, admin, "WITH c AS (SELECT * FROM "+file+") SELECT amount FROM c ORDER BY region"))
	assert.Equal(t, "→ ('emea')", rowsOf(t, ctx, admin, "SELECT q.region FROM (SELECT * FROM "+file+") q WHERE q.amount = '10'"))
	assert.Equal(t, "→ ('amer', 1), ('emea', 1)", rowsOf(t, ctx, admin, "SELECT region AS r, count(*) AS n FROM "+file+" GROUP BY r ORDER BY r"))
	_, err = admin.Query(ctx, "WITH c AS (SELECT * FROM "+file+") SELECT nope FROM c")
	assert.Equal(t, "[UNRESOLVED_COLUMN] A column or function parameter with name `nope` cannot be resolved.", sqlError(t, err).Error())
	_, err = admin.Query(ctx, "SELECT (SELECT max(nope) FROM (SELECT 1 AS z) q) AS m FROM "+file)
	assert.Equal(t, "[UNRESOLVED_COLUMN] A column or function parameter with name `nope` cannot be resolved.", sqlError(t, err).Error())
	_, err = admin.Query(ctx, "SELECT amount FROM "+file+" GROUP BY region")
	assert.Equal(t, "MISSING_AGGREGATION", string(sqlError(t, err).Class))

	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE d; GRANT USAGE ON DATABASE d TO ann;
		CREATE TEMPORARY VIEW tv AS SELECT * FROM csv.`+"`"+path+"`"+`;
		CREATE VIEW d.v AS SELECT region FROM csv.`+"`"+path+"`"+`;
		GRANT SELECT ON VIEW d.v TO ann;`)
	assert.Equal(t, "→ ('region', 'string', NULL), ('amount', 'string', NULL)", rowsOf(t, ctx, admin, "DESCRIBE tv"))
	assert.Equal(t, "→ ('region', 'string', NULL)", rowsOf(t, ctx, admin, "DESCRIBE d.v"))
	ann := connectAs(t, admin, "ann")
	_, err = ann.Query(ctx, "SELECT * FROM d.v")
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on any file.", sqlError(t, err).Error())
	// Without ANY FILE the answer does not depend on the file's columns.
	for _, col := range []string{"amount", "nope"} {
		_, err = ann.Query(ctx, "WITH c AS (SELECT * FROM "+file+") SELECT "+col+" FROM c")
		assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on any file.", sqlError(t, err).Error(), col)
	}
	run(t, ctx, admin, "GRANT SELECT ON ANY FILE TO ann")
	assert.Equal(t, "→ ('amer'), ('emea')", rowsOf(t, ctx, ann, "SELECT * FROM d.v ORDER BY region"))

	// Only regular files are read: a device or a pipe would never end.
	pipe := filepath.Join(t.TempDir(), "pipe.csv")
	require.NoError(t, syscall.Mkfifo(pipe, 0o666))
	for _, path := range []string{"/dev/zero", pipe} {
		within(t, 10*time.Second, func() {
			_, err := ann.Query(ctx, "SELECT * FROM csv.`"+path+"`")
			assert.Equal(t, "[UNSUPPORTED_FEATURE] Reading "+path+" is not supported: it is not a regular file.", sqlError(t, err).Error())
		})
	}
}

// A string value holds at most 64 MiB: a statement that doubles a string
// at every level stops there, after authorization, changing nothing.
func TestValueLengthLimit(t *testing.T) {
	ctx, admin := adminConn(t)
	_, err := admin.Query(ctx, "SELECT length("+doubled(28)+") AS n")
	e := sqlError(t, err)
	assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(e.Class))
	assert.Contains(t, e.Error(), "string or blob too big")
	assert.Equal(t, "→ (1048576)", rowsOf(t, ctx, admin, "SELECT length("+doubled(20)+") AS n"))
}

// doubled is the string 'a' doubled n times over.
func doubled(n int) string {
	q := "'a'"
	for i := 0; i < n; i++ {
		q = "replace(" + q + ", 'a', 'aa')"
	}
	return q
}

// Views nest at most 100 deep (spec §1.5); a long chain is not a cycle.
func TestViewDepthLimit(t *testing.T) {
	ctx, admin := adminConn(t)
	var b strings.Builder
	b.WriteString("CREATE DATABASE d; CREATE TABLE d.t (x INT); INSERT INTO d.t VALUES (7); CREATE VIEW d.v1 AS SELECT x FROM d.t;")
	for i := 2; i <= 101; i++ {
		fmt.Fprintf(&b, "CREATE VIEW d.v%d AS SELECT x FROM d.v%d;", i, i-1)
	}
	run(t, ctx, admin, b.String())
	assert.Equal(t, "→ (7)", rowsOf(t, ctx, admin, "SELECT x FROM d.v34"), "34 views: not a cycle")
	assert.Equal(t, "→ (7)", rowsOf(t, ctx, admin, "SELECT x FROM d.v100"), "100 levels: the limit")
	_, err := admin.Query(ctx, "SELECT x\nFROM d.v101")
	e := sqlError(t, err)
	assert.Equal(t, "[VIEW_EXCEED_MAX_NESTED_DEPTH] The depth of view `d`.`v1` exceeds the maximum view resolution depth (100).", e.Error())
	assert.Equal(t, "54K00", e.State)
	assert.Equal(t, sqlerr.Pos{Line: 2, Col: 6}, e.Pos, "positioned at the reference in the statement")
	// The limit counts levels, so a view reached again deeper is refused
	// even after it was expanded once in the same statement.
	_, err = admin.Query(ctx, "SELECT a.x FROM d.v1 a JOIN d.v101 b ON a.x = b.x")
	assert.Equal(t, "VIEW_EXCEED_MAX_NESTED_DEPTH", string(sqlError(t, err).Class))
}

// A real cycle, made by renaming a view into the place of one it reads, is
// RECURSIVE_VIEW when read. A temporary function replaced by one that calls
// its old self is refused when it is created, and the old one stays.
func TestRecursiveViewAtUse(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, `CREATE DATABASE d; CREATE TABLE d.t (x INT);
		CREATE VIEW d.v2 AS SELECT x FROM d.t; CREATE VIEW d.v1 AS SELECT x FROM d.v2;
		CREATE VIEW d.v3 AS SELECT x FROM d.v1; DROP VIEW d.v2; ALTER VIEW d.v3 RENAME TO v2;
		CREATE TEMPORARY FUNCTION f(x INT) RETURNS INT RETURN x + 1;`)
	_, err := admin.Query(ctx, "SELECT * FROM d.v1")
	e := sqlError(t, err)
	assert.Equal(t, "[RECURSIVE_VIEW] Recursive view `d`.`v1` detected (cycle: `d`.`v1` -> `d`.`v2` -> `d`.`v1`).", e.Error())
	assert.Equal(t, sqlerr.Pos{Line: 1, Col: 15}, e.Pos)
	_, err = admin.Query(ctx, "CREATE OR REPLACE TEMPORARY FUNCTION f(x INT) RETURNS INT RETURN f(x)")
	assert.Equal(t, "[RECURSIVE_VIEW] Recursive function `f` detected (cycle: `f` -> `f`).", sqlError(t, err).Error())
	assert.Equal(t, "→ (2)", rowsOf(t, ctx, admin, "SELECT f(1) AS y"))
}

// Views that join the previous view to itself double the relations at every
// level: the statement is decided and run at the cost of the distinct views
// (spec §1.5) up to 10,000 relations after expansion, and refused beyond.
func TestSelfJoiningViewChain(t *testing.T) {
	ctx, admin := adminConn(t)
	var b strings.Builder
	b.WriteString(`CREATE USER u; CREATE DATABASE d; GRANT USAGE ON DATABASE d TO u;
		CREATE TABLE d.t (x INT); INSERT INTO d.t VALUES (1);
		CREATE VIEW d.v1 AS SELECT a.x FROM d.t a JOIN d.t b ON a.x = b.x;`)
	for i := 2; i <= 12; i++ {
		fmt.Fprintf(&b, "CREATE VIEW d.v%d AS SELECT a.x FROM d.v%d a JOIN d.v%d b ON a.x = b.x;", i, i-1, i-1)
	}
	b.WriteString("GRANT SELECT ON VIEW d.v12 TO u;")
	run(t, ctx, admin, b.String())
	// v12 expands to 2^13 - 1 = 8191 relation references.
	assert.Equal(t, "→ (1)", rowsOf(t, ctx, admin, "SELECT x FROM d.v12"))
	u := connectAs(t, admin, "u")
	assert.Equal(t, "→ (1)", rowsOf(t, ctx, u, "SELECT x FROM d.v12"), "decided for a non-admin")
	require.NoError(t, u.Authorize(ctx, "SELECT x FROM d.v12"))
	// Two of them: 16382.
	tooMany := "[STATEMENT_TOO_COMPLEX] The statement expands to more than 10000 relations after its views are expanded."
	_, err := u.Query(ctx, "SELECT a.x FROM d.v12 a JOIN d.v12 b ON a.x = b.x")
	e := sqlError(t, err)
	assert.Equal(t, tooMany, e.Error())
	assert.Equal(t, "54001", e.State)
	assert.Equal(t, sqlerr.Pos{Line: 1, Col: 30}, e.Pos, "at the reference that went over")
	// A view that no statement could read is not created either.
	_, err = admin.Query(ctx, "CREATE VIEW d.v13 AS SELECT a.x FROM d.v12 a JOIN d.v12 b ON a.x = b.x")
	assert.Equal(t, tooMany, sqlError(t, err).Error())
}

// Nesting: 256 levels of parentheses and deep subqueries run; 257 fail
// before anything runs.
func TestNestingThroughTheEngine(t *testing.T) {
	ctx, admin := adminConn(t)
	assert.Equal(t, "→ (1)", rowsOf(t, ctx, admin, "SELECT "+strings.Repeat("(", 255)+"1"+strings.Repeat(")", 255)+" AS x"))
	for _, depth := range []int{16, 100, 200, 255} {
		q := "SELECT " + strings.Repeat("(SELECT ", depth) + "1" + strings.Repeat(")", depth) + " AS x"
		assert.Equal(t, "→ (1)", rowsOf(t, ctx, admin, q), "scalar subqueries %d deep", depth)
	}
	_, err := admin.Query(ctx, "SELECT "+strings.Repeat("(", 257)+"1"+strings.Repeat(")", 257))
	assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement nests more than 256 levels deep.", sqlError(t, err).Error())
	// Long chains are not depth.
	assert.Equal(t, "→ (1)", rowsOf(t, ctx, admin, "SELECT count(*) AS n FROM (SELECT 1 AS x) t WHERE "+strings.Repeat("x = 2 OR ", 5000)+"x = 1 OR TRUE"))
}

// A NUL byte inside a string literal is data (spec §11).
func TestNULInStringLiteral(t *testing.T) {
	ctx, admin := adminConn(t)
	res, err := admin.Query(ctx, "SELECT 'a\x00b' AS s")
	require.NoError(t, err)
	assert.Equal(t, "a\x00b", res.Rows[0][0])
	run(t, ctx, admin, "CREATE TABLE t (s STRING); INSERT INTO t VALUES ('x\x00y');")
	res, err = admin.Query(ctx, "SELECT s FROM t WHERE s = 'x\x00y'")
	require.NoError(t, err)
	require.Len(t, res.Rows, 1)
	assert.Equal(t, "x\x00y", res.Rows[0][0])
}

// An error met while expanding a stored body is positioned at the reference
// to that body in the statement (spec §11), however deep it lies.
func TestErrorsInStoredBodiesPointAtTheReference(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, `CREATE DATABASE d; CREATE TABLE d.t (x INT);
		CREATE VIEW d.v1 AS SELECT x FROM d.t; CREATE VIEW d.v2 AS SELECT x FROM d.v1;
		CREATE FUNCTION d.g(x INT) RETURNS INT RETURN x; CREATE FUNCTION d.f(x INT) RETURNS INT RETURN d.g(x) + 1;
		DROP TABLE d.t; DROP FUNCTION d.g;`)
	_, err := admin.Query(ctx, "SELECT 1 AS one,\n       x FROM d.v2")
	e := sqlError(t, err)
	assert.Equal(t, "[TABLE_OR_VIEW_NOT_FOUND] The table or view `d`.`t` cannot be found. Verify the spelling and correctness of the schema and catalog.", e.Error())
	assert.Equal(t, sqlerr.Pos{Line: 2, Col: 15}, e.Pos)
	_, err = admin.Query(ctx, "SELECT\n  1 + d.f(2) AS y")
	e = sqlError(t, err)
	assert.Equal(t, "[UNRESOLVED_ROUTINE] Cannot resolve routine `d`.`g`.", e.Error())
	assert.Equal(t, sqlerr.Pos{Line: 2, Col: 7}, e.Pos)
}

// SQL functions are inlined where they are called; one that calls another
// twice doubles at every level, so a statement may inline at most 10,000
// calls (tableacl choice, the limit of spec §1.5 applied to functions).
func TestFunctionCallExpansion(t *testing.T) {
	ctx, admin := adminConn(t)
	var b strings.Builder
	b.WriteString("CREATE DATABASE d; CREATE FUNCTION d.f1(x INT) RETURNS INT RETURN x + 1;")
	for i := 2; i <= 13; i++ {
		fmt.Fprintf(&b, "CREATE FUNCTION d.f%d(x INT) RETURNS INT RETURN d.f%d(d.f%d(x));", i, i-1, i-1)
	}
	run(t, ctx, admin, b.String())
	// f9 inlines 2^9 - 1 = 511 calls, nested 256 deep, and adds 2^8.
	assert.Equal(t, "→ (256)", rowsOf(t, ctx, admin, "SELECT d.f9(0) AS y"))
	// f13 inlines 8191 calls nested 4096 deep: deeper than SQLite
	// evaluates, so it fails after authorization, changing nothing.
	_, err := admin.Query(ctx, "SELECT d.f13(0) AS y")
	assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(sqlError(t, err).Class))
	_, err = admin.Query(ctx, "SELECT d.f13(d.f13(0)) AS y")
	assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement expands to more than 10000 function calls after its functions are inlined.", sqlError(t, err).Error())
	_, err = admin.Query(ctx, "CREATE FUNCTION d.f14(x INT) RETURNS INT RETURN d.f13(d.f13(x))")
	assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(sqlError(t, err).Class))
}

// A select-list alias is written as its expression wherever it is used, and
// a FULL JOIN's USING column as the coalesce of its sides: copies that count
// against one bound (4 MiB), so that a statement within the length limit
// cannot make SQLite prepare one hundreds of times longer. Under the bound
// the same shapes run.
func TestCopiesAreBounded(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, "CREATE TABLE t (k INT, v INT); INSERT INTO t VALUES (1, 1), (2, 2);")
	terms := make([]string, 900)
	for i := range terms {
		terms[i] = fmt.Sprintf("v * %d", 100000000+i)
	}
	big := strings.Join(terms, " + ") // about 12 KB
	uses := func(n int) string { return strings.TrimSuffix(strings.Repeat("b + ", n), " + ") }

	_, err := admin.Query(ctx, "SELECT ("+big+") AS b FROM t ORDER BY "+uses(400))
	e := sqlError(t, err)
	assert.Equal(t, "STATEMENT_TOO_COMPLEX", string(e.Class))
	assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement repeats its select-list aliases, joined columns, function arguments and grouping sets more than SQLite can be given: the copies come to more than 4194304 bytes.", e.Msg)
	assert.Equal(t, sqlerr.Pos{Line: 1, Col: 1}, e.Pos)
	res, err := admin.Query(ctx, "SELECT ("+big+") AS b FROM t ORDER BY "+uses(5)+" DESC LIMIT 1")
	require.NoError(t, err)
	assert.Len(t, res.Rows, 1)

	var join strings.Builder
	join.WriteString("SELECT k, count(*) AS n FROM t t0")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&join, " FULL JOIN t t%d USING (k)", i)
	}
	join.WriteString(" GROUP BY k ORDER BY k")
	assert.Equal(t, "→ (1, 1), (2, 1)", rowsOf(t, ctx, admin, join.String()))
}

// Grouping sets repeat their block once per set: the repeats count
// against the same bound as other copies.
func TestGroupingSetCopiesAreBounded(t *testing.T) {
	ctx, admin := adminConn(t)
	cols := make([]string, 300)
	defs := make([]string, 300)
	for i := range cols {
		cols[i], defs[i] = fmt.Sprintf("c%d", i), fmt.Sprintf("c%d INT", i)
	}
	run(t, ctx, admin, "CREATE TABLE g ("+strings.Join(defs, ", ")+"); INSERT INTO g (c0) VALUES (1)")
	big := strings.TrimSuffix(strings.Repeat("length('"+strings.Repeat("x", 200)+"') + ", 100), " + ") // about 22 KB
	_, err := admin.Query(ctx, "SELECT ("+big+") AS b, count(*) AS n FROM g GROUP BY ROLLUP ("+strings.Join(cols, ", ")+")")
	e := sqlError(t, err)
	assert.Equal(t, sqlerr.StatementTooComplex, e.Class)
	assert.Contains(t, e.Msg, "grouping sets more than SQLite can be given")
	assert.Equal(t, "→ (20000, 1), (20000, 1), (20000, 1)", rowsOf(t, ctx, admin, "SELECT ("+big+") AS b, count(*) AS n FROM g GROUP BY ROLLUP (c0, c1)"))
}

// A query's rows are held in memory whole: a result of more than
// MaxResultBytes fails, after authorization, and the next one runs.
func TestResultSizeIsBounded(t *testing.T) {
	ctx, admin := adminConn(t)
	_, err := admin.Query(ctx, "SELECT repeat('a', 60000000) AS s FROM range(5)")
	e := sqlError(t, err)
	assert.Equal(t, sqlerr.StatementTooComplex, e.Class)
	assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The result holds more than 256 MiB: ask for fewer rows (LIMIT) or smaller columns.", e.Msg)
	assert.Equal(t, "→ (60000000), (60000000)", rowsOf(t, ctx, admin, "SELECT length(repeat('a', 60000000)) AS n FROM range(2)"))
}

// A chain of USING joins resolves in time linear in its length: each join
// moves its joined columns to the front of what * sees without copying the
// columns before it. SQLite joins at most 64 relations, so a longer join
// is refused before it is written out for SQLite (a FULL JOIN chain's
// column nests the coalesce of every side before it); authorizing it
// alone works, and the star of a shorter one keeps Spark's column order.
func TestJoinChains(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, "CREATE TABLE t (k INT, v INT); INSERT INTO t VALUES (1, 10);")
	chain := func(n int, kind string) string {
		var b strings.Builder
		b.WriteString("SELECT count(*) AS n FROM t t0")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, " %s JOIN t t%d USING (k)", kind, i)
		}
		return b.String()
	}
	for _, kind := range []string{"INNER", "FULL"} {
		// Memory, unlike time, is measured exactly: four times the joins
		// take about four times the bytes (the columns before each join
		// copied at every join took sixteen).
		small := allocated(func() { require.NoError(t, admin.Authorize(ctx, chain(1000, kind)), kind) })
		large := allocated(func() { require.NoError(t, admin.Authorize(ctx, chain(4000, kind)), kind) })
		assert.Less(t, float64(large)/float64(small), 6.0, "%s: %d bytes for 1000 joins, %d for 4000", kind, small, large)
		_, err := admin.Query(ctx, chain(65, kind))
		assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement is too complex for SQLite, which runs it: more than 64 tables in one join. It changed nothing.", sqlError(t, err).Error(), kind)
		assert.Equal(t, "→ (1)", rowsOf(t, ctx, admin, chain(64, kind)), kind)
	}
	res, err := admin.Query(ctx, "SELECT * FROM t a JOIN t b USING (v) FULL JOIN t c USING (k) JOIN t d USING (v, k)")
	require.NoError(t, err)
	// a JOIN b USING (v) gives v, a.k, b.k; FULL JOIN c USING (k) takes
	// a.k: k, v, b.k, c.v; JOIN d USING (v, k) takes the joined two.
	assert.Equal(t, []string{"v", "k", "k", "v"}, res.Columns)
	assert.Equal(t, "→ (10, 1, 1, 10)", formatRows(res))
	res, err = admin.Query(ctx, "SELECT * FROM t a JOIN t b USING (v) JOIN t c USING (k)")
	require.NoError(t, err)
	assert.Equal(t, []string{"k", "v", "k", "v"}, res.Columns)
}

// allocated is the number of bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A view read once stays lazy behind its fence: LIMIT 1 over a view of a
// billion rows reads one. A view read more than once is kept in a
// temporary table of at most a million rows, so no statement can fill the
// disk with a view's rows; beyond that it fails and changes nothing.
func TestViewsAreNotComputedWhole(t *testing.T) {
	ctx, admin := adminConn(t)
	values := make([]string, 1000)
	for i := range values {
		values[i] = fmt.Sprintf("(%d)", i)
	}
	run(t, ctx, admin, `CREATE USER bob; CREATE DATABASE s; GRANT USAGE ON DATABASE s TO bob;
		CREATE TABLE s.n (i INT); INSERT INTO s.n VALUES `+strings.Join(values, ", ")+`;
		CREATE VIEW s.grid AS SELECT a.i AS x, b.i AS y, c.i AS z FROM s.n a, s.n b, s.n c;
		CREATE VIEW s.few AS SELECT i FROM s.n WHERE i < 3;
		GRANT SELECT ON VIEW s.grid TO bob; GRANT SELECT ON VIEW s.few TO bob;`)
	bob := connectAs(t, admin, "bob")
	within(t, time.Minute, func() {
		assert.Equal(t, "→ (0, 0, 0)", rowsOf(t, ctx, bob, "SELECT * FROM s.grid LIMIT 1"))
	})
	// Twice: the first failure leaves no temporary table behind.
	for range 2 {
		_, err := bob.Query(ctx, "SELECT count(*) FROM s.grid a JOIN s.grid b ON a.x = b.x")
		assert.Equal(t, "[STATEMENT_TOO_COMPLEX] The statement reads the view `s`.`grid` more than once, which keeps its rows, and it has more than 1000000 rows.", sqlError(t, err).Error())
	}
	assert.Equal(t, "→ (3)", rowsOf(t, ctx, bob, "SELECT count(*) AS n FROM s.few a JOIN s.few b ON a.i = b.i"))
}

// The catalog's own files are not read as files of a query, even by an
// admin, who holds SELECT ON ANY FILE: opening and closing one outside
// SQLite would release SQLite's locks on the catalog for the whole process.
// Symbolic links to them are refused too, and decisions afterwards still see
// another connection's commits.
func TestCatalogFilesNotReadAsFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	eng, err := engine.Open(ctx, engine.WithFile(db))
	require.NoError(t, err)
	defer eng.Close()
	admin, err := eng.Connect(ctx, "admin")
	require.NoError(t, err)
	run(t, ctx, admin, "CREATE USER ann; CREATE DATABASE d; CREATE TABLE d.t (a INT); GRANT USAGE ON DATABASE d TO ann; GRANT SELECT ON TABLE d.t TO ann")
	link := filepath.Join(dir, "link.csv")
	require.NoError(t, os.Symlink(db, link))
	for _, path := range []string{db, db + "-wal", db + "-shm", link} {
		_, err := admin.Query(ctx, "SELECT * FROM csv.`"+path+"`")
		assert.Equal(t, "[UNSUPPORTED_FEATURE] Reading "+path+" is not supported: it is a file of the catalog.", sqlError(t, err).Error())
		assert.True(t, eng.HoldsFile(path), path)
	}
	assert.False(t, eng.HoldsFile(filepath.Join(dir, "other.csv")))

	p, err := eng.Prepare(ctx, "SELECT * FROM d.t")
	require.NoError(t, err)
	require.NoError(t, p.Authorize(ctx, "ann"))
	other, err := engine.Open(ctx, engine.WithFile(db))
	require.NoError(t, err)
	defer other.Close()
	oadmin, err := other.Connect(ctx, "admin")
	require.NoError(t, err)
	run(t, ctx, oadmin, "REVOKE SELECT ON TABLE d.t FROM ann")
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `d`.`t`.",
		sqlError(t, p.Authorize(ctx, "ann")).Error())
}

// What a statement of the Spark SQL surface could make grow beyond its
// text is bounded while it is resolved, before anything is decided, for a
// user without a grant: a type (struct(x, x) nested), the columns of a
// relation (SELECT *, * level by level, PIVOT's aggregates times values),
// and text written again (decode's subject once per pair).
func TestSparkSQLGrowthIsBounded(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, "CREATE USER mallory; CREATE TABLE secret (x INT); INSERT INTO secret VALUES (1)")
	mallory, err := admin.Engine().Connect(ctx, "mallory")
	require.NoError(t, err)

	structs := func(n int) string {
		e := "array(1)"
		for i := 0; i < n; i++ {
			e = "transform(" + e + ", x -> struct(x, x))"
		}
		return "SELECT " + e + " AS a FROM secret"
	}
	stars := func(n int) string {
		ctes := []string{"c0 AS (SELECT 1 AS x, 2 AS y)"}
		for i := 1; i <= n; i++ {
			ctes = append(ctes, fmt.Sprintf("c%d AS (SELECT *, * FROM c%d)", i, i-1))
		}
		return fmt.Sprintf("WITH %s SELECT 1 AS one FROM c%d, secret", strings.Join(ctes, ", "), n)
	}
	pivot := func(n int) string {
		aggs, vals := make([]string, n), make([]string, n)
		for i := range aggs {
			aggs[i], vals[i] = fmt.Sprintf("max(v) AS a%d", i), strconv.Itoa(i)
		}
		return "SELECT 1 AS one FROM (SELECT * FROM VALUES (1, 1) AS t(id, v) PIVOT (" + strings.Join(aggs, ", ") + " FOR id IN (" + strings.Join(vals, ", ") + "))), secret"
	}
	decode := func(n int) string {
		pairs := make([]string, 12)
		for i := range pairs {
			pairs[i] = fmt.Sprintf("%d, %d", i, i)
		}
		e := "x"
		for i := 0; i < n; i++ {
			e = "decode(" + e + ", " + strings.Join(pairs, ", ") + ")"
		}
		return "SELECT " + e + " AS d FROM secret"
	}
	for _, tc := range []struct {
		name, big, small, says string
		allow                  bool
	}{
		{"struct types", structs(30), structs(3), "The type of `struct` is longer than 65536 characters.", false},
		{"star columns", stars(20), stars(3), "The statement makes a relation of more than 2000 columns.", false},
		{"pivot columns", pivot(100), pivot(3), "The statement makes a relation of more than 2000 columns.", false},
		{"decode copies", decode(8), decode(2), "the copies come to more than 4194304 bytes", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := mallory
			if tc.allow {
				conn = admin // the copies are counted as the statement is written for SQLite
			}
			_, err := conn.Query(ctx, tc.big)
			e := sqlError(t, err)
			assert.Equal(t, sqlerr.StatementTooComplex, e.Class)
			assert.Contains(t, e.Msg, tc.says)
			_, err = mallory.Query(ctx, tc.small)
			assert.Equal(t, sqlerr.InsufficientPermissions, sqlError(t, err).Class, "the small statement is decided")
			_, err = admin.Query(ctx, tc.small)
			require.NoError(t, err)
		})
	}
}
