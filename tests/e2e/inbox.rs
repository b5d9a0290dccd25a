//! AUTO-6: the in-app inbox through GraphQL. Notifications are recorded the
//! way the reminder scans record them (`enqueue_many` with the email and its
//! in-app twin), then read and marked through the API.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use salesd_domain::customers::scans::revisits::{RevisitDue, RevisitReminder};
use salesd_domain::notify::{self, NewNotification};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};

const LIST: &str = "query($first: Int, $after: String, $unread: Boolean) {
  myNotifications(first: $first, after: $after, unreadOnly: $unread) {
    pageInfo { hasNextPage endCursor }
    nodes { id kind title body read readAt sentAt payload }
  }
  unreadNotificationCount
}";

const MARK: &str = "mutation($id: ID!) { markNotificationRead(id: $id) { id read readAt } }";

/// Records an email to `user` and its inbox twin, visible from `at`.
async fn record(app: &TestApp, key: &str, user: Uuid, at: DateTime<Utc>) {
    let notice = RevisitDue(RevisitReminder {
        recipient_name: "Rep".into(),
        customer_id: Uuid::now_v7(),
        customer_name: "ACME".into(),
        owner_id: user,
        owner_name: "Rep".into(),
        due_date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        interval_days: 30,
        days_until: 0,
        days_overdue: 0,
    });
    let items = NewNotification::to_user(key.to_owned(), &notice, user, "en", at);
    let mut conn = app.db.pool.acquire().await.unwrap();
    notify::enqueue_many(&mut conn, &items, Utc::now())
        .await
        .unwrap();
}

/// The inbox row id of the email `key`.
async fn inbox_id(app: &TestApp, key: &str) -> String {
    sqlx::query_scalar::<_, Uuid>("SELECT id FROM notifications WHERE dedup_key = $1")
        .bind(format!("{key}:inbox"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .to_string()
}

async fn user(app: &TestApp, email: &str) -> Uuid {
    app.user_id(email).await.parse().unwrap()
}

fn ids(r: &Value) -> Vec<String> {
    r["data"]["myNotifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn auto6_inbox_lists_unread_first_then_newest_across_pages() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    let now = Utc::now();
    // n0 is the oldest, n4 the newest; n1 and n3 will be read.
    for i in 0..5 {
        record(&app, &format!("n{i}"), rep, now - Duration::minutes(10 - i)).await;
    }
    record(&app, "later", rep, now + Duration::hours(2)).await;
    let mut id = Vec::new();
    for i in 0..5 {
        id.push(inbox_id(&app, &format!("n{i}")).await);
    }
    let token = app.login("rep01@example.com").await;
    for i in [1, 3] {
        assert_ok(&app.gql(Some(&token), MARK, json!({"id": id[i]})).await);
    }
    let expected = [4, 2, 0, 3, 1].map(|i| id[i].clone());

    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let r = app
            .gql(Some(&token), LIST, json!({"first": 2, "after": after}))
            .await;
        assert_ok(&r);
        assert_eq!(r["data"]["unreadNotificationCount"], 3);
        seen.extend(ids(&r));
        let info = &r["data"]["myNotifications"]["pageInfo"];
        if info["hasNextPage"] != true {
            break;
        }
        after = info["endCursor"].clone();
    }
    assert_eq!(seen, expected, "unread first, newest first; `later` hidden");

    let r = app.gql(Some(&token), LIST, json!({"unread": true})).await;
    assert_eq!(ids(&r), [4, 2, 0].map(|i| id[i].clone()));
    let first = &r["data"]["myNotifications"]["nodes"][0];
    assert_eq!(first["kind"], "revisit_due");
    assert_eq!(first["read"], false);
    assert_eq!(first["payload"]["customer_name"], "ACME");
    assert!(first["title"].as_str().is_some_and(|t| !t.is_empty()));
}

#[tokio::test]
async fn auto6_inbox_hides_others_future_and_email_rows_as_not_found() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    let other = user(&app, "rep02@example.com").await;
    record(&app, "mine", rep, Utc::now() - Duration::minutes(1)).await;
    record(&app, "theirs", other, Utc::now() - Duration::minutes(1)).await;
    record(&app, "future", rep, Utc::now() + Duration::hours(1)).await;
    let token = app.login("rep01@example.com").await;
    let email_row: Uuid =
        sqlx::query_scalar("SELECT id FROM notifications WHERE dedup_key = 'mine'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    for id in [
        inbox_id(&app, "theirs").await,
        inbox_id(&app, "future").await,
        email_row.to_string(),
        Uuid::now_v7().to_string(),
    ] {
        let r = app.gql(Some(&token), MARK, json!({"id": id})).await;
        assert_code(&r, "NOT_FOUND");
    }
    let r = app.gql(Some(&token), LIST, json!({})).await;
    assert_eq!(ids(&r), [inbox_id(&app, "mine").await]);
    assert_eq!(
        app.count("SELECT count(*) FROM notifications WHERE read_at IS NOT NULL")
            .await,
        0
    );
    let r = app.gql(Some(&token), MARK, json!({"id": "nope"})).await;
    assert_code(&r, "VALIDATION");
}

#[tokio::test]
async fn auto6_mark_read_is_idempotent_and_mark_all_counts() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    for k in ["a", "b", "c"] {
        record(&app, k, rep, Utc::now() - Duration::minutes(1)).await;
    }
    record(&app, "future", rep, Utc::now() + Duration::hours(1)).await;
    let token = app.login("rep01@example.com").await;
    let a = inbox_id(&app, "a").await;
    let r1 = app.gql(Some(&token), MARK, json!({"id": a})).await;
    assert_ok(&r1);
    assert_eq!(r1["data"]["markNotificationRead"]["read"], true);
    let r2 = app.gql(Some(&token), MARK, json!({"id": a})).await;
    assert_eq!(
        r1["data"]["markNotificationRead"]["readAt"], r2["data"]["markNotificationRead"]["readAt"],
        "the first readAt stays"
    );
    let all = "mutation { markAllNotificationsRead }";
    let r = app.gql(Some(&token), all, json!({})).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["markAllNotificationsRead"], 2,
        "b and c, not the future one"
    );
    let r = app.gql(Some(&token), all, json!({})).await;
    assert_eq!(r["data"]["markAllNotificationsRead"], 0);
    let r = app.gql(Some(&token), LIST, json!({})).await;
    assert_eq!(r["data"]["unreadNotificationCount"], 0);
}

#[tokio::test]
async fn auto6_api_tokens_have_an_empty_inbox_and_cannot_mark() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    record(&app, "a", rep, Utc::now() - Duration::minutes(1)).await;
    let admin = app.login("admin@example.com").await;
    let r = app
        .gql(
            Some(&admin),
            "mutation { createApiToken(name: \"inbox-wall\") { token } }",
            json!({}),
        )
        .await;
    let token = r["data"]["createApiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.gql(Some(&token), LIST, json!({})).await;
    assert_ok(&r);
    assert_eq!(ids(&r).len(), 0);
    assert_eq!(r["data"]["unreadNotificationCount"], 0);
    let id = inbox_id(&app, "a").await;
    assert_code(
        &app.gql(Some(&token), MARK, json!({"id": id})).await,
        "FORBIDDEN",
    );
    assert_code(
        &app.gql(
            Some(&token),
            "mutation { markAllNotificationsRead }",
            json!({}),
        )
        .await,
        "FORBIDDEN",
    );
    let r = app.gql(None, LIST, json!({})).await;
    assert_code(&r, "UNAUTHENTICATED");
}
