//! PIP-1: leads (销售线索) — capture, change, scoring on every change,
//! disqualification with a reason, and qualification into a customer and an
//! opportunity ([`qualify`]). Access is ORG-3 with the rules of
//! `Resource::Opportunity` on the lead's own owner and unit, without a team:
//! the owner and the managers over the unit read and change it; a lead out
//! of scope is `NotFound`, exactly like a missing one.

mod qualify;
mod query;
mod rescore;

pub use qualify::{LeadCustomer, LeadOpportunity, NewLeadCustomer, Qualified, qualify_lead};
pub use query::{LeadFilter, LeadOrder, count_leads, get_lead, list_leads};
pub use rescore::{rescore_new_leads, update_lead_scoring};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::scoring::{LeadFacts, ScoreCard, ScoringModel, score_lead};
use crate::Ctx;
use crate::audit;
use crate::contact_info::{Email, Phone};
use crate::customers::checks::check_len;
use crate::customers::model::{SizeClass, Source};
use crate::error::{DomainError, DomainResult};
use crate::money::Sign;
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Resource, Role, Scope};
use crate::versioned::{lock_current, versioned};

text_enum! {
    /// PIP-1 lifecycle of a lead.
    LeadStatus { New => "NEW", Qualified => "QUALIFIED", Disqualified => "DISQUALIFIED" }
}

/// A lead as stored.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Lead {
    pub id: Uuid,
    pub source: Source,
    pub company_name: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub needs: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<String>,
    pub budget: Option<Decimal>,
    pub region: Option<String>,
    pub expected_close_date: Option<NaiveDate>,
    pub score: i16,
    /// Per factor `{weight, value, points, reason}` ([`super::scoring::FactorScore`]).
    pub score_factors: serde_json::Value,
    pub status: LeadStatus,
    pub disqualify_reason: Option<String>,
    pub customer_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub owner_id: Uuid,
    pub owner_unit_id: Uuid,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(Lead);

impl Lead {
    /// The data the score is computed from.
    pub fn facts(&self) -> LeadFacts<'_> {
        LeadFacts {
            industry: self.industry.as_deref(),
            size_class: self.size_class.as_deref(),
            budget: self.budget,
            region: self.region.as_deref(),
            expected_close_date: self.expected_close_date,
        }
    }
}

/// A new lead; owned by whoever captures it.
#[derive(Clone, Debug, Default)]
pub struct NewLead {
    pub source: Option<Source>,
    pub company_name: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub needs: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub budget: Option<Decimal>,
    pub region: Option<String>,
    pub expected_close_date: Option<NaiveDate>,
}

/// Changes to a NEW lead; `None` leaves a field, `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct LeadPatch {
    pub id: Uuid,
    pub version: i32,
    pub source: Option<Source>,
    pub company_name: Option<String>,
    pub contact_name: Option<Option<String>>,
    pub contact_phone: Option<Option<String>>,
    pub contact_email: Option<Option<String>>,
    pub needs: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub size_class: Option<Option<SizeClass>>,
    pub budget: Option<Option<Decimal>>,
    pub region: Option<Option<String>>,
    pub expected_close_date: Option<Option<NaiveDate>>,
}

/// Who may capture leads: the sales line.
const SALES: &[Role] = &[
    Role::Admin,
    Role::GeneralManager,
    Role::SalesDirector,
    Role::SalesManager,
    Role::Supervisor,
    Role::SalesRep,
    Role::KeyAccountManager,
];

/// ORG-3 for leads: `Resource::Opportunity` on `l.owner_id` and
/// `l.owner_unit_id`; leads have no project team.
pub fn push_lead_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, access: Access) {
    Scope::of(actor, Resource::Opportunity, access).push_filter(
        qb,
        "l.owner_id",
        "l.owner_unit_id",
        None,
    );
}

fn check_company_name(v: &str) -> DomainResult<String> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > 200 {
        return Err(DomainError::validation(
            "companyName",
            "must be 1 to 200 characters",
        ));
    }
    Ok(v.to_owned())
}

fn check_budget(v: Option<Decimal>) -> DomainResult<Option<Decimal>> {
    let Some(b) = v else { return Ok(None) };
    let b = crate::money::check_amount("budget", b, Sign::NonNegative)?;
    Ok(Some(b.normalize().round_dp(2)))
}

