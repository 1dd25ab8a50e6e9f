# juece — two commands for a newcomer: `make run` and `make test`.
GO     ?= go
BIN    := bin/juece
DB     ?= data/juece.db
ADDR   ?= 127.0.0.1:8080

.PHONY: run test build generate check-generated screenshots lint bench soak clean

## run: build, migrate and start on $(DB) with the demo units, accounts and decisions (created
## when there is none).
run: build
	./$(BIN) serve --init --demo --addr $(ADDR) --db $(DB)

## build: the one binary.
build:
	$(GO) build -o $(BIN) ./cmd/juece

## generate: regenerate the templ views (the *_templ.go files are committed).
generate:
	$(GO) tool templ generate

## check-generated: fail when templ cannot generate, or a committed *_templ.go does not match its .templ source.
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && cp -r go.mod go.sum views $$tmp/ && \
	if ! $(GO) tool templ generate -path $$tmp >$$tmp/log 2>&1; then cat $$tmp/log; echo "templ generate failed"; exit 1; fi; \
	stale=0; for f in $$tmp/views/*_templ.go; do \
		cmp -s $$f views/$$(basename $$f) || { echo "stale: views/$$(basename $$f) (run make generate and commit)"; stale=1; }; \
	done; for f in views/*_templ.go; do \
		test -f $$tmp/views/$$(basename $$f) || { echo "orphan: $$f has no .templ source"; stale=1; }; \
	done; exit $$stale

## axe: axe-core, at the version pinned in web/testdata/axe, for the browser tests' accessibility checks.
AXE := web/testdata/axe/node_modules/axe-core/axe.min.js
$(AXE): web/testdata/axe/package.json web/testdata/axe/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility checks: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix web/testdata/axe --no-audit --no-fund
	@touch $@

## test: every test — generated files, gofmt, vet, staticcheck, unit, HTTP and browser tests (with
## axe-core), and the race detector on workflow and store.
test: check-generated lint $(AXE)
	$(GO) tool staticcheck ./...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -race ./workflow ./store

## screenshots: every page of the browser journeys at desktop and phone widths, into screenshots/.
screenshots: $(AXE)
	JUECE_SCREENSHOTS=$(CURDIR)/screenshots $(GO) test -count=1 -run TestBrowserJourneys ./web

## lint: formatting and vet.
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

## bench: the server under load (cmd/bench, on data/bench/juece.db: 100,000 decisions, seeded once and
## kept), its table into docs/benchmarks.md, then the Go benchmarks. Not part of make test.
# Its own folder: the audit checkpoints are kept beside the database.
BENCH_DB ?= data/bench/juece.db
BENCH_DECISIONS ?= 100000
BENCH_FLAGS ?=
bench:
	$(GO) build -o $(BIN) ./cmd/juece
	$(GO) build -o bin/bench ./cmd/bench
	test -f $(BENCH_DB) || ./$(BIN) seed --decisions $(BENCH_DECISIONS) --db $(BENCH_DB)
	./bin/bench -juece $(BIN) -db $(BENCH_DB) $(BENCH_FLAGS); status=$$?; \
	$(GO) test -run '^$$' -bench . -benchmem ./... && exit $$status

## soak: crash durability (50 clients, 20 SIGKILLs and restarts) and load (200 users, 2 minutes)
## on loopback; not part of make test. Smaller: make soak SOAKFLAGS="--kills 3 --duration 20s".
soak: build
	$(GO) build -o bin/soak ./cmd/soak
	./bin/soak --juece $(BIN) $(SOAKFLAGS)

clean:
	rm -rf bin
