//! CON-6: planning and tracking milestones; bad input; ORG-3.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{contract, count, days_ago, days_ahead, row, team_member, today};
use crate::common::{TestApp, assert_code, assert_ok};

pub const ADD: &str = "mutation($i: AddMilestoneInput!) { addMilestone(input: $i) {
    id contractId position name plannedDate actualDate percentDone done overdueDays note version } }";
pub const UPDATE: &str = "mutation($id: ID!, $v: Int!, $i: UpdateMilestoneInput!) {
    updateMilestone(id: $id, version: $v, input: $i) {
    id position name plannedDate actualDate percentDone done overdueDays note version } }";
const LIST: &str =
    "query($c: ID!) { contractMilestones(contractId: $c) { id position name overdueDays } }";

pub async fn add(app: &TestApp, token: &str, contract: Uuid, name: &str, planned: &str) -> Value {
    let r = app
        .gql(
            Some(token),
            ADD,
            json!({"i": {"contractId": contract, "name": name, "plannedDate": planned}}),
        )
        .await;
    assert_ok(&r);
    r["data"]["addMilestone"].clone()
}

#[tokio::test]
async fn con6_milestones_are_planned_tracked_and_overdue() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let f = contract(&app, "rep01@example.com", "SIGNED").await;
    let late = days_ago(3).to_string();
    let m1 = add(&app, &rep, f.contract, "设备到货", &late).await;
    assert_eq!(m1["position"], 1);
    assert_eq!(m1["percentDone"], 0);
    assert_eq!(m1["done"], false);
    assert_eq!(m1["overdueDays"], 3, "CON-6: planned 3 days ago, not done");
    let m2 = add(&app, &rep, f.contract, "安装调试", &today().to_string()).await;
    assert_eq!(m2["position"], 2);
    assert_eq!(m2["overdueDays"], 0, "due today is not overdue");

    let id = m1["id"].as_str().unwrap();
    let r = app
        .gql(
            Some(&rep),
            UPDATE,
            json!({"id": id, "v": 1, "i": {"percentDone": 60, "note": "等待物流"}}),
        )
        .await;
    assert_ok(&r);
    let m = &r["data"]["updateMilestone"];
    assert_eq!(
        (m["percentDone"].clone(), m["version"].clone()),
        (json!(60), json!(2))
    );
    assert_eq!(m["note"], "等待物流");
    // CON-6: an actual date means done at 100 %.
    let done_on = days_ago(1).to_string();
    let r = app
        .gql(
            Some(&rep),
            UPDATE,
            json!({"id": id, "v": 2, "i": {"actualDate": done_on}}),
        )
        .await;
    assert_ok(&r);
    let m = &r["data"]["updateMilestone"];
    assert_eq!(m["percentDone"], 100);
    assert_eq!(m["done"], true);
    assert_eq!(m["overdueDays"], 0);
    assert_eq!(m["actualDate"], done_on);
    // A done milestone's percent cannot go below 100.
    let before = row(&app, "contract_milestones", id.parse().unwrap()).await;
    let r = app
        .gql(
            Some(&rep),
            UPDATE,
            json!({"id": id, "v": 3, "i": {"percentDone": 90}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(
        row(&app, "contract_milestones", id.parse().unwrap()).await,
        before
    );

    let r = app.gql(Some(&rep), LIST, json!({"c": f.contract})).await;
    assert_ok(&r);
    let names: Vec<&str> = r["data"]["contractMilestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["设备到货", "安装调试"]);
    let q = "query($id: ID!) { milestone(id: $id) { name version } }";
    let r = app.gql(Some(&rep), q, json!({"id": id})).await;
    assert_eq!(r["data"]["milestone"]["version"], 3);
    // ORG-4: audited.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_log WHERE entity = 'MILESTONE' AND action = 'CREATE'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_log WHERE entity = 'MILESTONE' AND action = 'UPDATE'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn con6_bad_milestone_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let f = contract(&app, "rep01@example.com", "EXECUTING").await;
    let draft = contract(&app, "rep01@example.com", "DRAFT").await;
    let m = add(
        &app,
        &rep,
        f.contract,
        "设备到货",
        &days_ahead(10).to_string(),
    )
    .await;
    let mid: Uuid = m["id"].as_str().unwrap().parse().unwrap();
    let snapshot = || async {
        (
            count(&app, "SELECT count(*) FROM contract_milestones").await,
            count(
                &app,
                "SELECT count(*) FROM audit_log WHERE entity = 'MILESTONE'",
            )
            .await,
            row(&app, "contract_milestones", mid).await,
        )
    };
    let before = snapshot().await;
    let input = |c: &Uuid, name: &str, planned: String| json!({"i": {"contractId": c, "name": name, "plannedDate": planned}});
    let soon = days_ahead(5).to_string();
    let too_far = days_ahead(3700).to_string();
    let long = "长".repeat(201);
    for (vars, code) in [
        (input(&f.contract, "", soon.clone()), "VALIDATION"),
        (input(&f.contract, "   ", soon.clone()), "VALIDATION"),
        (input(&f.contract, &long, soon.clone()), "VALIDATION"),
        (input(&f.contract, "x", too_far), "VALIDATION"),
        (
            json!({"i": {"contractId": "nope", "name": "x", "plannedDate": soon}}),
            "VALIDATION",
        ),
        // CON-6: not on a DRAFT contract.
        (input(&draft.contract, "x", soon.clone()), "CONFLICT"),
        (input(&Uuid::now_v7(), "x", soon.clone()), "NOT_FOUND"),
    ] {
        let r = app.gql(Some(&rep), ADD, vars).await;
        assert_code(&r, code);
    }
    // ORG-3: another rep or supervisor gets exactly the answer of a contract
    // that does not exist; finance reads contracts but never changes them.
    let random = app
        .gql(Some(&rep), ADD, input(&Uuid::now_v7(), "x", soon.clone()))
        .await;
    for who in [
        "rep02@example.com",
        "supervisor.east2@example.com",
        "service@example.com",
    ] {
        let t = app.login(who).await;
        let r = app
            .gql(Some(&t), ADD, input(&f.contract, "x", soon.clone()))
            .await;
        assert_eq!(r["errors"], random["errors"], "{who}: {r}");
        let r = app
            .gql(
                Some(&t),
                UPDATE,
                json!({"id": mid, "v": 1, "i": {"percentDone": 5}}),
            )
            .await;
        assert_code(&r, "NOT_FOUND");
    }
    let finance = app.login("finance@example.com").await;
    let r = app
        .gql(Some(&finance), ADD, input(&f.contract, "x", soon.clone()))
        .await;
    assert_code(&r, "FORBIDDEN");
    let r = app
        .gql(
            Some(&finance),
            UPDATE,
            json!({"id": mid, "v": 1, "i": {"percentDone": 5}}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");
    let tomorrow = days_ahead(1).to_string();
    for (vars, code) in [
        (
            json!({"id": mid, "v": 1, "i": {"percentDone": 101}}),
            "VALIDATION",
        ),
        (
            json!({"id": mid, "v": 1, "i": {"percentDone": -1}}),
            "VALIDATION",
        ),
        (
            json!({"id": mid, "v": 1, "i": {"actualDate": tomorrow}}),
            "VALIDATION",
        ),
        (json!({"id": mid, "v": 1, "i": {"name": ""}}), "VALIDATION"),
        (
            json!({"id": mid, "v": 1, "i": {"note": "n".repeat(2001)}}),
            "VALIDATION",
        ),
        (json!({"id": mid, "v": 1, "i": {}}), "VALIDATION"),
        (
            json!({"id": "bad", "v": 1, "i": {"percentDone": 5}}),
            "VALIDATION",
        ),
        (
            json!({"id": mid, "v": 7, "i": {"percentDone": 5}}),
            "CONFLICT",
        ),
        (
            json!({"id": Uuid::now_v7(), "v": 1, "i": {"percentDone": 5}}),
            "NOT_FOUND",
        ),
    ] {
        let r = app.gql(Some(&rep), UPDATE, vars).await;
        assert_code(&r, code);
    }
    assert_eq!(snapshot().await, before, "nothing changed");
    // An accepted contract's plan is history.
    sqlx::query("UPDATE contracts SET status = 'ACCEPTED' WHERE id = $1")
        .bind(f.contract)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = app
        .gql(
            Some(&rep),
            UPDATE,
            json!({"id": mid, "v": 1, "i": {"percentDone": 5}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(snapshot().await, before);
}

#[tokio::test]
async fn org3_milestones_follow_the_contract_scope() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let f = contract(&app, "rep01@example.com", "SIGNED").await;
    add(
        &app,
        &rep,
        f.contract,
        "设备到货",
        &days_ahead(3).to_string(),
    )
    .await;
    // rep03 joins the project team: reads and maintains the plan.
    team_member(&app, f.opportunity, "rep03@example.com", "MEMBER").await;
    let q = "query($id: ID!) { contractMilestones(contractId: $id) { id } }";
    let records = [("rep01 contract", f.contract.to_string())];
    let t = true;
    let n = false;
    crate::e2e::access::assert_matrix(
        &app,
        q,
        &records,
        &[
            ("director@example.com", &[t]),
            ("manager.east@example.com", &[t]),
            ("supervisor.east1@example.com", &[t]),
            ("rep01@example.com", &[t]),
            ("rep03@example.com", &[t]),
            ("finance@example.com", &[t]),
            ("assistant@example.com", &[t]),
            ("rep02@example.com", &[n]),
            ("supervisor.east2@example.com", &[n]),
            ("manager.south@example.com", &[n]),
            ("service@example.com", &[n]),
        ],
    )
    .await;
    let rep03 = app.login("rep03@example.com").await;
    add(&app, &rep03, f.contract, "培训", &days_ahead(9).to_string()).await;
    let assistant = app.login("assistant@example.com").await;
    add(
        &app,
        &assistant,
        f.contract,
        "资料移交",
        &days_ahead(12).to_string(),
    )
    .await;
    assert_eq!(
        count(&app, "SELECT count(*) FROM contract_milestones").await,
        3
    );
}
