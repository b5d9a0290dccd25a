//! CON-1 contracts (from an accepted quote or entered directly, gapless
//! yearly numbers, payment plans summing exactly), CON-2 review (finance
//! for long terms, the director, never one's own; return, sign, execute,
//! close, terminate), REC-8 credit check, the PIP-2 WON gate, and the
//! ORG-3 scope of contracts. Every refused change leaves the database as it
//! was.

use chrono::{Duration, Utc};
use salesd_domain::clock::company_date;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;

pub const CFIELDS: &str = "id number title status customerId opportunityId quoteId owner { id } ownerUnitId
  customerParty ourParty amount currency startDate endDate paymentMethod paymentTermsDays deliveryTerms
  afterSalesTerms warrantyMonths installments { id position label amount trigger offsetDays dueDate }
  needsFinance needsCreditApproval creditCheck { customerId limit limitSource outstanding newAmount onHold exceedsLimit
  needsDirectorApproval } submittedBy { id } submittedAt financeApprovedBy { id } financeApprovedAt
  directorApprovedBy { id } directorApprovedAt creditApprovedBy { id } returnedReason signedDate
  acceptedDate closedAt terminatedAt terminationReason note createdBy { id } createdAt updatedAt version";

const REP: &str = "rep01@example.com";

fn today() -> String {
    company_date(Utc::now()).format("%Y-%m-%d").to_string()
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

/// An opportunity of `owner` in CONTRACT with an ACCEPTED quote of
/// `amount`, inserted directly: (customer, opportunity, quote).
pub async fn contract_stage(app: &TestApp, owner: &str, amount: &str) -> (Uuid, Uuid, Uuid) {
    let c = customer(app, owner, "华东机械制造", Utc::now()).await;
    let o = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
            stage_changed_at, created_by, created_at, updated_at)
         SELECT $1, $2, '智能产线项目', u.id, u.unit_id, 'CONTRACT', $4::numeric, now(), u.id, now(), now()
         FROM users u WHERE u.email = $3",
    )
    .bind(o)
    .bind(c)
    .bind(owner)
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("insert opportunity");
    let q = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO quotes (id, opportunity_id, status, total_amount, currency, created_at)
         VALUES ($1, $2, 'ACCEPTED', $3::numeric, 'CNY', now())",
    )
    .bind(q)
    .bind(o)
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("insert quote");
    (c, o, q)
}

/// A contract of opportunity `opportunity` in `status`, inserted directly
/// (numbered HT-2026-9xxx, no counter row), for tests of other modules.
pub async fn insert_contract(app: &TestApp, opportunity: Uuid, status: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, title, owner_id,
            owner_unit_id, customer_party, our_party, amount, status, signed_date, termination_reason,
            created_by, created_at, updated_at)
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, o.customer_id, o.id, o.name, o.owner_id, o.owner_unit_id,
            'customer', 'us', GREATEST(o.amount, 1), $3,
            CASE WHEN $3 IN ('SIGNED', 'EXECUTING', 'ACCEPTED', 'CLOSED') THEN current_date END,
            CASE WHEN $3 = 'TERMINATED' THEN 'test' END, o.owner_id, now(), now()
         FROM opportunities o,
              (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2026) s
         WHERE o.id = $2",
    )
    .bind(id)
    .bind(opportunity)
    .bind(status)
    .execute(&app.db.pool)
    .await
    .expect("insert contract");
    id
}

fn inst(label: &str, amount: &str, trigger: &str, due: Option<&str>, offset: i32) -> Value {
    json!({"label": label, "amount": amount, "trigger": trigger, "dueDate": due, "offsetDays": offset})
}

/// The fixed date of [`plan`]: 60 days from today (company time).
fn fixed_due() -> String {
    (company_date(Utc::now()) + Duration::days(60))
        .format("%Y-%m-%d")
        .to_string()
}

/// 30 % on signing (+10 days), 60 % on a fixed date 60 days out, 10 % at
/// acceptance: every installment within 90 days of signing (CON-2: no
/// finance review from the plan).
fn plan(total: &str) -> Vec<Value> {
    let t: rust_decimal::Decimal = total.parse().unwrap();
    let a = (t * rust_decimal::Decimal::new(3, 1)).round_dp(2);
    let c = (t * rust_decimal::Decimal::new(1, 1)).round_dp(2);
    let b = t - a - c;
    vec![
        inst("预付款", &a.to_string(), "SIGNING", None, 10),
        inst(
            "到货款",
            &b.to_string(),
            "FIXED_DATE",
            Some(&fixed_due()),
            0,
        ),
        inst("验收款", &c.to_string(), "ACCEPTANCE", None, 0),
    ]
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    base
}

