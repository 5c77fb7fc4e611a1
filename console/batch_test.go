package console

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tableacl/tableacl/engine"
)

// A script's statements commit several at a time, but never wait for more
// input uncommitted: what was read is in force, and reported, before the
// runner reads on. Another engine on the same file sees each grant as soon
// as its line has been written.
func TestScriptCommitsBeforeReading(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "c.db")
	eng, err := engine.Open(ctx, engine.WithFile(db))
	require.NoError(t, err)
	defer eng.Close()
	conn, err := eng.Connect(ctx, "admin")
	require.NoError(t, err)
	_, err = conn.ExecScript(ctx, "CREATE USER ann; CREATE DATABASE s; CREATE TABLE s.t (a INT); GRANT USAGE ON DATABASE s TO ann")
	require.NoError(t, err)
	other, err := engine.Open(ctx, engine.WithFile(db))
	require.NoError(t, err)
	defer other.Close()
	p, err := other.Prepare(ctx, "SELECT a FROM s.t")
	require.NoError(t, err)

	in, feed := io.Pipe()
	var out, errs bytes.Buffer
	r := &Runner{Conn: conn, Out: NewWriter(&out, "table"), Err: &errs}
	done := make(chan bool)
	go func() { done <- r.RunReader(ctx, "-", in, true) }()

	// Each write returns once the runner has read it; the next write waits
	// until the runner reads again, which it does only after committing.
	_, err = io.WriteString(feed, "GRANT SELECT ON TABLE s.t TO ann;\n")
	require.NoError(t, err)
	_, err = io.WriteString(feed, "-- the runner has read on\n")
	require.NoError(t, err)
	assert.NoError(t, p.Authorize(ctx, "ann"), "the grant committed before the runner read on")

	_, err = io.WriteString(feed, "REVOKE SELECT ON TABLE s.t FROM ann; SHOW GRANTS `ann` ON TABLE s.t;\n")
	require.NoError(t, err)
	_, err = io.WriteString(feed, "GRANT SELECT ON TABLE s.t TO nobody;\nGRANT MODIFY ON TABLE s.t TO ann;\n")
	require.NoError(t, err)
	feed.Close()
	assert.False(t, <-done, "the failed grant stops the script")
	assert.Error(t, p.Authorize(ctx, "ann"))
	assert.Equal(t, "Error: -:4:30: [PRINCIPAL_DOES_NOT_EXIST] Could not find principal with name nobody.\n", errs.String())
	assert.Contains(t, out.String(), "| ann       | USAGE      | DATABASE   | s         |")
	assert.False(t, strings.Contains(out.String(), "SELECT"), out.String())
	res, err := conn.Query(ctx, "SHOW GRANTS `ann` ON TABLE s.t")
	require.NoError(t, err)
	assert.Len(t, res.Rows, 1, "the MODIFY after the failure never ran")
}
