//! COLLECTION_RATE (REC-4 per owner) and the KPIs of the customers a person
//! owns (their current owner, `customers.owner_id`): retention, churn,
//! satisfaction, complaints, revisit compliance (CUS-6).

use sqlx::{Postgres, QueryBuilder};

use super::Params;

/// REC-4 per owner: the receivable items due in the period (installments
/// of signed contracts — of a TERMINATED one only if posted — and
/// delivery notes), num = received on the item by the period's last day
/// (RECEIPT and CREDIT_APPLIED entries not later reversed), den = the
/// item's amount. Kind INSTALLMENT or SHIPMENT, dated the due date.
pub(super) const COLLECTION_RATE: &str = "SELECT ri.owner_id AS user_id, ri.kind, ri.id AS fact_id, ri.due_date AS fact_date,
            COALESCE((SELECT -sum(le.amount) FROM ledger_entries le
                       WHERE le.item_id = ri.id AND le.kind IN ('RECEIPT', 'CREDIT_APPLIED') AND le.entry_date <= {to}
                         AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reversal_of = le.id)), 0)::numeric AS num,
            ri.amount::numeric AS den
       FROM receivable_items ri
      WHERE ri.due_date BETWEEN {from} AND {to} AND ri.owner_id = ANY({people})
        AND (ri.contract_status IS DISTINCT FROM 'TERMINATED'
             OR EXISTS (SELECT 1 FROM ledger_entries s WHERE s.item_id = ri.id AND s.kind = 'SALE'))";

/// CUS-8: the surveys dated in the period of the person's customers;
/// num = score (1–5), den = 1.
pub(super) const SATISFACTION: &str = "SELECT c.owner_id AS user_id, 'SURVEY'::text AS kind, s.id AS fact_id, s.surveyed_on AS fact_date,
            s.score::numeric AS num, 1::numeric AS den
       FROM satisfaction_surveys s JOIN customers c ON c.id = s.customer_id
      WHERE c.owner_id = ANY({people}) AND s.surveyed_on BETWEEN {from} AND {to}";

/// `owned`: the people's customers; `act`: their activity days from
/// `{lo}` / `{lo_at}` to the period's end — a signed contract (not
/// TERMINATED), a receipt (not reversed), a logged interaction (any kind,
/// its company day). The caller replaces `{lo}` / `{lo_at}` by the first
/// day of the window it needs.
const ACTIVITY: &str = "WITH owned AS NOT MATERIALIZED (
        SELECT c.id, c.owner_id FROM customers c WHERE c.owner_id = ANY({people})
    ),
    act AS (
        SELECT ct.customer_id, ct.signed_date AS day FROM contracts ct
         WHERE ct.signed_date BETWEEN {lo} AND {to} AND ct.status <> 'TERMINATED'
           AND ct.customer_id IN (SELECT id FROM owned)
        UNION ALL
        SELECT r.customer_id, r.received_on FROM receipts r
         WHERE r.received_on BETWEEN {lo} AND {to} AND r.reversed_at IS NULL
           AND r.customer_id IN (SELECT id FROM owned)
        UNION ALL
        SELECT i.customer_id, (i.occurred_at AT TIME ZONE {tz})::date FROM interactions i
         WHERE i.occurred_at >= {lo_at} AND i.occurred_at < {end_at}
           AND i.customer_id IN (SELECT id FROM owned)
    )";

fn activity(previous: bool) -> String {
    let (lo, lo_at) = if previous {
        ("{pfrom}", "{pfrom_at}")
    } else {
        ("{from}", "{from_at}")
    };
    ACTIVITY.replace("{lo}", lo).replace("{lo_at}", lo_at)
}