/// `createContractFromQuote` as `token`; the raw answer.
pub async fn try_from_quote(app: &TestApp, token: &str, quote: Uuid, extra: Value) -> Value {
    let input = merge(
        json!({"quoteId": quote, "installments": plan("100000.00")}),
        extra,
    );
    let q = format!(
        "mutation($i: CreateContractFromQuoteInput!) {{ createContractFromQuote(input: $i) {{ {CFIELDS} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

/// `createContract` as `token`; the raw answer.
pub async fn try_direct(app: &TestApp, token: &str, customer: Uuid, extra: Value) -> Value {
    let input = merge(
        json!({"customerId": customer, "amount": "50000.00", "title": "备件采购合同",
               "installments": [inst("全款", "50000.00", "SIGNING", None, 30)]}),
        extra,
    );
    let q = format!(
        "mutation($i: CreateContractInput!) {{ createContract(input: $i) {{ {CFIELDS} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

/// A step mutation `name(id, version, <args>)` on contract `c`.
pub async fn act(app: &TestApp, token: &str, name: &str, c: &Value, args: Value) -> Value {
    let mut decl = String::from("$id: ID!, $v: Int!");
    let mut pass = String::from("id: $id, version: $v");
    if let Some(m) = args.as_object() {
        for k in m.keys() {
            let ty = match k.as_str() {
                "reason" => "String!",
                "signedDate" => "Date!",
                "creditExcessApproved" => "Boolean",
                "input" => "UpdateContractInput!",
                other => panic!("unknown argument {other}"),
            };
            decl.push_str(&format!(", ${k}: {ty}"));
            pass.push_str(&format!(", {k}: ${k}"));
        }
    }
    let q = format!("mutation({decl}) {{ {name}({pass}) {{ {CFIELDS} }} }}");
    let vars = merge(json!({"id": c["id"], "v": c["version"]}), args);
    app.gql(Some(token), &q, vars).await
}

#[track_caller]
fn done(r: &Value, name: &str) -> Value {
    assert_ok(r);
    r["data"][name].clone()
}

/// (status, version, installments, audit entries) of a contract as stored.
async fn stored(app: &TestApp, id: &Value) -> (String, i32, i64, i64) {
    sqlx::query_as(
        "SELECT status, version,
                (SELECT count(*) FROM contract_installments WHERE contract_id = c.id),
                (SELECT count(*) FROM audit_log WHERE entity = 'CONTRACT' AND entity_id = c.id)
         FROM contracts c WHERE id = $1",
    )
    .bind(uid(id))
    .fetch_one(&app.db.pool)
    .await
    .expect("stored contract")
}

async fn contracts(app: &TestApp) -> i64 {
    app.count("SELECT count(*) FROM contracts").await
}

/// A DRAFT contract of rep01 from an accepted quote of 100000.00.
pub async fn draft_contract(app: &TestApp) -> Value {
    let rep = app.login(REP).await;
    let (_, _, q) = contract_stage(app, REP, "100000.00").await;
    done(
        &try_from_quote(app, &rep, q, json!({})).await,
        "createContractFromQuote",
    )
}

/// A SIGNED contract of rep01 (from a quote, submitted, approved by the
/// director and signed today, all through the API).
pub async fn signed_contract(app: &TestApp) -> Value {
    let rep = app.login(REP).await;
    let director = app.login("director@example.com").await;
    let c = draft_contract(app).await;
    let c = done(
        &act(app, &rep, "submitContract", &c, json!({})).await,
        "submitContract",
    );
    let c = done(
        &act(app, &director, "approveContract", &c, json!({})).await,
        "approveContract",
    );
    done(
        &act(
            app,
            &rep,
            "signContract",
            &c,
            json!({"signedDate": today()}),
        )
        .await,
        "signContract",
    )
}

#[tokio::test]
async fn con1_contract_from_accepted_quote_takes_its_total_and_defaults() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let (cust, opp, q) = contract_stage(&app, REP, "100000.00").await;
    let r = try_from_quote(
        &app,
        &rep,
        q,
        json!({"deliveryTerms": "到厂交货", "paymentTermsDays": 60}),
    )
    .await;
    let c = done(&r, "createContractFromQuote");
    let year = company_date(Utc::now()).format("%Y").to_string();
    assert_eq!(c["number"], format!("HT-{year}-0001"));
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["amount"], "100000.00");
    assert_eq!(c["currency"], "CNY");
    assert_eq!(c["title"], "智能产线项目");
    assert_eq!(c["customerParty"], "华东机械制造");
    assert_eq!(c["ourParty"], "华东智能装备有限公司");
    assert_eq!(c["paymentMethod"], "BANK_TRANSFER");
    assert_eq!(c["paymentTermsDays"], 60);
    assert_eq!(c["warrantyMonths"], 12);
    assert_eq!(c["customerId"], cust.to_string());
    assert_eq!(c["opportunityId"], opp.to_string());
    assert_eq!(c["quoteId"], q.to_string());
    assert_eq!(c["owner"]["id"], app.user_id(REP).await);
    assert_eq!(c["version"], 1);
    let i = &c["installments"];
    assert_eq!(i.as_array().unwrap().len(), 3);
    assert_eq!(
        (
            i[0]["position"].as_i64(),
            i[0]["amount"].as_str(),
            &i[0]["dueDate"]
        ),
        (Some(1), Some("30000.00"), &Value::Null)
    );
    assert_eq!(i[1]["dueDate"], fixed_due());
    assert_eq!(i[2]["trigger"], "ACCEPTANCE");
    assert_eq!(stored(&app, &c["id"]).await, ("DRAFT".into(), 1, 3, 1));

    // CON-1: one live contract per quote.
    let r = try_from_quote(&app, &rep, q, json!({})).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("HT-"), "{r}");
    assert_eq!(contracts(&app).await, 1);

    // The quote must be ACCEPTED and the opportunity in CONTRACT.
    let (_, opp2, q2) = contract_stage(&app, REP, "100000.00").await;
    sqlx::query("UPDATE quotes SET status = 'SENT' WHERE id = $1")
        .bind(q2)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_code(&try_from_quote(&app, &rep, q2, json!({})).await, "CONFLICT");
    sqlx::query("UPDATE quotes SET status = 'ACCEPTED' WHERE id = $1")
        .bind(q2)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE opportunities SET stage = 'NEGOTIATION' WHERE id = $1")
        .bind(opp2)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_code(&try_from_quote(&app, &rep, q2, json!({})).await, "CONFLICT");

    // ORG-3: a quote of an opportunity out of the write scope is missing,
    // exactly like a random id.
    let other = app.login("rep03@example.com").await;
    let (_, _, q3) = contract_stage(&app, REP, "100000.00").await;
    assert_code(
        &try_from_quote(&app, &other, q3, json!({})).await,
        "NOT_FOUND",
    );
    assert_code(
        &try_from_quote(&app, &other, Uuid::now_v7(), json!({})).await,
        "NOT_FOUND",
    );
    let r = try_from_quote(&app, &rep, Uuid::now_v7(), json!({})).await;
    assert_code(&r, "NOT_FOUND");
    assert_eq!(contracts(&app).await, 1);
    assert_eq!(
        app.count("SELECT last::bigint FROM contract_number_counters")
            .await,
        1
    );
}

#[tokio::test]
async fn con1_bad_inputs_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let assistant = app.login("assistant@example.com").await;
    let (cust, _, q) = contract_stage(&app, REP, "100000.00").await;
    let off_by_cent = vec![
        inst("预付款", "30000.00", "SIGNING", None, 0),
        inst("尾款", "69999.99", "FIXED_DATE", Some("2027-01-31"), 0),
    ];
    let cases: Vec<(Value, &str)> = vec![
        // CON-1: Σ installments == amount exactly; one cent off is refused.
        (json!({"installments": off_by_cent}), "installments"),
        (json!({"installments": []}), "installments"),
        (
            json!({"installments": (0..61).map(|_| inst("x", "1.00", "SIGNING", None, 0)).collect::<Vec<_>>()}),
            "installments",
        ),
        (
            json!({"installments": [inst("全款", "100000.00", "FIXED_DATE", None, 0)]}),
            "installments.0.dueDate",
        ),
        (
            json!({"installments": [inst("全款", "100000.00", "SIGNING", Some("2027-01-01"), 0)]}),
            "installments.0.dueDate",
        ),
        (
            json!({"installments": [inst("全款", "100000.001", "SIGNING", None, 0)]}),
            "installments.0.amount",
        ),
        (
            json!({"installments": [inst("全款", "-100000.00", "SIGNING", None, 0)]}),
            "installments.0.amount",
        ),
        (
            json!({"installments": [inst("", "100000.00", "SIGNING", None, 0)]}),
            "installments.0.label",
        ),
        (
            json!({"installments": [inst("全款", "100000.00", "SIGNING", None, -1)]}),
            "installments.0.offsetDays",
        ),
        (json!({"title": "   "}), "title"),
        (json!({"title": "长".repeat(201)}), "title"),
        (json!({"customerParty": "x".repeat(201)}), "customerParty"),
        (json!({"paymentTermsDays": 3651}), "paymentTermsDays"),
        (json!({"warrantyMonths": -1}), "warrantyMonths"),
        (json!({"deliveryTerms": "x".repeat(2001)}), "deliveryTerms"),
        (
            json!({"startDate": "2027-02-01", "endDate": "2027-01-31"}),
            "endDate",
        ),
    ];
    for (extra, want) in cases {
        let r = try_from_quote(&app, &rep, q, extra.clone()).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(want), "{extra}: {r}");
    }
    let r = try_from_quote(
        &app,
        &rep,
        q,
        json!({"installments": [
        inst("预付款", "30000.00", "SIGNING", None, 0),
        inst("尾款", "69999.99", "FIXED_DATE", Some("2027-01-31"), 0)]}),
    )
    .await;
    assert!(message(&r).contains("0.01"), "{r}");
    // A malformed id is reported on its field.
    let r = app
        .gql(
            Some(&rep),
            "mutation($i: CreateContractFromQuoteInput!) { createContractFromQuote(input: $i) { id } }",
            json!({"i": {"quoteId": "nope", "installments": plan("100000.00")}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("quoteId"));
    // Direct entry: a missing title (no opportunity), a negative or
    // over-precise amount, a bad currency.
    let base = [inst("全款", "50000.00", "SIGNING", None, 0)];
    for (extra, want) in [
        (json!({"title": null}), "title"),
        (
            json!({"amount": "-50000.00", "installments": [inst("全款", "50000.00", "SIGNING", None, 0)]}),
            "amount",
        ),
        (json!({"amount": "0.00"}), "amount"),
        (json!({"amount": "50000.005"}), "amount"),
        (json!({"currency": "rmb"}), "currency"),
        (
            json!({"installments": base.to_vec(), "amount": "50000.01"}),
            "installments",
        ),
    ] {
        let r = try_direct(&app, &assistant, cust, extra.clone()).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(want), "{extra}: {r}");
    }
    assert_eq!(contracts(&app).await, 0);
    assert_eq!(
        app.count("SELECT count(*) FROM contract_installments")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CONTRACT'")
            .await,
        0
    );
    // No number was used up: the first contract is 0001.
    let c = done(
        &try_from_quote(&app, &rep, q, json!({})).await,
        "createContractFromQuote",
    );
    assert!(c["number"].as_str().unwrap().ends_with("-0001"), "{c}");
}

