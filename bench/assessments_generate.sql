-- KPI-3 at scale (issue 7): a sales organisation of :reps reps and about
-- 10 000 000 facts for the monthly assessment benchmark
-- (scripts/bench-assessments.sh, BENCHMARKS.md). Run by psql in one
-- session on a migrated database holding the demo company without reps
-- (`salesd demo --load-only --users 0 --customers 0 ...`), with
--   -v reps=5000 -v customers_per_rep=20 -v contracts=500000
--   -v interactions=3000000 -v surveys=300000 -v complaints=60000
--   -v assess_from=2026-10-01 -v today=2026-11-23
-- The facts span the twelve months ending with the assessed month
-- (`assess_from`) — the previous month is in it too, for retention and
-- key-account growth — and the ledger runs up to `today`.
--
-- Shape: 50 regions of 10 teams of 10 reps (:reps / 100 regions) under the
-- demo's 销售部, a supervisor heading each team and a manager each region;
-- :customers_per_rep owned customers per rep (5 % key accounts); signed
-- contracts (2 % terminated, a quarter with a won opportunity and an
-- accepted quote for the gross profit) with three FIXED_DATE installments
-- (30/40/30 % at signing, +60, +120 days); a SALE ledger entry on every
-- installment due by `today`, one receipt per paid installment (88 %,
-- 5 days early to 90 days late, one in eight paid half) with its RECEIPT
-- entry and allocation, 0.5 % of the receipts reversed; interactions,
-- satisfaction surveys and complaints on the reps' own customers; and each
-- assessed person's TGT-1 targets of the assessed month.
--
-- Every row satisfies the tables' checks and foreign keys; the ledger is
-- inserted with its triggers on, so the per-item posted/open caches
-- (migration 0022) are maintained as in production; the interactions'
-- per-row trigger is applied set-based (same result, see there). Ids are md5-derived UUIDs of the row
-- numbers, so rows join without lookups and a rerun gives the same ids.

\set ON_ERROR_STOP on
\timing on
SET statement_timeout = 0;
SET synchronous_commit = off;
SELECT setseed(0.2026) \gset

\echo == organisation
CREATE TEMP TABLE bench_params AS
SELECT :reps::int AS reps, :customers_per_rep::int AS cpr, (:reps * :customers_per_rep)::int AS customers,
       :'assess_from'::date AS assess_from,
       (:'assess_from'::date - interval '11 months')::date AS win_from,
       (:'assess_from'::date + interval '1 month' - interval '1 day')::date AS win_to,
       :'today'::date AS today,
       (SELECT id FROM org_units WHERE name = '销售部') AS sales_unit,
       (SELECT id FROM users WHERE primary_role = 'SALES_DIRECTOR' ORDER BY created_at LIMIT 1) AS director,
       (SELECT id FROM users WHERE primary_role = 'FINANCE' ORDER BY created_at LIMIT 1) AS finance,
       (SELECT password_hash FROM users WHERE primary_role = 'SALES_DIRECTOR' ORDER BY created_at LIMIT 1) AS hash;

