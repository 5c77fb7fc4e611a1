package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
)

// helperEnv makes the test binary act as a separate tableacl process: it
// opens the catalog file named by the variable, runs the statements given
// as arguments after "--" as admin, and prints each result or error.
const helperEnv = "TABLEACL_TEST_HELPER_DB"

func TestMain(m *testing.M) {
	if db := os.Getenv(helperEnv); db != "" {
		os.Exit(helperMain(db, os.Args))
	}
	os.Exit(m.Run())
}

func helperMain(db string, args []string) int {
	for len(args) > 0 && args[0] != "--" {
		args = args[1:]
	}
	if len(args) > 0 {
		args = args[1:]
	}
	ctx := context.Background()
	eng, err := engine.Open(ctx, engine.WithFile(db))
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	defer eng.Close()
	conn, err := eng.Connect(ctx, "admin")
	if err != nil {
		fmt.Println("connect:", err)
		return 1
	}
	status := 0
	for _, stmt := range args {
		res, err := conn.Query(ctx, stmt)
		switch {
		case err != nil:
			fmt.Println("error:", err)
			status = 1
		case res.HasRows():
			fmt.Println(formatRows(res))
		default:
			fmt.Println("ok")
		}
	}
	return status
}

// helper starts this test binary as another process on the catalog db.
func helper(t *testing.T, db string, stmts ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--"}, stmts...)...)
	cmd.Env = append(os.Environ(), helperEnv+"="+db)
	return cmd
}

// Six processes opening one new catalog file at the same moment: exactly
// one bootstraps it, and every one of them opens it and runs a statement
// (spec §1.5).
func TestConcurrentBootstrapInProcesses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	const n = 6
	var wg sync.WaitGroup
	outs := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			cmd := helper(t, db, fmt.Sprintf("CREATE USER u%d", i), "SELECT count(*) AS n FROM (VALUES (1))")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			<-start
			errs[i] = cmd.Run()
			outs[i] = out.String()
		}(i)
	}
	close(start)
	wg.Wait()
	for i := 0; i < n; i++ {
		assert.NoError(t, errs[i], "process %d: %s", i, outs[i])
		assert.Equal(t, "ok\n→ (1)\n", outs[i], "process %d", i)
	}
	// One bootstrap: the built-in principals exist once, and every
	// process's user is there.
	ctx, conn := fileConn(t, db)
	res, err := conn.Query(ctx, "SHOW USERS")
	require.NoError(t, err)
	assert.Equal(t, "→ ('admin'), ('u0'), ('u1'), ('u2'), ('u3'), ('u4'), ('u5')", formatRows(res))
	res, err = conn.Query(ctx, "SHOW GROUPS")
	require.NoError(t, err)
	assert.Equal(t, "→ ('admins', NULL), ('users', NULL)", formatRows(res))
}

func fileConn(t *testing.T, db string, opts ...engine.Option) (context.Context, *engine.Conn) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.Open(ctx, append([]engine.Option{engine.WithFile(db)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { eng.Close() })
	conn, err := eng.Connect(ctx, "admin")
	require.NoError(t, err)
	return ctx, conn
}

// endless is a query that runs until it is cancelled: 10^12 rows.
const endless = "SELECT count(*) FROM n a, n b, n c, n d"

func fillN(t *testing.T, ctx context.Context, conn *engine.Conn) {
	t.Helper()
	_, err := conn.ExecScript(ctx, "CREATE TABLE n (x INT);"+
		"INSERT INTO n SELECT 1 FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) a,"+
		" (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) b, (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) c;")
	require.NoError(t, err)
}

// running starts stmt on conn in the background and returns a function
// that cancels it and returns its error.
func running(ctx context.Context, conn *engine.Conn, stmt string) (stillRunning func() bool, stop func() error) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		_, err := conn.Query(ctx, stmt)
		done <- err
	}()
	var finished error
	var over bool
	stillRunning = func() bool {
		if over {
			return false
		}
		select {
		case finished = <-done:
			over = true
			return false
		default:
			return true
		}
	}
	stop = func() error {
		cancel()
		if !over {
			finished, over = <-done, true
		}
		return finished
	}
	return stillRunning, stop
}

