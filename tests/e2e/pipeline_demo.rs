//! The demo pipeline generator (`salesd demo --opportunities N`,
//! `domain/src/pipeline/demo.rs`): its rows obey the rules the stores
//! enforce (PIP-2 history and gates, PIP-4 teams, PIP-6 quote totals, CON-1
//! payment plans and numbering, CON-2 statuses, CON-3/5 shipped quantities,
//! CON-6/7 milestones and acceptance), every stage and contract status is
//! there, and the same seed gives the same data.

use salesd_demo::{self as demo, DemoOptions};
use salesd_domain::testing::TestDb;
use sqlx::PgPool;

async fn generated(opportunities: usize) -> TestDb {
    let db = TestDb::new().await;
    demo::load(
        &db.pool,
        &DemoOptions {
            reps: 8,
            customers: 300,
            opportunities,
            ..DemoOptions::default()
        },
    )
    .await
    .expect("demo with a pipeline");
    db
}

/// Asserts `sql` (a count of offending rows) is zero.
async fn none(pool: &PgPool, what: &str, sql: &str) {
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT ({sql})::int8")))
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(n, 0, "{what}: {n} offending rows");
}

async fn strings(pool: &PgPool, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(pool)
        .await
        .expect(sql)
}

#[tokio::test]
async fn demo_pipeline_covers_every_stage_and_contract_status() {
    let db = generated(400).await;
    let p = &db.pool;
    // PIP-2: all eight stages are populated.
    assert_eq!(
        strings(p, "SELECT DISTINCT stage FROM opportunities ORDER BY 1").await,
        [
            "CONTRACT",
            "EVALUATION",
            "INITIATION",
            "LOST",
            "NEGOTIATION",
            "PROPOSAL",
            "REQUIREMENTS",
            "WON"
        ]
    );
    // CON-2: every contract status.
    assert_eq!(
        strings(p, "SELECT DISTINCT status FROM contracts ORDER BY 1").await,
        [
            "ACCEPTED",
            "APPROVED",
            "CLOSED",
            "DRAFT",
            "EXECUTING",
            "IN_REVIEW",
            "SIGNED",
            "TERMINATED"
        ]
    );
    // Orders in several states, some partly shipped; milestones overdue.
    let order_states = strings(p, "SELECT DISTINCT status FROM orders ORDER BY 1").await;
    for s in ["DELIVERED", "SHIPPED"] {
        assert!(
            order_states.iter().any(|o| o == s),
            "no {s} order: {order_states:?}"
        );
    }
    none(
        p,
        "a partly shipped order",
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM order_lines WHERE shipped_qty > 0 AND shipped_qty < quantity)
                THEN 0 ELSE 1 END",
    )
    .await;
    none(
        p,
        "an overdue milestone (CON-6)",
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM contract_milestones
                                  WHERE actual_date IS NULL
                                    AND planned_date < (now() AT TIME ZONE 'Asia/Shanghai')::date)
                THEN 0 ELSE 1 END",
    )
    .await;
    // Large projects (PIP-4) and lost ones with reasons.
    none(
        p,
        "a project of 1 000 000 or more",
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM opportunities WHERE amount >= 1000000) THEN 0 ELSE 1 END",
    )
    .await;
    none(
        p,
        "LOST without a reason",
        "SELECT count(*) FROM opportunities WHERE stage = 'LOST' AND (lost_reason IS NULL OR lost_reason = '')",
    )
    .await;
}

