//! Authentication: argon2id passwords, opaque session and API tokens stored
//! only as SHA-256 hashes.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use super::model::{Role, User};
use super::scope::Actor;
use crate::error::{DomainError, DomainResult};

const SESSION_PREFIX: &str = "sds_";
const API_TOKEN_PREFIX: &str = "sdt_";

/// Hashes a password with argon2id (a fresh salt each time).
pub fn hash_password(password: &str) -> DomainResult<String> {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Internal(anyhow::anyhow!("argon2: {e}")))
}

/// Checks a password against a stored hash; `None` (an unknown user) is
/// checked against a dummy hash so both cases cost the same time.
pub fn verify_password(stored: Option<&str>, password: &str) -> bool {
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash_password("dummy password for timing").unwrap_or_default());
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY.as_str(), false),
    };
    let ok = PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    });
    ok && real
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rng().fill_bytes(&mut b);
    b
}

/// A new random token (shown once) and the hash that is stored.
fn new_token(prefix: &str) -> (String, Vec<u8>) {
    let token = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()));
    let hash = token_hash(&token);
    (token, hash)
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A session just opened by `login`.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

/// Checks credentials and opens a session. Unknown user, inactive user and
/// wrong password all answer [`DomainError::Unauthenticated`].
pub async fn login(
    pool: &PgPool,
    email: &str,
    password: &str,
    client_addr: Option<&str>,
    now: DateTime<Utc>,
    ttl: chrono::Duration,
) -> DomainResult<NewSession> {
    let email = email.trim().to_lowercase();
    let row: Option<(Option<String>, Uuid)> =
        sqlx::query_as("SELECT password_hash, id FROM users WHERE email = $1 AND active")
            .bind(&email)
            .fetch_optional(pool)
            .await?;
    let (hash, user_id) = match row {
        Some((h, id)) => (h, Some(id)),
        None => (None, None),
    };
    let pw = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(hash.as_deref(), &pw))
        .await
        .map_err(|e| anyhow::anyhow!("password check: {e}"))?;
    let Some(user_id) = user_id.filter(|_| ok) else {
        return Err(DomainError::Unauthenticated);
    };
    let (token, hash) = new_token(SESSION_PREFIX);
    let expires_at = now + ttl;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO sessions (id, user_id, token_hash, client_addr, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(Uuid::now_v7())
    .bind(user_id)
    .bind(&hash)
    .bind(client_addr)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    let user: User =
        sqlx::query_as("UPDATE users SET last_login_at = $2 WHERE id = $1 RETURNING *")
            .bind(user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(NewSession {
        token,
        expires_at,
        user,
    })
}

/// Revokes the session of this token (a no-op for an unknown one).
pub async fn logout(pool: &PgPool, token: &str, now: DateTime<Utc>) -> DomainResult<bool> {
    let r = sqlx::query(
        "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash(token))
    .bind(now)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() > 0)
}

#[derive(sqlx::FromRow)]
struct ActorRow {
    user_id: Option<Uuid>,
    label: String,
    primary_role: Option<String>,
    extra_roles: Vec<String>,
    subtree: Vec<Uuid>,
    token_units: Option<Vec<Uuid>>,
}

/// Resolves a bearer token to its actor in one statement (which also stamps
/// last-seen / last-used at most once a minute). `None`: unknown, expired,
/// revoked, or the user was deactivated.
pub async fn authenticate(
    pool: &PgPool,
    token: &str,
    now: DateTime<Utc>,
) -> DomainResult<Option<Actor>> {
    let hash = token_hash(token);
    let row: Option<ActorRow> = if token.starts_with(SESSION_PREFIX) {
        sqlx::query_as(
            "WITH s AS (
                 SELECT id, user_id, last_seen_at FROM sessions
                 WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
             ), touch AS (
                 UPDATE sessions SET last_seen_at = $2
                 WHERE id = (SELECT id FROM s)
                   AND (last_seen_at IS NULL OR last_seen_at < $2 - interval '1 minute')
             )
             SELECT u.id AS user_id, u.display_name AS label, u.primary_role, u.extra_roles,
                    ARRAY(SELECT unit_subtree(u.unit_id)) AS subtree,
                    NULL::uuid[] AS token_units
             FROM s JOIN users u ON u.id = s.user_id
             WHERE u.active",
        )
        .bind(&hash)
        .bind(now)
        .fetch_optional(pool)
        .await?
    } else if token.starts_with(API_TOKEN_PREFIX) {
        sqlx::query_as(
            "WITH t AS (
                 SELECT id, name, unit_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL
             ), touch AS (
                 UPDATE api_tokens SET last_used_at = $2
                 WHERE id = (SELECT id FROM t)
                   AND (last_used_at IS NULL OR last_used_at < $2 - interval '1 minute')
             )
             SELECT NULL::uuid AS user_id, 'api token ' || t.name AS label,
                    NULL::text AS primary_role, '{}'::text[] AS extra_roles,
                    '{}'::uuid[] AS subtree,
                    CASE WHEN t.unit_id IS NULL THEN NULL
                         ELSE ARRAY(SELECT unit_subtree(t.unit_id)) END AS token_units
             FROM t",
        )
        .bind(&hash)
        .bind(now)
        .fetch_optional(pool)
        .await?
    } else {
        None
    };
    Ok(row.map(|r| {
        let mut roles: Vec<Role> = Vec::new();
        for r in r.primary_role.iter().chain(r.extra_roles.iter()) {
            if let Ok(role) = r.parse::<Role>()
                && !roles.contains(&role)
            {
                roles.push(role);
            }
        }
        Actor {
            read_only: r.user_id.is_none(),
            user_id: r.user_id,
            label: r.label,
            roles,
            subtree: r.subtree,
            token_units: r.token_units,
        }
    }))
}

/// A read-only API token for a dashboard app.
#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub unit_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Creates a token; the plaintext is returned once and never stored.
pub(crate) async fn insert_api_token(
    tx: &mut sqlx::PgConnection,
    name: &str,
    unit_id: Option<Uuid>,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> DomainResult<(String, ApiToken)> {
    let (token, hash) = new_token(API_TOKEN_PREFIX);
    let row: ApiToken = sqlx::query_as(
        "INSERT INTO api_tokens (id, name, token_hash, unit_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, unit_id, created_by, created_at, revoked_at, last_used_at",
    )
    .bind(Uuid::now_v7())
    .bind(name)
    .bind(hash)
    .bind(unit_id)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match crate::error::unique_violation(&e) {
        Some(_) => DomainError::conflict(format!("an active API token named `{name}` exists")),
        None => e.into(),
    })?;
    Ok((token, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_with_the_right_secret() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(Some(&h), "correct horse"));
        assert!(!verify_password(Some(&h), "wrong horse"));
        assert!(!verify_password(None, "correct horse"));
        assert_ne!(h, hash_password("correct horse").unwrap(), "salted");
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token(SESSION_PREFIX);
        let (b, _) = new_token(SESSION_PREFIX);
        assert_ne!(a, b);
        assert!(a.len() > 40);
        assert_eq!(ha, token_hash(&a));
    }
}
