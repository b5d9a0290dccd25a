//! People (ORG-2): scoped reads (ORG-3), ADMIN-only writes, audited (ORG-4).

use std::collections::HashMap;

use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::require_admin;
use crate::Ctx;
use crate::audit;
use crate::contact_info::{Email, Phone};
use crate::error::{DomainError, DomainResult};
use crate::org::auth::hash_password;
use crate::org::model::{Locale, Person, Role, User};
use crate::org::rules;
use crate::org::scope::Scope;
use crate::page::{self, Keyed, Page, PageRequest, SortKey};
use crate::versioned::lock_current_by;

pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub unit_id: Uuid,
    pub primary_role: Role,
    pub extra_roles: Vec<Role>,
    pub is_trainee: bool,
    pub phone: Option<String>,
    pub locale: Locale,
    pub password: Option<String>,
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Default)]
pub struct UserPatch {
    pub id: Uuid,
    pub version: i32,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub unit_id: Option<Uuid>,
    pub primary_role: Option<Role>,
    pub extra_roles: Option<Vec<Role>>,
    pub is_trainee: Option<bool>,
    /// `Some(None)` clears the phone.
    pub phone: Option<Option<String>>,
    pub locale: Option<Locale>,
    pub password: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct UserFilter {
    /// People in this unit or any unit below it.
    pub unit_id: Option<Uuid>,
    /// Primary or extra role.
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// Substring of the name or email, case-insensitive.
    pub search: Option<String>,
}

#[derive(Clone, Copy, Debug, Default)]
pub enum UserOrder {
    #[default]
    Name,
    Email,
    CreatedAt,
}

impl UserOrder {
    fn key(self, descending: bool) -> SortKey {
        let (expr, sql_type) = match self {
            UserOrder::Name => ("u.display_name", "text"),
            UserOrder::Email => ("u.email", "text"),
            UserOrder::CreatedAt => ("u.created_at", "timestamptz"),
        };
        SortKey {
            expr,
            sql_type,
            descending,
        }
    }
}

fn push_where(qb: &mut QueryBuilder<Postgres>, scope: &Scope, filter: &UserFilter) {
    qb.push(" WHERE TRUE");
    scope.push_filter(qb, "u.id", "u.unit_id", None);
    if let Some(unit) = filter.unit_id {
        qb.push(" AND u.unit_id IN (SELECT unit_subtree(")
            .push_bind(unit)
            .push("))");
    }
    if let Some(role) = filter.role {
        qb.push(" AND (u.primary_role = ")
            .push_bind(role.as_str())
            .push(" OR ")
            .push_bind(role.as_str())
            .push(" = ANY(u.extra_roles))");
    }
    if let Some(active) = filter.active {
        qb.push(" AND u.active = ").push_bind(active);
    }
    if let Some(s) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = format!(
            "%{}%",
            s.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        qb.push(" AND (u.display_name ILIKE ")
            .push_bind(pattern.clone())
            .push(" OR u.email ILIKE ")
            .push_bind(pattern)
            .push(")");
    }
}

/// One page of the people the scope reaches.
pub async fn list_users(
    pool: &PgPool,
    scope: &Scope,
    filter: &UserFilter,
    order: UserOrder,
    descending: bool,
    req: &PageRequest,
) -> DomainResult<Page<User>> {
    let sort = order.key(descending);
    let mut qb = QueryBuilder::new(format!(
        "SELECT u.*, {}::text AS sort_key FROM users u",
        sort.expr
    ));
    push_where(&mut qb, scope, filter);
    page::push_keyset(&mut qb, "u.id", sort, req);
    let rows: Vec<Keyed<User>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |u| u.id, req))
}

pub async fn count_users(pool: &PgPool, scope: &Scope, filter: &UserFilter) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*) FROM users u");
    push_where(&mut qb, scope, filter);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// A person's record, if the scope reaches it.