CREATE FUNCTION pg_temp.bid(kind text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT md5(kind || '-' || n)::uuid $$;
CREATE FUNCTION pg_temp.bid(kind text, n uuid) RETURNS uuid LANGUAGE sql IMMUTABLE
    AS $$ SELECT md5(kind || '-' || n)::uuid $$;

INSERT INTO org_units (id, parent_id, name, kind)
SELECT pg_temp.bid('region', g), p.sales_unit, '基准区域' || lpad(g::text, 3, '0'), 'REGION'
  FROM bench_params p, generate_series(1, greatest(1, p.reps / 100)) g;
INSERT INTO org_units (id, parent_id, name, kind)
SELECT pg_temp.bid('team', t), pg_temp.bid('region', (t - 1) / 10 + 1), '基准小组' || lpad(t::text, 4, '0'), 'TEAM'
  FROM bench_params p, generate_series(1, greatest(1, p.reps / 10)) t;
INSERT INTO users (id, email, display_name, unit_id, primary_role, password_hash)
SELECT pg_temp.bid('manager', g), 'bench.manager' || g || '@example.com', '区域经理' || g,
       pg_temp.bid('region', g), 'SALES_MANAGER', p.hash
  FROM bench_params p, generate_series(1, greatest(1, p.reps / 100)) g;
INSERT INTO users (id, email, display_name, unit_id, primary_role, password_hash)
SELECT pg_temp.bid('supervisor', t), 'bench.supervisor' || t || '@example.com', '销售主管' || t,
       pg_temp.bid('team', t), 'SUPERVISOR', p.hash
  FROM bench_params p, generate_series(1, greatest(1, p.reps / 10)) t;
INSERT INTO users (id, email, display_name, unit_id, primary_role, password_hash, is_trainee)
SELECT pg_temp.bid('rep', r), 'bench.rep' || r || '@example.com', '销售代表' || r,
       pg_temp.bid('team', (r - 1) / 10 + 1), 'SALES_REP', p.hash, r % 8 = 0
  FROM bench_params p, generate_series(1, p.reps) r;
UPDATE org_units SET head_user_id = pg_temp.bid('manager', substr(name, 5)::int)
 WHERE name LIKE '基准区域%';
UPDATE org_units SET head_user_id = pg_temp.bid('supervisor', substr(name, 5)::int)
 WHERE name LIKE '基准小组%';

\echo == customers
-- Customer i belongs to rep ((i - 1) % reps) + 1, so rep r owns
-- r, r + reps, r + 2 reps, ...
INSERT INTO customers (id, name, name_norm, industry, size_class, region, source, grade, tier, status,
                       owner_id, owner_unit_id, owned_since, key_account, ka_class, created_by,
                       created_at, updated_at)
SELECT pg_temp.bid('customer', i), '基准客户' || i || '有限公司', '基准客户' || i,
       (ARRAY['制造业', '能源', '交通', '医疗', '教育', '零售'])[1 + i % 6],
       (ARRAY['LARGE', 'MEDIUM', 'SMALL'])[1 + i % 3], (ARRAY['华东', '华南', '华北', '西南'])[1 + i % 4],
       'OTHER',
       CASE WHEN i % 10 = 0 THEN 'STRATEGIC' WHEN i % 10 < 4 THEN 'IMPORTANT' ELSE 'GENERAL' END,
       (ARRAY['A', 'B', 'B', 'C', 'C'])[1 + i % 5], 'ACTIVE',
       pg_temp.bid('rep', (i - 1) % p.reps + 1), pg_temp.bid('team', ((i - 1) % p.reps) / 10 + 1),
       c.at, i % 20 = 7, CASE WHEN i % 20 = 7 THEN 'IMPORTANT' END,
       pg_temp.bid('rep', (i - 1) % p.reps + 1), c.at, c.at
  FROM bench_params p, generate_series(1, p.customers) i,
       LATERAL (SELECT (p.win_from - 400 + (random() * 380)::int + 0 * i)::timestamptz + interval '10 hours' AS at) c;

\echo == won opportunities and accepted quotes (a quarter of the contracts)
-- Contract n is signed by rep ((n - 1) % reps) + 1 for one of that rep's
-- customers; every fourth has an opportunity and a quote.
CREATE TEMP TABLE gen_contracts AS
SELECT n, (n - 1) % p.reps + 1 AS rep,
       pg_temp.bid('customer', (n - 1) % p.reps + 1 + p.reps * floor(random() * p.cpr)::int) AS customer,
       (p.win_from + floor(random() * (p.win_to - p.win_from + 1))::int) AS signed,
       round((20000 + random() * random() * 480000)::numeric, 2) AS amount,
       n % 50 = 13 AS terminated, n % 4 = 1 AS quoted
  FROM bench_params p, generate_series(1, :contracts) n;
INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, probability, amount,
                           stage_changed_at, closed_at, created_by, created_at, updated_at, furthest_stage)
SELECT pg_temp.bid('opportunity', g.n), g.customer, '基准商机' || g.n, pg_temp.bid('rep', g.rep),
       pg_temp.bid('team', (g.rep - 1) / 10 + 1), 'WON', 100, g.amount,
       g.signed::timestamptz, g.signed::timestamptz, pg_temp.bid('rep', g.rep),
       g.signed::timestamptz - interval '60 days', g.signed::timestamptz, 7
  FROM gen_contracts g WHERE g.quoted;
INSERT INTO quotes (id, opportunity_id, version, status, created_at, title, total_amount, total_cost,
                    created_by, updated_at, margin_percent)
