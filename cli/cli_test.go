package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExecOrderFormatsAndExitStatus(t *testing.T) {
	code, out, errs := run(t, "", "-e", "CREATE USER alice; CREATE USER bob", "--format", "csv", "-e", "SHOW USERS")
	if code != ExitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if want := "name\r\nadmin\r\nalice\r\nbob\r\n"; out != want {
		t.Fatalf("csv output %q, want %q", out, want)
	}
	code, out, _ = run(t, "", "--format", "json", "-e", "SELECT 1 AS a, 'x,\"y' AS b, NULL AS c")
	if code != ExitOK || out != `[{"a":1,"b":"x,\"y","c":null}]`+"\n" {
		t.Fatalf("json: exit %d, %q", code, out)
	}
	code, out, _ = run(t, "", "--format", "csv", "-e", "SELECT 'a,b' AS s, 'say \"hi\"' AS q")
	if code != ExitOK || out != "s,q\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n" {
		t.Fatalf("csv quoting: %q", out)
	}
}

func TestUsageAndUnknownUser(t *testing.T) {
	if code, _, errs := run(t, "", "--format", "xml", "-e", "SELECT 1"); code != ExitUsage || !strings.Contains(errs, "unknown format") {
		t.Fatalf("bad format: exit %d, %q", code, errs)
	}
	if code, _, _ := run(t, "", "--bogus"); code != ExitUsage {
		t.Fatalf("unknown flag: exit %d", code)
	}
	code, _, errs := run(t, "", "--user", "nobody", "-e", "SELECT 1")
	if code != ExitFailure || errs != "Error: [PRINCIPAL_DOES_NOT_EXIST] Could not find user with name nobody.\n" {
		t.Fatalf("unknown user: exit %d, %q", code, errs)
	}
	if code, out, _ := run(t, "", "--help"); code != ExitOK || !strings.Contains(out, "--keep-going") {
		t.Fatalf("help: %d", code)
	}
}

// The first failing statement stops the run; what ran before it stays
// committed and the failing statement leaves nothing behind.
func TestStopKeepGoingAndAtomicity(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cat.db")
	script := filepath.Join(t.TempDir(), "s.sql")
	os.WriteFile(script, []byte("CREATE USER a;\nGRANT SELECT ON TABLE nope TO a;\nCREATE USER b;\n"), 0o644)
	code, _, errs := run(t, "", "--db", db, script)
	want := "Error: " + script + ":2:23: [TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found. Verify the spelling and correctness of the schema and catalog.\n"
	if code != ExitFailure || errs != want {
		t.Fatalf("exit %d, stderr %q, want %q", code, errs, want)
	}
	_, out, _ := run(t, "", "--db", db, "--format", "csv", "-e", "SHOW USERS")
	if out != "name\r\na\r\nadmin\r\n" {
		t.Fatalf("after stop: %q", out)
	}
	code, _, _ = run(t, "", "--db", db, "--keep-going", script)
	_, out, _ = run(t, "", "--db", db, "--format", "csv", "-e", "SHOW USERS")
	if code != ExitFailure || out != "name\r\na\r\nadmin\r\nb\r\n" {
		t.Fatalf("keep-going: exit %d, users %q", code, out)
	}
	// A principal list is atomic: one unknown principal grants nothing.
	run(t, "", "--db", db, "-e", "CREATE TABLE t (x INT)")
	code, _, errs = run(t, "", "--db", db, "-e", "GRANT SELECT ON t TO a, ghost")
	if code != ExitFailure || !strings.Contains(errs, "Could not find principal with name ghost.") {
		t.Fatalf("ghost: %d %q", code, errs)
	}
	_, out, _ = run(t, "", "--db", db, "--format", "csv", "-e", "SHOW GRANT a ON t")
	if out != "Principal,ActionType,ObjectType,ObjectKey\r\n" {
		t.Fatalf("partial grant leaked: %q", out)
	}
}

func TestScriptUserSwitchAndPositions(t *testing.T) {
	stdin := "CREATE USER alice;\nCREATE TABLE t (x INT);\n\\user alice\nSELECT * FROM t;\n"
	code, _, errs := run(t, stdin)
	want := "Error: -:4:1: [INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have permission SELECT on table `default`.`t`.\nUser does not have permission USAGE on database `default`.\n"
	if code != ExitFailure || errs != want {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	code, _, errs = run(t, "", "-e", "SELECT 1 +")
	if code != ExitFailure || errs != "Error: 1:11: [PARSE_SYNTAX_ERROR] Syntax error at or near end of input.\n" {
		t.Fatalf("syntax: %q", errs)
	}
}
