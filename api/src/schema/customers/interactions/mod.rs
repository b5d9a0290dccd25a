//! CUS-5..8 queries and mutations: interactions, follow-ups, revisits,
//! customer care, satisfaction.

pub mod types;

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesd_domain::customers::revisit::company_date;
use salesd_domain::customers::{care, followups, interactions, revisit_store, satisfaction};

use crate::context::{actor, domain_ctx, state};
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::paging::NoTotal;
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::customers::interactions::types::{
    CareEventNode, CustomerSatisfaction, FollowUpNode, FollowUpStatus, InteractionKind,
    InteractionNode, LogInteractionPayload, RevisitCompliance, RevisitStatusNode,
    SatisfactionSummary, SurveyNode,
};

#[derive(InputObject)]
pub struct LogInteractionInput {
    pub customer_id: ID,
    pub kind: InteractionKind,
    /// Not more than 5 minutes in the future.
    pub occurred_at: DateTime<Utc>,
    /// Up to 20 names, each up to 100 characters.
    #[graphql(default)]
    pub participants: Vec<String>,
    /// Contacts of this customer who took part.
    #[graphql(default)]
    pub contact_ids: Vec<ID>,
    /// 1 to 5000 characters.
    pub summary: String,
    pub feedback: Option<String>,
    pub next_step: Option<String>,
    /// Creates a follow-up task for the customer's owner, due that day
    /// (not in the past, company time zone).
    pub next_follow_up_date: Option<Date>,
}

#[derive(InputObject)]
pub struct RecordSatisfactionInput {
    pub customer_id: ID,
    /// 1 to 5.
    pub score: i32,
    /// Not in the future.
    pub surveyed_on: Date,
    pub note: Option<String>,
}

fn today(ctx: &Context<'_>) -> chrono::NaiveDate {
    company_date(state(ctx).clock.now())
}

type Conn<N> = Connection<String, N, NoTotal>;

#[derive(Default)]
pub struct InteractionsQuery;

