#!/usr/bin/env bash
# The console's first page on the demo company (BENCHMARKS.md): builds the
# console and salesd (release), serves the full demo company on its own
# database and port, and measures "my day" in Debian's chromium.
#   scripts/bench-console.sh [runs]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PORT=${SALESD_BENCH_PORT:-18090}

"$ROOT/scripts/services.sh" >/dev/null
"$ROOT/scripts/web.sh" --browser
[ -n "${SALESD_BIN:-}" ] || cargo build --release --bin salesd

SALESD_E2E_DEMO_ARGS="" SALESD_BIN="${SALESD_BIN:-$ROOT/target/release/salesd}" \
    bash "$ROOT/web/e2e/server.sh" "$PORT" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 1 180); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 1
done
cd "$ROOT/web"
node bench/first-page.mjs "http://127.0.0.1:$PORT" "${1:-7}"