#[tokio::test]
async fn demo_pipeline_obeys_the_rules() {
    let db = generated(400).await;
    let p = &db.pool;
    // PIP-2 history: created in EVALUATION at created_at, every row starts
    // where the previous one ended, time walks forward, the last row is the
    // current stage at stage_changed_at, one row per version.
    none(
        p,
        "first history row",
        "SELECT count(*) FROM opportunities o
         WHERE NOT EXISTS (SELECT 1 FROM opportunity_stage_history h
                           WHERE h.opportunity_id = o.id AND h.from_stage IS NULL
                             AND h.to_stage = 'EVALUATION' AND h.at = o.created_at)",
    )
    .await;
    none(
        p,
        "history chain",
        "SELECT count(*) FROM (
           SELECT from_stage, at, lag(to_stage) OVER w AS prev_to, lag(at) OVER w AS prev_at
           FROM opportunity_stage_history WINDOW w AS (PARTITION BY opportunity_id ORDER BY at, id)) x
         WHERE prev_at IS NOT NULL AND (from_stage IS DISTINCT FROM prev_to OR at <= prev_at)",
    )
    .await;
    none(
        p,
        "last history row = current stage",
        "SELECT count(*) FROM opportunities o
         JOIN LATERAL (SELECT to_stage, at FROM opportunity_stage_history h WHERE h.opportunity_id = o.id
                       ORDER BY at DESC, id DESC LIMIT 1) l ON TRUE
         WHERE l.to_stage <> o.stage OR l.at <> o.stage_changed_at
            OR (SELECT count(*) FROM opportunity_stage_history h WHERE h.opportunity_id = o.id) <> o.version",
    )
    .await;
    none(
        p,
        "nothing in the future",
        "SELECT (SELECT count(*) FROM opportunity_stage_history WHERE at > now())
              + (SELECT count(*) FROM opportunities WHERE created_at > now() OR stage_changed_at > now())
              + (SELECT count(*) FROM shipments WHERE shipped_date > current_date OR delivered_date > current_date)
              + (SELECT count(*) FROM contracts WHERE created_at > now() OR signed_date > current_date
                                                 OR accepted_date > current_date OR closed_at > now())
              + (SELECT count(*) FROM contract_milestones WHERE actual_date > current_date)",
    )
    .await;
    none(
        p,
        "WON/LOST closed at the last move",
        "SELECT count(*) FROM opportunities
         WHERE (stage IN ('WON', 'LOST')) <> (closed_at IS NOT NULL) OR (closed_at IS NOT NULL AND closed_at <> stage_changed_at)",
    )
    .await;
    // PIP-2 gates: each move forward into a gated stage found its artefact.
    none(
        p,
        "INITIATION without an approved initiation",
        "SELECT count(*) FROM opportunity_stage_history h
         WHERE h.to_stage = 'INITIATION' AND NOT EXISTS (
           SELECT 1 FROM opportunity_initiations i WHERE i.opportunity_id = h.opportunity_id
             AND i.status = 'APPROVED' AND i.decided_at <= h.at)",
    )
    .await;
    none(
        p,
        "PROPOSAL without a requirements report",
        "SELECT count(*) FROM opportunity_stage_history h
         WHERE h.to_stage = 'PROPOSAL' AND NOT EXISTS (
           SELECT 1 FROM requirements_reports r WHERE r.opportunity_id = h.opportunity_id AND r.created_at <= h.at)",
    )
    .await;
    none(
        p,
        "NEGOTIATION without a sent quote",
        "SELECT count(*) FROM opportunity_stage_history h
         WHERE h.to_stage = 'NEGOTIATION' AND NOT EXISTS (
           SELECT 1 FROM quotes q WHERE q.opportunity_id = h.opportunity_id AND q.sent_at <= h.at)",
    )
    .await;
    none(
        p,
        "CONTRACT without an accepted quote",
        "SELECT count(*) FROM opportunity_stage_history h
         WHERE h.to_stage = 'CONTRACT' AND NOT EXISTS (
           SELECT 1 FROM quotes q WHERE q.opportunity_id = h.opportunity_id AND q.status = 'ACCEPTED'
             AND q.customer_decision_at <= h.at)",
    )
    .await;
    none(
        p,
        "WON without a signed contract, named in the history",
        "SELECT count(*) FROM opportunity_stage_history h
         WHERE h.to_stage = 'WON' AND NOT EXISTS (
           SELECT 1 FROM contracts c WHERE c.opportunity_id = h.opportunity_id AND c.signed_date IS NOT NULL
             AND h.reason = 'contract ' || c.number || ' signed')",
    )
    .await;
    none(
        p,
        "backward move without a manager's reason",
        "SELECT count(*) FROM opportunity_stage_history h
         WHERE array_position(ARRAY['EVALUATION','INITIATION','REQUIREMENTS','PROPOSAL','NEGOTIATION','CONTRACT'], h.to_stage)
             < array_position(ARRAY['EVALUATION','INITIATION','REQUIREMENTS','PROPOSAL','NEGOTIATION','CONTRACT'], h.from_stage)
           AND (h.reason IS NULL OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = h.changed_by
                                                AND u.primary_role = 'SALES_MANAGER'))",
    )
    .await;
    // PIP-4: a large or complex project past initiation has its full team.
    none(
        p,
        "incomplete team of a large project",
        "SELECT count(*) FROM opportunities o
         WHERE (o.amount >= 1000000 OR o.complex)
           AND EXISTS (SELECT 1 FROM opportunity_initiations i WHERE i.opportunity_id = o.id AND i.status = 'APPROVED')
           AND (SELECT count(DISTINCT role) FROM opportunity_team_members m
                WHERE m.opportunity_id = o.id AND m.role IN ('LEADER', 'SALES_MANAGER', 'SALES_REP', 'TECH_LEAD')) < 4",
    )
    .await;
    // PIP-6: quote totals are the sums of their lines; approval by margin.
    none(
        p,
        "quote totals",
        "SELECT count(*) FROM quotes q
         WHERE q.total_amount <> (SELECT sum(quantity * unit_price) FROM quote_lines l WHERE l.quote_id = q.id)
            OR q.total_cost <> (SELECT sum(quantity * unit_cost) FROM quote_lines l WHERE l.quote_id = q.id)
            OR (q.status IN ('SENT', 'ACCEPTED', 'DECLINED', 'APPROVED') AND q.approver_id IS NULL)
            OR (q.margin_percent >= 20 AND q.required_approver_role <> 'DIRECT_HEAD')
            OR (q.margin_percent < 10 AND q.required_approver_role <> 'SALES_DIRECTOR')",
    )
    .await;
    // CON-1: installments sum exactly to the amount, 2 to 4 of them.
    none(
        p,
        "Σ installments = contract amount",
        "SELECT count(*) FROM contracts c
         WHERE c.amount IS DISTINCT FROM (SELECT sum(amount) FROM contract_installments i WHERE i.contract_id = c.id)
            OR (SELECT count(*) FROM contract_installments i WHERE i.contract_id = c.id) NOT BETWEEN 2 AND 4",
    )
    .await;
    // CON-1 numbering: gapless per year, the counter at the maximum.
    none(
        p,
        "gapless numbers",
        "SELECT count(*) FROM (SELECT number_year, count(*) AS n, max(number_seq) AS m, min(number_seq) AS lo
                               FROM contracts GROUP BY number_year) y
         LEFT JOIN contract_number_counters k ON k.year = y.number_year
         WHERE y.n <> y.m OR y.lo <> 1 OR k.last IS DISTINCT FROM y.m",
    )
    .await;
    none(
        p,
        "number format",
        "SELECT count(*) FROM contracts
         WHERE number <> 'HT-' || number_year || '-' || lpad(number_seq::text, 4, '0')",
    )
    .await;
    // CON-2: the opportunity's stage and the contract's dates agree with
    // the status.
    none(
        p,
        "contract status vs opportunity and dates",
        "SELECT count(*) FROM contracts c JOIN opportunities o ON o.id = c.opportunity_id
         WHERE (c.status IN ('DRAFT', 'IN_REVIEW', 'APPROVED')) <> (o.stage = 'CONTRACT')
            OR (c.signed_date IS NOT NULL) <> (c.status IN ('SIGNED', 'EXECUTING', 'ACCEPTED', 'CLOSED', 'TERMINATED'))
            OR (c.accepted_date IS NOT NULL) <> (c.status IN ('ACCEPTED', 'CLOSED'))
            OR (c.closed_at IS NOT NULL) <> (c.status = 'CLOSED')
            OR (c.submitted_at IS NOT NULL) <> (c.status <> 'DRAFT')
            OR (c.director_approved_at IS NOT NULL) <> (c.status NOT IN ('DRAFT', 'IN_REVIEW'))
            OR (c.needs_finance AND c.director_approved_at IS NOT NULL AND c.finance_approved_at IS NULL)
            OR c.quote_id IS NULL OR c.amount <> (SELECT total_amount FROM quotes q WHERE q.id = c.quote_id)
            OR c.created_at < o.created_at",
    )
    .await;
    // CON-3: confirmed orders only on signed contracts; executing and later
    // contracts have them; an accepted contract delivered everything.
    none(
        p,
        "orders vs contract status",
        "SELECT count(*) FROM contracts c
         WHERE (c.status IN ('EXECUTING', 'ACCEPTED', 'CLOSED')
                AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.contract_id = c.id AND o.confirmed_at IS NOT NULL))
            OR (c.status NOT IN ('EXECUTING', 'ACCEPTED', 'CLOSED')
                AND EXISTS (SELECT 1 FROM orders o WHERE o.contract_id = c.id AND o.status <> 'DRAFT'))
            OR (c.status IN ('ACCEPTED', 'CLOSED')
                AND EXISTS (SELECT 1 FROM orders o WHERE o.contract_id = c.id AND o.status <> 'DELIVERED'))
            OR (SELECT sum(total_amount) FROM orders o WHERE o.contract_id = c.id) > c.amount",
    )
    .await;
    none(
        p,
        "order totals",
        "SELECT count(*) FROM orders o
         WHERE o.total_amount <> (SELECT sum(quantity * unit_price) FROM order_lines l WHERE l.order_id = o.id)
            OR (o.status = 'DELIVERED') <> (o.delivered_at IS NOT NULL)
            OR (o.status IN ('DRAFT', 'CANCELLED')) = (o.confirmed_at IS NOT NULL)",
    )
    .await;
    // CON-5: shipped ≤ ordered, shipped = Σ shipment lines, a shipment's
    // amount is its quantities at the line prices; DELIVERED means all
    // shipped and delivered.
    none(
        p,
        "shipped quantities",
        "SELECT count(*) FROM order_lines l
         WHERE l.shipped_qty > l.quantity
            OR l.shipped_qty <> COALESCE((SELECT sum(quantity) FROM shipment_lines s WHERE s.order_line_id = l.id), 0)",
    )
    .await;
    none(
        p,
        "shipment amounts",
        "SELECT count(*) FROM shipments s
         WHERE s.amount <> (SELECT sum(sl.quantity * l.unit_price) FROM shipment_lines sl
                            JOIN order_lines l ON l.id = sl.order_line_id WHERE sl.shipment_id = s.id)",
    )
    .await;
    none(
        p,
        "delivered orders",
        "SELECT count(*) FROM orders o
         WHERE o.status = 'DELIVERED' AND (
           EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.shipped_qty <> l.quantity)
           OR EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.delivered_date IS NULL))
            OR (o.status IN ('DRAFT', 'CONFIRMED', 'IN_PRODUCTION', 'READY')
                AND EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id))",
    )
    .await;
    // CON-6/7: accepted contracts finished their milestones and passed an
    // acceptance on the accepted date, after every delivery.
    none(
        p,
        "acceptance",
        "SELECT count(*) FROM contracts c
         WHERE (c.accepted_date IS NOT NULL) <> EXISTS (
                 SELECT 1 FROM contract_acceptances a WHERE a.contract_id = c.id AND a.result = 'PASSED'
                   AND a.accepted_on = c.accepted_date)
            OR (c.accepted_date IS NOT NULL AND EXISTS (
                 SELECT 1 FROM contract_milestones m WHERE m.contract_id = c.id
                   AND (m.actual_date IS NULL OR m.actual_date > c.accepted_date)))
            OR (c.accepted_date IS NOT NULL AND EXISTS (
                 SELECT 1 FROM shipments s JOIN orders o ON o.id = s.order_id
                 WHERE o.contract_id = c.id AND s.delivered_date > c.accepted_date))",
    )
    .await;
    // CON-1 due dates: set where their trigger happened, and only there.
    none(
        p,
        "installment due dates",
        "SELECT count(*) FROM contract_installments i JOIN contracts c ON c.id = i.contract_id
         WHERE (i.trigger = 'SIGNING' AND i.due_date IS DISTINCT FROM c.signed_date + i.offset_days)
            OR (i.trigger = 'ACCEPTANCE' AND i.due_date IS DISTINCT FROM c.accepted_date + i.offset_days)
            OR (i.trigger = 'WARRANTY_END' AND i.due_date IS DISTINCT FROM
                (c.accepted_date + make_interval(months => c.warranty_months))::date + i.offset_days)
            OR (i.trigger = 'DELIVERY' AND i.due_date IS DISTINCT FROM (
                 SELECT max(s.delivered_date) + i.offset_days FROM shipments s JOIN orders o ON o.id = s.order_id
                 WHERE o.contract_id = c.id
                   AND NOT EXISTS (SELECT 1 FROM orders x WHERE x.contract_id = c.id
                                   AND x.status NOT IN ('DELIVERED', 'CANCELLED'))))",
    )
    .await;
}

#[tokio::test]
async fn demo_pipeline_is_the_same_for_the_same_seed() {
    let fingerprint = "SELECT string_agg(x, ';' ORDER BY x) FROM (
        SELECT stage || ':' || count(*) || ':' || sum(amount) AS x FROM opportunities GROUP BY stage
        UNION ALL SELECT status || ':' || count(*) || ':' || sum(amount) FROM contracts GROUP BY status
        UNION ALL SELECT 'orders:' || count(*) || ':' || sum(total_amount) FROM orders
        UNION ALL SELECT 'shipped:' || sum(shipped_qty) FROM order_lines
        UNION ALL SELECT 'history:' || count(*) FROM opportunity_stage_history) f";
    let a = generated(150).await;
    let b = generated(150).await;
    let fa: String = sqlx::query_scalar(fingerprint)
        .fetch_one(&a.pool)
        .await
        .unwrap();
    let fb: String = sqlx::query_scalar(fingerprint)
        .fetch_one(&b.pool)
        .await
        .unwrap();
    assert_eq!(fa, fb);
}
