package engine_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
)

// An embedder's own function decides statements as a built-in does: no
// privilege, its arity checked, its arguments' requests kept; tableacl
// never runs it.
func TestEmbedderFunctions(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Open(ctx,
		engine.WithFunction("Mask_Email", 1, 1, "string"),
		engine.WithFunction("geo_distance", 2, 4, "double"),
		engine.WithFunction("echo", 1, -1, ""))
	require.NoError(t, err)
	t.Cleanup(func() { eng.Close() })
	admin, err := eng.Connect(ctx, "admin")
	require.NoError(t, err)
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (e STRING, x DOUBLE);
		CREATE TABLE s.secret (p STRING); GRANT USAGE ON DATABASE s TO ann; GRANT SELECT ON TABLE s.t TO ann;
		INSERT INTO s.t VALUES ('a@b.c', 1.0)`)
	ann, err := eng.Connect(ctx, "ann")
	require.NoError(t, err)

	// Allowed without any privilege on the function, by text and prepared.
	require.NoError(t, ann.Authorize(ctx, "SELECT mask_email(e), GEO_DISTANCE(x, x) FROM s.t"))
	p, err := eng.Prepare(ctx, "SELECT mask_email(e) FROM t WHERE echo(x, 1, 2) > 0", engine.InDatabase("s"))
	require.NoError(t, err)
	require.NoError(t, p.Authorize(ctx, "ann"))
	acc, err := p.Accesses(ctx)
	require.NoError(t, err)
	require.Len(t, acc, 1, "a built-in is not an object the statement reaches")
	assert.Equal(t, "table `s`.`t`", acc[0].Object.String())

	// Its arguments still need what they read.
	err = ann.Authorize(ctx, "SELECT mask_email((SELECT max(p) FROM s.secret))")
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `s`.`secret`.", sqlError(t, err).Error())

	// Arity and the one-part rule.
	err = ann.Authorize(ctx, "SELECT geo_distance(x) FROM s.t")
	assert.Equal(t, "WRONG_NUM_ARGS", string(sqlError(t, err).Class))
	err = ann.Authorize(ctx, "SELECT s.mask_email(e) FROM s.t")
	assert.Equal(t, "UNRESOLVED_ROUTINE", string(sqlError(t, err).Class), "a registered function is not in a database")

	// tableacl does not run it, and nothing ran.
	_, err = ann.Query(ctx, "SELECT mask_email(e) FROM s.t")
	assert.Equal(t, "[UNSUPPORTED_FEATURE] The function `mask_email` is known only to authorize statements and cannot be executed here.", sqlError(t, err).Error())
	_, err = admin.ExecScript(ctx, "CREATE TABLE s.copy AS SELECT mask_email(e) AS m FROM s.t")
	assert.Equal(t, "UNSUPPORTED_FEATURE", string(sqlError(t, err).Class))
	assert.Equal(t, "→ 0 rows (database, tableName, isTemporary)", rowsOf(t, ctx, admin, "SHOW TABLES IN s LIKE 'copy'"), "a failed statement changes nothing")

	// A view over it can be created (its body is not run) and decided.
	run(t, ctx, admin, "CREATE VIEW s.v AS SELECT mask_email(e) AS m FROM s.t; GRANT SELECT ON VIEW s.v TO ann")
	require.NoError(t, ann.Authorize(ctx, "SELECT m FROM s.v"))
	assert.Equal(t, "→ ('m', 'string', NULL)", rowsOf(t, ctx, admin, "DESCRIBE s.v"))

	// A temporary function may not take its name.
	_, err = ann.ExecScript(ctx, "CREATE TEMPORARY FUNCTION mask_email(x STRING) RETURNS STRING RETURN x")
	assert.Equal(t, "ROUTINE_ALREADY_EXISTS", string(sqlError(t, err).Class))
}

func TestWithFunctionChecksItsArguments(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		opt  engine.Option
		want string
	}{
		{engine.WithFunction("upper", 1, 1, ""), `engine.WithFunction: "upper" is a built-in function`},
		{engine.WithFunction("a.b", 1, 1, ""), `engine.WithFunction: "a.b" is not a function name: use ASCII letters, digits and '_', not starting with a digit`},
		{engine.WithFunction("1f", 1, 1, ""), `engine.WithFunction: "1f" is not a function name: use ASCII letters, digits and '_', not starting with a digit`},
		{engine.WithFunction("f", 2, 1, ""), `engine.WithFunction: "f": the argument counts 2 to 1 are not a range`},
		{engine.WithFunction("f", 1, 1, "blob"), `engine.WithFunction: "f": "blob" is not a Spark type`},
		{engine.WithFunction("f", 1, 1, "int) FROM x --"), `engine.WithFunction: "f": "int) FROM x --" is not a Spark type`},
		{engine.WithFunction("f", 0, 1, ""), `engine.WithFunction: "f": a function that may take no argument needs a result type`},
	} {
		_, err := engine.Open(ctx, c.opt)
		if assert.Error(t, err, "%v", c.want) {
			assert.Equal(t, c.want, err.Error())
		}
	}
	_, err := engine.Open(ctx, engine.WithFunction("f", 1, 1, ""), engine.WithFunction("F", 1, 1, ""))
	assert.EqualError(t, err, `engine.WithFunction: "f" is registered twice`)
}
