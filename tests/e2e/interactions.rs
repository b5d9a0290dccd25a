//! CUS-5 interactions and AUTO-1 follow-ups through GraphQL, with ORG-3.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::access::assert_matrix;

/// A customer inserted directly (slice A owns createCustomer): owned by
/// `owner` (email) or in the pool, created `days_ago` days ago.
pub async fn insert_customer(
    app: &TestApp,
    name: &str,
    owner: Option<&str>,
    grade: &str,
    tier: &str,
    days_ago: i32,
) -> String {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO customers (id, name, name_norm, grade, tier, owner_id, owner_unit_id, owned_since, created_at)
         VALUES ($1, $2, lower($2), $3, $4, (SELECT id FROM users WHERE email = $5),
                 (SELECT unit_id FROM users WHERE email = $5), CASE WHEN $5 IS NULL THEN NULL ELSE now() END,
                 now() - make_interval(days => $6))",
    )
    .bind(id)
    .bind(name)
    .bind(grade)
    .bind(tier)
    .bind(owner)
    .bind(days_ago)
    .execute(&app.db.pool)
    .await
    .expect("insert customer");
    id.to_string()
}

pub async fn insert_contact(
    app: &TestApp,
    customer: &str,
    name: &str,
    birthday: Option<&str>,
    opt_in: bool,
    active: bool,
) -> String {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contacts (id, customer_id, name, email, birthday, greeting_opt_in, active)
         VALUES ($1, $2::uuid, $3, 'c@example.com', $4::date, $5, $6)",
    )
    .bind(id)
    .bind(customer)
    .bind(name)
    .bind(birthday)
    .bind(opt_in)
    .bind(active)
    .execute(&app.db.pool)
    .await
    .expect("insert contact");
    id.to_string()
}

pub const LOG: &str = "mutation($input: LogInteractionInput!) { logInteraction(input: $input) {
    interaction { id kind occurredAt summary participants contactIds createdBy { displayName } }
    followUp { id dueDate status version assignee { id } customerId } } }";

pub fn today() -> chrono::NaiveDate {
    salesd_domain::customers::revisit::company_date(Utc::now())
}

pub fn input(customer: &str, kind: &str, at: chrono::DateTime<Utc>) -> Value {
    json!({"customerId": customer, "kind": kind, "occurredAt": at.to_rfc3339(), "summary": "谈了需求"})
}

async fn counts(app: &TestApp) -> (i64, i64) {
    (
        app.count("SELECT count(*) FROM interactions").await,
        app.count("SELECT count(*) FROM follow_up_tasks").await,
    )
}

