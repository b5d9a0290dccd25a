//! The GraphQL types of TGT-3 plans and TGT-4 logs and reports.

use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, SimpleObject};
use chrono::{DateTime, Datelike, Utc};
use salesd_domain::worklog::logs::{LogContent, WorkLog as DLog};
use salesd_domain::worklog::plans::{NewItem, PlanWithItems};
use salesd_domain::worklog::reports::{WorkReport, month_stats};

use crate::schema::common::id;

use crate::context::state;
use crate::error::ApiResult;
use crate::scalars::Date;
use crate::schema::common::uuid;
use crate::schema::org::types::{PersonNode, person};

/// TGT-3 plan states.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::worklog::PlanStatus")]
pub enum SalesPlanStatus {
    /// Being written; only the author sees changes.
    Draft,
    /// Waiting for the supervisor.
    Submitted,
    Approved,
    /// Sent back with a reason; edit and submit again.
    Returned,
}

/// What an activity of a plan is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::worklog::ActivityKind")]
pub enum PlanActivityKind {
    Meeting,
    Training,
    Exhibition,
    PhoneCalls,
    Paperwork,
    Other,
}

/// A visit or an activity.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum PlanItemKind {
    Visit,
    Activity,
}

/// A weekly report's or monthly summary's state.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum WorkReportStatus {
    Submitted,
    Reviewed,
}

/// One visit (customer, day, purpose) or activity (day, kind, title) of a plan.
#[derive(SimpleObject)]
pub struct SalesPlanItem {
    pub kind: PlanItemKind,
    pub day: Date,
    /// The customer visited (VISIT).
    pub customer_id: Option<ID>,
    /// The activity's kind (ACTIVITY).
    pub activity_kind: Option<PlanActivityKind>,
    /// A visit's purpose, an activity's title.
    pub title: String,
    pub description: Option<String>,
}

/// A weekly sales plan (TGT-3).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct SalesPlan {
    pub id: ID,
    pub user_id: ID,
    /// The Monday of the plan's ISO week.
    pub week_start: Date,
    pub iso_year: i32,
    pub iso_week: u32,
    pub note: Option<String>,
    pub status: SalesPlanStatus,
    pub items: Vec<SalesPlanItem>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who approved or returned it, when, and their comment or reason.
    pub decided_by_id: Option<ID>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<PlanWithItems> for SalesPlan {
    fn from(p: PlanWithItems) -> Self {
        let status = p.plan.status.into();
        let plan = p.plan;
        let week = plan.week_start.iso_week();
        SalesPlan {
            id: id(plan.id),
            user_id: id(plan.user_id),
            week_start: Date(plan.week_start),
            iso_year: week.year(),
            iso_week: week.week(),
            note: plan.note,
            status,
            items: p
                .items
                .into_iter()
                .map(|i| SalesPlanItem {
                    kind: if i.customer_id.is_some() {
                        PlanItemKind::Visit
                    } else {
                        PlanItemKind::Activity
                    },
                    day: Date(i.day),
                    customer_id: i.customer_id.map(id),
                    activity_kind: i
                        .activity_kind
                        .and_then(|k| k.parse::<salesd_domain::worklog::ActivityKind>().ok())
                        .map(Into::into),
                    title: i.title,
                    description: i.description,
                })
                .collect(),
            submitted_at: plan.submitted_at,
            decided_by_id: plan.decided_by.map(id),
            decided_at: plan.decided_at,
            decision_note: plan.decision_note,
            version: plan.version,
            created_at: plan.created_at,
            updated_at: plan.updated_at,
        }
    }
}

