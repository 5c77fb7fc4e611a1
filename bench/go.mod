module github.com/tableacl/tableacl/bench

go 1.26.8

require (
	github.com/casbin/casbin/v2 v2.135.0
	github.com/tableacl/tableacl v0.0.0
)

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/bmatcuk/doublestar/v4 v4.6.1 // indirect
	github.com/casbin/govaluate v1.3.0 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/mattn/go-sqlite3 v1.14.53 // indirect
)

replace github.com/tableacl/tableacl => ../
