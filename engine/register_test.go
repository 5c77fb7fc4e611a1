package engine_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/privilege"
)

var orders = engine.Table{Database: "s", Name: "orders", Columns: []engine.Column{{Name: "id", Type: "bigint"}, {Name: "amount", Type: "DECIMAL(10, 2)"}}, Comment: "lives in the warehouse"}

// A registered table resolves and is decided like any table: its columns,
// its owner, grants and the view rule; tableacl keeps no rows for it and
// refuses to write them, after the decision.
func TestRegisteredTable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	ctx, admin := fileConn(t, db)
	run(t, ctx, admin, `CREATE USER ann; CREATE USER bob; CREATE DATABASE s; GRANT USAGE ON DATABASE s TO users;`)
	require.NoError(t, admin.RegisterTable(ctx, orders))

	assert.Equal(t, "→ ('id', 'bigint', NULL), ('amount', 'decimal(10,2)', NULL)", rowsOf(t, ctx, admin, "DESCRIBE TABLE s.orders"))
	assert.Contains(t, rowsOf(t, ctx, admin, "DESCRIBE TABLE EXTENDED s.orders"), "('Type', 'EXTERNAL', NULL)")
	assert.Equal(t, "→ 0 rows (id, amount)", rowsOf(t, ctx, admin, "SELECT * FROM s.orders"), "no rows of its own")
	// The SQL it was registered with is the statement a user could write.
	text, err := orders.SQL()
	require.NoError(t, err)
	assert.Equal(t, "CREATE TABLE `s`.`orders` (`id` bigint, `amount` decimal(10,2)) COMMENT 'lives in the warehouse'", text)

	p, err := admin.Engine().Prepare(ctx, "SELECT sum(amount) FROM s.orders WHERE id > 10")
	require.NoError(t, err)
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `s`.`orders`.", sqlError(t, p.Authorize(ctx, "ann")).Error())
	run(t, ctx, admin, "ALTER TABLE s.orders OWNER TO bob")
	assert.NoError(t, p.Authorize(ctx, "bob"), "its owner")
	bob, err := admin.Engine().Connect(ctx, "bob")
	require.NoError(t, err)
	run(t, ctx, bob, "GRANT SELECT ON TABLE s.orders TO ann")
	assert.NoError(t, p.Authorize(ctx, "ann"))
	accesses, err := p.Accesses(ctx)
	require.NoError(t, err)
	assert.Equal(t, []engine.Access{{Object: privilege.TableKey("s", "orders"), Right: "SELECT", Columns: []string{"amount", "id"}}}, accesses)

	// Writes are decided first: ann may not, and is told so.
	ins, err := admin.Engine().Prepare(ctx, "INSERT INTO s.orders VALUES (1, 2.5)")
	require.NoError(t, err)
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission MODIFY on table `s`.`orders`.", sqlError(t, ins.Authorize(ctx, "ann")).Error())
	assert.NoError(t, ins.Authorize(ctx, "bob"))
	// Run by tableacl itself, a write that is allowed still fails: the
	// rows are not tableacl's.
	for _, stmt := range []string{"INSERT INTO s.orders VALUES (1, 2.5)", "UPDATE s.orders SET amount = 0", "DELETE FROM s.orders",
		"TRUNCATE TABLE s.orders", "MERGE INTO s.orders o USING (SELECT 1 AS id) n ON o.id = n.id WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (n.id, 0)"} {
		_, err := bob.Query(ctx, stmt)
		assert.Equal(t, "[UNSUPPORTED_FEATURE] Table `s`.`orders` is registered by the program embedding tableacl: its rows live in that program's engine, and tableacl does not write them.", sqlError(t, err).Error(), stmt)
	}
	assert.Equal(t, "→ 0 rows (id, amount)", rowsOf(t, ctx, admin, "SELECT * FROM s.orders"))

	// It stays registered in the file, and a second registration of the
	// name is refused as CREATE TABLE would be.
	other, err := engine.Open(ctx, engine.WithFile(db))
	require.NoError(t, err)
	defer other.Close()
	again, err := other.Connect(ctx, "admin")
	require.NoError(t, err)
	assert.Equal(t, "[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `s`.`orders` because it already exists.", sqlError(t, again.RegisterTable(ctx, orders)).Error())
	_, err = again.Query(ctx, "INSERT INTO s.orders VALUES (1, 2.5)")
	assert.Equal(t, "UNSUPPORTED_FEATURE", string(sqlError(t, err).Class))
	run(t, ctx, again, "DROP TABLE s.orders")
	require.NoError(t, again.RegisterTable(ctx, orders), "registered again once dropped")
}

// A user registers a table only where CREATE TABLE would be allowed, and
// a Table's text cannot smuggle in another statement; a refused
// registration leaves nothing behind.
func TestRegisterTableAttacks(t *testing.T) {
	ctx, admin := memAdmin(t)
	eng := admin.Engine()
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.secret (a INT); GRANT USAGE ON DATABASE s TO ann;`)
	ann, err := eng.Connect(ctx, "ann")
	require.NoError(t, err)

	err = ann.RegisterTable(ctx, engine.Table{Database: "s", Name: "mine", Columns: []engine.Column{{Name: "a", Type: "int"}}})
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission CREATE on database `s`.", sqlError(t, err).Error())
	// Replacing someone else's table by registering over it.
	err = ann.RegisterTable(ctx, engine.Table{Database: "s", Name: "secret", Columns: []engine.Column{{Name: "a", Type: "int"}}})
	assert.Equal(t, "INSUFFICIENT_PERMISSIONS", string(sqlError(t, err).Class))
	_, err = admin.Query(ctx, "INSERT INTO s.secret VALUES (7)")
	require.NoError(t, err, "s.secret is still tableacl's own table")

	for _, bad := range []engine.Table{
		{Database: "s", Name: "x", Columns: []engine.Column{{Name: "a", Type: "int) AS SELECT * FROM s.secret --"}}},
		{Database: "s", Name: "x", Columns: []engine.Column{{Name: "a", Type: "int, b int"}}},
		{Database: "s", Name: "x", Columns: nil},
	} {
		_, err := bad.SQL()
		assert.Error(t, err, "%+v", bad)
		assert.Error(t, admin.RegisterTable(ctx, bad))
	}
	// Names are quoted: a name with a backtick or a space is one name,
	// which CREATE TABLE refuses as it refuses such a name written out.
	err = admin.RegisterTable(ctx, engine.Table{Database: "s", Name: "x` (a INT); DROP TABLE s.secret; --", Columns: []engine.Column{{Name: "a", Type: "int"}}})
	assert.Equal(t, "INVALID_SCHEMA_OR_RELATION_NAME", string(sqlError(t, err).Class))
	assert.Equal(t, "secret", tablesIn(t, ctx, admin, "s"), "the secret table stands; nothing else was made")
}

func tablesIn(t *testing.T, ctx context.Context, conn *engine.Conn, db string) string {
	t.Helper()
	res, err := conn.Query(ctx, "SHOW TABLES IN "+db)
	require.NoError(t, err)
	var out string
	for i, r := range res.Rows {
		if i > 0 {
			out += "\n"
		}
		out += r[1].(string)
	}
	return out
}

// memAdmin is admin's connection to a new in-memory catalog, closed with
// the test.
func memAdmin(t *testing.T) (context.Context, *engine.Conn) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.Open(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { eng.Close() })
	admin, err := eng.Connect(ctx, "admin")
	require.NoError(t, err)
	return ctx, admin
}