// A long query in one connection does not stop another connection (here a
// second engine on the same file, as another process would be) from
// changing the catalog: reads take no write lock (spec §1.5).
func TestLongReadDoesNotBlockWriters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cat.db")
	ctx, reader := fileConn(t, db)
	fillN(t, ctx, reader)
	_, writer := fileConn(t, db, engine.WithBusyTimeout(500*time.Millisecond))

	stillRunning, stop := running(ctx, reader, endless)
	time.Sleep(200 * time.Millisecond) // let the query start
	for i := 0; i < 3; i++ {
		_, err := writer.Query(ctx, fmt.Sprintf("CREATE USER w%d", i))
		require.NoError(t, err, "a write while a long query runs")
	}
	_, err := writer.Query(ctx, "INSERT INTO n VALUES (2)")
	require.NoError(t, err)
	assert.True(t, stillRunning(), "the long query must still be running while the writes commit")
	assert.Equal(t, "[INTERNAL_ERROR] "+engine.ErrCancelled.Error(), stop().Error())

	res, err := writer.Query(ctx, "SELECT count(*) AS c FROM n WHERE x = 2")
	require.NoError(t, err)
	assert.Equal(t, "→ (1)", formatRows(res))
}

// Two writers take turns: while one holds the catalog longer than the
// other's busy timeout, the other fails with CATALOG_BUSY, not
// INTERNAL_ERROR, and changes nothing (spec §1.5).
func TestBusyWriterFailsWithCatalogBusy(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cat.db")
	ctx, first := fileConn(t, db)
	fillN(t, ctx, first)
	_, second := fileConn(t, db, engine.WithBusyTimeout(300*time.Millisecond))

	stillRunning, stop := running(ctx, first, "INSERT INTO n SELECT count(*) FROM n a, n b, n c, n d")
	time.Sleep(200 * time.Millisecond)
	_, err := second.Query(ctx, "CREATE USER late")
	require.Error(t, err)
	assert.Equal(t, "[CATALOG_BUSY] The catalog is being changed by another connection; the statement changed nothing.", err.Error())
	assert.True(t, stillRunning(), "the first writer must still hold the catalog")
	stop()

	// Neither statement changed anything; the catalog works on.
	res, err := second.Query(ctx, "SHOW USERS")
	require.NoError(t, err)
	assert.Equal(t, "→ ('admin')", formatRows(res))
	res, err = second.Query(ctx, "SELECT count(*) AS c FROM n")
	require.NoError(t, err)
	assert.Equal(t, "→ (1000)", formatRows(res))
	_, err = second.Query(ctx, "CREATE USER late")
	require.NoError(t, err)
}

// Readers in the same engine run side by side with a long query.
func TestReadersRunSideBySide(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cat.db")
	ctx, long := fileConn(t, db)
	fillN(t, ctx, long)
	stillRunning, stop := running(ctx, long, endless)
	defer stop()
	time.Sleep(100 * time.Millisecond)
	_, other := fileConn(t, db)
	for i := 0; i < 5; i++ {
		res, err := other.Query(ctx, "SELECT count(*) AS c FROM n")
		require.NoError(t, err)
		assert.Equal(t, "→ (1000)", formatRows(res))
	}
	assert.True(t, stillRunning())
}

// A catalog file the process may read but not write opens read-only:
// statements that change nothing answer, the others fail with
// CATALOG_READ_ONLY and change nothing (spec §1.5). As root, permission
// bits do not stop writes, so the reader runs as the user nobody. Whatever
// the directory allows, the reader leaves no file behind that the owner
// could then not use, and the owner writes on afterwards.
func TestReadOnlyCatalog(t *testing.T) {
	for _, c := range []struct {
		name          string
		file, dirMode os.FileMode
	}{
		{"file and directory read-only", 0o444, 0o555},
		{"file read-only, directory writable by nobody", 0o444, 0o1777},
		{"file writable, directory read-only", 0o666, 0o755},
		{"file of another user in a shared directory", 0o644, 0o1777},
	} {
		t.Run(c.name, func(t *testing.T) {
			if os.Geteuid() != 0 && c.file&0o002 != 0 {
				t.Skip("needs another user")
			}
			dir := t.TempDir()
			db := filepath.Join(dir, "ro.db")
			ctx, conn := fileConn(t, db)
			_, err := conn.ExecScript(ctx, "CREATE USER alice; CREATE TABLE t (x INT); INSERT INTO t VALUES (7);")
			require.NoError(t, err)
			require.NoError(t, conn.Engine().Close())
			require.NoError(t, os.Chmod(db, c.file))
			require.NoError(t, os.Chmod(dir, c.dirMode))
			defer os.Chmod(dir, 0o755)

			out := runAsNobody(t, db,
				"SELECT x FROM t",
				"SHOW USERS",
				"CREATE USER bob",
				"INSERT INTO t VALUES (8)",
				"CREATE TEMPORARY VIEW tv AS SELECT x FROM t",
				"SELECT * FROM tv",
				"SELECT count(*) AS c FROM t")
			readOnly := "error: [CATALOG_READ_ONLY] The catalog " + db + " is read-only; the statement changed nothing."
			assert.Equal(t, strings.Join([]string{"→ (7)", "→ ('admin'), ('alice')", readOnly, readOnly, "ok", "→ (7)", "→ (1)"}, "\n")+"\n", out)

			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			for _, e := range entries {
				assert.Equal(t, "ro.db", e.Name(), "the reader left a file behind")
			}
			require.NoError(t, os.Chmod(db, 0o644))
			ctx, owner := fileConn(t, db)
			_, err = owner.Query(ctx, "INSERT INTO t VALUES (9)")
			require.NoError(t, err, "the owner writes on")
		})
	}
}

