// Package console runs tableacl input for a person: statements and the
// backslash commands (\user, \use, \format, \timing, \i, \h, \q) on one
// engine connection, rendering results as tables, csv or json and errors in
// the command line's text. The command line (cli/) and the interactive shell
// (repl/) both run their input through it, so a script behaves the same
// whether it is a file, standard input or typed at the prompt. It sits above
// the engine and below cli/ and repl/.
package console

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/parser"
	"github.com/tableacl/tableacl/sqlerr"
)

// maxInclude bounds \i nesting so that a script that includes itself stops.
const maxInclude = 16

// Runner runs scripts and commands on one connection and reports results
// and errors.
type Runner struct {
	Conn *engine.Conn
	Out  *Writer   // results, OK lines and timings
	Err  io.Writer // errors

	// KeepGoing runs the rest of the input after a failure.
	KeepGoing bool
	// Timing prints the time each statement took (\timing).
	Timing bool
	// Interactive is the shell: statements without a result print OK,
	// syntax errors show the line with a caret under the position, and
	// positions are relative to what was typed.
	Interactive bool

	// Failed records that a statement or command failed.
	Failed bool
	// Quit records that \q was given.
	Quit bool

	depth int
	// batch commits a script's statements that change the catalog
	// several at a time; stop records that a commit it made outside exec
	// failed and the run must stop.
	batch *engine.Batch
	stop  bool
}

// Run executes one script or -e string: statements and backslash command
// lines, in order. It returns false when the run must stop (a failure
// without KeepGoing, or \q). script selects FILE:LINE:COL positions in
// errors; name is the file name ("-" for standard input, "" for -e and the
// shell).
func (r *Runner) Run(ctx context.Context, name, text string, script bool) bool {
	return r.run(ctx, name, strings.NewReader(text), text, script)
}

// RunReader is Run for a script read from in as it runs: each statement
// runs, and commits, as soon as it has been read, and memory is bounded by
// the largest statement (spec §1.5).
func (r *Runner) RunReader(ctx context.Context, name string, in io.Reader, script bool) bool {
	return r.run(ctx, name, in, "", script)
}

// run reads in piece by piece; text is the whole input when it is known,
// for the caret under a syntax error in the shell.
func (r *Runner) run(ctx context.Context, name string, in io.Reader, text string, script bool) bool {
	sc := parser.NewScanner(in)
	// What ran is committed, and reported, before the script is read
	// further: reading may wait for input that a person is still typing.
	sc.BeforeRead(func() { r.flush(name, text, script) })
	for {
		p, err := sc.Next()
		if r.stop {
			return false
		}
		if err == io.EOF {
			return r.flush(name, text, script)
		}
		if err != nil {
			if !r.flush(name, text, script) {
				return false
			}
			return r.failText(name, sqlerr.Pos{}, false, fmt.Sprintf("cannot read script: %v", err))
		}
		if p.Command {
			if !r.flush(name, text, script) || !r.Command(ctx, name, p.Text, p.Pos.Line, script) {
				return false
			}
			continue
		}
		if p.Err != nil {
			if !r.flush(name, text, script) || !r.fail(name, text, p.Pos, p.Err, script) {
				return false
			}
			continue
		}
		if IsQuit(p.Text) {
			r.flush(name, text, script)
			r.Quit = true
			return false
		}
		for _, st := range engine.ParseAt(name, p.Text, p.Pos) {
			if !r.exec(ctx, name, text, st, script) {
				return false
			}
		}
	}
}

// IsQuit reports whether a statement's text is `exit` or `quit`, which end
// the shell or the script as they do in spark-sql (no SQL statement is
// either word).
func IsQuit(text string) bool {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), ";"))
	return strings.EqualFold(t, "exit") || strings.EqualFold(t, "quit")
}

// exec runs one statement. In a script without \timing, statements that
// change the catalog run in a batch (engine.Batch), and their outcomes
// are reported when it commits; in the shell, and with \timing, each
// statement commits, and is reported, on its own.
func (r *Runner) exec(ctx context.Context, name, text string, st *engine.Statement, script bool) bool {
	if !r.Interactive && !r.Timing {
		if r.batch == nil {
			r.batch = r.Conn.NewBatch()
		}
		return r.report(name, text, script, r.batch.Exec(ctx, st))
	}
	start := time.Now()
	res, err := r.Conn.Exec(ctx, st)
	elapsed := time.Since(start)
	if err != nil {
		ok := r.fail(name, text, st.Pos, err, script)
		r.timing(elapsed)
		return ok
	}
	switch {
	case res.HasRows():
		r.Out.Write(res)
	case r.Interactive:
		r.Out.Line("OK")
	}
	r.timing(elapsed)
	return true
}

// flush commits the batch and reports what it held.
func (r *Runner) flush(name, text string, script bool) bool {
	if r.batch == nil {
		return !r.stop
	}
	if !r.report(name, text, script, r.batch.Flush()) {
		r.stop = true
	}
	return !r.stop
}

// report shows final outcomes in order; it returns false when the run
// must stop.
func (r *Runner) report(name, text string, script bool, outs []engine.Outcome) bool {
	for _, o := range outs {
		if o.Err != nil {
			if !r.fail(name, text, o.Statement.Pos, o.Err, script) {
				return false
			}
			continue
		}
		if o.Result.HasRows() {
			r.Out.Write(o.Result)
		}
	}
	return true
}

