//! CUS-9: the state machine through GraphQL, and who may move a complaint.

use serde_json::{Value, json};

use super::{ago, input, insert_customer, record};
use crate::common::{TestApp, assert_code, assert_ok};

pub(super) const START: &str = "mutation($id: ID!, $v: Int!) { startComplaintInvestigation(id: $id, version: $v) { status version } }";
pub(super) const RESOLVE: &str = "mutation($id: ID!, $v: Int!, $c: String, $s: String) {
    resolveComplaint(id: $id, version: $v, cause: $c, solution: $s) { status version cause solution resolvedAt } }";
const CLOSE: &str = "mutation($id: ID!, $v: Int!, $r: String, $s: Int) {
    closeComplaint(id: $id, version: $v, reply: $r, outcomeSatisfaction: $s) { status version reply outcomeSatisfaction closedAt } }";

/// The complaint's status and version, and the number of complaint audit rows.
async fn status(app: &TestApp, id: &str) -> (String, i32, i64) {
    let (s, v): (String, i32) =
        sqlx::query_as("SELECT status, version FROM complaints WHERE id = $1::uuid")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    (
        s,
        v,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'COMPLAINT'")
            .await,
    )
}

#[tokio::test]
async fn cus9_state_machine_refuses_out_of_order_and_closing_without_reply() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "苏州电子", Some("rep01@example.com")).await;
    let service = app.login("service@example.com").await;
    let c = record(&app, &service, input(&cust, "MEDIUM", &ago(3))).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let refuse = |q: &'static str, vars: Value, code: &'static str, field: Option<&'static str>| {
        let app = &app;
        let service = service.clone();
        let id = id.clone();
        async move {
            let before = status(app, &id).await;
            let r = app.gql(Some(&service), q, vars).await;
            assert_code(&r, code);
            if let Some(f) = field {
                assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
            }
            assert_eq!(status(app, &id).await, before, "nothing changed");
        }
    };
    // Skipping ahead from RECEIVED.
    refuse(
        RESOLVE,
        json!({"id": id, "v": 1, "c": "c", "s": "s"}),
        "CONFLICT",
        None,
    )
    .await;
    refuse(
        CLOSE,
        json!({"id": id, "v": 1, "r": "r", "s": 4}),
        "CONFLICT",
        None,
    )
    .await;
    let r = app
        .gql(Some(&service), START, json!({"id": id, "v": 1}))
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["startComplaintInvestigation"]["status"],
        "INVESTIGATING"
    );
    // Stale version; a step without its fields; starting twice.
    refuse(
        RESOLVE,
        json!({"id": id, "v": 1, "c": "c", "s": "s"}),
        "CONFLICT",
        None,
    )
    .await;
    refuse(
        RESOLVE,
        json!({"id": id, "v": 2, "s": "s"}),
        "VALIDATION",
        Some("cause"),
    )
    .await;
    refuse(
        RESOLVE,
        json!({"id": id, "v": 2, "c": "c", "s": ""}),
        "VALIDATION",
        Some("solution"),
    )
    .await;
    refuse(START, json!({"id": id, "v": 2}), "CONFLICT", None).await;
    let r = app
        .gql(
            Some(&service),
            RESOLVE,
            json!({"id": id, "v": 2, "c": "物流延误", "s": "加急补发"}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["resolveComplaint"]["status"], "RESOLVED");
    assert!(r["data"]["resolveComplaint"]["resolvedAt"].is_string());
    // Closing needs the reply and the satisfaction follow-up; no going back.
    refuse(
        CLOSE,
        json!({"id": id, "v": 3, "s": 4}),
        "VALIDATION",
        Some("reply"),
    )
    .await;
    refuse(
        CLOSE,
        json!({"id": id, "v": 3, "r": "  ", "s": 4}),
        "VALIDATION",
        Some("reply"),
    )
    .await;
    refuse(
        CLOSE,
        json!({"id": id, "v": 3, "r": "已致电说明"}),
        "VALIDATION",
        Some("outcomeSatisfaction"),
    )
    .await;
    refuse(
        CLOSE,
        json!({"id": id, "v": 3, "r": "已致电说明", "s": 6}),
        "VALIDATION",
        Some("outcomeSatisfaction"),
    )
    .await;
    refuse(START, json!({"id": id, "v": 3}), "CONFLICT", None).await;
    let r = app
        .gql(
            Some(&service),
            CLOSE,
            json!({"id": id, "v": 3, "r": "已致电说明", "s": 4}),
        )
        .await;
    assert_ok(&r);
    let closed = &r["data"]["closeComplaint"];
    assert_eq!(
        (
            closed["status"].as_str(),
            closed["outcomeSatisfaction"].as_i64()
        ),
        (Some("CLOSED"), Some(4))
    );
    refuse(
        RESOLVE,
        json!({"id": id, "v": 4, "c": "c", "s": "s"}),
        "CONFLICT",
        None,
    )
    .await;
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'COMPLAINT'")
            .await,
        4
    );
}

#[tokio::test]
async fn cus9_who_may_move_a_complaint() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "宁波港机", Some("rep01@example.com")).await;
    let service = app.login("service@example.com").await;
    let id = record(&app, &service, input(&cust, "LOW", &ago(1))).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for who in [
        "rep03@example.com",
        "rep02@example.com",
        "supervisor.east2@example.com",
        "manager.south@example.com",
        "finance@example.com",
        "assistant@example.com",
    ] {
        let t = app.login(who).await;
        assert_code(
            &app.gql(Some(&t), START, json!({"id": id, "v": 1})).await,
            "NOT_FOUND",
        );
    }
    assert_eq!(status(&app, &id).await.0, "RECEIVED");
    // The owner, their supervisor and their manager may each take a step.
    let steps = [
        ("rep01@example.com", START),
        ("supervisor.east1@example.com", RESOLVE),
        ("manager.east@example.com", CLOSE),
    ];
    for (v, (who, q)) in steps.into_iter().enumerate() {
        let t = app.login(who).await;
        let vars = json!({"id": id, "v": v + 1, "c": "c", "s": "s", "r": "已回复"});
        let vars = if q == CLOSE {
            json!({"id": id, "v": 3, "r": "已回复", "s": 5})
        } else {
            vars
        };
        assert_ok(&app.gql(Some(&t), q, vars).await);
    }
    assert_eq!(status(&app, &id).await.0, "CLOSED");
}

#[tokio::test]
async fn cus9_concurrent_steps_one_wins() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "常州机电", Some("rep01@example.com")).await;
    let service = app.login("service@example.com").await;
    let c = record(&app, &service, input(&cust, "HIGH", &ago(1))).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let answers = futures::future::join_all(
        (0..8).map(|_| app.gql(Some(&service), START, json!({"id": id, "v": 1}))),
    )
    .await;
    let ok = answers.iter().filter(|r| r.get("errors").is_none()).count();
    assert_eq!(ok, 1, "exactly one step wins: {answers:?}");
    for r in answers.iter().filter(|r| r.get("errors").is_some()) {
        assert_code(r, "CONFLICT");
    }
    assert_eq!(status(&app, &id).await, ("INVESTIGATING".to_owned(), 2, 2));
}
