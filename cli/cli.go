// Package cli is the command line of tableacl (cmd/tableacl is its main):
// it parses flags, runs -e statements and script files in order as a
// principal, renders results in the chosen format and maps failures to exit
// statuses. It is a leaf above the engine.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tableacl/tableacl/console"
	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/repl"
)

// Version is the release of this build.
const Version = "0.1.0"

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// source is one -e string or one script file, in command-line order.
// Files and standard input are read while they run, statement by
// statement (spec §1.5).
type source struct {
	name   string // file name, "-" for standard input, "" for -e
	text   string // an -e string
	stdin  bool
	script bool // positions are shown as FILE:LINE:COL
}

type config struct {
	db, user, format string
	busy             time.Duration
	timeout          time.Duration
	timeoutSet       bool
	history          string
	historySet       bool
	keepGoing        bool
	sources          []source
	help, version    bool
}

var usage = `Usage: tableacl [flags] [-e SQL]... [FILE.sql | -]...

Runs Databricks table-ACL SQL (GRANT, REVOKE, DENY, SHOW GRANTS, views, queries)
against a SQLite-backed catalog, deciding every statement as Databricks would.
With no -e and no file it opens an interactive shell when standard input is a
terminal, and otherwise reads standard input as a script (no prompt):
  tableacl --db cat.db < script.sql   is the same as   tableacl --db cat.db script.sql

Flags:
  --db FILE         catalog and data file, created and bootstrapped if missing
                    (default: a transient in-memory catalog, lost on exit)
  --user NAME       the user that runs the statements (default: admin)
  --format FORMAT   table (default), csv (header row, RFC 4180) or json
                    (one array of objects per result set)
  --keep-going      run the remaining statements after a failure (still exits 1)
  --busy-timeout D  how long a statement that changes the catalog waits for
                    another connection's change before it fails with
                    CATALOG_BUSY (default 30s; e.g. 500ms, 2m)
  --statement-timeout D
                    how long one statement may run before it is stopped with
                    QUERY_EXECUTION_TIMEOUT_EXCEEDED (default 5m; 0: no bound);
                    one that changes the catalog is stopped once it has held
                    the write lock for the busy timeout
  --history FILE    the shell's history file (default: ~/.tableacl_history;
                    $TABLEACL_HISTORY sets it too); "off" keeps no history
  -e SQL            run SQL; repeatable; -e strings and files run in the order given
  -                 read a script from standard input, even from a terminal
  --help            show this help
  --version         print the version

Statements end with ';' outside quotes and comments (-- and /* */). A line that
starts with a backslash is a command, in scripts and in the shell:
` + console.Commands + `In the shell, Tab completes, Ctrl-R searches the history, Ctrl-C cancels the
statement being typed and Ctrl-D on an empty line exits.

Exit status: 0 success; 1 a statement or command failed (or the catalog could
not be opened); 2 usage error. The shell exits 0: it shows each error as it
happens.

Example:
  tableacl --db cat.db -e "CREATE USER alice" -e "GRANT USAGE ON DATABASE default TO alice"
  tableacl --db cat.db --user alice -e "SHOW GRANTS alice ON DATABASE default"
`

