//! CUS-5 interactions (沟通记录): logged against a customer the caller may
//! change; an optional next follow-up date creates a follow-up task (AUTO-1).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::followups::{self, FollowUp};
use super::push_customer_scope;
use super::revisit::company_date;
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

text_enum! {
    /// CUS-5 kinds of interaction.
    InteractionKind {
        Visit => "VISIT",
        Phone => "PHONE",
        Email => "EMAIL",
        Meeting => "MEETING",
        Demo => "DEMO",
        Seminar => "SEMINAR",
        Other => "OTHER",
    }
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Interaction {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub participants: Vec<String>,
    pub contact_ids: Vec<Uuid>,
    pub summary: String,
    pub feedback: Option<String>,
    pub next_step: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

pub struct NewInteraction {
    pub customer_id: Uuid,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub participants: Vec<String>,
    pub contact_ids: Vec<Uuid>,
    pub summary: String,
    pub feedback: Option<String>,
    pub next_step: Option<String>,
    pub next_follow_up_date: Option<NaiveDate>,
}

/// The few customer columns the stores of this slice need.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CustomerHead {
    pub id: Uuid,
    pub name: String,
    pub grade: crate::customers::model::Grade,
    pub tier: crate::customers::model::Tier,
    pub key_account: bool,
    pub owner_id: Option<Uuid>,
    pub owner_unit_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_revisit_at: Option<DateTime<Utc>>,
    pub last_face_to_face_at: Option<DateTime<Utc>>,
}

impl CustomerHead {
    /// CUS-6: what the customer's revisits must be.
    pub fn revisit_class(&self) -> super::revisit::RevisitClass {
        super::revisit::RevisitClass::parse(
            self.grade.as_str(),
            self.tier.as_str(),
            self.key_account,
        )
    }
}

const HEAD: &str = "SELECT c.id, c.name, c.grade, c.tier, c.key_account, c.owner_id, c.owner_unit_id, c.created_at, \
                    c.last_revisit_at, c.last_face_to_face_at FROM customers c WHERE c.id = ";

/// A customer within the actor's ORG-3 scope for `access` (reads include
/// the public pool), or `None`.
pub async fn customer_head(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
    access: Access,
) -> DomainResult<Option<CustomerHead>> {
    let mut qb = QueryBuilder::new(HEAD);
    qb.push_bind(id);
    push_customer_scope(&mut qb, actor, access);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// An owned customer the actor may change, locked for the transaction.
/// Pool customers and those outside the write scope are NOT_FOUND.
pub async fn lock_writable(
    tx: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<CustomerHead> {
    let mut qb = QueryBuilder::new(HEAD);
    qb.push_bind(id);
    qb.push(" AND c.owner_id IS NOT NULL");
    push_customer_scope(&mut qb, actor, Access::Write);
    qb.push(" FOR UPDATE OF c");
    qb.build_query_as()
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Optional text of at most `max` characters; blank is none.
pub(crate) fn opt_text(field: &str, v: Option<String>, max: usize) -> DomainResult<Option<String>> {
    crate::text::optional(field, v.as_deref(), max)
}

fn check(input: &mut NewInteraction, now: DateTime<Utc>) -> DomainResult<()> {
    if input.occurred_at > now + Duration::minutes(5) {
        return Err(DomainError::validation(
            "occurredAt",
            "must not be in the future",
        ));
    }
    if input.participants.len() > 20 {
        return Err(DomainError::validation(
            "participants",
            "at most 20 participants",
        ));
    }
    for p in &mut input.participants {
        *p = p.trim().to_owned();
        let n = p.chars().count();
        if n == 0 || n > 100 {
            return Err(DomainError::validation(
                "participants",
                "each participant is 1 to 100 characters",
            ));
        }
    }
    input.summary = input.summary.trim().to_owned();
    let n = input.summary.chars().count();
    if n == 0 || n > 5000 {
        return Err(DomainError::validation(
            "summary",
            "must be 1 to 5000 characters",
        ));
    }
    input.feedback = opt_text("feedback", input.feedback.take(), 5000)?;
    input.next_step = opt_text("nextStep", input.next_step.take(), 2000)?;
    if input
        .next_follow_up_date
        .is_some_and(|d| d < company_date(now))
    {
        return Err(DomainError::validation(
            "nextFollowUpDate",
            "must not be in the past",
        ));
    }
    input.contact_ids.sort_unstable();
    input.contact_ids.dedup();
    if input.contact_ids.len() > 50 {
        return Err(DomainError::validation("contactIds", "at most 50 contacts"));
    }
    Ok(())
}

/// CUS-5: logs an interaction; with `next_follow_up_date`, creates the
/// follow-up task for the customer's owner. The customer's
/// `last_interaction_at` and revisit columns move forward in the same
/// transaction (trigger of migration 20261122000004). Audited.
pub async fn log_interaction(
    pool: &PgPool,
    ctx: &Ctx,
    mut input: NewInteraction,
) -> DomainResult<(Interaction, Option<FollowUp>)> {
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    check(&mut input, ctx.now)?;
    let mut tx = pool.begin().await?;
    let customer = lock_writable(&mut tx, &ctx.actor, input.customer_id).await?;
    if !input.contact_ids.is_empty() {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM contacts WHERE customer_id = $1 AND id = ANY($2)",
        )
        .bind(customer.id)
        .bind(&input.contact_ids)
        .fetch_one(&mut *tx)
        .await?;
        if n != input.contact_ids.len() as i64 {
            return Err(DomainError::validation(
                "contactIds",
                "every contact must belong to the customer",
            ));
        }
    }
    let row: Interaction = sqlx::query_as(
        "INSERT INTO interactions (id, customer_id, kind, occurred_at, participants, contact_ids, summary,
                                   feedback, next_step, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(customer.id)
    .bind(input.kind.as_str())
    .bind(input.occurred_at)
    .bind(&input.participants)
    .bind(&input.contact_ids)
    .bind(&input.summary)
    .bind(&input.feedback)
    .bind(&input.next_step)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "INTERACTION",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    let task = match input.next_follow_up_date {
        Some(due) => {
            let assignee = customer.owner_id.unwrap_or(me);
            Some(
                followups::create(
                    &mut tx,
                    ctx,
                    customer.id,
                    Some(row.id),
                    assignee,
                    due,
                    input.next_step.clone(),
                )
                .await?,
            )
        }
        None => None,
    };
    tx.commit().await?;
    Ok((row, task))
}

/// One page of a customer's interactions, newest first; the customer must
/// be within read scope (else NOT_FOUND).
pub async fn list_interactions(
    pool: &PgPool,
    actor: &Actor,
    customer: Uuid,
    req: &PageRequest,
) -> DomainResult<Page<Interaction>> {
    customer_head(pool, actor, customer, Access::Read)
        .await?
        .ok_or(DomainError::NotFound)?;
    let sort = SortKey {
        expr: "i.occurred_at",
        sql_type: "timestamptz",
        descending: true,
    };
    let mut qb = QueryBuilder::new(
        "SELECT i.*, i.occurred_at::text AS sort_key FROM interactions i WHERE i.customer_id = ",
    );
    qb.push_bind(customer);
    page::push_keyset(&mut qb, "i.id", sort, req);
    let rows: Vec<Keyed<Interaction>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |i| i.id, req))
}

/// ORG-4 visibility of the audit trail of an `INTERACTION`, `FOLLOW_UP` or
/// `SATISFACTION` record: its customer is within the actor's read scope.
pub async fn audit_visible(
    pool: &PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let sql = match entity {
        "INTERACTION" => "SELECT customer_id FROM interactions WHERE id = $1",
        "FOLLOW_UP" => "SELECT customer_id FROM follow_up_tasks WHERE id = $1",
        "SATISFACTION" => "SELECT customer_id FROM satisfaction_surveys WHERE id = $1",
        _ => return Ok(false),
    };
    let customer: Option<Uuid> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    match customer {
        Some(c) => Ok(customer_head(pool, actor, c, Access::Read).await?.is_some()),
        None => Ok(false),
    }
}
