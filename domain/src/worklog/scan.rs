//! AUTO-5 (TGT-4): the daily scan `work_logs`.
//!
//! On a working day D (TGT-5) it looks at the previous working day P: each
//! active person of a logging role ([`LOGGING_ROLES`]) who existed on P and
//! has no log for P gets `work_log_missing` (email + inbox, key
//! `work_log_missing:{user}:{P}`) at the reminder hour of D — the log of P
//! is due by the end of D. Whoever has logged neither P nor the working day
//! before it (P′) — two consecutive missed working days — is reported to
//! their direct head (ORG-5) with `work_log_missing_escalation` (key
//! `work_log_missing_escalation:{user}:{P}:{head}`). On a rest day the scan
//! records nothing; a scan that missed days reminds only of the latest
//! previous working day. At send time a log submitted meanwhile cancels the
//! reminder ([`cancel_reason`]).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use super::{LOGGING_ROLES, previous_working_day};
use crate::calendar;
use crate::clock::start_of_day;
use crate::error::DomainResult;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour, heads};
use crate::notify::{NewNotification, Notice, NoticeKind, Notification, enqueue_many};

/// `work_log_missing`: TGT-4, the reminder to a person who did not log the
/// previous working day.
#[derive(Clone, Debug, Serialize)]
pub struct WorkLogMissing {
    pub recipient_name: String,
    pub user_id: Uuid,
    /// The day not logged.
    pub log_day: NaiveDate,
    /// The day by whose end it is due.
    pub due_day: NaiveDate,
}

impl Notice for WorkLogMissing {
    const KIND: NoticeKind = NoticeKind::WorkLogMissing;
}

/// `work_log_missing_escalation`: TGT-4, the note to a person's direct
/// head after two consecutive working days not logged.
#[derive(Clone, Debug, Serialize)]
pub struct WorkLogMissingEscalation {
    pub recipient_name: String,
    /// The person who did not log.
    pub user_id: Uuid,
    pub person_name: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Notice for WorkLogMissingEscalation {
    const KIND: NoticeKind = NoticeKind::WorkLogMissingEscalation;
}

#[derive(sqlx::FromRow)]
struct Missing {
    id: Uuid,
    display_name: String,
    locale: String,
    /// Existed on P′ and has logged neither P′ nor P.
    twice: bool,
}

/// The people of a logging role, active and created before the end of `p`,
/// without a log for `p`; `twice` when they also existed on `p2` and have no
/// log for it.
async fn missing(pool: &PgPool, p: NaiveDate, p2: NaiveDate) -> DomainResult<Vec<Missing>> {
    let roles: Vec<String> = LOGGING_ROLES
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    Ok(sqlx::query_as(
        "SELECT u.id, u.display_name, u.locale,
                u.created_at < $5
                  AND NOT EXISTS (SELECT 1 FROM work_logs l WHERE l.user_id = u.id AND l.day = $3) AS twice
           FROM users u
          WHERE u.active AND (u.primary_role = ANY($1) OR u.extra_roles && $1)
            AND u.created_at < $4
            AND NOT EXISTS (SELECT 1 FROM work_logs l WHERE l.user_id = u.id AND l.day = $2)
          ORDER BY u.id",
    )
    .bind(&roles)
    .bind(p)
    .bind(p2)
    .bind(start_of_day(p + Days::new(1)))
    .bind(start_of_day(p2 + Days::new(1)))
    .fetch_all(pool)
    .await?)
}

/// The scan; see the module docs.
pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let cal = calendar::load(pool, today - Days::new(60), today).await?;
    if !cal.is_working_day(today) {
        return Ok(ScanReport::default());
    }
    let p = previous_working_day(&cal, today);
    let p2 = previous_working_day(&cal, p);
    let people = missing(pool, p, p2).await?;
    let twice: Vec<Uuid> = people.iter().filter(|m| m.twice).map(|m| m.id).collect();
    let supervisors = heads(pool, &twice).await?;
    let due = at_hour(today, opts.reminder_hour);
    let mut out = Vec::new();
    let mut found = 0;
    for m in &people {
        found += 1;
        let reminder = WorkLogMissing {
            recipient_name: m.display_name.clone(),
            user_id: m.id,
            log_day: p,
            due_day: today,
        };
        out.extend(NewNotification::to_user(
            format!("{}:{}:{p}", NoticeKind::WorkLogMissing, m.id),
            &reminder,
            m.id,
            &m.locale,
            due,
        ));
        let Some(head) = supervisors.get(&m.id).filter(|_| m.twice) else {
            continue;
        };
        found += 1;
        let escalation = WorkLogMissingEscalation {
            recipient_name: head.display_name.clone(),
            user_id: m.id,
            person_name: m.display_name.clone(),
            first_day: p2,
            last_day: p,
        };
        out.extend(NewNotification::to_user(
            format!(
                "{}:{}:{p}:{}",
                NoticeKind::WorkLogMissingEscalation,
                m.id,
                head.id
            ),
            &escalation,
            head.id,
            &head.locale,
            due,
        ));
    }
    let mut conn = pool.acquire().await?;
    let created = enqueue_many(&mut conn, &out, now).await?;
    Ok(ScanReport {
        found,
        created,
        ..ScanReport::default()
    })
}

fn field<T: std::str::FromStr>(p: &Value, name: &str) -> Option<T> {
    p.get(name)?.as_str()?.parse().ok()
}

/// AUTO-6 at send time: a reminder whose log was submitted since is
/// cancelled; an escalation once either of its two days is logged (the
/// run of missed days is broken).
pub async fn cancel_reason(pool: &PgPool, n: &Notification) -> DomainResult<Option<String>> {
    let p = &n.payload;
    let Some(user) = field::<Uuid>(p, "user_id") else {
        return Ok(None);
    };
    let days: Vec<NaiveDate> = if n.kind == NoticeKind::WorkLogMissing {
        field(p, "log_day").into_iter().collect()
    } else {
        ["first_day", "last_day"]
            .iter()
            .filter_map(|f| field(p, f))
            .collect()
    };
    let logged: Option<NaiveDate> =
        sqlx::query_scalar("SELECT min(day) FROM work_logs WHERE user_id = $1 AND day = ANY($2)")
            .bind(user)
            .bind(&days)
            .fetch_one(pool)
            .await?;
    Ok(logged.map(|d| format!("the work log of {d} was submitted")))
}

/// Missing work-log reminders and their escalations.
pub struct WorkLogNotices;

impl crate::notify::notices::Notices for WorkLogNotices {
    fn owns(kind: NoticeKind) -> bool {
        matches!(
            kind,
            NoticeKind::WorkLogMissing | NoticeKind::WorkLogMissingEscalation
        )
    }

    async fn cancel_reason(
        pool: &PgPool,
        n: &Notification,
        _today: chrono::NaiveDate,
    ) -> DomainResult<Option<String>> {
        cancel_reason(pool, n).await
    }
}