/// RETENTION_RATE (`churn` false) and CHURN_RATE: one CUSTOMER row per
/// customer of the person active in the previous period, den = 1, num = 1
/// when active in this period (retention) or when not (churn). Dated the
/// first activity day in this period, else the last one of the previous.
pub(super) fn push_retention(qb: &mut QueryBuilder<Postgres>, p: &Params<'_>, churn: bool) {
    p.push(qb, &activity(true));
    let num = if churn {
        "a.cur_first IS NULL"
    } else {
        "a.cur_first IS NOT NULL"
    };
    p.push(
        qb,
        ",
    per AS (
        SELECT customer_id, max(day) FILTER (WHERE day <= {pto}) AS prev_last,
               min(day) FILTER (WHERE day >= {from}) AS cur_first
          FROM act GROUP BY customer_id
    )
    SELECT o.owner_id AS user_id, 'CUSTOMER'::text AS kind, o.id AS fact_id,
           COALESCE(a.cur_first, a.prev_last) AS fact_date, (CASE WHEN ",
    );
    qb.push(num);
    qb.push(
        " THEN 1 ELSE 0 END)::numeric AS num, 1::numeric AS den
      FROM per a JOIN owned o ON o.id = a.customer_id
     WHERE a.prev_last IS NOT NULL",
    );
}

/// COMPLAINT_RATE: the complaints received in the period (company day of
/// `received_at`) on the person's customers, num = 1 each (COMPLAINT), and
/// the person's customers active in the period, den = 1 each (CUSTOMER,
/// dated their first activity day).
pub(super) fn push_complaints(qb: &mut QueryBuilder<Postgres>, p: &Params<'_>) {
    p.push(qb, &activity(false));
    p.push(
        qb,
        "
    SELECT o.owner_id AS user_id, 'COMPLAINT'::text AS kind, cp.id AS fact_id,
           (cp.received_at AT TIME ZONE {tz})::date AS fact_date, 1::numeric AS num, 0::numeric AS den
      FROM complaints cp JOIN owned o ON o.id = cp.customer_id
     WHERE cp.received_at >= {from_at} AND cp.received_at < {end_at}
    UNION ALL
    SELECT o.owner_id, 'CUSTOMER'::text, o.id, min(a.day), 0::numeric, 1::numeric
      FROM act a JOIN owned o ON o.id = a.customer_id
     GROUP BY o.owner_id, o.id",
    );
}

/// CUS-6 per owner, set-based. The chain of `revisit::compliance` is: the
/// anchors are the creation day and every distinct qualifying interaction
/// day after it, in order; each anchor's due date is anchor + interval and
/// it is met when the next anchor is on or before it (the last anchor has
/// none: missed). So one row per anchor whose due date lies in the period
/// and is before `{today}`: num = met, den = 1, kind REVISIT_DUE, fact id
/// the customer, dated the due date. Anchors more than the customer's
/// interval before the period cannot have a due date in it and are not
/// read (the creation day always is; `{win_at}`, MAX_REVISIT_INTERVAL days
/// before the period, is the same bound usable by the index).
pub(super) const REVISIT: &str = "WITH cust AS NOT MATERIALIZED (
        SELECT c.id, c.owner_id, (c.grade = 'STRATEGIC' OR c.key_account) AS face_to_face,
               (c.created_at AT TIME ZONE {tz})::date AS created_day,
               greatest(1, least(
                   COALESCE((s.value -> 'grade' ->> c.grade)::int,
                            CASE c.grade WHEN 'GENERAL' THEN 90 ELSE 30 END),
                   COALESCE((s.value -> 'tier' ->> c.tier)::int,
                            CASE c.tier WHEN 'A' THEN 30 WHEN 'B' THEN 60 ELSE 90 END),
                   CASE WHEN c.key_account THEN COALESCE((s.value ->> 'key_account')::int, 30) END)) AS interval_days
          FROM customers c LEFT JOIN company_settings s ON s.key = 'revisit_interval_days'
         WHERE c.owner_id = ANY({people})
    ),
    anchors AS (
        SELECT cu.id, cu.created_day AS day FROM cust cu
        UNION
        SELECT i.customer_id, (i.occurred_at AT TIME ZONE {tz})::date
          FROM interactions i JOIN cust cu ON cu.id = i.customer_id
         WHERE i.occurred_at >= {win_at} AND i.occurred_at < {end_at}
           AND CASE WHEN cu.face_to_face THEN i.kind IN ('VISIT', 'MEETING') ELSE i.kind <> 'OTHER' END
           AND (i.occurred_at AT TIME ZONE {tz})::date > cu.created_day
           AND (i.occurred_at AT TIME ZONE {tz})::date >= {from} - cu.interval_days
    ),
    chain AS (
        SELECT a.id, a.day + cu.interval_days AS due,
               lead(a.day) OVER (PARTITION BY a.id ORDER BY a.day) AS next_day
          FROM anchors a JOIN cust cu ON cu.id = a.id
    )
    SELECT cu.owner_id AS user_id, 'REVISIT_DUE'::text AS kind, ch.id AS fact_id, ch.due AS fact_date,
           (CASE WHEN ch.next_day <= ch.due THEN 1 ELSE 0 END)::numeric AS num, 1::numeric AS den
      FROM chain ch JOIN cust cu ON cu.id = ch.id
     WHERE ch.due BETWEEN {from} AND {to} AND ch.due < {today}";
