package engine_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
)

// The acting user is looked up again at the start of every statement
// (spec §3.6): a connection whose user was dropped runs nothing more, not
// even when the name comes back as a group or as a new user, and changes
// nothing; switching to an existing user makes it usable again.
func TestDroppedUserStopsAtTheNextStatement(t *testing.T) {
	ctx, admin := adminConn(t)
	_, err := admin.ExecScript(ctx, `CREATE USER alice; CREATE DATABASE d;
		GRANT USAGE, SELECT, MODIFY ON DATABASE d TO users;
		CREATE TABLE d.t (x INT); INSERT INTO d.t VALUES (1);`)
	require.NoError(t, err)
	alice := connectAs(t, admin, "alice")
	_, err = alice.Query(ctx, "SELECT x FROM d.t")
	require.NoError(t, err)

	gone := "[PRINCIPAL_DOES_NOT_EXIST] Could not find user with name alice."
	for _, recreate := range []string{"", "CREATE GROUP alice", "CREATE USER alice"} {
		_, err := admin.Query(ctx, "DROP USER alice")
		require.NoError(t, err)
		if recreate != "" {
			_, err := admin.ExecScript(ctx, recreate+"; GRANT MODIFY ON TABLE d.t TO alice;")
			require.NoError(t, err)
		}
		for _, stmt := range []string{"SELECT x FROM d.t", "INSERT INTO d.t VALUES (2)", "SHOW GRANTS alice ON TABLE d.t"} {
			_, err := alice.Query(ctx, stmt)
			require.Error(t, err, "after DROP USER (%q): %s", recreate, stmt)
			assert.Equal(t, gone, err.Error(), "after DROP USER (%q): %s", recreate, stmt)
		}
		switch recreate {
		case "CREATE GROUP alice":
			_, err = admin.ExecScript(ctx, "DROP GROUP alice; CREATE USER alice;")
			require.NoError(t, err)
		case "":
			_, err = admin.Query(ctx, "CREATE USER alice")
			require.NoError(t, err)
		}
	}
	res, err := admin.Query(ctx, "SELECT x FROM d.t")
	require.NoError(t, err)
	assert.Equal(t, "→ (1)", formatRows(res), "the refused INSERTs changed nothing")

	// \user (SetUser) to an existing user makes the connection usable.
	require.NoError(t, alice.SetUser(ctx, "alice"))
	_, err = alice.Query(ctx, "SELECT x FROM d.t")
	require.NoError(t, err)
}

func connectAs(t *testing.T, admin *engine.Conn, user string) *engine.Conn {
	t.Helper()
	c, err := admin.Engine().Connect(context.Background(), user)
	require.NoError(t, err)
	return c
}

