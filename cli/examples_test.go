package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of testdata/examples")

// TestExamples runs every example script of testdata/examples as a user
// would (tableacl --keep-going FILE, from the project root) and compares
// what the terminal shows, standard output and errors interleaved, and the
// exit status with FILE.out. The examples show denials on purpose, so they
// exit 1. Rewrite with -rewrite and read the diff.
func TestExamples(t *testing.T) {
	t.Chdir("..")
	files, err := filepath.Glob("testdata/examples/*.sql")
	if err != nil || len(files) < 5 {
		t.Fatalf("expected the five example scripts, found %v (%v)", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var screen bytes.Buffer
			code := Main(context.Background(), []string{"--keep-going", f}, strings.NewReader(""), &screen, &screen)
			fmt.Fprintf(&screen, "exit %d\n", code)
			want := strings.TrimSuffix(f, ".sql") + ".out"
			if *rewrite {
				if err := os.WriteFile(want, screen.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			expected, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("no expected output: %v (run go test ./cli -run Examples -rewrite)", err)
			}
			if got := screen.String(); got != string(expected) {
				t.Errorf("%s: output differs from %s\n--- got\n%s", f, want, got)
			}
		})
	}
}
