package repl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/tableacl/tableacl/engine"
)

// keys is a LineReader that plays scripted keystrokes and draws what a
// terminal would show on screen: the prompt, the echoed keys, completion
// lists, ^C. Tab asks the shell to complete, as readline does: one
// candidate is inserted, several are listed after their common prefix.
type keys struct {
	in       []rune
	screen   *bytes.Buffer
	complete func(string, int) (string, []string)
	width    int
	history  []string
}

func (k *keys) ReadLine(prompt string) (string, error) {
	k.screen.WriteString(prompt)
	var line []rune
	for len(k.in) > 0 {
		r := k.in[0]
		k.in = k.in[1:]
		switch r {
		case '\n':
			k.screen.WriteString("\n")
			return string(line), nil
		case '\x03': // Ctrl-C
			k.screen.WriteString("^C\n")
			return "", ErrInterrupt
		case '\x04': // Ctrl-D: end of input on an empty line only
			if len(line) == 0 {
				k.screen.WriteString("\n")
				return "", io.EOF
			}
		case '\t':
			word, cands := k.complete(string(line), len(line))
			n := len([]rune(word))
			switch {
			case len(cands) == 1:
				add := []rune(cands[0])[n:]
				line = append(line, add...)
				k.screen.WriteString(string(add))
			case len(cands) > 1:
				add := []rune(commonPrefix(cands))[n:]
				line = append(line, add...)
				shown := make([]string, len(cands))
				for i, c := range cands {
					shown[i] = strings.TrimSpace(c)
				}
				fmt.Fprintf(k.screen, "%s\n%s\n%s%s", string(add), strings.Join(shown, "  "), prompt, string(line))
			}
		default:
			line = append(line, r)
			k.screen.WriteRune(r)
		}
	}
	if len(line) > 0 {
		k.screen.WriteString("\n")
		return string(line), nil
	}
	return "", io.EOF
}

func (k *keys) AddHistory(e string) { k.history = append(k.history, e) }
func (k *keys) Width() int          { return k.width }

func commonPrefix(xs []string) string {
	p := []rune(xs[0])
	for _, x := range xs[1:] {
		r := []rune(x)
		i := 0
		for i < len(p) && i < len(r) && p[i] == r[i] {
			i++
		}
		p = p[:i]
	}
	return string(p)
}

// keystrokes turns the readable key names of a test case into keys.
var keystrokes = strings.NewReplacer("<TAB>", "\t", "<C-c>", "\x03", "<C-d>", "\x04")

// TestSessions plays each file of testdata/sessions against one fresh
// in-memory catalog. A "session" case starts a new shell (as admin, or
// user=NAME) and types its input; the expected output is the whole screen.
// Options: width=N (terminal width), notice (the transient-catalog notice),
// format=csv. A "history" case prints what the last session recorded.
// Rewrite with -rewrite and read the diff.
func TestSessions(t *testing.T) {
	files, err := filepath.Glob("testdata/sessions/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sessions: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			ctx := context.Background()
			eng, err := engine.Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			var last *keys
			datadriven.RunTest(t, f, func(t *testing.T, d *datadriven.TestData) string {
				switch d.Cmd {
				case "session":
				case "history":
					return strings.Join(last.history, "\n") + "\n"
				default:
					t.Fatalf("unknown command %q", d.Cmd)
				}
				user, width, format := "admin", 0, "table"
				var opts []Option
				for _, a := range d.CmdArgs {
					switch a.Key {
					case "user":
						user = a.Vals[0]
					case "width":
						fmt.Sscan(a.Vals[0], &width)
					case "format":
						format = a.Vals[0]
					case "notice":
						opts = append(opts, WithTransientNotice())
					default:
						t.Fatalf("unknown argument %q", a.Key)
					}
				}
				conn, err := eng.Connect(ctx, user)
				if err != nil {
					t.Fatal(err)
				}
				var screen bytes.Buffer
				sh := New(conn, &screen, &screen, append(opts, WithFormat(format))...)
				last = &keys{in: []rune(keystrokes.Replace(d.Input)), screen: &screen, complete: sh.Complete, width: width}
				if err := sh.Run(ctx, last); err != nil {
					t.Fatal(err)
				}
				if len(last.in) > 0 {
					fmt.Fprintf(&screen, "[shell exited; not typed: %q]\n", string(last.in))
				}
				// csv lines end in CRLF (RFC 4180); a screen shows them as lines.
				return strings.ReplaceAll(screen.String(), "\r\n", "\n")
			})
		})
	}
}

// Timings vary, so \timing is checked by shape: each statement, failed or
// not, is followed by its time.
func TestTiming(t *testing.T) {
	ctx, conn := adminConn(t)
	var screen bytes.Buffer
	sh := New(conn, &screen, &screen)
	k := &keys{in: []rune("\\timing on\nSELECT 1 AS a; SELECT nope;\n\\timing off\nSELECT 2 AS b;\n"), screen: &screen, complete: sh.Complete}
	if err := sh.Run(ctx, k); err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?s)^admin@default> \\timing on\nTiming is on\.\n` +
		`admin@default> SELECT 1 AS a; SELECT nope;\n\+---\+.*1 row\nTime: \d+\.\d{3} ms\n` +
		`Error: \[UNRESOLVED_COLUMN\][^\n]*\nTime: \d+\.\d{3} ms\n` +
		`admin@default> \\timing off\nTiming is off\.\nadmin@default> SELECT 2 AS b;\n\+---\+[^T]*1 row\nadmin@default> $`)
	if !want.MatchString(screen.String()) {
		t.Fatalf("screen:\n%s", screen.String())
	}
}

// adminConn opens a fresh in-memory catalog, closed with the test, and
// connects as admin.
func adminConn(t *testing.T) (context.Context, *engine.Conn) {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	conn, err := eng.Connect(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	return ctx, conn
}
