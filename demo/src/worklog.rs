//! Demo plans, logs and reports: a year of daily work logs per rep (about
//! 4 % of working days missing, about 8 % submitted late), a weekly plan per
//! week (most approved by the supervisor, a few returned, this week's
//! submitted), weekly reports (most reviewed) and monthly summaries.
//! Inserted in multi-row batches, so 20 reps load in well under a second.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use salesd_domain::calendar::{self, Calendar};
use salesd_domain::clock::{company_date, start_of_day};
use salesd_domain::error::DomainResult;
use salesd_domain::worklog::{log_due, week_of};

const OUTCOMES: &[&str] = &[
    "拜访客户，介绍新产品方案，客户有采购意向",
    "电话回访老客户，了解设备使用情况",
    "与客户技术部门沟通需求，约定下周出报价",
    "跟进合同条款，客户法务审核中",
    "催收到期货款，客户承诺月底付款",
    "整理客户资料，更新商机阶段",
];
const ACTIVITIES: &[(&str, &str)] = &[
    ("MEETING", "部门周例会"),
    ("TRAINING", "产品知识培训"),
    ("PHONE_CALLS", "潜在客户电话拜访"),
    ("PAPERWORK", "整理投标文件"),
    ("EXHIBITION", "行业展会筹备"),
];
/// Rows per INSERT (well below PostgreSQL's 65 535 bind parameters).
const CHUNK: usize = 2_000;

struct Log {
    user: Uuid,
    day: NaiveDate,
    visited: Vec<Uuid>,
    contacted: Vec<Uuid>,
    outcome: &'static str,
    due_on: NaiveDate,
    at: DateTime<Utc>,
    late: bool,
}

struct Plan {
    id: Uuid,
    user: Uuid,
    week: NaiveDate,
    status: &'static str,
    submitted_at: Option<DateTime<Utc>>,
    decided_by: Option<Uuid>,
    decided_at: Option<DateTime<Utc>>,
    note: Option<&'static str>,
}

struct Item {
    plan: Uuid,
    position: i32,
    day: NaiveDate,
    customer: Option<Uuid>,
    activity: Option<&'static str>,
    title: &'static str,
}

struct Report {
    kind: &'static str,
    user: Uuid,
    start: NaiveDate,
    at: DateTime<Utc>,
    reviewer: Option<Uuid>,
    reviewed_at: Option<DateTime<Utc>>,
}

fn pick(rng: &mut StdRng, from: &[Uuid], max: usize) -> Vec<Uuid> {
    let n = rng.random_range(0..=max.min(from.len()));
    from.choose_multiple(rng, n).copied().collect()
}

