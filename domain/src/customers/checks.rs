//! CUS-1 field checks and ownership helpers shared by the customer stores.

use rust_decimal::Decimal;
use sqlx::PgConnection;
use uuid::Uuid;

use super::CreditCode;
use super::store::OwnerChoice;
use crate::Ctx;
use crate::error::{DomainError, DomainResult};
use crate::money::Sign;
use crate::org::{Actor, Role};

pub(crate) fn check_len(
    field: &str,
    v: &Option<String>,
    max: usize,
) -> DomainResult<Option<String>> {
    crate::text::optional(field, v.as_deref(), max)
}

pub(crate) fn check_name(name: &str) -> DomainResult<String> {
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > 200 {
        return Err(DomainError::validation(
            "name",
            "must be 1 to 200 characters",
        ));
    }
    Ok(name.to_owned())
}

pub(crate) fn check_tags(tags: &[String]) -> DomainResult<Vec<String>> {
    if tags.len() > 20 {
        return Err(DomainError::validation("tags", "at most 20 tags"));
    }
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim();
        if t.is_empty() || t.chars().count() > 30 {
            return Err(DomainError::validation(
                "tags",
                "each tag has 1 to 30 characters",
            ));
        }
        if !out.iter().any(|o| o == t) {
            out.push(t.to_owned());
        }
    }
    Ok(out)
}

pub(crate) fn check_limit(v: Decimal) -> DomainResult<Decimal> {
    crate::money::check_amount("creditLimit", v, Sign::NonNegative)
}

pub(crate) fn parse_code(v: &Option<String>) -> DomainResult<Option<String>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Ok(Some(CreditCode::parse(s)?.as_str().to_owned())),
    }
}

/// The owner and unit of a new customer (ORG-3 scope of the creator).
pub(crate) async fn resolve_owner(
    conn: &mut PgConnection,
    actor: &Actor,
    choice: OwnerChoice,
) -> DomainResult<Option<(Uuid, Uuid)>> {
    let manager = actor.has_any(&[
        Role::Admin,
        Role::GeneralManager,
        Role::SalesDirector,
        Role::SalesManager,
        Role::Supervisor,
    ]);
    let rep = actor.has_any(&[Role::SalesRep, Role::KeyAccountManager]);
    if !manager && !rep {
        return Err(DomainError::Forbidden(
            "only sales staff may create customers".into(),
        ));
    }
    let owner = match choice {
        OwnerChoice::Pool if manager => return Ok(None),
        OwnerChoice::Default if manager && !rep => return Ok(None),
        OwnerChoice::Default | OwnerChoice::Pool => actor.user_id.ok_or(DomainError::NotFound)?,
        OwnerChoice::User(u) if manager || Some(u) == actor.user_id => u,
        OwnerChoice::User(_) => {
            return Err(DomainError::Forbidden(
                "only a manager may choose the owner".into(),
            ));
        }
    };
    owner_unit(conn, actor, owner, "ownerId").await.map(Some)
}

/// An active user's unit, within the actor's subtree unless they see everything.
pub(crate) async fn owner_unit(
    conn: &mut PgConnection,
    actor: &Actor,
    user: Uuid,
    field: &str,
) -> DomainResult<(Uuid, Uuid)> {
    let unit: Option<Uuid> =
        sqlx::query_scalar("SELECT unit_id FROM users WHERE id = $1 AND active")
            .bind(user)
            .fetch_optional(conn)
            .await?;
    let unit = unit.ok_or_else(|| DomainError::validation(field, "not an active user"))?;
    if !actor.sees_everything() && Some(user) != actor.user_id && !actor.subtree.contains(&unit) {
        return Err(DomainError::validation(field, "not a user in your units"));
    }
    Ok((user, unit))
}

pub(crate) async fn history(
    conn: &mut PgConnection,
    ctx: &Ctx,
    customer: Uuid,
    owner: Option<Uuid>,
    reason: &str,
) -> DomainResult<()> {
    sqlx::query("INSERT INTO customer_owner_history (id, customer_id, owner_id, reason, changed_by, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(Uuid::now_v7())
        .bind(customer)
        .bind(owner)
        .bind(reason)
        .bind(ctx.actor.user_id)
        .bind(ctx.now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Who may set a customer's credit terms (REC-8): limits, ratings, holds.
pub const CREDIT_ROLES: [crate::org::Role; 3] = [
    crate::org::Role::Finance,
    crate::org::Role::SalesDirector,
    crate::org::Role::GeneralManager,
];
