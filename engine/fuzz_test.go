package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tableacl/tableacl/sqlerr"
)

// FuzzEngine runs random statement sequences as random users through the
// public API on a small catalog, and checks what must hold whatever the
// statements are (spec §1.3, §11):
//
//   - nothing panics;
//   - INTERNAL_ERROR never reports a mistake in a statement: no storage
//     failure happens here, so every INTERNAL_ERROR is a defect;
//   - a failed statement leaves the catalog byte-identical (schema, rows,
//     grants, owners, principals);
//   - Authorize agrees with Exec: a statement Exec runs is authorized, and
//     a statement Exec refuses for permissions is refused by Authorize with
//     the same text.
//
// The fuzz input drives a generator of statements over a fixed vocabulary
// of names, so that most statements are meaningful; a part of the input is
// also run as raw text.
func FuzzEngine(f *testing.F) {
	for _, seed := range [][]byte{
		{}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, []byte("SELECT * FROM d1.t1"),
		[]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"),
		[]byte("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0"),
		[]byte("zzzzyyyyxxxxwwwwvvvvuuuuttttssss"), []byte("CREATE OR REPLACE VIEW d1.v1 AS SELECT a FROM d2.t2"),
		[]byte("\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
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
		if _, err := conn.ExecScript(ctx, fuzzSetup); err != nil {
			t.Fatalf("setup: %v", err)
		}
		g := &gen{data: data}
		for step := 0; step < 12 && !g.done(); step++ {
			user := fuzzUsers[g.pick(len(fuzzUsers))]
			if err := conn.SetUser(ctx, user); err != nil {
				user = "admin"
				if err := conn.SetUser(ctx, user); err != nil {
					t.Fatal(err)
				}
			}
			sql := g.statement()
			if g.pick(16) == 0 {
				sql = g.raw()
			}
			checkStatement(t, ctx, eng, conn, user, sql)
		}
	})
}

func checkStatement(t *testing.T, ctx context.Context, eng *Engine, conn *Conn, user, sql string) {
	before, err := eng.cat.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	authErr := conn.Authorize(ctx, sql)
	after, err := eng.cat.Dump(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Fatalf("Authorize changed the catalog: %s", sql)
	}
	_, execErr := conn.Query(ctx, sql)
	var e *sqlerr.Error
	for _, err := range []error{authErr, execErr} {
		if err == nil {
			continue
		}
		if !errors.As(err, &e) {
			t.Fatalf("as %s: %q: error of type %T: %v", user, sql, err, err)
		}
		if e.Class == "INTERNAL_ERROR" {
			t.Fatalf("as %s: %q: %v", user, sql, err)
		}
		if !e.Pos.IsValid() {
			t.Fatalf("as %s: %q: error without a position: %v", user, sql, err)
		}
	}
	if execErr != nil {
		after, err := eng.cat.Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if before != after {
			t.Fatalf("as %s: %q failed (%v) but changed the catalog:\n%s", user, sql, execErr, diffLines(before, after))
		}
	}
	_, execDenied := IsDenied(execErr)
	switch {
	case execErr == nil && authErr != nil:
		t.Fatalf("as %s: %q ran, but Authorize refused it: %v", user, sql, authErr)
	case execDenied && (authErr == nil || authErr.Error() != execErr.Error()):
		t.Fatalf("as %s: %q: Exec refused it (%v) but Authorize said %v", user, sql, execErr, authErr)
	}
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	seen := map[string]int{}
	for _, l := range al {
		seen[l]++
	}
	var out []string
	for _, l := range bl {
		if seen[l] > 0 {
			seen[l]--
			continue
		}
		out = append(out, "+ "+l)
	}
	for l, n := range seen {
		for ; n > 0; n-- {
			out = append(out, "- "+l)
		}
	}
	return strings.Join(out, "\n")
}

