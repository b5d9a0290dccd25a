#!/usr/bin/env bash
# KPI-3 at scale (issue 7): the monthly assessment of REPS reps over about
# 10 000 000 generated facts (BENCHMARKS.md).
#   scripts/bench-assessments.sh [reps] [period]
# Defaults: 5 000 reps (plus 500 supervisors and 50 managers, who have
# schemes too), the last complete month (company time) as the period.
# Generates into a database of its own, salesd_bench_assessments: migrated
# by `salesd migrate`, the demo company without reps (`salesd demo
# --load-only --users 0 ... --no-assessments`), then
# bench/assessments_generate.sql (organisation, customers, contracts with
# installments, ledger, receipts, interactions, surveys, complaints,
# targets). Generation is skipped when the database already holds the data
# for the same reps and period (BENCH_REGENERATE=1 forces it).
# Then `salesd assess --period P --seed-schemes` under /usr/bin/time -v (wall
# time, peak RSS of the binary), twice: the first run and a re-run
# (recompute); PostgreSQL's share is the database's active_time delta
# (pg_stat_database) around each run; finally each KPI's fact query under
# EXPLAIN ANALYZE (`salesd assess --explain`, the heaviest plans printed).
# The generator's sizes scale with the reps (BENCH_CONTRACTS,
# BENCH_INTERACTIONS, BENCH_SURVEYS, BENCH_COMPLAINTS override them).
# BENCH_NO_BUILD=1 uses the release binary as it is; BENCH_BIN=path another
# salesd (e.g. target/debug/salesd for a small validation run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPS=${1:-5000}
PERIOD=${2:-$(TZ=Asia/Shanghai date -d "$(TZ=Asia/Shanghai date +%Y-%m-01) -1 month" +%Y-%m)}
TODAY=$(TZ=Asia/Shanghai date +%F)
ADMIN_URL=${BENCH_ADMIN_URL:-postgres://salesd:salesd@127.0.0.1:5432/postgres}
DB=${BENCH_DB:-salesd_bench_assessments}
DB_URL=postgres://salesd:salesd@127.0.0.1:5432/$DB
BIN=${BENCH_BIN:-target/release/salesd}
CONTRACTS=${BENCH_CONTRACTS:-$((REPS * 100))}
INTERACTIONS=${BENCH_INTERACTIONS:-$((REPS * 600))}
SURVEYS=${BENCH_SURVEYS:-$((REPS * 60))}
COMPLAINTS=${BENCH_COMPLAINTS:-$((REPS * 12))}
[[ $PERIOD =~ ^[0-9]{4}-[0-9]{2}$ ]] || { echo "period: a month like 2026-10" >&2; exit 2; }
scripts/services.sh >/dev/null
[ -n "${BENCH_NO_BUILD:-}" ] || [ -n "${BENCH_BIN:-}" ] || cargo build --release --bin salesd -q
export DATABASE_URL=$DB_URL REDIS_PREFIX=bench-assessments RUST_LOG=warn SALESD_ENV=production
elapsed() { printf '%.1f' "$(echo "$(date +%s.%N) - $1" | bc)"; }

marker="{\"reps\": $REPS, \"assess_from\": \"$PERIOD-01\"}"
have=$(psql "$DB_URL" -Atc "SELECT value @> '$marker'::jsonb FROM company_settings WHERE key = 'bench_assessments'" 2>/dev/null || true)
if [ "$have" != "t" ] || [ -n "${BENCH_REGENERATE:-}" ]; then
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  start=$(date +%s.%N)
  "$BIN" migrate >/dev/null
  "$BIN" demo --load-only --users 0 --customers 0 --opportunities 0 --receivables-installments 0 \
    --no-assessments >/dev/null
  psql "$DB_URL" -q -v reps="$REPS" -v customers_per_rep=20 -v contracts="$CONTRACTS" \
    -v interactions="$INTERACTIONS" -v surveys="$SURVEYS" -v complaints="$COMPLAINTS" \
    -v assess_from="$PERIOD-01" -v today="$TODAY" -f bench/assessments_generate.sql
  printf '== generated in %s s\n' "$(elapsed "$start")"
  start=$(date +%s.%N)
  psql "$DB_URL" -qc "VACUUM (ANALYZE) users, org_units, customers, opportunities, quotes, contracts,
    contract_installments, ledger_entries, receipts, receipt_allocations, interactions, satisfaction_surveys,
    complaints, targets"
  printf '== VACUUM (ANALYZE) in %s s\n' "$(elapsed "$start")"
fi

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(psql "$DB_URL" -Atc 'SELECT version()' | cut -d, -f1)"
echo "== PostgreSQL: shared_buffers $(psql "$DB_URL" -Atc 'SHOW shared_buffers'), work_mem $(psql "$DB_URL" -Atc 'SHOW work_mem'), database $(psql "$DB_URL" -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))")"
psql "$DB_URL" -At -F ' ' -c "
  WITH t (name, n) AS (
    SELECT 'users (active, with a scheme role)', count(*) FROM users
     WHERE active AND primary_role IN ('SALES_REP', 'KEY_ACCOUNT_MANAGER', 'SUPERVISOR', 'SALES_MANAGER')
    UNION ALL SELECT 'org_units', count(*) FROM org_units
    UNION ALL SELECT 'customers', count(*) FROM customers
    UNION ALL SELECT 'opportunities', count(*) FROM opportunities
    UNION ALL SELECT 'quotes', count(*) FROM quotes
    UNION ALL SELECT 'contracts', count(*) FROM contracts
    UNION ALL SELECT 'contract_installments', count(*) FROM contract_installments
    UNION ALL SELECT 'ledger_entries', count(*) FROM ledger_entries
    UNION ALL SELECT 'receipts', count(*) FROM receipts
    UNION ALL SELECT 'receipt_allocations', count(*) FROM receipt_allocations
    UNION ALL SELECT 'interactions', count(*) FROM interactions
    UNION ALL SELECT 'satisfaction_surveys', count(*) FROM satisfaction_surveys
    UNION ALL SELECT 'complaints', count(*) FROM complaints
    UNION ALL SELECT 'targets', count(*) FROM targets)
  SELECT 'rows: ' || name || ' ' || n FROM t
  UNION ALL SELECT 'rows: total ' || sum(n) FROM t"
