// Command walkgen writes parser/walk_gen.go: parser.Walk's visit of each
// node type, field by field, as the reflection-based walk does it, but
// without reflection (a statement is walked several times as it is
// decided, and reflection cost about 125 ns a node). Run it with go
// generate in parser after changing a node type; TestGeneratedWalk
// fails until it is run.
package main

import (
	"fmt"
	"os"

	"github.com/tableacl/tableacl/parser"
)

func main() {
	out := "walk_gen.go"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := os.WriteFile(out, []byte(parser.GenerateWalk()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
