// Package repl is tableacl's interactive SQL shell, a leaf of the pipeline
// beside the command line: it reads lines through a LineReader (a terminal
// with line editing, history and completion in production, scripted
// keystrokes in tests), gathers them into statements that end at a
// semicolon outside quotes and comments, and runs statements and backslash
// commands through console.Runner, so that results and errors read exactly
// as they do from the command line.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/tableacl/tableacl/console"
	"github.com/tableacl/tableacl/engine"
	"github.com/tableacl/tableacl/parser"
)

// ErrInterrupt is returned by a LineReader when the user pressed Ctrl-C:
// the input typed so far is dropped.
var ErrInterrupt = errors.New("interrupted")

// LineReader reads input one line at a time. It is the seam between the
// shell and the terminal: Terminal implements it with readline; tests
// implement it with scripted keystrokes.
type LineReader interface {
	// ReadLine shows prompt and returns the line typed, without its end
	// of line. It returns ErrInterrupt on Ctrl-C and io.EOF on Ctrl-D on
	// an empty line or at the end of the input.
	ReadLine(prompt string) (string, error)
	// AddHistory records one finished entry: a whole statement or a
	// command.
	AddHistory(entry string)
	// Width is the width of the screen in columns, 0 when unknown.
	Width() int
}

// Shell is one interactive session on a connection.
type Shell struct {
	conn   *engine.Conn
	runner *console.Runner
	out    io.Writer
	banner string
	notice bool
	// interrupt turns SIGINT into cancelling the running statement.
	interrupt bool
	buf       string // the statement being typed, lines joined by "\n"
}

// Option configures New.
type Option func(*Shell)

// WithFormat sets the initial output format: table, csv or json.
func WithFormat(format string) Option { return func(s *Shell) { s.runner.Out.Format = format } }

// WithBanner sets the line printed when the shell starts.
func WithBanner(text string) Option { return func(s *Shell) { s.banner = text } }

// WithTransientNotice makes the shell say, when it starts, that the
// catalog lives in memory and how to keep it.
func WithTransientNotice() Option { return func(s *Shell) { s.notice = true } }

// WithInterrupt lets Ctrl-C (SIGINT) cancel the statement that is
// running, as in psql: while a statement runs the terminal is not in raw
// mode, so Ctrl-C arrives as a signal; without this option it would end
// the process.
func WithInterrupt() Option { return func(s *Shell) { s.interrupt = true } }

// TransientNotice is printed at start-up when the catalog is the transient
// in-memory one.
const TransientNotice = "Note: this catalog lives in memory and is lost when the shell exits.\n" +
	"      To keep it, start with a file: tableacl --db FILE\n"

// New returns a shell that runs statements on conn, writing results to out
// and errors to errOut.
func New(conn *engine.Conn, out, errOut io.Writer, opts ...Option) *Shell {
	s := &Shell{
		conn: conn,
		out:  out,
		runner: &console.Runner{
			Conn:        conn,
			Out:         console.NewWriter(out, "table"),
			Err:         errOut,
			KeepGoing:   true,
			Interactive: true,
		},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Prompt is the primary prompt: the current user and database.
func (s *Shell) Prompt() string {
	return s.conn.User() + "@" + s.conn.Database() + "> "
}

// continuation is the prompt of the lines after the first of a statement,
// as wide as the primary prompt so that the text lines up.
func (s *Shell) continuation() string {
	p := s.Prompt()
	return strings.Repeat(" ", max(len([]rune(p))-3, 0)) + "-> "
}

// Run reads and runs input until \q, Ctrl-D on an empty line or the end of
// the input. A statement's failure is reported and the shell goes on.
func (s *Shell) Run(ctx context.Context, in LineReader) error {
	if s.banner != "" {
		fmt.Fprintln(s.out, s.banner)
	}
	if s.notice {
		io.WriteString(s.out, TransientNotice)
	}
	for {
		prompt := s.Prompt()
		if s.buf != "" {
			prompt = s.continuation()
		}
		line, err := in.ReadLine(prompt)
		switch {
		case errors.Is(err, ErrInterrupt):
			s.buf = ""
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		s.runner.Out.Width = in.Width()
		if t := strings.TrimSpace(line); strings.HasPrefix(t, `\`) {
			// A command runs at once, even in the middle of a statement,
			// which stays pending (as in psql).
			in.AddHistory(t)
			s.running(ctx, func(ctx context.Context) { s.runner.Command(ctx, "", t, 1, false) })
			if s.runner.Quit {
				return nil
			}
			continue
		}
		if s.buf == "" && console.IsQuit(line) {
			// exit and quit end the shell without a semicolon too, as
			// in psql.
			return nil
		}
		s.buf += line + "\n"
		end, pending := parser.Complete(s.buf)
		if end > 0 {
			in.AddHistory(oneLine(s.buf[:end]))
			text := s.buf[:end]
			s.running(ctx, func(ctx context.Context) { s.runner.Run(ctx, "", text, false) })
			s.buf = s.buf[end:]
			if s.runner.Quit {
				return nil
			}
		}
		if !pending {
			s.buf = ""
		}
	}
}

// oneLine joins the lines of a statement for the history, which keeps one
// line per entry.
func oneLine(text string) string {
	var parts []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// running runs f, cancelling its context on SIGINT when WithInterrupt is
// set. The terminal has echoed ^C; the error starts on the next line.
func (s *Shell) running(ctx context.Context, f func(context.Context)) {
	if !s.interrupt {
		f(ctx)
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sig:
			io.WriteString(s.out, "\n")
			cancel()
		case <-done:
		}
	}()
	f(ctx)
}
