//! PIP-6 quotes: versions, line items and exact totals/margin, approval
//! routed by margin (three bands, never one's own), "不得擅自对外报价"
//! (no sending unapproved), the customer's decision, and the PIP-2 gates
//! NEGOTIATION / CONTRACT opened by a sent / accepted quote. Every refused
//! change leaves the database as it was.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::{create as create_opportunity, customer};

const QFIELDS: &str = "id opportunityId version rowVersion status title currency validUntil paymentTerms
  deliveryTerms note total cost marginAmount marginPercent requiredApproverRole headApprover { id }
  approver { id } submittedBy { id } decidedAt rejectionReason sentAt customerDecisionAt
  customerDecisionNote createdBy { id } lines { position description quantity unitPrice unitCost amount cost }";

fn future() -> String {
    (Utc::now() + Duration::days(30))
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

fn line(q: &str, p: &str, c: &str) -> Value {
    json!({"description": "智能装配线", "quantity": q, "unitPrice": p, "unitCost": c})
}

/// One line priced 100.00 with the given cost: the margin is 100 − cost %.
fn margin_line(cost: &str) -> Vec<Value> {
    vec![line("1", "100.00", cost)]
}

async fn try_create(
    app: &TestApp,
    token: &str,
    opp: &Value,
    extra: Value,
    lines: Vec<Value>,
) -> Value {
    let mut input = json!({"opportunityId": opp["id"], "validUntil": future(), "lines": lines});
    if let (Some(i), Some(e)) = (input.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            i.insert(k.clone(), v.clone());
        }
    }
    let q = format!("mutation($i: CreateQuoteInput!) {{ createQuote(input: $i) {{ {QFIELDS} }} }}");
    app.gql(Some(token), &q, json!({"i": input})).await
}

async fn create(app: &TestApp, token: &str, opp: &Value, lines: Vec<Value>) -> Value {
    let r = try_create(app, token, opp, json!({}), lines).await;
    assert_ok(&r);
    r["data"]["createQuote"].clone()
}

/// `mutation { <name>(id, rowVersion, <args>) }` on quote `q`.
async fn act(app: &TestApp, token: &str, name: &str, q: &Value, args: &str, vars: Value) -> Value {
    let decl = match name {
        "rejectQuote" => ", $reason: String!",
        "recordQuoteDecision" if args.contains("$note") => ", $accepted: Boolean!, $note: String",
        "recordQuoteDecision" => ", $accepted: Boolean!",
        _ => "",
    };
    let query = format!(
        "mutation($id: ID!, $rv: Int!{decl}) {{ {name}(id: $id, rowVersion: $rv{args}) {{ {QFIELDS} }} }}"
    );
    let mut v = json!({"id": q["id"], "rv": q["rowVersion"]});
    if let (Some(o), Some(e)) = (v.as_object_mut(), vars.as_object()) {
        for (k, val) in e {
            o.insert(k.clone(), val.clone());
        }
    }
    app.gql(Some(token), &query, v).await
}

async fn simple(app: &TestApp, token: &str, name: &str, q: &Value) -> Value {
    act(app, token, name, q, "", json!({})).await
}

#[track_caller]
fn ok(r: &Value, name: &str) -> Value {
    assert_ok(r);
    r["data"][name].clone()
}

/// Everything a quote mutation could change, as one comparable string.
async fn db(app: &TestApp) -> String {
    let (quotes, lines, audit, opps): (Option<String>, i64, i64, Option<String>) = sqlx::query_as(
        "SELECT (SELECT string_agg(id::text || status || row_version || version || total_amount
                                   || coalesce(title, '') || coalesce(rejection_reason, ''), ',' ORDER BY id) FROM quotes),
                (SELECT count(*) FROM quote_lines),
                (SELECT count(*) FROM audit_log WHERE entity = 'QUOTE'),
                (SELECT string_agg(id::text || stage || version, ',' ORDER BY id) FROM opportunities)",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    format!("{quotes:?}|{lines}|{audit}|{opps:?}")
}

async fn exec(app: &TestApp, sql: &'static str, id: &Value) {
    let id: Uuid = id.as_str().unwrap().parse().unwrap();
    sqlx::query(sql)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect(sql);
}

