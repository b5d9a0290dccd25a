//! REC-8 credit exposure (ledger balance + unposted committed contracts +
//! unshipped open orders, each sale once), credit terms (setCustomerCredit)
//! and the director's approval of a deal over the limit or on hold; REC-9
//! money collected in person, its handover and the daily cash_handover
//! scan. Contracts, orders and shipments in a given state are inserted
//! with SQL (their own work is tested elsewhere); money goes through the
//! API.

use chrono::{Duration, NaiveDate, Utc};
use salesd_domain::clock::company_date;
use salesd_domain::notify::Notification;
use salesd_domain::notify::scan::{ScanKind, ScanOptions};
use salesd_domain::registry::run_scan;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::contracts::{act, contract_stage, try_from_quote};
use crate::e2e::opportunities::customer;

const REP: &str = "rep01@example.com";
const FINANCE: &str = "finance@example.com";
const DIRECTOR: &str = "director@example.com";

fn today() -> NaiveDate {
    company_date(Utc::now())
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

fn message(r: &Value) -> String {
    r["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn uid(v: &Value) -> Uuid {
    v.as_str().unwrap().parse().unwrap()
}

#[track_caller]
fn done(r: &Value, name: &str) -> Value {
    assert_ok(r);
    r["data"][name].clone()
}

const STATUS: &str = "customerId customerName limit limitSource rating onHold onHoldSince ledgerBalance
  unpostedContracts unshippedOrders outstanding available needsDirectorApproval version
  contracts { id number status amount posted unposted } orders { id number status amount posted unposted }";

async fn credit_status(app: &TestApp, token: &str, customer: Uuid) -> Value {
    app.gql(
        Some(token),
        &format!("query($c: ID!) {{ creditStatus(customerId: $c) {{ {STATUS} }} }}"),
        json!({"c": customer}),
    )
    .await
}

async fn set_credit(
    app: &TestApp,
    token: &str,
    customer: Uuid,
    limit: &str,
    rating: Option<&str>,
    version: Option<i32>,
) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($c: ID!, $l: Decimal!, $r: String, $v: Int) {{
               setCustomerCredit(customerId: $c, limit: $l, rating: $r, version: $v) {{ {STATUS} }} }}"
        ),
        json!({"c": customer, "l": limit, "r": rating, "v": version}),
    )
    .await
}

const CHECK: &str = "query($c: ID!, $a: Decimal!) { creditCheck(customerId: $c, amount: $a) {
  limit outstanding newAmount onHold exceedsLimit needsDirectorApproval ledgerBalance unpostedContracts
  unshippedOrders } }";

async fn credit_check(app: &TestApp, token: &str, customer: Uuid, amount: &str) -> Value {
    done(
        &app.gql(Some(token), CHECK, json!({"c": customer, "a": amount}))
            .await,
        "creditCheck",
    )
}

/// A contract of `customer` owned by `owner` in `status`, inserted directly.
async fn contract(app: &TestApp, customer: Uuid, owner: &str, status: &str, amount: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, title, owner_id, owner_unit_id,
            customer_party, our_party, amount, status, signed_date, termination_reason, created_by, created_at,
            updated_at)
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, $2, '信用合同', u.id, u.unit_id, 'customer', 'us',
            $5::numeric, $4,
            CASE WHEN $4 IN ('SIGNED', 'EXECUTING', 'ACCEPTED', 'CLOSED') THEN current_date END,
            CASE WHEN $4 = 'TERMINATED' THEN 'test' END, u.id, now(), now()
         FROM users u,
              (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2026) s
         WHERE u.email = $3",
    )
    .bind(id)
    .bind(customer)
    .bind(owner)
    .bind(status)
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("insert contract");
    id
}

/// An installment due `due` days from today (None: DELIVERY, no date yet).
async fn installment(
    app: &TestApp,
    contract: Uuid,
    pos: i32,
    amount: &str,
    due: Option<i64>,
) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, due_date)
         VALUES ($1, $2, $3, '第' || $3 || '期', $4::numeric, CASE WHEN $5::date IS NULL THEN 'DELIVERY'
                 ELSE 'FIXED_DATE' END, $5::date)",
    )
    .bind(id)
    .bind(contract)
    .bind(pos)
    .bind(amount)
    .bind(due.map(|o| today() + Duration::days(o)))
    .execute(&app.db.pool)
    .await
    .expect("insert installment");
    id
}

/// An order of `customer` (under `contract` if given) in `status`.
async fn order(
    app: &TestApp,
    customer: Uuid,
    contract: Option<Uuid>,
    status: &str,
    total: &str,
) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO orders (id, number, customer_id, contract_id, owner_id, owner_unit_id, status, total_amount,
            cancelled_reason, created_by, created_at, updated_at)
         SELECT $1, 'T-' || $1, $2, $3, u.id, u.unit_id, $5, $6::numeric,
            CASE WHEN $5 = 'CANCELLED' THEN 'test' END, u.id, now(), now()
         FROM users u WHERE u.email = $4",
    )
    .bind(id)
    .bind(customer)
    .bind(contract)
    .bind(REP)
    .bind(status)
    .bind(total)
    .execute(&app.db.pool)
    .await
    .expect("insert order");
    id
}

