//! CON-3 orders (numbers, totals, confirmation with the four-copy
//! notifications and the REC-8 credit check, production states,
//! cancellation), CON-4 delivery-slip notices and the `deliveries` scan,
//! CON-5 shipments (partial, over-shipping refused, delivery, DELIVERY
//! installments), ORG-3 scope of orders.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use salesd_domain::clock::company_date;
use salesd_domain::notify::Notification;
use salesd_domain::notify::scan::{ScanKind, ScanOptions};
use salesd_domain::registry::run_scan;
use serde_json::{Value, json};
use uuid::Uuid;

use super::opportunities::customer;
use crate::common::{TestApp, assert_code, assert_ok};

const FIELDS: &str = "id number version status totalAmount currency requiredDate promisedDate expectedDate
  customerId contract { id number status } owner { id } contact { id } confirmedAt deliveredAt cancelledReason
  lines { id position product quantity unitPrice amount shippedQty remainingQty }
  shipments { id number shippedDate carrier trackingNo amount deliveredDate lines { orderLineId quantity } }";

const SHIPMENT: &str = "id number orderId shippedDate carrier trackingNo amount deliveredDate lines { orderLineId quantity }";

fn today() -> NaiveDate {
    company_date(Utc::now())
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

fn line(product: &str, q: &str, p: &str) -> Value {
    json!({"product": product, "quantity": q, "unitPrice": p})
}

fn uid(v: &Value) -> Uuid {
    v.as_str().expect("an id").parse().expect("a uuid")
}

#[track_caller]
fn ok(r: &Value, name: &str) -> Value {
    assert_ok(r);
    r["data"][name].clone()
}

#[track_caller]
fn field(r: &Value) -> &str {
    r["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or_else(|| panic!("no field: {r}"))
}

async fn try_create(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!("mutation($i: CreateOrderInput!) {{ createOrder(input: $i) {{ {FIELDS} }} }}");
    app.gql(Some(token), &q, json!({"i": input})).await
}

async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    ok(&try_create(app, token, input).await, "createOrder")
}

/// A simple order input for `customer`, promised in 10 days.
fn input(customer: Uuid) -> Value {
    json!({
        "customerId": customer,
        "promisedDate": day(10),
        "deliveryPlace": "上海市嘉定区安亭镇",
        "lines": [line("伺服电机 A1", "10", "1250.50"), line("控制柜", "1.5", "3333.33")],
    })
}

async fn act(app: &TestApp, token: &str, name: &str, args: &str, vars: Value) -> Value {
    let decl: Vec<String> = vars
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let ty = match (k.as_str(), v) {
                ("version", _) => "Int!",
                ("approved", _) => "Boolean!",
                ("status", _) => "OrderStatus!",
                ("date", _) => "Date!",
                ("reason", _) => "String!",
                _ => "ID!",
            };
            format!("${k}: {ty}")
        })
        .collect();
    let q = format!(
        "mutation({}) {{ {name}({args}) {{ {FIELDS} }} }}",
        decl.join(", ")
    );
    app.gql(Some(token), &q, vars).await
}

async fn confirm(app: &TestApp, token: &str, o: &Value) -> Value {
    act(
        app,
        token,
        "confirmOrder",
        "id: $id, version: $version",
        json!({"id": o["id"], "version": o["version"]}),
    )
    .await
}

async fn confirm_approved(app: &TestApp, token: &str, o: &Value, approved: bool) -> Value {
    act(
        app,
        token,
        "confirmOrder",
        "id: $id, version: $version, creditExcessApproved: $approved",
        json!({"id": o["id"], "version": o["version"], "approved": approved}),
    )
    .await
}

async fn set_status(app: &TestApp, token: &str, o: &Value, status: &str) -> Value {
    act(
        app,
        token,
        "setOrderStatus",
        "id: $id, version: $version, status: $status",
        json!({"id": o["id"], "version": o["version"], "status": status}),
    )
    .await
}

async fn expect_date(app: &TestApp, token: &str, o: &Value, date: &str, reason: &str) -> Value {
    act(
        app,
        token,
        "setOrderExpectedDate",
        "id: $id, version: $version, expectedDate: $date, reason: $reason",
        json!({"id": o["id"], "version": o["version"], "date": date, "reason": reason}),
    )
    .await
}

async fn try_ship(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: RecordShipmentInput!) {{ recordShipment(input: $i) {{ {SHIPMENT} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

async fn deliver(app: &TestApp, token: &str, shipment: &Value, date: &str) -> Value {
    let q = format!(
        "mutation($id: ID!, $d: Date!) {{ confirmDelivery(shipmentId: $id, deliveredDate: $d) {{ {SHIPMENT} }} }}"
    );
    app.gql(Some(token), &q, json!({"id": shipment["id"], "d": date}))
        .await
}

async fn get(app: &TestApp, token: &str, id: &Value) -> Value {
    let q = format!("query($id: ID!) {{ order(id: $id) {{ {FIELDS} }} }}");
    app.gql(Some(token), &q, json!({"id": id})).await
}

async fn fetch(app: &TestApp, token: &str, id: &Value) -> Value {
    ok(&get(app, token, id).await, "order")
}

/// Everything an order mutation could change, as one comparable string.
async fn db(app: &TestApp) -> String {
    sqlx::query_scalar(
        "SELECT concat_ws('|',
                (SELECT string_agg(id::text || status || version || total_amount || coalesce(expected_date::text, '')
                                   || coalesce(cancelled_reason, ''), ',' ORDER BY id) FROM orders),
                (SELECT string_agg(id::text || shipped_qty || quantity || unit_price, ',' ORDER BY id) FROM order_lines),
                (SELECT count(*) FROM shipments),
                (SELECT count(*) FROM audit_log),
                (SELECT count(*) FROM notifications),
                (SELECT string_agg(kind || year || ':' || last, ',' ORDER BY kind) FROM order_number_counters),
                (SELECT string_agg(id::text || status || version, ',' ORDER BY id) FROM contracts),
                (SELECT string_agg(id::text || coalesce(delivered_date::text, ''), ',' ORDER BY id) FROM shipments))",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

/// A contract of `customer` owned by `owner` in `status`, inserted directly
/// (numbered HT-2026-9<seq>), with a DELIVERY installment (offset 10
/// days) and an ACCEPTANCE one.
async fn contract(app: &TestApp, customer: Uuid, owner: &str, status: &str, seq: i32) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, title, owner_id, owner_unit_id,
             customer_party, our_party, amount, status, created_by, created_at, updated_at)
         SELECT $1, 'HT-2026-' || (9000 + $2)::text, 2026, 9000 + $2, $3, '产线改造合同', u.id, u.unit_id,
                '客户', '我方', 100000, $4, u.id, now(), now()
         FROM users u WHERE u.email = $5",
    )
    .bind(id)
    .bind(seq)
    .bind(customer)
    .bind(status)
    .bind(owner)
    .execute(&app.db.pool)
    .await
    .expect("insert contract");
    sqlx::query(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, offset_days)
         VALUES ($1, $3, 1, '到货款', 60000, 'DELIVERY', 10), ($2, $3, 2, '验收款', 40000, 'ACCEPTANCE', 0)",
    )
    .bind(Uuid::now_v7())
    .bind(Uuid::now_v7())
    .bind(id)
    .execute(&app.db.pool)
    .await
    .expect("insert installments");
    id
}

async fn contact(app: &TestApp, customer: Uuid, email: Option<&str>, locale: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contacts (id, customer_id, name, email, locale) VALUES ($1, $2, '陈建国', $3, $4)",
    )
    .bind(id)
    .bind(customer)
    .bind(email)
    .bind(locale)
    .execute(&app.db.pool)
    .await
    .expect("insert contact");
    id
}

