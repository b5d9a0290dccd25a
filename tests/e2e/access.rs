//! ORG-3: the role × record-owner matrix. Each row is an actor, each column
//! a record; later contexts add their records with the same helper.

use serde_json::json;

use crate::common::{TestApp, assert_code, assert_ok};

/// Asserts, for each actor, exactly which of `records` they can read
/// through `query` (an operation taking `$id`), and that every hidden one
/// answers exactly like an id that does not exist.
pub async fn assert_matrix(
    app: &TestApp,
    query: &str,
    records: &[(&str, String)],
    rows: &[(&str, &[bool])],
) {
    let missing = uuid::Uuid::now_v7().to_string();
    for (actor, expected) in rows {
        let token = app.login(actor).await;
        let absent = app.gql(Some(&token), query, json!({"id": missing})).await;
        assert_code(&absent, "NOT_FOUND");
        for ((name, id), visible) in records.iter().zip(expected.iter()) {
            let r = app.gql(Some(&token), query, json!({"id": id})).await;
            if *visible {
                assert_ok(&r);
            } else {
                assert_eq!(
                    r["errors"], absent["errors"],
                    "{actor} must not see {name}: {r}"
                );
                assert!(r["data"].is_null(), "no partial data for {actor} on {name}");
            }
        }
    }
}

const T: bool = true;
const F: bool = false;

#[tokio::test]
async fn org3_user_records_by_role() {
    let app = TestApp::spawn().await;
    // rep01 上海一组 (east), rep02 杭州二组 (east), rep03 广州一组 (south).
    let mut records = Vec::new();
    for e in [
        "rep01@example.com",
        "rep02@example.com",
        "rep03@example.com",
        "manager.south@example.com",
    ] {
        records.push((e, app.user_id(e).await));
    }
    let rows: &[(&str, &[bool])] = &[
        ("admin@example.com", &[T, T, T, T]),
        ("gm@example.com", &[T, T, T, T]),
        ("director@example.com", &[T, T, T, T]),
        ("manager.east@example.com", &[T, T, F, F]),
        ("supervisor.east1@example.com", &[T, F, F, F]),
        ("rep01@example.com", &[T, F, F, F]),
        ("rep02@example.com", &[F, T, F, F]),
        ("finance@example.com", &[F, F, F, F]),
        ("service@example.com", &[F, F, F, F]),
        ("assistant@example.com", &[F, F, F, F]),
    ];
    assert_matrix(
        &app,
        "query($id: ID!) { user(id: $id) { id email } }",
        &records,
        rows,
    )
    .await;
    // The audit trail follows the record's visibility.
    assert_matrix(
        &app,
        "query($id: ID!) { auditTrail(entity: USER, id: $id) { edges { node { id } } } }",
        &records,
        &rows[3..6],
    )
    .await;
}

#[tokio::test]
async fn org3_lists_hold_exactly_the_scope() {
    let app = TestApp::spawn().await;
    let q = "{ users(first: 200) { totalCount edges { node { email } } } }";
    for (actor, expected) in [
        (
            "supervisor.east1@example.com",
            vec!["rep01@example.com", "supervisor.east1@example.com"],
        ),
        ("rep03@example.com", vec!["rep03@example.com"]),
    ] {
        let token = app.login(actor).await;
        let r = app.gql(Some(&token), q, json!({})).await;
        assert_ok(&r);
        let mut got: Vec<&str> = r["data"]["users"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["email"].as_str().unwrap())
            .collect();
        got.sort();
        assert_eq!(got, expected, "{actor}");
        assert_eq!(r["data"]["users"]["totalCount"], expected.len());
    }
}

#[tokio::test]
async fn org3_opportunity_records_by_role() {
    use super::opportunities::{create, customer};
    let app = TestApp::spawn().await;
    let now = chrono::Utc::now();
    // rep01 上海一组 (east), rep02 杭州二组 (east), rep03 广州一组 (south);
    // the fourth is rep03's with rep02 on its project team (PIP-4).
    let mut records = Vec::new();
    for (owner, name) in [
        ("rep01@example.com", "east1"),
        ("rep02@example.com", "east2"),
        ("rep03@example.com", "south1"),
        ("rep03@example.com", "south1-team"),
    ] {
        let c = customer(&app, owner, name, now).await;
        let token = app.login(owner).await;
        let o = create(&app, &token, c, name, "1.00").await;
        records.push((name, o["id"].as_str().unwrap().to_owned()));
    }
    sqlx::query(
        "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, added_at)
         SELECT $1::uuid, id, 'MEMBER', now() FROM users WHERE email = 'rep02@example.com'",
    )
    .bind(&records[3].1)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let rows: &[(&str, &[bool])] = &[
        ("admin@example.com", &[T, T, T, T]),
        ("gm@example.com", &[T, T, T, T]),
        ("director@example.com", &[T, T, T, T]),
        ("manager.east@example.com", &[T, T, F, F]),
        ("manager.south@example.com", &[F, F, T, T]),
        ("supervisor.east1@example.com", &[T, F, F, F]),
        ("rep01@example.com", &[T, F, F, F]),
        ("rep02@example.com", &[F, T, F, T]),
        ("finance@example.com", &[F, F, F, F]),
        ("service@example.com", &[F, F, F, F]),
        ("assistant@example.com", &[F, F, F, F]),
    ];
    assert_matrix(
        &app,
        "query($id: ID!) { opportunity(id: $id) { id name } }",
        &records,
        rows,
    )
    .await;
}