#[tokio::test]
async fn con1_direct_entry_by_assistant_owned_by_the_customer_owner() {
    let app = TestApp::spawn().await;
    let assistant = app.login("assistant@example.com").await;
    let (cust, opp, _) = contract_stage(&app, REP, "100000.00").await;
    // CON-1: one company currency; a foreign one is refused, not mixed in.
    let r = try_direct(
        &app,
        &assistant,
        cust,
        json!({"opportunityId": opp, "title": null, "currency": "USD", "paymentMethod": "ACCEPTANCE_BILL"}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(r["errors"][0]["extensions"]["field"], "currency", "{r}");
    assert_eq!(
        app.count("SELECT count(*) FROM contracts").await,
        0,
        "nothing created"
    );
    let r = try_direct(
        &app,
        &assistant,
        cust,
        json!({"opportunityId": opp, "title": null, "currency": "CNY", "paymentMethod": "ACCEPTANCE_BILL"}),
    )
    .await;
    let c = done(&r, "createContract");
    assert_eq!(c["owner"]["id"], app.user_id(REP).await);
    assert_eq!(
        c["createdBy"]["id"],
        app.user_id("assistant@example.com").await
    );
    // The title defaults to the opportunity's name.
    assert_eq!(c["title"], "智能产线项目");
    assert_eq!(c["currency"], "CNY");
    assert_eq!(c["paymentMethod"], "ACCEPTANCE_BILL");
    assert_eq!(c["quoteId"], Value::Null);
    // The owner sees it.
    let rep = app.login(REP).await;
    let r = app
        .gql(
            Some(&rep),
            "query($id: ID!) { contract(id: $id) { id } }",
            json!({"id": c["id"]}),
        )
        .await;
    assert_ok(&r);

    // Others may not enter contracts directly.
    for who in [REP, "finance@example.com", "manager.east@example.com"] {
        let t = app.login(who).await;
        assert_code(&try_direct(&app, &t, cust, json!({})).await, "FORBIDDEN");
    }
    // A missing customer is NOT_FOUND; a pool customer has no owner.
    assert_code(
        &try_direct(&app, &assistant, Uuid::now_v7(), json!({})).await,
        "NOT_FOUND",
    );
    let pool = Uuid::now_v7();
    sqlx::query("INSERT INTO customers (id, name, name_norm) VALUES ($1, '公海客户', '公海客户')")
        .bind(pool)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // The assistant's scope has no pool customers; the director sees them.
    assert_code(
        &try_direct(&app, &assistant, pool, json!({})).await,
        "NOT_FOUND",
    );
    let director = app.login("director@example.com").await;
    let r = try_direct(&app, &director, pool, json!({})).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("customerId"));
    // The opportunity must be the customer's.
    let other = customer(&app, REP, "另一客户", Utc::now()).await;
    let r = try_direct(&app, &assistant, other, json!({"opportunityId": opp})).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("opportunityId"));
    assert_eq!(contracts(&app).await, 1);
}

