#!/usr/bin/env bash
# Quick start 1: bring up PostgreSQL and Redis, build the console and salesd,
# run the demo: the console at http://127.0.0.1:8080/.
#   scripts/demo.sh [demo args...]
# DATABASE_URL / REDIS_URL are used as given; otherwise they default to the
# services scripts/services.sh prepares. SALESD_SKIP_SERVICES=1 skips that step
# (for a database and Redis you run yourself).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

log() { printf 'demo: %s\n' "$*" >&2; }

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    PATH=$HOME/.cargo/bin:$PATH
fi
if ! command -v cargo >/dev/null 2>&1; then
    log "error: cargo not found. Install Rust with rustup:"
    log "  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y && . \"\$HOME/.cargo/env\""
    exit 1
fi

export DATABASE_URL=${DATABASE_URL:-postgres://salesd:salesd@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/salesd}
export REDIS_URL=${REDIS_URL:-redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379}}

if [ "${SALESD_SKIP_SERVICES:-}" != 1 ]; then
    "$ROOT/scripts/services.sh" >/dev/null
fi

if ! command -v cc >/dev/null 2>&1; then
    log "no C compiler (cc); installing build-essential pkg-config"
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q build-essential pkg-config >&2 ||
        { log "error: apt-get install -y build-essential pkg-config failed; install a C compiler and re-run"; exit 1; }
fi

log "building the console (web/ -> web/dist)"
"$ROOT/scripts/web.sh"
export SALESD_WEB_DIR=${SALESD_WEB_DIR:-$ROOT/web/dist}

log "cargo build --release --bin salesd"
cargo build --release --bin salesd
log "the console will be at http://${BIND_ADDR:-127.0.0.1:8080}/ (GraphQL at /graphql)"
exec "${CARGO_TARGET_DIR:-target}/release/salesd" demo "$@"
