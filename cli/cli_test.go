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

// A script read from standard input behaves as the same script named on the
// command line: same results, same exit status, same errors except that
// positions name the file ("-" for standard input).
func TestStdinIsAScript(t *testing.T) {
	script := "CREATE USER alice;\nCREATE TABLE t (x INT);\nINSERT INTO t VALUES (1), (2);\n" +
		"SELECT * FROM t;\n\\user alice\nSELECT * FROM t;\n\\user admin\n\\format csv\nSELECT count(*) AS n FROM t;\n"
	file := filepath.Join(t.TempDir(), "s.sql")
	os.WriteFile(file, []byte(script), 0o644)
	for _, keep := range [][]string{nil, {"--keep-going"}} {
		db1, db2 := filepath.Join(t.TempDir(), "a.db"), filepath.Join(t.TempDir(), "b.db")
		code1, out1, err1 := run(t, script, append([]string{"--db", db1}, keep...)...)
		code2, out2, err2 := run(t, "", append([]string{"--db", db2, file}, keep...)...)
		if code1 != ExitFailure || code1 != code2 || out1 != out2 || err1 != strings.ReplaceAll(err2, file, "-") {
			t.Fatalf("%v: stdin: %d %q %q; file: %d %q %q", keep, code1, out1, err1, code2, out2, err2)
		}
		if !strings.Contains(err1, "Error: -:6:1: [INSUFFICIENT_PERMISSIONS]") || !strings.Contains(out1, "| 2 |\n+---+\n2 rows\n") {
			t.Fatalf("%v: unexpected run: %q %q", keep, out1, err1)
		}
		if keep != nil && !strings.HasSuffix(out1, "n\r\n2\r\n") {
			t.Fatalf("--keep-going did not reach the csv query: %q", out1)
		}
	}
}

// Backslash commands work in scripts: \q stops with the status so far, an
// unknown command fails with its line.
func TestScriptCommands(t *testing.T) {
	code, out, errs := run(t, "SELECT 1 AS a;\n\\q\nSELECT 2 AS b;\n")
	if code != ExitOK || errs != "" || strings.Contains(out, "| b |") {
		t.Fatalf("\\q: exit %d, %q, %q", code, out, errs)
	}
	code, _, errs = run(t, "SELECT 1 AS a;\n\\frobnicate\n")
	if code != ExitFailure || errs != "Error: -:2: unknown command \\frobnicate; \\h lists the commands\n" {
		t.Fatalf("unknown command: exit %d, %q", code, errs)
	}
	inc := filepath.Join(t.TempDir(), "inc.sql")
	os.WriteFile(inc, []byte("SELECT 'included' AS s;\nSELECT nope;\n"), 0o644)
	code, out, errs = run(t, "\\i "+inc+"\nSELECT 'after' AS s;\n")
	if code != ExitFailure || !strings.Contains(out, "included") || strings.Contains(out, "after") ||
		!strings.HasPrefix(errs, "Error: "+inc+":2:8: [UNRESOLVED_COLUMN]") {
		t.Fatalf("\\i: exit %d, %q, %q", code, out, errs)
	}
}

// A script that includes itself stops at the nesting limit instead of
// running forever.
func TestIncludeLoop(t *testing.T) {
	self := filepath.Join(t.TempDir(), "self.sql")
	os.WriteFile(self, []byte("SELECT 1 AS one;\n\\i "+self+"\n"), 0o644)
	code, out, errs := run(t, "", self)
	if code != ExitFailure || strings.Count(out, "| one |") != 17 || !strings.Contains(errs, "\\i nested more than 16 deep") {
		t.Fatalf("exit %d, %d runs, %q", code, strings.Count(out, "| one |"), errs)
	}
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := run(t, "", "--help")
	if code != ExitOK {
		t.Fatalf("--help: exit %d", code)
	}
	for _, want := range []string{"--db FILE", "--user NAME", "--format FORMAT", "--keep-going", "--history FILE",
		"TABLEACL_HISTORY", "-e SQL", "--help", "--version", `\user NAME`, `\use DB`, `\format`, `\timing`,
		`\i FILE`, `\h [STATEMENT]`, `\q`, "Exit status: 0", "2 usage error", "Example:"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help does not mention %q", want)
		}
	}
	if code, out, _ := run(t, "", "--version"); code != ExitOK || out != "tableacl "+Version+"\n" {
		t.Fatalf("--version: %d %q", code, out)
	}
}

func TestHistoryFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(HistoryEnv, "") // restored after the test
	for _, c := range []struct {
		env  *string
		flag *string
		want string
	}{
		{nil, nil, filepath.Join(home, ".tableacl_history")},
		{ptr("/tmp/h1"), nil, "/tmp/h1"},
		{ptr("/tmp/h1"), ptr("/tmp/h2"), "/tmp/h2"},
		{ptr("off"), nil, ""},
		{ptr(""), nil, ""},
		{nil, ptr("off"), ""},
		{ptr("/tmp/h1"), ptr("off"), ""},
	} {
		if c.env == nil {
			os.Unsetenv(HistoryEnv)
		} else {
			os.Setenv(HistoryEnv, *c.env)
		}
		cfg := &config{}
		if c.flag != nil {
			cfg.history, cfg.historySet = *c.flag, true
		}
		if got := historyFile(cfg); got != c.want {
			t.Errorf("env %v flag %v: history %q, want %q", c.env, c.flag, got, c.want)
		}
	}
}

func ptr(s string) *string { return &s }

// The catalog's own file is not read as a script, on the command line or
// with \i in the shell: opened and closed outside SQLite it would release
// SQLite's locks on the catalog. Nothing of it runs.
func TestCatalogFileIsNotAScript(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cat.db")
	if code, _, errs := run(t, "", "--db", db, "-e", "CREATE USER a"); code != ExitOK {
		t.Fatalf("setup: exit %d, %q", code, errs)
	}
	code, _, errs := run(t, "", "--db", db, db)
	if want := "Error: cannot read script: " + db + " is a file of the catalog, not a script\n"; code != ExitFailure || errs != want {
		t.Fatalf("script: exit %d, %q, want %q", code, errs, want)
	}
	code, out, errs := run(t, `\i `+db+"-wal\n", "--db", db)
	if want := "Error: -:1: cannot read script: " + db + "-wal is a file of the catalog, not a script\n"; code != ExitFailure || errs != want {
		t.Fatalf(`\i: exit %d, out %q, err %q`, code, out, errs)
	}
}
