#!/usr/bin/env bash
# Pipeline at scale (issue 5): PIP-8 `pipelineSummary` and `forecast` over N
# generated opportunities (with their history, quotes, contracts, orders),
# through the API (wrk, as the sales director and as a sales manager) and
# as the same SQL alone (EXPLAIN (ANALYZE, BUFFERS) once, then pgbench).
#   scripts/bench-pipeline.sh [opportunities] [seconds] [connections]
# BENCH_SKIP_API=1 runs the SQL part only; BENCH_NO_BUILD=1 uses the release
# binary as it is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-1000000}; SECS=${2:-15}; CONNS=${3:-8}
PORT=${BENCH_PORT:-18093}
ADMIN_URL=${BENCH_ADMIN_URL:-postgres://salesd:salesd@127.0.0.1:5432/postgres}
DB_URL=postgres://salesd:salesd@127.0.0.1:5432/salesd_bench_pipeline
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null; }
scripts/services.sh >/dev/null
[ -n "${BENCH_NO_BUILD:-}" ] || cargo build --release --bin salesd -q
export DATABASE_URL=$DB_URL REDIS_PREFIX=bench-pipeline BIND_ADDR=127.0.0.1:$PORT RUST_LOG=warn SALESD_ENV=production
export LOGIN_FAILURES_PER_ADDRESS=100000
have=$(psql "$DB_URL" -Atc "SELECT count(*) FROM opportunities" 2>/dev/null || echo 0)
if [ "$have" != "$N" ]; then
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS salesd_bench_pipeline WITH (FORCE)" -c "CREATE DATABASE salesd_bench_pipeline"
  start=$(date +%s.%N)
  target/release/salesd demo --load-only --no-assessments --users 200 --customers 100000 --opportunities "$N" >/dev/null 2>&1
  printf '== generated 100000 customers and %s opportunities in %.1f s\n' "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
  start=$(date +%s.%N)
  psql "$DB_URL" -qc "VACUUM (ANALYZE) customers, opportunities, opportunity_stage_history, opportunity_team_members, opportunity_initiations, requirements_reports, quotes, quote_lines, contracts, contract_installments, orders, order_lines, shipments, shipment_lines, contract_milestones, contract_acceptances"
  printf '== VACUUM (ANALYZE) in %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
fi
psql "$DB_URL" -Atc "SELECT 'rows: ' || string_agg(t || ' ' || n, ', ') FROM (
  SELECT 'opportunities' t, count(*) n FROM opportunities UNION ALL
  SELECT 'history', count(*) FROM opportunity_stage_history UNION ALL
  SELECT 'team members', count(*) FROM opportunity_team_members UNION ALL
  SELECT 'quotes', count(*) FROM quotes UNION ALL
  SELECT 'contracts', count(*) FROM contracts UNION ALL
  SELECT 'installments', count(*) FROM contract_installments UNION ALL
  SELECT 'orders', count(*) FROM orders UNION ALL
  SELECT 'shipments', count(*) FROM shipments) x"

FROM=$(date -u +%Y-%m-01)
TO=$(date -u -d "$FROM +12 months -1 day" +%F)
MGR=manager.east@example.com
MGR_ID=$(psql "$DB_URL" -Atc "SELECT id FROM users WHERE email = '$MGR'")
MGR_UNITS=$(psql "$DB_URL" -Atc "WITH RECURSIVE s AS (SELECT unit_id AS id FROM users WHERE email = '$MGR'
  UNION ALL SELECT o.id FROM org_units o JOIN s ON o.parent_id = s.id) SELECT '{' || string_agg(id::text, ',') || '}' FROM s")

if [ -z "${BENCH_SKIP_API:-}" ]; then
  target/release/salesd serve 2>/dev/null & SERVER=$!
  trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  login() {
    curl -s "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' \
      -d "{\"query\":\"mutation { login(email: \\\"$1\\\", password: \\\"salesd-demo\\\") { token } }\"}" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["token"])'
  }
  DIRECTOR=$(login director@example.com)
  MANAGER=$(login "$MGR")
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
    wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 30s --latency -s "$lua" "http://127.0.0.1:$PORT/graphql" |
      grep -E 'Requests/sec|^ +(50|75|90|99)%|Non-2xx|errors' || true
    rm -f "$lua"
  }
  SUMMARY='{ pipelineSummary { stages { stage count amount weightedAmount } conversions { fromStage toStage reached advanced rate } } }'
  FC() { echo "{ forecast(groupBy: $1, from: \"$FROM\", to: \"$TO\") { month owner { id } unit { id } count amount weightedAmount } }"; }
  # One request first, to show the answer is right and warm the caches.
  curl -s "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $DIRECTOR" \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$SUMMARY")" | head -c 600; echo
  run_wrk "pipelineSummary as the director" "$DIRECTOR" "$SUMMARY"
  run_wrk "forecast(MONTH, 12 months) as the director" "$DIRECTOR" "$(FC MONTH)"
  run_wrk "forecast(OWNER, 12 months) as the director" "$DIRECTOR" "$(FC OWNER)"
  run_wrk "forecast(UNIT, 12 months) as the director" "$DIRECTOR" "$(FC UNIT)"
  run_wrk "pipelineSummary as $MGR" "$MANAGER" "$SUMMARY"
  run_wrk "forecast(MONTH, 12 months) as $MGR" "$MANAGER" "$(FC MONTH)"
  run_wrk "forecast(OWNER, 12 months) as $MGR" "$MANAGER" "$(FC OWNER)"
