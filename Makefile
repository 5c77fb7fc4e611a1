# tableacl — build, test, benchmark and fuzz targets.
GO ?= go

.PHONY: build test demo bench bench-scale bench-compare fuzz vet

build:
	$(GO) build -o bin/tableacl ./cmd/tableacl

# The whole suite: vet, formatting, and every test with the race detector.
test:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) test -race -count=1 ./...
	cd bench && $(GO) vet ./...

# The README's demo: grants, a denied query and the view rule. The denied
# statements are the point of the demo, so its exit status 1 is expected.
demo: build
	./bin/tableacl --keep-going testdata/examples/quickstart.sql || true

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2000x ./parser ./analyzer ./engine

# The catalog at the size of a real metastore (100,000 tables, 10,000 users,
# 1,000 nested groups, 1,000,000 grants): a cold start, and a decision's
# reads, warm. Writing the fixture takes about 15 s.
bench-scale:
	$(GO) test -run '^$$' -bench 'OpenAndFirstSnapshot' -benchtime 3x ./catalog
	$(GO) test -run '^$$' -bench 'SnapshotAtScale' -benchtime 200000x ./catalog

# tableacl, Casbin's CachedEnforcer and a map of precomputed answers asked
# the same questions, side by side (a module of its own: bench/).
bench-compare:
	cd bench && $(GO) test -run '^$$' -bench . -benchtime 20000x

# The fuzz targets, one after the other: the splitter and parser
# (FuzzParse), the hand-written lexer against the lexer's definition
# (FuzzLex), then random statement sequences as random users through the
# engine (FuzzEngine). FUZZTIME sets how long each runs.
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./parser
	$(GO) test -run '^$$' -fuzz FuzzLex -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./parser
	$(GO) test -run '^$$' -fuzz FuzzEngine -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./engine
