# juece — two commands for a newcomer: `make run` and `make test`.
GO     ?= go
BIN    := bin/juece
DB     ?= data/juece.db
ADDR   ?= 127.0.0.1:8080

.PHONY: run test build generate check-generated lint bench clean

## run: build, migrate and start on $(DB) with the demo units, accounts and decisions.
run: build
	./$(BIN) serve --demo --addr $(ADDR) --db $(DB)

## build: the one binary.
build:
	$(GO) build -o $(BIN) ./cmd/juece

## generate: regenerate the templ views (the *_templ.go files are committed).
generate:
	$(GO) tool templ generate

## check-generated: fail when a committed *_templ.go does not match its .templ source.
check-generated:
	@stale=0; for f in $$(find . -name '*.templ' -not -path './.git/*'); do \
		$(GO) tool templ generate -f $$f -stdout > /tmp/juece-templ-check.go 2>/dev/null || { echo "templ failed on $$f"; stale=1; continue; }; \
		cmp -s /tmp/juece-templ-check.go $${f%.templ}_templ.go || { echo "stale: $${f%.templ}_templ.go (run make generate)"; stale=1; }; \
	done; rm -f /tmp/juece-templ-check.go; exit $$stale

## test: every test — generated files, vet, unit, HTTP and browser tests.
test: check-generated
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## lint: formatting and vet.
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

## bench: Go benchmarks (not part of make test).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
