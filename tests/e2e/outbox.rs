//! AUTO-6: the notification outbox against a real PostgreSQL.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use salesd_domain::notify::{
    self, Channel, MAX_ATTEMPTS, NewNotification, NoticeKind, Outcome, Recipient, backoff,
};
use uuid::Uuid;

use crate::common::TestApp;

fn note(key: &str, user: Uuid) -> NewNotification {
    NewNotification {
        dedup_key: key.to_owned(),
        kind: NoticeKind::RevisitDue,
        channel: Channel::Email,
        recipient: Recipient::User(user),
        locale: "zh-CN".into(),
        payload: serde_json::json!({"customer": "上海华东机械有限公司"}),
        not_before: Utc::now() - Duration::seconds(1),
    }
}

async fn rep(app: &TestApp) -> Uuid {
    app.user_id("rep01@example.com").await.parse().unwrap()
}

async fn status(app: &TestApp, key: &str) -> (String, i32, Option<String>) {
    sqlx::query_as("SELECT status, attempts, last_error FROM notifications WHERE dedup_key = $1")
        .bind(key)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn auto6_the_same_key_twice_records_one_notification() {
    let app = TestApp::spawn().await;
    let user = rep(&app).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    assert!(
        notify::enqueue(
            &mut conn,
            &note("revisit:c1:2026-12-01:due", user),
            Utc::now()
        )
        .await
        .unwrap()
    );
    assert!(
        !notify::enqueue(
            &mut conn,
            &note("revisit:c1:2026-12-01:due", user),
            Utc::now()
        )
        .await
        .unwrap()
    );
    let mut bad = note("x", user);
    bad.channel = Channel::Inbox;
    bad.recipient = Recipient::Contact(Uuid::now_v7());
    assert!(
        notify::enqueue(&mut conn, &bad, Utc::now()).await.is_err(),
        "contacts have no inbox"
    );
    assert!(
        notify::enqueue(&mut conn, &note("  ", user), Utc::now())
            .await
            .is_err()
    );
    assert_eq!(app.count("SELECT count(*) FROM notifications").await, 1);
}

#[tokio::test]
async fn auto6_concurrent_claimers_never_get_the_same_notification() {
    let app = TestApp::spawn().await;
    let user = rep(&app).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    for i in 0..40 {
        notify::enqueue(&mut conn, &note(&format!("k{i}"), user), Utc::now())
            .await
            .unwrap();
    }
    drop(conn);
    let claims = (0..4).map(|w| {
        let pool = app.db.pool.clone();
        tokio::spawn(async move {
            notify::claim_due(&pool, &format!("w{w}"), Utc::now(), 15)
                .await
                .unwrap()
        })
    });
    let mut ids = Vec::new();
    for c in futures::future::join_all(claims).await {
        ids.extend(c.unwrap().into_iter().map(|n| n.id));
    }
    let distinct: HashSet<Uuid> = ids.iter().copied().collect();
    assert_eq!(ids.len(), 40, "every due notification claimed once");
    assert_eq!(distinct.len(), 40, "no notification claimed twice");
    // Claimed, not yet started: no attempt counted.
    assert_eq!(
        app.count("SELECT count(*) FROM notifications WHERE status = 'SENDING' AND attempts = 0")
            .await,
        40
    );
}

#[tokio::test]
async fn auto6_failures_back_off_then_stay_failed_and_visible() {
    let app = TestApp::spawn().await;
    let user = rep(&app).await;
    let pool = &app.db.pool;
    let mut conn = pool.acquire().await.unwrap();
    notify::enqueue(&mut conn, &note("temp", user), Utc::now())
        .await
        .unwrap();
    notify::enqueue(&mut conn, &note("perm", user), Utc::now())
        .await
        .unwrap();
    drop(conn);
    let mut now = Utc::now();
    for attempt in 1..=MAX_ATTEMPTS {
        let claimed = notify::claim_due(pool, "w", now, 10).await.unwrap();
        let temp = claimed
            .iter()
            .find(|n| n.dedup_key == "temp")
            .expect("due again");
        assert_eq!(temp.attempts, attempt - 1);
        assert!(notify::start_send(pool, temp.id, "w", now).await.unwrap());
        if attempt == 1 {
            let perm = claimed.iter().find(|n| n.dedup_key == "perm").unwrap();
            assert!(notify::start_send(pool, perm.id, "w", now).await.unwrap());
            let o = notify::mark_failed(pool, perm.id, now, "550 mailbox unavailable", true)
                .await
                .unwrap();
            assert_eq!(o, Some(Outcome::GiveUp));
        }
        let o = notify::mark_failed(pool, temp.id, now, "451 try again later", false)
            .await
            .unwrap();
        if attempt < MAX_ATTEMPTS {
            assert_eq!(o, Some(Outcome::RetryIn(backoff(attempt))));
            // Not due before its backoff has passed.
            assert!(
                notify::claim_due(pool, "w", now, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            now += backoff(attempt);
        } else {
            assert_eq!(o, Some(Outcome::GiveUp));
        }
    }
    assert_eq!(
        status(&app, "temp").await,
        (
            "FAILED".into(),
            MAX_ATTEMPTS,
            Some("451 try again later".into())
        )
    );
    assert_eq!(
        status(&app, "perm").await,
        ("FAILED".into(), 1, Some("550 mailbox unavailable".into()))
    );
    assert!(
        notify::claim_due(pool, "w", now + Duration::days(1), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn auto6_sent_is_recorded_once_and_a_cancelled_one_stays_cancelled() {
    let app = TestApp::spawn().await;
    let user = rep(&app).await;
    let pool = &app.db.pool;
    let mut conn = pool.acquire().await.unwrap();
    notify::enqueue(&mut conn, &note("a", user), Utc::now())
        .await
        .unwrap();
    notify::enqueue(&mut conn, &note("b", user), Utc::now())
        .await
        .unwrap();
    drop(conn);
    let claimed = notify::claim_due(pool, "w", Utc::now(), 10).await.unwrap();
    let (a, b) = (&claimed[0], &claimed[1]);
    assert!(
        notify::mark_sent(pool, a.id, Utc::now(), Some("<k@salesd>"))
            .await
            .unwrap()
    );
    assert!(
        !notify::mark_sent(pool, a.id, Utc::now(), Some("<k@salesd>"))
            .await
            .unwrap(),
        "once"
    );
    assert!(
        notify::cancel(pool, b.id, "follow-up completed")
            .await
            .unwrap()
    );
    assert!(
        !notify::mark_sent(pool, b.id, Utc::now(), None)
            .await
            .unwrap()
    );
    assert_eq!(
        notify::mark_failed(pool, b.id, Utc::now(), "x", false)
            .await
            .unwrap(),
        None
    );
    assert_eq!(status(&app, &a.dedup_key).await.0, "SENT");
    assert_eq!(status(&app, &b.dedup_key).await.0, "CANCELLED");
}

#[tokio::test]
async fn auto6_a_sender_that_died_mid_send_hands_its_rows_back_after_the_lease() {
    let app = TestApp::spawn().await;
    let user = rep(&app).await;
    let pool = &app.db.pool;
    let mut conn = pool.acquire().await.unwrap();
    notify::enqueue(&mut conn, &note("orphan", user), Utc::now())
        .await
        .unwrap();
    drop(conn);
    let t0 = Utc::now();
    let claimed = notify::claim_due(pool, "dead-worker", t0, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(
        notify::start_send(pool, claimed[0].id, "dead-worker", t0)
            .await
            .unwrap()
    );
    let lease = Duration::minutes(5);
    assert_eq!(
        notify::release_expired_leases(pool, t0 + Duration::minutes(1), lease)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        notify::release_expired_leases(pool, t0 + Duration::minutes(6), lease)
            .await
            .unwrap(),
        1
    );
    let again = notify::claim_due(pool, "live-worker", t0 + Duration::minutes(6), 10)
        .await
        .unwrap();
    assert_eq!(
        (again.len(), again[0].attempts),
        (1, 1),
        "the started attempt stays counted"
    );
    // The dead worker's claim is gone: it could not start a send any more.
    assert!(
        !notify::start_send(pool, again[0].id, "dead-worker", t0)
            .await
            .unwrap()
    );
    assert!(
        notify::start_send(pool, again[0].id, "live-worker", t0)
            .await
            .unwrap()
    );
}
