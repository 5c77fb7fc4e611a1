package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/sqlerr"
)

// A prepared statement is decided for any user, and every decision reads
// the catalog as it is: a grant, a revoke, a replaced view hold for the
// next decision.
func TestPreparedFollowsTheCatalog(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, `CREATE USER ann; CREATE USER bob; CREATE GROUP team; ALTER GROUP team ADD USER ann;
		CREATE DATABASE s; CREATE TABLE s.t (a INT); CREATE TABLE s.secret (p STRING);
		CREATE VIEW s.v AS SELECT a FROM s.t;
		GRANT USAGE ON DATABASE s TO users; GRANT SELECT ON VIEW s.v TO team;`)
	p, err := admin.Engine().Prepare(ctx, "SELECT * FROM v", engine.InDatabase("s"))
	require.NoError(t, err)

	assert.NoError(t, p.Authorize(ctx, "ann"))
	assert.NoError(t, p.Authorize(ctx, "admin"))
	err = p.Authorize(ctx, "bob")
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `s`.`v`.", sqlError(t, err).Error())
	assert.Equal(t, sqlerr.Pos{Line: 1, Col: 1}, sqlError(t, err).Pos)

	run(t, ctx, admin, "GRANT SELECT ON VIEW s.v TO bob")
	assert.NoError(t, p.Authorize(ctx, "bob"))
	run(t, ctx, admin, "REVOKE SELECT ON VIEW s.v FROM team")
	assert.Error(t, p.Authorize(ctx, "ann"), "a revoke holds for the next decision")

	// The view is replaced by one over a table of another owner: the
	// prepared statement follows the new body.
	run(t, ctx, admin, "CREATE USER olga; ALTER TABLE s.secret OWNER TO olga; CREATE OR REPLACE VIEW s.v AS SELECT p AS a FROM s.secret")
	err = p.Authorize(ctx, "bob")
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `s`.`secret`.", sqlError(t, err).Error())
	run(t, ctx, admin, "DROP VIEW s.v")
	assert.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", string(sqlError(t, p.Authorize(ctx, "bob")).Class))

	// Users only, looked up at each decision.
	for _, who := range []string{"team", "nobody"} {
		assert.Equal(t, "[PRINCIPAL_DOES_NOT_EXIST] Could not find user with name "+who+".", sqlError(t, p.Authorize(ctx, who)).Error())
	}
	_, err = admin.Engine().Prepare(ctx, "SELECT FROM WHERE")
	assert.Equal(t, "PARSE_SYNTAX_ERROR", string(sqlError(t, err).Class))

	done, cancel := context.WithCancel(ctx)
	cancel()
	assert.True(t, errors.Is(p.Authorize(done, "bob"), engine.ErrCancelled))
}

// One prepared statement decided from many goroutines while another
// connection grants and revokes: every answer is one of the two the
// catalog could give, and the race detector sees no shared state.
func TestPreparedConcurrently(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	ctx, admin := fileConn(t, db)
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT);
		CREATE TABLE s.u (a INT); GRANT USAGE ON DATABASE s TO ann;
		CREATE VIEW s.w AS SELECT a FROM s.t; GRANT SELECT ON VIEW s.w TO ann;`)
	// The view's parsed body is shared by the goroutines (the engine's
	// cache of bodies).
	p, err := admin.Engine().Prepare(ctx, "SELECT t.a FROM s.t JOIN s.u USING (a) WHERE a IN (SELECT a FROM s.w)")
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				err := p.Authorize(ctx, "ann")
				if err == nil {
					continue
				}
				if _, denied := engine.IsDenied(err); !denied {
					errs <- fmt.Errorf("goroutine %d: %v", g, err)
					return
				}
			}
		}()
	}
	for range 20 {
		run(t, ctx, admin, "GRANT SELECT ON TABLE s.t TO ann; GRANT SELECT ON TABLE s.u TO ann")
		run(t, ctx, admin, "REVOKE SELECT ON TABLE s.u FROM ann")
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Error(t, p.Authorize(ctx, "ann"), "after the last revoke")
	run(t, ctx, admin, "GRANT SELECT ON TABLE s.u TO ann")
	assert.NoError(t, p.Authorize(ctx, "ann"))
}

// A REVOKE committed by another process holds for the very next decision
// of a statement prepared in this one, and so does a GRANT.
func TestPreparedSeesAnotherProcess(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	ctx, admin := fileConn(t, db)
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT);
		GRANT USAGE ON DATABASE s TO ann; GRANT SELECT ON TABLE s.t TO ann;`)
	p, err := admin.Engine().Prepare(ctx, "SELECT a FROM s.t")
	require.NoError(t, err)
	require.NoError(t, p.Authorize(ctx, "ann"))

	out, err := helper(t, db, "REVOKE SELECT ON TABLE s.t FROM ann").CombinedOutput()
	require.NoError(t, err, string(out))
	err = p.Authorize(ctx, "ann")
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `s`.`t`.", sqlError(t, err).Error())

	out, err = helper(t, db, "GRANT SELECT ON TABLE s.t TO ann").CombinedOutput()
	require.NoError(t, err, string(out))
	assert.NoError(t, p.Authorize(ctx, "ann"))
}

