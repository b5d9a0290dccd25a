#!/usr/bin/env bash
# Reminders at scale (issue 4): the AUTO-2 revisit scan over N generated
# customers — its plan (EXPLAIN (ANALYZE, BUFFERS)), a first run on an empty
# outbox (creates the notifications), a forced re-run (everything already
# recorded: the ON CONFLICT path) and the query alone.
#   scripts/bench-reminders.sh [customers]
# The outbox's delivery rate is `cargo bench -p salesd-worker --bench outbox`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
ADMIN_URL=${BENCH_ADMIN_URL:-postgres://salesd:salesd@127.0.0.1:5432/postgres}
DB=salesd_bench_reminders_$N
DB_URL=postgres://salesd:salesd@127.0.0.1:5432/$DB
scripts/services.sh >/dev/null
cargo build --release --bin salesd -q
export DATABASE_URL=$DB_URL REDIS_PREFIX=bench-reminders RUST_LOG=warn SALESD_ENV=production
have=$(psql "$DB_URL" -Atc "SELECT count(*) FROM customers" 2>/dev/null || echo 0)
if [ "$have" != "$N" ]; then
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  start=$(date +%s.%N)
  target/release/salesd demo --load-only --no-assessments --users 200 --customers "$N" >/dev/null 2>&1
  printf '== generated %s customers in %.1f s\n' "$N" "$(echo "$(date +%s.%N) - $start" | bc)"
  psql "$DB_URL" -qc "VACUUM (ANALYZE) customers, contacts, interactions, customer_owner_history, users, org_units"
fi
psql "$DB_URL" -Atc "SELECT 'customers: ' || count(*) || ', owned: ' || count(owner_id) || ', table ' || pg_size_pretty(pg_relation_size('customers')) || ' (' || pg_relation_size('customers') / 8192 || ' pages)' FROM customers"

# One scan with its statements logged (sqlx::query at debug, JSON lines):
# prints each statement's time and rows, then the scan's JSON report.
scan_logged() {
  RUST_LOG=warn,sqlx::query=debug target/release/salesd scan revisits "$@" 2>&1 | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        j = json.loads(line)
    except ValueError:
        continue
    if j.get("target") == "sqlx::query" and "_sqlx_migrations" not in j.get("db.statement", ""):
        print("   %8.1f ms  %6s rows  %s" % (j["elapsed_secs"] * 1000, j.get("rows_affected"), j["summary"]))
    elif "found" in j:
        print(json.dumps(j, sort_keys=True))
'
}

echo "== plan (salesd scan revisits --explain)"
target/release/salesd scan revisits --explain

echo "== (a) first run on an empty outbox"
psql "$DB_URL" -qc "DELETE FROM notifications" -c "DELETE FROM scan_runs" -c "VACUUM notifications"
scan_logged
psql "$DB_URL" -Atc "SELECT 'notifications now: ' || count(*) || ' (' || count(*) FILTER (WHERE channel = 'EMAIL') || ' email)' FROM notifications"

echo "== (b) forced re-run (all already recorded), three times"
for _ in 1 2 3; do target/release/salesd scan revisits --force 2>/dev/null | grep -F '"found"'; done
echo "   the same, statements logged:"
scan_logged --force

echo "== (c) the query alone (Execution Time of --explain, three times)"
for _ in 1 2 3; do target/release/salesd scan revisits --explain | grep -E 'Execution Time'; done