// A read-only catalog reached through a symbolic link, while a writer has
// commits that are still only in its -wal file beside the link's target:
// the reader sees them (SQLite keeps those files beside the target, and so
// must the check for them), and a REVOKE takes effect on its very next
// statement (spec §1.5).
func TestReadOnlyCatalogThroughSymlink(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs another user")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "cat.db")
	ctx, writer := fileConn(t, db)
	_, err := writer.ExecScript(ctx, "CREATE TABLE t (x INT); INSERT INTO t VALUES (7);")
	require.NoError(t, err)
	link := filepath.Join(dir, "link.db")
	require.NoError(t, os.Symlink(db, link))
	require.FileExists(t, db+"-shm", "the writer is still open")

	assert.Equal(t, "→ (7)\n", runAsNobody(t, link, "SELECT x FROM t"))
	_, err = writer.ExecScript(ctx, "INSERT INTO t VALUES (8);")
	require.NoError(t, err)
	assert.Equal(t, "→ (7), (8)\nerror: [CATALOG_READ_ONLY] The catalog "+link+" is read-only; the statement changed nothing.\n",
		runAsNobody(t, link, "SELECT x FROM t ORDER BY x", "DELETE FROM t"))
}

// A process opening a catalog that another process is writing does not
// wait for the writer: opening a ready catalog only reads it.
func TestOpeningWhileAnotherWrites(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cat.db")
	ctx, writer := fileConn(t, db)
	fillN(t, ctx, writer)
	stillRunning, stop := running(ctx, writer, "INSERT INTO n SELECT count(*) FROM n a, n b, n c, n d")
	defer stop()
	time.Sleep(200 * time.Millisecond)
	within(t, 10*time.Second, func() {
		out, err := helper(t, db, "SELECT count(*) AS c FROM n").CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Equal(t, "→ (1000)\n", string(out))
	})
	assert.True(t, stillRunning(), "the writer must still hold the catalog")
}

// runAsNobody runs the helper process on db with stmts, as the user nobody
// when the test runs as root (whom permission bits do not stop).
func runAsNobody(t *testing.T, db string, stmts ...string) string {
	t.Helper()
	cmd := helper(t, db, stmts...)
	if os.Geteuid() == 0 {
		// The test binary, and the directories down to the catalog,
		// must be reachable by nobody; only the test's own directories
		// are opened up.
		top := filepath.Clean(os.TempDir())
		for d := filepath.Dir(db); d != top && d != "/" && strings.HasPrefix(d, top); d = filepath.Dir(d) {
			if d != filepath.Dir(db) {
				os.Chmod(d, 0o755)
			}
		}
		bin := filepath.Join(t.TempDir(), "helper")
		copyFile(t, os.Args[0], bin)
		require.NoError(t, os.Chmod(filepath.Dir(bin), 0o755))
		for d := filepath.Dir(filepath.Dir(bin)); d != top && d != "/" && strings.HasPrefix(d, top); d = filepath.Dir(d) {
			os.Chmod(d, 0o755)
		}
		cmd.Path, cmd.Args[0] = bin, bin
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, _ := cmd.CombinedOutput()
	return string(out)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o755))
}