// A catalog file of schema version 1 (before principals had ids) is
// upgraded when it is opened, and keeps every principal and grant.
func TestUpgradeFromVersion1(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v1.db")
	raw, err := sql.Open("sqlite3", db)
	require.NoError(t, err)
	_, err = raw.Exec(`
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE principals (name TEXT PRIMARY KEY, is_group INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE members (
	member TEXT NOT NULL REFERENCES principals(name) ON DELETE CASCADE,
	grp    TEXT NOT NULL REFERENCES principals(name) ON DELETE CASCADE,
	PRIMARY KEY (member, grp)) WITHOUT ROWID;
CREATE INDEX members_grp ON members(grp);
CREATE TABLE databases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, comment TEXT, location TEXT) WITHOUT ROWID;
CREATE TABLE relations (id INTEGER PRIMARY KEY AUTOINCREMENT, db TEXT NOT NULL REFERENCES databases(name),
	name TEXT NOT NULL, is_view INTEGER NOT NULL, owner TEXT NOT NULL,
	provider TEXT, comment TEXT, location TEXT, view_text TEXT, UNIQUE (db, name));
CREATE TABLE columns (rel_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, not_null INTEGER NOT NULL, comment TEXT,
	PRIMARY KEY (rel_id, ord)) WITHOUT ROWID;
CREATE TABLE view_deps (rel_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL, obj_type INTEGER NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL,
	PRIMARY KEY (rel_id, ord)) WITHOUT ROWID;
CREATE TABLE functions (db TEXT NOT NULL REFERENCES databases(name), name TEXT NOT NULL,
	owner TEXT NOT NULL, params TEXT NOT NULL, returns TEXT NOT NULL, body TEXT, class TEXT, comment TEXT,
	PRIMARY KEY (db, name)) WITHOUT ROWID;
CREATE TABLE grants (obj_type INTEGER NOT NULL, db TEXT NOT NULL, name TEXT NOT NULL,
	privilege INTEGER NOT NULL, principal TEXT NOT NULL, deny INTEGER NOT NULL,
	PRIMARY KEY (obj_type, db, name, privilege, principal, deny)) WITHOUT ROWID;
CREATE INDEX grants_principal ON grants(principal);
INSERT INTO principals VALUES ('admin', 0), ('admins', 1), ('users', 1), ('bob', 0);
INSERT INTO members VALUES ('admin', 'admins');
INSERT INTO databases (name, owner) VALUES ('default', 'admin');
INSERT INTO meta VALUES ('tableacl.requireUsage', 'true');
INSERT INTO grants VALUES (2, 'default', '', 6, 'bob', 0);
PRAGMA user_version = 1;`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	ctx, admin := fileConn(t, db)
	_, err = admin.Query(ctx, "CREATE USER carol")
	require.NoError(t, err)
	res, err := admin.Query(ctx, "SHOW USERS")
	require.NoError(t, err)
	assert.Equal(t, "→ ('admin'), ('bob'), ('carol')", formatRows(res))
	res, err = admin.Query(ctx, "SHOW GRANTS bob ON DATABASE default")
	require.NoError(t, err)
	assert.Equal(t, "→ ('bob', 'USAGE', 'DATABASE', 'default')", formatRows(res))
	bob := connectAs(t, admin, "bob")
	_, err = admin.Query(ctx, "DROP USER bob")
	require.NoError(t, err)
	_, err = admin.Query(ctx, "CREATE USER bob")
	require.NoError(t, err)
	_, err = bob.Query(ctx, "SELECT 1")
	require.Error(t, err)
	assert.Equal(t, "[PRINCIPAL_DOES_NOT_EXIST] Could not find user with name bob.", err.Error())
}

// A catalog of schema version 2 kept no query column names for its views.
// Upgraded, such a view is read by its own column names, as Spark reads a
// view without them, and by position when those are not the body's (a
// view created with a column list).
func TestViewsFromVersion2(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v2.db")
	ctx, admin := fileConn(t, db)
	run(t, ctx, admin, `CREATE TABLE t (a INT, b STRING); INSERT INTO t VALUES (1, 'one');
		CREATE VIEW star AS SELECT * FROM t; CREATE VIEW listed (p, q) AS SELECT b, a FROM t;`)
	require.NoError(t, admin.Engine().Close())
	raw, err := sql.Open("sqlite3", db)
	require.NoError(t, err)
	_, err = raw.Exec(`UPDATE relations SET query_columns = NULL; PRAGMA user_version = 2;`)
	require.NoError(t, err)
	_, err = raw.Exec(`ALTER TABLE relations DROP COLUMN query_columns; ALTER TABLE relations DROP COLUMN stored`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	ctx, admin = fileConn(t, db)
	run(t, ctx, admin, `DROP TABLE t; CREATE TABLE t (b STRING, a INT, c INT); INSERT INTO t VALUES ('two', 2, 0);`)
	assert.Equal(t, "→ (2, 'two')", rowsOf(t, ctx, admin, "SELECT * FROM star"))
	assert.Equal(t, "→ ('two', 2)", rowsOf(t, ctx, admin, "SELECT * FROM listed"))
	run(t, ctx, admin, `DROP TABLE t; CREATE TABLE t (a INT); CREATE VIEW fresh AS SELECT * FROM t;`)
	_, err = admin.Query(ctx, "SELECT * FROM star")
	assert.Equal(t, "INCOMPATIBLE_VIEW_SCHEMA_CHANGE", string(sqlError(t, err).Class))
	assert.Equal(t, "→ 0 rows (a)", rowsOf(t, ctx, admin, "SELECT * FROM fresh"))
}