async fn notifications(app: &TestApp, kind: &str) -> Vec<Notification> {
    sqlx::query_as("SELECT * FROM notifications WHERE kind = $1 ORDER BY dedup_key")
        .bind(kind)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn installments(app: &TestApp, contract: Uuid) -> Vec<Option<NaiveDate>> {
    sqlx::query_scalar(
        "SELECT due_date FROM contract_installments WHERE contract_id = $1 ORDER BY position",
    )
    .bind(contract)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn audits(app: &TestApp, entity: &str, id: Uuid) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY at, id",
    )
    .bind(entity)
    .bind(id)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn con3_create_numbers_totals_and_refuses_bad_input() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let other = customer(&app, "rep01@example.com", "苏州恒达", Utc::now()).await;
    let hidden = customer(&app, "rep02@example.com", "杭州云帆", Utc::now()).await;
    let year = today().year();

    // CON-3: DRAFT, numbered DD-<year>-<5 digits> gapless, total = Σ round(q × p, 2).
    let o = create(&app, &rep, input(c)).await;
    assert_eq!(o["number"], format!("DD-{year}-00001"));
    assert_eq!(o["status"], "DRAFT");
    assert_eq!(o["currency"], "CNY");
    // 10 × 1250.50 = 12505.00; 1.5 × 3333.33 = 4999.995 → 5000.00.
    assert_eq!(o["lines"][0]["amount"], "12505.00");
    assert_eq!(o["lines"][1]["amount"], "5000.00");
    assert_eq!(o["totalAmount"], "17505.00");
    assert_eq!(o["lines"][1]["remainingQty"], "1.50");
    assert_eq!(o["owner"]["id"], app.user_id("rep01@example.com").await);
    assert_eq!(audits(&app, "ORDER", uid(&o["id"])).await, ["CREATE"]);

    let before = db(&app).await;
    let long = "x".repeat(301);
    let random = Uuid::now_v7();
    let foreign_contact = contact(&app, other, Some("a@b.cn"), "zh-CN").await;
    let cases: Vec<(Value, &str, Option<&str>)> = vec![
        (json!({"lines": []}), "VALIDATION", Some("lines")),
        (
            json!({"lines": vec![line("p", "1", "1"); 201]}),
            "VALIDATION",
            Some("lines"),
        ),
        (
            json!({"lines": [line("p", "0", "1")]}),
            "VALIDATION",
            Some("lines.0.quantity"),
        ),
        (
            json!({"lines": [line("p", "-2", "1")]}),
            "VALIDATION",
            Some("lines.0.quantity"),
        ),
        (
            json!({"lines": [line("p", "1.0005", "1")]}),
            "VALIDATION",
            Some("lines.0.quantity"),
        ),
        (
            json!({"lines": [line("p", "1", "-1")]}),
            "VALIDATION",
            Some("lines.0.unitPrice"),
        ),
        (
            json!({"lines": [line("p", "1", "1.001")]}),
            "VALIDATION",
            Some("lines.0.unitPrice"),
        ),
        (
            json!({"lines": [line(&"品".repeat(201), "1", "1")]}),
            "VALIDATION",
            Some("lines.0.product"),
        ),
        (
            json!({"lines": [line(" ", "1", "1")]}),
            "VALIDATION",
            Some("lines.0.product"),
        ),
        (
            json!({"deliveryPlace": long}),
            "VALIDATION",
            Some("deliveryPlace"),
        ),
        (
            json!({"shippingMethod": "x".repeat(101)}),
            "VALIDATION",
            Some("shippingMethod"),
        ),
        (
            json!({"note": "x".repeat(2001)}),
            "VALIDATION",
            Some("note"),
        ),
        (json!({"currency": "rmb"}), "VALIDATION", Some("currency")),
        (
            json!({"customerId": "nope"}),
            "VALIDATION",
            Some("customerId"),
        ),
        (
            json!({"contactId": foreign_contact}),
            "VALIDATION",
            Some("contactId"),
        ),
        // ORG-3: another rep's customer is missing, exactly like a random id.
        (json!({"customerId": hidden}), "NOT_FOUND", None),
        (json!({"customerId": random}), "NOT_FOUND", None),
    ];
    for (patch, code, f) in cases {
        let mut i = input(c);
        for (k, v) in patch.as_object().unwrap() {
            i[k] = v.clone();
        }
        let r = try_create(&app, &rep, i).await;
        assert_code(&r, code);
        if let Some(f) = f {
            assert_eq!(field(&r), f, "{r}");
        }
        assert_eq!(db(&app).await, before, "nothing changed: {patch}");
    }
    // A malformed decimal is refused by the scalar.
    let mut i = input(c);
    i["lines"] = json!([line("p", "abc", "1")]);
    assert!(try_create(&app, &rep, i).await.get("errors").is_some());
    assert_eq!(db(&app).await, before);

    // A gapless sequence: the refused attempts took no number.
    let o2 = create(&app, &rep, input(c)).await;
    assert_eq!(o2["number"], format!("DD-{year}-00002"));

    // updateOrder while DRAFT, at the current version only.
    let q = format!(
        "mutation($id: ID!, $v: Int!, $i: UpdateOrderInput!) {{ updateOrder(id: $id, version: $v, input: $i) {{ {FIELDS} }} }}"
    );
    let upd = json!({"promisedDate": day(5), "lines": [line("伺服电机 A1", "2", "100.005")]});
    let r = app
        .gql(
            Some(&rep),
            &q,
            json!({"id": o["id"], "v": o["version"], "i": upd}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    let upd = json!({"promisedDate": day(5), "packaging": "木箱", "lines": [line("伺服电机 A1", "2", "100.05")]});
    let u = ok(
        &app.gql(
            Some(&rep),
            &q,
            json!({"id": o["id"], "v": o["version"], "i": upd.clone()}),
        )
        .await,
        "updateOrder",
    );
    assert_eq!(u["totalAmount"], "200.10");
    assert_eq!(u["version"], 2);
    let before = db(&app).await;
    // Stale version → CONFLICT, nothing changed.
    let r = app
        .gql(
            Some(&rep),
            &q,
            json!({"id": o["id"], "v": 1, "i": upd.clone()}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    // Another rep: NOT_FOUND, like a random id.
    let rep02 = app.login("rep02@example.com").await;
    let r = app
        .gql(
            Some(&rep02),
            &q,
            json!({"id": o["id"], "v": 2, "i": upd.clone()}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(Some(&rep02), &q, json!({"id": random, "v": 2, "i": upd}))
        .await;
    assert_code(&r, "NOT_FOUND");
    assert_code(&get(&app, &rep02, &o["id"]).await, "NOT_FOUND");
    assert_eq!(db(&app).await, before);
    assert_eq!(
        audits(&app, "ORDER", uid(&o["id"])).await,
        ["CREATE", "UPDATE"]
    );
}

#[tokio::test]
async fn con3_orders_under_contracts_only_signed_or_executing_of_that_customer() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let other = customer(&app, "rep01@example.com", "苏州恒达", Utc::now()).await;
    let draft = contract(&app, c, "rep01@example.com", "DRAFT", 1).await;
    let foreign = contract(&app, other, "rep01@example.com", "SIGNED", 2).await;
    let hidden = contract(&app, c, "rep02@example.com", "SIGNED", 3).await;
    let signed = contract(&app, c, "rep01@example.com", "SIGNED", 4).await;
    // REC-8 would refuse this customer: limit 1, but contract orders were
    // credit-checked by the contract review.
    sqlx::query("UPDATE customers SET credit_limit = 1 WHERE id = $1")
        .bind(c)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let before = db(&app).await;
    for (k, code) in [
        (draft, "CONFLICT"),
        (foreign, "CONFLICT"),
        (hidden, "NOT_FOUND"),
    ] {
        let mut i = input(c);
        i["contractId"] = json!(k);
        assert_code(&try_create(&app, &rep, i).await, code);
        assert_eq!(db(&app).await, before);
    }
    let mut i = input(c);
    i["contractId"] = json!(signed);
    i["currency"] = json!("USD");
    let r = try_create(&app, &rep, i).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), "currency");

    let mut i = input(c);
    i["contractId"] = json!(signed);
    let o = create(&app, &rep, i).await;
    assert_eq!(o["contract"]["number"], "HT-2026-9004");
    // Confirming moves the SIGNED contract to EXECUTING (version bump, audit).
    let cf = ok(&confirm(&app, &rep, &o).await, "confirmOrder");
    assert_eq!(cf["status"], "CONFIRMED");
    assert_eq!(cf["expectedDate"], cf["promisedDate"]);
    assert_eq!(cf["contract"]["status"], "EXECUTING");
    let (status, version): (String, i32) =
        sqlx::query_as("SELECT status, version FROM contracts WHERE id = $1")
            .bind(signed)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), version), ("EXECUTING", 2));
    assert_eq!(audits(&app, "CONTRACT", signed).await, ["START_EXECUTION"]);
    // A second order on the EXECUTING contract leaves it as it is.
    let mut i = input(c);
    i["contractId"] = json!(signed);
    let o2 = create(&app, &rep, i).await;
    assert_ok(&confirm(&app, &rep, &o2).await);
    assert_eq!(audits(&app, "CONTRACT", signed).await, ["START_EXECUTION"]);
    // A contract that moved on refuses confirmation of a DRAFT order.
    let mut i = input(c);
    i["contractId"] = json!(signed);
    let o3 = create(&app, &rep, i).await;
    sqlx::query("UPDATE contracts SET status = 'ACCEPTED' WHERE id = $1")
        .bind(signed)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let before = db(&app).await;
    assert_code(&confirm(&app, &rep, &o3).await, "CONFLICT");
    assert_eq!(db(&app).await, before);
}