/// Loads the demo work records of `reps` (id, unit) for the year up to `now`.
pub async fn load_demo(
    pool: &PgPool,
    seed: u64,
    reps: &[(Uuid, Uuid)],
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x3040_10C5);
    let today = company_date(now);
    let first = today - Days::new(365);
    let cal = calendar::load(pool, first, today + Days::new(30)).await?;
    let ids: Vec<Uuid> = reps.iter().map(|r| r.0).collect();
    let heads = salesd_domain::org::store::direct_heads(pool, &ids).await?;
    let owned: Vec<(Uuid, Uuid)> =
        sqlx::query_as("SELECT owner_id, id FROM customers WHERE owner_id = ANY($1)")
            .bind(&ids)
            .fetch_all(pool)
            .await?;
    let mut customers: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (owner, c) in owned {
        customers.entry(owner).or_default().push(c);
    }
    let mut logs = Vec::new();
    let mut plans = Vec::new();
    let mut items = Vec::new();
    let mut reports = Vec::new();
    for rep in &ids {
        let mine = customers.get(rep).map(Vec::as_slice).unwrap_or(&[]);
        let head = heads.get(rep).copied();
        logs_of(&mut rng, &cal, *rep, mine, first, today, &mut logs);
        plans_of(
            &mut rng, *rep, head, mine, first, today, &mut plans, &mut items,
        );
        reports_of(&mut rng, *rep, head, first, today, &mut reports);
    }
    let mut tx = pool.begin().await?;
    for chunk in logs.chunks(CHUNK) {
        insert_logs(&mut tx, chunk).await?;
    }
    for chunk in plans.chunks(CHUNK) {
        insert_plans(&mut tx, chunk).await?;
    }
    for chunk in items.chunks(CHUNK) {
        insert_items(&mut tx, chunk).await?;
    }
    for chunk in reports.chunks(CHUNK) {
        insert_reports(&mut tx, chunk).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn logs_of(
    rng: &mut StdRng,
    cal: &Calendar,
    rep: Uuid,
    mine: &[Uuid],
    first: NaiveDate,
    today: NaiveDate,
    out: &mut Vec<Log>,
) {
    for day in first.iter_days().take_while(|d| *d < today) {
        if !cal.is_working_day(day) || rng.random_bool(0.04) {
            continue;
        }
        let due_on = log_due(cal, day);
        let late = rng.random_bool(0.08);
        let on = if late {
            due_on + Days::new(rng.random_range(1..=3))
        } else {
            day
        };
        if on > today {
            continue;
        }
        out.push(Log {
            user: rep,
            day,
            visited: pick(rng, mine, 2),
            contacted: pick(rng, mine, 3),
            outcome: OUTCOMES.choose(rng).copied().unwrap_or(OUTCOMES[0]),
            due_on,
            at: start_of_day(on) + Duration::hours(18),
            late,
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn plans_of(
    rng: &mut StdRng,
    rep: Uuid,
    head: Option<Uuid>,
    mine: &[Uuid],
    first: NaiveDate,
    today: NaiveDate,
    plans: &mut Vec<Plan>,
    items: &mut Vec<Item>,
) {
    let mut week = week_of(first) + Days::new(7);
    while week <= week_of(today) {
        let id = Uuid::now_v7();
        let submitted = start_of_day(week - Days::new(3)) + Duration::hours(17);
        let decided = submitted + Duration::hours(16);
        let (status, note) = if week == week_of(today) || head.is_none() {
            ("SUBMITTED", None)
        } else if rng.random_bool(0.05) {
            (
                "RETURNED",
                Some("拜访安排过于集中，请补充重点客户的拜访目的"),
            )
        } else {
            ("APPROVED", None)
        };
        let decided_by = (status != "SUBMITTED").then_some(head).flatten();
        plans.push(Plan {
            id,
            user: rep,
            week,
            status,
            submitted_at: Some(submitted),
            decided_at: decided_by.map(|_| decided),
            decided_by,
            note,
        });
        let mut position = 0;
        for c in mine.choose_multiple(rng, 2) {
            items.push(Item {
                plan: id,
                position,
                day: week + Days::new(rng.random_range(0..5)),
                customer: Some(*c),
                activity: None,
                title: "拜访客户，了解需求并推进商机",
            });
            position += 1;
        }
        let (kind, title) = ACTIVITIES.choose(rng).copied().unwrap_or(ACTIVITIES[0]);
        items.push(Item {
            plan: id,
            position,
            day: week + Days::new(rng.random_range(0..5)),
            customer: None,
            activity: Some(kind),
            title,
        });
        week = week + Days::new(7);
    }
}

fn reports_of(
    rng: &mut StdRng,
    rep: Uuid,
    head: Option<Uuid>,
    first: NaiveDate,
    today: NaiveDate,
    out: &mut Vec<Report>,
) {
    let mut week = week_of(first) + Days::new(7);
    while week + Days::new(7) <= today {
        if !rng.random_bool(0.03) {
            let at = start_of_day(week + Days::new(4)) + Duration::hours(17);
            let reviewed = head.filter(|_| rng.random_bool(0.9));
            out.push(Report {
                kind: "WEEK",
                user: rep,
                start: week,
                at,
                reviewer: reviewed,
                reviewed_at: reviewed.map(|_| at + Duration::hours(65)),
            });
        }
        week = week + Days::new(7);
    }
    let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    while let Some(next) = month.checked_add_months(chrono::Months::new(1)) {
        if next > today {
            break;
        }
        let at = start_of_day(next) + Duration::hours(10);
        out.push(Report {
            kind: "MONTH",
            user: rep,
            start: month,
            at,
            reviewer: head,
            reviewed_at: head.map(|_| at + Duration::days(2)),
        });
        month = next;
    }
}

async fn insert_logs(conn: &mut sqlx::PgConnection, rows: &[Log]) -> DomainResult<()> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "INSERT INTO work_logs (id, user_id, day, visited_customer_ids, contacted_customer_ids, outcome,
            due_on, submitted_at, late, updated_at) ",
    );
    qb.push_values(rows, |mut b, l| {
        b.push_bind(Uuid::now_v7())
            .push_bind(l.user)
            .push_bind(l.day)
            .push_bind(&l.visited)
            .push_bind(&l.contacted)
            .push_bind(l.outcome)
            .push_bind(l.due_on)
            .push_bind(l.at)
            .push_bind(l.late)
            .push_bind(l.at);
    });
    qb.push(" ON CONFLICT DO NOTHING");
    qb.build().execute(&mut *conn).await?;
    Ok(())
}

async fn insert_plans(conn: &mut sqlx::PgConnection, rows: &[Plan]) -> DomainResult<()> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "INSERT INTO sales_plans (id, user_id, week_start, status, submitted_at, decided_by, decided_at,
            decision_note, created_at, updated_at) ",
    );
    qb.push_values(rows, |mut b, p| {
        let created = p.submitted_at.unwrap_or_default() - Duration::hours(2);
        b.push_bind(p.id)
            .push_bind(p.user)
            .push_bind(p.week)
            .push_bind(p.status)
            .push_bind(p.submitted_at)
            .push_bind(p.decided_by)
            .push_bind(p.decided_at)
            .push_bind(p.note)
            .push_bind(created)
            .push_bind(p.decided_at.or(p.submitted_at));
    });
    qb.push(" ON CONFLICT DO NOTHING");
    qb.build().execute(&mut *conn).await?;
    Ok(())
}

