#!/usr/bin/env bash
# Receivables at scale (issue 6): REC-3 `arAging` over N generated service
# installments with a year of invoices and receipts (plus the pipeline
# demo's contracts), through the API (wrk, as the sales director and as a
# sales manager) and as the same SQL alone (EXPLAIN (ANALYZE, BUFFERS) once,
# then pgbench); then the daily dunning scan (REC-6, `salesd scan dunning
# --force`) if the binary has it.
#   scripts/bench-receivables.sh [installments] [seconds] [connections]
# BENCH_SKIP_API=1 runs the SQL part only; BENCH_NO_BUILD=1 uses the release
# binary as it is; BENCH_BIN=path uses another salesd binary;
# BENCH_SKIP_DUNNING=1 skips the scan; BENCH_SCAN_TIMEOUT_MS sets its
# statement_timeout (default the pool's 10 s, which the posting step
# exceeds at 3 000 000 installments, BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-3000000}; SECS=${2:-15}; CONNS=${3:-2}
PORT=${BENCH_PORT:-18094}
ADMIN_URL=${BENCH_ADMIN_URL:-postgres://salesd:salesd@127.0.0.1:5432/postgres}
DB_URL=postgres://salesd:salesd@127.0.0.1:5432/salesd_bench_receivables
BIN=${BENCH_BIN:-target/release/salesd}
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null; }
scripts/services.sh >/dev/null
[ -n "${BENCH_NO_BUILD:-}" ] || [ -n "${BENCH_BIN:-}" ] || cargo build --release --bin salesd -q
export DATABASE_URL=$DB_URL REDIS_PREFIX=bench-receivables BIND_ADDR=127.0.0.1:$PORT RUST_LOG=warn SALESD_ENV=production
export LOGIN_FAILURES_PER_ADDRESS=100000
have=$(psql "$DB_URL" -Atc "SELECT count(*) FROM contract_installments WHERE label LIKE '%服务费'" 2>/dev/null || echo 0)
if [ "$have" != "$N" ]; then
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS salesd_bench_receivables WITH (FORCE)" -c "CREATE DATABASE salesd_bench_receivables"
  start=$(date +%s.%N)
  "$BIN" demo --load-only --no-assessments --users 200 --customers 100000 --opportunities 100000 --receivables-installments "$N" >/dev/null
  printf '== generated 100000 customers, 100000 opportunities and %s service installments with their ledger in %.1f s\n' \
    "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
  start=$(date +%s.%N)
  psql "$DB_URL" -qc "VACUUM (ANALYZE) customers, contracts, contract_installments, shipments, orders, invoices, receipts, ledger_entries, receipt_allocations"
  printf '== VACUUM (ANALYZE) in %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
fi
psql "$DB_URL" -Atc "SELECT 'rows: ' || string_agg(t || ' ' || n, ', ') FROM (
  SELECT 'customers' t, count(*) n FROM customers UNION ALL
  SELECT 'contracts', count(*) FROM contracts UNION ALL
  SELECT 'installments', count(*) FROM contract_installments UNION ALL
  SELECT 'receivable items', count(*) FROM receivable_items UNION ALL
  SELECT 'invoices', count(*) FROM invoices UNION ALL
  SELECT 'receipts', count(*) FROM receipts UNION ALL
  SELECT 'ledger entries', count(*) FROM ledger_entries UNION ALL
  SELECT 'allocations', count(*) FROM receipt_allocations) x"
psql "$DB_URL" -Atc "SELECT 'sizes: ' || string_agg(t || ' ' || pg_size_pretty(pg_total_relation_size(t::regclass)), ', ')
  FROM unnest(ARRAY['contract_installments', 'contracts', 'ledger_entries', 'receipts', 'receipt_allocations']) t"

ASOF=$(TZ=Asia/Shanghai date +%F)
MGR=manager.east@example.com
MGR_ID=$(psql "$DB_URL" -Atc "SELECT id FROM users WHERE email = '$MGR'")
MGR_UNITS=$(psql "$DB_URL" -Atc "WITH RECURSIVE s AS (SELECT unit_id AS id FROM users WHERE email = '$MGR'
  UNION ALL SELECT o.id FROM org_units o JOIN s ON o.parent_id = s.id) SELECT '{' || string_agg(id::text, ',') || '}' FROM s")

if [ -z "${BENCH_SKIP_API:-}" ]; then
  "$BIN" serve 2>/dev/null & SERVER=$!
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
    wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 60s --latency -s "$lua" "http://127.0.0.1:$PORT/graphql" |
      grep -E 'Requests/sec|^ +(50|75|90|99)%|Non-2xx|errors|requests in' || true
    rm -f "$lua"
  }
  AG() { echo "{ arAging(asOf: \"$ASOF\", groupBy: $1) { total { current overdue1To30 overdue31To60 overdue61To90 overdue91To180 overdueOver180 openTotal unappliedCredit balance } rows { key label openTotal balance } } }"; }
  # One request first, to show the answer is right and warm the caches.
  curl -s "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' -H "Authorization: Bearer $DIRECTOR" \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$(AG UNIT)")" | head -c 600; echo
  run_wrk "arAging(UNIT) as the director" "$DIRECTOR" "$(AG UNIT)"
  run_wrk "arAging(OWNER) as the director" "$DIRECTOR" "$(AG OWNER)"
  run_wrk "arAging(CUSTOMER) as the director" "$DIRECTOR" "$(AG CUSTOMER)"
  run_wrk "arAging(UNIT) as $MGR" "$MANAGER" "$(AG UNIT)"
  run_wrk "arAging(CUSTOMER) as $MGR" "$MANAGER" "$(AG CUSTOMER)"
  kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true
  trap - EXIT
