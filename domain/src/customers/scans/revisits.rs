//! AUTO-2 (CUS-6): revisit reminders to the owner 3 days before the next
//! revisit is due and on the due day, and an escalation to the owner's
//! supervisor once it is 7 days overdue.
//!
//! One statement finds every owned customer whose next revisit falls in the
//! scan's windows: an OR-branch per (grade, tier), each a range on the
//! revisit indexes of migration 20261122000004 (see BENCHMARKS.md).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use crate::clock::start_of_day;
use crate::customers::revisit_store::{self, anchor, class_predicate, combos, push_next_due};
use crate::error::DomainResult;
use crate::notify::scan::{CATCH_UP_DAYS, ScanOptions, ScanReport, at_hour, heads, people};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};

/// Days before the due day of the advance reminder.
pub const REMIND_DAYS_BEFORE: i64 = 3;
/// Days overdue at which a revisit escalates.
pub const ESCALATE_AFTER_DAYS: i64 = 7;

/// What every revisit notice says: the customer, its owner and the due
/// revisit.
#[derive(Clone, Debug, Serialize)]
pub struct RevisitReminder {
    pub recipient_name: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub owner_id: Uuid,
    pub owner_name: String,
    pub due_date: NaiveDate,
    pub interval_days: i32,
    /// 0 once due.
    pub days_until: i64,
    /// 0 until due.
    pub days_overdue: i64,
}

/// `revisit_upcoming`: AUTO-2, a revisit is due in 3 days (to the owner).
#[derive(Clone, Debug, Serialize)]
pub struct RevisitUpcoming(pub RevisitReminder);

impl Notice for RevisitUpcoming {
    const KIND: NoticeKind = NoticeKind::RevisitUpcoming;
}

/// `revisit_due`: AUTO-2, a revisit is due today (to the owner).
#[derive(Clone, Debug, Serialize)]
pub struct RevisitDue(pub RevisitReminder);

impl Notice for RevisitDue {
    const KIND: NoticeKind = NoticeKind::RevisitDue;
}

/// `revisit_escalation`: AUTO-2, a revisit is 7 days overdue (to the
/// owner's supervisor).
#[derive(Clone, Debug, Serialize)]
pub struct RevisitEscalation(pub RevisitReminder);

impl Notice for RevisitEscalation {
    const KIND: NoticeKind = NoticeKind::RevisitEscalation;
}

#[derive(sqlx::FromRow)]
struct Due {
    id: Uuid,
    name: String,
    owner_id: Uuid,
    next_due: NaiveDate,
    interval_days: i32,
}

/// Which reminder a next-due date calls for today, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Upcoming,
    Due,
    Escalate,
}

/// AUTO-2 as a plain function. Each stage has a window of
/// [`CATCH_UP_DAYS`] for a scan that missed its day; the notification key
/// (customer, due date, stage) keeps it to one per stage.
pub fn stage(next_due: NaiveDate, today: NaiveDate) -> Option<Stage> {
    let until = (next_due - today).num_days();
    let overdue = -until;
    if (1..=REMIND_DAYS_BEFORE).contains(&until) {
        Some(Stage::Upcoming)
    } else if (0..=CATCH_UP_DAYS).contains(&overdue) {
        Some(Stage::Due)
    } else if (ESCALATE_AFTER_DAYS..=ESCALATE_AFTER_DAYS + CATCH_UP_DAYS).contains(&overdue) {
        Some(Stage::Escalate)
    } else {
        None
    }
}

/// Owned customers whose next revisit is due in `[from, to]`.
async fn due_between(pool: &PgPool, from: NaiveDate, to: NaiveDate) -> DomainResult<Vec<Due>> {
    let policy = revisit_store::policy(pool).await?;
    let mut qb = due_query("", &policy, from, to);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// The plan of the revisit scan's query as of `now`, run with `EXPLAIN
/// (ANALYZE, BUFFERS)`: for `salesd scan revisits --explain` and
/// BENCHMARKS.md.
pub async fn explain_revisit_scan(pool: &PgPool, now: DateTime<Utc>) -> DomainResult<Vec<String>> {
    let today = crate::clock::company_date(now);
    let (from, to) = window(today);
    let policy = revisit_store::policy(pool).await?;
    let mut qb = due_query("EXPLAIN (ANALYZE, BUFFERS) ", &policy, from, to);
    let rows: Vec<(String,)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(l,)| l).collect())
}

/// The due dates a scan on `today` looks at.
fn window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        today - Days::new((ESCALATE_AFTER_DAYS + CATCH_UP_DAYS) as u64),
        today + Days::new(REMIND_DAYS_BEFORE as u64),
    )
}