const fuzzSetup = `
CREATE USER u1; CREATE USER u2; CREATE GROUP g1; ALTER GROUP g1 ADD USER u1;
CREATE DATABASE d1; CREATE DATABASE d2;
CREATE TABLE d1.t1 (a INT, b STRING); CREATE TABLE d2.t2 (a INT, c DOUBLE);
INSERT INTO d1.t1 VALUES (1, 'x'), (2, NULL), (3, 'z');
INSERT INTO d2.t2 VALUES (1, 1.5), (3, NULL);
CREATE VIEW d1.v1 AS SELECT a, b FROM d1.t1 WHERE a > 1;
CREATE VIEW d1.v2 AS SELECT a, c FROM d2.t2;
CREATE VIEW d2.v3 AS SELECT t.a, v.b FROM d1.t1 t JOIN d1.v1 v ON t.a = v.a;
CREATE FUNCTION d1.f1(x INT) RETURNS INT RETURN x * 2;
CREATE FUNCTION d1.f2(x INT) RETURNS INT RETURN d1.f1(x) + x;
CREATE FUNCTION d2.f3(x INT) RETURNS INT RETURN x - 1;
CREATE TEMPORARY VIEW tv AS SELECT a, b FROM d1.t1;
CREATE TEMPORARY FUNCTION tf(x INT) RETURNS INT RETURN d1.f1(x) + 1;
GRANT USAGE ON DATABASE d1 TO g1; GRANT SELECT ON VIEW d1.v1 TO u1;
ALTER TABLE d2.t2 OWNER TO u2; ALTER DATABASE d2 OWNER TO u2; ALTER VIEW d2.v3 OWNER TO u2;
GRANT SELECT ON DATABASE d1 TO u2; DENY SELECT ON TABLE d1.t1 TO g1;
`

var fuzzUsers = []string{"admin", "u1", "u2", "u1", "u2"}

// gen turns fuzz bytes into statements.
type gen struct {
	data  []byte
	i     int
	depth int
}

func (g *gen) done() bool { return g.i >= len(g.data) }

func (g *gen) pick(n int) int {
	if n <= 1 {
		return 0
	}
	if g.i >= len(g.data) {
		return 0
	}
	b := int(g.data[g.i])
	g.i++
	return b % n
}

func (g *gen) one(options ...string) string { return options[g.pick(len(options))] }

// raw returns the rest of the input, up to a semicolon, as a statement.
func (g *gen) raw() string {
	rest := string(g.data[min(g.i, len(g.data)):])
	if k := strings.IndexByte(rest, ';'); k >= 0 {
		rest = rest[:k]
	}
	g.i = len(g.data)
	return rest
}

func (g *gen) db() string { return g.one("d1", "d2", "default", "nodb") }
func (g *gen) relation() string {
	return g.one("d1.t1", "d2.t2", "d1.v1", "d1.v2", "d2.v3", "tv", "d1.t1", "d2.t2", "d1.v1", "d1.t9", "t1", "q")
}
func (g *gen) table() string    { return g.one("d1.t1", "d2.t2", "d1.t3", "d2.t4", "d1.v1") }
func (g *gen) view() string     { return g.one("d1.v1", "d1.v2", "d2.v3", "tv") }
func (g *gen) function() string { return g.one("d1.f1", "d1.f2", "d2.f3", "tf") }
func (g *gen) principal() string {
	return g.one("u1", "u2", "g1", "admin", "admins", "users", "`nobody`", "g2", "u3")
}
func (g *gen) column() string { return g.one("a", "b", "c", "x", "t1.a", "v.a", "q.a", "nope") }
func (g *gen) literal() string {
	return g.one("1", "0", "-1", "2.5", "'x'", "'a\x00b'", "NULL", "TRUE", "FALSE", "DATE '2026-12-01'", "9223372036854775807", "2147483648")
}

func (g *gen) securable() string {
	switch g.pick(8) {
	case 0:
		return "CATALOG"
	case 1:
		return "DATABASE " + g.db()
	case 2:
		return "FUNCTION " + g.function()
	case 3:
		return "ANY FILE"
	case 4:
		return "ANONYMOUS FUNCTION"
	case 5:
		return "VIEW " + g.view()
	}
	return "TABLE " + g.table()
}