async fn move_stage(app: &TestApp, token: &str, o: &Value, to: &str) -> Value {
    app.gql(
        Some(token),
        "mutation($id: ID!, $to: OpportunityStage!, $v: Int!) {
           moveOpportunityStage(id: $id, to: $to, version: $v) { id stage version } }",
        json!({"id": o["id"], "to": to, "v": o["version"]}),
    )
    .await
}

/// rep01's opportunity (上海一组, head supervisor.east1, manager.east).
async fn setup(app: &TestApp) -> (String, Value) {
    let rep = app.login("rep01@example.com").await;
    let c = customer(app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let o = create_opportunity(app, &rep, c, "二期产线改造", "500000.00").await;
    (rep, o)
}

#[tokio::test]
async fn pip6_create_computes_exact_totals_versions_and_refuses_bad_input() {
    let app = TestApp::spawn().await;
    let (rep, o) = setup(&app).await;
    // 10 × 1000.00 = 10000.00 (cost 7000.00); 2.5 × 99.99 = 249.975 →
    // 249.98 (cost 2.5 × 60.00 = 150.00). Total 10249.98, cost 7150.00,
    // margin 3099.98 = 30.2437…% → 30.24.
    let r = try_create(
        &app,
        &rep,
        &o,
        json!({"title": " 一期报价 ", "paymentTerms": "30% 预付", "deliveryTerms": "合同签订后 60 天"}),
        vec![line("10", "1000.00", "700.00"), line("2.5", "99.99", "60.00")],
    )
    .await;
    let q = ok(&r, "createQuote");
    assert_eq!(q["status"], "DRAFT");
    assert_eq!(q["version"], 1);
    assert_eq!(q["rowVersion"], 1);
    assert_eq!(q["title"], "一期报价");
    assert_eq!(q["currency"], "CNY");
    assert_eq!(q["total"], "10249.98");
    assert_eq!(q["cost"], "7150.00");
    assert_eq!(q["marginAmount"], "3099.98");
    assert_eq!(q["marginPercent"], "30.24");
    assert_eq!(q["requiredApproverRole"], Value::Null);
    assert_eq!(q["lines"][1]["amount"], "249.98");
    assert_eq!(q["lines"][1]["cost"], "150.00");
    assert_eq!(q["lines"][1]["quantity"], "2.50");
    assert_eq!(q["lines"][1]["position"], 2);
    let q2 = create(&app, &rep, &o, margin_line("50")).await;
    assert_eq!(q2["version"], 2);

    // Bad input: VALIDATION naming the field, NOT_FOUND out of scope; nothing changes.
    let before = db(&app).await;
    let long = "长".repeat(201);
    let cases: Vec<(Value, Vec<Value>, &str, Option<&str>)> = vec![
        (
            json!({}),
            vec![line("0", "1", "1")],
            "VALIDATION",
            Some("lines.0.quantity"),
        ),
        (
            json!({}),
            vec![line("1", "1", "1"), line("-1", "1", "1")],
            "VALIDATION",
            Some("lines.1.quantity"),
        ),
        (
            json!({}),
            vec![line("1", "-1.00", "1")],
            "VALIDATION",
            Some("lines.0.unitPrice"),
        ),
        (
            json!({}),
            vec![line("1", "1", "-0.01")],
            "VALIDATION",
            Some("lines.0.unitCost"),
        ),
        (json!({}), vec![], "VALIDATION", Some("lines")),
        (
            json!({}),
            vec![line("1", "1", "1"); 201],
            "VALIDATION",
            Some("lines"),
        ),
        (
            json!({"title": long}),
            vec![line("1", "1", "1")],
            "VALIDATION",
            Some("title"),
        ),
        (
            json!({"note": "x".repeat(2001)}),
            vec![line("1", "1", "1")],
            "VALIDATION",
            Some("note"),
        ),
        (
            json!({"validUntil": (Utc::now() - Duration::days(3)).date_naive().to_string()}),
            vec![line("1", "1", "1")],
            "VALIDATION",
            Some("validUntil"),
        ),
        (
            json!({}),
            vec![
                json!({"description": "d".repeat(501), "quantity": "1", "unitPrice": "1", "unitCost": "1"}),
            ],
            "VALIDATION",
            Some("lines.0.description"),
        ),
    ];
    for (extra, lines, code, field) in cases {
        let r = try_create(&app, &rep, &o, extra.clone(), lines).await;
        assert_code(&r, code);
        assert_eq!(
            r["errors"][0]["extensions"]["field"].as_str(),
            field,
            "{extra} {r}"
        );
    }
    // Another team's rep cannot see the opportunity: NOT_FOUND, like a missing id.
    let rep02 = app.login("rep02@example.com").await;
    assert_code(
        &try_create(&app, &rep02, &o, json!({}), margin_line("1")).await,
        "NOT_FOUND",
    );
    let missing = json!({"id": Uuid::now_v7().to_string()});
    assert_code(
        &try_create(&app, &rep, &missing, json!({}), margin_line("1")).await,
        "NOT_FOUND",
    );
    assert_code(
        &try_create(
            &app,
            &rep,
            &json!({"id": "nope"}),
            json!({}),
            margin_line("1"),
        )
        .await,
        "VALIDATION",
    );
    assert_eq!(db(&app).await, before);
    // A team member sees the opportunity and its quotes but may not write them.
    exec(
        &app,
        "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, added_at)
         SELECT $1, id, 'MEMBER', now() FROM users WHERE email = 'rep02@example.com'",
        &o["id"],
    )
    .await;
    let before = db(&app).await;
    assert_code(
        &try_create(&app, &rep02, &o, json!({}), margin_line("1")).await,
        "FORBIDDEN",
    );
    let seen = app
        .gql(
            Some(&rep02),
            "query($id: ID!, $o: ID!) { quote(id: $id) { version } opportunity(id: $o) { quotes { version } } }",
            json!({"id": q["id"], "o": o["id"]}),
        )
        .await;
    assert_ok(&seen);
    assert_eq!(seen["data"]["quote"]["version"], 1);
    assert_eq!(seen["data"]["opportunity"]["quotes"][0]["version"], 2);
    // Someone outside: the quote is missing.
    let rep03 = app.login("rep03@example.com").await;
    let hidden = app
        .gql(
            Some(&rep03),
            "query($id: ID!) { quote(id: $id) { id } }",
            json!({"id": q["id"]}),
        )
        .await;
    assert_code(&hidden, "NOT_FOUND");
    assert_eq!(db(&app).await, before);

    // Concurrent creations never share a version number (the opportunity's
    // row lock serialises them).
    let mut handles = Vec::new();
    for _ in 0..6 {
        let (app_url, token, oid) = (app.url.clone(), rep.clone(), o["id"].clone());
        let http = app.http.clone();
        handles.push(tokio::spawn(async move {
            let body = json!({
                "query": "mutation($i: CreateQuoteInput!) { createQuote(input: $i) { version } }",
                "variables": {"i": {"opportunityId": oid, "validUntil": future(), "lines": margin_line("10")}},
            });
            let r: Value = http
                .post(app_url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["data"]["createQuote"]["version"].as_i64().unwrap()
        }));
    }
    let mut versions = Vec::new();
    for h in handles {
        versions.push(h.await.unwrap());
    }
    versions.sort();
    assert_eq!(versions, vec![3, 4, 5, 6, 7, 8]);

    // Audited as QUOTE CREATE with the lines.
    let changes: serde_json::Value = sqlx::query_scalar(
        "SELECT changes FROM audit_log WHERE entity = 'QUOTE' AND action = 'CREATE' AND entity_id = $1",
    )
    .bind(q["id"].as_str().unwrap().parse::<Uuid>().unwrap())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(changes.to_string().contains("智能装配线"), "{changes}");
}

#[tokio::test]
async fn pip6_approval_routed_by_margin_to_the_right_person_never_ones_own() {
    let app = TestApp::spawn().await;
    let (rep, o) = setup(&app).await;
    let head = app.login("supervisor.east1@example.com").await;
    let head_id = app.user_id("supervisor.east1@example.com").await;
    let manager = app.login("manager.east@example.com").await;
    let manager_id = app.user_id("manager.east@example.com").await;
    let other_head = app.login("supervisor.east2@example.com").await;
    let other_manager = app.login("manager.south@example.com").await;
    let director = app.login("director@example.com").await;
    let gm = app.login("gm@example.com").await;
    let admin = app.login("admin@example.com").await;

    // Band DIRECT_HEAD: margin 30.00 % ≥ 20 %.
    let q = create(&app, &rep, &o, margin_line("70.00")).await;
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    assert_eq!(q["status"], "PENDING_APPROVAL");
    assert_eq!(q["requiredApproverRole"], "DIRECT_HEAD");
    assert_eq!(q["headApprover"]["id"], head_id);
    let before = db(&app).await;
    assert_code(&simple(&app, &rep, "approveQuote", &q).await, "FORBIDDEN");
    assert_code(
        &simple(&app, &other_head, "approveQuote", &q).await,
        "NOT_FOUND",
    );
    assert_code(
        &simple(&app, &other_manager, "approveQuote", &q).await,
        "NOT_FOUND",
    );
    assert_code(&simple(&app, &admin, "approveQuote", &q).await, "FORBIDDEN");
    let mut stale = q.clone();
    stale["rowVersion"] = json!(1);
    assert_code(
        &simple(&app, &head, "approveQuote", &stale).await,
        "CONFLICT",
    );
    assert_eq!(db(&app).await, before);
    let a = ok(
        &simple(&app, &head, "approveQuote", &q).await,
        "approveQuote",
    );
    assert_eq!(a["status"], "APPROVED");
    assert_eq!(a["approver"]["id"], head_id);
    assert!(a["decidedAt"].is_string());

    // Band SALES_MANAGER: margin 15.00 %; the supervisor head is not enough.
    let q = create(&app, &rep, &o, margin_line("85.00")).await;
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    assert_eq!(q["requiredApproverRole"], "SALES_MANAGER");
    assert_eq!(q["headApprover"], Value::Null);
    let before = db(&app).await;
    assert_code(&simple(&app, &head, "approveQuote", &q).await, "FORBIDDEN");
    assert_code(
        &simple(&app, &other_manager, "approveQuote", &q).await,
        "NOT_FOUND",
    );
    assert_eq!(db(&app).await, before);
    let a = ok(
        &simple(&app, &manager, "approveQuote", &q).await,
        "approveQuote",
    );
    assert_eq!(a["approver"]["id"], manager_id);

    // Band SALES_DIRECTOR: margin 5.00 % < 10 %; the manager is not enough.
    let q = create(&app, &rep, &o, margin_line("95.00")).await;
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    assert_eq!(q["requiredApproverRole"], "SALES_DIRECTOR");
    let before = db(&app).await;
    assert_code(
        &simple(&app, &manager, "approveQuote", &q).await,
        "FORBIDDEN",
    );
    assert_code(&simple(&app, &head, "approveQuote", &q).await, "FORBIDDEN");
    assert_eq!(db(&app).await, before);
    ok(
        &simple(&app, &director, "approveQuote", &q).await,
        "approveQuote",
    );

    // Approving one's own quote is never allowed, even for an eligible
    // approver: the director writes and submits a low-margin quote.
    let q = create(&app, &director, &o, margin_line("99.00")).await;
    let q = ok(
        &simple(&app, &director, "submitQuote", &q).await,
        "submitQuote",
    );
    assert_eq!(q["requiredApproverRole"], "SALES_DIRECTOR");
    let before = db(&app).await;
    let r = simple(&app, &director, "approveQuote", &q).await;
    assert_code(&r, "FORBIDDEN");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("own quote")
    );
    assert_code(
        &act(
            &app,
            &director,
            "rejectQuote",
            &q,
            ", reason: $reason",
            json!({"reason": "no"}),
        )
        .await,
        "FORBIDDEN",
    );
    assert_eq!(db(&app).await, before);
    ok(&simple(&app, &gm, "approveQuote", &q).await, "approveQuote");

    // Reject needs a reason; a rejected quote is edited and submitted again.
    let q = create(&app, &rep, &o, margin_line("70.00")).await;
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    let before = db(&app).await;
    let r = act(
        &app,
        &head,
        "rejectQuote",
        &q,
        ", reason: $reason",
        json!({"reason": "  "}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(r["errors"][0]["extensions"]["field"], "reason");
    assert_code(
        &act(
            &app,
            &head,
            "rejectQuote",
            &q,
            ", reason: $reason",
            json!({"reason": "x".repeat(2001)}),
        )
        .await,
        "VALIDATION",
    );
    // Editing a pending quote is refused.
    let upd = "mutation($i: UpdateQuoteInput!) { updateQuote(input: $i) { status rowVersion total rejectionReason } }";
    let r = app
        .gql(
            Some(&rep),
            upd,
            json!({"i": {"id": q["id"], "rowVersion": q["rowVersion"], "validUntil": future(), "lines": margin_line("60")}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(db(&app).await, before);
    let rj = ok(
        &act(
            &app,
            &head,
            "rejectQuote",
            &q,
            ", reason: $reason",
            json!({"reason": "毛利率偏低的说明不足"}),
        )
        .await,
        "rejectQuote",
    );
    assert_eq!(rj["status"], "REJECTED");
    assert_eq!(rj["rejectionReason"], "毛利率偏低的说明不足");
    let r = app
        .gql(
            Some(&rep),
            upd,
            json!({"i": {"id": q["id"], "rowVersion": rj["rowVersion"], "validUntil": future(), "lines": margin_line("60.00")}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateQuote"]["total"], "100.00");
    assert_eq!(r["data"]["updateQuote"]["status"], "REJECTED");
    // A stale rowVersion (the one before the edit) changes nothing.
    let before = db(&app).await;
    assert_code(&simple(&app, &rep, "submitQuote", &rj).await, "CONFLICT");
    assert_eq!(db(&app).await, before);
    let mut fresh = rj.clone();
    fresh["rowVersion"] = r["data"]["updateQuote"]["rowVersion"].clone();
    let again = ok(
        &simple(&app, &rep, "submitQuote", &fresh).await,
        "submitQuote",
    );
    assert_eq!(again["status"], "PENDING_APPROVAL");
    assert_eq!(again["rejectionReason"], Value::Null);
    assert_eq!(again["marginPercent"], "40.00");
}

#[tokio::test]
async fn pip6_send_only_approved_then_accept_opens_negotiation_and_contract() {
    let app = TestApp::spawn().await;
    let (rep, o) = setup(&app).await;
    let head = app.login("supervisor.east1@example.com").await;
    // Reach PROPOSAL past the earlier gates (artefacts of other slices).
    exec(
        &app,
        "INSERT INTO opportunity_initiations (id, opportunity_id, status, created_at) VALUES (gen_random_uuid(), $1, 'APPROVED', now())",
        &o["id"],
    )
    .await;
    exec(
        &app,
        "INSERT INTO requirements_reports (id, opportunity_id, created_at) VALUES (gen_random_uuid(), $1, now())",
        &o["id"],
    )
    .await;
    let mut opp = ok(
        &move_stage(&app, &rep, &o, "PROPOSAL").await,
        "moveOpportunityStage",
    );
    assert_eq!(opp["stage"], "PROPOSAL");

    let q = create(&app, &rep, &o, vec![line("2", "250000.00", "180000.00")]).await;
    // "不得擅自对外报价": neither a draft nor a pending quote is sent.
    let before = db(&app).await;
    let r = simple(&app, &rep, "sendQuote", &q).await;
    assert_code(&r, "CONFLICT");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不得擅自对外报价")
    );
    assert_code(
        &move_stage(&app, &rep, &opp, "NEGOTIATION").await,
        "CONFLICT",
    );
    assert_code(
        &act(
            &app,
            &rep,
            "recordQuoteDecision",
            &q,
            ", accepted: $accepted",
            json!({"accepted": true}),
        )
        .await,
        "CONFLICT",
    );
    assert_eq!(db(&app).await, before);
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    assert_eq!(q["marginPercent"], "28.00");
    let before = db(&app).await;
    assert_code(&simple(&app, &rep, "sendQuote", &q).await, "CONFLICT");
    assert_code(&simple(&app, &rep, "submitQuote", &q).await, "CONFLICT");
    assert_eq!(db(&app).await, before);
    let q = ok(
        &simple(&app, &head, "approveQuote", &q).await,
        "approveQuote",
    );
    // A stale rowVersion is refused.
    let mut stale = q.clone();
    stale["rowVersion"] = json!(2);
    let before = db(&app).await;
    assert_code(&simple(&app, &rep, "sendQuote", &stale).await, "CONFLICT");
    // The customer's decision needs a SENT quote.
    assert_code(
        &act(
            &app,
            &rep,
            "recordQuoteDecision",
            &q,
            ", accepted: $accepted",
            json!({"accepted": true}),
        )
        .await,
        "CONFLICT",
    );
    // Another team cannot send it.
    let rep02 = app.login("rep02@example.com").await;
    assert_code(&simple(&app, &rep02, "sendQuote", &q).await, "NOT_FOUND");
    assert_eq!(db(&app).await, before);
    let q = ok(&simple(&app, &rep, "sendQuote", &q).await, "sendQuote");
    assert_eq!(q["status"], "SENT");
    assert!(q["sentAt"].is_string());

    // NEGOTIATION's gate is open; CONTRACT still needs the acceptance.
    opp = ok(
        &move_stage(&app, &rep, &opp, "NEGOTIATION").await,
        "moveOpportunityStage",
    );
    assert_eq!(opp["stage"], "NEGOTIATION");
    assert_code(&move_stage(&app, &rep, &opp, "CONTRACT").await, "CONFLICT");

    // A second sent quote; then the customer accepts the first.
    let q2 = create(&app, &rep, &o, vec![line("2", "240000.00", "180000.00")]).await;
    let q2 = ok(&simple(&app, &rep, "submitQuote", &q2).await, "submitQuote");
    let q2 = ok(
        &simple(&app, &head, "approveQuote", &q2).await,
        "approveQuote",
    );
    let q2 = ok(&simple(&app, &rep, "sendQuote", &q2).await, "sendQuote");
    let before = db(&app).await;
    assert_code(
        &act(
            &app,
            &rep,
            "recordQuoteDecision",
            &q,
            ", accepted: $accepted, note: $note",
            json!({"accepted": true, "note": "x".repeat(2001)}),
        )
        .await,
        "VALIDATION",
    );
    assert_eq!(db(&app).await, before);
    let acc = ok(
        &act(
            &app,
            &rep,
            "recordQuoteDecision",
            &q,
            ", accepted: $accepted, note: $note",
            json!({"accepted": true, "note": "客户签字确认"}),
        )
        .await,
        "recordQuoteDecision",
    );
    assert_eq!(acc["status"], "ACCEPTED");
    assert_eq!(acc["customerDecisionNote"], "客户签字确认");
    assert!(acc["customerDecisionAt"].is_string());
    // Only one accepted quote per opportunity; declining the other is fine.
    let before = db(&app).await;
    assert_code(
        &act(
            &app,
            &rep,
            "recordQuoteDecision",
            &q2,
            ", accepted: $accepted",
            json!({"accepted": true}),
        )
        .await,
        "CONFLICT",
    );
    assert_code(
        &act(
            &app,
            &rep,
            "recordQuoteDecision",
            &acc,
            ", accepted: $accepted",
            json!({"accepted": false}),
        )
        .await,
        "CONFLICT",
    );
    assert_eq!(db(&app).await, before);
    let dec = ok(
        &act(
            &app,
            &rep,
            "recordQuoteDecision",
            &q2,
            ", accepted: $accepted",
            json!({"accepted": false}),
        )
        .await,
        "recordQuoteDecision",
    );
    assert_eq!(dec["status"], "DECLINED");

    // CONTRACT's gate is open now.
    opp = ok(
        &move_stage(&app, &rep, &opp, "CONTRACT").await,
        "moveOpportunityStage",
    );
    assert_eq!(opp["stage"], "CONTRACT");

    // The trail: CREATE, SUBMIT, APPROVE, SEND, ACCEPT, by who did each.
    let trail: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT a.action, u.email FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.entity = 'QUOTE' AND a.entity_id = $1 ORDER BY a.at, a.id",
    )
    .bind(q["id"].as_str().unwrap().parse::<Uuid>().unwrap())
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let rep01 = Some("rep01@example.com".to_owned());
    assert_eq!(
        trail,
        vec![
            ("CREATE".into(), rep01.clone()),
            ("SUBMIT".into(), rep01.clone()),
            (
                "APPROVE".into(),
                Some("supervisor.east1@example.com".into())
            ),
            ("SEND".into(), rep01.clone()),
            ("ACCEPT".into(), rep01.clone()),
        ]
    );
    // The opportunity lists its quotes newest first.
    let r = app
        .gql(
            Some(&rep),
            "query($id: ID!) { opportunity(id: $id) { quotes { version status total } } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["opportunity"]["quotes"][0]["status"], "DECLINED");
    assert_eq!(r["data"]["opportunity"]["quotes"][1]["total"], "500000.00");
}

#[tokio::test]
async fn pip6_margin_thresholds_are_settings_validated_as_a_pair() {
    let app = TestApp::spawn().await;
    let (rep, o) = setup(&app).await;
    let director = app.login("director@example.com").await;
    let set = "mutation($k: String!, $v: JSON!, $ver: Int!) {
        updateCompanySetting(key: $k, value: $v, version: $ver) { key value version } }";
    let read = |key: &'static str| {
        let app = &app;
        let director = director.clone();
        async move {
            app.gql(
                Some(&director),
                "query($k: String!) { companySetting(key: $k) { value version } }",
                json!({"k": key}),
            )
            .await["data"]["companySetting"]
                .clone()
        }
    };
    let m = read("quote_margin_manager").await;
    assert_eq!(m["value"], "20");
    let d = read("quote_margin_director").await;
    assert_eq!(d["value"], "10");
    let settings = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT string_agg(key || value::text || version, ',' ORDER BY key) FROM company_settings",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
    };
    let before = settings().await;
    for (key, value, code) in [
        ("quote_margin_director", json!("20"), "VALIDATION"),
        ("quote_margin_director", json!("25"), "VALIDATION"),
        ("quote_margin_manager", json!("10"), "VALIDATION"),
        ("quote_margin_manager", json!("100.5"), "VALIDATION"),
        ("quote_margin_manager", json!("abc"), "VALIDATION"),
        ("quote_margin_manager", json!(25), "VALIDATION"),
        ("quote_margin_director", json!("-1"), "VALIDATION"),
    ] {
        let r = app
            .gql(
                Some(&director),
                set,
                json!({"k": key, "v": value, "ver": 1}),
            )
            .await;
        assert_code(&r, code);
    }
    assert_code(
        &app.gql(
            Some(&rep),
            set,
            json!({"k": "quote_margin_manager", "v": "25", "ver": 1}),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &app.gql(
            Some(&director),
            set,
            json!({"k": "quote_margin_manager", "v": "25", "ver": 7}),
        )
        .await,
        "CONFLICT",
    );
    assert_eq!(settings().await, before);
    let r = app
        .gql(
            Some(&director),
            set,
            json!({"k": "quote_margin_manager", "v": "25.50", "ver": 1}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateCompanySetting"]["value"], "25.5");

    // A 22 % quote now needs the sales manager.
    let q = create(&app, &rep, &o, margin_line("78.00")).await;
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    assert_eq!(q["requiredApproverRole"], "SALES_MANAGER");
    // Zero total: margin 0, the director's band.
    let q = create(&app, &rep, &o, vec![line("1", "0", "0")]).await;
    assert_eq!(q["marginPercent"], "0.00");
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    assert_eq!(q["requiredApproverRole"], "SALES_DIRECTOR");

    // A quote past its validity date is neither submitted nor sent.
    let q = create(&app, &rep, &o, margin_line("50.00")).await;
    exec(
        &app,
        "UPDATE quotes SET valid_until = current_date - 2 WHERE id = $1",
        &q["id"],
    )
    .await;
    let before = db(&app).await;
    assert_code(&simple(&app, &rep, "submitQuote", &q).await, "CONFLICT");
    assert_eq!(db(&app).await, before);

    // Nothing about quotes changes once the opportunity is LOST.
    let lost = app
        .gql(
            Some(&rep),
            "mutation($id: ID!, $v: Int!) { markOpportunityLost(id: $id, reason: \"预算取消\", version: $v) { stage } }",
            json!({"id": o["id"], "v": o["version"]}),
        )
        .await;
    assert_ok(&lost);
    let before = db(&app).await;
    assert_code(
        &try_create(&app, &rep, &o, json!({}), margin_line("1")).await,
        "CONFLICT",
    );
    assert_code(
        &simple(&app, &director, "approveQuote", &q).await,
        "CONFLICT",
    );
    assert_eq!(db(&app).await, before);
}

/// ORG-1: a unit without a head is shown as such, and an approval that
/// needs the missing head answers VALIDATION naming the unit, changing
/// nothing; once a head is appointed the same submission goes to them.
#[tokio::test]
async fn org1_an_approval_that_needs_a_missing_head_names_the_unit() {
    let app = TestApp::spawn().await;
    let (rep, o) = setup(&app).await;
    sqlx::query("UPDATE org_units SET head_user_id = NULL WHERE name = '上海一组'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let me = app
        .gql(
            Some(&rep),
            "{ me { directHead { id } directHeadVacantUnit { name } unit { name headVacant } } }",
            json!({}),
        )
        .await;
    assert_ok(&me);
    let m = &me["data"]["me"];
    assert!(m["directHead"].is_null(), "{me}");
    assert_eq!(m["directHeadVacantUnit"]["name"], "上海一组");
    assert_eq!(m["unit"]["headVacant"], true);

    // Margin 30 %: the rep's direct head approves, and there is none.
    let q = create(&app, &rep, &o, margin_line("70.00")).await;
    let before = db(&app).await;
    let r = simple(&app, &rep, "submitQuote", &q).await;
    assert_code(&r, "VALIDATION");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("上海一组"),
        "{r}"
    );
    assert_eq!(db(&app).await, before, "nothing changed");

    sqlx::query(
        "UPDATE org_units SET head_user_id = (SELECT id FROM users WHERE email = 'supervisor.east1@example.com')
          WHERE name = '上海一组'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    let q = ok(&simple(&app, &rep, "submitQuote", &q).await, "submitQuote");
    assert_eq!(
        q["headApprover"]["id"],
        app.user_id("supervisor.east1@example.com").await
    );
}

const AWAITING: &str =
    "{ quotesAwaitingMyDecision { id requiredApproverRole opportunity { id name } } }";

async fn awaiting(app: &TestApp, token: &str) -> Vec<String> {
    let r = app.gql(Some(token), AWAITING, json!({})).await;
    assert_ok(&r);
    r["data"]["quotesAwaitingMyDecision"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pip6_each_approver_sees_exactly_the_quotes_they_may_decide() {
    let app = TestApp::spawn().await;
    let (rep, o) = setup(&app).await;
    let head = app.login("supervisor.east1@example.com").await;
    let manager = app.login("manager.east@example.com").await;
    let other_head = app.login("supervisor.east2@example.com").await;
    let director = app.login("director@example.com").await;

    // One quote per band: DIRECT_HEAD (30 %), SALES_MANAGER (15 %),
    // SALES_DIRECTOR (5 %), and a draft nobody decides yet.
    let mut pending = Vec::new();
    for cost in ["70.00", "85.00", "95.00"] {
        let q = create(&app, &rep, &o, margin_line(cost)).await;
        pending.push(ok(
            &simple(&app, &rep, "submitQuote", &q).await,
            "submitQuote",
        ));
    }
    create(&app, &rep, &o, margin_line("50.00")).await;
    let id = |q: &Value| q["id"].as_str().unwrap().to_owned();

    // A stricter approver may decide a looser band too (PIP-6), so the
    // list is exactly what approveQuote would let each of them decide.
    let ids: Vec<String> = pending.iter().map(id).collect();
    assert_eq!(awaiting(&app, &head).await, ids[..1]);
    assert_eq!(awaiting(&app, &manager).await, ids[..2]);
    assert_eq!(awaiting(&app, &director).await, ids[..]);
    // Not their team (ORG-3), and never one's own.
    assert!(awaiting(&app, &other_head).await.is_empty());
    assert!(awaiting(&app, &rep).await.is_empty());
    let r = app.gql(Some(&head), AWAITING, json!({})).await;
    assert_eq!(
        r["data"]["quotesAwaitingMyDecision"][0]["opportunity"]["id"],
        o["id"]
    );

    // Decided, it leaves the list.
    ok(
        &simple(&app, &head, "approveQuote", &pending[0]).await,
        "approveQuote",
    );
    assert!(awaiting(&app, &head).await.is_empty());
    let anonymous = app.gql(None, AWAITING, json!({})).await;
    assert_code(&anonymous, "UNAUTHENTICATED");
}