/// A delivery note of `order` shipped `shipped` days from today.
async fn shipment(app: &TestApp, order: Uuid, amount: &str, shipped: i64) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO shipments (id, number, order_id, shipped_date, amount, created_by, created_at)
         SELECT $1, 'S-' || $1, $2, $3, $4::numeric, o.owner_id, now() FROM orders o WHERE o.id = $2",
    )
    .bind(id)
    .bind(order)
    .bind(today() + Duration::days(shipped))
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("insert shipment");
    id
}

/// Posts what is due and every delivery note not yet posted (ADMIN).
async fn post_due(app: &TestApp) {
    let admin = app.login("admin@example.com").await;
    assert_ok(
        &app.gql(
            Some(&admin),
            "mutation($d: Date!) { postDueReceivables(asOf: $d) { items amount } }",
            json!({"d": day(0)}),
        )
        .await,
    );
}

async fn invoice(app: &TestApp, number: &str, item: Uuid, amount: &str) {
    let finance = app.login(FINANCE).await;
    assert_ok(
        &app.gql(
            Some(&finance),
            "mutation($i: RecordInvoiceInput!) { recordInvoice(input: $i) { id } }",
            json!({"i": {"number": number, "itemId": item, "amount": amount, "issueDate": day(0)}}),
        )
        .await,
    );
}

const RECEIPT: &str = "id customerId amount receivedOn method collectedBy collectedOn handedOverOn
  handedOverTo reversedAt";

async fn try_receipt(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($i: RecordReceiptInput!) {{ recordReceipt(input: $i) {{ {RECEIPT} }} }}"
        ),
        json!({"i": input}),
    )
    .await
}

async fn receipt(app: &TestApp, customer: Uuid, amount: &str) -> Value {
    let finance = app.login(FINANCE).await;
    done(
        &try_receipt(
            app,
            &finance,
            json!({"customerId": customer, "amount": amount, "receivedOn": day(0),
                   "method": "BANK_TRANSFER"}),
        )
        .await,
        "recordReceipt",
    )
}