func parseArgs(args []string, stdin io.Reader) (*config, error) {
	c := &config{user: "admin", format: "table"}
	value := func(i *int, name string) (string, error) {
		a := args[*i]
		if k := strings.Index(a, "="); k >= 0 && strings.HasPrefix(a, "--") {
			return a[k+1:], nil
		}
		if *i+1 >= len(args) {
			return "", fmt.Errorf("flag %s needs a value", name)
		}
		*i++
		return args[*i], nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		flag := a
		if k := strings.Index(a, "="); k >= 0 && strings.HasPrefix(a, "--") {
			flag = a[:k]
		}
		var err error
		switch flag {
		case "--db", "-db":
			c.db, err = value(&i, "--db")
		case "--user", "-user":
			c.user, err = value(&i, "--user")
		case "--format", "-format":
			c.format, err = value(&i, "--format")
			if err == nil && c.format != "table" && c.format != "csv" && c.format != "json" {
				err = fmt.Errorf("unknown format %q: use table, csv or json", c.format)
			}
		case "--history", "-history":
			c.history, err = value(&i, "--history")
			c.historySet = true
		case "--keep-going", "-keep-going":
			c.keepGoing = true
		case "--busy-timeout", "-busy-timeout":
			var v string
			if v, err = value(&i, "--busy-timeout"); err == nil {
				if c.busy, err = time.ParseDuration(v); err == nil && c.busy <= 0 {
					err = fmt.Errorf("--busy-timeout must be positive")
				}
			}
		case "--statement-timeout", "-statement-timeout":
			var v string
			if v, err = value(&i, "--statement-timeout"); err == nil {
				if c.timeout, err = time.ParseDuration(v); err == nil && c.timeout < 0 {
					err = fmt.Errorf("--statement-timeout must not be negative")
				}
				c.timeoutSet = true
			}
		case "-e", "--e":
			var sql string
			sql, err = value(&i, "-e")
			c.sources = append(c.sources, source{text: sql})
		case "--help", "-help", "-h":
			c.help = true
		case "--version", "-version":
			c.version = true
		case "-":
			c.sources = append(c.sources, source{name: "-", stdin: true, script: true})
		default:
			if strings.HasPrefix(a, "-") {
				return nil, fmt.Errorf("unknown flag %s", a)
			}
			// Readable now, so that a wrong name is a usage error before
			// anything runs; read when its turn comes.
			f, rerr := os.Open(a)
			if rerr != nil {
				return nil, fmt.Errorf("cannot read script: %v", rerr)
			}
			f.Close()
			c.sources = append(c.sources, source{name: a, script: true})
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Main runs the command line and returns its exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, err := parseArgs(args, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n\n%s", err, usage)
		return ExitUsage
	}
	if c.help {
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	if c.version {
		fmt.Fprintf(stdout, "tableacl %s\n", Version)
		return ExitOK
	}
	if f, ok := stdin.(*os.File); ok && len(c.sources) == 0 && repl.IsTerminal(f) {
		return interactive(ctx, c, f, stdout, stderr)
	}
	if len(c.sources) == 0 {
		c.sources = append(c.sources, source{name: "-", stdin: true, script: true})
	}
	conn, eng, code := connect(ctx, c, stderr)
	if conn == nil {
		return code
	}
	defer eng.Close()
	r := &console.Runner{Conn: conn, Out: console.NewWriter(stdout, c.format), Err: stderr, KeepGoing: c.keepGoing}
	for _, s := range c.sources {
		if !runSource(ctx, r, s, stdin) {
			break // a failure without --keep-going, or \q
		}
	}
	if r.Failed {
		return ExitFailure
	}
	return ExitOK
}

// runSource runs one source and reports whether to go on.
func runSource(ctx context.Context, r *console.Runner, s source, stdin io.Reader) bool {
	switch {
	case s.stdin:
		return r.RunReader(ctx, s.name, stdin, s.script)
	case s.name != "":
		f, err := r.OpenScript(s.name)
		if err != nil {
			fmt.Fprintf(r.Err, "Error: cannot read script: %v\n", err)
			r.Failed = true
			return r.KeepGoing
		}
		defer f.Close()
		return r.RunReader(ctx, s.name, f, s.script)
	}
	return r.Run(ctx, s.name, s.text, s.script)
}

// interactive runs the shell on the terminal in. Its exit status is 0
// whatever the statements did: the person at the terminal saw each error.
func interactive(ctx context.Context, c *config, in *os.File, stdout, stderr io.Writer) int {
	conn, eng, code := connect(ctx, c, stderr)
	if conn == nil {
		return code
	}
	defer eng.Close()
	opts := []repl.Option{
		repl.WithFormat(c.format),
		repl.WithInterrupt(),
		repl.WithBanner(fmt.Sprintf("tableacl %s: type \\h for help, \\q to quit.", Version)),
	}
	if eng.Transient() {
		opts = append(opts, repl.WithTransientNotice())
	}
	sh := repl.New(conn, stdout, stderr, opts...)
	term, err := repl.NewTerminal(repl.TerminalConfig{In: in, Out: stdout, HistoryFile: historyFile(c), Complete: sh.Complete})
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return ExitFailure
	}
	defer term.Close()
	if err := sh.Run(ctx, term); err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return ExitFailure
	}
	return ExitOK
}

// HistoryEnv names the environment variable that moves the shell's history
// file; --history wins over it. "off" (or an empty value) keeps no history.
const HistoryEnv = "TABLEACL_HISTORY"

// historyFile is where the shell keeps its history: --history, else
// $TABLEACL_HISTORY, else ~/.tableacl_history; "" for none.
func historyFile(c *config) string {
	path, set := c.history, c.historySet
	if !set {
		path, set = os.LookupEnv(HistoryEnv)
	}
	if !set {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		return filepath.Join(home, ".tableacl_history")
	}
	if path == "off" || path == "none" {
		return ""
	}
	return path
}

// connect opens the catalog and connects as the --user; on failure it
// reports the error and returns the exit status.
func connect(ctx context.Context, c *config, stderr io.Writer) (*engine.Conn, *engine.Engine, int) {
	var opts []engine.Option
	if c.db != "" {
		opts = append(opts, engine.WithFile(c.db))
	}
	if c.busy > 0 {
		opts = append(opts, engine.WithBusyTimeout(c.busy))
	}
	if c.timeoutSet {
		opts = append(opts, engine.WithStatementTimeout(c.timeout))
	}
	eng, err := engine.Open(ctx, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return nil, nil, ExitFailure
	}
	conn, err := eng.Connect(ctx, c.user)
	if err != nil {
		eng.Close()
		fmt.Fprintf(stderr, "Error: %s\n", err)
		return nil, nil, ExitFailure
	}
	return conn, eng, ExitOK
}