SELECT pg_temp.bid('quote', g.n), pg_temp.bid('opportunity', g.n), 1, 'ACCEPTED',
       g.signed::timestamptz - interval '20 days', '基准报价' || g.n, g.amount, c.cost,
       pg_temp.bid('rep', g.rep), g.signed::timestamptz, round((g.amount - c.cost) / g.amount * 100, 2)
  FROM gen_contracts g, LATERAL (SELECT round(g.amount * (0.55 + random() * 0.35)::numeric, 2) AS cost) c
 WHERE g.quoted;

\echo == contracts
INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, quote_id, title,
                       owner_id, owner_unit_id, customer_party, our_party, amount, start_date, end_date,
                       status, termination_reason, terminated_at, submitted_by, submitted_at,
                       director_approved_by, director_approved_at, signed_date, signed_by, created_by,
                       created_at, updated_at)
SELECT pg_temp.bid('contract', g.n), 'HT-' || extract(year FROM g.signed) || '-' || lpad(g.n::text, 7, '0'),
       extract(year FROM g.signed)::int, g.n, g.customer,
       CASE WHEN g.quoted THEN pg_temp.bid('opportunity', g.n) END,
       CASE WHEN g.quoted THEN pg_temp.bid('quote', g.n) END,
       '基准合同' || g.n, pg_temp.bid('rep', g.rep), pg_temp.bid('team', (g.rep - 1) / 10 + 1),
       '基准客户', '华东智能装备有限公司', g.amount, g.signed, g.signed + 365,
       CASE WHEN g.terminated THEN 'TERMINATED' ELSE 'EXECUTING' END,
       CASE WHEN g.terminated THEN '客户取消项目' END,
       CASE WHEN g.terminated THEN g.signed::timestamptz + interval '20 days' END,
       pg_temp.bid('rep', g.rep), g.signed::timestamptz - interval '5 days',
       p.director, g.signed::timestamptz - interval '2 days', g.signed, pg_temp.bid('rep', g.rep),
       pg_temp.bid('rep', g.rep), g.signed::timestamptz - interval '7 days', g.signed::timestamptz
  FROM gen_contracts g, bench_params p;
-- CON-1: the counters continue after the generated numbers.
INSERT INTO contract_number_counters (year, last)
SELECT number_year, max(number_seq) FROM contracts GROUP BY number_year
ON CONFLICT (year) DO UPDATE SET last = greatest(contract_number_counters.last, excluded.last);

\echo == installments
INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, offset_days, due_date)
SELECT pg_temp.bid('installment', g.n * 3 + k), pg_temp.bid('contract', g.n), k + 1,
       (ARRAY['预付款', '到货款', '验收款'])[k + 1],
       CASE k WHEN 0 THEN round(g.amount * 0.3, 2) WHEN 1 THEN round(g.amount * 0.4, 2)
              ELSE g.amount - round(g.amount * 0.3, 2) - round(g.amount * 0.4, 2) END,
       'FIXED_DATE', 0, g.signed + 60 * k
  FROM gen_contracts g, generate_series(0, 2) k;

\echo == ledger: SALE at the due date of every installment due by today
INSERT INTO ledger_entries (id, customer_id, contract_id, installment_id, kind, amount, entry_date,
                            created_by, created_at)
SELECT pg_temp.bid('sale', i.id), c.customer_id, c.id, i.id, 'SALE', i.amount, i.due_date, p.finance,
       i.due_date::timestamptz + interval '1 hour'
  FROM contract_installments i JOIN contracts c ON c.id = i.contract_id CROSS JOIN bench_params p
 WHERE i.due_date <= p.today;

\echo == receipts, RECEIPT entries and allocations
-- 88 % of the due installments of live contracts are paid, 5 days early
-- to 90 days late (as of today); one in eight half; one in 200 receipts is
-- reversed.
CREATE TEMP TABLE gen_pay AS
SELECT x.installment, x.contract, x.customer, x.received, x.h,
       CASE WHEN x.h % 8 = 3 THEN round(x.amount / 2, 2) ELSE x.amount END AS paid
  FROM (SELECT i.id AS installment, c.id AS contract, c.customer_id AS customer, i.amount,
               i.due_date + (random() * random() * 95)::int - 5 AS received, abs(hashtext(i.id::text)) AS h
          FROM contract_installments i JOIN contracts c ON c.id = i.contract_id CROSS JOIN bench_params p
         WHERE i.due_date <= p.today AND c.status <> 'TERMINATED' AND random() < 0.88) x, bench_params p
 WHERE x.received <= p.today;
