# OpenCEM — the two commands a newcomer needs are `make run` and `make test`.
# Each installs what it needs on a fresh Debian machine (scripts/deps.sh).

GO      ?= go
BIN     := bin/opencem
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/opencem/opencem/internal/app.Version=$(VERSION)

.PHONY: run build web test test-go lint bench deps clean openapi

## run: install what is needed, build the web app into the binary, start the server on SQLite in ./data
run: build
	./$(BIN) serve

## build: build the admin app and the opencem binary (bin/opencem)
build: web
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/opencem

## web: install Node packages from the lock file and build the admin app
web: node_modules/.package-lock.json
	npm run build

node_modules/.package-lock.json: package-lock.json
	scripts/deps.sh node
	npm ci --no-audit --no-fund
	@touch $@

## test: everything — Go on SQLite and PostgreSQL, front-end unit tests, OpenAPI lint, browser tests
test:
	scripts/test.sh

## test-go: Go tests only (SQLite; PostgreSQL too when OPENCEM_TEST_PG_DSN is set)
test-go:
	$(GO) test -race ./...

## lint: gofmt, go vet, the OpenAPI lint and the front-end type check
lint: node_modules/.package-lock.json
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	npx --no-install redocly lint api/openapi-v1.json
	npm run typecheck

## openapi: rewrite api/openapi-v1.json after a deliberate, compatible API change
openapi:
	$(GO) test ./internal/httpapi -run TestOpenAPISnapshot -update

## bench: run the Go benchmarks in bench/ and print the results
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./bench/...

## deps: install system packages the tests need (PostgreSQL, Chromium)
deps:
	scripts/deps.sh all

clean:
	rm -rf bin internal/web/dist/admin internal/web/dist/respondent web/admin/coverage e2e/artifacts
