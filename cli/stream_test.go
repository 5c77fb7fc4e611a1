package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
)

// A script on standard input runs as it is read: its first statement is
// committed, and visible to another connection, while the rest has not
// been written yet (spec §1.5).
func TestScriptsStream(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cat.db")
	pr, pw := io.Pipe()
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() { done <- Main(context.Background(), []string{"--db", db}, pr, &out, &errb) }()
	_, err := io.WriteString(pw, "CREATE USER early;\n")
	require.NoError(t, err)

	// Another connection sees the first statement's user; the command line
	// still waits for the rest of its input.
	deadline := time.Now().Add(10 * time.Second)
	seen := false
	for !seen && time.Now().Before(deadline) {
		if eng, err := engine.Open(context.Background(), engine.WithFile(db)); err == nil {
			_, err := eng.Connect(context.Background(), "early")
			seen = err == nil
			eng.Close()
		}
		if !seen {
			time.Sleep(20 * time.Millisecond)
		}
	}
	require.True(t, seen, "the first statement was not committed while the script was still being written")
	select {
	case code := <-done:
		t.Fatalf("the command line ended (%d) before its input did", code)
	default:
	}
	_, err = io.WriteString(pw, "CREATE USER late;\nSHOW USERS;\n")
	require.NoError(t, err)
	require.NoError(t, pw.Close())
	assert.Equal(t, ExitOK, <-done, errb.String())
	assert.Equal(t, "+-------+\n| name  |\n+-------+\n| admin |\n| early |\n| late  |\n+-------+\n3 rows\n", out.String())
}

// A script that starts with a UTF-8 byte-order mark runs, with positions
// as the editor shows them.
func TestByteOrderMark(t *testing.T) {
	script := filepath.Join(t.TempDir(), "bom.sql")
	require.NoError(t, os.WriteFile(script, []byte("\ufeffCREATE USER a;\nSELECT nope;\n"), 0o644))
	code, _, errs := run(t, "", script)
	assert.Equal(t, ExitFailure, code)
	assert.Equal(t, "Error: "+script+":2:8: [UNRESOLVED_COLUMN] A column or function parameter with name `nope` cannot be resolved.\n", errs)
	code, out, errs := run(t, "\ufeffSELECT 1 AS one;", "--format", "csv")
	assert.Equal(t, ExitOK, code, errs)
	assert.Equal(t, "one\r\n1\r\n", out)
}

// An error met inside a stored view body is shown at the reference in the
// script, with the script's line and column.
func TestErrorInStoredBodyPositionedInScript(t *testing.T) {
	script := filepath.Join(t.TempDir(), "s.sql")
	require.NoError(t, os.WriteFile(script, []byte("CREATE TABLE t (x INT);\nCREATE VIEW v AS SELECT x FROM t;\nDROP TABLE t;\n\n\n\n\n\n\nSELECT 1 AS one, x FROM v;\n"), 0o644))
	code, _, errs := run(t, "", script)
	assert.Equal(t, ExitFailure, code)
	assert.Equal(t, "Error: "+script+":10:25: [TABLE_OR_VIEW_NOT_FOUND] The table or view `default`.`t` cannot be found. Verify the spelling and correctness of the schema and catalog.\n", errs)
}