/// REC-8 worked example (docs/contracts.md): the exposure to the cent, each
/// sale counted once, and unchanged by invoicing or delivering.
#[tokio::test]
async fn rec8_exposure_is_ledger_plus_unposted_contracts_plus_unshipped_orders() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let finance = app.login(FINANCE).await;
    let c = customer(&app, REP, "信用敞口客户", Utc::now()).await;
    assert_ok(&set_credit(&app, &finance, c, "500000.00", Some("A"), None).await);

    // Contract A, SIGNED, 300000.00: #1 90000.00 due 10 days ago (posted
    // at its due date), #2 150000.00 due in 60 days (50000.00 invoiced),
    // #3 60000.00 on delivery (no date yet).
    let a = contract(&app, c, REP, "SIGNED", "300000.00").await;
    let _i1 = installment(&app, a, 1, "90000.00", Some(-10)).await;
    let i2 = installment(&app, a, 2, "150000.00", Some(60)).await;
    installment(&app, a, 3, "60000.00", None).await;
    // Contract B APPROVED 40000.00: nothing posted. IN_REVIEW, DRAFT,
    // CLOSED and TERMINATED add nothing unposted.
    let b = contract(&app, c, REP, "APPROVED", "40000.00").await;
    for s in ["IN_REVIEW", "DRAFT", "CLOSED", "TERMINATED"] {
        contract(&app, c, REP, s, "777.77").await;
    }
    // Order O1 outside a contract, READY, 12345.67 with 2345.67 shipped;
    // DRAFT, CANCELLED and contract orders add nothing.
    let o1 = order(&app, c, None, "READY", "12345.67").await;
    shipment(&app, o1, "2345.67", -1).await;
    order(&app, c, None, "DRAFT", "999.00").await;
    order(&app, c, None, "CANCELLED", "888.00").await;
    order(&app, c, Some(a), "CONFIRMED", "5000.00").await;
    post_due(&app).await; // #1 90000.00 and O1's delivery note 2345.67
    invoice(&app, "FP-CREDIT-1", i2, "50000.00").await;
    receipt(&app, c, "70000.00").await; // oldest due first: #1

    // ledger = 90000.00 + 2345.67 + 50000.00 − 70000.00 = 72345.67
    // contracts = A (300000.00 − 140000.00) + B 40000.00 = 200000.00
    // orders = 12345.67 − 2345.67 = 10000.00
    // outstanding = 282345.67; available = 500000.00 − 282345.67 = 217654.33
    let s = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(s["limit"], "500000.00");
    assert_eq!(s["rating"], "A");
    assert_eq!(s["ledgerBalance"], "72345.67");
    assert_eq!(s["unpostedContracts"], "200000.00");
    assert_eq!(s["unshippedOrders"], "10000.00");
    assert_eq!(s["outstanding"], "282345.67");
    assert_eq!(s["available"], "217654.33");
    assert_eq!(s["needsDirectorApproval"], false);
    let contracts: Vec<(String, String, String)> = s["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["status"].as_str().unwrap().to_owned(),
                k["posted"].as_str().unwrap().to_owned(),
                k["unposted"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        contracts,
        [
            ("SIGNED".into(), "140000.00".into(), "160000.00".into()),
            ("APPROVED".into(), "0.00".into(), "40000.00".into())
        ]
    );
    assert_eq!(s["contracts"][1]["id"], json!(b));
    assert_eq!(s["orders"].as_array().unwrap().len(), 1);
    assert_eq!(s["orders"][0]["id"], json!(o1));
    assert_eq!(s["orders"][0]["unposted"], "10000.00");
    // The check: up to the limit is fine, a cent more needs the director.
    let k = credit_check(&app, &rep, c, "217654.33").await;
    assert_eq!(k["outstanding"], "282345.67");
    assert_eq!(
        (
            &k["ledgerBalance"],
            &k["unpostedContracts"],
            &k["unshippedOrders"]
        ),
        (&json!("72345.67"), &json!("200000.00"), &json!("10000.00"))
    );
    assert_eq!(k["exceedsLimit"], false);
    let k = credit_check(&app, &rep, c, "217654.34").await;
    assert_eq!(k["exceedsLimit"], true);
    assert_eq!(k["needsDirectorApproval"], true);

    // Invoicing the rest of #2 and shipping the rest of O1 move sales from
    // "unposted" into the ledger: the total stays.
    invoice(&app, "FP-CREDIT-2", i2, "100000.00").await;
    shipment(&app, o1, "10000.00", 0).await;
    post_due(&app).await;
    let s = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(s["ledgerBalance"], "182345.67");
    assert_eq!(s["unpostedContracts"], "100000.00");
    assert_eq!(s["unshippedOrders"], "0.00");
    assert_eq!(s["outstanding"], "282345.67");
    // Money received lowers it; customer credit (an overpayment) too.
    receipt(&app, c, "30000.00").await;
    let s = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(s["outstanding"], "252345.67");
    receipt(&app, c, "200000.00").await; // 182345.67 − 30000 open: 47654.33 credit
    let s = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(s["ledgerBalance"], "-47654.33");
    assert_eq!(s["outstanding"], "52345.67");
    // Σ ledger is the ledger balance the figure uses.
    let sum: rust_decimal::Decimal = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE customer_id = $1",
    )
    .bind(c)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(sum.to_string(), "-47654.33");

    // ORG-3: another team's rep sees nothing.
    let other = app.login("rep03@example.com").await;
    assert_code(&credit_status(&app, &other, c).await, "NOT_FOUND");
    assert_code(
        &credit_status(&app, &rep, Uuid::now_v7()).await,
        "NOT_FOUND",
    );
}

/// REC-8 / CON-2: a contract that pushes the exposure over the limit needs
/// the director's explicit creditExcessApproved; the figure counts the
/// ledger and open orders, not only contracts.
#[tokio::test]
async fn rec8_contract_over_the_limit_needs_the_directors_explicit_approval() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let finance = app.login(FINANCE).await;
    let director = app.login(DIRECTOR).await;
    let (c, _, quote) = contract_stage(&app, REP, "100000.00").await;
    // Exposure 60000.00: a READY order of 60000.00, 10000.00 of it shipped
    // and posted.
    let o = order(&app, c, None, "READY", "60000.00").await;
    shipment(&app, o, "10000.00", 0).await;
    post_due(&app).await;
    assert_ok(&set_credit(&app, &finance, c, "160000.00", None, None).await);
    // 60000.00 + 100000.00 = 160000.00: at the limit, fine.
    let k = credit_check(&app, &rep, c, "100000.00").await;
    assert_eq!(k["exceedsLimit"], false);
    assert_ok(&set_credit(&app, &finance, c, "159999.99", None, None).await);

    let k = done(
        &try_from_quote(&app, &rep, quote, json!({})).await,
        "createContractFromQuote",
    );
    let s = done(
        &act(&app, &rep, "submitContract", &k, json!({})).await,
        "submitContract",
    );
    assert_eq!(s["needsCreditApproval"], true);
    assert_eq!(s["creditCheck"]["outstanding"], "60000.00");
    assert_eq!(s["creditCheck"]["exceedsLimit"], true);
    let stored = done(
        &app.gql(
            Some(&rep),
            "query($id: ID!) { contract(id: $id) { creditCheck { ledgerBalance unpostedContracts unshippedOrders } } }",
            json!({"id": s["id"]}),
        )
        .await,
        "contract",
    );
    assert_eq!(
        stored["creditCheck"],
        json!({"ledgerBalance": "10000.00", "unpostedContracts": "0.00", "unshippedOrders": "50000.00"})
    );
    // The director without the explicit flag: CONFLICT naming REC-8.
    for args in [json!({}), json!({"creditExcessApproved": false})] {
        let r = act(&app, &director, "approveContract", &s, args).await;
        assert_code(&r, "CONFLICT");
        assert!(message(&r).contains("REC-8"), "{r}");
    }
    // The flag from someone who is not the director does not approve.
    let r = act(
        &app,
        &rep,
        "approveContract",
        &s,
        json!({"creditExcessApproved": true}),
    )
    .await;
    assert_code(&r, "FORBIDDEN");
    let a = done(
        &act(
            &app,
            &director,
            "approveContract",
            &s,
            json!({"creditExcessApproved": true}),
        )
        .await,
        "approveContract",
    );
    assert_eq!(a["status"], "APPROVED");
    assert_eq!(a["creditApprovedBy"]["id"], app.user_id(DIRECTOR).await);
    // Approved, the contract counts: 60000.00 + 100000.00.
    let st = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(st["outstanding"], "160000.00");
    assert_eq!(st["available"], "-0.01");
    assert_eq!(st["needsDirectorApproval"], true);
}