async fn insert_items(conn: &mut sqlx::PgConnection, rows: &[Item]) -> DomainResult<()> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "INSERT INTO sales_plan_items (plan_id, position, kind, day, customer_id, activity_kind, title) ",
    );
    qb.push_values(rows, |mut b, i| {
        b.push_bind(i.plan)
            .push_bind(i.position)
            .push_bind(if i.customer.is_some() {
                "VISIT"
            } else {
                "ACTIVITY"
            })
            .push_bind(i.day)
            .push_bind(i.customer)
            .push_bind(i.activity)
            .push_bind(i.title);
    });
    qb.push(" ON CONFLICT DO NOTHING");
    qb.build().execute(&mut *conn).await?;
    Ok(())
}

async fn insert_reports(conn: &mut sqlx::PgConnection, rows: &[Report]) -> DomainResult<()> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(
        "INSERT INTO work_reports (id, kind, user_id, period_start, summary, next_plan, status, submitted_at,
            reviewed_by, reviewed_at, review_comment, updated_at) ",
    );
    qb.push_values(rows, |mut b, r| {
        let (summary, plan) = if r.kind == "WEEK" {
            (
                "本周完成客户拜访与商机跟进，重点客户进展顺利。",
                "下周继续跟进报价客户，安排新客户拜访。",
            )
        } else {
            (
                "本月完成拜访与回款任务，新增意向客户若干。",
                "下月重点推进签约与回款。",
            )
        };
        b.push_bind(Uuid::now_v7())
            .push_bind(r.kind)
            .push_bind(r.user)
            .push_bind(r.start)
            .push_bind(summary)
            .push_bind(plan)
            .push_bind(if r.reviewer.is_some() {
                "REVIEWED"
            } else {
                "SUBMITTED"
            })
            .push_bind(r.at)
            .push_bind(r.reviewer)
            .push_bind(r.reviewed_at)
            .push_bind(r.reviewer.map(|_| "已阅，继续保持。"))
            .push_bind(r.reviewed_at.unwrap_or(r.at));
    });
    qb.push(" ON CONFLICT DO NOTHING");
    qb.build().execute(&mut *conn).await?;
    Ok(())
}
