package engine_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tableacl/tableacl/engine"
)

// Cancelling a statement's context (the shell's Ctrl-C) fails that
// statement with a clear error, changes nothing, and leaves the catalog,
// including the transient in-memory one, whole for the next statement.
func TestCancelKeepsTheCatalog(t *testing.T) {
	ctx, conn := adminConn(t)
	if _, err := conn.ExecScript(ctx, "CREATE TABLE n (x INT);"+
		"INSERT INTO n SELECT 1 FROM (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) a,"+
		" (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) b, (VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10)) c;"); err != nil {
		t.Fatal(err)
	}
	want := "[INTERNAL_ERROR] " + engine.ErrCancelled.Error()

	// Cancelled before it starts.
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := conn.Query(done, "INSERT INTO n VALUES (2)"); err == nil || err.Error() != want || !errors.Is(err, engine.ErrCancelled) {
		t.Fatalf("cancelled before: %v", err)
	}
	// Cancelled while it runs: 10^12 rows never finish on their own, so
	// only the cancellation ends this query.
	running, cancel := context.WithCancel(ctx)
	time.AfterFunc(200*time.Millisecond, cancel)
	if _, err := conn.Query(running, "SELECT count(*) FROM n a, n b, n c, n d"); err == nil || err.Error() != want || !errors.Is(err, engine.ErrCancelled) {
		t.Fatalf("cancelled while running: %v", err)
	}
	res, err := conn.Query(ctx, "SELECT count(*) AS c, sum(x) AS s FROM n")
	if err != nil {
		t.Fatalf("catalog lost after cancel: %v", err)
	}
	if got := fmt.Sprint(res.Rows[0]...); got != "1000 1000" {
		t.Fatalf("rows after cancel: %s", got)
	}
}
