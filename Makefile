# tableacl — build, test, benchmark and fuzz targets.
GO ?= go

.PHONY: build test demo bench bench-parts bench-scale bench-compare fuzz vet

build:
	$(GO) build -o bin/tableacl ./cmd/tableacl

# The whole suite: vet, formatting, and every test with the race detector.
test:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) test -race -count=1 ./...
	cd bench && $(GO) vet ./... && $(GO) test -count=1 ./...

# The README's demo: grants, a denied query and the view rule. The denied
# statements are the point of the demo, so its exit status 1 is expected.
demo: build
	./bin/tableacl --keep-going testdata/examples/quickstart.sql || true

# tableacl, Casbin's CachedEnforcer and Enforcer, and a map of precomputed
# answers asked the same questions about one generated design, side by
# side in one run (the module bench/, which keeps Casbin out of tableacl's
# dependencies), printed as one table. BENCH_SCALE=large asks them at the
# size of a real metastore (100,000 tables, 1,000,000 grants; building it
# takes minutes). Casbin's Enforcer, milliseconds a question, runs for 2 s a
# shape rather than 20,000 questions.
bench:
	cd bench && $(GO) test -run '^$$' -bench 'Decision/.*/(tableacl|casbin-cached|map)' -benchtime 200000x | tee bench.out
	cd bench && $(GO) test -run '^$$' -bench 'Decision/.*/casbin-uncached' -benchtime 2s | tee -a bench.out
	cd bench && $(GO) run ./cmd/benchtable < bench.out

# The parts: parsing, analysis, decisions and script throughput.
bench-parts:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2000x ./parser ./analyzer ./engine

# The catalog at the size of a real metastore (100,000 tables, 10,000 users,
# 1,000 nested groups, 1,000,000 grants): a cold start, and a decision's
# reads, warm. Writing the fixture takes about 15 s.
bench-scale:
	$(GO) test -run '^$$' -bench 'OpenAndFirstSnapshot' -benchtime 3x ./catalog
	$(GO) test -run '^$$' -bench 'SnapshotAtScale' -benchtime 200000x ./catalog

# Every benchmark of the comparison, denials included, as go test prints them.
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
