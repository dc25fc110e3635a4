#!/usr/bin/env bash
# `make test`: every test, the way CI runs it. Installs what is missing,
# starts a throw-away PostgreSQL, and runs: gofmt and go vet, the Go tests
# with the race detector on SQLite and PostgreSQL, the front-end unit tests
# and type check, the OpenAPI lint, and the browser tests against a freshly
# built server.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
scripts/deps.sh all
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund
fi

step "gofmt and go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '^node_modules/'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...

step "build the admin app and the server"
npm run build
mkdir -p bin
go build -o bin/opencem ./cmd/opencem

step "PostgreSQL"
pgdir=$(mktemp -d /tmp/opencem-pg.XXXXXX)
pgport=${OPENCEM_TEST_PG_PORT:-55433}
cleanup() { scripts/pg.sh stop "$pgdir" || true; rm -rf "$pgdir"; }
trap cleanup EXIT
OPENCEM_TEST_PG_DSN=$(scripts/pg.sh start "$pgdir" "$pgport")
export OPENCEM_TEST_PG_DSN
echo "PostgreSQL at $OPENCEM_TEST_PG_DSN"

step "Go tests (SQLite and PostgreSQL, race detector)"
# OPENCEM_BIN: the crash test runs the real binary and kills it.
OPENCEM_BIN="$root/bin/opencem" go test -race -count=1 ./...

step "front-end unit tests and type check"
npm run typecheck
npm test

step "OpenAPI lint"
npx --no-install redocly lint api/openapi-v1.json

step "browser tests (Chromium)"
OPENCEM_BIN="$root/bin/opencem" npm run e2e

printf '\nAll tests passed.\n'