/// REC-8: on credit hold any new deal needs the director — also when the
/// hold came after the submission (the director step checks again) — and
/// "no limit", set explicitly, is never an excess.
#[tokio::test]
async fn rec8_on_hold_needs_the_director_and_an_explicit_no_limit_is_none() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let director = app.login(DIRECTOR).await;
    let (c, _, quote) = contract_stage(&app, REP, "100000.00").await;
    // Without a limit of its own the GENERAL default applies …
    let big = contract(&app, c, REP, "SIGNED", "99999999.00").await;
    installment(&app, big, 1, "99999999.00", None).await;
    let st = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(st["limit"], "500000.00");
    assert_eq!(st["limitSource"], "GRADE_DEFAULT");
    assert_eq!(st["needsDirectorApproval"], true);
    // … "no limit" set by finance: a huge exposure is never an excess.
    let finance = app.login(FINANCE).await;
    let r = app
        .gql(
            Some(&finance),
            "mutation($c: ID!) { setCustomerCredit(customerId: $c, unlimited: true) { limitSource } }",
            json!({"c": c}),
        )
        .await;
    assert_eq!(
        r["data"]["setCustomerCredit"]["limitSource"], "UNLIMITED",
        "{r}"
    );
    let st = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(st["limit"], Value::Null);
    assert_eq!(st["outstanding"], "99999999.00");
    assert_eq!(st["available"], Value::Null);
    assert_eq!(st["needsDirectorApproval"], false);
    let k = done(
        &try_from_quote(&app, &rep, quote, json!({})).await,
        "createContractFromQuote",
    );
    let s = done(
        &act(&app, &rep, "submitContract", &k, json!({})).await,
        "submitContract",
    );
    assert_eq!(s["needsCreditApproval"], false);
    // The customer goes on credit hold (REC-6 L3) before the director acts.
    sqlx::query("UPDATE customers SET credit_hold_since = now() WHERE id = $1")
        .bind(c)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let st = done(&credit_status(&app, &rep, c).await, "creditStatus");
    assert_eq!(st["onHold"], true);
    assert_eq!(st["needsDirectorApproval"], true);
    let r = act(&app, &director, "approveContract", &s, json!({})).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("REC-8"), "{r}");
    let status: String = sqlx::query_scalar("SELECT status FROM contracts WHERE id = $1")
        .bind(uid(&s["id"]))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "IN_REVIEW");
    let a = done(
        &act(
            &app,
            &director,
            "approveContract",
            &s,
            json!({"creditExcessApproved": true}),
        )
        .await,
        "approveContract",
    );
    assert_eq!(a["status"], "APPROVED");
    assert_eq!(a["needsCreditApproval"], true);
    assert_eq!(a["creditCheck"]["onHold"], true);
    assert_eq!(a["creditApprovedBy"]["id"], app.user_id(DIRECTOR).await);
}