// Decisions in this process race GRANTs and REVOKEs committed by another
// process: every answer is one of the two the catalog can give, none is an
// error, and once the other process has committed its last REVOKE the very
// next decision is refused.
func TestPreparedRacesAnotherProcess(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	ctx, admin := fileConn(t, db)
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT);
		GRANT USAGE ON DATABASE s TO ann;`)
	p, err := admin.Engine().Prepare(ctx, "SELECT a FROM s.t")
	require.NoError(t, err)
	var stmts []string
	for range 30 {
		stmts = append(stmts, "GRANT SELECT ON TABLE s.t TO ann", "REVOKE SELECT ON TABLE s.t FROM ann")
	}
	other := helper(t, db, stmts...)
	var out strings.Builder
	other.Stdout, other.Stderr = &out, &out
	require.NoError(t, other.Start())
	done := make(chan error, 1)
	go func() { done <- other.Wait() }()

	var wg sync.WaitGroup
	var allowed, denied atomic.Int64
	errs := make(chan error, 4)
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := p.Authorize(ctx, "ann")
				if _, isDenial := engine.IsDenied(err); err != nil && !isDenial {
					errs <- err
					return
				}
				if err == nil {
					allowed.Add(1)
				} else {
					denied.Add(1)
				}
			}
		}()
	}
	require.NoError(t, <-done, out.String())
	// The other process has exited: its last statement, a REVOKE, is
	// committed, and the next decision must see it.
	err = p.Authorize(ctx, "ann")
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `s`.`t`.", sqlError(t, err).Error())
	assert.Equal(t, strings.Repeat("ok\n", len(stmts)), out.String())
	t.Logf("%d decisions allowed, %d denied while the other process changed the grant", allowed.Load(), denied.Load())
	assert.Positive(t, denied.Load())
}

// A prepared statement tells what it reaches: the objects it names with
// the right it asks for, what the views and functions it reads reach in
// turn, and the columns of each table and view it refers to.
func TestPreparedAccesses(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, `CREATE DATABASE s;
		CREATE TABLE s.orders (id INT, cust INT, amount INT); CREATE TABLE s.customers (id INT, name STRING, region STRING);
		CREATE FUNCTION s.net(x INT) RETURNS INT RETURN x - 1;
		CREATE VIEW s.big AS SELECT o.id, s.net(o.amount) AS amount, c.name FROM s.orders o JOIN s.customers c ON o.cust = c.id WHERE o.amount > 100;
		CREATE TABLE s.log (id INT, what STRING);`)
	accesses := func(sql string) string {
		p, err := admin.Engine().Prepare(ctx, sql)
		require.NoError(t, err)
		as, err := p.Accesses(ctx)
		require.NoError(t, err)
		b, err := json.Marshal(as)
		require.NoError(t, err)
		return string(b)
	}
	assert.JSONEq(t, `[
		{"object": {"type": "TABLE", "db": "s", "name": "log"}, "right": "MODIFY", "columns": ["id", "what"]},
		{"object": {"type": "TABLE", "db": "s", "name": "big"}, "right": "SELECT", "columns": ["id", "name"]},
		{"object": {"type": "FUNCTION", "db": "s", "name": "net"}, "right": "SELECT", "via": {"type": "TABLE", "db": "s", "name": "big"}},
		{"object": {"type": "TABLE", "db": "s", "name": "orders"}, "right": "SELECT", "via": {"type": "TABLE", "db": "s", "name": "big"}, "columns": ["amount", "cust", "id"]},
		{"object": {"type": "TABLE", "db": "s", "name": "customers"}, "right": "SELECT", "via": {"type": "TABLE", "db": "s", "name": "big"}, "columns": ["id", "name"]}
	]`, accesses("INSERT INTO s.log SELECT id, name FROM s.big"))
	assert.JSONEq(t, `[{"object": {"type": "TABLE", "db": "s", "name": "orders"}, "right": "MANAGE"}]`, accesses("GRANT SELECT ON TABLE s.orders TO users"))
	assert.JSONEq(t, `[{"object": {"type": "ANY_FILE"}, "right": "SELECT"}]`, accesses("SELECT * FROM csv.`/no/such.csv`"))
	assert.JSONEq(t, `[
		{"object": {"type": "TABLE", "db": "s", "name": "log"}, "right": "MODIFY", "columns": ["id", "what"]},
		{"object": {"type": "TABLE", "db": "s", "name": "orders"}, "right": "SELECT", "columns": ["amount", "id"]}
	]`, accesses("UPDATE s.log SET what = 'x' WHERE id IN (SELECT id FROM s.orders WHERE amount > 1)"))
	assert.Equal(t, "null", accesses("SELECT 1"))
}

// Decisions are served from the catalog's snapshot: a change committed
// through another engine on the same file holds for the next decision of
// a connection and of a prepared statement, and a long query running
// meanwhile holds up neither.
func TestDecisionsFollowAnotherEngine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "d.db")
	ctx, admin := fileConn(t, db)
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT); CREATE TABLE s.n (x INT);
		GRANT USAGE ON DATABASE s TO ann; GRANT SELECT ON TABLE s.t TO ann;`)
	fillN(t, ctx, admin)
	_, other := fileConn(t, db)
	ann, err := admin.Engine().Connect(ctx, "ann")
	require.NoError(t, err)
	p, err := admin.Engine().Prepare(ctx, "SELECT a FROM s.t")
	require.NoError(t, err)
	require.NoError(t, ann.Authorize(ctx, "SELECT a FROM s.t"))
	require.NoError(t, p.Authorize(ctx, "ann"))

	stillRunning, stop := running(ctx, admin, endless)
	denied := "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `s`.`t`."
	run(t, ctx, other, "REVOKE SELECT ON TABLE s.t FROM ann")
	assert.Equal(t, denied, sqlError(t, ann.Authorize(ctx, "SELECT a FROM s.t")).Error())
	assert.Equal(t, denied, sqlError(t, p.Authorize(ctx, "ann")).Error())
	run(t, ctx, other, "DENY SELECT ON TABLE s.t TO users; GRANT SELECT ON TABLE s.t TO ann")
	assert.Equal(t, denied, sqlError(t, p.Authorize(ctx, "ann")).Error(), "a deny to a group holds over a grant")
	run(t, ctx, other, "REVOKE SELECT ON TABLE s.t FROM users")
	assert.NoError(t, p.Authorize(ctx, "ann"))
	run(t, ctx, other, "DROP USER ann")
	assert.Equal(t, "PRINCIPAL_DOES_NOT_EXIST", string(sqlError(t, ann.Authorize(ctx, "SELECT a FROM s.t")).Class))
	assert.Equal(t, "PRINCIPAL_DOES_NOT_EXIST", string(sqlError(t, p.Authorize(ctx, "ann")).Class))
	assert.True(t, stillRunning(), "the long query ran throughout")
	assert.Error(t, stop())
}

