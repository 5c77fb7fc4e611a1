package repl

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestShellDocTranscript replays the session shown in docs/shell.md: the
// text after each prompt is typed again into a fresh shell, and the screen
// must match the page's block exactly, so the documentation cannot drift
// from what the shell prints.
func TestShellDocTranscript(t *testing.T) {
	page, err := os.ReadFile("../docs/shell.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(page), "This is a real session")
	if !ok {
		t.Fatal("docs/shell.md has no session transcript")
	}
	_, block, _ := strings.Cut(after, "```\n")
	block, _, _ = strings.Cut(block, "```\n")
	lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	prompt := regexp.MustCompile(`^(\S+@\S+> |\s+-> )`)
	var typed strings.Builder
	for _, l := range lines[1:] {
		if m := prompt.FindString(l); m != "" {
			typed.WriteString(l[len(m):] + "\n")
		}
	}
	ctx, conn := adminConn(t)
	var screen bytes.Buffer
	sh := New(conn, &screen, &screen, WithBanner(lines[0]))
	k := &keys{in: []rune(typed.String()), screen: &screen, complete: sh.Complete, width: 100}
	if err := sh.Run(ctx, k); err != nil {
		t.Fatal(err)
	}
	if screen.String() != block {
		t.Fatalf("the transcript of docs/shell.md differs from the shell's screen:\n%s", screen.String())
	}
}