/// A daily work log (TGT-4).
#[derive(SimpleObject)]
pub struct WorkLog {
    pub id: ID,
    pub user_id: ID,
    /// The company day logged.
    pub day: Date,
    pub visited_customer_ids: Vec<ID>,
    pub contacted_customer_ids: Vec<ID>,
    pub outcome: String,
    pub notes: Option<String>,
    /// The end of the next working day after `day` (TGT-5).
    pub due_on: Date,
    pub submitted_at: DateTime<Utc>,
    /// Submitted after `dueOn` (company time).
    pub late: bool,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl From<DLog> for WorkLog {
    fn from(l: DLog) -> Self {
        WorkLog {
            id: id(l.id),
            user_id: id(l.user_id),
            day: Date(l.day),
            visited_customer_ids: l.visited_customer_ids.into_iter().map(id).collect(),
            contacted_customer_ids: l.contacted_customer_ids.into_iter().map(id).collect(),
            outcome: l.outcome,
            notes: l.notes,
            due_on: Date(l.due_on),
            submitted_at: l.submitted_at,
            late: l.late,
            version: l.version,
            updated_at: l.updated_at,
        }
    }
}

fn status(r: &WorkReport) -> WorkReportStatus {
    if r.status == "REVIEWED" {
        WorkReportStatus::Reviewed
    } else {
        WorkReportStatus::Submitted
    }
}

/// A weekly report (周工作表, TGT-4).
#[derive(SimpleObject)]
pub struct WeeklyReport {
    pub id: ID,
    pub user_id: ID,
    /// The Monday of the ISO week.
    pub week_start: Date,
    pub iso_year: i32,
    pub iso_week: u32,
    pub summary: String,
    pub next_week_plan: String,
    pub status: WorkReportStatus,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_by_id: Option<ID>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl From<WorkReport> for WeeklyReport {
    fn from(r: WorkReport) -> Self {
        let week = r.period_start.iso_week();
        WeeklyReport {
            status: status(&r),
            id: id(r.id),
            user_id: id(r.user_id),
            week_start: Date(r.period_start),
            iso_year: week.year(),
            iso_week: week.week(),
            summary: r.summary,
            next_week_plan: r.next_plan,
            submitted_at: r.submitted_at,
            reviewed_by_id: r.reviewed_by.map(id),
            reviewed_at: r.reviewed_at,
            review_comment: r.review_comment,
            version: r.version,
            updated_at: r.updated_at,
        }
    }
}

/// A monthly summary (TGT-4), with what the month's logs add up to.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct MonthlySummary {
    pub id: ID,
    pub user_id: ID,
    pub year: i32,
    pub month: u32,
    pub summary: String,
    pub next_month_plan: String,
    pub status: WorkReportStatus,
    pub submitted_at: DateTime<Utc>,
    pub reviewed_by_id: Option<ID>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    #[graphql(skip)]
    pub raw: WorkReport,
}

/// The month's work logs in figures.
#[derive(SimpleObject)]
pub struct MonthLogStats {
    /// Logs of days in the month.
    pub logs: i64,
    /// Of which submitted late.
    pub late_logs: i64,
    /// Σ customers visited.
    pub visits: i64,
    /// Σ customers contacted.
    pub contacts: i64,
}

#[ComplexObject]
impl SalesPlan {
    /// Whose plan it is.
    async fn user(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(uuid("userId", &self.user_id)?)).await
    }
}

#[ComplexObject]
impl MonthlySummary {
    /// What the person's work logs of the month add up to (computed now).
    async fn log_stats(&self, ctx: &Context<'_>) -> ApiResult<MonthLogStats> {
        let s = month_stats(&state(ctx).pool, self.raw.user_id, self.raw.period_start).await?;
        Ok(MonthLogStats {
            logs: s.logs,
            late_logs: s.late_logs,
            visits: s.visits,
            contacts: s.contacts,
        })
    }
}

impl From<WorkReport> for MonthlySummary {
    fn from(r: WorkReport) -> Self {
        MonthlySummary {
            status: status(&r),
            id: id(r.id),
            user_id: id(r.user_id),
            year: r.period_start.year(),
            month: r.period_start.month(),
            summary: r.summary.clone(),
            next_month_plan: r.next_plan.clone(),
            submitted_at: r.submitted_at,
            reviewed_by_id: r.reviewed_by.map(id),
            reviewed_at: r.reviewed_at,
            review_comment: r.review_comment.clone(),
            version: r.version,
            updated_at: r.updated_at,
            raw: r,
        }
    }
}

/// A visit (`customerId`; `title` is its purpose) or an activity
/// (`activityKind`, `title`) of a plan; exactly one of the two.
#[derive(InputObject)]
pub struct SalesPlanItemInput {
    /// A day of the plan's week.
    pub day: Date,
    pub customer_id: Option<ID>,
    pub activity_kind: Option<PlanActivityKind>,
    /// 1–200 characters.
    pub title: String,
    /// At most 2 000 characters.
    pub description: Option<String>,
}