fi

# The statements domain/src/pipeline/forecast.rs issues, with the binds as
# literals. DIRECTOR_SCOPE is empty (sees everything); a sales manager's is
# owner, subtree units or project team (ORG-3).
GPCT="CASE g.stage WHEN 'WON' THEN 100 WHEN 'LOST' THEN 0 ELSE COALESCE(g.probability::int, (s.p ->> g.stage)::int, 0) END"
SETTING="s AS (SELECT value AS p FROM company_settings WHERE key = 'stage_probabilities')"
MGR_SCOPE=" AND (FALSE OR o.owner_id = '$MGR_ID' OR o.owner_unit_id = ANY('$MGR_UNITS'::uuid[]) OR EXISTS (SELECT 1 FROM opportunity_team_members tm WHERE tm.opportunity_id = o.id AND tm.user_id = '$MGR_ID'))"
# pipelineSummary: one statement (stages and conversions from the same
# cells; the furthest stage is kept on the row, migration 0016).
summary_sql() { echo "WITH $SETTING, g AS (SELECT o.stage, o.probability, o.furthest_stage, count(*) AS n, sum(o.amount) AS amount
   FROM opportunities o WHERE TRUE$1 GROUP BY o.stage, o.probability, o.furthest_stage)
 SELECT g.stage, g.furthest_stage AS furthest, sum(g.n)::bigint AS count, sum(g.amount) AS amount, sum(g.amount * ($GPCT) * 0.01) AS weighted
 FROM g LEFT JOIN s ON TRUE GROUP BY g.stage, g.furthest_stage"; }
grouped_fc() { # key scope
  echo "WITH $SETTING, g AS (SELECT $1 AS k, o.stage, o.probability, count(*) AS n, sum(o.amount) AS amount FROM opportunities o
   WHERE o.stage NOT IN ('WON', 'LOST') AND o.expected_close_date BETWEEN '$FROM'::date AND '$TO'::date$2 GROUP BY 1, o.stage, o.probability),
 w AS (SELECT g.k, sum(g.n)::bigint AS count, sum(g.amount) AS amount, sum(g.amount * ($GPCT) * 0.01) AS weighted FROM g LEFT JOIN s ON TRUE GROUP BY g.k) "; }
SUMS="COALESCE(w.count, 0) AS count, COALESCE(w.amount, 0) AS amount, COALESCE(w.weighted, 0) AS weighted"
month_sql() { echo "$(grouped_fc "date_trunc('month', o.expected_close_date)::date" "$1") SELECT m.month::date AS month, NULL::uuid AS owner_id, NULL::uuid AS unit_id, $SUMS
 FROM generate_series(date_trunc('month', '$FROM'::date), '$TO'::date, interval '1 month') AS m(month)
 LEFT JOIN w ON w.k = m.month::date ORDER BY m.month"; }
owner_sql() { echo "$(grouped_fc "o.owner_id" "$1") SELECT NULL::date AS month, w.k AS owner_id, NULL::uuid AS unit_id, $SUMS FROM w ORDER BY weighted DESC, w.k"; }
unit_sql() { echo "$(grouped_fc "o.owner_unit_id" "$1") SELECT NULL::date AS month, NULL::uuid AS owner_id, w.k AS unit_id, $SUMS FROM w ORDER BY weighted DESC, w.k"; }

sql_alone() { # name sql
  echo "== EXPLAIN (ANALYZE, BUFFERS): $1"
  psql "$DB_URL" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $2" | grep -vE '^\s*$|^\(' || true
  local f; f=$(mktemp --suffix .sql); echo "$2;" > "$f"
  echo "== pgbench: $1 (${SECS}s, $CONNS connections)"
  pgbench -n -c "$CONNS" -j 2 -T "$SECS" -f "$f" "$DB_URL" 2>/dev/null | grep -E 'latency average|latency stddev|^tps' || true
  rm -f "$f"
}
sql_alone "summary, director" "$(summary_sql "")"
sql_alone "forecast MONTH, director" "$(month_sql "")"
sql_alone "forecast OWNER, director" "$(owner_sql "")"
sql_alone "forecast UNIT, director" "$(unit_sql "")"
sql_alone "summary, $MGR" "$(summary_sql "$MGR_SCOPE")"
sql_alone "forecast MONTH, $MGR" "$(month_sql "$MGR_SCOPE")"