func (g *gen) privileges() string {
	return g.one("SELECT", "MODIFY", "USAGE", "READ_METADATA", "CREATE", "ALL PRIVILEGES", "SELECT, MODIFY", "CREATE_NAMED_FUNCTION", "MODIFY_CLASSPATH", "OWN")
}

func (g *gen) statement() string {
	switch g.pick(30) {
	case 0:
		return "CREATE DATABASE " + g.one("IF NOT EXISTS ", "") + g.db()
	case 1:
		return "CREATE TABLE " + g.table() + " (a INT, b " + g.one("STRING", "DECIMAL(10,2)", "BIGINT") + ")"
	case 2:
		return "CREATE " + g.one("", "OR REPLACE ") + "VIEW " + g.view() + " AS " + g.query()
	case 3:
		return "CREATE " + g.one("", "OR REPLACE ") + "TEMPORARY VIEW tv AS " + g.query()
	case 4:
		return "CREATE " + g.one("", "OR REPLACE ", "TEMPORARY ") + "FUNCTION " + g.function() + "(x INT) RETURNS INT RETURN " + g.expr()
	case 5:
		return "DROP " + g.one("TABLE ", "VIEW ", "FUNCTION ", "TEMPORARY FUNCTION ") + g.one("IF EXISTS ", "") + g.one(g.table(), g.view(), g.function())
	case 6:
		return "DROP DATABASE " + g.db() + g.one("", " CASCADE")
	case 7:
		return "ALTER " + g.one("TABLE ", "VIEW ") + g.relation() + " RENAME TO " + g.one("t5", "v5", "d2.t6")
	case 8, 9:
		return g.one("GRANT ", "DENY ") + g.privileges() + " ON " + g.securable() + " TO " + g.principal()
	case 10:
		return "REVOKE " + g.privileges() + " ON " + g.securable() + " FROM " + g.principal()
	case 11:
		return "ALTER " + g.securable() + " OWNER TO " + g.principal()
	case 12:
		return "MSCK REPAIR " + g.securable() + " PRIVILEGES"
	case 13:
		return "SHOW GRANTS " + g.one("", g.principal()+" ") + "ON " + g.securable()
	case 14:
		return g.one("CREATE USER ", "CREATE GROUP ", "DROP USER ", "DROP GROUP ") + g.principal()
	case 15:
		return "ALTER GROUP " + g.principal() + g.one(" ADD ", " DROP ") + g.one("USER ", "GROUP ") + g.principal()
	case 16:
		return "INSERT " + g.one("INTO ", "OVERWRITE ") + g.table() + " " + g.one("VALUES ("+g.literal()+", "+g.literal()+")", g.query())
	case 17:
		return "UPDATE " + g.table() + " SET a = " + g.expr() + g.one("", " WHERE "+g.cond())
	case 18:
		return "DELETE FROM " + g.table() + g.one("", " WHERE "+g.cond())
	case 19:
		return "MERGE INTO " + g.table() + " t USING " + g.relation() + " s ON t.a = s.a WHEN MATCHED THEN " + g.one("DELETE", "UPDATE SET a = s.a", "UPDATE SET *") + g.one("", " WHEN NOT MATCHED THEN INSERT *")
	case 20:
		return "TRUNCATE TABLE " + g.table()
	case 21:
		return g.one("SHOW TABLES IN ", "SHOW FUNCTIONS IN ", "DESCRIBE DATABASE ") + g.db()
	case 22:
		return g.one("DESCRIBE ", "DESCRIBE EXTENDED ", "SHOW CREATE TABLE ", "DESCRIBE FUNCTION ") + g.one(g.relation(), g.function())
	case 23:
		return "SET tableacl.requireUsage = " + g.one("true", "false", "maybe")
	case 24:
		return "EXPLAIN " + g.query()
	case 25:
		return g.one("SHOW DATABASES", "SHOW USERS", "SHOW GROUPS", "SET", "USE d1", "USE default", "ADD JAR '/x.jar'")
	case 26:
		return g.one("INSERT OVERWRITE d1.t1 SELECT a, b FROM d1.t1", "INSERT INTO d1.t1 (a, a) VALUES (1, 2)",
			"UPDATE d1.t1 SET a = 1, a = 2", "WITH q AS (SELECT 1 AS a), q AS (SELECT 2 AS a) SELECT * FROM q",
			"CREATE FUNCTION d1.f9(x INT, x INT) RETURNS INT RETURN x", "SELECT d1.f1(*)",
			"WITH a AS (SELECT 1 AS x), b AS (SELECT p.x FROM a p, a q), c AS (SELECT p.x FROM b p, b q) SELECT * FROM c",
			"SHOW TABLES IN d1 LIKE '*t*|v*'", "SELECT count(*) AS k FROM d1.t1 GROUP BY k")
	}
	return g.query()
}