psql "$DB_URL" -Atc "SELECT 'in $PERIOD: contracts signed ' || (SELECT count(*) FROM contracts WHERE to_char(signed_date, 'YYYY-MM') = '$PERIOD')
  || ', receipts ' || (SELECT count(*) FROM receipts WHERE to_char(received_on, 'YYYY-MM') = '$PERIOD')
  || ', installments due ' || (SELECT count(*) FROM contract_installments WHERE to_char(due_date, 'YYYY-MM') = '$PERIOD')
  || ', interactions ' || (SELECT count(*) FROM interactions WHERE to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = '$PERIOD')
  || ', surveys ' || (SELECT count(*) FROM satisfaction_surveys WHERE to_char(surveyed_on, 'YYYY-MM') = '$PERIOD')
  || ', complaints ' || (SELECT count(*) FROM complaints WHERE to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = '$PERIOD')"

# A fresh period each time the script runs: the results of an earlier run
# of the same period are recomputed by the first run below anyway, but a
# finalised period would refuse it.
psql "$DB_URL" -qc "UPDATE assessment_periods SET status = 'OPEN', finalized_at = NULL, finalized_by = NULL
  WHERE period_kind = 'MONTH' AND to_char(make_date(year, period_no, 1), 'YYYY-MM') = '$PERIOD'" 2>/dev/null || true
active() { psql "$DB_URL" -Atc "SELECT round(active_time::numeric) FROM pg_stat_database WHERE datname = current_database()"; }
for run in first re-run; do
  echo "== salesd assess --period $PERIOD ($run)"
  before=$(active); sleep 1
  flags=""; [ "$run" = first ] && flags="--seed-schemes"
  /usr/bin/time -v "$BIN" assess --period "$PERIOD" $flags 2>"/tmp/bench-assess-time.$$" || { cat "/tmp/bench-assess-time.$$"; exit 1; }
  grep -E 'Elapsed \(wall|Maximum resident|User time|System time' "/tmp/bench-assess-time.$$"
  sleep 1; after=$(active)
  echo "   PostgreSQL active time (pg_stat_database): $(( (after - before) )) ms"
  rm -f "/tmp/bench-assess-time.$$"
done
psql "$DB_URL" -Atc "SELECT 'written: results ' || (SELECT count(*) FROM assessment_results r WHERE to_char(make_date(r.year, r.period_no, 1), 'YYYY-MM') = '$PERIOD' AND r.period_kind = 'MONTH')
  || ', kpis ' || (SELECT count(*) FROM assessment_kpis)
  || ', facts ' || (SELECT count(*) FROM assessment_facts)
  || ', complete results ' || (SELECT count(*) FROM assessment_results WHERE complete)
  || ', assessment tables ' || pg_size_pretty(pg_total_relation_size('assessment_facts') + pg_total_relation_size('assessment_kpis') + pg_total_relation_size('assessment_results'))"

if [ -z "${BENCH_SKIP_EXPLAIN:-}" ]; then
  echo "== each KPI's fact query alone (salesd assess --explain)"
  RUST_LOG=error "$BIN" assess --period "$PERIOD" --explain > "/tmp/bench-assess-explain.$$"
  grep '^== ' "/tmp/bench-assess-explain.$$"
  heaviest=$(grep '^== ' "/tmp/bench-assess-explain.$$" | sed -E 's/.*, ([0-9.]+) ms\)$/\1 &/' | sort -rn | head -1 | cut -d' ' -f3)
  echo "== the heaviest plan: $heaviest"
  awk -v k="== $heaviest " 'index($0, k) == 1 {p = 1; next} /^== / {p = 0} p' "/tmp/bench-assess-explain.$$" |
    cut -c1-240 | head -80
  rm -f "/tmp/bench-assess-explain.$$"
fi