#[tokio::test]
async fn con1_numbers_are_gapless_under_concurrent_creation() {
    let app = TestApp::spawn().await;
    let assistant = app.login("assistant@example.com").await;
    let cust = customer(&app, REP, "并发客户", Utc::now()).await;
    let year = company_date(Utc::now()).format("%Y").to_string();
    let mut tasks = Vec::new();
    for i in 0..21 {
        // The 11th is invalid (one cent off): it must not use a number up.
        let extra = if i == 10 {
            json!({"amount": "50000.01"})
        } else {
            json!({})
        };
        tasks.push(try_direct(&app, &assistant, cust, extra));
    }
    let answers = futures::future::join_all(tasks).await;
    let mut numbers: Vec<String> = Vec::new();
    for (i, r) in answers.iter().enumerate() {
        if i == 10 {
            assert_code(r, "VALIDATION");
        } else {
            numbers.push(
                done(r, "createContract")["number"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
    }
    numbers.sort();
    let want: Vec<String> = (1..=20).map(|n| format!("HT-{year}-{n:04}")).collect();
    assert_eq!(numbers, want);
    assert_eq!(
        app.count("SELECT last::bigint FROM contract_number_counters")
            .await,
        20
    );
}

#[tokio::test]
async fn con1_update_replaces_terms_and_plan_while_draft() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let c = draft_contract(&app).await;
    let new_plan = vec![
        inst("一期", "50000.00", "ACCEPTANCE", None, 15),
        inst("二期", "50000.00", "DELIVERY", None, 0),
    ];
    let input = json!({"paymentTermsDays": 45, "note": "改为两期", "installments": new_plan});
    let u = done(
        &act(&app, &rep, "updateContract", &c, json!({"input": input})).await,
        "updateContract",
    );
    assert_eq!(u["version"], 2);
    assert_eq!(u["title"], c["title"]);
    assert_eq!(u["paymentTermsDays"], 45);
    assert_eq!(u["note"], "改为两期");
    assert_eq!(u["installments"].as_array().unwrap().len(), 2);
    assert_eq!(u["installments"][0]["trigger"], "ACCEPTANCE");
    assert_eq!(stored(&app, &c["id"]).await, ("DRAFT".into(), 2, 2, 2));
    let before = stored(&app, &c["id"]).await;
    // Stale version.
    let r = act(&app, &rep, "updateContract", &c, json!({"input": input})).await;
    assert_code(&r, "CONFLICT");
    // A contract from a quote keeps the quote's total.
    let r = act(
        &app,
        &rep,
        "updateContract",
        &u,
        json!({"input": merge(input.clone(), json!({"amount": "90000.00"}))}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("amount"));
    // A bad plan.
    let r = act(
        &app,
        &rep,
        "updateContract",
        &u,
        json!({"input": {"installments": [inst("x", "99999.99", "SIGNING", None, 0)]}}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    // Out of scope: NOT_FOUND.
    let other = app.login("rep03@example.com").await;
    assert_code(
        &act(&app, &other, "updateContract", &u, json!({"input": input})).await,
        "NOT_FOUND",
    );
    assert_eq!(stored(&app, &c["id"]).await, before);

    // A direct contract's amount may change with its plan.
    let assistant = app.login("assistant@example.com").await;
    let cust = customer(&app, REP, "直签客户", Utc::now()).await;
    let d = done(
        &try_direct(&app, &assistant, cust, json!({})).await,
        "createContract",
    );
    let d = done(
        &act(
            &app,
            &assistant,
            "updateContract",
            &d,
            json!({"input": {"amount": "60000.00", "installments": [inst("全款", "60000.00", "SIGNING", None, 0)]}}),
        )
        .await,
        "updateContract",
    );
    assert_eq!(d["amount"], "60000.00");
    assert_eq!(d["title"], "备件采购合同");

    // Not editable once submitted.
    let s = done(
        &act(&app, &rep, "submitContract", &u, json!({})).await,
        "submitContract",
    );
    let r = act(&app, &rep, "updateContract", &s, json!({"input": input})).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("IN_REVIEW"), "{r}");
}

#[tokio::test]
async fn con2_director_approval_and_steps_in_order() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let director = app.login("director@example.com").await;
    let finance = app.login("finance@example.com").await;
    let manager = app.login("manager.east@example.com").await;
    let c = draft_contract(&app).await;
    // Out of order: approve, sign, execute, close a DRAFT.
    for (name, args) in [
        ("approveContract", json!({})),
        ("signContract", json!({"signedDate": today()})),
        ("startContractExecution", json!({})),
        ("closeContract", json!({})),
        ("returnContract", json!({"reason": "x"})),
    ] {
        let t = if name == "approveContract" {
            &director
        } else {
            &rep
        };
        let r = act(&app, t, name, &c, args).await;
        assert_code(&r, "CONFLICT");
        assert!(message(&r).contains("DRAFT"), "{name}: {r}");
    }
    assert_eq!(stored(&app, &c["id"]).await, ("DRAFT".into(), 1, 3, 1));

    let s = done(
        &act(&app, &rep, "submitContract", &c, json!({})).await,
        "submitContract",
    );
    assert_eq!(s["status"], "IN_REVIEW");
    assert_eq!(s["needsFinance"], false);
    assert_eq!(s["needsCreditApproval"], false);
    // REC-8: no limit set for the customer: its grade's default applies.
    assert_eq!(s["creditCheck"]["limit"], "500000.00");
    assert_eq!(s["creditCheck"]["limitSource"], "GRADE_DEFAULT");
    assert_eq!(s["submittedBy"]["id"], app.user_id(REP).await);
    // Submitting twice: CONFLICT (stale first, then state).
    assert_code(
        &act(&app, &rep, "submitContract", &c, json!({})).await,
        "CONFLICT",
    );
    assert_code(
        &act(&app, &rep, "submitContract", &s, json!({})).await,
        "CONFLICT",
    );
    // CON-2: only finance and the director approve; finance has no step
    // here (terms ≤ 90 days); the submitter never approves.
    assert_code(
        &act(&app, &manager, "approveContract", &s, json!({})).await,
        "FORBIDDEN",
    );
    assert_code(
        &act(&app, &rep, "approveContract", &s, json!({})).await,
        "FORBIDDEN",
    );
    let r = act(&app, &finance, "approveContract", &s, json!({})).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("no finance review"), "{r}");
    // Stale version.
    assert_code(
        &act(&app, &director, "approveContract", &c, json!({})).await,
        "CONFLICT",
    );
    assert_eq!(stored(&app, &c["id"]).await, ("IN_REVIEW".into(), 2, 3, 2));
    let a = done(
        &act(&app, &director, "approveContract", &s, json!({})).await,
        "approveContract",
    );
    assert_eq!(a["status"], "APPROVED");
    assert_eq!(
        a["directorApprovedBy"]["id"],
        app.user_id("director@example.com").await
    );
    assert_eq!(a["creditApprovedBy"], Value::Null);
    // Approving again: CONFLICT naming the state.
    let r = act(&app, &director, "approveContract", &a, json!({})).await;
    assert!(message(&r).contains("APPROVED"), "{r}");
    assert_code(
        &act(&app, &rep, "startContractExecution", &a, json!({})).await,
        "CONFLICT",
    );
    let signed = done(
        &act(
            &app,
            &rep,
            "signContract",
            &a,
            json!({"signedDate": today()}),
        )
        .await,
        "signContract",
    );
    let e = done(
        &act(&app, &rep, "startContractExecution", &signed, json!({})).await,
        "startContractExecution",
    );
    assert_eq!(e["status"], "EXECUTING");
    assert_code(
        &act(&app, &rep, "closeContract", &e, json!({})).await,
        "CONFLICT",
    );
    // Acceptance is CON-7's; here it is set directly.
    sqlx::query(
        "UPDATE contracts SET status = 'ACCEPTED', accepted_date = current_date WHERE id = $1",
    )
    .bind(uid(&e["id"]))
    .execute(&app.db.pool)
    .await
    .unwrap();
    let closed = done(
        &act(&app, &rep, "closeContract", &e, json!({})).await,
        "closeContract",
    );
    assert_eq!(closed["status"], "CLOSED");
    assert!(closed["closedAt"].is_string());
    let r = act(
        &app,
        &director,
        "terminateContract",
        &closed,
        json!({"reason": "x"}),
    )
    .await;
    assert_code(&r, "CONFLICT");
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = 'CONTRACT' AND entity_id = $1 ORDER BY at, id",
    )
    .bind(uid(&c["id"]))
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "CREATE",
            "SUBMIT",
            "APPROVE_DIRECTOR",
            "SIGN",
            "START_EXECUTION",
            "CLOSE"
        ]
    );
}

