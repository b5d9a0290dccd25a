//! TGT-3 sales plans and TGT-4 work logs, weekly reports and monthly
//! summaries, plus the AUTO-5 daily work-log reminders. The decisions are
//! written down in docs/worklog.md.
//!
//! - A **sales plan** covers one ISO week (Monday–Sunday) of one person:
//!   visits (customer, day, purpose) and activities (day, kind, title,
//!   description). DRAFT → SUBMITTED → APPROVED or RETURNED (with a
//!   reason); a returned plan is edited and submitted again ([`plans`]).
//! - A **work log** is one per person per company day, due by the end of
//!   the next working day (TGT-5); submitting it later marks it late
//!   ([`logs`]).
//! - **Weekly reports** (周工作表) and **monthly summaries** are written by
//!   the person and reviewed once by their supervisor chain ([`reports`]).
//! - The daily scan `work_logs` reminds whoever has not logged the previous
//!   working day and tells their direct head after two ([`scan`]).
//!
//! Access: everything here is a person's record (ORG-3 `User` resource):
//! a rep sees their own, a supervisor or manager those of their unit's
//! subtree, director / GM / admin everything; the rest is NOT_FOUND. Only
//! the person writes their own plans, logs and reports. Deciding (approve,
//! return, review) takes the person's direct head (ORG-5) or a supervisor,
//! manager, director or GM who sees the person — never the person.

pub mod day;
pub mod logs;
pub mod plans;
pub mod reports;
pub mod scan;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Resource, Role, Scope};

/// Audit entity of sales plans (CREATE, UPDATE, SUBMIT, APPROVE, RETURN).
pub const SALES_PLAN: &str = "SALES_PLAN";
/// Audit entity of work logs (CREATE, UPDATE).
pub const WORK_LOG: &str = "WORK_LOG";
/// Audit entity of weekly reports (CREATE, UPDATE, REVIEW).
pub const WEEKLY_REPORT: &str = "WEEKLY_REPORT";
/// Audit entity of monthly summaries (CREATE, UPDATE, REVIEW).
pub const MONTHLY_SUMMARY: &str = "MONTHLY_SUMMARY";

/// Items of one plan, customers of one log.
pub const MAX_ITEMS: usize = 100;

text_enum! {
    /// TGT-3 plan states.
    PlanStatus {
        Draft => "DRAFT",
        Submitted => "SUBMITTED",
        Approved => "APPROVED",
        Returned => "RETURNED",
    }
}

text_enum! {
    /// What an activity of a plan is.
    ActivityKind {
        Meeting => "MEETING",
        Training => "TRAINING",
        Exhibition => "EXHIBITION",
        PhoneCalls => "PHONE_CALLS",
        Paperwork => "PAPERWORK",
        Other => "OTHER",
    }
}

text_enum! {
    /// The two kinds of periodic report (TGT-4).
    ReportKind { Week => "WEEK", Month => "MONTH" }
}

impl ReportKind {
    /// The audit entity of the kind.
    pub fn entity(self) -> &'static str {
        match self {
            ReportKind::Week => WEEKLY_REPORT,
            ReportKind::Month => MONTHLY_SUMMARY,
        }
    }
}

/// The roles that must log every working day (AUTO-5 reminds them).
pub const LOGGING_ROLES: [Role; 3] = [Role::SalesRep, Role::KeyAccountManager, Role::Supervisor];

/// Trimmed text of 1..=`max` characters (VALIDATION `field`).
pub fn required_text(field: &str, raw: &str, max: usize) -> DomainResult<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(DomainError::validation(field, "must not be empty"));
    }
    optional_text(field, Some(t), max).map(|o| o.unwrap_or_default())
}

