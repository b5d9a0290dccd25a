//! CON-7: acceptance only after delivery; PASSED accepts the contract and
//! makes the acceptance-linked installments due; bad input.

use chrono::{Months, NaiveDate};
use serde_json::{Value, json};
use uuid::Uuid;

use super::milestones::{UPDATE, add};
use super::{contract, count, days_ago, days_ahead, order, row};
use crate::common::{TestApp, assert_code, assert_ok};

const RECORD: &str = "mutation($i: RecordAcceptanceInput!) { recordAcceptance(input: $i) {
    id contractId acceptedOn result report issues recordedBy { displayName } } }";

fn input(contract: Uuid, on: NaiveDate, result: &str, issues: Option<&str>) -> Value {
    json!({"i": {"contractId": contract, "acceptedOn": on.to_string(), "result": result,
                 "report": "验收报告：设备运行正常", "issues": issues}})
}

async fn installment(
    app: &TestApp,
    contract: Uuid,
    pos: i32,
    trigger: &str,
    offset: i32,
    due: Option<NaiveDate>,
) {
    sqlx::query(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, offset_days, due_date)
         VALUES ($1, $2, $3, $4, 25000, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(contract)
    .bind(pos)
    .bind(format!("第{pos}期"))
    .bind(trigger)
    .bind(offset)
    .bind(due)
    .execute(&app.db.pool)
    .await
    .expect("installment");
}

async fn due_dates(app: &TestApp, contract: Uuid) -> Vec<Option<NaiveDate>> {
    sqlx::query_scalar(
        "SELECT due_date FROM contract_installments WHERE contract_id = $1 ORDER BY position",
    )
    .bind(contract)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn con7_acceptance_before_delivery_and_bad_input_change_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let f = contract(&app, "rep01@example.com", "EXECUTING").await;
    let on = days_ago(1);
    let snapshot = || async {
        (
            count(&app, "SELECT count(*) FROM contract_acceptances").await,
            count(
                &app,
                "SELECT count(*) FROM audit_log WHERE entity IN ('ACCEPTANCE', 'CONTRACT')",
            )
            .await,
            row(&app, "contracts", f.contract).await,
        )
    };
    let before = snapshot().await;
    let message = |r: &Value| r["errors"][0]["message"].as_str().unwrap_or("").to_owned();
    // Nothing delivered yet: no order, no milestone.
    let r = app
        .gql(Some(&rep), RECORD, input(f.contract, on, "PASSED", None))
        .await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("acceptance before delivery"), "{r}");
    // An order on its way, and an open milestone: both are named.
    let shipped = order(&app, &f, "SHIPPED").await;
    order(&app, &f, "CANCELLED").await;
    let m = add(&app, &rep, f.contract, "安装调试", &days_ago(2).to_string()).await;
    let r = app
        .gql(Some(&rep), RECORD, input(f.contract, on, "PASSED", None))
        .await;
    assert_code(&r, "CONFLICT");
    let msg = message(&r);
    assert!(msg.contains(&shipped) && msg.contains("安装调试"), "{msg}");
    assert!(
        !msg.contains("CANCELLED"),
        "cancelled orders do not count: {msg}"
    );
    // FAILED is refused before delivery too.
    let r = app
        .gql(
            Some(&rep),
            RECORD,
            input(f.contract, on, "FAILED", Some("噪音偏大")),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(snapshot().await, before);

    // Deliver: the order DELIVERED and the milestone done.
    sqlx::query("UPDATE orders SET status = 'DELIVERED' WHERE number = $1")
        .bind(&shipped)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = app
        .gql(
            Some(&rep),
            UPDATE,
            json!({"id": m["id"], "v": 1, "i": {"actualDate": days_ago(1).to_string()}}),
        )
        .await;
    assert_ok(&r);
    let before = snapshot().await;
    let mut no_report = input(f.contract, on, "PASSED", None);
    no_report["i"]["report"] = json!(" ");
    let mut long_report = input(f.contract, on, "PASSED", None);
    long_report["i"]["report"] = json!("r".repeat(10001));
    for (vars, code) in [
        // CON-7: a failed acceptance lists its issues.
        (input(f.contract, on, "FAILED", None), "VALIDATION"),
        (input(f.contract, on, "FAILED", Some("  ")), "VALIDATION"),
        (
            input(f.contract, days_ahead(1), "PASSED", None),
            "VALIDATION",
        ),
        // Not before the signing date (30 days ago).
        (
            input(f.contract, days_ago(31), "PASSED", None),
            "VALIDATION",
        ),
        (no_report, "VALIDATION"),
        (long_report, "VALIDATION"),
        (input(Uuid::now_v7(), on, "PASSED", None), "NOT_FOUND"),
    ] {
        let r = app.gql(Some(&rep), RECORD, vars).await;
        assert_code(&r, code);
    }
    // ORG-3: out of scope is exactly a missing contract; finance only reads
    // (FORBIDDEN: it sees the contract).
    let random = app
        .gql(
            Some(&rep),
            RECORD,
            input(Uuid::now_v7(), on, "PASSED", None),
        )
        .await;
    for who in ["rep02@example.com", "service@example.com"] {
        let t = app.login(who).await;
        let r = app
            .gql(Some(&t), RECORD, input(f.contract, on, "PASSED", None))
            .await;
        assert_eq!(r["errors"], random["errors"], "{who}: {r}");
    }
    let finance = app.login("finance@example.com").await;
    let r = app
        .gql(
            Some(&finance),
            RECORD,
            input(f.contract, on, "PASSED", None),
        )
        .await;
    assert_code(&r, "FORBIDDEN");
    assert_eq!(snapshot().await, before, "nothing changed");

    // Only an EXECUTING contract is accepted.
    let signed = contract(&app, "rep01@example.com", "SIGNED").await;
    order(&app, &signed, "DELIVERED").await;
    let r = app
        .gql(
            Some(&rep),
            RECORD,
            input(signed.contract, on, "PASSED", None),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(
        count(&app, "SELECT count(*) FROM contract_acceptances").await,
        0
    );
}

#[tokio::test]
async fn con7_passed_accepts_the_contract_and_makes_installments_due() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let f = contract(&app, "rep01@example.com", "EXECUTING").await;
    order(&app, &f, "DELIVERED").await;
    let fixed = days_ago(40);
    let preset = days_ago(5);
    installment(&app, f.contract, 1, "FIXED_DATE", 0, Some(fixed)).await;
    installment(&app, f.contract, 2, "ACCEPTANCE", 30, None).await;
    installment(&app, f.contract, 3, "WARRANTY_END", 15, None).await;
    installment(&app, f.contract, 4, "ACCEPTANCE", 0, Some(preset)).await;
    installment(&app, f.contract, 5, "DELIVERY", 10, None).await;

    // FAILED keeps the contract EXECUTING and records the issues.
    let r = app
        .gql(
            Some(&rep),
            RECORD,
            input(
                f.contract,
                days_ago(4),
                "FAILED",
                Some("3 号工位节拍不达标"),
            ),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["recordAcceptance"]["result"], "FAILED");
    assert_eq!(
        r["data"]["recordAcceptance"]["issues"],
        "3 号工位节拍不达标"
    );
    let status: (String, i32) =
        sqlx::query_as("SELECT status, version FROM contracts WHERE id = $1")
            .bind(f.contract)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(status, ("EXECUTING".to_owned(), 1));
    assert_eq!(due_dates(&app, f.contract).await[1], None);

    // A later PASSED accepts it.
    let on = days_ago(2);
    let r = app
        .gql(Some(&rep), RECORD, input(f.contract, on, "PASSED", None))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["recordAcceptance"]["acceptedOn"], on.to_string());
    let c: (String, Option<NaiveDate>, i32) =
        sqlx::query_as("SELECT status, accepted_date, version FROM contracts WHERE id = $1")
            .bind(f.contract)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(c, ("ACCEPTED".to_owned(), Some(on), 2));
    // CON-7: acceptance + 30 days; warranty end = acceptance + 12 months +
    // 15 days; an already set due date and other triggers are left alone.
    let warranty = on.checked_add_months(Months::new(12)).unwrap() + chrono::Days::new(15);
    assert_eq!(
        due_dates(&app, f.contract).await,
        vec![
            Some(fixed),
            Some(on + chrono::Days::new(30)),
            Some(warranty),
            Some(preset),
            None
        ]
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_log WHERE entity = 'CONTRACT' AND action = 'ACCEPT'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_log WHERE entity = 'ACCEPTANCE' AND action = 'RECORD'"
        )
        .await,
        2
    );
    // A second PASSED is a conflict and changes nothing.
    let before = row(&app, "contracts", f.contract).await;
    let r = app
        .gql(Some(&rep), RECORD, input(f.contract, on, "PASSED", None))
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(row(&app, "contracts", f.contract).await, before);
    let q = "query($c: ID!) { contractAcceptances(contractId: $c) { result } }";
    let r = app.gql(Some(&rep), q, json!({"c": f.contract})).await;
    assert_eq!(
        r["data"]["contractAcceptances"],
        json!([{"result": "FAILED"}, {"result": "PASSED"}])
    );
    // Finance reads the acceptances; another rep gets NOT_FOUND.
    let finance = app.login("finance@example.com").await;
    assert_ok(&app.gql(Some(&finance), q, json!({"c": f.contract})).await);
    let rep02 = app.login("rep02@example.com").await;
    assert_code(
        &app.gql(Some(&rep02), q, json!({"c": f.contract})).await,
        "NOT_FOUND",
    );
}