/// CON-2: finance reviews when any installment falls due more than 90 days
/// after signing, judged from the payment plan, although the declared
/// payment terms are short.
#[tokio::test]
async fn con2_finance_reviews_a_long_dated_payment_plan() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let day = |d: i64| {
        (company_date(Utc::now()) + Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    for (late, why) in [
        (
            inst("尾款", "50000.00", "FIXED_DATE", Some(&day(120)), 0),
            "a fixed date 120 days out",
        ),
        (
            inst("质保金", "50000.00", "WARRANTY_END", None, 0),
            "the end of a 12-month warranty",
        ),
        (
            inst("验收款", "50000.00", "ACCEPTANCE", None, 91),
            "acceptance + 91 days",
        ),
    ] {
        let (_, _, q) = contract_stage(&app, REP, "100000.00").await;
        let plan = vec![inst("预付款", "50000.00", "SIGNING", None, 0), late];
        let c = done(
            &try_from_quote(
                &app,
                &rep,
                q,
                json!({"paymentTermsDays": 30, "installments": plan}),
            )
            .await,
            "createContractFromQuote",
        );
        let s = done(
            &act(&app, &rep, "submitContract", &c, json!({})).await,
            "submitContract",
        );
        assert_eq!(s["needsFinance"], true, "{why}");
    }
}

#[tokio::test]
async fn con2_long_terms_need_finance_first_and_return_clears_approvals() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let director = app.login("director@example.com").await;
    let finance = app.login("finance@example.com").await;
    let (_, _, q) = contract_stage(&app, REP, "100000.00").await;
    let c = done(
        &try_from_quote(&app, &rep, q, json!({"paymentTermsDays": 91})).await,
        "createContractFromQuote",
    );
    let s = done(
        &act(&app, &rep, "submitContract", &c, json!({})).await,
        "submitContract",
    );
    assert_eq!(s["needsFinance"], true);
    // CON-2: the director waits for finance.
    let r = act(&app, &director, "approveContract", &s, json!({})).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("finance review first"), "{r}");
    assert_eq!(stored(&app, &c["id"]).await, ("IN_REVIEW".into(), 2, 3, 2));
    let f = done(
        &act(&app, &finance, "approveContract", &s, json!({})).await,
        "approveContract",
    );
    assert_eq!(f["status"], "IN_REVIEW");
    assert_eq!(
        f["financeApprovedBy"]["id"],
        app.user_id("finance@example.com").await
    );
    let r = act(&app, &finance, "approveContract", &f, json!({})).await;
    assert_code(&r, "CONFLICT");
    // Returned: back to DRAFT with the reason, approvals cleared.
    let r = act(
        &app,
        &director,
        "returnContract",
        &f,
        json!({"reason": "  "}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("reason"));
    let r = act(
        &app,
        &director,
        "returnContract",
        &f,
        json!({"reason": "x".repeat(2001)}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    let other = app.login("rep03@example.com").await;
    assert_code(
        &act(&app, &other, "returnContract", &f, json!({"reason": "no"})).await,
        "NOT_FOUND",
    );
    let back = done(
        &act(
            &app,
            &director,
            "returnContract",
            &f,
            json!({"reason": "付款期过长"}),
        )
        .await,
        "returnContract",
    );
    assert_eq!(back["status"], "DRAFT");
    assert_eq!(back["returnedReason"], "付款期过长");
    assert_eq!(back["financeApprovedBy"], Value::Null);
    // Shortened terms: no finance step on the next round.
    let u = done(
        &act(
            &app,
            &rep,
            "updateContract",
            &back,
            json!({"input": {"paymentTermsDays": 90, "installments": plan("100000.00")}}),
        )
        .await,
        "updateContract",
    );
    let s = done(
        &act(&app, &rep, "submitContract", &u, json!({})).await,
        "submitContract",
    );
    assert_eq!(s["needsFinance"], false);
    let a = done(
        &act(&app, &director, "approveContract", &s, json!({})).await,
        "approveContract",
    );
    assert_eq!(a["status"], "APPROVED");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CONTRACT' AND action IN ('APPROVE_FINANCE', 'RETURN', 'APPROVE_DIRECTOR')")
            .await,
        3
    );
}

#[tokio::test]
async fn con2_nobody_approves_a_contract_they_created() {
    let app = TestApp::spawn().await;
    let director = app.login("director@example.com").await;
    let gm = app.login("gm@example.com").await;
    let cust = customer(&app, REP, "总监直签", Utc::now()).await;
    let c = done(
        &try_direct(&app, &director, cust, json!({})).await,
        "createContract",
    );
    let rep = app.login(REP).await;
    // The owner submits; the director created it, so may not approve it.
    let s = done(
        &act(&app, &rep, "submitContract", &c, json!({})).await,
        "submitContract",
    );
    let r = act(&app, &director, "approveContract", &s, json!({})).await;
    assert_code(&r, "FORBIDDEN");
    assert_eq!(stored(&app, &c["id"]).await, ("IN_REVIEW".into(), 2, 1, 2));
    let a = done(
        &act(&app, &gm, "approveContract", &s, json!({})).await,
        "approveContract",
    );
    assert_eq!(a["status"], "APPROVED");
}

#[tokio::test]
async fn con2_signing_sets_due_dates_and_wins_the_opportunity() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let director = app.login("director@example.com").await;
    let c = draft_contract(&app).await;
    let opp = uid(&c["opportunityId"]);
    let s = done(
        &act(&app, &rep, "submitContract", &c, json!({})).await,
        "submitContract",
    );
    let a = done(
        &act(&app, &director, "approveContract", &s, json!({})).await,
        "approveContract",
    );
    // Not in the future (company day).
    let tomorrow = (company_date(Utc::now()) + Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let r = act(
        &app,
        &rep,
        "signContract",
        &a,
        json!({"signedDate": tomorrow}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("signedDate"));
    assert_eq!(stored(&app, &c["id"]).await, ("APPROVED".into(), 3, 3, 3));
    let signed_on = company_date(Utc::now()) - Duration::days(2);
    let sd = signed_on.format("%Y-%m-%d").to_string();
    let signed = done(
        &act(&app, &rep, "signContract", &a, json!({"signedDate": sd})).await,
        "signContract",
    );
    assert_eq!(signed["status"], "SIGNED");
    assert_eq!(signed["signedDate"], sd);
    // CON-1: SIGNING installments fall due signed date + offset (10 days);
    // FIXED_DATE keeps its date, ACCEPTANCE waits.
    let due = (signed_on + Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(signed["installments"][0]["dueDate"], due);
    assert_eq!(signed["installments"][1]["dueDate"], fixed_due());
    assert_eq!(signed["installments"][2]["dueDate"], Value::Null);
    // PIP-2: the opportunity is WON, with history and audit.
    let (stage, version, reason): (String, i32, Option<String>) = sqlx::query_as(
        "SELECT o.stage, o.version, (SELECT h.reason FROM opportunity_stage_history h
             WHERE h.opportunity_id = o.id AND h.to_stage = 'WON')
         FROM opportunities o WHERE o.id = $1",
    )
    .bind(opp)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(stage, "WON");
    assert_eq!(version, 2);
    assert_eq!(
        reason,
        Some(format!("contract {} signed", c["number"].as_str().unwrap()))
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'OPPORTUNITY' AND action = 'STAGE'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn pip2_won_needs_a_signed_contract() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let (_, opp, _) = contract_stage(&app, REP, "100000.00").await;
    let mv = "mutation($id: ID!, $v: Int!) { moveOpportunityStage(id: $id, to: WON, version: $v) { stage version } }";
    let r = app.gql(Some(&rep), mv, json!({"id": opp, "v": 1})).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("a signed contract"), "{r}");
    // An approved contract is not enough.
    let c = insert_contract(&app, opp, "APPROVED").await;
    assert_code(
        &app.gql(Some(&rep), mv, json!({"id": opp, "v": 1})).await,
        "CONFLICT",
    );
    sqlx::query(
        "UPDATE contracts SET status = 'EXECUTING', signed_date = current_date WHERE id = $1",
    )
    .bind(c)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let r = app.gql(Some(&rep), mv, json!({"id": opp, "v": 1})).await;
    assert_ok(&r);
    assert_eq!(r["data"]["moveOpportunityStage"]["stage"], "WON");
}

#[tokio::test]
async fn con2_terminate_is_for_the_director_only() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let director = app.login("director@example.com").await;
    let c = draft_contract(&app).await;
    let q = uid(&c["quoteId"]);
    assert_code(
        &act(
            &app,
            &rep,
            "terminateContract",
            &c,
            json!({"reason": "客户取消"}),
        )
        .await,
        "FORBIDDEN",
    );
    let other = app.login("rep03@example.com").await;
    assert_code(
        &act(
            &app,
            &other,
            "terminateContract",
            &c,
            json!({"reason": "客户取消"}),
        )
        .await,
        "NOT_FOUND",
    );
    let r = act(
        &app,
        &director,
        "terminateContract",
        &c,
        json!({"reason": ""}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(stored(&app, &c["id"]).await, ("DRAFT".into(), 1, 3, 1));
    let t = done(
        &act(
            &app,
            &director,
            "terminateContract",
            &c,
            json!({"reason": "客户取消"}),
        )
        .await,
        "terminateContract",
    );
    assert_eq!(t["status"], "TERMINATED");
    assert_eq!(t["terminationReason"], "客户取消");
    assert!(t["terminatedAt"].is_string());
    let r = act(
        &app,
        &director,
        "terminateContract",
        &t,
        json!({"reason": "again"}),
    )
    .await;
    assert_code(&r, "CONFLICT");
    // The quote may have a new contract once the old one is terminated.
    let n = done(
        &try_from_quote(&app, &rep, q, json!({})).await,
        "createContractFromQuote",
    );
    assert!(n["number"].as_str().unwrap().ends_with("-0002"));
    // A signed contract may be terminated too.
    let sc = signed_contract(&app).await;
    assert_eq!(sc["status"], "SIGNED");
    let t = done(
        &act(
            &app,
            &director,
            "terminateContract",
            &sc,
            json!({"reason": "违约"}),
        )
        .await,
        "terminateContract",
    );
    assert_eq!(t["status"], "TERMINATED");
}

const CREDIT: &str = "query($c: ID!, $a: Decimal!) { creditCheck(customerId: $c, amount: $a) {
  customerId limit limitSource outstanding newAmount onHold exceedsLimit needsDirectorApproval } }";

#[tokio::test]
async fn rec8_credit_excess_and_hold_need_the_director() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let director = app.login("director@example.com").await;
    let (cust, _, quote) = contract_stage(&app, REP, "100000.00").await;
    // REC-8: no limit set is never "no limit": the GENERAL default
    // (500 000.00) applies, so a huge deal needs the director.
    let r = app
        .gql(Some(&rep), CREDIT, json!({"c": cust, "a": "99999999.00"}))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["creditCheck"]["limit"], "500000.00");
    assert_eq!(r["data"]["creditCheck"]["limitSource"], "GRADE_DEFAULT");
    assert_eq!(r["data"]["creditCheck"]["exceedsLimit"], true);
    assert_eq!(r["data"]["creditCheck"]["needsDirectorApproval"], true);
    // "No limit" only when finance sets it explicitly.
    let finance = app.login("finance@example.com").await;
    let set = "mutation($c: ID!, $l: Decimal, $u: Boolean!) { setCustomerCredit(customerId: $c, limit: $l, unlimited: $u) { limit limitSource } }";
    let r = app
        .gql(
            Some(&finance),
            set,
            json!({"c": cust, "l": "1.00", "u": true}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    let r = app
        .gql(
            Some(&finance),
            set,
            json!({"c": cust, "l": null, "u": true}),
        )
        .await;
    assert_ok(&r);
    assert!(r["data"]["setCustomerCredit"]["limit"].is_null(), "{r}");
    assert_eq!(r["data"]["setCustomerCredit"]["limitSource"], "UNLIMITED");
    let r = app
        .gql(Some(&rep), CREDIT, json!({"c": cust, "a": "99999999.00"}))
        .await;
    assert!(r["data"]["creditCheck"]["limit"].is_null(), "{r}");
    assert_eq!(r["data"]["creditCheck"]["exceedsLimit"], false);
    // Neither: back to the grade default.
    let r = app
        .gql(
            Some(&finance),
            set,
            json!({"c": cust, "l": null, "u": false}),
        )
        .await;
    assert_eq!(r["data"]["setCustomerCredit"]["limit"], "500000.00", "{r}");
    assert_eq!(
        r["data"]["setCustomerCredit"]["limitSource"],
        "GRADE_DEFAULT"
    );
    // An approved contract counts as outstanding.
    sqlx::query("UPDATE customers SET credit_limit = 150000 WHERE id = $1")
        .bind(cust)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let assistant = app.login("assistant@example.com").await;
    let first = done(
        &try_direct(
            &app,
            &assistant,
            cust,
            json!({"amount": "100000.00",
            "installments": [inst("全款", "100000.00", "SIGNING", None, 0)]}),
        )
        .await,
        "createContract",
    );
    sqlx::query("UPDATE contracts SET status = 'APPROVED' WHERE id = $1")
        .bind(uid(&first["id"]))
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = app
        .gql(Some(&rep), CREDIT, json!({"c": cust, "a": "50000.00"}))
        .await;
    assert_eq!(r["data"]["creditCheck"]["outstanding"], "100000.00");
    assert_eq!(r["data"]["creditCheck"]["exceedsLimit"], false);
    let finance = app.login("finance@example.com").await;
    let r = app
        .gql(Some(&finance), CREDIT, json!({"c": cust, "a": "50000.01"}))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["creditCheck"]["exceedsLimit"], true);
    // Out of scope: NOT_FOUND like a random id.
    let other = app.login("rep03@example.com").await;
    assert_code(
        &app.gql(Some(&other), CREDIT, json!({"c": cust, "a": "1.00"}))
            .await,
        "NOT_FOUND",
    );
    assert_code(
        &app.gql(
            Some(&rep),
            CREDIT,
            json!({"c": Uuid::now_v7(), "a": "1.00"}),
        )
        .await,
        "NOT_FOUND",
    );
    assert_code(
        &app.gql(Some(&rep), CREDIT, json!({"c": cust, "a": "-1.00"}))
            .await,
        "VALIDATION",
    );
    // ORG-3: creditCheck has the scope of creditStatus (receivables): a
    // pool customer's exposure is not every rep's, nor the assistant's.
    let pooled = Uuid::now_v7();
    sqlx::query("INSERT INTO customers (id, name, name_norm) VALUES ($1, '公海信用', '公海信用')")
        .bind(pooled)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let status = "query($c: ID!) { creditStatus(customerId: $c) { limit } }";
    for (token, c) in [(&rep, pooled), (&assistant, cust)] {
        let check = app
            .gql(Some(token), CREDIT, json!({"c": c, "a": "1.00"}))
            .await;
        assert_code(&check, "NOT_FOUND");
        assert_code(
            &app.gql(Some(token), status, json!({"c": c})).await,
            "NOT_FOUND",
        );
    }
    assert_ok(
        &app.gql(Some(&finance), CREDIT, json!({"c": pooled, "a": "1.00"}))
            .await,
    );

    // REC-8: the 100000.00 contract from the quote exceeds 150000.
    let c = done(
        &try_from_quote(&app, &rep, quote, json!({})).await,
        "createContractFromQuote",
    );
    let s = done(
        &act(&app, &rep, "submitContract", &c, json!({})).await,
        "submitContract",
    );
    assert_eq!(s["needsCreditApproval"], true);
    assert_eq!(s["creditCheck"]["exceedsLimit"], true);
    assert_eq!(s["creditCheck"]["outstanding"], "100000.00");
    let r = act(&app, &director, "approveContract", &s, json!({})).await;
    assert_code(&r, "CONFLICT");
    assert!(message(&r).contains("REC-8"), "{r}");
    let r = act(
        &app,
        &director,
        "approveContract",
        &s,
        json!({"creditExcessApproved": false}),
    )
    .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(stored(&app, &c["id"]).await, ("IN_REVIEW".into(), 2, 3, 2));
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
    assert_eq!(
        a["creditApprovedBy"]["id"],
        app.user_id("director@example.com").await
    );

    // On hold: any new deal needs the director, whatever the limit.
    sqlx::query("UPDATE customers SET credit_limit = NULL, credit_unlimited = true, credit_hold_since = now() WHERE id = $1")
        .bind(cust)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = app
        .gql(Some(&rep), CREDIT, json!({"c": cust, "a": "1.00"}))
        .await;
    assert_eq!(r["data"]["creditCheck"]["onHold"], true);
    assert_eq!(r["data"]["creditCheck"]["exceedsLimit"], false);
    assert_eq!(r["data"]["creditCheck"]["needsDirectorApproval"], true);
}