#[Object]
#[allow(clippy::too_many_arguments)]
impl InteractionsQuery {
    /// A customer's interactions, newest first (NOT_FOUND outside scope).
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn interactions(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Conn<InteractionNode>> {
        let req = page_request(first, after, last, before)?;
        let customer = uuid("customerId", &customer_id)?;
        let page =
            interactions::list_interactions(&state(ctx).pool, actor(ctx)?, customer, &req).await?;
        Ok(connection(
            page,
            InteractionNode,
            NoTotal { total_count: None },
        ))
    }

    /// The caller's follow-up tasks, earliest due first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn my_follow_ups(
        &self,
        ctx: &Context<'_>,
        status: Option<FollowUpStatus>,
        due_before: Option<Date>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Conn<FollowUpNode>> {
        let req = page_request(first, after, last, before)?;
        let f = followups::FollowUpFilter {
            status: status.map(Into::into),
            due_before: due_before.map(|d| d.0),
            ..Default::default()
        };
        let page = followups::my_follow_ups(&state(ctx).pool, actor(ctx)?, f, &req).await?;
        Ok(connection(
            page,
            FollowUpNode,
            NoTotal { total_count: None },
        ))
    }

    /// A customer's follow-up tasks (NOT_FOUND outside scope).
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn follow_ups(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
        status: Option<FollowUpStatus>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Conn<FollowUpNode>> {
        let req = page_request(first, after, last, before)?;
        let customer = uuid("customerId", &customer_id)?;
        let f = followups::FollowUpFilter {
            status: status.map(Into::into),
            ..Default::default()
        };
        let page = followups::customer_follow_ups(&state(ctx).pool, actor(ctx)?, customer, f, &req)
            .await?;
        Ok(connection(
            page,
            FollowUpNode,
            NoTotal { total_count: None },
        ))
    }

    /// CUS-6: last qualifying interaction, interval, next due, days overdue.
    async fn revisit_status(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
    ) -> ApiResult<RevisitStatusNode> {
        let customer = uuid("customerId", &customer_id)?;
        let s = revisit_store::revisit_status(&state(ctx).pool, actor(ctx)?, customer, today(ctx))
            .await?;
        Ok(RevisitStatusNode(s))
    }

    /// Owned customers within scope whose next revisit is due before
    /// `asOf` (default: today), earliest due first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn overdue_revisits(
        &self,
        ctx: &Context<'_>,
        as_of: Option<Date>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Conn<RevisitStatusNode>> {
        let req = page_request(first, after, last, before)?;
        let as_of = as_of.map_or_else(|| today(ctx), |d| d.0);
        let page =
            revisit_store::overdue_revisits(&state(ctx).pool, actor(ctx)?, as_of, &req).await?;
        Ok(connection(
            page,
            RevisitStatusNode,
            NoTotal { total_count: None },
        ))
    }

    /// CUS-6 compliance of a unit subtree: revisits due in `[from, to]`
    /// (and already past) and how many were done by their due date.
    async fn revisit_compliance(
        &self,
        ctx: &Context<'_>,
        unit_id: ID,
        from: Date,
        to: Date,
    ) -> ApiResult<RevisitCompliance> {
        let unit = uuid("unitId", &unit_id)?;
        let f = revisit_store::revisit_compliance(
            &state(ctx).pool,
            actor(ctx)?,
            unit,
            from.0,
            to.0,
            today(ctx),
        )
        .await?;
        Ok(RevisitCompliance {
            due: f.due,
            done_on_time: f.done,
            ratio: f.ratio.map(Decimal),
        })
    }

    /// CUS-7: birthdays and holidays of opted-in key-account contacts within
    /// scope, in `[from, to]` (at most 366 days), by date.
    async fn upcoming_care_events(
        &self,
        ctx: &Context<'_>,
        from: Date,
        to: Date,
    ) -> ApiResult<Vec<CareEventNode>> {
        let events =
            care::upcoming_care_events(&state(ctx).pool, actor(ctx)?, from.0, to.0).await?;
        Ok(events.into_iter().map(CareEventNode).collect())
    }

    /// CUS-8: a customer's average score, count and latest survey.
    async fn satisfaction(
        &self,
        ctx: &Context<'_>,
        customer_id: ID,
    ) -> ApiResult<CustomerSatisfaction> {
        let customer = uuid("customerId", &customer_id)?;
        let (fig, latest) =
            satisfaction::customer_satisfaction(&state(ctx).pool, actor(ctx)?, customer).await?;
        Ok(CustomerSatisfaction {
            average: fig.average.map(Decimal),
            count: fig.count,
            latest: latest.map(SurveyNode),
        })
    }

    /// CUS-8: the average over the surveys in `[from, to]` of the customers
    /// owned in the unit's subtree.
    async fn satisfaction_summary(
        &self,
        ctx: &Context<'_>,
        unit_id: ID,
        from: Date,
        to: Date,
    ) -> ApiResult<SatisfactionSummary> {
        let unit = uuid("unitId", &unit_id)?;
        let fig =
            satisfaction::satisfaction_summary(&state(ctx).pool, actor(ctx)?, unit, from.0, to.0)
                .await?;
        Ok(SatisfactionSummary {
            average: fig.average.map(Decimal),
            count: fig.count,
        })
    }
}

#[derive(Default)]
pub struct InteractionsMutation;

#[Object]
impl InteractionsMutation {
    /// CUS-5: logs an interaction with a customer the caller may change.
    async fn log_interaction(
        &self,
        ctx: &Context<'_>,
        input: LogInteractionInput,
    ) -> ApiResult<LogInteractionPayload> {
        let dctx = domain_ctx(ctx)?;
        let contact_ids = input
            .contact_ids
            .iter()
            .map(|c| uuid("contactIds", c))
            .collect::<ApiResult<Vec<_>>>()?;
        let new = interactions::NewInteraction {
            customer_id: uuid("customerId", &input.customer_id)?,
            kind: input.kind.into(),
            occurred_at: input.occurred_at,
            participants: input.participants,
            contact_ids,
            summary: input.summary,
            feedback: input.feedback,
            next_step: input.next_step,
            next_follow_up_date: input.next_follow_up_date.map(|d| d.0),
        };
        let (i, f) = interactions::log_interaction(&state(ctx).pool, &dctx, new).await?;
        Ok(LogInteractionPayload {
            interaction: InteractionNode(i),
            follow_up: f.map(FollowUpNode),
        })
    }

    /// Completes a follow-up task (assignee or their supervisor/manager).
    async fn complete_follow_up(
        &self,
        ctx: &Context<'_>,
        id: ID,
        version: i32,
        note: Option<String>,
    ) -> ApiResult<FollowUpNode> {
        let dctx = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(FollowUpNode(
            followups::complete(&state(ctx).pool, &dctx, id, version, note).await?,
        ))
    }

    /// CUS-8: records a satisfaction survey score.
    async fn record_satisfaction(
        &self,
        ctx: &Context<'_>,
        input: RecordSatisfactionInput,
    ) -> ApiResult<SurveyNode> {
        let dctx = domain_ctx(ctx)?;
        let new = satisfaction::NewSurvey {
            customer_id: uuid("customerId", &input.customer_id)?,
            score: input.score,
            surveyed_on: input.surveyed_on.0,
            note: input.note,
        };
        Ok(SurveyNode(
            satisfaction::record_satisfaction(&state(ctx).pool, &dctx, new).await?,
        ))
    }
}
