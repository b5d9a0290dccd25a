//! The browser session (CONSOLE.md): `login` also sets the session token as
//! an HttpOnly, `SameSite=Strict` cookie (`Secure` outside development), so
//! the console's pages never hold the token; the API accepts the cookie as
//! well as `Authorization: Bearer` (which wins when both are sent); logout
//! clears it. Cross-site requests are refused: besides SameSite=Strict, a
//! cookie-carrying POST whose `Origin` is another site's answers 403, and
//! mutations are never accepted over GET.

use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{DateTime, Utc};

use crate::config::Env;

/// The cookie's name.
pub const NAME: &str = "salesd_session";

/// The session token carried by the request's cookie, if any.
pub fn token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NAME)
        .map(|(_, value)| value.trim())
        .filter(|t| !t.is_empty() && t.len() <= 200)
}

/// `Set-Cookie` for a new session expiring at `expires`.
pub fn set(
    token: &str,
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
    env: Env,
) -> Option<HeaderValue> {
    let max_age = (expires - now).num_seconds().max(0);
    HeaderValue::from_str(&format!(
        "{NAME}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        secure(env)
    ))
    .ok()
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear(env: Env) -> HeaderValue {
    let value = format!(
        "{NAME}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{}",
        secure(env)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn secure(env: Env) -> &'static str {
    match env {
        Env::Dev => "",
        Env::Production => "; Secure",
    }
}

/// Whether a cookie-carrying request comes from another site: its `Origin`
/// (sent by browsers on every POST) names a host other than the one it
/// was sent to. A request without `Origin` is not a browser's cross-site
/// request (SameSite=Strict would not have sent the cookie then).
pub fn cross_site(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    origin == "null" || origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn finds_the_session_among_other_cookies() {
        let h = headers(&[(
            header::COOKIE,
            "theme=dark; salesd_session=abc123 ; lang=en",
        )]);
        assert_eq!(token(&h), Some("abc123"));
        assert_eq!(
            token(&headers(&[(header::COOKIE, "salesd_session=")])),
            None
        );
        assert_eq!(token(&headers(&[(header::COOKIE, "other=1")])), None);
    }

    #[test]
    fn the_cookie_is_httponly_strict_and_secure_outside_development() {
        let now = Utc::now();
        let c = set("t", now + chrono::Duration::hours(12), now, Env::Production).unwrap();
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(c.contains("Max-Age=43200"));
        let dev = set("t", now, now, Env::Dev).unwrap();
        assert!(!dev.to_str().unwrap().contains("Secure"));
        assert!(clear(Env::Dev).to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn another_sites_origin_is_cross_site() {
        let host = (header::HOST, "127.0.0.1:8080");
        assert!(!cross_site(&headers(std::slice::from_ref(&host))));
        assert!(!cross_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://127.0.0.1:8080")
        ])));
        assert!(cross_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "http://evil.example")
        ])));
        assert!(cross_site(&headers(&[
            host.clone(),
            (header::ORIGIN, "null")
        ])));
        assert!(cross_site(&headers(&[
            host,
            (header::ORIGIN, "http://127.0.0.1:8080.evil.example")
        ])));
    }
}
