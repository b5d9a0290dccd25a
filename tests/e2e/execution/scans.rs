//! CON-6 overdue milestone alerts and CON-9 after-sales escalation: keyed
//! notifications (AUTO-6), once, cancelled at send time when the cause went
//! away.

use chrono::{Duration, Utc};
use salesd_domain::notify::Notification;
use salesd_domain::notify::scan::{ScanKind, ScanOptions};
use salesd_domain::registry::run_scan;
use serde_json::json;
use uuid::Uuid;

use super::after_sales::{create, respond_query};
use super::milestones::{UPDATE, add};
use super::{contract, days_ago, days_ahead, team_member, today, uid};
use crate::common::{TestApp, assert_ok};

async fn emails(app: &TestApp, kind: &str) -> Vec<Notification> {
    sqlx::query_as(
        "SELECT * FROM notifications WHERE kind = $1 AND channel = 'EMAIL' ORDER BY dedup_key",
    )
    .bind(kind)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

fn forced() -> ScanOptions {
    ScanOptions {
        force: true,
        ..ScanOptions::default()
    }
}

#[tokio::test]
async fn con6_overdue_milestone_alerts_the_project_leader_once() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    // Contract 1: rep02 leads the project team; contract 2 has no team, so
    // its owner (rep03) is alerted.
    let f1 = contract(&app, "rep01@example.com", "EXECUTING").await;
    team_member(&app, f1.opportunity, "rep04@example.com", "MEMBER").await;
    team_member(&app, f1.opportunity, "rep02@example.com", "LEADER").await;
    let f2 = contract(&app, "rep03@example.com", "SIGNED").await;
    let rep03 = app.login("rep03@example.com").await;
    let late = days_ago(3).to_string();
    let m1 = add(&app, &rep, f1.contract, "设备到货", &late).await;
    let done = add(&app, &rep, f1.contract, "方案确认", &late).await;
    let r = app
        .gql(
            Some(&rep),
            UPDATE,
            json!({"id": done["id"], "v": 1, "i": {"actualDate": days_ago(1).to_string()}}),
        )
        .await;
    assert_ok(&r);
    add(&app, &rep, f1.contract, "培训", &days_ahead(1).to_string()).await;
    add(&app, &rep, f1.contract, "今日到期", &today().to_string()).await;
    let m4 = add(&app, &rep03, f2.contract, "安装", &late).await;
    // A terminated contract's milestones do not alert.
    let f3 = contract(&app, "rep01@example.com", "EXECUTING").await;
    add(&app, &rep, f3.contract, "作废", &late).await;
    sqlx::query(
        "UPDATE contracts SET status = 'TERMINATED', termination_reason = 'x' WHERE id = $1",
    )
    .bind(f3.contract)
    .execute(&app.db.pool)
    .await
    .unwrap();

    let now = Utc::now();
    let report = run_scan(
        &app.db.pool,
        ScanKind::Milestones,
        now,
        ScanOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.found, 2);
    assert_eq!(report.created, 4, "email + inbox twin each");
    let sent = emails(&app, "milestone_overdue").await;
    let mut got: Vec<(String, Uuid)> = sent
        .iter()
        .map(|n| (n.dedup_key.clone(), n.recipient_user_id.unwrap()))
        .collect();
    got.sort();
    let mut expected = vec![
        (
            format!("milestone:{}:overdue:{late}", m1["id"].as_str().unwrap()),
            uid(&app, "rep02@example.com").await,
        ),
        (
            format!("milestone:{}:overdue:{late}", m4["id"].as_str().unwrap()),
            uid(&app, "rep03@example.com").await,
        ),
    ];
    expected.sort();
    assert_eq!(got, expected, "the LEADER, else the contract owner");
    let n1 = sent
        .iter()
        .find(|n| n.dedup_key.contains(m1["id"].as_str().unwrap()))
        .unwrap();
    assert_eq!(n1.payload["days_overdue"], 3);
    assert_eq!(n1.payload["contract_number"], f1.number.as_str());
    // The daily scan does not run twice a day; forced, it records nothing new.
    let again = run_scan(
        &app.db.pool,
        ScanKind::Milestones,
        now,
        ScanOptions::default(),
    )
    .await
    .unwrap();
    assert!(again.skipped);
    let forced_again = run_scan(&app.db.pool, ScanKind::Milestones, now, forced())
        .await
        .unwrap();
    assert_eq!(
        forced_again.created, 0,
        "AUTO-6: the same milestone and date never twice"
    );
    assert_eq!(emails(&app, "milestone_overdue").await.len(), 2);

    // Send-time re-check (AUTO-6): m1 done meanwhile ⇒ cancelled; m4 still open ⇒ sent.
    let n4 = sent
        .iter()
        .find(|n| n.dedup_key.contains(m4["id"].as_str().unwrap()))
        .unwrap();
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n4, today())
            .await
            .unwrap(),
        None
    );
    let r = app
        .gql(
            Some(&rep),
            UPDATE,
            json!({"id": m1["id"], "v": 1, "i": {"actualDate": today().to_string()}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n1, today())
            .await
            .unwrap()
            .as_deref(),
        Some("the milestone was completed")
    );
    // Re-planning m4 cancels the old alert; the new date, once overdue, alerts again.
    let replanned = days_ago(1).to_string();
    let r = app
        .gql(
            Some(&rep03),
            UPDATE,
            json!({"id": m4["id"], "v": 1, "i": {"plannedDate": replanned}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n4, today())
            .await
            .unwrap()
            .as_deref(),
        Some("the milestone was re-planned")
    );
    let third = run_scan(&app.db.pool, ScanKind::Milestones, now, forced())
        .await
        .unwrap();
    assert_eq!(third.created, 2);
    assert!(
        emails(&app, "milestone_overdue")
            .await
            .iter()
            .any(|n| n.dedup_key
                == format!(
                    "milestone:{}:overdue:{replanned}",
                    m4["id"].as_str().unwrap()
                ))
    );
}

#[tokio::test]
async fn con9_unanswered_request_escalates_to_the_owners_head_and_customer_service() {
    let app = TestApp::spawn().await;
    let service = app.login("service@example.com").await;
    let f = contract(&app, "rep01@example.com", "ACCEPTED").await;
    let late = create(&app, &service, f.customer, "URGENT").await;
    let fine = create(&app, &service, f.customer, "LOW").await;
    let late_id: Uuid = late["id"].as_str().unwrap().parse().unwrap();
    sqlx::query("UPDATE after_sales_requests SET respond_by = $2 WHERE id = $1")
        .bind(late_id)
        .bind(Utc::now() - Duration::hours(3))
        .execute(&app.db.pool)
        .await
        .unwrap();
    let now = Utc::now();
    let report = run_scan(
        &app.db.pool,
        ScanKind::AfterSales,
        now,
        ScanOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.found, 2);
    let sent = emails(&app, "after_sales_overdue").await;
    let mut to: Vec<Uuid> = sent.iter().filter_map(|n| n.recipient_user_id).collect();
    to.sort();
    // rep01's direct head, and the head of the customer-service unit.
    let mut expected = vec![
        uid(&app, "supervisor.east1@example.com").await,
        uid(&app, "service@example.com").await,
    ];
    expected.sort();
    assert_eq!(to, expected);
    assert!(sent.iter().all(|n| {
        n.dedup_key
            .starts_with(&format!("after_sales:{late_id}:late"))
    }));
    assert_eq!(sent[0].payload["hours_late"], 3);
    assert_eq!(sent[0].payload["priority"], "URGENT");
    assert!(
        !sent
            .iter()
            .any(|n| n.dedup_key.contains(fine["id"].as_str().unwrap()))
    );
    let again = run_scan(
        &app.db.pool,
        ScanKind::AfterSales,
        now,
        ScanOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.created, 0, "escalated once");
    // Responded to before sending ⇒ cancelled.
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, &sent[0], today())
            .await
            .unwrap(),
        None
    );
    let r = app
        .gql(
            Some(&service),
            &respond_query(),
            json!({"id": late_id, "v": 1, "h": "REMOTE"}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["respondAfterSales"]["respondedLate"], true);
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, &sent[0], today())
            .await
            .unwrap()
            .as_deref(),
        Some("the request was responded to")
    );
}