func (g *gen) query() string {
	g.depth++
	defer func() { g.depth-- }()
	if g.depth > 4 {
		return "SELECT 1 AS a"
	}
	var b strings.Builder
	if g.pick(8) == 7 {
		b.WriteString("WITH q AS (" + g.query() + ") ")
	}
	b.WriteString("SELECT " + g.one("", "DISTINCT "))
	n := 1 + g.pick(3)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(g.item())
	}
	if g.pick(6) != 5 {
		b.WriteString(" FROM " + g.from())
	}
	if g.pick(2) == 1 {
		b.WriteString(" WHERE " + g.cond())
	}
	if g.pick(4) == 3 {
		b.WriteString(" GROUP BY " + g.one("1", "a", "2", "b", g.expr(), "TRUE", "-1", "count(*)", "x", "a, b", "(1)"))
		if g.pick(2) == 1 {
			b.WriteString(" HAVING " + g.cond())
		}
	} else if g.pick(8) == 7 {
		b.WriteString(" HAVING " + g.cond())
	}
	switch g.pick(6) {
	case 4:
		b.WriteString(" UNION " + g.one("", "ALL ") + "(" + g.query() + ")")
	case 5:
		b.WriteString(" " + g.one("INTERSECT", "EXCEPT") + " (" + g.query() + ")")
	}
	if g.pick(3) == 2 {
		b.WriteString(" ORDER BY " + g.one("1", "a", "2", "3", g.expr(), "-1", "a + 1", "count(*)", "sum(a) OVER (ORDER BY a)", "x") + g.one("", " DESC", " NULLS LAST"))
	}
	if g.pick(4) == 3 {
		b.WriteString(" LIMIT " + g.one("1", "0", "-1", "'x'", "a", "(SELECT 1)", "2 OFFSET 1", "CAST(NULL AS INT)", "5 % 0", "1 OFFSET 1 - 2", "3000000000", "1 + 1"))
	}
	return b.String()
}

func (g *gen) item() string {
	switch g.pick(6) {
	case 0:
		return "*"
	case 1:
		return g.expr() + " AS " + g.one("a", "b", "x", "`weird name`", "`a\"b`")
	case 2:
		return g.one("t1.*", "v.*", "q.*")
	}
	return g.expr()
}

func (g *gen) from() string {
	g.depth++
	defer func() { g.depth-- }()
	var f string
	switch g.pick(6) {
	case 5:
		if g.depth <= 4 {
			f = "(" + g.query() + ") " + g.one("q", "v", "t1")
		} else {
			f = g.relation()
		}
	case 4:
		f = g.one("csv.`/no/such.csv`", "json.`/tmp/x.json`", "q", "tv")
	default:
		f = g.relation() + g.one("", " v", " t1", " AS q (a)")
	}
	switch g.pick(5) {
	case 4:
		f += g.one(" JOIN ", " LEFT JOIN ", " FULL OUTER JOIN ") + g.relation() + " w ON " + g.cond()
	case 3:
		f += " JOIN " + g.relation() + " w USING (a)"
	case 2:
		f += ", " + g.relation() + " w"
	}
	return f
}

