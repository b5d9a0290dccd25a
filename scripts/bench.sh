#!/usr/bin/env bash
# Load benchmark of the API next to pgbench running the same SQL.
#   scripts/bench.sh [reps] [seconds] [connections]
# Builds the release binary, loads the demo company (with `reps` reps) into a
# database of its own (salesd_bench), serves it, and measures with wrk:
#   1. an authenticated `me` query (as a rep),
#   2. a `users(first: 50)` page (as the sales director),
# then runs pgbench -M prepared with bench/me.sql and bench/users.sql — the
# statements those requests run — at the same concurrency. Results go to
# stdout; BENCHMARKS.md records them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPS=${1:-200}; SECS=${2:-20}; CONNS=${3:-16}
PORT=${BENCH_PORT:-18090}
ADMIN_URL=${BENCH_ADMIN_URL:-postgres://salesd:salesd@127.0.0.1:5432/postgres}
DB_URL=postgres://salesd:salesd@127.0.0.1:5432/salesd_bench
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null; }
scripts/services.sh >/dev/null
cargo build --release --bin salesd -q
psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS salesd_bench WITH (FORCE)" -c "CREATE DATABASE salesd_bench"
export DATABASE_URL=$DB_URL REDIS_PREFIX=bench BIND_ADDR=127.0.0.1:$PORT RUST_LOG=warn SALESD_ENV=production
export LOGIN_FAILURES_PER_ADDRESS=100000
target/release/salesd migrate
target/release/salesd demo --load-only --no-assessments --users "$REPS" >/dev/null
target/release/salesd serve 2>/dev/null & SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

login() {
  curl -s "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' \
    -d "{\"query\":\"mutation { login(email: \\\"$1\\\", password: \\\"salesd-demo\\\") { token } }\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["token"])'
}
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
REP=$(login rep01@example.com); DIRECTOR=$(login director@example.com)

run_wrk() { # name token query
  local lua; lua=$(mktemp --suffix .lua)
  python3 - "$2" "$3" > "$lua" <<'PY'
import json, sys
token, query = sys.argv[1], sys.argv[2]
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.headers["Authorization"] = "Bearer %s"' % token)
print('wrk.body = %s' % json.dumps(json.dumps({"query": query})))
PY
  echo "== wrk: $1 (${SECS}s, $CONNS connections)"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$lua" "http://127.0.0.1:$PORT/graphql" |
    grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors' || true
  rm -f "$lua"
}
run_pgbench() { # name file vars...
  local name=$1 file=$2; shift 2
  echo "== pgbench -M prepared: $name (${SECS}s, $CONNS clients)"
  pgbench "$DB_URL" -n -M prepared -c "$CONNS" -j 2 -T "$SECS" -f "$file" "$@" 2>/dev/null |
    grep -E '^(tps|latency average)' || true
}

ME='{ me { id email displayName primaryRole unit { name } directHead { displayName } } }'
USERS='{ users(first: 50) { edges { node { id email displayName unit { name } } } } }'
run_wrk "me (rep)" "$REP" "$ME"
run_wrk "users(first: 50) (director)" "$DIRECTOR" "$USERS"

read -r UID_ UNIT_ < <(psql "$DB_URL" -Atc "SELECT id, unit_id FROM users WHERE email='rep01@example.com'" | tr '|' ' ')
HEAD_=$(psql "$DB_URL" -Atc "SELECT head_user_id FROM org_units WHERE id='$UNIT_'")
run_pgbench "me SQL" bench/me.sql -D hash="$(sha "$REP")" -D uid="$UID_" -D unit="$UNIT_" -D head="$HEAD_"
UNITS_=$(psql "$DB_URL" -Atc "SELECT array_agg(DISTINCT unit_id) FROM (SELECT unit_id FROM users ORDER BY display_name, id LIMIT 50) p")
run_pgbench "users(first: 50) SQL" bench/users.sql -D hash="$(sha "$DIRECTOR")" -D units="$UNITS_"
psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS salesd_bench WITH (FORCE)" 2>/dev/null || true
