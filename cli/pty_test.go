package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// screen collects what the pseudo-terminal shows.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.ReplaceAll(s.buf.String(), "\r", "")
}

// waitFor waits until the screen, after offset from, shows want, and
// returns the offset just past it. The deadline only guards against a
// hang; it measures nothing.
func (s *screen) waitFor(t *testing.T, from int, want string) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		text := s.String()
		if from <= len(text) {
			if i := strings.Index(text[from:], want); i >= 0 {
				return from + i + len(want)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("screen never showed %q after offset %d; screen:\n%s", want, from, s.String())
	return 0
}

// TestShellOnPseudoTerminal runs the command line on a real pseudo-terminal,
// so the readline wiring is covered: the shell starts because standard
// input is a terminal, Tab completes, a multi-line statement continues,
// Ctrl-C cancels, Ctrl-R finds an earlier statement in the history, the
// history reaches its file, and Ctrl-D on an empty line exits with 0.
func TestShellOnPseudoTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must cover the readline wiring, but no pseudo-terminal opens: %v", err)
		}
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	var out screen
	go io.Copy(&out, ptmx)

	history := filepath.Join(t.TempDir(), "history")
	done := make(chan int, 1)
	go func() {
		done <- Main(context.Background(), []string{"--history", history}, tty, tty, tty)
		tty.Close()
	}()
	type step struct{ keys, want string }
	at := 0
	for _, s := range []step{
		{"", "Note: this catalog lives in memory"},
		{"", "admin@default> "},
		{"CREATE TABLE t (x INT);\r", "OK\n"},
		{"INSERT INTO t VALUES (7);\r", "OK\n"},
		{"SEL\t* FR\tt;\r", "| 7 |\n+---+\n1 row\n"},
		{"SELECT x\r", "            -> "},
		{"  FROM t WHERE x > 5;\r", "1 row\n"},
		{"SELECT 'abandoned',\r", "-> "},
		{"\x03", "^C"},
		{"", "admin@default> "},
		{"\x12INSERT", "INSERT INTO t VALUES (7);"},
		{"\r", "OK\n"},
		{"SELECT count(*) AS n FROM t;\r", "| 2 |"},
		// Ctrl-D once the prompt is back: typed while a statement runs,
		// the terminal is in cooked mode and the key is not the shell's.
		{"", "1 row\n"},
		{"", "admin@default> "},
		{"\x04", ""},
	} {
		if s.keys != "" {
			if _, err := ptmx.Write([]byte(s.keys)); err != nil {
				t.Fatal(err)
			}
		}
		if s.want != "" {
			at = out.waitFor(t, at, s.want)
		}
	}
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("exit status %d; screen:\n%s", code, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("Ctrl-D did not end the shell; screen:\n%s", out.String())
	}
	if strings.Contains(out.String(), "| abandoned") {
		t.Fatalf("the cancelled statement ran:\n%s", out.String())
	}
	data, err := os.ReadFile(history)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CREATE TABLE t (x INT);", "SELECT x FROM t WHERE x > 5;"} {
		if !strings.Contains(string(data), want+"\n") {
			t.Errorf("history file lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "abandoned") {
		t.Errorf("history kept the cancelled statement:\n%s", data)
	}
}