fi

# The statements domain/src/receivables/reports.rs::aging issues, with the
# binds as literals: the open items (one row per bucket and group) and the
# unapplied credit. The director sees everything; a sales manager's scope
# is owner, subtree units or project team (ORG-3).
ITEM_MGR=" AND (FALSE OR ri.owner_id = '$MGR_ID' OR ri.owner_unit_id = ANY('$MGR_UNITS'::uuid[]) OR EXISTS (SELECT 1 FROM opportunity_team_members m WHERE m.opportunity_id = ri.opportunity_id AND m.user_id = '$MGR_ID'))"
CUST_MGR=" AND (FALSE OR cu.owner_id = '$MGR_ID' OR cu.owner_unit_id = ANY('$MGR_UNITS'::uuid[]))"
items_sql() { # key scope
  sed -n '/^-- items$/,/^-- end$/p' bench/ar_aging.sql | grep -v '^--' | sed "s/:as_of/'$ASOF'/g; s/:key/$1/g; s|:scope|$2|g"
}
credit_sql() { # key scope
  sed -n '/^-- credit$/,/^-- end$/p' bench/ar_aging.sql | grep -v '^--' | sed "s/:as_of/'$ASOF'/g; s/:key/$1/g; s|:scope|$2|g"
}
sql_alone() { # name sql
  echo "== EXPLAIN (ANALYZE, BUFFERS): $1"
  psql "$DB_URL" -c "SET work_mem = '4MB'" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $2" | grep -vE '^\s*$|^\(|^SET' || true
  local f; f=$(mktemp --suffix .sql); echo "$2;" > "$f"
  echo "== pgbench: $1 (${SECS}s, $CONNS connections)"
  pgbench -n -c "$CONNS" -j 2 -T "$SECS" -f "$f" "$DB_URL" 2>/dev/null | grep -E 'latency average|latency stddev|^tps|transactions actually' || true
  rm -f "$f"
}
sql_alone "aging items, UNIT, director" "$(items_sql ri.owner_unit_id "")"
sql_alone "aging items, CUSTOMER, director" "$(items_sql ri.customer_id "")"
sql_alone "aging credit, CUSTOMER, director" "$(credit_sql cu.id "")"
sql_alone "aging items, UNIT, $MGR" "$(items_sql ri.owner_unit_id "$ITEM_MGR")"
sql_alone "aging credit, UNIT, $MGR" "$(credit_sql cu.owner_unit_id "$CUST_MGR")"

# REC-6: the daily dunning scan over every overdue installment.
if [ -z "${BENCH_SKIP_DUNNING:-}" ]; then
  if ! "$BIN" scan dunning --explain 2>&1 | grep -q "invalid value"; then
    psql "$DB_URL" -Atc "SELECT 'overdue open items: ' || count(*) FROM receivable_items ri
      WHERE ri.open_amount > 0 AND ri.due_date <= '$ASOF'::date - 3"
    # A daily run, not a first-ever catch-up: the levels every open item had
    # reached by yesterday are recorded as earlier runs would have left them
    # (SKIPPED, no notifications), so today's run does what a normal day
    # does: the items crossing 3/15/30/90 days today.
    psql "$DB_URL" -qc "DELETE FROM dunning_steps WHERE reached_on >= '$ASOF'::date" -c "
      INSERT INTO dunning_steps (id, customer_id, contract_id, installment_id, shipment_id, level, status,
                                 reached_on, days_overdue, open_amount, created_at)
      SELECT gen_random_uuid(), ri.customer_id, ri.contract_id, ri.installment_id, ri.shipment_id, l.level,
             'SKIPPED', ri.due_date + l.days, l.days, ri.open_amount, now()
        FROM receivable_items ri CROSS JOIN (VALUES (1, 3), (2, 15), (3, 30), (4, 90)) l (level, days)
       WHERE ri.open_amount > 0 AND ri.due_date + l.days < '$ASOF'::date
      ON CONFLICT (item_id, level) DO NOTHING" -c "ANALYZE dunning_steps"
    psql "$DB_URL" -Atc "SELECT 'items crossing a level today: ' || count(*) FROM receivable_items ri
      CROSS JOIN (VALUES (3), (15), (30), (90)) l (days)
      WHERE ri.open_amount > 0 AND ri.due_date + l.days = '$ASOF'::date"
    for run in daily forced-rerun; do
      start=$(date +%s.%N)
      echo "== salesd scan dunning --force ($run)"
      DATABASE_STATEMENT_TIMEOUT_MS=${BENCH_SCAN_TIMEOUT_MS:-10000} "$BIN" scan dunning --force 2>&1 |
        grep -v 'slow statement' | head -c 2000 || true; echo
      printf '== wall time %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
    done
  else
    echo "== TODO: this salesd has no dunning scan (ScanKind::Dunning); not timed"
  fi
fi
