//! The console's server side (docs/console.md): the browser session cookie
//! next to bearer tokens, its CSRF defences, the built console served at
//! `/` with its caching and Content-Security-Policy, and `myDay`.

use std::path::PathBuf;

use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, COOKIE, ORIGIN, SET_COOKIE};
use salesd_api::ApiConfig;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};

const LOGIN: &str =
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { expiresAt } }";

/// Signs in like the console and returns the `Set-Cookie` header.
async fn browser_login(app: &TestApp, email: &str) -> String {
    let r = app
        .http
        .post(&app.url)
        .json(&json!({"query": LOGIN, "variables": {"e": email, "p": salesd_demo::DEMO_PASSWORD}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.headers()
        .get(SET_COOKIE)
        .expect("login sets the session cookie")
        .to_str()
        .unwrap()
        .to_owned()
}

/// `salesd_session=…` out of a `Set-Cookie`.
fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// POSTs with the session cookie (and optionally an `Origin`), like a page.
async fn with_cookie(
    app: &TestApp,
    cookie: &str,
    origin: Option<&str>,
    query: &str,
) -> (u16, Option<String>, Value) {
    let mut req = app
        .http
        .post(&app.url)
        .header(COOKIE, cookie)
        .json(&json!({"query": query}));
    if let Some(o) = origin {
        req = req.header(ORIGIN, o);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let set = r
        .headers()
        .get(SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_owned());
    (status, set, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn login_sets_an_httponly_strict_session_cookie_the_api_accepts() {
    let app = TestApp::spawn().await;
    let set = browser_login(&app, "rep01@example.com").await;
    assert!(set.starts_with("salesd_session="), "{set}");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"));
    let max_age: i64 = set
        .split("Max-Age=")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (43_190..=43_200).contains(&max_age),
        "the session's 12 h: {set}"
    );
    assert!(!set.contains("Secure"), "plain HTTP in development");
    let cookie = cookie_pair(&set);
    let own = format!("http://{}", app.addr);
    let (status, _, v) = with_cookie(&app, &cookie, Some(&own), "{ me { email } }").await;
    assert_eq!(status, 200);
    assert_eq!(v["data"]["me"]["email"], "rep01@example.com");
}

#[tokio::test]
async fn the_session_cookie_is_secure_in_production() {
    let app = TestApp::with_config(ApiConfig {
        env: salesd_api::Env::Production,
        ..ApiConfig::default()
    })
    .await;
    let set = browser_login(&app, "rep01@example.com").await;
    assert!(set.contains("; Secure"), "{set}");
}

#[tokio::test]
async fn logout_ends_the_cookie_session_and_clears_the_cookie() {
    let app = TestApp::spawn().await;
    let cookie = cookie_pair(&browser_login(&app, "rep01@example.com").await);
    let (status, set, v) = with_cookie(&app, &cookie, None, "mutation { logout }").await;
    assert_eq!(status, 200);
    assert_ok(&v);
    let set = set.expect("logout clears the cookie");
    assert!(
        set.starts_with("salesd_session=;") && set.contains("Max-Age=0"),
        "{set}"
    );
    // The session itself is over, not only the cookie.
    let (status, set, v) = with_cookie(&app, &cookie, None, "{ me { email } }").await;
    assert_eq!(status, 401);
    assert_code(&v, "UNAUTHENTICATED");
    assert!(set.is_some_and(|s| s.contains("Max-Age=0")));
}

#[tokio::test]
async fn an_unknown_cookie_answers_unauthenticated_and_removes_it() {
    let app = TestApp::spawn().await;
    let (status, set, v) = with_cookie(
        &app,
        "salesd_session=not-a-session",
        None,
        "{ me { email } }",
    )
    .await;
    assert_eq!(status, 401);
    assert_code(&v, "UNAUTHENTICATED");
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("session")
    );
    assert!(set.is_some_and(|s| s.starts_with("salesd_session=;")));
}

#[tokio::test]
async fn a_cookie_from_another_site_acts_for_nobody() {
    let app = TestApp::spawn().await;
    let token = app.login("rep01@example.com").await;
    let before = app
        .count("SELECT count(*) FROM notifications WHERE read_at IS NOT NULL")
        .await;
    let cookie = format!("salesd_session={token}");
    for origin in [
        "http://evil.example",
        "null",
        "http://127.0.0.1.evil.example",
    ] {
        let (status, _, v) = with_cookie(
            &app,
            &cookie,
            Some(origin),
            "mutation { markAllNotificationsRead }",
        )
        .await;
        assert_eq!(status, 403, "{origin}");
        assert_code(&v, "FORBIDDEN");
        assert!(v.get("data").is_none());
    }
    assert_eq!(
        app.count("SELECT count(*) FROM notifications WHERE read_at IS NOT NULL")
            .await,
        before,
        "nothing was marked read"
    );
    // A bearer token is not a browser credential: Origin does not matter.
    let r = app
        .http
        .post(&app.url)
        .bearer_auth(&token)
        .header(ORIGIN, "http://dashboard.example")
        .json(&json!({"query": "{ me { email } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_mutation_over_get_is_refused_with_a_cookie_too() {
    let app = TestApp::spawn().await;
    let cookie = cookie_pair(&browser_login(&app, "rep01@example.com").await);
    let r = app
        .http
        .get(&app.url)
        .header(COOKIE, &cookie)
        .query(&[("query", "mutation { logout }")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let (_, _, v) = with_cookie(&app, &cookie, None, "{ me { email } }").await;
    assert_eq!(
        v["data"]["me"]["email"], "rep01@example.com",
        "still signed in"
    );
}

#[tokio::test]
async fn the_bearer_header_wins_over_the_cookie() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let other = cookie_pair(&browser_login(&app, "rep02@example.com").await);
    let r: Value = app
        .http
        .post(&app.url)
        .bearer_auth(&rep)
        .header(COOKIE, &other)
        .json(&json!({"query": "{ me { email } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["data"]["me"]["email"], "rep01@example.com");
}

/// A built console in a directory of its own.
fn fake_dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("salesd-dist-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><div id=root></div>").unwrap();
    std::fs::write(dir.join("assets/index-abc123.js"), "console.log(1)").unwrap();
    std::fs::write(
        dir.join("graphiql.html"),
        "<!doctype html><div id=graphiql></div><script type=module src=/assets/graphiql-x.js></script>",
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn the_console_is_served_at_every_path_with_its_caching_and_policy() {
    let dist = fake_dist();
    let app = TestApp::with_config(ApiConfig {
        web_dir: Some(dist.clone()),
        ..ApiConfig::default()
    })
    .await;
    let base = format!("http://{}", app.addr);
    for path in ["/", "/customers/123", "/sign-in?next=%2Finbox"] {
        let r = app.http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()[CACHE_CONTROL], "no-cache", "{path}");
        let csp = r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert!(r.text().await.unwrap().contains("id=root"), "{path}");
    }
    let r = app
        .http
        .get(format!("{base}/assets/index-abc123.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let missing = app
        .http
        .get(format!("{base}/assets/nope.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404, "a missing asset is not index.html");
    // GraphiQL in development: the local build, no CDN.
    let r = app
        .http
        .get(&app.url)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=graphiql") && !page.contains("https://"),
        "{page}"
    );
    // The API's own paths are not the console's.
    let r = app
        .http
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(!r.text().await.unwrap().contains("id=root"));
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn without_a_built_console_the_root_says_how_to_build_it() {
    let app = TestApp::spawn().await;
    let r = app
        .http
        .get(format!("http://{}/", app.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("scripts/web.sh"));
}

const MY_DAY: &str =
    "{ myDay { today lastWorkingDay lastWorkingDayLog { id late } weekStart weekPlan { id } } }";

#[tokio::test]
async fn my_day_tells_whether_the_last_working_days_log_is_in() {
    let app = TestApp::spawn().await;
    let token = app.login("rep01@example.com").await;
    let before = app.gql(Some(&token), MY_DAY, json!({})).await;
    assert_ok(&before);
    let day = &before["data"]["myDay"];
    let last = day["lastWorkingDay"].as_str().unwrap().to_owned();
    assert!(last.as_str() < day["today"].as_str().unwrap());
    let week_start: chrono::NaiveDate = day["weekStart"].as_str().unwrap().parse().unwrap();
    assert_eq!(chrono::Datelike::weekday(&week_start), chrono::Weekday::Mon);
    // TGT-4: remove whatever the demo logged that day, then log it.
    let me: uuid::Uuid = app.user_id("rep01@example.com").await.parse().unwrap();
    let last_day: chrono::NaiveDate = last.parse().unwrap();
    sqlx::query("DELETE FROM work_logs WHERE user_id = $1 AND day = $2")
        .bind(me)
        .bind(last_day)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let v = app.gql(Some(&token), MY_DAY, json!({})).await;
    assert!(v["data"]["myDay"]["lastWorkingDayLog"].is_null(), "{v}");
    let logged = app
        .gql(
            Some(&token),
            "mutation($d: Date!) { submitWorkLog(day: $d, input: { outcome: \"visited two customers\" }) { id } }",
            json!({"d": last}),
        )
        .await;
    assert_ok(&logged);
    let v = app.gql(Some(&token), MY_DAY, json!({})).await;
    assert_eq!(
        v["data"]["myDay"]["lastWorkingDayLog"]["id"],
        logged["data"]["submitWorkLog"]["id"]
    );
}

#[tokio::test]
async fn my_day_is_only_ever_the_callers_own() {
    let app = TestApp::spawn().await;
    // A supervisor sees their reps' logs, but their day shows their own log.
    let email = app
        .demo
        .login(salesd_domain::org::Role::Supervisor)
        .email
        .clone();
    let token = app.login(&email).await;
    let v = app.gql(Some(&token), MY_DAY, json!({})).await;
    assert_ok(&v);
    let sup: uuid::Uuid = app.user_id(&email).await.parse().unwrap();
    if let Some(log) = v["data"]["myDay"]["lastWorkingDayLog"]["id"].as_str() {
        let owner: uuid::Uuid =
            sqlx::query_scalar("SELECT user_id FROM work_logs WHERE id = $1::uuid")
                .bind(log)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(owner, sup);
    }
    let anonymous = app.gql(None, MY_DAY, json!({})).await;
    assert_code(&anonymous, "UNAUTHENTICATED");
}
