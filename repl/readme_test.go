package repl

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeTranscript replays the session shown in the README: the text
// after each prompt is typed again into a fresh shell, and the screen must
// match the README's block exactly, so the documentation cannot drift from
// what the shell prints.
func TestReadmeTranscript(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "This is a real session")
	if !ok {
		t.Fatal("README has no session transcript")
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
		t.Fatalf("the README transcript differs from the shell's screen:\n%s", screen.String())
	}
}
