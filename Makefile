# tableacl — build, test, benchmark and fuzz targets.
GO ?= go

.PHONY: build test demo bench fuzz vet

build:
	$(GO) build -o bin/tableacl ./cmd/tableacl

# The whole suite: vet, formatting, and every test with the race detector.
test:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) test -race -count=1 ./...

# The README's demo: grants, a denied query and the view rule. The denied
# statements are the point of the demo, so its exit status 1 is expected.
demo: build
	./bin/tableacl --keep-going testdata/examples/quickstart.sql || true

bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2000x ./parser ./analyzer ./engine

# Both fuzz targets, one after the other: the splitter and parser
# (FuzzParse), then random statement sequences as random users through the
# engine (FuzzEngine). FUZZTIME sets how long each runs.
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./parser
	$(GO) test -run '^$$' -fuzz FuzzEngine -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./engine
