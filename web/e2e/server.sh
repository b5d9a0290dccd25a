#!/usr/bin/env bash
# The server the browser tests talk to: a database of its own with the demo
# company, and `salesd serve` on port $1 serving web/dist. The database is
# dropped when the server stops.
set -euo pipefail
PORT=${1:?port}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${SALESD_BIN:-$ROOT/target/debug/salesd}
BASE_URL=${DATABASE_URL:-postgres://salesd:salesd@127.0.0.1:5432/salesd}
BASE_URL=${BASE_URL%/*}
ADMIN_URL=$BASE_URL/postgres
DB=salesd_web_e2e_$$

psql "$ADMIN_URL" -qc "CREATE DATABASE $DB" >/dev/null
cleanup() {
    [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' TERM INT

export DATABASE_URL=$BASE_URL/$DB
export REDIS_PREFIX=salesd-web-e2e-$$
export BIND_ADDR=127.0.0.1:$PORT
export SALESD_ENV=${SALESD_ENV:-dev}
export SALESD_WEB_DIR=$ROOT/web/dist
export MAIL_OUTBOX_DIR=$(mktemp -d)
export RUST_LOG=${RUST_LOG:-warn}

# A small company for the journeys; SALESD_E2E_DEMO_ARGS="" loads the
# full demo company (the console benchmark does).
# shellcheck disable=SC2086
"$BIN" demo --load-only ${SALESD_E2E_DEMO_ARGS---customers 60 --opportunities 30 --receivables-installments 20} >&2
"$BIN" serve &
SERVER=$!
wait "$SERVER"