/// REC-8 credit terms: finance and the director set them (audited); bad
/// input and the wrong people change nothing.
#[tokio::test]
async fn rec8_set_customer_credit_checks_input_role_and_scope() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let finance = app.login(FINANCE).await;
    let director = app.login(DIRECTOR).await;
    let manager = app.login("manager.east@example.com").await;
    let c = customer(&app, REP, "授信客户", Utc::now()).await;
    let stored = || async {
        sqlx::query_as::<_, (Option<String>, Option<String>, i32, i64)>(
            "SELECT credit_limit::text, credit_rating, version,
                    (SELECT count(*) FROM audit_log WHERE entity = 'CUSTOMER' AND entity_id = c.id)
               FROM customers c WHERE id = $1",
        )
        .bind(c)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
    };
    let before = stored().await;
    for (limit, rating, f) in [
        ("-0.01", None, "limit"),
        ("100.005", None, "limit"),
        ("100000000000000", None, "limit"),
        ("100.00", Some("A".repeat(21)), "rating"),
    ] {
        let r = set_credit(&app, &finance, c, limit, rating.as_deref(), None).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(f), "{r}");
    }
    // Those who sell may not set their own customer's limit: FORBIDDEN;
    // another team's rep or a random id: NOT_FOUND.
    assert_code(
        &set_credit(&app, &rep, c, "1.00", None, None).await,
        "FORBIDDEN",
    );
    assert_code(
        &set_credit(&app, &manager, c, "1.00", None, None).await,
        "FORBIDDEN",
    );
    let other = app.login("rep03@example.com").await;
    assert_code(
        &set_credit(&app, &other, c, "1.00", None, None).await,
        "NOT_FOUND",
    );
    assert_code(
        &set_credit(&app, &finance, Uuid::now_v7(), "1.00", None, None).await,
        "NOT_FOUND",
    );
    assert_code(
        &set_credit(&app, &finance, c, "1.00", None, Some(before.2 + 1)).await,
        "CONFLICT",
    );
    assert_eq!(stored().await, before);

    // Finance sets limit and rating (trailing zeros fine), at the version.
    let s = done(
        &set_credit(
            &app,
            &finance,
            c,
            "250000.500",
            Some(" AA "),
            Some(before.2),
        )
        .await,
        "setCustomerCredit",
    );
    assert_eq!(s["limit"], "250000.50");
    assert_eq!(s["rating"], "AA");
    assert_eq!(s["available"], "250000.50");
    assert_eq!(s["version"], before.2 + 1);
    let (changes,): (Value,) = sqlx::query_as(
        "SELECT changes FROM audit_log WHERE entity = 'CUSTOMER' AND entity_id = $1 AND action = 'CREDIT'",
    )
    .bind(c)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let text = changes.to_string();
    assert!(
        text.contains("credit_limit") && text.contains("250000.50") && text.contains("AA"),
        "{text}"
    );
    // The director too; an empty rating clears it, and 0 is a limit of 0
    // (no credit at all), not "no limit".
    let s = done(
        &set_credit(&app, &director, c, "0", Some(""), None).await,
        "setCustomerCredit",
    );
    assert_eq!(s["limit"], "0.00");
    assert_eq!(s["limitSource"], "CUSTOMER");
    assert_eq!(s["rating"], Value::Null);
    assert_eq!(s["available"], "0.00");
    assert_eq!(stored().await.3, before.3 + 2);
}

// ---- REC-9 ----

async fn notifications(app: &TestApp) -> Vec<Notification> {
    sqlx::query_as(
        "SELECT * FROM notifications WHERE kind = 'cash_handover_overdue' ORDER BY dedup_key",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

const PENDING: &str = "query($o: Boolean) { pendingCashHandovers(overdueOnly: $o) { receiptId
  customerName amount method collectedBy collectorName collectedOn handoverDue daysSince overdue } }";

async fn handover(app: &TestApp, token: &str, receipt: &Value, on: &str) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($r: ID!, $d: Date!) {{ recordCashHandover(receiptId: $r, handedOverOn: $d) {{ {RECEIPT} }} }}"
        ),
        json!({"r": receipt["id"], "d": on}),
    )
    .await
}

async fn scan(app: &TestApp) -> salesd_domain::notify::scan::ScanReport {
    let force = ScanOptions {
        force: true,
        ..ScanOptions::default()
    };
    run_scan(&app.db.pool, ScanKind::CashHandover, Utc::now(), force)
        .await
        .unwrap()
}

