// Command tableacl runs Databricks table-ACL SQL against a SQLite-backed
// catalog. See package cli for the flags and exit statuses.
package main

import (
	"context"
	"os"

	"github.com/tableacl/tableacl/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