#[tokio::test]
async fn cus5_log_interaction_creates_follow_up_and_moves_last_interaction() {
    let app = TestApp::spawn().await;
    let c = insert_customer(
        &app,
        "上海华东机械",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let contact = insert_contact(&app, &c, "张三", None, false, true).await;
    let rep = app.login("rep01@example.com").await;
    let due = today() + Duration::days(3);
    let mut i = input(&c, "VISIT", Utc::now() - Duration::hours(2));
    i["participants"] = json!(["李四"]);
    i["contactIds"] = json!([contact]);
    i["nextFollowUpDate"] = json!(due.to_string());
    let r = app.gql(Some(&rep), LOG, json!({"input": i})).await;
    assert_ok(&r);
    let f = &r["data"]["logInteraction"]["followUp"];
    assert_eq!(f["dueDate"], due.to_string());
    assert_eq!(f["status"], "OPEN");
    assert_eq!(f["assignee"]["id"], app.user_id("rep01@example.com").await);
    assert_eq!(
        r["data"]["logInteraction"]["interaction"]["contactIds"][0],
        contact
    );
    // ORG-4: the trail is readable where the customer is.
    let iid = r["data"]["logInteraction"]["interaction"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let fid = f["id"].as_str().unwrap().to_owned();
    let trail = "query($e: AuditEntity!, $id: ID!) { auditTrail(entity: $e, id: $id) { edges { node { action } } } }";
    for (e, id) in [("INTERACTION", &iid), ("FOLLOW_UP", &fid)] {
        let r = app.gql(Some(&rep), trail, json!({"e": e, "id": id})).await;
        assert_eq!(
            r["data"]["auditTrail"]["edges"][0]["node"]["action"], "CREATE",
            "{r}"
        );
        let south = app.login("rep03@example.com").await;
        assert_code(
            &app.gql(Some(&south), trail, json!({"e": e, "id": id}))
                .await,
            "NOT_FOUND",
        );
    }
    // A supervisor logs on the rep's customer: the task goes to the owner.
    let sup = app.login("supervisor.east1@example.com").await;
    let mut i = input(&c, "PHONE", Utc::now() - Duration::minutes(5));
    i["nextFollowUpDate"] = json!(today().to_string());
    let r = app.gql(Some(&sup), LOG, json!({"input": i})).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["logInteraction"]["followUp"]["assignee"]["id"],
        app.user_id("rep01@example.com").await
    );
    // last_interaction_at moved to the latest occurredAt, never backwards.
    let r = app
        .gql(
            Some(&rep),
            LOG,
            json!({"input": input(&c, "EMAIL", Utc::now() - Duration::days(5))}),
        )
        .await;
    assert_ok(&r);
    assert!(r["data"]["logInteraction"]["followUp"].is_null());
    let last: chrono::DateTime<Utc> =
        sqlx::query_scalar("SELECT last_interaction_at FROM customers WHERE id = $1::uuid")
            .bind(&c)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(Utc::now() - last < Duration::minutes(6));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'INTERACTION'")
            .await,
        3
    );
    // Newest first.
    let q =
        "query($id: ID!) { interactions(customerId: $id, first: 10) { edges { node { kind } } } }";
    let r = app.gql(Some(&rep), q, json!({"id": c})).await;
    let kinds: Vec<&str> = r["data"]["interactions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["PHONE", "VISIT", "EMAIL"]);
    // Keyset pages over occurredAt.
    let q = "query($id: ID!, $a: String) { interactions(customerId: $id, first: 2, after: $a) {
        edges { node { kind } } pageInfo { hasNextPage endCursor } } }";
    let r = app.gql(Some(&rep), q, json!({"id": c, "a": null})).await;
    assert_eq!(r["data"]["interactions"]["pageInfo"]["hasNextPage"], true);
    let end = r["data"]["interactions"]["pageInfo"]["endCursor"].clone();
    let r = app.gql(Some(&rep), q, json!({"id": c, "a": end})).await;
    assert_eq!(
        r["data"]["interactions"]["edges"],
        json!([{"node": {"kind": "EMAIL"}}]),
        "{r}"
    );
    // Follow-ups: mine and per customer.
    let q = "query { myFollowUps(status: OPEN) { edges { node { id customerId dueDate } } } }";
    let r = app.gql(Some(&rep), q, json!({})).await;
    assert_eq!(
        r["data"]["myFollowUps"]["edges"].as_array().unwrap().len(),
        2
    );
    let q = "query($d: Date) { myFollowUps(dueBefore: $d) { edges { node { dueDate } } } }";
    let r = app
        .gql(
            Some(&rep),
            q,
            json!({"d": (today() + Duration::days(1)).to_string()}),
        )
        .await;
    assert_eq!(
        r["data"]["myFollowUps"]["edges"].as_array().unwrap().len(),
        1
    );
    let r = app.gql(Some(&sup), q, json!({"d": null})).await;
    assert_eq!(
        r["data"]["myFollowUps"]["edges"].as_array().unwrap().len(),
        0
    );
    let q = "query($id: ID!) { followUps(customerId: $id) { edges { node { id } } } }";
    let r = app.gql(Some(&sup), q, json!({"id": c})).await;
    assert_eq!(r["data"]["followUps"]["edges"].as_array().unwrap().len(), 2);
    let other = app.login("rep03@example.com").await;
    assert_code(
        &app.gql(Some(&other), q, json!({"id": c})).await,
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn cus5_bad_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let c = insert_customer(
        &app,
        "杭州机械",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let other = insert_customer(
        &app,
        "广州机械",
        Some("rep03@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let pool = insert_customer(&app, "公海客户", None, "GENERAL", "C", 10).await;
    let foreign_contact = insert_contact(&app, &other, "王五", None, false, true).await;
    let rep = app.login("rep01@example.com").await;
    let before = counts(&app).await;
    let now = Utc::now();
    let cases: Vec<(Value, &str, Option<&str>)> = vec![
        (
            input(&c, "VISIT", now + Duration::minutes(10)),
            "VALIDATION",
            Some("occurredAt"),
        ),
        (
            json!({"customerId": c, "kind": "VISIT", "occurredAt": now.to_rfc3339(), "summary": "  "}),
            "VALIDATION",
            Some("summary"),
        ),
        (
            json!({"customerId": c, "kind": "VISIT", "occurredAt": now.to_rfc3339(), "summary": "x".repeat(5001)}),
            "VALIDATION",
            Some("summary"),
        ),
        (
            {
                let mut i = input(&c, "VISIT", now);
                i["participants"] = json!(vec!["a"; 21]);
                i
            },
            "VALIDATION",
            Some("participants"),
        ),
        (
            {
                let mut i = input(&c, "VISIT", now);
                i["participants"] = json!(["p".repeat(101)]);
                i
            },
            "VALIDATION",
            Some("participants"),
        ),
        (
            {
                let mut i = input(&c, "VISIT", now);
                i["contactIds"] = json!([foreign_contact]);
                i
            },
            "VALIDATION",
            Some("contactIds"),
        ),
        (
            {
                let mut i = input(&c, "VISIT", now);
                i["nextFollowUpDate"] = json!((today() - Duration::days(1)).to_string());
                i
            },
            "VALIDATION",
            Some("nextFollowUpDate"),
        ),
        (
            {
                let mut i = input(&c, "VISIT", now);
                i["feedback"] = json!("f".repeat(5001));
                i
            },
            "VALIDATION",
            Some("feedback"),
        ),
        (
            input("not-a-uuid", "VISIT", now),
            "VALIDATION",
            Some("customerId"),
        ),
        // ORG-3: another team's customer, and a pool customer, are not there.
        (input(&other, "VISIT", now), "NOT_FOUND", None),
        (input(&pool, "VISIT", now), "NOT_FOUND", None),
        (
            input(&Uuid::now_v7().to_string(), "VISIT", now),
            "NOT_FOUND",
            None,
        ),
    ];
    for (i, code, field) in cases {
        let r = app.gql(Some(&rep), LOG, json!({"input": i})).await;
        assert_code(&r, code);
        if let Some(f) = field {
            assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
        }
    }
    // An unknown kind is refused by the schema.
    let r = app
        .gql(Some(&rep), LOG, json!({"input": input(&c, "LUNCH", now)}))
        .await;
    assert!(r["errors"].is_array(), "{r}");
    // Customer service reads every customer but does not log for them.
    let cs = app.login("service@example.com").await;
    assert_code(
        &app.gql(Some(&cs), LOG, json!({"input": input(&c, "VISIT", now)}))
            .await,
        "NOT_FOUND",
    );
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn org3_interactions_by_role() {
    let app = TestApp::spawn().await;
    let east = insert_customer(
        &app,
        "东区客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let south = insert_customer(
        &app,
        "南区客户",
        Some("rep03@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let q = "query($id: ID!) { interactions(customerId: $id) { edges { node { id } } } }";
    const T: bool = true;
    const F: bool = false;
    let records = [("east", east.clone()), ("south", south.clone())];
    let rows: &[(&str, &[bool])] = &[
        ("rep01@example.com", &[T, F]),
        ("rep02@example.com", &[F, F]),
        ("rep03@example.com", &[F, T]),
        ("supervisor.east1@example.com", &[T, F]),
        ("manager.east@example.com", &[T, F]),
        ("manager.south@example.com", &[F, T]),
        ("director@example.com", &[T, T]),
        ("service@example.com", &[T, T]),
        ("finance@example.com", &[F, F]),
        ("assistant@example.com", &[F, F]),
    ];
    assert_matrix(&app, q, &records, rows).await;
    // Writing: logInteraction follows the write scope.
    let now = Utc::now();
    for (who, ok) in [
        ("rep02@example.com", false),
        ("supervisor.south1@example.com", false),
        ("manager.south@example.com", false),
        ("finance@example.com", false),
        ("manager.east@example.com", true),
        ("director@example.com", true),
    ] {
        let t = app.login(who).await;
        let r = app
            .gql(Some(&t), LOG, json!({"input": input(&east, "PHONE", now)}))
            .await;
        if ok {
            assert_ok(&r);
        } else {
            assert_code(&r, "NOT_FOUND");
        }
    }
}

const COMPLETE: &str = "mutation($id: ID!, $v: Int!, $n: String) { completeFollowUp(id: $id, version: $v, note: $n) { id status version completedBy { id } } }";

#[tokio::test]
async fn auto1_follow_ups_are_completed_once_by_assignee_or_their_supervisor() {
    let app = TestApp::spawn().await;
    let c = insert_customer(
        &app,
        "宁波机械",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let rep = app.login("rep01@example.com").await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let mut i = input(&c, "VISIT", Utc::now());
        i["nextFollowUpDate"] = json!(today().to_string());
        let r = app.gql(Some(&rep), LOG, json!({"input": i})).await;
        ids.push(
            r["data"]["logInteraction"]["followUp"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let done = || app.count("SELECT count(*) FROM follow_up_tasks WHERE status = 'DONE'");
    for who in [
        "rep02@example.com",
        "supervisor.south1@example.com",
        "service@example.com",
    ] {
        let t = app.login(who).await;
        assert_code(
            &app.gql(Some(&t), COMPLETE, json!({"id": ids[0], "v": 1}))
                .await,
            "NOT_FOUND",
        );
    }
    assert_code(
        &app.gql(Some(&rep), COMPLETE, json!({"id": ids[0], "v": 7}))
            .await,
        "CONFLICT",
    );
    let r = app
        .gql(
            Some(&rep),
            COMPLETE,
            json!({"id": ids[0], "v": 1, "n": "x".repeat(2001)}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(done().await, 0);
    let r = app
        .gql(
            Some(&rep),
            COMPLETE,
            json!({"id": ids[0], "v": 1, "n": "done"}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["completeFollowUp"]["status"], "DONE");
    assert_code(
        &app.gql(Some(&rep), COMPLETE, json!({"id": ids[0], "v": 2}))
            .await,
        "CONFLICT",
    );
    let sup = app.login("supervisor.east1@example.com").await;
    let r = app
        .gql(Some(&sup), COMPLETE, json!({"id": ids[1], "v": 1}))
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["completeFollowUp"]["completedBy"]["id"],
        app.user_id("supervisor.east1@example.com").await
    );
    assert_eq!(done().await, 2);
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'FOLLOW_UP' AND action = 'UPDATE'"
        )
        .await,
        2
    );
    let r = app
        .gql(
            Some(&rep),
            "query { myFollowUps(status: OPEN) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        r["data"]["myFollowUps"]["edges"].as_array().unwrap().len(),
        0
    );
}
