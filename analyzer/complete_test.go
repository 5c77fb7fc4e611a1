package analyzer

import (
	"errors"
	"strings"
	"testing"

	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// TestCheckResolvedFailsClosed: a part of a statement that resolution did
// not bind (here: nothing was bound) refuses the statement, naming the
// first such part, instead of letting it run unauthorized.
func TestCheckResolvedFailsClosed(t *testing.T) {
	for _, tc := range []struct{ sql, want string }{
		{"SELECT a[(SELECT 1)] FROM t", "SELECT block at 1:1"},
		{"DELETE FROM t WHERE x = 1", "column x at 1:21"},
		{"UPDATE t SET x = f(1)", "call of f at 1:18"},
		{"SELECT * FROM t TABLESAMPLE (1 ROWS)", "SELECT block at 1:1"},
	} {
		stmt, err := parser.ParseOne(tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		err = checkResolved(stmt, newBindings())
		var e *sqlerr.Error
		if !errors.As(err, &e) || e.Class != sqlerr.InternalError || !strings.Contains(e.Msg, tc.want) {
			t.Errorf("%s: got %v, want INTERNAL_ERROR naming %q", tc.sql, err, tc.want)
		}
	}
}

// TestFailClosedRecovers: a panic inside resolution or authorization
// becomes an INTERNAL_ERROR of the statement.
func TestFailClosedRecovers(t *testing.T) {
	run := func() (err error) {
		defer failClosed(&err)
		var m map[string]int
		m["x"] = 1 // a nil map: the kind of bug the recovery is for
		return nil
	}
	err := run()
	var e *sqlerr.Error
	if !errors.As(err, &e) || e.Class != sqlerr.InternalError {
		t.Fatalf("got %v, want INTERNAL_ERROR", err)
	}
}