/// REC-9: money collected in person is recorded with the collector; not
/// handed over 90 days after collection it is flagged once to every
/// finance user and sales director; handed over since, the flag is
/// cancelled at send time.
#[tokio::test]
async fn rec9_cash_not_handed_over_in_90_days_is_flagged_once_and_rechecked() {
    let app = TestApp::spawn().await;
    let finance = app.login(FINANCE).await;
    let rep = app.login(REP).await;
    let rep01 = app.user_id(REP).await;
    let c = customer(&app, REP, "现金客户", Utc::now()).await;
    let cash = |amount: &str, days_ago: i64, method: &str, by: Value| {
        json!({"customerId": c, "amount": amount, "receivedOn": day(-days_ago), "method": method,
               "collectedBy": by, "reference": "收据 0042"})
    };

    // Bad input changes nothing.
    let receipts = app.count("SELECT count(*) FROM receipts").await;
    let r = try_receipt(
        &app,
        &finance,
        cash("100.00", 1, "BANK_TRANSFER", json!(rep01)),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("collectedBy"));
    let r = try_receipt(
        &app,
        &finance,
        cash("100.00", 1, "CASH", json!(Uuid::now_v7())),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("collectedBy"));
    assert_code(
        &try_receipt(&app, &rep, cash("100.00", 1, "CASH", json!(rep01))).await,
        "FORBIDDEN",
    );
    assert_eq!(app.count("SELECT count(*) FROM receipts").await, receipts);

    let late = done(
        &try_receipt(&app, &finance, cash("36800.00", 91, "CASH", json!(rep01))).await,
        "recordReceipt",
    );
    assert_eq!(late["collectedBy"], json!(rep01));
    assert_eq!(late["collectedOn"], day(-91));
    assert_eq!(late["handedOverOn"], Value::Null);
    let in_time = done(
        &try_receipt(&app, &finance, cash("500.00", 90, "CHEQUE", json!(rep01))).await,
        "recordReceipt",
    );
    assert_eq!(in_time["method"], "CHEQUE");
    // Received by the company directly: nothing to hand over.
    let direct = done(
        &try_receipt(&app, &finance, cash("700.00", 200, "CASH", Value::Null)).await,
        "recordReceipt",
    );

    // The scan: one receipt, each finance user and sales director once.
    let recipients: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM users WHERE active AND (primary_role IN ('FINANCE', 'SALES_DIRECTOR')
            OR extra_roles && ARRAY['FINANCE', 'SALES_DIRECTOR']) ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert!(recipients.len() >= 2, "finance and the director");
    let first = scan(&app).await;
    assert_eq!(first.found, 1);
    assert_eq!(first.created, recipients.len() as u64 * 2, "email + inbox");
    let again = scan(&app).await;
    assert_eq!((again.found, again.created), (1, 0), "no duplicate");
    let sent = notifications(&app).await;
    let mut emailed: Vec<Uuid> = sent
        .iter()
        .filter(|n| n.channel == "EMAIL")
        .map(|n| n.recipient_user_id.unwrap())
        .collect();
    emailed.sort();
    assert_eq!(emailed, recipients);
    let late_id = late["id"].as_str().unwrap();
    for n in sent.iter().filter(|n| n.channel == "EMAIL") {
        assert_eq!(
            n.dedup_key,
            format!("cash_handover:{late_id}:{}", n.recipient_user_id.unwrap())
        );
        assert_eq!(n.payload["amount"], "36800.00");
        assert_eq!(n.payload["days_since"], 91);
        assert_eq!(n.payload["handover_due"], day(-1));
        assert_eq!(
            n.payload["collector_name"].as_str().map(str::is_empty),
            Some(false)
        );
    }
    let n = sent.iter().find(|n| n.channel == "EMAIL").unwrap();
    let pool = &app.db.pool;
    assert_eq!(
        salesd_domain::registry::cancel_reason(pool, n, today())
            .await
            .unwrap(),
        None
    );

    // Finance and the director list what is out; a rep may not.
    let list = done(
        &app.gql(Some(&finance), PENDING, json!({"o": true})).await,
        "pendingCashHandovers",
    );
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["receiptId"], late["id"]);
    assert_eq!(
        (list[0]["daysSince"].as_i64(), &list[0]["overdue"]),
        (Some(91), &json!(true))
    );
    let director = app.login(DIRECTOR).await;
    let all = done(
        &app.gql(Some(&director), PENDING, json!({})).await,
        "pendingCashHandovers",
    );
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[1]["overdue"], false, "day 90 is still in time");
    assert_code(&app.gql(Some(&rep), PENDING, json!({})).await, "FORBIDDEN");

    // Handover: not before the collection, not in the future, finance
    // only, only money collected in person; then once.
    let before = app
        .count("SELECT count(*) FROM receipts WHERE handed_over_on IS NOT NULL")
        .await;
    let r = handover(&app, &finance, &late, &day(-92)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("handedOverOn"));
    let r = handover(&app, &finance, &late, &day(1)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("handedOverOn"));
    assert_code(&handover(&app, &rep, &late, &day(0)).await, "FORBIDDEN");
    let r = handover(&app, &finance, &direct, &day(0)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("receiptId"));
    assert_code(
        &handover(&app, &finance, &json!({"id": Uuid::now_v7()}), &day(0)).await,
        "NOT_FOUND",
    );
    assert_eq!(
        app.count("SELECT count(*) FROM receipts WHERE handed_over_on IS NOT NULL")
            .await,
        before
    );
    let h = done(
        &handover(&app, &finance, &late, &day(0)).await,
        "recordCashHandover",
    );
    assert_eq!(h["handedOverOn"], day(0));
    assert_eq!(h["handedOverTo"], json!(app.user_id(FINANCE).await));
    assert_code(&handover(&app, &finance, &late, &day(0)).await, "CONFLICT");
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'RECEIPT' AND action = 'HANDOVER'"
        )
        .await,
        1
    );

    // Handed over since: the pending flags are cancelled at send time, and
    // the next scan finds nothing.
    let why = salesd_domain::registry::cancel_reason(pool, n, today())
        .await
        .unwrap();
    assert!(why.is_some_and(|w| w.contains("handed over")));
    assert_eq!(scan(&app).await.found, 0);
    let list = done(
        &app.gql(Some(&finance), PENDING, json!({"o": true})).await,
        "pendingCashHandovers",
    );
    assert_eq!(list, json!([]));
    // The receipt collected 90 days ago is handed over the same day it
    // was collected at the earliest.
    let h = done(
        &handover(&app, &finance, &in_time, &day(-90)).await,
        "recordCashHandover",
    );
    assert_eq!(h["handedOverOn"], day(-90));
}

const COLLECTION: &str = "id customerId amount collectedOn method reference note collectedBy status
  handoverDue overdue decidedBy handedOverOn receiptId rejectReason version";