pub async fn get_user(pool: &PgPool, scope: &Scope, id: Uuid) -> DomainResult<Option<User>> {
    let mut qb = QueryBuilder::new("SELECT u.* FROM users u");
    push_where(&mut qb, scope, &UserFilter::default());
    qb.push(" AND u.id = ").push_bind(id);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The records among `ids` that the scope reaches (for batch loading).
pub async fn users_by_ids(pool: &PgPool, scope: &Scope, ids: &[Uuid]) -> DomainResult<Vec<User>> {
    let mut qb = QueryBuilder::new("SELECT u.* FROM users u");
    push_where(&mut qb, scope, &UserFilter::default());
    qb.push(" AND u.id = ANY(")
        .push_bind(ids.to_vec())
        .push(")");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// Directory entries (name only), which every colleague may read.
pub async fn persons_by_ids(pool: &PgPool, ids: &[Uuid]) -> DomainResult<Vec<Person>> {
    Ok(
        sqlx::query_as("SELECT id, display_name FROM users WHERE id = ANY($1)")
            .bind(ids)
            .fetch_all(pool)
            .await?,
    )
}

/// Each user's unit and its ancestors, nearest first, with their heads: one
/// statement for many users.
async fn head_chains(
    pool: &PgPool,
    users: &[Uuid],
) -> DomainResult<HashMap<Uuid, Vec<(Uuid, Option<Uuid>)>>> {
    let rows: Vec<(Uuid, Uuid, Option<Uuid>)> = sqlx::query_as(
        "WITH RECURSIVE chain AS (
             SELECT u.id AS user_id, o.id AS unit_id, o.head_user_id, o.parent_id, 0 AS depth
             FROM users u JOIN org_units o ON o.id = u.unit_id
             WHERE u.id = ANY($1)
             UNION ALL
             SELECT c.user_id, p.id, p.head_user_id, p.parent_id, c.depth + 1
             FROM chain c JOIN org_units p ON p.id = c.parent_id
         )
         SELECT user_id, unit_id, head_user_id FROM chain ORDER BY user_id, depth",
    )
    .bind(users)
    .fetch_all(pool)
    .await?;
    let mut chains: HashMap<Uuid, Vec<(Uuid, Option<Uuid>)>> = HashMap::new();
    for (user, unit, head) in rows {
        chains.entry(user).or_default().push((unit, head));
    }
    Ok(chains)
}

/// Who hears escalations about each user ([`rules::nearest_head`]): the
/// direct head, or the nearest head above a vacancy. For notices only; an
/// approval asks [`direct_heads_strict`].
pub async fn direct_heads(pool: &PgPool, users: &[Uuid]) -> DomainResult<HashMap<Uuid, Uuid>> {
    Ok(head_chains(pool, users)
        .await?
        .into_iter()
        .filter_map(|(user, chain)| rules::nearest_head(user, &chain).map(|h| (user, h)))
        .collect())
}

/// ORG-5 for approvals ([`rules::direct_head`]): each user's direct head,
/// or the unit whose head is missing.
pub async fn direct_heads_strict(
    pool: &PgPool,
    users: &[Uuid],
) -> DomainResult<HashMap<Uuid, rules::DirectHead>> {
    Ok(head_chains(pool, users)
        .await?
        .into_iter()
        .map(|(user, chain)| (user, rules::direct_head(user, &chain)))
        .collect())
}

/// The direct head who must decide on `user`'s submission (ORG-5), or
/// VALIDATION on `field` naming the unit whose head is missing (ORG-1).
/// `None` for the person at the top, whom nobody heads.
pub async fn approving_head(pool: &PgPool, user: Uuid, field: &str) -> DomainResult<Option<Uuid>> {
    let head = direct_heads_strict(pool, &[user])
        .await?
        .get(&user)
        .copied()
        .unwrap_or(rules::DirectHead::Top);
    match head {
        rules::DirectHead::Head(h) => Ok(Some(h)),
        rules::DirectHead::Top => Ok(None),
        rules::DirectHead::Vacant(unit) => {
            let name: String = sqlx::query_scalar("SELECT name FROM org_units WHERE id = $1")
                .bind(unit)
                .fetch_one(pool)
                .await?;
            Err(DomainError::validation(
                field,
                format!(
                    "the unit {name} has no head, and this needs the decision of its head (ORG-5): \
                     an administrator must appoint a head of {name} first"
                ),
            ))
        }
    }
}

async fn check_unit(tx: &mut PgConnection, unit: Uuid) -> DomainResult<()> {
    let ok: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1 AND active)")
            .bind(unit)
            .fetch_one(&mut *tx)
            .await?;
    if !ok {
        return Err(DomainError::validation("unitId", "no such active unit"));
    }
    Ok(())
}

fn email_conflict(e: sqlx::Error) -> DomainError {
    match crate::error::unique_violation(&e) {
        Some("users_email_key") => DomainError::conflict("a user with this email already exists"),
        _ => e.into(),
    }
}

fn extra_roles(primary: Role, extra: &[Role]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in extra.iter().filter(|r| **r != primary) {
        if !out.iter().any(|o| o == r.as_str()) {
            out.push(r.as_str().to_owned());
        }
    }
    out
}

async fn hash(password: String) -> DomainResult<String> {
    let pw = rules::password(&password)?.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&pw))
        .await
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
}