/// ORG-3 on the contract side (issue 5): contracts, their orders and their
/// milestones follow the contract's owner and unit — finance reads all of
/// them, the sales assistant those of the sales department, customer
/// service none — and a hidden one answers exactly like a missing id.
#[tokio::test]
async fn org3_contract_side_records_by_role() {
    use crate::e2e::contracts::{contract_stage, insert_contract};
    let app = TestApp::spawn().await;
    let (east_customer, east_opp, _) = contract_stage(&app, "rep01@example.com", "80000.00").await;
    let (south_customer, south_opp, _) =
        contract_stage(&app, "rep03@example.com", "60000.00").await;
    let east = insert_contract(&app, east_opp, "SIGNED").await;
    let south = insert_contract(&app, south_opp, "SIGNED").await;
    let mut orders = Vec::new();
    let mut milestones = Vec::new();
    for (rep, customer, contract) in [
        ("rep01@example.com", east_customer, east),
        ("rep03@example.com", south_customer, south),
    ] {
        let t = app.login(rep).await;
        let o = app
            .gql(
                Some(&t),
                "mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }",
                json!({"i": {"customerId": customer, "contractId": contract,
                             "lines": [{"product": "伺服电机", "quantity": "2", "unitPrice": "1000.00"}]}}),
            )
            .await;
        assert_ok(&o);
        orders.push(o["data"]["createOrder"]["id"].as_str().unwrap().to_owned());
        let m = app
            .gql(
                Some(&t),
                "mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { id } }",
                json!({"i": {"contractId": contract, "name": "安装调试", "plannedDate": "2030-01-15"}}),
            )
            .await;
        assert_ok(&m);
        milestones.push(m["data"]["addMilestone"]["id"].as_str().unwrap().to_owned());
    }
    let rows: &[(&str, &[bool])] = &[
        ("admin@example.com", &[T, T]),
        ("gm@example.com", &[T, T]),
        ("director@example.com", &[T, T]),
        ("manager.east@example.com", &[T, F]),
        ("manager.south@example.com", &[F, T]),
        ("supervisor.east1@example.com", &[T, F]),
        ("rep01@example.com", &[T, F]),
        ("rep02@example.com", &[F, F]),
        ("rep03@example.com", &[F, T]),
        ("finance@example.com", &[T, T]),
        ("service@example.com", &[F, F]),
        ("assistant@example.com", &[T, T]),
    ];
    let contracts = [("east", east.to_string()), ("south", south.to_string())];
    assert_matrix(
        &app,
        "query($id: ID!) { contract(id: $id) { id } }",
        &contracts,
        rows,
    )
    .await;
    let orders = [("east", orders[0].clone()), ("south", orders[1].clone())];
    assert_matrix(
        &app,
        "query($id: ID!) { order(id: $id) { id } }",
        &orders,
        rows,
    )
    .await;
    let milestones = [
        ("east", milestones[0].clone()),
        ("south", milestones[1].clone()),
    ];
    assert_matrix(
        &app,
        "query($id: ID!) { milestone(id: $id) { id } }",
        &milestones,
        rows,
    )
    .await;
}

/// ORG-3 for the receivables read per customer (REC-1 ledger, REC-6
/// dunning status, REC-8 credit status): the same answer for a customer
/// outside the caller's scope as for one that does not exist; finance reads
/// every customer's receivables, customer service and the assistant none.
#[tokio::test]
async fn org3_receivables_by_role() {
    use crate::e2e::contracts::{contract_stage, insert_contract};
    let app = TestApp::spawn().await;
    let (east_customer, east_opp, _) = contract_stage(&app, "rep01@example.com", "80000.00").await;
    let (south_customer, south_opp, _) =
        contract_stage(&app, "rep03@example.com", "60000.00").await;
    insert_contract(&app, east_opp, "SIGNED").await;
    insert_contract(&app, south_opp, "SIGNED").await;
    let rows: &[(&str, &[bool])] = &[
        ("admin@example.com", &[T, T]),
        ("gm@example.com", &[T, T]),
        ("director@example.com", &[T, T]),
        ("manager.east@example.com", &[T, F]),
        ("manager.south@example.com", &[F, T]),
        ("supervisor.east1@example.com", &[T, F]),
        ("rep01@example.com", &[T, F]),
        ("rep02@example.com", &[F, F]),
        ("rep03@example.com", &[F, T]),
        ("finance@example.com", &[T, T]),
        ("service@example.com", &[F, F]),
        ("assistant@example.com", &[F, F]),
    ];
    let customers = [
        ("east", east_customer.to_string()),
        ("south", south_customer.to_string()),
    ];
    for query in [
        "query($id: ID!) { customerLedger(customerId: $id) { balance } }",
        "query($id: ID!) { dunningStatus(customerId: $id) { customerId } }",
        "query($id: ID!) { creditStatus(customerId: $id) { available } }",
    ] {
        assert_matrix(&app, query, &customers, rows).await;
    }
}