/// Checks every field of `l` in place (trimmed, lengths, budget).
fn validate(l: &mut Lead) -> DomainResult<()> {
    l.company_name = check_company_name(&l.company_name)?;
    l.contact_name = check_len("contactName", &l.contact_name, 100)?;
    l.contact_phone =
        Phone::parse_lenient("contactPhone", l.contact_phone.as_deref())?.map(Phone::into_inner);
    l.contact_email =
        Email::parse_lenient("contactEmail", l.contact_email.as_deref())?.map(Email::into_inner);
    l.needs = check_len("needs", &l.needs, 5000)?;
    l.industry = check_len("industry", &l.industry, 100)?;
    l.region = check_len("region", &l.region, 100)?;
    l.budget = check_budget(l.budget)?;
    Ok(())
}

/// The scoring model, read under a share lock so a concurrent change of the
/// weights (which re-scores NEW leads) cannot miss this lead.
pub(crate) async fn scoring_model(conn: &mut PgConnection) -> DomainResult<ScoringModel> {
    let v: serde_json::Value = sqlx::query_scalar(
        "SELECT value FROM company_settings WHERE key = 'lead_scoring' FOR SHARE",
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| anyhow::anyhow!("setting lead_scoring is missing"))?;
    serde_json::from_value(v)
        .map_err(|e| anyhow::anyhow!("setting lead_scoring is malformed: {e}").into())
}

fn rescore(l: &mut Lead, model: &ScoringModel, now: DateTime<Utc>) {
    let ScoreCard { score, factors } =
        score_lead(model, &l.facts(), crate::clock::company_date(now));
    l.score = score;
    l.score_factors = serde_json::to_value(factors).unwrap_or_default();
}

