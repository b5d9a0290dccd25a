//! CUS-9 complaints through GraphQL: recording, the deadline, the state
//! machine, the overdue list, escalation targets and ORG-3.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};

mod overdue;
mod transitions;

/// A customer owned by `owner` (None: in the public pool), by direct SQL so
/// these tests do not depend on the customer mutations.
pub async fn insert_customer(app: &TestApp, name: &str, owner: Option<&str>) -> String {
    let id = uuid::Uuid::now_v7();
    sqlx::query(
        "INSERT INTO customers (id, name, name_norm, grade, tier, owner_id, owner_unit_id, owned_since)
         SELECT $1, $2, $2, 'GENERAL', 'C', u.id, u.unit_id, CASE WHEN u.id IS NULL THEN NULL ELSE now() END
         FROM (SELECT 1) one LEFT JOIN users u ON u.email = $3",
    )
    .bind(id)
    .bind(name)
    .bind(owner)
    .execute(&app.db.pool)
    .await
    .expect("insert customer");
    id.to_string()
}

pub async fn unit_id(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM org_units WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("unit")
        .to_string()
}

const FIELDS: &str = "id version status deadlineAt receivedAt isOverdue customerName
    cause solution reply outcomeSatisfaction responsibleUnit { name } escalateTo { displayName }";

const RECORD: &str = "mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) {
    id version status deadlineAt receivedAt isOverdue customerName
    responsibleUnit { name } escalateTo { displayName } } }";

fn ago(hours: i64) -> String {
    (Utc::now() - Duration::hours(hours)).to_rfc3339()
}

fn input(customer: &str, severity: &str, received: &str) -> Value {
    json!({"customerId": customer, "channel": "HOTLINE", "receivedAt": received,
           "category": "交付延迟", "severity": severity, "description": "设备晚到两周"})
}

async fn record(app: &TestApp, token: &str, i: Value) -> Value {
    let r = app.gql(Some(token), RECORD, json!({"i": i})).await;
    assert_ok(&r);
    r["data"]["recordComplaint"].clone()
}

async fn complaints_count(app: &TestApp) -> (i64, i64) {
    (
        app.count("SELECT count(*) FROM complaints").await,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'COMPLAINT'")
            .await,
    )
}

fn at(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .expect("a DateTime")
        .to_utc()
}

#[tokio::test]
async fn cus9_record_sets_the_deadline_escalation_and_audit() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "上海华东机械", Some("rep01@example.com")).await;
    let service = app.login("service@example.com").await;
    let mut i = input(&cust, "HIGH", &ago(2));
    i["responsibleUnitId"] = json!(unit_id(&app, "客服部").await);
    let c = record(&app, &service, i).await;
    assert_eq!(c["status"], "RECEIVED");
    assert_eq!(c["customerName"], "上海华东机械");
    assert_eq!(
        at(&c["deadlineAt"]) - at(&c["receivedAt"]),
        Duration::hours(24)
    );
    assert_eq!(c["isOverdue"], false);
    assert_eq!(c["responsibleUnit"]["name"], "客服部");
    // Escalation: the responsible unit's head, and rep01's manager (the head
    // of supervisor.east1, rep01's direct head).
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT display_name FROM users WHERE email IN ('service@example.com', 'manager.east@example.com')
         ORDER BY email DESC",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let got: Vec<&str> = c["escalateTo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(got, names);
    let low = record(&app, &service, input(&cust, "LOW", &ago(1))).await;
    assert_eq!(
        at(&low["deadlineAt"]) - at(&low["receivedAt"]),
        Duration::days(7)
    );
    assert_eq!(complaints_count(&app).await, (2, 2));
}

#[tokio::test]
async fn cus9_bad_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let cust = insert_customer(&app, "杭州精工", Some("rep01@example.com")).await;
    let other = insert_customer(&app, "广州南方", Some("rep03@example.com")).await;
    let rep01 = app.login("rep01@example.com").await;
    let future = (Utc::now() + Duration::hours(2)).to_rfc3339();
    let missing_unit = uuid::Uuid::now_v7().to_string();
    let cases: Vec<(Value, &str, Option<&str>)> = vec![
        (
            input(&cust, "HIGH", &future),
            "VALIDATION",
            Some("receivedAt"),
        ),
        (
            {
                let mut i = input(&cust, "HIGH", &ago(1));
                i["category"] = json!(" ");
                i
            },
            "VALIDATION",
            Some("category"),
        ),
        (
            {
                let mut i = input(&cust, "HIGH", &ago(1));
                i["category"] = json!("x".repeat(101));
                i
            },
            "VALIDATION",
            Some("category"),
        ),
        (
            {
                let mut i = input(&cust, "HIGH", &ago(1));
                i["description"] = json!("x".repeat(5001));
                i
            },
            "VALIDATION",
            Some("description"),
        ),
        (
            {
                let mut i = input(&cust, "HIGH", &ago(1));
                i["responsibleUnitId"] = json!(missing_unit);
                i
            },
            "VALIDATION",
            Some("responsibleUnitId"),
        ),
        (
            {
                let mut i = input(&cust, "HIGH", &ago(1));
                i["customerId"] = json!("nope");
                i
            },
            "VALIDATION",
            Some("customerId"),
        ),
        (
            {
                let mut i = input(&cust, "HIGH", &ago(1));
                i["severity"] = json!("URGENT");
                i
            },
            "VALIDATION",
            None,
        ),
        (
            {
                let mut i = input(&cust, "HIGH", &ago(1));
                i["channel"] = json!("FAX");
                i
            },
            "VALIDATION",
            None,
        ),
        // Another team's customer is not there for rep01 (ORG-3).
        (input(&other, "HIGH", &ago(1)), "NOT_FOUND", None),
    ];
    for (i, code, field) in cases {
        let r = app.gql(Some(&rep01), RECORD, json!({"i": i})).await;
        assert_code(&r, code);
        if let Some(f) = field {
            assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
        }
    }
    // Finance handles no complaints.
    let finance = app.login("finance@example.com").await;
    assert_code(
        &app.gql(
            Some(&finance),
            RECORD,
            json!({"i": input(&cust, "LOW", &ago(1))}),
        )
        .await,
        "NOT_FOUND",
    );
    assert_eq!(complaints_count(&app).await, (0, 0));
    // rep01 may record one for their own customer.
    record(&app, &rep01, input(&cust, "MEDIUM", &ago(1))).await;
    assert_eq!(complaints_count(&app).await, (1, 1));
}
