#!/usr/bin/env bash
# Customers at scale (issue 3): fuzzy and substring name search and the
# public-pool preview over N generated customers, through the API (wrk) and
# as SQL with EXPLAIN (ANALYZE, BUFFERS) to show the index use.
#   scripts/bench-customers.sh [customers] [seconds] [connections]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}; SECS=${2:-15}; CONNS=${3:-8}
PORT=${BENCH_PORT:-18092}
ADMIN_URL=${BENCH_ADMIN_URL:-postgres://salesd:salesd@127.0.0.1:5432/postgres}
DB_URL=postgres://salesd:salesd@127.0.0.1:5432/salesd_bench_customers
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null; }
scripts/services.sh >/dev/null
cargo build --release --bin salesd -q
export DATABASE_URL=$DB_URL REDIS_PREFIX=bench-customers BIND_ADDR=127.0.0.1:$PORT RUST_LOG=warn SALESD_ENV=production
export LOGIN_FAILURES_PER_ADDRESS=100000
have=$(psql "$DB_URL" -Atc "SELECT count(*) FROM customers" 2>/dev/null || echo 0)
if [ "$have" != "$N" ]; then
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS salesd_bench_customers WITH (FORCE)" -c "CREATE DATABASE salesd_bench_customers"
  start=$(date +%s.%N)
  target/release/salesd demo --load-only --no-assessments --users 200 --customers "$N" >/dev/null 2>&1
  printf '== generated %s customers in %.1f s\n' "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
  psql "$DB_URL" -qc "VACUUM (ANALYZE) customers, contacts, interactions, customer_owner_history"
fi
target/release/salesd serve 2>/dev/null & SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
login() {
  curl -s "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' \
    -d "{\"query\":\"mutation { login(email: \\\"$1\\\", password: \\\"salesd-demo\\\") { token } }\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["token"])'
}
DIRECTOR=$(login director@example.com)
run_wrk() { # name token query
  local lua; lua=$(mktemp --suffix .lua)
  python3 - "$2" "$3" > "$lua" <<'PY'
import json, sys
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.headers["Authorization"] = "Bearer %s"' % sys.argv[1])
print('wrk.body = %s' % json.dumps(json.dumps({"query": sys.argv[2]})))
PY
  echo "== wrk: $1 (${SECS}s, $CONNS connections)"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$lua" "http://127.0.0.1:$PORT/graphql" |
    grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx' || true
  rm -f "$lua"
}
TODAY=$(date -u +%F)
run_wrk "customers(first: 50, name substring)" "$DIRECTOR" '{ customers(first: 50, filter: {name: "华东机械"}) { edges { node { id name } } } }'
run_wrk "customers(first: 50, fuzzy name)" "$DIRECTOR" '{ customers(first: 50, filter: {name: "杭州恒信电子有限公司", fuzzy: true}) { edges { node { id name } } } }'
run_wrk "poolReclaimPreview" "$DIRECTOR" "{ poolReclaimPreview(asOf: \"$TODAY\") { returning { customer { id } } warnings { customer { id } } } }"

echo "== EXPLAIN: substring search"
psql "$DB_URL" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT c.*, c.name AS sort_key FROM customers c, (SELECT '华东机械'::text AS q) q WHERE TRUE AND c.name ILIKE '%华东机械%' ORDER BY c.name ASC, c.id ASC LIMIT 51"
echo "== EXPLAIN: fuzzy search"
psql "$DB_URL" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT c.*, similarity(c.name, q.q)::text AS sort_key FROM customers c, (SELECT '杭州恒信电子有限公司'::text AS q) q WHERE TRUE AND c.name % q.q AND similarity(c.name, q.q) >= 0.3 ORDER BY similarity(c.name, q.q) DESC, c.id DESC LIMIT 51"
echo "== EXPLAIN: pool reclaim preview (the 'returning' list; 'warnings' is the same with a window)"
psql "$DB_URL" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT c.id, c.name, c.owner_id, c.grade, c.key_account, c.last_interaction_at, c.owned_since, c.created_at FROM customers c WHERE c.owner_id IS NOT NULL AND NOT c.key_account AND c.grade <> 'STRATEGIC' AND (FALSE OR (c.grade = 'GENERAL' AND COALESCE(c.last_interaction_at, c.owned_since, c.created_at) < now() - interval '90 days') OR (c.grade = 'IMPORTANT' AND COALESCE(c.last_interaction_at, c.owned_since, c.created_at) < now() - interval '180 days')) AND NOT customer_has_open_opportunity(c.id) ORDER BY COALESCE(c.last_interaction_at, c.owned_since, c.created_at), c.id LIMIT 200"