/// Trimmed text of at most `max` characters; blank is None.
pub fn optional_text(field: &str, raw: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    let Some(t) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > max {
        return Err(DomainError::validation(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(Some(t.to_owned()))
}

/// VALIDATION unless `day` is a Monday (the first day of an ISO week) in
/// the years 2000–2100.
pub fn check_week_start(field: &str, day: NaiveDate) -> DomainResult<NaiveDate> {
    crate::calendar::admin::check_year(field, day.year())?;
    if day.weekday() != Weekday::Mon {
        return Err(DomainError::validation(
            field,
            format!("a week starts on a Monday; {day} is a {}", day.weekday()),
        ));
    }
    Ok(day)
}

/// The Monday of the ISO week of `day`.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// TGT-4: the day a log of `day` is due — the end of the next working day.
pub fn log_due(cal: &crate::calendar::Calendar, day: NaiveDate) -> NaiveDate {
    cal.next_working_day(day)
}

/// TGT-4: a log submitted on company day `submitted_on` is late when that
/// is after its due day.
pub fn log_late(due_on: NaiveDate, submitted_on: NaiveDate) -> bool {
    submitted_on > due_on
}

/// The latest working day before `day` (looks back at most a year).
pub fn previous_working_day(cal: &crate::calendar::Calendar, day: NaiveDate) -> NaiveDate {
    let mut d = day;
    for _ in 0..366 {
        d = d - Days::new(1);
        if cal.is_working_day(d) {
            return d;
        }
    }
    d
}

/// TGT-3 / TGT-4: whether `actor` may approve, return or review a record
/// of `owner`. Allowed: someone in the owner's chain of heads (`chain`:
/// the direct head, their head, … up the ORG-5 chain) and the sales
/// director or general manager. FORBIDDEN for the owner themself (a
/// supervisor's own plan goes to their head), for read-only tokens, and
/// for anyone else — a peer or a subordinate holding a supervisor or
/// manager role included, and an admin who is not in the chain.
pub fn check_decider(actor: &Actor, owner: Uuid, chain: &[Uuid], what: &str) -> DomainResult<()> {
    if actor.user_id == Some(owner) {
        return Err(DomainError::Forbidden(format!(
            "you cannot approve, return or review your own {what}: it goes to your supervisor"
        )));
    }
    let Some(me) = actor.user_id.filter(|_| !actor.read_only) else {
        return Err(DomainError::Forbidden(format!(
            "an API token cannot decide on a {what}"
        )));
    };
    if chain.contains(&me) || actor.has_any(&[Role::SalesDirector, Role::GeneralManager]) {
        return Ok(());
    }
    Err(DomainError::Forbidden(format!(
        "a {what} is approved or reviewed by the person's supervisor chain"
    )))
}

/// The person writing: a signed-in user (API tokens only read).
pub fn author(actor: &Actor) -> DomainResult<Uuid> {
    match actor.user_id {
        Some(me) if !actor.read_only => Ok(me),
        _ => Err(DomainError::Forbidden(
            "plans, logs and reports are written by the person themself".into(),
        )),
    }
}

/// ORG-3 on a person's record: `owner_col` the person, `unit_col` their
/// unit (join `users`).
pub fn push_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, owner_col: &str, unit_col: &str) {
    Scope::of(actor, Resource::User, Access::Read).push_filter(qb, owner_col, unit_col, None);
}

/// NOT_FOUND unless every customer is in the actor's ORG-3 customer scope
/// (their own, their units', the public pool for the sales side).
pub(crate) async fn check_customers(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<()> {
    let mut distinct = ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.is_empty() {
        return Ok(());
    }
    let mut qb = QueryBuilder::new("SELECT count(*) FROM customers c WHERE c.id = ANY(");
    qb.push_bind(distinct.clone()).push(")");
    crate::customers::push_customer_scope(&mut qb, actor, Access::Read);
    let seen: i64 = qb.build_query_scalar().fetch_one(&mut *conn).await?;
    if seen as usize != distinct.len() {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// The direct head (ORG-5) of `user`, if any.
/// `user`'s chain of heads (ORG-5): the direct head, then theirs, up to
/// the top (at most 16 steps; a head met twice ends the walk).
pub(crate) async fn chain_of(pool: &sqlx::PgPool, user: Uuid) -> DomainResult<Vec<Uuid>> {
    let mut chain = Vec::new();
    let mut at = user;
    for _ in 0..16 {
        let head = crate::org::store::direct_heads(pool, &[at])
            .await?
            .get(&at)
            .copied();
        match head {
            Some(h) if h != user && !chain.contains(&h) => {
                chain.push(h);
                at = h;
            }
            _ => break,
        }
    }
    Ok(chain)
}

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest {
        pool,
        actor,
        entity,
        id,
    } = q;
    Ok(Some(match entity {
        "SALES_PLAN" => plans::audit_visible(pool, actor, id).await?,
        "WORK_LOG" => logs::audit_visible(pool, actor, id).await?,
        "WEEKLY_REPORT" => reports::weekly::audit_visible(pool, actor, id).await?,
        "MONTHLY_SUMMARY" => reports::monthly::audit_visible(pool, actor, id).await?,
        _ => return Ok(None),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn actor(me: Uuid, roles: &[Role]) -> Actor {
        Actor {
            user_id: Some(me),
            label: "t".into(),
            roles: roles.to_vec(),
            subtree: vec![],
            read_only: false,
            token_units: None,
        }
    }

    #[test]
    fn tgt4_log_due_by_the_end_of_the_next_working_day() {
        // 2026-11-27 is a Friday; 2026-11-30 (Monday) a configured holiday.
        let cal = Calendar::new([(d("2026-11-30"), false)]);
        assert_eq!(log_due(&cal, d("2026-11-26")), d("2026-11-27"));
        assert_eq!(log_due(&cal, d("2026-11-27")), d("2026-12-01"));
        // A log of a Saturday (worked) is due the next working day too.
        assert_eq!(log_due(&cal, d("2026-11-28")), d("2026-12-01"));
        assert!(!log_late(d("2026-12-01"), d("2026-12-01")));
        assert!(log_late(d("2026-12-01"), d("2026-12-02")));
        assert_eq!(previous_working_day(&cal, d("2026-12-01")), d("2026-11-27"));
    }

    #[test]
    fn tgt3_weeks_start_on_monday() {
        assert!(check_week_start("weekStart", d("2026-11-23")).is_ok());
        assert!(check_week_start("weekStart", d("2026-11-24")).is_err());
        assert_eq!(week_of(d("2026-11-29")), d("2026-11-23"));
        assert_eq!(week_of(d("2026-11-23")), d("2026-11-23"));
    }

    #[test]
    fn tgt3_nobody_decides_on_their_own_plan() {
        let (me, rep, head) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let sup = actor(me, &[Role::Supervisor]);
        assert!(matches!(
            check_decider(&sup, me, &[head], "plan"),
            Err(DomainError::Forbidden(_))
        ));
        assert!(check_decider(&sup, rep, &[me], "plan").is_ok());
        // A manager higher up the chain decides too.
        assert!(check_decider(&actor(me, &[Role::SalesManager]), rep, &[head, me], "plan").is_ok());
        // A supervisor or manager outside the chain (a peer, a subordinate)
        // does not.
        assert!(check_decider(&actor(me, &[Role::SalesManager]), rep, &[head], "plan").is_err());
        assert!(check_decider(&sup, rep, &[head], "plan").is_err());
        // An admin who sees everything is not in the chain.
        assert!(check_decider(&actor(me, &[Role::Admin]), rep, &[head], "plan").is_err());
        // The director decides anywhere.
        assert!(check_decider(&actor(me, &[Role::SalesDirector]), rep, &[head], "plan").is_ok());
        // The direct head decides whatever their role.
        assert!(check_decider(&actor(head, &[Role::Admin]), rep, &[head], "plan").is_ok());
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(required_text("f", "  a ", 3).unwrap(), "a");
        assert!(required_text("f", "   ", 3).is_err());
        assert!(required_text("f", "abcd", 3).is_err());
        assert_eq!(optional_text("f", Some(" "), 3).unwrap(), None);
    }
}