func (r *Runner) timing(d time.Duration) {
	if r.Timing {
		r.Out.Line(fmt.Sprintf("Time: %.3f ms", float64(d.Microseconds())/1000))
	}
}

// Command runs one backslash command line (without its end of line). line
// is its line number in the input, for error positions. It returns false
// when the run must stop.
func (r *Runner) Command(ctx context.Context, name, cmd string, line int, script bool) bool {
	word, arg, _ := strings.Cut(strings.TrimSpace(cmd), " ")
	arg = strings.TrimSpace(arg)
	pos := sqlerr.Pos{Line: line, Col: 1}
	usage := func(format string, a ...any) bool {
		return r.failText(name, pos, script, fmt.Sprintf(format, a...))
	}
	switch strings.ToLower(word) {
	case `\user`, `\u`:
		if arg == "" {
			r.Out.Line("Current user: " + r.Conn.User())
			return true
		}
		if err := r.Conn.SetUser(ctx, arg); err != nil {
			return r.fail(name, "", pos, err, script)
		}
	case `\use`:
		if arg == "" {
			return usage(`\use needs a database name: \use DB`)
		}
		text := "USE " + arg
		st := engine.Parse(name, text)
		if len(st) != 1 {
			return usage(`\use takes one database name`)
		}
		if _, err := r.Conn.Exec(ctx, st[0]); err != nil {
			return r.fail(name, text, pos, err, script)
		}
	case `\format`, `\f`:
		switch arg {
		case "":
			r.Out.Line("Output format: " + r.Out.Format)
		case "table", "csv", "json":
			r.Out.Format = arg
		default:
			return usage(`\format takes table, csv or json`)
		}
	case `\timing`:
		switch strings.ToLower(arg) {
		case "":
			r.Timing = !r.Timing
		case "on":
			r.Timing = true
		case "off":
			r.Timing = false
		default:
			return usage(`\timing takes on or off`)
		}
		state := "off"
		if r.Timing {
			state = "on"
		}
		r.Out.Line("Timing is " + state + ".")
	case `\i`, `\include`:
		if arg == "" {
			return usage(`\i needs a file name: \i FILE`)
		}
		if r.depth >= maxInclude {
			return usage(`\i nested more than %d deep`, maxInclude)
		}
		f, err := r.OpenScript(arg)
		if err != nil {
			return usage("cannot read script: %v", err)
		}
		defer f.Close()
		r.depth++
		ok := r.RunReader(ctx, arg, f, true)
		r.depth--
		return ok
	case `\h`, `\help`, `\?`:
		r.Out.Text(Help(arg))
	case `\q`, `\quit`:
		r.Quit = true
		return false
	default:
		return usage(`unknown command %s; \h lists the commands`, word)
	}
	return true
}

// fail reports a statement's error and says whether to go on.
func (r *Runner) fail(name, text string, stmtPos sqlerr.Pos, err error, script bool) bool {
	e := sqlerr.As(err)
	pos := e.Pos
	if !pos.IsValid() {
		pos = stmtPos
	}
	syntax := e.Class == sqlerr.ParseSyntaxError || e.Class == sqlerr.UnclosedBracketedComment
	prefix := ""
	switch {
	case script && name != "":
		prefix = fmt.Sprintf("%s:%d:%d: ", name, pos.Line, pos.Col)
	case script || syntax:
		prefix = fmt.Sprintf("%d:%d: ", pos.Line, pos.Col)
	}
	fmt.Fprintf(r.Err, "Error: %s%s\n", prefix, e.Msg)
	if r.Interactive && syntax {
		io.WriteString(r.Err, Caret(text, pos))
	}
	r.Failed = true
	return r.KeepGoing
}

func (r *Runner) failText(name string, pos sqlerr.Pos, script bool, msg string) bool {
	prefix := ""
	if script && name != "" {
		prefix = fmt.Sprintf("%s:%d: ", name, pos.Line)
	}
	fmt.Fprintf(r.Err, "Error: %s%s\n", prefix, msg)
	r.Failed = true
	return r.KeepGoing
}

// Caret returns the line of text at pos and a caret under its column, or ""
// when the position is outside the text. Tabs are kept so the caret lines up.
func Caret(text string, pos sqlerr.Pos) string {
	lines := strings.Split(text, "\n")
	if pos.Line < 1 || pos.Line > len(lines) {
		return ""
	}
	l := strings.TrimRight(lines[pos.Line-1], "\r")
	var pad strings.Builder
	for i, c := range []rune(l) {
		if i >= pos.Col-1 {
			break
		}
		if c == '\t' {
			pad.WriteRune('\t')
		} else {
			pad.WriteRune(' ')
		}
	}
	if pos.Col-1 > utf8.RuneCountInString(l) {
		pad.WriteString(strings.Repeat(" ", pos.Col-1-utf8.RuneCountInString(l)))
	}
	return l + "\n" + pad.String() + "^\n"
}

// OpenScript opens a script to run, refusing the catalog's own files:
// opened and closed outside SQLite, one would release SQLite's locks on the
// catalog (engine.Engine.HoldsFile).
func (r *Runner) OpenScript(path string) (*os.File, error) {
	if r.Conn != nil && r.Conn.Engine().HoldsFile(path) {
		return nil, fmt.Errorf("%s is a file of the catalog, not a script", path)
	}
	return os.Open(path)
}