INSERT INTO receipts (id, customer_id, amount, received_on, method, reference, created_by, created_at,
                      reversed_at, reversed_by, reversal_reason)
SELECT pg_temp.bid('receipt', y.installment), y.customer, y.paid, y.received, 'BANK_TRANSFER',
       'BR' || (y.h % 100000000), p.finance, y.received::timestamptz + interval '3 hours',
       CASE WHEN y.h % 200 = 17 THEN y.received::timestamptz + interval '2 days' END,
       CASE WHEN y.h % 200 = 17 THEN p.finance END,
       CASE WHEN y.h % 200 = 17 THEN '录入错误，冲销' END
  FROM gen_pay y, bench_params p;
INSERT INTO ledger_entries (id, customer_id, contract_id, installment_id, receipt_id, kind, amount,
                            entry_date, created_by, created_at)
SELECT pg_temp.bid('receipt-entry', y.installment), y.customer, y.contract, y.installment,
       pg_temp.bid('receipt', y.installment), 'RECEIPT', -y.paid, y.received, p.finance,
       y.received::timestamptz + interval '3 hours'
  FROM gen_pay y, bench_params p;
INSERT INTO receipt_allocations (id, receipt_id, installment_id, amount, ledger_entry_id, created_at)
SELECT pg_temp.bid('allocation', y.installment), pg_temp.bid('receipt', y.installment), y.installment, y.paid,
       pg_temp.bid('receipt-entry', y.installment), y.received::timestamptz + interval '3 hours'
  FROM gen_pay y;
-- REC-4: a reversed receipt's entry is reversed (it never counted).
INSERT INTO ledger_entries (id, customer_id, contract_id, installment_id, receipt_id, reversal_of, kind,
                            amount, entry_date, reason, created_by, created_at)
SELECT pg_temp.bid('reversal', y.installment), y.customer, y.contract, y.installment,
       pg_temp.bid('receipt', y.installment), pg_temp.bid('receipt-entry', y.installment), 'REVERSAL', y.paid,
       y.received + 2, '录入错误，冲销', p.finance, y.received::timestamptz + interval '2 days'
  FROM gen_pay y, bench_params p WHERE y.h % 200 = 17;

\echo == interactions
-- Their row trigger (interactions_touch_customer) would update a customer
-- once per interaction (3 000 000 updates, most of the generation time);
-- it is off for the insert and its effect applied once per customer
-- after it, with the same greatest() per column: the same final rows.
ALTER TABLE interactions DISABLE TRIGGER interactions_touch_customer;
INSERT INTO interactions (id, customer_id, kind, occurred_at, summary, created_by, created_at)
SELECT pg_temp.bid('interaction', j), pg_temp.bid('customer', c.i),
       (ARRAY['VISIT', 'PHONE', 'PHONE', 'EMAIL', 'MEETING', 'DEMO', 'OTHER'])[1 + j % 7],
       c.at, '基准拜访记录' || j, pg_temp.bid('rep', (c.i - 1) % p.reps + 1), c.at
  FROM bench_params p, generate_series(1, :interactions) j,
       LATERAL (SELECT 1 + floor(random() * p.customers)::int + 0 * j AS i,
                       p.win_from::timestamptz + random() * (p.today - p.win_from) * interval '1 day'
                           + interval '1 hour' AS at) c;
ALTER TABLE interactions ENABLE TRIGGER interactions_touch_customer;
UPDATE customers c
   SET last_interaction_at = greatest(c.last_interaction_at, x.any_at),
       last_revisit_at = greatest(c.last_revisit_at, x.revisit_at),
       last_face_to_face_at = greatest(c.last_face_to_face_at, x.f2f_at)
  FROM (SELECT customer_id, max(occurred_at) AS any_at,
               max(occurred_at) FILTER (WHERE kind <> 'OTHER') AS revisit_at,
               max(occurred_at) FILTER (WHERE kind IN ('VISIT', 'MEETING')) AS f2f_at
          FROM interactions GROUP BY customer_id) x
 WHERE c.id = x.customer_id;