const LIST: &str = "query($f: ContractFilter) { contracts(filter: $f, first: 10) { totalCount edges { node { id number } } } }";

#[tokio::test]
async fn org3_contract_scope_matrix() {
    let app = TestApp::spawn().await;
    let c = draft_contract(&app).await;
    let get = "query($id: ID!) { contract(id: $id) { id installments { position } } }";
    for (who, sees) in [
        (REP, true),
        ("rep02@example.com", false),
        ("rep03@example.com", false),
        ("supervisor.east1@example.com", true),
        ("supervisor.east2@example.com", false),
        ("manager.east@example.com", true),
        ("manager.south@example.com", false),
        ("finance@example.com", true),
        ("assistant@example.com", true),
        ("director@example.com", true),
        ("service@example.com", false),
    ] {
        let t = app.login(who).await;
        let r = app.gql(Some(&t), get, json!({"id": c["id"]})).await;
        if sees {
            assert_ok(&r);
            assert_eq!(
                r["data"]["contract"]["installments"]
                    .as_array()
                    .unwrap()
                    .len(),
                3
            );
        } else {
            assert_code(&r, "NOT_FOUND");
        }
        let r = app.gql(Some(&t), LIST, json!({})).await;
        assert_ok(&r);
        assert_eq!(
            r["data"]["contracts"]["totalCount"],
            i64::from(sees),
            "{who}"
        );
    }
    // A project-team member reads it but may not change it.
    let rep03 = app.user_id("rep03@example.com").await;
    sqlx::query(
        "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, added_at) VALUES ($1, $2::uuid, 'MEMBER', now())",
    )
    .bind(uid(&c["opportunityId"]))
    .bind(&rep03)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let t = app.login("rep03@example.com").await;
    assert_ok(&app.gql(Some(&t), get, json!({"id": c["id"]})).await);
    assert_code(
        &act(&app, &t, "submitContract", &c, json!({})).await,
        "NOT_FOUND",
    );
    // Finance reads all but cannot change or create.
    let f = app.login("finance@example.com").await;
    assert_code(
        &act(&app, &f, "submitContract", &c, json!({})).await,
        "NOT_FOUND",
    );
    // The unit's assistant maintains it.
    let a = app.login("assistant@example.com").await;
    let s = done(
        &act(&app, &a, "submitContract", &c, json!({})).await,
        "submitContract",
    );
    assert_eq!(
        s["submittedBy"]["id"],
        app.user_id("assistant@example.com").await
    );
    // Filters.
    let r = app
        .gql(
            Some(&a),
            LIST,
            json!({"f": {"status": "IN_REVIEW", "search": c["number"]}}),
        )
        .await;
    assert_eq!(r["data"]["contracts"]["totalCount"], 1);
    let r = app
        .gql(Some(&a), LIST, json!({"f": {"status": "DRAFT"}}))
        .await;
    assert_eq!(r["data"]["contracts"]["totalCount"], 0);
    let r = app
        .gql(Some(&a), LIST, json!({"f": {"search": "产线"}}))
        .await;
    assert_eq!(r["data"]["contracts"]["totalCount"], 1);
    let r = app.gql(Some(&a), LIST, json!({"f": {"year": 1999}})).await;
    assert_code(&r, "VALIDATION");
    let r = app
        .gql(Some(&a), LIST, json!({"f": {"search": "100%_"}}))
        .await;
    assert_eq!(r["data"]["contracts"]["totalCount"], 0);
}