async fn declare(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($i: DeclareCashCollectionInput!) {{ declareCashCollection(input: $i) {{ {COLLECTION} }} }}"
        ),
        json!({ "i": input }),
    )
    .await
}

async fn confirm(app: &TestApp, token: &str, id: &Value, on: &str, version: i64) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($id: ID!, $d: Date!, $v: Int!) {{ confirmCashHandover(id: $id, handedOverOn: $d, version: $v) {{
               collection {{ {COLLECTION} }} receipt {{ {RECEIPT} }} }} }}"
        ),
        json!({"id": id, "d": on, "v": version}),
    )
    .await
}

async fn reject(app: &TestApp, token: &str, id: &Value, reason: &str, version: i64) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($id: ID!, $r: String!, $v: Int!) {{ rejectCashCollection(id: $id, reason: $r, version: $v) {{ {COLLECTION} }} }}"
        ),
        json!({"id": id, "r": reason, "v": version}),
    )
    .await
}

async fn collections(app: &TestApp, token: &str) -> Value {
    done(
        &app.gql(
            Some(token),
            &format!("{{ cashCollections {{ {COLLECTION} }} }}"),
            json!({}),
        )
        .await,
        "cashCollections",
    )
}

/// REC-9: the rep declares what they collected in person; it stays
/// pending, outside the ledger, until finance confirms the handover, which
/// records the receipt collected on the declared day; the 90-day clock
/// runs from that day.
#[tokio::test]
async fn rec9_rep_declares_cash_pending_until_finance_confirms_the_handover() {
    let app = TestApp::spawn().await;
    let finance = app.login(FINANCE).await;
    let rep = app.login(REP).await;
    let rep01 = app.user_id(REP).await;
    let c = customer(&app, REP, "现金申报客户", Utc::now()).await;
    let cash = |amount: &str, days_ago: i64, method: &str| {
        json!({"customerId": c, "amount": amount, "collectedOn": day(-days_ago), "method": method,
               "reference": "收据 0042"})
    };
    let ledger = || async {
        (
            app.count("SELECT count(*) FROM cash_collections").await,
            app.count("SELECT count(*) FROM receipts").await,
            app.count("SELECT count(*) FROM ledger_entries").await,
        )
    };

    // Bad input, another team's customer and a missing one change nothing.
    let before = ledger().await;
    for (input, field_name) in [
        (cash("0.00", 1, "CASH"), "amount"),
        (cash("1.001", 1, "CASH"), "amount"),
        (cash("100.00", -1, "CASH"), "collectedOn"),
    ] {
        let r = declare(&app, &rep, input).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(field_name), "{r}");
    }
    let mut long = cash("100.00", 1, "CASH");
    long["reference"] = json!("x".repeat(101));
    let r = declare(&app, &rep, long).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("reference"));
    let mut nul = cash("100.00", 1, "CASH");
    nul["note"] = json!("a\u{0}b");
    let r = declare(&app, &rep, nul).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("note"), "{r}");
    let mut bad_method = cash("100.00", 1, "CASH");
    bad_method["method"] = json!("BANK_TRANSFER");
    assert!(declare(&app, &rep, bad_method).await["errors"].is_array());
    let other = app.login("rep03@example.com").await;
    assert_code(
        &declare(&app, &other, cash("100.00", 1, "CASH")).await,
        "NOT_FOUND",
    );
    let mut missing = cash("100.00", 1, "CASH");
    missing["customerId"] = json!(Uuid::now_v7());
    assert_code(&declare(&app, &rep, missing).await, "NOT_FOUND");
    assert_eq!(ledger().await, before);

    // Declared 91 days after the collection: pending, overdue, and the
    // ledger is untouched; the same declaration twice is refused.
    let late = done(
        &declare(&app, &rep, cash("36800.00", 91, "CASH")).await,
        "declareCashCollection",
    );
    assert_eq!(late["status"], "PENDING");
    assert_eq!(late["collectedBy"], json!(rep01));
    assert_eq!(late["handoverDue"], day(-1));
    assert_eq!(late["overdue"], true);
    assert_eq!(late["version"], 1);
    assert_code(
        &declare(&app, &rep, cash("36800.00", 91, "CASH")).await,
        "CONFLICT",
    );
    let recent = done(
        &declare(&app, &rep, cash("500.00", 90, "CHEQUE")).await,
        "declareCashCollection",
    );
    assert_eq!(recent["overdue"], false, "day 90 is still in time");
    assert_eq!(ledger().await, (before.0 + 2, before.1, before.2));

    // The rep and finance see both; another team's rep sees neither (ORG-3).
    assert_eq!(collections(&app, &rep).await.as_array().unwrap().len(), 2);
    assert_eq!(
        collections(&app, &finance).await.as_array().unwrap().len(),
        2
    );
    assert_eq!(collections(&app, &other).await, json!([]));
    let one = app
        .gql(
            Some(&other),
            "query($id: ID!) { cashCollection(id: $id) { id } }",
            json!({"id": late["id"]}),
        )
        .await;
    assert_eq!(done(&one, "cashCollection"), Value::Null);

    // The daily scan flags the declaration past 90 days, once per person.
    let first = scan(&app).await;
    assert_eq!(first.found, 1);
    let again = scan(&app).await;
    assert_eq!(again.created, 0);
    let sent = notifications(&app).await;
    let late_id = late["id"].as_str().unwrap();
    let n = sent
        .iter()
        .find(|n| n.channel == "EMAIL")
        .expect("a flag by email");
    assert_eq!(
        n.dedup_key,
        format!("cash_collection:{late_id}:{}", n.recipient_user_id.unwrap())
    );
    assert_eq!(n.payload["collection_id"], late["id"]);
    assert_eq!(n.payload["days_since"], 91);
    let pool = &app.db.pool;
    assert_eq!(
        salesd_domain::registry::cancel_reason(pool, n, today())
            .await
            .unwrap(),
        None
    );

    // Confirming: finance only, at the current version, not before the
    // collection nor in the future; the random id is NOT_FOUND.
    let v = late["version"].as_i64().unwrap();
    assert_code(
        &confirm(&app, &rep, &late["id"], &day(0), v).await,
        "FORBIDDEN",
    );
    assert_code(
        &confirm(&app, &finance, &late["id"], &day(0), v + 1).await,
        "CONFLICT",
    );
    let r = confirm(&app, &finance, &late["id"], &day(-92), v).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("handedOverOn"));
    let r = confirm(&app, &finance, &late["id"], &day(1), v).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("handedOverOn"));
    assert_code(
        &confirm(&app, &finance, &json!(Uuid::now_v7()), &day(0), v).await,
        "NOT_FOUND",
    );
    assert_eq!(ledger().await, (before.0 + 2, before.1, before.2));

    let ok = done(
        &confirm(&app, &finance, &late["id"], &day(0), v).await,
        "confirmCashHandover",
    );
    let (col, receipt) = (&ok["collection"], &ok["receipt"]);
    assert_eq!(col["status"], "CONFIRMED");
    assert_eq!(col["handedOverOn"], day(0));
    assert_eq!(col["overdue"], false);
    assert_eq!(col["receiptId"], receipt["id"]);
    assert_eq!(col["decidedBy"], json!(app.user_id(FINANCE).await));
    assert_eq!(receipt["amount"], "36800.00");
    assert_eq!(receipt["receivedOn"], day(-91));
    assert_eq!(receipt["collectedBy"], json!(rep01));
    assert_eq!(receipt["collectedOn"], day(-91));
    assert_eq!(receipt["handedOverOn"], day(0));
    // The money is in the ledger now (no open items: customer credit).
    let balance: rust_decimal::Decimal = sqlx::query_scalar(
        "SELECT COALESCE(sum(amount), 0) FROM ledger_entries WHERE customer_id = $1",
    )
    .bind(c)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(balance.to_string(), "-36800.00");
    assert_code(
        &confirm(&app, &finance, &late["id"], &day(0), v + 1).await,
        "CONFLICT",
    );
    let why = salesd_domain::registry::cancel_reason(pool, n, today())
        .await
        .unwrap();
    assert!(why.is_some_and(|w| w.contains("handed over")));
    assert_eq!(scan(&app).await.found, 0);

    // Rejecting needs a reason; then the declaration is closed.
    let rv = recent["version"].as_i64().unwrap();
    let r = reject(&app, &finance, &recent["id"], " ", rv).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("reason"));
    assert_code(
        &reject(&app, &rep, &recent["id"], "金额不符", rv).await,
        "FORBIDDEN",
    );
    let rejected = done(
        &reject(&app, &finance, &recent["id"], "金额不符", rv).await,
        "rejectCashCollection",
    );
    assert_eq!(rejected["status"], "REJECTED");
    assert_eq!(rejected["rejectReason"], "金额不符");
    assert_code(
        &reject(&app, &finance, &recent["id"], "再次", rv + 1).await,
        "CONFLICT",
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CASH_COLLECTION'")
            .await,
        4,
        "two CREATE, one CONFIRM, one REJECT"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'RECEIPT' AND action = 'HANDOVER'"
        )
        .await,
        1,
        "the confirmed receipt's handover is audited"
    );

    // Finance recorded the same money itself: confirming would count it
    // twice, so it is refused and nothing changes.
    let third = done(
        &declare(&app, &rep, cash("700.00", 5, "CASH")).await,
        "declareCashCollection",
    );
    done(
        &try_receipt(
            &app,
            &finance,
            json!({"customerId": c, "amount": "700.00", "receivedOn": day(-5), "method": "CASH",
                   "collectedBy": rep01}),
        )
        .await,
        "recordReceipt",
    );
    let receipts = app.count("SELECT count(*) FROM receipts").await;
    let r = confirm(&app, &finance, &third["id"], &day(0), 1).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("same money"), "{r}");
    assert_eq!(app.count("SELECT count(*) FROM receipts").await, receipts);
}