fn due_query(
    prefix: &'static str,
    policy: &crate::customers::revisit::RevisitPolicy,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryBuilder<sqlx::Postgres> {
    let mut qb = QueryBuilder::new(prefix);
    qb.push("SELECT c.id, c.name, c.owner_id, ");
    push_next_due(&mut qb, policy);
    qb.push(" AS next_due, CASE");
    for (class, n) in combos(policy) {
        qb.push(format_args!(
            " WHEN {} THEN {}",
            class_predicate(class),
            n as i32
        ));
    }
    qb.push(" END AS interval_days FROM customers c WHERE c.owner_id IS NOT NULL AND (FALSE");
    for (class, n) in combos(policy) {
        // next_due = local date of the anchor + n, so the anchor's local
        // date lies in [from - n, to - n]: a range on the anchor index.
        let lo = start_of_day(from - Days::new(n as u64));
        let hi = start_of_day(to - Days::new(n as u64) + Days::new(1));
        qb.push(format_args!(
            " OR ({} AND {} >= ",
            class_predicate(class),
            anchor(class)
        ));
        qb.push_bind(lo);
        qb.push(format_args!(" AND {} < ", anchor(class)));
        qb.push_bind(hi);
        qb.push(")");
    }
    qb.push(")");
    qb
}

pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let (from, to) = window(today);
    let rows = due_between(pool, from, to).await?;
    let owners: Vec<Uuid> = rows.iter().map(|r| r.owner_id).collect();
    let persons = people(pool, &owners).await?;
    let escalating: Vec<Uuid> = rows
        .iter()
        .filter(|r| stage(r.next_due, today) == Some(Stage::Escalate))
        .map(|r| r.owner_id)
        .collect();
    let supervisors = heads(pool, &escalating).await?;

    let mut out = Vec::new();
    let mut found = 0;
    for r in &rows {
        let Some(stage) = stage(r.next_due, today) else {
            continue;
        };
        let owner = persons.get(&r.owner_id);
        let recipient = match stage {
            Stage::Upcoming | Stage::Due => owner,
            Stage::Escalate => supervisors.get(&r.owner_id),
        };
        let Some(p) = recipient else {
            continue;
        };
        found += 1;
        let reminder = RevisitReminder {
            recipient_name: p.display_name.clone(),
            customer_id: r.id,
            customer_name: r.name.clone(),
            owner_id: r.owner_id,
            owner_name: owner.map(|o| o.display_name.clone()).unwrap_or_default(),
            due_date: r.next_due,
            interval_days: r.interval_days,
            days_until: (r.next_due - today).num_days().max(0),
            days_overdue: (today - r.next_due).num_days().max(0),
        };
        let key = |suffix: &str| format!("revisit:{}:{}:{suffix}", r.id, r.next_due);
        let (id, locale) = (p.id, p.locale.as_str());
        out.extend(match stage {
            Stage::Upcoming => NewNotification::to_user(
                key("upcoming"),
                &RevisitUpcoming(reminder),
                id,
                locale,
                at_hour(today, opts.reminder_hour),
            ),
            Stage::Due => NewNotification::to_user(
                key("due"),
                &RevisitDue(reminder),
                id,
                locale,
                at_hour(r.next_due, opts.reminder_hour),
            ),
            Stage::Escalate => NewNotification::to_user(
                key("escalate"),
                &RevisitEscalation(reminder),
                id,
                locale,
                at_hour(today, opts.reminder_hour),
            ),
        });
    }
    let mut conn = pool.acquire().await?;
    let created = enqueue_many(&mut conn, &out, now).await?;
    Ok(ScanReport {
        found,
        created,
        ..ScanReport::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn auto2_stages_three_days_before_on_the_day_and_seven_days_after() {
        let due = d("2026-11-20");
        assert_eq!(stage(due, d("2026-11-16")), None);
        assert_eq!(stage(due, d("2026-11-17")), Some(Stage::Upcoming));
        assert_eq!(stage(due, d("2026-11-19")), Some(Stage::Upcoming));
        assert_eq!(stage(due, d("2026-11-20")), Some(Stage::Due));
        assert_eq!(stage(due, d("2026-11-23")), Some(Stage::Due));
        assert_eq!(stage(due, d("2026-11-24")), None);
        assert_eq!(stage(due, d("2026-11-26")), None);
        assert_eq!(stage(due, d("2026-11-27")), Some(Stage::Escalate));
        assert_eq!(stage(due, d("2026-11-30")), Some(Stage::Escalate));
        assert_eq!(stage(due, d("2026-12-01")), None);
    }
}