/// Parses the items of a plan input.
pub fn items(input: Vec<SalesPlanItemInput>) -> ApiResult<Vec<NewItem>> {
    input
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            Ok(NewItem {
                day: it.day.0,
                customer_id: it
                    .customer_id
                    .as_ref()
                    .map(|v| uuid(&format!("items.{i}.customerId"), v))
                    .transpose()?,
                activity_kind: it.activity_kind.map(Into::into),
                title: it.title,
                description: it.description,
            })
        })
        .collect()
}

/// `createSalesPlan`.
#[derive(InputObject)]
pub struct CreateSalesPlanInput {
    /// The Monday of the week planned.
    pub week_start: Date,
    /// At most 2 000 characters.
    pub note: Option<String>,
    /// At most 100.
    #[graphql(default)]
    pub items: Vec<SalesPlanItemInput>,
}

/// `updateSalesPlan`: replaces the note and all items.
#[derive(InputObject)]
pub struct UpdateSalesPlanInput {
    pub id: ID,
    pub version: i32,
    pub note: Option<String>,
    #[graphql(default)]
    pub items: Vec<SalesPlanItemInput>,
}

/// What a work log says.
#[derive(InputObject)]
pub struct WorkLogContentInput {
    /// Customers visited (at most 100, each in the caller's scope).
    #[graphql(default)]
    pub visited_customer_ids: Vec<ID>,
    /// Customers contacted otherwise (phone, email, ...; at most 100).
    #[graphql(default)]
    pub contacted_customer_ids: Vec<ID>,
    /// The day's outcome, 1–4 000 characters.
    pub outcome: String,
    /// At most 4 000 characters.
    pub notes: Option<String>,
}

impl WorkLogContentInput {
    pub fn parse(self) -> ApiResult<LogContent> {
        let ids = |field: &str, v: &[ID]| -> ApiResult<Vec<uuid::Uuid>> {
            v.iter().map(|i| uuid(field, i)).collect()
        };
        Ok(LogContent {
            visited_customer_ids: ids("visitedCustomerIds", &self.visited_customer_ids)?,
            contacted_customer_ids: ids("contactedCustomerIds", &self.contacted_customer_ids)?,
            outcome: self.outcome,
            notes: self.notes,
        })
    }
}

/// `submitWeeklyReport`.
#[derive(InputObject)]
pub struct SubmitWeeklyReportInput {
    /// The Monday of the week (this week or an earlier one).
    pub week_start: Date,
    /// 1–8 000 characters.
    pub summary: String,
    /// 1–8 000 characters.
    pub next_week_plan: String,
}

/// `updateWeeklyReport`.
#[derive(InputObject)]
pub struct UpdateWeeklyReportInput {
    pub id: ID,
    pub version: i32,
    pub summary: String,
    pub next_week_plan: String,
}

/// `submitMonthlySummary`.
#[derive(InputObject)]
pub struct SubmitMonthlySummaryInput {
    /// 2000–2100.
    pub year: i32,
    /// 1–12; this month or an earlier one.
    pub month: i32,
    /// 1–8 000 characters.
    pub summary: String,
    /// 1–8 000 characters.
    pub next_month_plan: String,
}

/// `updateMonthlySummary`.
#[derive(InputObject)]
pub struct UpdateMonthlySummaryInput {
    pub id: ID,
    pub version: i32,
    pub summary: String,
    pub next_month_plan: String,
}

/// A person's morning (the console's "my day"): the company day, the last
/// working day before it and its work log (TGT-4), this week's plan
/// (TGT-3).
#[derive(SimpleObject)]
pub struct MyDay {
    /// The company day (COMPANY_TIMEZONE).
    pub today: Date,
    /// The latest working day before today; its log is due today.
    pub last_working_day: Date,
    /// The caller's log of `lastWorkingDay`; null while it is missing.
    pub last_working_day_log: Option<WorkLog>,
    /// Monday of this week.
    pub week_start: Date,
    /// The caller's plan of this week; null while there is none.
    pub week_plan: Option<SalesPlan>,
}

impl From<salesd_domain::worklog::day::MyDay> for MyDay {
    fn from(d: salesd_domain::worklog::day::MyDay) -> Self {
        Self {
            today: Date(d.today),
            last_working_day: Date(d.last_working_day),
            last_working_day_log: d.last_working_day_log.map(Into::into),
            week_start: Date(d.week_start),
            week_plan: d.week_plan.map(Into::into),
        }
    }
}