// MSCK REPAIR resolves for its caller (an admin may name a vanished
// object), so a prepared one is resolved at each decision.
func TestPreparedMsckRepair(t *testing.T) {
	ctx, admin := adminConn(t)
	run(t, ctx, admin, `CREATE USER ann; CREATE DATABASE s; GRANT USAGE ON DATABASE s TO ann`)
	p, err := admin.Engine().Prepare(ctx, "MSCK REPAIR TABLE s.gone PRIVILEGES")
	require.NoError(t, err)
	assert.NoError(t, p.Authorize(ctx, "admin"))
	assert.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", string(sqlError(t, p.Authorize(ctx, "ann")).Class))
	assert.NoError(t, p.Authorize(ctx, "admin"), "the same again, after another caller")
}

// A decision remembered as allowed (WithDecisionCache) holds only while the
// catalog's metadata is the one it was found in: every kind of change,
// committed by another engine on the same file as another process would,
// holds for the very next decision. Whom it was remembered for matters:
// another user is decided afresh. With the cache off, or of one user, the
// answers are the same.
func TestDecisionCacheNeverStale(t *testing.T) {
	const setup = `CREATE USER ann; CREATE USER bob; CREATE USER olga; CREATE GROUP team; ALTER GROUP team ADD USER ann;
		CREATE DATABASE s; CREATE TABLE s.t (a INT); CREATE VIEW s.v AS SELECT a FROM s.t;
		GRANT USAGE ON DATABASE s TO team; GRANT SELECT ON VIEW s.v TO team; INSERT INTO s.t VALUES (1)`
	deniedOn := func(what string) string {
		return "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission " + what + "."
	}
	for _, c := range []struct{ change, want string }{
		{"REVOKE SELECT ON VIEW s.v FROM team", deniedOn("SELECT on table `s`.`v`")},
		{"ALTER GROUP team DROP USER ann", deniedOn("SELECT on table `s`.`v`.\nUser does not have permission USAGE on database `s`")},
		{"DENY SELECT ON DATABASE s TO ann", deniedOn("SELECT on table `s`.`v`")},
		{"REVOKE USAGE ON DATABASE s FROM team", deniedOn("USAGE on database `s`")},
		{"ALTER TABLE s.t OWNER TO olga", deniedOn("SELECT on table `s`.`t`")},
		{"CREATE TABLE s.u (a INT); ALTER TABLE s.u OWNER TO olga; CREATE OR REPLACE VIEW s.v AS SELECT a FROM s.u", deniedOn("SELECT on table `s`.`u`")},
		{"DROP VIEW s.v", "TABLE_OR_VIEW_NOT_FOUND"},
		{"DROP USER ann", "[PRINCIPAL_DOES_NOT_EXIST] Could not find user with name ann."},
	} {
		for _, size := range []int{engine.DefaultDecisionCache, 1, 0} {
			t.Run(fmt.Sprintf("%s/cache=%d", c.change, size), func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "c.db")
				ctx, admin := fileConn(t, db, engine.WithDecisionCache(size))
				run(t, ctx, admin, setup)
				p, err := admin.Engine().Prepare(ctx, "SELECT a FROM s.v")
				require.NoError(t, err)
				for range 3 {
					require.NoError(t, p.Authorize(ctx, "ann"))
				}
				assert.Equal(t, deniedOn("SELECT on table `s`.`v`.\nUser does not have permission USAGE on database `s`"),
					sqlError(t, p.Authorize(ctx, "bob")).Error(), "remembered for ann, not for bob")
				// Rows are not metadata: a remembered answer stays right.
				_, other := fileConn(t, db)
				run(t, ctx, other, "INSERT INTO s.t VALUES (2)")
				require.NoError(t, p.Authorize(ctx, "ann"))

				run(t, ctx, other, c.change)
				err = p.Authorize(ctx, "ann")
				require.Error(t, err)
				if strings.HasPrefix(c.want, "[") {
					assert.Equal(t, c.want, sqlError(t, err).Error())
				} else {
					assert.Equal(t, c.want, string(sqlError(t, err).Class))
				}
			})
		}
	}
}