func (g *gen) frame() string {
	bound := func() string {
		return g.one("UNBOUNDED PRECEDING", "CURRENT ROW", "1 PRECEDING", "2 FOLLOWING", "UNBOUNDED FOLLOWING", "1.5 PRECEDING", "0 FOLLOWING")
	}
	if g.pick(3) != 2 {
		return ""
	}
	return "ROWS BETWEEN " + bound() + " AND " + bound()
}

func (g *gen) cond() string {
	g.depth++
	defer func() { g.depth-- }()
	if g.depth > 6 {
		return "a = 1"
	}
	switch g.pick(10) {
	case 9:
		return g.cond() + g.one(" AND ", " OR ") + g.cond()
	case 1:
		return "NOT " + g.cond()
	case 2:
		return g.expr() + " IN (" + g.query() + ")"
	case 3:
		return "EXISTS (" + g.query() + ")"
	case 4:
		return g.expr() + g.one(" IS NULL", " IS NOT NULL")
	case 5:
		return g.expr() + " BETWEEN " + g.expr() + " AND " + g.expr()
	case 6:
		return g.expr() + " LIKE " + g.one("'x%'", "b")
	case 7:
		return g.expr() + " IN (" + g.literal() + ", " + g.literal() + ")"
	}
	// 0, the choice once the input runs out, ends the recursion.
	return g.column() + g.one(" = ", " <> ", " < ", " >= ", " <=> ") + g.expr()
}

func (g *gen) expr() string {
	g.depth++
	defer func() { g.depth-- }()
	if g.depth > 7 {
		return g.literal()
	}
	switch g.pick(18) {
	case 0, 1: // 0, the choice once the input runs out, ends the recursion
		return g.column()
	case 2, 3:
		return g.literal()
	case 4:
		return g.expr() + g.one(" + ", " - ", " * ", " / ", " % ", " || ") + g.expr()
	case 5:
		return g.one("count(*)", "count(a)", "count(DISTINCT a)", "count(a, b)", "sum(a)", "avg(a)", "min(b)", "max(a)", "sum(*)", "count()")
	case 6:
		return g.one("abs(", "upper(", "length(", "coalesce(", "round(", "floor(", "ceil(", "nvl(a, ", "substr(b, ", "concat(", "replace(b, ", "trim(", "ifnull(1, ", "nullif(1, ") + g.expr() + ")"
	case 7:
		return g.function() + "(" + g.expr() + ")"
	case 8:
		return "(" + g.query() + ")"
	case 9:
		return "CASE WHEN " + g.cond() + " THEN " + g.expr() + " ELSE " + g.expr() + " END"
	case 10:
		return "CAST(" + g.expr() + " AS " + g.one("INT", "STRING", "DOUBLE", "BOOLEAN", "DECIMAL(5,2)") + ")"
	case 11:
		return g.one("row_number()", "rank()", "sum(a)", "lag(a)", "lead(a, -1)", "count(*)", "abs(a)", "dense_rank()", "lag(a, b)", "count(DISTINCT a)") + " OVER (" + g.one("", "PARTITION BY b ", "ORDER BY a", "PARTITION BY a ORDER BY b ", "ORDER BY a ") + g.frame() + ")"
	case 12:
		return g.one("current_user()", "is_member('g1')", "current_database()", "is_member(b)", "current_date()")
	case 13:
		return g.one("sum(max(a))", "max(row_number() OVER (ORDER BY a))", "sum(a) + count(*)", "row_number()",
			"(SELECT sum(t1.a) FROM d1.t1 x)", "((SELECT 1) UNION SELECT 2)", "1 IN ((SELECT 1) + 1)", "(SELECT NULL)")
	case 14:
		return "-" + g.expr()
	}
	return fmt.Sprintf("(%s)", g.expr())
}