#[tokio::test]
async fn con3_confirmation_notifies_the_four_copies_exactly_once() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    // Production: supervisor.south1 stands in for the production planner.
    let production: Uuid = app
        .user_id("supervisor.south1@example.com")
        .await
        .parse()
        .unwrap();
    // The setting is changed through updateCompanySetting, validated.
    let director = app.login("director@example.com").await;
    let set = "mutation($v: JSON!, $ver: Int!) { updateCompanySetting(key: \"order_confirmation_recipients\",
        value: $v, version: $ver) { value version } }";
    let setting = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT value::text || version FROM company_settings WHERE key = 'order_confirmation_recipients'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
    };
    let before = setting().await;
    for (token, v, ver, code) in [
        (
            &director,
            json!({"roles": ["PRODUCTION"], "users": []}),
            1,
            "VALIDATION",
        ),
        (
            &director,
            json!({"roles": [], "users": ["nope"]}),
            1,
            "VALIDATION",
        ),
        (
            &director,
            json!({"roles": ["FINANCE"], "users": []}),
            2,
            "CONFLICT",
        ),
        (
            &rep,
            json!({"roles": ["FINANCE"], "users": []}),
            1,
            "FORBIDDEN",
        ),
    ] {
        assert_code(
            &app.gql(Some(token), set, json!({"v": v, "ver": ver})).await,
            code,
        );
        assert_eq!(setting().await, before);
    }
    let r = app
        .gql(
            Some(&director),
            set,
            json!({"v": {"roles": ["FINANCE", "GENERAL_MANAGER"], "users": [production]}, "ver": 1}),
        )
        .await;
    assert_eq!(ok(&r, "updateCompanySetting")["version"], 2);
    let mut expected: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM users WHERE active AND (primary_role IN ('FINANCE', 'GENERAL_MANAGER')
             OR extra_roles && ARRAY['FINANCE', 'GENERAL_MANAGER'] OR id = $1)",
    )
    .bind(production)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    expected.sort();
    assert!(expected.len() >= 3, "finance, gm and production");

    // The promised date is required to confirm.
    let mut i = input(c);
    i["promisedDate"] = Value::Null;
    let o = create(&app, &rep, i).await;
    let before = db(&app).await;
    let r = confirm(&app, &rep, &o).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), "promisedDate");
    assert_eq!(db(&app).await, before);

    let o = create(&app, &rep, input(c)).await;
    let cf = ok(&confirm(&app, &rep, &o).await, "confirmOrder");
    assert_eq!(cf["status"], "CONFIRMED");
    let sent = notifications(&app, "order_confirmed").await;
    let mut users: Vec<Uuid> = sent
        .iter()
        .filter(|n| n.channel == "EMAIL")
        .map(|n| n.recipient_user_id.unwrap())
        .collect();
    users.sort();
    assert_eq!(users, expected);
    assert_eq!(sent.len(), expected.len() * 2, "email and inbox each");
    for n in sent.iter().filter(|n| n.channel == "EMAIL") {
        assert_eq!(
            n.dedup_key,
            format!(
                "order:{}:confirmed:{}",
                o["id"].as_str().unwrap(),
                n.recipient_user_id.unwrap()
            )
        );
        assert_eq!(n.payload["order_number"], o["number"]);
        assert_eq!(n.payload["total_amount"], "17505.00");
    }
    // A retried confirmation (same version) and a second one (new version)
    // are CONFLICT and notify nobody again.
    let before = db(&app).await;
    assert_code(&confirm(&app, &rep, &o).await, "CONFLICT");
    assert_code(&confirm(&app, &rep, &cf).await, "CONFLICT");
    assert_eq!(db(&app).await, before);
    assert_eq!(
        audits(&app, "ORDER", uid(&o["id"])).await,
        ["CREATE", "CONFIRM"]
    );

    // AUTO-6: a confirmation of an order cancelled since is not sent.
    let n = sent.iter().find(|n| n.channel == "EMAIL").unwrap();
    let pool = &app.db.pool;
    assert_eq!(
        salesd_domain::registry::cancel_reason(pool, n, today())
            .await
            .unwrap(),
        None
    );
    let r = act(
        &app,
        &rep,
        "cancelOrder",
        "id: $id, version: $version, reason: $reason",
        json!({"id": cf["id"], "version": cf["version"], "reason": "客户取消"}),
    )
    .await;
    assert_eq!(ok(&r, "cancelOrder")["status"], "CANCELLED");
    assert!(
        salesd_domain::registry::cancel_reason(pool, n, today())
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn rec8_standalone_orders_over_the_limit_need_the_director() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let director = app.login("director@example.com").await;
    let manager = app.login("manager.east@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    sqlx::query("UPDATE customers SET credit_limit = 10000 WHERE id = $1")
        .bind(c)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // 17505.00 > 10000: over the limit.
    let o = create(&app, &rep, input(c)).await;
    let before = db(&app).await;
    for (token, approved) in [(&rep, true), (&manager, true), (&director, false)] {
        let r = confirm_approved(&app, token, &o, approved).await;
        assert_code(&r, "CONFLICT");
        assert!(
            r["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("REC-8"),
            "{r}"
        );
        assert_eq!(db(&app).await, before);
    }
    let cf = ok(
        &confirm_approved(&app, &director, &o, true).await,
        "confirmOrder",
    );
    assert_eq!(cf["status"], "CONFIRMED");
    let changes: Value = sqlx::query_scalar(
        "SELECT changes FROM audit_log WHERE entity = 'ORDER' AND entity_id = $1 AND action = 'CONFIRM'",
    )
    .bind(uid(&o["id"]))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(changes.to_string().contains("credit_check"), "{changes}");

    // Within the limit a rep confirms; on credit hold nobody but the director.
    // The confirmed 17505.00 order counts now (REC-8 exposure: confirmed,
    // not shipped): 17505.00 + 100.00 needs a limit of 17605.00.
    let mut i = input(c);
    i["lines"] = json!([line("备件", "1", "100")]);
    let small = create(&app, &rep, i.clone()).await;
    sqlx::query("UPDATE customers SET credit_limit = 17604.99 WHERE id = $1")
        .bind(c)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_code(&confirm(&app, &rep, &small).await, "CONFLICT");
    sqlx::query("UPDATE customers SET credit_limit = 17605 WHERE id = $1")
        .bind(c)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_ok(&confirm(&app, &rep, &small).await);
    sqlx::query("UPDATE customers SET credit_hold_since = now(), credit_limit = NULL, credit_unlimited = true WHERE id = $1")
        .bind(c)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let held = create(&app, &rep, i).await;
    assert_code(&confirm(&app, &rep, &held).await, "CONFLICT");
    assert_ok(&confirm_approved(&app, &director, &held, true).await);
}

#[tokio::test]
async fn con3_production_moves_forward_and_cancellation_before_shipping() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let o = create(&app, &rep, input(c)).await;
    // Production states only after confirmation.
    assert_code(
        &set_status(&app, &rep, &o, "IN_PRODUCTION").await,
        "CONFLICT",
    );
    let o = ok(&confirm(&app, &rep, &o).await, "confirmOrder");
    let p = ok(
        &set_status(&app, &rep, &o, "IN_PRODUCTION").await,
        "setOrderStatus",
    );
    assert_eq!(p["status"], "IN_PRODUCTION");
    let before = db(&app).await;
    assert_code(&set_status(&app, &rep, &o, "READY").await, "CONFLICT"); // stale
    assert_code(&set_status(&app, &rep, &p, "CONFIRMED").await, "VALIDATION");
    assert_code(&set_status(&app, &rep, &p, "SHIPPED").await, "VALIDATION");
    assert_code(
        &set_status(&app, &rep, &p, "IN_PRODUCTION").await,
        "CONFLICT",
    );
    assert_eq!(db(&app).await, before);
    let r = ok(&set_status(&app, &rep, &p, "READY").await, "setOrderStatus");
    assert_eq!(r["status"], "READY");
    assert_code(
        &set_status(&app, &rep, &r, "IN_PRODUCTION").await,
        "CONFLICT",
    );

    // Cancel: reason required; not once anything has shipped.
    let cancel =
        |o: &Value, reason: &str| json!({"id": o["id"], "version": o["version"], "reason": reason});
    let args = "id: $id, version: $version, reason: $reason";
    assert_code(
        &act(&app, &rep, "cancelOrder", args, cancel(&r, " ")).await,
        "VALIDATION",
    );
    assert_code(
        &act(
            &app,
            &rep,
            "cancelOrder",
            args,
            cancel(&r, &"x".repeat(2001)),
        )
        .await,
        "VALIDATION",
    );
    let ship = try_ship(
        &app,
        &rep,
        json!({"orderId": r["id"], "shippedDate": day(0), "lines": [{"orderLineId": r["lines"][0]["id"], "quantity": "1"}]}),
    )
    .await;
    assert_ok(&ship);
    let r = fetch(&app, &rep, &r["id"]).await;
    let before = db(&app).await;
    assert_code(
        &act(&app, &rep, "cancelOrder", args, cancel(&r, "客户取消")).await,
        "CONFLICT",
    );
    assert_eq!(db(&app).await, before);

    let d = create(&app, &rep, input(c)).await;
    let x = ok(
        &act(&app, &rep, "cancelOrder", args, cancel(&d, "重复录入")).await,
        "cancelOrder",
    );
    assert_eq!(
        (x["status"].as_str(), x["cancelledReason"].as_str()),
        (Some("CANCELLED"), Some("重复录入"))
    );
    assert_code(
        &act(&app, &rep, "cancelOrder", args, cancel(&x, "again")).await,
        "CONFLICT",
    );
    assert_code(&confirm(&app, &rep, &x).await, "CONFLICT");
}

#[tokio::test]
async fn con5_partial_shipments_never_exceed_the_order_and_deliveries_set_installments() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let k = contract(&app, c, "rep01@example.com", "SIGNED", 1).await;
    let mut i = input(c);
    i["contractId"] = json!(k);
    let a = create(&app, &rep, i.clone()).await;
    let b = create(&app, &rep, i.clone()).await;
    let draft = create(&app, &rep, i).await;
    let a = ok(&confirm(&app, &rep, &a).await, "confirmOrder");
    let b = ok(&confirm(&app, &rep, &b).await, "confirmOrder");
    let (l1, l2) = (a["lines"][0]["id"].clone(), a["lines"][1]["id"].clone());
    let year = today().year();
    let ship = |order: &Value, lines: Value| json!({"orderId": order["id"], "shippedDate": day(0), "carrier": "顺丰", "lines": lines});

    let before = db(&app).await;
    let random = Uuid::now_v7();
    let cases: Vec<(Value, &str, Option<&str>)> = vec![
        // Shipping more than ordered.
        (
            ship(&a, json!([{"orderLineId": l1, "quantity": "10.001"}])),
            "VALIDATION",
            Some("lines.0.quantity"),
        ),
        (
            ship(&a, json!([{"orderLineId": l1, "quantity": "-1"}])),
            "VALIDATION",
            Some("lines.0.quantity"),
        ),
        (
            ship(&a, json!([{"orderLineId": l1, "quantity": "0"}])),
            "VALIDATION",
            Some("lines.0.quantity"),
        ),
        (
            ship(&a, json!([{"orderLineId": random, "quantity": "1"}])),
            "VALIDATION",
            Some("lines.0.orderLineId"),
        ),
        (
            ship(
                &a,
                json!([{"orderLineId": b["lines"][0]["id"], "quantity": "1"}]),
            ),
            "VALIDATION",
            Some("lines.0.orderLineId"),
        ),
        (
            ship(
                &a,
                json!([{"orderLineId": l1, "quantity": "1"}, {"orderLineId": l1, "quantity": "1"}]),
            ),
            "VALIDATION",
            Some("lines.1.orderLineId"),
        ),
        (ship(&a, json!([])), "VALIDATION", Some("lines")),
        (
            ship(
                &draft,
                json!([{"orderLineId": draft["lines"][0]["id"], "quantity": "1"}]),
            ),
            "CONFLICT",
            None,
        ),
        (
            json!({"orderId": a["id"], "shippedDate": day(1), "lines": [{"orderLineId": l1, "quantity": "1"}]}),
            "VALIDATION",
            Some("shippedDate"),
        ),
        (
            json!({"orderId": a["id"], "shippedDate": day(0), "carrier": "x".repeat(101), "lines": [{"orderLineId": l1, "quantity": "1"}]}),
            "VALIDATION",
            Some("carrier"),
        ),
        (
            json!({"orderId": a["id"], "shippedDate": day(0), "number": "x".repeat(41), "lines": [{"orderLineId": l1, "quantity": "1"}]}),
            "VALIDATION",
            Some("number"),
        ),
        (
            json!({"orderId": random, "shippedDate": day(0), "lines": [{"orderLineId": l1, "quantity": "1"}]}),
            "NOT_FOUND",
            None,
        ),
    ];
    for (inp, code, f) in cases {
        let r = try_ship(&app, &rep, inp.clone()).await;
        assert_code(&r, code);
        if let Some(f) = f {
            assert_eq!(field(&r), f, "{r}");
        }
        assert_eq!(db(&app).await, before, "nothing changed: {inp}");
    }
    // Another rep cannot ship it: NOT_FOUND.
    let rep02 = app.login("rep02@example.com").await;
    let r = try_ship(
        &app,
        &rep02,
        ship(&a, json!([{"orderLineId": l1, "quantity": "1"}])),
    )
    .await;
    assert_code(&r, "NOT_FOUND");

    // Partial shipment: FH-<year>-00001, amount = Σ round(q × p, 2).
    let s1 = ok(
        &try_ship(&app, &rep, ship(&a, json!([{"orderLineId": l1, "quantity": "4"}, {"orderLineId": l2, "quantity": "0.5"}]))).await,
        "recordShipment",
    );
    assert_eq!(s1["number"], format!("FH-{year}-00001"));
    // 4 × 1250.50 = 5002.00; 0.5 × 3333.33 = 1666.665 → 1666.67.
    assert_eq!(s1["amount"], "6668.67");
    let a1 = fetch(&app, &rep, &a["id"]).await;
    assert_eq!(a1["status"], "CONFIRMED", "partly shipped keeps its state");
    assert_eq!(a1["lines"][0]["shippedQty"], "4.00");
    assert_eq!(a1["lines"][0]["remainingQty"], "6.00");
    assert_eq!(a1["lines"][1]["remainingQty"], "1.00");
    assert_eq!(a1["shipments"][0]["lines"].as_array().unwrap().len(), 2);
    // More than what remains now.
    let before = db(&app).await;
    let r = try_ship(
        &app,
        &rep,
        ship(&a, json!([{"orderLineId": l1, "quantity": "6.5"}])),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(db(&app).await, before);
    // A duplicate hand-given number is CONFLICT.
    let mut dup = ship(&a, json!([{"orderLineId": l1, "quantity": "1"}]));
    dup["number"] = json!(format!("FH-{year}-00001"));
    assert_code(&try_ship(&app, &rep, dup).await, "CONFLICT");
    assert_eq!(db(&app).await, before);
    // Delivery of a partial shipment does not deliver the order.
    let before = db(&app).await;
    assert_code(&deliver(&app, &rep, &s1, &day(1)).await, "VALIDATION");
    assert_code(&deliver(&app, &rep, &s1, &day(-1)).await, "VALIDATION");
    assert_eq!(db(&app).await, before);
    assert_ok(&deliver(&app, &rep, &s1, &day(0)).await);
    assert_code(&deliver(&app, &rep, &s1, &day(0)).await, "CONFLICT");
    assert_eq!(fetch(&app, &rep, &a["id"]).await["status"], "CONFIRMED");

    // The rest: fully shipped → SHIPPED; delivered → DELIVERED.
    let mut rest = ship(
        &a,
        json!([{"orderLineId": l1, "quantity": "6"}, {"orderLineId": l2, "quantity": "1"}]),
    );
    rest["number"] = json!("客户自编-001");
    let s2 = ok(&try_ship(&app, &rep, rest).await, "recordShipment");
    assert_eq!(s2["number"], "客户自编-001");
    let a2 = fetch(&app, &rep, &a["id"]).await;
    assert_eq!(a2["status"], "SHIPPED");
    assert_code(
        &try_ship(
            &app,
            &rep,
            ship(&a, json!([{"orderLineId": l1, "quantity": "1"}])),
        )
        .await,
        "CONFLICT",
    );
    let r = ok(&deliver(&app, &rep, &s2, &day(0)).await, "confirmDelivery");
    assert_eq!(r["deliveredDate"], day(0));
    let a3 = fetch(&app, &rep, &a["id"]).await;
    assert_eq!(a3["status"], "DELIVERED");
    assert!(a3["deliveredAt"].is_string());
    let actions = audits(&app, "ORDER", uid(&a["id"])).await;
    assert_eq!(actions, ["CREATE", "CONFIRM", "STATUS", "DELIVERED"]);
    assert_eq!(
        audits(&app, "SHIPMENT", uid(&s2["id"])).await,
        ["CREATE", "DELIVERED"]
    );

    // The DELIVERY installment waits for every non-cancelled order.
    assert_eq!(installments(&app, k).await, [None, None]);
    let all: Vec<Value> = b["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!({"orderLineId": l["id"], "quantity": l["quantity"]}))
        .collect();
    let s3 = ok(
        &try_ship(&app, &rep, ship(&b, json!(all))).await,
        "recordShipment",
    );
    assert_eq!(s3["number"], format!("FH-{year}-00002"));
    assert_eq!(s3["amount"], b["totalAmount"]);
    // The DRAFT order is cancelled, so it does not hold the installment back.
    let cancelled = act(
        &app,
        &rep,
        "cancelOrder",
        "id: $id, version: $version, reason: $reason",
        json!({"id": draft["id"], "version": draft["version"], "reason": "合并到其他订单"}),
    )
    .await;
    assert_ok(&cancelled);
    assert_ok(&deliver(&app, &rep, &s3, &day(0)).await);
    assert_eq!(
        installments(&app, k).await,
        [Some(today() + Duration::days(10)), None]
    );
    assert_eq!(
        audits(&app, "CONTRACT", k).await,
        ["START_EXECUTION", "DELIVERY_DUE"]
    );

    // Lists: per customer, delivered / undelivered (CON-3).
    let q = "query($f: OrderFilter) { orders(filter: $f, first: 10) { totalCount edges { node { number status lines { id } shipments { number } } } } }";
    let list = |f: Value| {
        let app = &app;
        let rep = rep.clone();
        async move { ok(&app.gql(Some(&rep), q, json!({"f": f})).await, "orders") }
    };
    assert_eq!(
        list(json!({"customerId": c, "delivered": true})).await["totalCount"],
        2
    );
    assert_eq!(
        list(json!({"customerId": c, "delivered": false})).await["totalCount"],
        0
    );
    assert_eq!(list(json!({"contractId": k})).await["totalCount"], 3);
    let cancelled = list(json!({"status": "CANCELLED"})).await;
    assert_eq!(cancelled["edges"][0]["node"]["number"], draft["number"]);
    let shipment = ok(
        &app.gql(
            Some(&rep),
            &format!("query($id: ID!) {{ shipment(id: $id) {{ {SHIPMENT} }} }}"),
            json!({"id": s1["id"]}),
        )
        .await,
        "shipment",
    );
    assert_eq!(shipment["orderId"], a["id"]);
    let r = app
        .gql(
            Some(&rep02),
            &format!("query($id: ID!) {{ shipment(id: $id) {{ {SHIPMENT} }} }}"),
            json!({"id": s1["id"]}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
}

#[tokio::test]
async fn con4_slips_notify_contact_and_owner_once_per_date_cancelled_when_delivered() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let ct = contact(&app, c, Some("chen@example.cn"), "en").await;
    let mut i = input(c);
    i["contactId"] = json!(ct);
    let o = create(&app, &rep, i).await;
    assert_eq!(o["contact"]["id"], json!(ct.to_string()));
    // Not before confirmation.
    assert_code(
        &expect_date(&app, &rep, &o, &day(20), "缺料").await,
        "CONFLICT",
    );
    let o = ok(&confirm(&app, &rep, &o).await, "confirmOrder");
    let before = db(&app).await;
    assert_code(
        &expect_date(&app, &rep, &o, &day(20), " ").await,
        "VALIDATION",
    );
    assert_code(
        &expect_date(&app, &rep, &o, &day(20), &"x".repeat(2001)).await,
        "VALIDATION",
    );
    let stale = json!({"id": o["id"], "version": 1});
    assert_code(
        &expect_date(&app, &rep, &stale, &day(20), "缺料").await,
        "CONFLICT",
    );
    let rep02 = app.login("rep02@example.com").await;
    assert_code(
        &expect_date(&app, &rep02, &o, &day(20), "缺料").await,
        "NOT_FOUND",
    );
    assert_eq!(db(&app).await, before);

    // Not later than promised: no notice.
    let o = ok(
        &expect_date(&app, &rep, &o, &day(8), "提前完工").await,
        "setOrderExpectedDate",
    );
    assert_eq!(notifications(&app, "delivery_slip").await.len(), 0);
    // CON-4: a slip past the promised date tells the contact and the owner at once.
    let o = ok(
        &expect_date(&app, &rep, &o, &day(15), "关键部件延迟到货").await,
        "setOrderExpectedDate",
    );
    assert_eq!(o["expectedDate"], day(15));
    let sent = notifications(&app, "delivery_slip").await;
    assert_eq!(sent.len(), 3, "contact email, owner email and inbox");
    let to_contact: Vec<&Notification> = sent
        .iter()
        .filter(|n| n.recipient_contact_id == Some(ct))
        .collect();
    assert_eq!(to_contact.len(), 1);
    assert_eq!(to_contact[0].locale, "en");
    assert_eq!(to_contact[0].channel, "EMAIL");
    assert_eq!(
        to_contact[0].dedup_key,
        format!("order:{}:slip:{}:{ct}", o["id"].as_str().unwrap(), day(15))
    );
    assert_eq!(to_contact[0].payload["days_late"], 5);
    let owner: Uuid = app.user_id("rep01@example.com").await.parse().unwrap();
    assert_eq!(
        sent.iter()
            .filter(|n| n.recipient_user_id == Some(owner))
            .count(),
        2
    );
    // The same date again: nothing new; a later date: told again.
    let o = ok(
        &expect_date(&app, &rep, &o, &day(8), "恢复").await,
        "setOrderExpectedDate",
    );
    let o = ok(
        &expect_date(&app, &rep, &o, &day(15), "又延迟").await,
        "setOrderExpectedDate",
    );
    assert_eq!(notifications(&app, "delivery_slip").await.len(), 3);
    let o = ok(
        &expect_date(&app, &rep, &o, &day(18), "再次延迟").await,
        "setOrderExpectedDate",
    );
    assert_eq!(notifications(&app, "delivery_slip").await.len(), 6);
    let changes: Value = sqlx::query_scalar(
        "SELECT changes FROM audit_log WHERE entity = 'ORDER' AND entity_id = $1 AND action = 'EXPECTED_DATE'
         ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(uid(&o["id"]))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(changes.to_string().contains("再次延迟"), "{changes}");

    // AUTO-6: a slip notice of an order delivered since is cancelled.
    let pool = &app.db.pool;
    let n = &notifications(&app, "delivery_slip").await[0];
    assert_eq!(
        salesd_domain::registry::cancel_reason(pool, n, today())
            .await
            .unwrap(),
        None
    );
    let all: Vec<Value> = o["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!({"orderLineId": l["id"], "quantity": l["quantity"]}))
        .collect();
    let s = ok(
        &try_ship(
            &app,
            &rep,
            json!({"orderId": o["id"], "shippedDate": day(0), "lines": all}),
        )
        .await,
        "recordShipment",
    );
    assert_eq!(
        salesd_domain::registry::cancel_reason(pool, n, today())
            .await
            .unwrap(),
        None
    );
    assert_ok(&deliver(&app, &rep, &s, &day(0)).await);
    assert!(
        salesd_domain::registry::cancel_reason(pool, n, today())
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn con4_deliveries_scan_warns_owners_once_per_promised_date() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let order = |promised: i64| {
        let mut i = input(c);
        i["promisedDate"] = json!(day(promised));
        i
    };
    let mut confirmed = Vec::new();
    for p in [2, -1, 4, 1] {
        let o = create(&app, &rep, order(p)).await;
        confirmed.push(ok(&confirm(&app, &rep, &o).await, "confirmOrder"));
    }
    // Promised tomorrow but READY: nothing to warn about.
    assert_ok(&set_status(&app, &rep, &confirmed[3], "READY").await);
    // A DRAFT order is not promised yet.
    create(&app, &rep, order(0)).await;

    let now = Utc::now();
    let force = ScanOptions {
        force: true,
        ..ScanOptions::default()
    };
    let r1 = run_scan(
        &app.db.pool,
        ScanKind::Deliveries,
        now,
        ScanOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!((r1.found, r1.created, r1.skipped), (2, 4, false));
    let r2 = run_scan(
        &app.db.pool,
        ScanKind::Deliveries,
        now,
        ScanOptions::default(),
    )
    .await
    .unwrap();
    assert!(r2.skipped, "daily");
    let r3 = run_scan(&app.db.pool, ScanKind::Deliveries, now, force)
        .await
        .unwrap();
    assert_eq!((r3.found, r3.created), (2, 0), "nothing doubled");
    let sent = notifications(&app, "order_due_soon").await;
    assert_eq!(sent.len(), 4);
    let keys: Vec<&str> = sent
        .iter()
        .filter(|n| n.channel == "EMAIL")
        .map(|n| n.dedup_key.as_str())
        .collect();
    let mut expected = vec![
        format!(
            "order:{}:due-soon:{}",
            confirmed[0]["id"].as_str().unwrap(),
            day(2)
        ),
        format!(
            "order:{}:due-soon:{}",
            confirmed[1]["id"].as_str().unwrap(),
            day(-1)
        ),
    ];
    expected.sort();
    assert_eq!(keys, expected);
    let overdue = sent
        .iter()
        .find(|n| n.channel == "EMAIL" && n.payload["order_id"] == confirmed[1]["id"])
        .unwrap();
    assert_eq!(overdue.payload["days_until"], -1);
    // AUTO-6: the warning of an order that became READY meanwhile is cancelled.
    let pool = &app.db.pool;
    assert_eq!(
        salesd_domain::registry::cancel_reason(pool, overdue, today())
            .await
            .unwrap(),
        None
    );
    assert_ok(&set_status(&app, &rep, &confirmed[1], "READY").await);
    assert!(
        salesd_domain::registry::cancel_reason(pool, overdue, today())
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn org3_orders_follow_the_contract_scope() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let o = create(&app, &rep, input(c)).await;
    let q = "query { orders(first: 50) { totalCount edges { node { id } } } }";
    let count = |token: String| {
        let app = &app;
        async move { ok(&app.gql(Some(&token), q, json!({})).await, "orders")["totalCount"].clone() }
    };
    // Owner, the team's supervisor, the unit's manager, finance (reads all),
    // the director see it; another rep and the other team's supervisor do not.
    for (who, sees) in [
        ("rep01@example.com", 1),
        ("supervisor.east1@example.com", 1),
        ("manager.east@example.com", 1),
        ("finance@example.com", 1),
        ("director@example.com", 1),
        ("assistant@example.com", 1),
        ("rep02@example.com", 0),
        ("supervisor.east2@example.com", 0),
        ("manager.south@example.com", 0),
    ] {
        let token = app.login(who).await;
        assert_eq!(count(token.clone()).await, sees, "{who}");
        if sees == 0 {
            assert_code(&get(&app, &token, &o["id"]).await, "NOT_FOUND");
            assert_code(&confirm(&app, &token, &o).await, "NOT_FOUND");
        }
    }
    // Finance reads but does not change orders.
    let finance = app.login("finance@example.com").await;
    let before = db(&app).await;
    assert_code(&confirm(&app, &finance, &o).await, "FORBIDDEN");
    assert_eq!(db(&app).await, before);
    // The supervisor may act on the team's order.
    let sup = app.login("supervisor.east1@example.com").await;
    assert_ok(&confirm(&app, &sup, &o).await);
}

/// CON-5 / REC-1: recording the delivery note of an order outside a
/// contract posts its sale to the ledger on the same transaction (dated the
/// shipped date, due 30 days later); a delivery note under a contract posts
/// nothing, its contract's installments being the claim.
#[tokio::test]
async fn con5_delivery_note_outside_a_contract_posts_the_sale_once() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "苏州散单客户", Utc::now()).await;
    let standalone = ok(
        &confirm(&app, &rep, &create(&app, &rep, input(c)).await).await,
        "confirmOrder",
    );
    let k = contract(&app, c, "rep01@example.com", "SIGNED", 1).await;
    let mut i = input(c);
    i["contractId"] = json!(k);
    let under = ok(
        &confirm(&app, &rep, &create(&app, &rep, i).await).await,
        "confirmOrder",
    );

    let s = ok(
        &try_ship(
            &app,
            &rep,
            json!({"orderId": standalone["id"], "shippedDate": day(0),
            "lines": [{"orderLineId": standalone["lines"][0]["id"], "quantity": "4"}]}),
        )
        .await,
        "recordShipment",
    );
    assert_eq!(s["amount"], "5002.00");
    ok(
        &try_ship(
            &app,
            &rep,
            json!({"orderId": under["id"], "shippedDate": day(0),
            "lines": [{"orderLineId": under["lines"][0]["id"], "quantity": "4"}]}),
        )
        .await,
        "recordShipment",
    );
    let rows: Vec<(String, rust_decimal::Decimal, NaiveDate, Option<Uuid>)> = sqlx::query_as(
        "SELECT kind, amount, entry_date, shipment_id FROM ledger_entries WHERE customer_id = $1",
    )
    .bind(c)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].0, "SALE");
    assert_eq!(rows[0].1.to_string(), "5002.00");
    assert_eq!(rows[0].2, today());
    assert_eq!(rows[0].3, Some(uid(&s["id"])));
    // The daily posting finds nothing more to post for it.
    let admin = app.login("admin@example.com").await;
    let r = app
        .gql(
            Some(&admin),
            "mutation($d: Date!) { postDueReceivables(asOf: $d) { items } }",
            json!({"d": day(0)}),
        )
        .await;
    assert_ok(&r);
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM ledger_entries WHERE shipment_id IS NOT NULL")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 1);
}