\echo == satisfaction surveys
INSERT INTO satisfaction_surveys (id, customer_id, score, surveyed_on, note, created_by, created_at)
SELECT pg_temp.bid('survey', j), pg_temp.bid('customer', 1 + floor(random() * p.customers)::int),
       (ARRAY[2, 3, 4, 4, 4, 5, 5, 5, 5, 3])[1 + j % 10], d.day, NULL, p.director, d.day::timestamptz
  FROM bench_params p, generate_series(1, :surveys) j,
       LATERAL (SELECT p.win_from + floor(random() * (p.win_to - p.win_from + 1))::int + 0 * j AS day) d;

\echo == complaints
INSERT INTO complaints (id, customer_id, channel, received_at, category, severity, description, deadline_at,
                        status, cause, solution, resolved_at, closed_at, created_by, created_at, updated_at)
SELECT pg_temp.bid('complaint', j), pg_temp.bid('customer', 1 + floor(random() * p.customers)::int),
       (ARRAY['HOTLINE', 'EMAIL', 'VISIT', 'OTHER'])[1 + j % 4], c.at, '产品质量',
       (ARRAY['HIGH', 'MEDIUM', 'LOW'])[1 + j % 3], '基准投诉' || j, c.at + interval '72 hours',
       'CLOSED', '设备故障', '更换部件', c.at + interval '2 days', c.at + interval '3 days',
       p.director, c.at, c.at + interval '3 days'
  FROM bench_params p, generate_series(1, :complaints) j,
       LATERAL (SELECT p.win_from::timestamptz + random() * (p.win_to - p.win_from + 0 * j) * interval '1 day'
                           + interval '9 hours' AS at) c;

\echo == TGT-1 targets of the assessed month for everyone a scheme assesses
-- A seller's targets: their own monthly average over the window × 0.8–1.25
-- (round thousands, at least 10 000; new customers at least 1); the other
-- assessed people (supervisors, managers) a small personal quota.
INSERT INTO targets (id, metric, period_kind, year, period_no, scope, user_id, amount, created_by, created_at,
                     updated_by, updated_at)
SELECT gen_random_uuid(), m.metric, 'MONTH', extract(year FROM p.assess_from)::int,
       extract(month FROM p.assess_from)::int, 'USER', u.id,
       CASE WHEN m.metric = 'NEW_CUSTOMERS' THEN greatest(1, round(COALESCE(a.v, 0) * (0.8 + random() * 0.45)))
            ELSE greatest(10000, round(COALESCE(a.v, 0) * (0.8 + random() * 0.45)::numeric / 1000) * 1000) END,
       p.director, now(), p.director, now()
  FROM bench_params p
  CROSS JOIN (SELECT id FROM users WHERE active
                 AND primary_role IN ('SALES_REP', 'KEY_ACCOUNT_MANAGER', 'SUPERVISOR', 'SALES_MANAGER')) u
  CROSS JOIN (VALUES ('SIGNED_REVENUE'), ('COLLECTIONS'), ('GROSS_PROFIT'), ('NEW_CUSTOMERS')) m (metric)
  LEFT JOIN LATERAL (
      SELECT CASE m.metric
               WHEN 'SIGNED_REVENUE' THEN sum(c.amount)
               WHEN 'GROSS_PROFIT' THEN sum(c.amount - q.total_cost) FILTER (WHERE q.id IS NOT NULL)
               WHEN 'NEW_CUSTOMERS' THEN count(DISTINCT c.customer_id)::numeric / 5
               ELSE sum(c.amount) * 0.85 END / 12 AS v
        FROM contracts c LEFT JOIN quotes q ON q.id = c.quote_id
       WHERE c.owner_id = u.id AND c.status <> 'TERMINATED') a ON TRUE
ON CONFLICT ON CONSTRAINT targets_one_per_key DO NOTHING;

INSERT INTO company_settings (key, value)
SELECT 'bench_assessments', jsonb_build_object('reps', p.reps, 'assess_from', p.assess_from, 'today', p.today,
                                               'generated_at', now())
  FROM bench_params p
ON CONFLICT (key) DO UPDATE SET value = excluded.value;
\echo == generated