pub async fn create_user(pool: &PgPool, ctx: &Ctx, input: NewUser) -> DomainResult<User> {
    require_admin(&ctx.actor)?;
    let email = Email::parse("email", &input.email)?;
    let name = rules::display_name("displayName", &input.display_name)?;
    let phone = Phone::parse("phone", input.phone.as_deref())?;
    let password_hash = match input.password {
        Some(p) => Some(hash(p).await?),
        None => None,
    };
    let mut tx = pool.begin().await?;
    check_unit(&mut tx, input.unit_id).await?;
    let user: User = sqlx::query_as(
        "INSERT INTO users (id, email, display_name, unit_id, primary_role, extra_roles, is_trainee,
                            phone, locale, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(&email)
    .bind(&name)
    .bind(input.unit_id)
    .bind(input.primary_role.as_str())
    .bind(extra_roles(input.primary_role, &input.extra_roles))
    .bind(input.is_trainee)
    .bind(phone)
    .bind(input.locale.as_str())
    .bind(password_hash)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(email_conflict)?;
    audit::record(
        &mut tx,
        ctx,
        "USER",
        user.id,
        "CREATE",
        &audit::created(&user),
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

async fn lock(tx: &mut PgConnection, id: Uuid, version: i32) -> DomainResult<User> {
    let sql = "SELECT * FROM users WHERE id = $1 FOR UPDATE";
    lock_current_by(tx, sql, id, version, "user").await
}

pub async fn update_user(pool: &PgPool, ctx: &Ctx, patch: UserPatch) -> DomainResult<User> {
    require_admin(&ctx.actor)?;
    let email = patch
        .email
        .as_deref()
        .map(|e| Email::parse("email", e))
        .transpose()?;
    let name = patch
        .display_name
        .as_deref()
        .map(|n| rules::display_name("displayName", n))
        .transpose()?;
    let phone = patch
        .phone
        .map(|p| Phone::parse("phone", p.as_deref()))
        .transpose()?;
    let password_hash = match patch.password {
        Some(p) => Some(hash(p).await?),
        None => None,
    };
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, patch.id, patch.version).await?;
    if let Some(unit) = patch.unit_id {
        check_unit(&mut tx, unit).await?;
    }
    let primary = patch.primary_role.unwrap_or(old.primary_role());
    let extra = match &patch.extra_roles {
        Some(roles) => extra_roles(primary, roles),
        None => old
            .extra_roles
            .iter()
            .filter(|r| *r != primary.as_str())
            .cloned()
            .collect(),
    };
    let new: User = sqlx::query_as(
        "UPDATE users SET email = $2, display_name = $3, unit_id = $4, primary_role = $5,
                extra_roles = $6, is_trainee = $7, phone = $8, locale = $9,
                password_hash = COALESCE($10, password_hash),
                version = version + 1, updated_at = $11
         WHERE id = $1 RETURNING *",
    )
    .bind(old.id)
    .bind(email.map_or_else(|| old.email.clone(), Email::into_inner))
    .bind(name.unwrap_or_else(|| old.display_name.clone()))
    .bind(patch.unit_id.unwrap_or(old.unit_id))
    .bind(primary.as_str())
    .bind(extra)
    .bind(patch.is_trainee.unwrap_or(old.is_trainee))
    .bind(phone.map_or_else(|| old.phone.clone(), |p| p.map(Phone::into_inner)))
    .bind(
        patch
            .locale
            .map_or(old.locale.clone(), |l| l.as_str().to_owned()),
    )
    .bind(&password_hash)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(email_conflict)?;
    let mut changes = audit::diff(&old, &new);
    if password_hash.is_some() {
        changes.push(audit::FieldChange {
            field: "password".into(),
            old: "[redacted]".into(),
            new: "[redacted]".into(),
        });
        // A new password ends every open session.
        sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(old.id)
        .bind(ctx.now)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(&mut tx, ctx, "USER", new.id, "UPDATE", &changes).await?;
    tx.commit().await?;
    Ok(new)
}

/// Deactivates a user and ends their sessions. A unit head must be replaced
/// first, so no unit is left reporting to someone who has gone.
pub async fn deactivate_user(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<User> {
    require_admin(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, id, version).await?;
    if !old.active {
        return Err(DomainError::conflict("the user is already inactive"));
    }
    if ctx.actor.user_id == Some(id) {
        return Err(DomainError::validation(
            "id",
            "you cannot deactivate yourself",
        ));
    }
    let heads: Vec<String> =
        sqlx::query_scalar("SELECT name FROM org_units WHERE head_user_id = $1 AND active")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    if !heads.is_empty() {
        return Err(DomainError::validation(
            "id",
            format!("appoint a new head of {} first", heads.join(", ")),
        ));
    }
    let new: User = sqlx::query_as(
        "UPDATE users SET active = false, version = version + 1, updated_at = $2 WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(ctx.now)
        .execute(&mut *tx)
        .await?;
    audit::record_diff(&mut tx, ctx, "USER", id, "DEACTIVATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}