/// PIP-1: captures a lead owned by the actor, scored at once.
pub async fn create_lead(pool: &PgPool, ctx: &Ctx, input: NewLead) -> DomainResult<Lead> {
    let user = ctx
        .actor
        .user_id
        .filter(|_| !ctx.actor.read_only && ctx.actor.has_any(SALES))
        .ok_or_else(|| DomainError::Forbidden("only sales staff may capture leads".into()))?;
    let mut l = Lead {
        id: Uuid::now_v7(),
        source: input.source.unwrap_or(Source::Other),
        company_name: input.company_name,
        contact_name: input.contact_name,
        contact_phone: input.contact_phone,
        contact_email: input.contact_email,
        needs: input.needs,
        industry: input.industry,
        size_class: input.size_class.map(|s| s.as_str().to_owned()),
        budget: input.budget,
        region: input.region,
        expected_close_date: input.expected_close_date,
        score: 0,
        score_factors: serde_json::Value::Null,
        status: LeadStatus::New,
        disqualify_reason: None,
        customer_id: None,
        opportunity_id: None,
        owner_id: user,
        owner_unit_id: user,
        created_by: user,
        version: 1,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    validate(&mut l)?;
    let mut tx = pool.begin().await?;
    l.owner_unit_id = sqlx::query_scalar("SELECT unit_id FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(&mut *tx)
        .await?;
    let model = scoring_model(&mut tx).await?;
    rescore(&mut l, &model, ctx.now);
    let lead: Lead = sqlx::query_as(
        "INSERT INTO leads (id, source, company_name, contact_name, contact_phone, contact_email, needs, industry,
            size_class, budget, region, expected_close_date, score, score_factors, status, owner_id, owner_unit_id,
            created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'NEW', $15, $16, $15, $17, $17)
         RETURNING *",
    )
    .bind(l.id)
    .bind(l.source)
    .bind(&l.company_name)
    .bind(&l.contact_name)
    .bind(&l.contact_phone)
    .bind(&l.contact_email)
    .bind(&l.needs)
    .bind(&l.industry)
    .bind(&l.size_class)
    .bind(l.budget)
    .bind(&l.region)
    .bind(l.expected_close_date)
    .bind(l.score)
    .bind(&l.score_factors)
    .bind(user)
    .bind(l.owner_unit_id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "LEAD",
        lead.id,
        "CREATE",
        &audit::created(&lead),
    )
    .await?;
    tx.commit().await?;
    Ok(lead)
}

/// Locks a lead within the actor's write scope and checks its version.
pub(crate) async fn lock(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> DomainResult<Lead> {
    let mut qb = QueryBuilder::new("SELECT l.* FROM leads l WHERE l.id = ");
    qb.push_bind(id);
    push_lead_scope(&mut qb, actor, Access::Write);
    qb.push(" FOR UPDATE");
    lock_current(conn, &mut qb, version, "lead").await
}

/// Only a NEW lead is still open to change, qualification or disqualification.
fn require_new(l: &Lead) -> DomainResult<()> {
    if l.status != LeadStatus::New {
        return Err(DomainError::conflict(format!(
            "the lead is already {}",
            l.status
        )));
    }
    Ok(())
}

/// Writes a lead's changed fields and status (not owner or creation).
async fn save(conn: &mut PgConnection, ctx: &Ctx, l: &Lead) -> DomainResult<Lead> {
    Ok(sqlx::query_as(
        "UPDATE leads SET source = $2, company_name = $3, contact_name = $4, contact_phone = $5, contact_email = $6,
            needs = $7, industry = $8, size_class = $9, budget = $10, region = $11, expected_close_date = $12,
            score = $13, score_factors = $14, status = $15, disqualify_reason = $16, customer_id = $17,
            opportunity_id = $18, version = version + 1, updated_at = $19
         WHERE id = $1 RETURNING *",
    )
    .bind(l.id)
    .bind(l.source)
    .bind(&l.company_name)
    .bind(&l.contact_name)
    .bind(&l.contact_phone)
    .bind(&l.contact_email)
    .bind(&l.needs)
    .bind(&l.industry)
    .bind(&l.size_class)
    .bind(l.budget)
    .bind(&l.region)
    .bind(l.expected_close_date)
    .bind(l.score)
    .bind(&l.score_factors)
    .bind(l.status)
    .bind(&l.disqualify_reason)
    .bind(l.customer_id)
    .bind(l.opportunity_id)
    .bind(ctx.now)
    .fetch_one(conn)
    .await?)
}

/// PIP-1: changes a NEW lead and re-scores it.
pub async fn update_lead(pool: &PgPool, ctx: &Ctx, p: LeadPatch) -> DomainResult<Lead> {
    let mut tx = pool.begin().await?;
    // The setting before the lead: the same lock order as a change of the
    // weights (setting, then NEW leads), so the two cannot deadlock.
    let model = scoring_model(&mut tx).await?;
    let old = lock(&mut tx, &ctx.actor, p.id, p.version).await?;
    require_new(&old)?;
    let mut l = old.clone();
    if let Some(v) = p.source {
        l.source = v;
    }
    if let Some(v) = p.company_name {
        l.company_name = v;
    }
    let set = |f: &mut Option<String>, v: Option<Option<String>>| {
        if let Some(v) = v {
            *f = v;
        }
    };
    set(&mut l.contact_name, p.contact_name);
    set(&mut l.contact_phone, p.contact_phone);
    set(&mut l.contact_email, p.contact_email);
    set(&mut l.needs, p.needs);
    set(&mut l.industry, p.industry);
    set(&mut l.region, p.region);
    set(
        &mut l.size_class,
        p.size_class.map(|v| v.map(|s| s.as_str().to_owned())),
    );
    if let Some(v) = p.budget {
        l.budget = v;
    }
    if let Some(v) = p.expected_close_date {
        l.expected_close_date = v;
    }
    validate(&mut l)?;
    rescore(&mut l, &model, ctx.now);
    let new = save(&mut tx, ctx, &l).await?;
    audit::record_diff(&mut tx, ctx, "LEAD", new.id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// PIP-1: disqualifies a NEW lead; the reason (1–2000 characters) is required.
pub async fn disqualify_lead(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    reason: &str,
    version: i32,
) -> DomainResult<Lead> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(DomainError::validation(
            "reason",
            "a reason of 1 to 2000 characters is required",
        ));
    }
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, &ctx.actor, id, version).await?;
    require_new(&old)?;
    let mut l = old.clone();
    l.status = LeadStatus::Disqualified;
    l.disqualify_reason = Some(reason.to_owned());
    let new = save(&mut tx, ctx, &l).await?;
    audit::record_diff(&mut tx, ctx, "LEAD", id, "DISQUALIFY", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}
