//! TGT-5 over GraphQL: the company calendar (holidays on weekdays and
//! make-up working days 调休 on weekends), read by everyone signed in,
//! kept by an ADMIN (docs/targets.md).

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use salesd_domain::calendar::{self, admin};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::scalars::Date;
use crate::schema::common::id;

/// What a calendar exception makes of its day.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CalendarDayKind {
    /// A holiday on a weekday: no work.
    Holiday,
    /// A make-up working day (调休) on a weekend.
    Workday,
}

/// One exception of the company calendar.
#[derive(SimpleObject)]
pub struct BusinessCalendarDay {
    /// The id of the day's audit trail (`auditTrail(entity: CALENDAR_DAY)`).
    pub id: ID,
    pub date: Date,
    pub kind: CalendarDayKind,
    pub working: bool,
    pub name: Option<String>,
}

impl From<admin::CalendarDay> for BusinessCalendarDay {
    fn from(d: admin::CalendarDay) -> Self {
        BusinessCalendarDay {
            id: id(d.id()),
            date: Date(d.day),
            kind: if d.working {
                CalendarDayKind::Workday
            } else {
                CalendarDayKind::Holiday
            },
            working: d.working,
            name: d.name,
        }
    }
}

#[derive(Default)]
pub struct CalendarQuery;

#[Object]
impl CalendarQuery {
    /// TGT-5: the exceptions of a year (2000–2100), by date. Every other
    /// day works Monday to Friday and rests on Saturday and Sunday.
    async fn business_calendar(
        &self,
        ctx: &Context<'_>,
        year: i32,
    ) -> ApiResult<Vec<BusinessCalendarDay>> {
        actor(ctx)?;
        let days = admin::list(&state(ctx).pool, year).await?;
        Ok(days.into_iter().map(Into::into).collect())
    }

    /// TGT-5: the `days`th working day (1–366, default 1) after `date`.
    async fn next_working_day(
        &self,
        ctx: &Context<'_>,
        date: Date,
        #[graphql(default = 1)] days: i32,
    ) -> ApiResult<Date> {
        actor(ctx)?;
        if !(1..=366).contains(&days) {
            return Err(ApiError::validation("days", "between 1 and 366"));
        }
        let d = calendar::add_working_days(&state(ctx).pool, date.0, days as u32).await?;
        Ok(Date(d))
    }
}

#[derive(Default)]
pub struct CalendarMutation;

#[Object]
impl CalendarMutation {
    /// TGT-5: makes `date` a holiday (`working: false`, Monday to Friday
    /// only) or a make-up working day (`working: true`, Saturday or Sunday
    /// only), with an optional name (≤ 100). ADMIN only. Audited
    /// (CALENDAR_DAY).
    async fn set_business_calendar_day(
        &self,
        ctx: &Context<'_>,
        date: Date,
        working: bool,
        name: Option<String>,
    ) -> ApiResult<BusinessCalendarDay> {
        let dctx = domain_ctx(ctx)?;
        let d = admin::set_day(&state(ctx).pool, &dctx, date.0, working, name.as_deref()).await?;
        Ok(d.into())
    }

    /// TGT-5: removes the exception of `date` (NOT_FOUND when it has
    /// none); returns what was removed. ADMIN only. Audited (CALENDAR_DAY).
    async fn remove_business_calendar_day(
        &self,
        ctx: &Context<'_>,
        date: Date,
    ) -> ApiResult<BusinessCalendarDay> {
        let dctx = domain_ctx(ctx)?;
        let d = admin::remove_day(&state(ctx).pool, &dctx, date.0).await?;
        Ok(d.into())
    }
}
