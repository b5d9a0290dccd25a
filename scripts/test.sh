#!/usr/bin/env bash
# Quick start 2: bring up PostgreSQL and Redis, then run every test: the
# Rust workspace's, then the console's (codegen drift, type check, lint,
# unit tests, and the browser journeys in Debian's chromium against the
# real salesd).
#   scripts/test.sh [cargo test args...]      e.g. scripts/test.sh -- --nocapture
# SALESD_SKIP_WEB=1 runs the Rust tests only.
# DATABASE_URL / REDIS_URL are used as given; otherwise they default to the
# services scripts/services.sh prepares. SALESD_SKIP_SERVICES=1 skips that step.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

export DATABASE_URL=${DATABASE_URL:-postgres://salesd:salesd@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/salesd}
export REDIS_URL=${REDIS_URL:-redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379}}

if [ "${SALESD_SKIP_SERVICES:-}" != 1 ]; then
    "$ROOT/scripts/services.sh" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    PATH=$HOME/.cargo/bin:$PATH
fi
cargo test --workspace --all-targets "$@"

if [ "${SALESD_SKIP_WEB:-}" != 1 ]; then
    cargo build --bin salesd
    "$ROOT/scripts/web.sh" --check --browser
    cd "$ROOT/web"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm run -s e2e
fi
