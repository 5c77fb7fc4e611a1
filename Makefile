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
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2000x ./analyzer

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./parser
