//! Failed-login limits per account and per client address, in Redis.
//!
//! Fixed windows: each failure increments `{prefix}:login:acct:{email}` and
//! `{prefix}:login:addr:{ip}`, which expire with the window. While either is
//! at its limit, `login` answers TOO_MANY_REQUESTS with the seconds left,
//! before any password is checked. A successful login clears the account
//! counter. If Redis is unreachable the limiter lets logins through and logs
//! an error: losing Redis must not lock every user out (docs/api.md).

use std::net::IpAddr;

use redis::AsyncCommands;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub struct LoginLimiter<'a> {
    st: &'a AppState,
}

impl<'a> LoginLimiter<'a> {
    pub fn new(st: &'a AppState) -> Self {
        Self { st }
    }

    fn keys(&self, email: &str, ip: Option<IpAddr>) -> (String, Option<String>) {
        let p = &self.st.config.redis_prefix;
        let email = email.trim().to_lowercase();
        (
            format!("{p}:login:acct:{email}"),
            ip.map(|ip| format!("{p}:login:addr:{ip}")),
        )
    }

    /// Refuses when the account or the address has failed too often.
    pub async fn check(&self, email: &str, ip: Option<IpAddr>) -> ApiResult<()> {
        let (acct, addr) = self.keys(email, ip);
        let cfg = &self.st.config;
        let mut conn = self.st.redis.clone();
        let mut limits = vec![(acct, cfg.login_failures_per_account)];
        if let Some(a) = addr {
            limits.push((a, cfg.login_failures_per_address));
        }
        for (key, limit) in limits {
            let got: redis::RedisResult<(Option<u32>, i64)> = redis::pipe()
                .get(&key)
                .ttl(&key)
                .query_async(&mut conn)
                .await;
            match got {
                Ok((Some(n), ttl)) if n >= limit => {
                    self.st.metrics.login_rate_limited.inc();
                    let retry = u64::try_from(ttl).unwrap_or(1).max(1);
                    return Err(ApiError::too_many_requests(retry));
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, "login limiter: Redis unavailable, not limiting")
                }
            }
        }
        Ok(())
    }

    /// Counts a failure against the account and the address.
    pub async fn failed(&self, email: &str, ip: Option<IpAddr>) {
        let (acct, addr) = self.keys(email, ip);
        let window = self.st.config.login_window.as_secs() as i64;
        let mut pipe = redis::pipe();
        for key in std::iter::once(acct).chain(addr) {
            pipe.incr(&key, 1)
                .ignore()
                .expire(&key, window)
                .arg("NX")
                .ignore();
        }
        let mut conn = self.st.redis.clone();
        if let Err(e) = pipe.query_async::<()>(&mut conn).await {
            tracing::error!(error = %e, "login limiter: cannot count a failure");
        }
    }

    /// Clears the account's failures after a successful login.
    pub async fn succeeded(&self, email: &str) {
        let (acct, _) = self.keys(email, None);
        let mut conn = self.st.redis.clone();
        if let Err(e) = conn.del::<_, ()>(&acct).await {
            tracing::error!(error = %e, "login limiter: cannot clear failures");
        }
    }
}
