//! The first ADMIN of a new installation (`SALESD_ADMIN_EMAIL`), and the
//! break-glass path when no active ADMIN is left.

use sqlx::PgPool;
use uuid::Uuid;

use crate::contact_info::Email;
use crate::error::DomainResult;
use crate::org::auth::hash_password;

/// Creates the first ADMIN (and the company root unit if there is none)
/// when no active ADMIN exists. Returns whether one was created.
pub async fn bootstrap_admin(pool: &PgPool, email: &str, password: &str) -> DomainResult<bool> {
    let email = Email::parse("email", email)?;
    crate::org::rules::password(password)?;
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&pw))
        .await
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))??;
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('bootstrap_admin'))")
        .execute(&mut *tx)
        .await?;
    let has_admin: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE active AND (primary_role = 'ADMIN' OR 'ADMIN' = ANY(extra_roles)))",
    )
    .fetch_one(&mut *tx)
    .await?;
    if has_admin {
        return Ok(false);
    }
    let root: Uuid = match sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id IS NULL")
        .fetch_optional(&mut *tx)
        .await?
    {
        Some(id) => id,
        None => {
            let id = Uuid::now_v7();
            sqlx::query("INSERT INTO org_units (id, name, kind) VALUES ($1, 'Company', 'COMPANY')")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
    };
    // No active ADMIN: this is the break-glass path too. An existing user
    // with this email is made ADMIN (and reactivated, with this password);
    // the audit log says so.
    let before: Option<crate::org::User> = sqlx::query_as("SELECT * FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    let after: crate::org::User = sqlx::query_as(
        "INSERT INTO users (id, email, display_name, unit_id, primary_role, password_hash)
         VALUES ($1, $2, 'Administrator', $3, 'ADMIN', $4)
         ON CONFLICT (email) DO UPDATE SET primary_role = 'ADMIN', active = true, password_hash = $4,
                                           version = users.version + 1, updated_at = now()
         RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(&email)
    .bind(root)
    .bind(hash)
    .fetch_one(&mut *tx)
    .await?;
    let ctx = crate::Ctx {
        actor: crate::org::Actor {
            user_id: None,
            label: "system: SALESD_ADMIN_EMAIL bootstrap".into(),
            roles: Vec::new(),
            subtree: Vec::new(),
            read_only: false,
            token_units: None,
        },
        request_id: "bootstrap".into(),
        now: chrono::Utc::now(),
    };
    let (action, mut changes) = match &before {
        Some(old) => ("BOOTSTRAP_ADMIN", crate::audit::diff(old, &after)),
        None => ("CREATE", crate::audit::created(&after)),
    };
    changes.push(crate::audit::FieldChange {
        field: "password".into(),
        old: "[redacted]".into(),
        new: "[redacted]".into(),
    });
    crate::audit::record(&mut tx, &ctx, "USER", after.id, action, &changes).await?;
    tx.commit().await?;
    Ok(true)
}
