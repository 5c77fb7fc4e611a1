module github.com/tableacl/tableacl

go 1.26.8

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/cockroachdb/datadriven v1.0.2 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
)
