//! PIP-2 opportunities (gated stages, backward moves, LOST, history, time
//! in stages), PIP-4 team access (ORG-3), PIP-8 pipeline summary and
//! forecast, and CUS-4's "open opportunity" hook.

use chrono::{DateTime, Duration, Utc};
use salesd_domain::clock::start_of_day;
use salesd_domain::notify::scan::{ScanKind, ScanOptions};
use salesd_domain::registry::run_scan;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};

pub const FIELDS: &str = "id name stage probability effectiveProbability amount weightedAmount currency
  expectedCloseDate complex version closedAt lostReason lostCompetitor stalledDays owner { id } customer { id }";

/// A customer owned by `owner` (idle since `last`), inserted directly.
pub async fn customer(app: &TestApp, owner: &str, name: &str, last: DateTime<Utc>) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO customers (id, name, name_norm, owner_id, owner_unit_id, owned_since, last_interaction_at, created_at)
         SELECT $1, $2, lower($2), u.id, u.unit_id, $4, $4, $4 FROM users u WHERE u.email = $3",
    )
    .bind(id)
    .bind(name)
    .bind(owner)
    .bind(last)
    .execute(&app.db.pool)
    .await
    .expect("insert customer");
    id
}

/// `createOpportunity` as `token`; the raw answer.
pub async fn try_create(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: CreateOpportunityInput!) {{ createOpportunity(input: $i) {{ {FIELDS} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

/// Creates an opportunity for `customer` as `token`.
pub async fn create(app: &TestApp, token: &str, customer: Uuid, name: &str, amount: &str) -> Value {
    let r = try_create(
        app,
        token,
        json!({"customerId": customer, "name": name, "amount": amount}),
    )
    .await;
    assert_ok(&r);
    r["data"]["createOpportunity"].clone()
}

async fn mv(app: &TestApp, token: &str, o: &Value, to: &str, reason: Option<&str>) -> Value {
    let q = format!(
        "mutation($id: ID!, $to: OpportunityStage!, $v: Int!, $r: String) {{
           moveOpportunityStage(id: $id, to: $to, version: $v, reason: $r) {{ {FIELDS} }} }}"
    );
    app.gql(
        Some(token),
        &q,
        json!({"id": o["id"], "to": to, "v": o["version"], "r": reason}),
    )
    .await
}

#[track_caller]
fn moved(r: &Value) -> Value {
    assert_ok(r);
    r["data"]["moveOpportunityStage"].clone()
}

fn oid(o: &Value) -> Uuid {
    o["id"].as_str().unwrap().parse().unwrap()
}

async fn exec(app: &TestApp, sql: &'static str, id: Uuid) {
    sqlx::query(sql)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect(sql);
}

async fn initiation(app: &TestApp, o: Uuid, status: &str) {
    sqlx::query("INSERT INTO opportunity_initiations (id, opportunity_id, status, created_at) VALUES ($1, $2, $3, now())")
        .bind(Uuid::now_v7())
        .bind(o)
        .bind(status)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

async fn report(app: &TestApp, o: Uuid) {
    exec(
        app,
        "INSERT INTO requirements_reports (id, opportunity_id, created_at) VALUES (gen_random_uuid(), $1, now())",
        o,
    )
    .await;
}

async fn quote(app: &TestApp, o: Uuid, status: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO quotes (id, opportunity_id, status, created_at) VALUES ($1, $2, $3, now())",
    )
    .bind(id)
    .bind(o)
    .bind(status)
    .execute(&app.db.pool)
    .await
    .unwrap();
    id
}

/// (stage, version, history rows) as stored.
async fn state(app: &TestApp, o: Uuid) -> (String, i32, i64) {
    sqlx::query_as(
        "SELECT stage, version, (SELECT count(*) FROM opportunity_stage_history WHERE opportunity_id = o.id)
         FROM opportunities o WHERE id = $1",
    )
    .bind(o)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

#[tokio::test]
async fn pip2_create_in_evaluation_with_history_audit_and_bad_input() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let rep01 = app.user_id("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "上海华东机械", Utc::now()).await;
    let r = try_create(
        &app,
        &rep,
        json!({"customerId": c, "name": "  二期产线改造 ", "amount": "1234567.80", "expectedCloseDate": "2026-12-31", "complex": true}),
    )
    .await;
    assert_ok(&r);
    let o = &r["data"]["createOpportunity"];
    assert_eq!(o["name"], "二期产线改造");
    assert_eq!(o["stage"], "EVALUATION");
    assert_eq!(o["probability"], Value::Null);
    assert_eq!(o["effectiveProbability"], 10);
    assert_eq!(o["amount"], "1234567.80");
    // 1234567.80 × 10 / 100
    assert_eq!(o["weightedAmount"], "123456.78");
    assert_eq!(o["currency"], "CNY");
    assert_eq!(o["owner"]["id"], rep01);
    assert_eq!(o["customer"]["id"], c.to_string());
    assert_eq!(o["stalledDays"], 0);
    let h = app
        .gql(
            Some(&rep),
            "query($id: ID!) { opportunity(id: $id) { stageHistory { fromStage toStage changedBy { id } } } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_ok(&h);
    assert_eq!(
        h["data"]["opportunity"]["stageHistory"],
        json!([{"fromStage": null, "toStage": "EVALUATION", "changedBy": {"id": rep01}}])
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'OPPORTUNITY' AND action = 'CREATE'"
        )
        .await,
        1
    );

    let other = customer(&app, "rep03@example.com", "广州南方电气", Utc::now()).await;
    let cases: Vec<(Value, &str, Option<&str>)> = vec![
        (
            json!({"customerId": c, "name": " ", "amount": "1"}),
            "VALIDATION",
            Some("name"),
        ),
        (
            json!({"customerId": c, "name": "长".repeat(201), "amount": "1"}),
            "VALIDATION",
            Some("name"),
        ),
        (
            json!({"customerId": c, "name": "A", "amount": "-0.01"}),
            "VALIDATION",
            Some("amount"),
        ),
        (
            json!({"customerId": c, "name": "A", "amount": "1.001"}),
            "VALIDATION",
            Some("amount"),
        ),
        (
            json!({"customerId": c, "name": "A", "amount": "1", "currency": "cny"}),
            "VALIDATION",
            Some("currency"),
        ),
        (
            json!({"customerId": "nope", "name": "A", "amount": "1"}),
            "VALIDATION",
            Some("customerId"),
        ),
        // Another team's customer is not there (ORG-3).
        (
            json!({"customerId": other, "name": "A", "amount": "1"}),
            "NOT_FOUND",
            None,
        ),
        (
            json!({"customerId": Uuid::now_v7(), "name": "A", "amount": "1"}),
            "NOT_FOUND",
            None,
        ),
    ];
    for (input, code, f) in cases {
        let r = try_create(&app, &rep, input.clone()).await;
        assert_code(&r, code);
        if f.is_some() {
            assert_eq!(field(&r), f, "{input}: {r}");
        }
    }
    // Finance is not on the sales line.
    let fin = app.login("finance@example.com").await;
    let r = try_create(
        &app,
        &fin,
        json!({"customerId": c, "name": "A", "amount": "1"}),
    )
    .await;
    assert_code(&r, "FORBIDDEN");
    assert_eq!(app.count("SELECT count(*) FROM opportunities").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM opportunity_stage_history")
            .await,
        1
    );
}

#[tokio::test]
async fn pip2_forward_moves_need_each_gate_artefact() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东机械", Utc::now()).await;
    let mut o = create(&app, &rep, c, "产线", "500000.00").await;
    let id = oid(&o);

    // INITIATION: a submitted (not approved) application is not enough.
    assert_code(&mv(&app, &rep, &o, "INITIATION", None).await, "CONFLICT");
    initiation(&app, id, "SUBMITTED").await;
    let r = mv(&app, &rep, &o, "INITIATION", None).await;
    assert_code(&r, "CONFLICT");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("approved initiation")
    );
    assert_eq!(state(&app, id).await, ("EVALUATION".into(), 1, 1));
    initiation(&app, id, "APPROVED").await;
    o = moved(&mv(&app, &rep, &o, "INITIATION", None).await);
    assert_eq!(
        (o["stage"].as_str(), o["effectiveProbability"].as_i64()),
        (Some("INITIATION"), Some(20))
    );

    // REQUIREMENTS has no gate.
    o = moved(&mv(&app, &rep, &o, "REQUIREMENTS", None).await);

    // PROPOSAL needs a requirements report.
    assert_code(&mv(&app, &rep, &o, "PROPOSAL", None).await, "CONFLICT");
    assert_eq!(state(&app, id).await, ("REQUIREMENTS".into(), 3, 3));
    report(&app, id).await;
    o = moved(&mv(&app, &rep, &o, "PROPOSAL", None).await);

    // NEGOTIATION needs a quote sent: approved is not sent.
    let q = quote(&app, id, "APPROVED").await;
    assert_code(&mv(&app, &rep, &o, "NEGOTIATION", None).await, "CONFLICT");
    exec(&app, "UPDATE quotes SET status = 'SENT' WHERE id = $1", q).await;
    o = moved(&mv(&app, &rep, &o, "NEGOTIATION", None).await);

    // CONTRACT needs the quote accepted.
    assert_code(&mv(&app, &rep, &o, "CONTRACT", None).await, "CONFLICT");
    assert_eq!(state(&app, id).await, ("NEGOTIATION".into(), 5, 5));
    exec(
        &app,
        "UPDATE quotes SET status = 'ACCEPTED' WHERE id = $1",
        q,
    )
    .await;
    o = moved(&mv(&app, &rep, &o, "CONTRACT", None).await);
    assert_eq!(o["effectiveProbability"], 90);

    // WON needs a signed contract (PIP-2, CON-2).
    let r = mv(&app, &rep, &o, "WON", None).await;
    assert_code(&r, "CONFLICT");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("a signed contract")
    );
    crate::e2e::contracts::insert_contract(&app, id, "SIGNED").await;
    o = moved(&mv(&app, &rep, &o, "WON", None).await);
    assert_eq!(o["effectiveProbability"], 100);
    assert_eq!(o["weightedAmount"], "500000.00");
    assert!(o["closedAt"].is_string());
    assert_eq!(o["stalledDays"], Value::Null);
    // WON is final: no move, no edit, no LOST.
    assert_code(
        &mv(&app, &rep, &o, "CONTRACT", Some("oops")).await,
        "CONFLICT",
    );
    let admin = app.login("admin@example.com").await;
    assert_code(
        &mv(&app, &admin, &o, "CONTRACT", Some("reopen")).await,
        "CONFLICT",
    );
    let r = app
        .gql(
            Some(&rep),
            "mutation($id: ID!, $v: Int!) { markOpportunityLost(id: $id, reason: \"x\", version: $v) { id } }",
            json!({"id": o["id"], "v": o["version"]}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep),
            "mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { id } }",
            json!({"i": {"id": o["id"], "version": o["version"], "name": "x"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(state(&app, id).await, ("WON".into(), 7, 7));
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'OPPORTUNITY' AND action = 'STAGE'"
        )
        .await,
        6
    );
}

#[tokio::test]
async fn pip2_skipping_a_gate_is_a_conflict_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东机械", Utc::now()).await;
    let o = create(&app, &rep, c, "产线", "1000.00").await;
    let id = oid(&o);
    initiation(&app, id, "APPROVED").await;
    // EVALUATION → PROPOSAL passes the PROPOSAL gate without a report.
    let r = mv(&app, &rep, &o, "PROPOSAL", None).await;
    assert_code(&r, "CONFLICT");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("requirements report")
    );
    // WON only from CONTRACT.
    assert_code(&mv(&app, &rep, &o, "WON", None).await, "CONFLICT");
    // LOST has its own mutation; the same stage is no move.
    let r = mv(&app, &rep, &o, "LOST", None).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("to"));
    assert_code(&mv(&app, &rep, &o, "EVALUATION", None).await, "VALIDATION");
    assert_eq!(state(&app, id).await, ("EVALUATION".into(), 1, 1));
    // With every gate passed on the way, one move may skip stages.
    report(&app, id).await;
    let o = moved(&mv(&app, &rep, &o, "PROPOSAL", None).await);
    assert_eq!(o["stage"], "PROPOSAL");
    let h = app
        .gql(
            Some(&rep),
            "query($id: ID!) { opportunity(id: $id) { stageHistory { fromStage toStage } } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_eq!(
        h["data"]["opportunity"]["stageHistory"][1],
        json!({"fromStage": "EVALUATION", "toStage": "PROPOSAL"})
    );
}

#[tokio::test]
async fn pip2_backward_moves_need_a_manager_and_a_reason() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东机械", Utc::now()).await;
    let o = create(&app, &rep, c, "产线", "1000.00").await;
    let id = oid(&o);
    initiation(&app, id, "APPROVED").await;
    let o = moved(&mv(&app, &rep, &o, "REQUIREMENTS", None).await);
    // The owner (a rep) and the supervisor may not move back.
    assert_code(
        &mv(&app, &rep, &o, "EVALUATION", Some("重新评估")).await,
        "FORBIDDEN",
    );
    let sup = app.login("supervisor.east1@example.com").await;
    assert_code(
        &mv(&app, &sup, &o, "EVALUATION", Some("重新评估")).await,
        "FORBIDDEN",
    );
    // Another region's manager does not see it.
    let south = app.login("manager.south@example.com").await;
    assert_code(
        &mv(&app, &south, &o, "EVALUATION", Some("x")).await,
        "NOT_FOUND",
    );
    // The manager over the unit may, with a reason.
    let m = app.login("manager.east@example.com").await;
    let r = mv(&app, &m, &o, "EVALUATION", None).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("reason"));
    assert_eq!(state(&app, id).await, ("REQUIREMENTS".into(), 2, 2));
    let back = moved(&mv(&app, &m, &o, "INITIATION", Some("需求范围变化")).await);
    assert_eq!(back["stage"], "INITIATION");
    let mid = app.user_id("manager.east@example.com").await;
    let h = app
        .gql(
            Some(&rep),
            "query($id: ID!) { opportunity(id: $id) { stageHistory { fromStage toStage reason changedBy { id } } } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_eq!(
        h["data"]["opportunity"]["stageHistory"][2],
        json!({"fromStage": "REQUIREMENTS", "toStage": "INITIATION", "reason": "需求范围变化", "changedBy": {"id": mid}})
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'OPPORTUNITY' AND action = 'STAGE_BACK'"
        )
        .await,
        1
    );
    // Forward again needs no manager (the gate artefact is still there).
    moved(&mv(&app, &rep, &back, "REQUIREMENTS", None).await);
}

#[tokio::test]
async fn pip2_probability_override_range_stale_version_and_scope() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东机械", Utc::now()).await;
    let o = create(&app, &rep, c, "产线", "33333.33").await;
    let id = oid(&o);
    let upd = format!(
        "mutation($i: UpdateOpportunityInput!) {{ updateOpportunity(input: $i) {{ {FIELDS} }} }}"
    );
    for p in [101, -1] {
        let r = app
            .gql(
                Some(&rep),
                &upd,
                json!({"i": {"id": o["id"], "version": 1, "probability": p}}),
            )
            .await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some("probability"));
    }
    for (i, f) in [
        (json!({"name": ""}), "name"),
        (json!({"amount": "-1"}), "amount"),
    ] {
        let mut i = i;
        i["id"] = o["id"].clone();
        i["version"] = json!(1);
        let r = app.gql(Some(&rep), &upd, json!({"i": i})).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(f));
    }
    // Another team's rep does not see it; a wrong version is stale.
    let rep02 = app.login("rep02@example.com").await;
    let r = app
        .gql(
            Some(&rep02),
            &upd,
            json!({"i": {"id": o["id"], "version": 1, "probability": 15}}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(
            Some(&rep),
            &upd,
            json!({"i": {"id": o["id"], "version": 7, "probability": 15}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(state(&app, id).await, ("EVALUATION".into(), 1, 1));
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action = 'UPDATE' AND entity = 'OPPORTUNITY'"
        )
        .await,
        0
    );

    let r = app
        .gql(Some(&rep), &upd, json!({"i": {"id": o["id"], "version": 1, "probability": 15, "expectedCloseDate": "2027-01-31"}}))
        .await;
    assert_ok(&r);
    let u = &r["data"]["updateOpportunity"];
    assert_eq!(
        (
            u["probability"].as_i64(),
            u["effectiveProbability"].as_i64()
        ),
        (Some(15), Some(15))
    );
    // 33333.33 × 15 / 100, exact.
    assert_eq!(u["weightedAmount"], "4999.9995");
    assert_eq!(u["expectedCloseDate"], "2027-01-31");
    let r = app
        .gql(Some(&rep), &upd, json!({"i": {"id": o["id"], "version": 2, "probability": null, "expectedCloseDate": null}}))
        .await;
    assert_ok(&r);
    let u = &r["data"]["updateOpportunity"];
    assert_eq!(
        (u["probability"].clone(), u["effectiveProbability"].as_i64()),
        (Value::Null, Some(10))
    );
    assert_eq!(u["expectedCloseDate"], Value::Null);

    // The defaults are a setting: validated, then used.
    let dir = app.login("director@example.com").await;
    let set = "mutation($v: JSON!, $n: Int!) { updateCompanySetting(key: \"stage_probabilities\", value: $v, version: $n) { version } }";
    let bad = json!({"EVALUATION": 10, "INITIATION": 20, "REQUIREMENTS": 30, "PROPOSAL": 20, "NEGOTIATION": 70, "CONTRACT": 90});
    assert_code(
        &app.gql(Some(&dir), set, json!({"v": bad, "n": 1})).await,
        "VALIDATION",
    );
    let missing = json!({"EVALUATION": 10});
    assert_code(
        &app.gql(Some(&dir), set, json!({"v": missing, "n": 1}))
            .await,
        "VALIDATION",
    );
    let good = json!({"EVALUATION": 12, "INITIATION": 20, "REQUIREMENTS": 30, "PROPOSAL": 50, "NEGOTIATION": 70, "CONTRACT": 90});
    assert_code(
        &app.gql(Some(&rep), set, json!({"v": good, "n": 1})).await,
        "FORBIDDEN",
    );
    assert_ok(&app.gql(Some(&dir), set, json!({"v": good, "n": 1})).await);
    let r = app
        .gql(
            Some(&rep),
            "query($id: ID!) { opportunity(id: $id) { effectiveProbability } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_eq!(r["data"]["opportunity"]["effectiveProbability"], 12);
}

#[tokio::test]
async fn pip2_lost_needs_a_reason_and_is_final() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东机械", Utc::now()).await;
    let o = create(&app, &rep, c, "产线", "1000.00").await;
    let id = oid(&o);
    let lost = format!(
        "mutation($id: ID!, $r: String!, $c: String, $v: Int!) {{
           markOpportunityLost(id: $id, reason: $r, competitor: $c, version: $v) {{ {FIELDS} }} }}"
    );
    for (r, c, f) in [
        ("  ", None, "reason"),
        ("价格", Some("c".repeat(201)), "competitor"),
    ] {
        let a = app
            .gql(
                Some(&rep),
                &lost,
                json!({"id": o["id"], "r": r, "c": c, "v": 1}),
            )
            .await;
        assert_code(&a, "VALIDATION");
        assert_eq!(field(&a), Some(f));
    }
    let a = app
        .gql(
            Some(&rep),
            &lost,
            json!({"id": o["id"], "r": "价格", "v": 3}),
        )
        .await;
    assert_code(&a, "CONFLICT");
    assert_eq!(state(&app, id).await, ("EVALUATION".into(), 1, 1));
    let a = app
        .gql(
            Some(&rep),
            &lost,
            json!({"id": o["id"], "r": " 价格偏高 ", "c": "西门子", "v": 1}),
        )
        .await;
    assert_ok(&a);
    let l = &a["data"]["markOpportunityLost"];
    assert_eq!(l["stage"], "LOST");
    assert_eq!(l["lostReason"], "价格偏高");
    assert_eq!(l["lostCompetitor"], "西门子");
    assert_eq!(l["effectiveProbability"], 0);
    assert!(l["closedAt"].is_string());
    let admin = app.login("admin@example.com").await;
    assert_code(
        &mv(&app, &admin, l, "EVALUATION", Some("reopen")).await,
        "CONFLICT",
    );
    assert_eq!(state(&app, id).await, ("LOST".into(), 2, 2));
}

#[tokio::test]
async fn org3_project_team_members_see_the_opportunity() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let rep02 = app.login("rep02@example.com").await;
    let rep03 = app.login("rep03@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东机械", Utc::now()).await;
    let o = create(&app, &rep, c, "大项目", "1000000.00").await;
    let get = "query($id: ID!) { opportunity(id: $id) { id customer { id } teamRequirementsMet teamMissingRoles team { user { id } role duties } } }";
    let set = "mutation($o: ID!, $u: ID!, $r: OpportunityTeamRole!, $d: String) {
      setOpportunityTeamMember(opportunityId: $o, userId: $u, role: $r, duties: $d) { role duties } }";
    let remove =
        "mutation($o: ID!, $u: ID!) { removeOpportunityTeamMember(opportunityId: $o, userId: $u) }";
    let u2 = app.user_id("rep02@example.com").await;
    assert_code(
        &app.gql(Some(&rep02), get, json!({"id": o["id"]})).await,
        "NOT_FOUND",
    );
    // Not visible: not changeable either.
    assert_code(
        &app.gql(
            Some(&rep02),
            set,
            json!({"o": o["id"], "u": u2, "r": "MEMBER"}),
        )
        .await,
        "NOT_FOUND",
    );
    let r = app.gql(Some(&rep), get, json!({"id": o["id"]})).await;
    assert_ok(&r);
    // PIP-4: a 1 000 000 project lacks every required role.
    assert_eq!(r["data"]["opportunity"]["teamRequirementsMet"], false);
    assert_eq!(
        r["data"]["opportunity"]["teamMissingRoles"],
        json!(["LEADER", "SALES_MANAGER", "SALES_REP", "TECH_LEAD"])
    );
    let r = app
        .gql(
            Some(&rep),
            set,
            json!({"o": o["id"], "u": u2, "r": "SALES_REP", "d": "现场调研"}),
        )
        .await;
    assert_ok(&r);
    assert_code(
        &app.gql(
            Some(&rep),
            set,
            json!({"o": o["id"], "u": u2, "r": "MEMBER", "d": "x".repeat(1001)}),
        )
        .await,
        "VALIDATION",
    );
    assert_code(
        &app.gql(
            Some(&rep),
            set,
            json!({"o": o["id"], "u": Uuid::now_v7(), "r": "MEMBER"}),
        )
        .await,
        "VALIDATION",
    );
    // The member reads it (the customer stays out of their scope) …
    let r = app.gql(Some(&rep02), get, json!({"id": o["id"]})).await;
    assert_ok(&r);
    assert_eq!(r["data"]["opportunity"]["customer"], Value::Null);
    assert_eq!(r["data"]["opportunity"]["team"][0]["duties"], "现场调研");
    let list = app
        .gql(
            Some(&rep02),
            "{ opportunities { totalCount edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(list["data"]["opportunities"]["totalCount"], 1);
    // … but may not change it; a non-member rep sees nothing.
    let r = mv(&app, &rep02, &o, "INITIATION", None).await;
    assert_code(&r, "FORBIDDEN");
    assert_code(
        &app.gql(Some(&rep03), get, json!({"id": o["id"]})).await,
        "NOT_FOUND",
    );
    let team = app
        .gql(
            Some(&rep03),
            "query($id: ID!) { opportunityTeam(opportunityId: $id) { role } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_code(&team, "NOT_FOUND");

    // The four roles make the team complete.
    for (who, role) in [
        ("supervisor.east1@example.com", "LEADER"),
        ("manager.east@example.com", "SALES_MANAGER"),
        ("tech@example.com", "TECH_LEAD"),
    ] {
        let u = app.user_id(who).await;
        assert_ok(
            &app.gql(Some(&rep), set, json!({"o": o["id"], "u": u, "r": role}))
                .await,
        );
    }
    let r = app.gql(Some(&rep), get, json!({"id": o["id"]})).await;
    assert_eq!(r["data"]["opportunity"]["teamRequirementsMet"], true);
    assert_eq!(r["data"]["opportunity"]["teamMissingRoles"], json!([]));

    assert_eq!(
        app.gql(Some(&rep), remove, json!({"o": o["id"], "u": u2}))
            .await["data"]["removeOpportunityTeamMember"],
        true
    );
    assert_code(
        &app.gql(Some(&rep), remove, json!({"o": o["id"], "u": u2}))
            .await,
        "NOT_FOUND",
    );
    assert_code(
        &app.gql(Some(&rep02), get, json!({"id": o["id"]})).await,
        "NOT_FOUND",
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'OPPORTUNITY' AND action IN ('TEAM_SET', 'TEAM_REMOVE')")
            .await,
        5
    );
}

#[tokio::test]
async fn pip2_history_time_in_stages_and_stalled_days() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let m = app.login("manager.east@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东机械", Utc::now()).await;
    let o = create(&app, &rep, c, "产线", "1000.00").await;
    let id = oid(&o);
    initiation(&app, id, "APPROVED").await;
    let o = moved(&mv(&app, &rep, &o, "INITIATION", None).await);
    let o = moved(&mv(&app, &rep, &o, "REQUIREMENTS", None).await);
    let o = moved(&mv(&app, &m, &o, "INITIATION", Some("返工")).await);
    let r = app
        .gql(
            Some(&rep),
            "mutation($id: ID!, $v: Int!) { markOpportunityLost(id: $id, reason: \"预算取消\", version: $v) { id } }",
            json!({"id": o["id"], "v": o["version"]}),
        )
        .await;
    assert_ok(&r);
    // Pin the history to known times: EVALUATION day 0, INITIATION day 1,
    // REQUIREMENTS day 3, back to INITIATION day 4, LOST day 6.
    let t0: DateTime<Utc> = "2026-01-05T02:00:00Z".parse().unwrap();
    let rows: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM opportunity_stage_history WHERE opportunity_id = $1 ORDER BY at, id",
    )
    .bind(id)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 5);
    for (row, day) in rows.iter().zip([0, 1, 3, 4, 6]) {
        sqlx::query("UPDATE opportunity_stage_history SET at = $2 WHERE id = $1")
            .bind(row)
            .bind(t0 + Duration::days(day))
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let r = app
        .gql(
            Some(&rep),
            "query($id: ID!) { opportunity(id: $id) { timeInStages { stage seconds visits } stageHistory { toStage } } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_ok(&r);
    let day = 86_400;
    assert_eq!(
        r["data"]["opportunity"]["timeInStages"],
        json!([
            {"stage": "EVALUATION", "seconds": day, "visits": 1},
            {"stage": "INITIATION", "seconds": 4 * day, "visits": 2},
            {"stage": "REQUIREMENTS", "seconds": day, "visits": 1},
        ])
    );
    assert_eq!(
        r["data"]["opportunity"]["stageHistory"],
        json!([{"toStage": "EVALUATION"}, {"toStage": "INITIATION"}, {"toStage": "REQUIREMENTS"}, {"toStage": "INITIATION"}, {"toStage": "LOST"}])
    );

    // Stalled: an open opportunity that last moved 3 company days ago.
    let s = create(&app, &rep, c, "停滞", "1.00").await;
    sqlx::query("UPDATE opportunities SET stage_changed_at = $2 WHERE id = $1")
        .bind(oid(&s))
        .bind(
            start_of_day(salesd_domain::clock::company_date(Utc::now()) - Duration::days(3))
                + Duration::hours(23),
        )
        .execute(&app.db.pool)
        .await
        .unwrap();
    let q = "query($d: Int!) { opportunities(filter: {stalledForDays: $d}) { totalCount edges { node { name stalledDays } } } }";
    let r = app.gql(Some(&rep), q, json!({"d": 3})).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["opportunities"]["edges"],
        json!([{"node": {"name": "停滞", "stalledDays": 3}}]),
        "LOST ones are not stalled"
    );
    let r = app.gql(Some(&rep), q, json!({"d": 4})).await;
    assert_eq!(r["data"]["opportunities"]["totalCount"], 0);
    assert_code(
        &app.gql(Some(&rep), q, json!({"d": -1})).await,
        "VALIDATION",
    );
}

/// Inserts an opportunity owned by `owner` that went through `path` (its
/// history one minute apart), for the aggregate tests.
#[allow(clippy::too_many_arguments)]
async fn seed(
    app: &TestApp,
    owner: &str,
    customer: Uuid,
    path: &[&str],
    amount: &str,
    probability: Option<i16>,
    close: Option<&str>,
) -> Uuid {
    let id = Uuid::now_v7();
    let stage = *path.last().unwrap();
    let closed = matches!(stage, "WON" | "LOST");
    let t0: DateTime<Utc> = "2026-01-05T02:00:00Z".parse().unwrap();
    sqlx::query(
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, probability, amount,
            expected_close_date, lost_reason, stage_changed_at, closed_at, created_by, created_at, updated_at)
         SELECT $1, $2, 'seed', u.id, u.unit_id, $4, $5, $6::numeric, $7::date, $8, $9, $10, u.id, $9, $9
         FROM users u WHERE u.email = $3",
    )
    .bind(id)
    .bind(customer)
    .bind(owner)
    .bind(stage)
    .bind(probability)
    .bind(amount)
    .bind(close)
    .bind((stage == "LOST").then_some("seed"))
    .bind(t0)
    .bind(closed.then_some(t0))
    .execute(&app.db.pool)
    .await
    .expect("seed opportunity");
    let mut from: Option<&str> = None;
    for (i, to) in path.iter().enumerate() {
        sqlx::query(
            "INSERT INTO opportunity_stage_history (id, opportunity_id, from_stage, to_stage, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(t0 + Duration::minutes(i as i64))
        .execute(&app.db.pool)
        .await
        .unwrap();
        from = Some(to);
    }
    id
}

const FULL: &[&str] = &[
    "EVALUATION",
    "INITIATION",
    "REQUIREMENTS",
    "PROPOSAL",
    "NEGOTIATION",
    "CONTRACT",
    "WON",
];

/// rep01: A, B (EVALUATION), C (PROPOSAL), D (WON), E (LOST after
/// NEGOTIATION), F (REQUIREMENTS, having skipped INITIATION); rep03: G
/// (CONTRACT).
async fn seed_pipeline(app: &TestApp) {
    let c1 = customer(app, "rep01@example.com", "华东机械", Utc::now()).await;
    let c3 = customer(app, "rep03@example.com", "南方电气", Utc::now()).await;
    let r1 = "rep01@example.com";
    seed(
        app,
        r1,
        c1,
        &FULL[..1],
        "100000.00",
        None,
        Some("2026-01-15"),
    )
    .await; // A
    seed(
        app,
        r1,
        c1,
        &FULL[..1],
        "33333.33",
        Some(15),
        Some("2026-01-31"),
    )
    .await; // B
    seed(
        app,
        r1,
        c1,
        &FULL[..4],
        "250000.50",
        None,
        Some("2026-03-01"),
    )
    .await; // C
    seed(app, r1, c1, FULL, "80000.00", None, Some("2026-01-10")).await; // D
    let lost = [&FULL[..5], &["LOST"]].concat();
    seed(app, r1, c1, &lost, "50000.00", None, Some("2026-02-01")).await; // E
    seed(
        app,
        r1,
        c1,
        &["EVALUATION", "REQUIREMENTS"],
        "10000.00",
        None,
        None,
    )
    .await; // F
    seed(
        app,
        "rep03@example.com",
        c3,
        &FULL[..6],
        "999999.99",
        None,
        Some("2026-02-10"),
    )
    .await; // G
}

const SUMMARY: &str = "query($u: ID, $f: Date, $t: Date) { pipelineSummary(unitId: $u, from: $f, to: $t) {
  stages { stage count amount weightedAmount } conversions { fromStage toStage reached advanced rate } } }";

#[tokio::test]
async fn pip8_pipeline_summary_counts_amounts_weights_and_conversion() {
    let app = TestApp::spawn().await;
    seed_pipeline(&app).await;
    let rep = app.login("rep01@example.com").await;
    let r = app.gql(Some(&rep), SUMMARY, json!({})).await;
    assert_ok(&r);
    let s = &r["data"]["pipelineSummary"];
    // rep01 sees A–F only (ORG-3). By hand:
    // EVALUATION: A 100000.00 × 10% = 10000.00, B 33333.33 × 15% = 4999.9995
    //   → 2, 133333.33, 14999.9995
    // REQUIREMENTS: F 10000.00 × 30% = 3000.00
    // PROPOSAL: C 250000.50 × 50% = 125000.25
    // WON: D 80000.00 × 100%; LOST: E 50000.00 × 0%.
    assert_eq!(
        s["stages"],
        json!([
            {"stage": "EVALUATION", "count": 2, "amount": "133333.33", "weightedAmount": "14999.9995"},
            {"stage": "INITIATION", "count": 0, "amount": "0.00", "weightedAmount": "0.00"},
            {"stage": "REQUIREMENTS", "count": 1, "amount": "10000.00", "weightedAmount": "3000.00"},
            {"stage": "PROPOSAL", "count": 1, "amount": "250000.50", "weightedAmount": "125000.25"},
            {"stage": "NEGOTIATION", "count": 0, "amount": "0.00", "weightedAmount": "0.00"},
            {"stage": "CONTRACT", "count": 0, "amount": "0.00", "weightedAmount": "0.00"},
            {"stage": "WON", "count": 1, "amount": "80000.00", "weightedAmount": "80000.00"},
            {"stage": "LOST", "count": 1, "amount": "50000.00", "weightedAmount": "0.00"},
        ])
    );
    // Furthest stage reached (1 = EVALUATION … 7 = WON): A 1, B 1, C 4,
    // D 7, E 5 (LOST is off the line), F 3 (INITIATION skipped, still passed).
    // Reached ≥1: 6, ≥2: 4 (C D E F), ≥3: 4, ≥4: 3 (C D E), ≥5: 2 (D E),
    // ≥6: 1 (D), ≥7: 1 (D).
    assert_eq!(
        s["conversions"],
        json!([
            {"fromStage": "EVALUATION", "toStage": "INITIATION", "reached": 6, "advanced": 4, "rate": "0.6667"},
            {"fromStage": "INITIATION", "toStage": "REQUIREMENTS", "reached": 4, "advanced": 4, "rate": "1.0000"},
            {"fromStage": "REQUIREMENTS", "toStage": "PROPOSAL", "reached": 4, "advanced": 3, "rate": "0.7500"},
            {"fromStage": "PROPOSAL", "toStage": "NEGOTIATION", "reached": 3, "advanced": 2, "rate": "0.6667"},
            {"fromStage": "NEGOTIATION", "toStage": "CONTRACT", "reached": 2, "advanced": 1, "rate": "0.5000"},
            {"fromStage": "CONTRACT", "toStage": "WON", "reached": 1, "advanced": 1, "rate": "1.0000"},
        ])
    );

    // The director sees G too: CONTRACT 999999.99 × 90% = 899999.991.
    let dir = app.login("director@example.com").await;
    let r = app.gql(Some(&dir), SUMMARY, json!({})).await;
    let s = &r["data"]["pipelineSummary"];
    assert_eq!(
        s["stages"][5],
        json!({"stage": "CONTRACT", "count": 1, "amount": "999999.99", "weightedAmount": "899999.991"})
    );
    assert_eq!(s["conversions"][0]["reached"], 7);
    assert_eq!(s["conversions"][5]["reached"], 2);
    assert_eq!(s["conversions"][5]["rate"], "0.5000");
    // unitId: the south region's subtree holds only G.
    let south: Uuid = sqlx::query_scalar("SELECT id FROM org_units WHERE name = '华南区域销售部'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let r = app.gql(Some(&dir), SUMMARY, json!({"u": south})).await;
    let counts: Vec<i64> = r["data"]["pipelineSummary"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, [0, 0, 0, 0, 0, 1, 0, 0]);
    // from/to: created on those company days (all were seeded on 2026-01-05).
    let r = app
        .gql(
            Some(&dir),
            SUMMARY,
            json!({"f": "2026-01-06", "t": "2026-12-31"}),
        )
        .await;
    assert_eq!(r["data"]["pipelineSummary"]["conversions"][0]["reached"], 0);
    assert_eq!(
        r["data"]["pipelineSummary"]["conversions"][0]["rate"],
        Value::Null
    );
    let r = app
        .gql(
            Some(&dir),
            SUMMARY,
            json!({"f": "2026-01-05", "t": "2026-01-05"}),
        )
        .await;
    assert_eq!(r["data"]["pipelineSummary"]["conversions"][0]["reached"], 7);
    assert_code(
        &app.gql(
            Some(&dir),
            SUMMARY,
            json!({"f": "2026-02-01", "t": "2026-01-01"}),
        )
        .await,
        "VALIDATION",
    );
}

#[tokio::test]
async fn pip8_forecast_by_month_owner_and_unit() {
    let app = TestApp::spawn().await;
    seed_pipeline(&app).await;
    let q = "query($g: ForecastGroupBy!, $f: Date!, $t: Date!) { forecast(groupBy: $g, from: $f, to: $t) {
      month owner { id } unit { name } count amount weightedAmount } }";
    let rep = app.login("rep01@example.com").await;
    let r = app
        .gql(
            Some(&rep),
            q,
            json!({"g": "MONTH", "f": "2026-01-01", "t": "2026-03-31"}),
        )
        .await;
    assert_ok(&r);
    // Open ones only: A (Jan, 10000.00) + B (Jan, 4999.9995); C (Mar,
    // 125000.25). D is WON, E LOST, F has no date; G is rep03's.
    assert_eq!(
        r["data"]["forecast"],
        json!([
            {"month": "2026-01-01", "owner": null, "unit": null, "count": 2, "amount": "133333.33", "weightedAmount": "14999.9995"},
            {"month": "2026-02-01", "owner": null, "unit": null, "count": 0, "amount": "0.00", "weightedAmount": "0.00"},
            {"month": "2026-03-01", "owner": null, "unit": null, "count": 1, "amount": "250000.50", "weightedAmount": "125000.25"},
        ])
    );
    // Bounds are inclusive days: 2026-01-16..2026-03-01 drops A, keeps B and C.
    let r = app
        .gql(
            Some(&rep),
            q,
            json!({"g": "MONTH", "f": "2026-01-16", "t": "2026-03-01"}),
        )
        .await;
    assert_eq!(r["data"]["forecast"][0]["weightedAmount"], "4999.9995");
    assert_eq!(r["data"]["forecast"][2]["count"], 1);

    let dir = app.login("director@example.com").await;
    let r3 = app.user_id("rep03@example.com").await;
    let r1 = app.user_id("rep01@example.com").await;
    let r = app
        .gql(
            Some(&dir),
            q,
            json!({"g": "OWNER", "f": "2026-01-01", "t": "2026-03-31"}),
        )
        .await;
    // rep03: G 999999.99 × 90% = 899999.991; rep01: 14999.9995 + 125000.25 = 140000.2495.
    let rows = &r["data"]["forecast"];
    assert_eq!(rows[0]["owner"]["id"], r3);
    assert_eq!(rows[0]["weightedAmount"], "899999.991");
    assert_eq!(rows[1]["owner"]["id"], r1);
    assert_eq!(
        (
            rows[1]["count"].as_i64(),
            rows[1]["weightedAmount"].as_str()
        ),
        (Some(3), Some("140000.2495"))
    );
    let r = app
        .gql(
            Some(&dir),
            q,
            json!({"g": "UNIT", "f": "2026-01-01", "t": "2026-03-31"}),
        )
        .await;
    let units: Vec<(&str, &str)> = r["data"]["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit"]["name"].as_str().unwrap(),
                u["weightedAmount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [("广州一组", "899999.991"), ("上海一组", "140000.2495")]
    );
    assert_code(
        &app.gql(
            Some(&dir),
            q,
            json!({"g": "MONTH", "f": "2026-03-01", "t": "2026-01-01"}),
        )
        .await,
        "VALIDATION",
    );
    assert_code(
        &app.gql(
            Some(&dir),
            q,
            json!({"g": "MONTH", "f": "2020-01-01", "t": "2030-01-01"}),
        )
        .await,
        "VALIDATION",
    );
}

#[tokio::test]
async fn cus4_an_open_opportunity_keeps_an_idle_customer_out_of_the_pool() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let now = Utc::now();
    let long_ago = now - Duration::days(200);
    let busy = customer(&app, "rep01@example.com", "有商机", long_ago).await;
    let idle = customer(&app, "rep01@example.com", "无商机", long_ago).await;
    let closed = customer(&app, "rep01@example.com", "商机已输", long_ago).await;
    create(&app, &rep, busy, "在谈", "1000.00").await;
    let o = create(&app, &rep, closed, "已输", "1000.00").await;
    let r = app
        .gql(
            Some(&rep),
            "mutation($id: ID!) { markOpportunityLost(id: $id, reason: \"预算取消\", version: 1) { id } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_ok(&r);
    // Warned a week ago, reclaimed now — except the one with an open opportunity.
    run_scan(
        &app.db.pool,
        ScanKind::Pool,
        now - Duration::days(8),
        ScanOptions::default(),
    )
    .await
    .expect("scan");
    let report = run_scan(&app.db.pool, ScanKind::Pool, now, ScanOptions::default())
        .await
        .expect("scan");
    assert_eq!(report.reclaimed, 2, "{report:?}");
    let owned = |id: Uuid| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, Option<Uuid>>("SELECT owner_id FROM customers WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
                .is_some()
        }
    };
    assert!(owned(busy).await, "an open opportunity keeps the customer");
    assert!(!owned(idle).await);
    assert!(!owned(closed).await, "a LOST opportunity does not");
}

/// PIP-8: the furthest stage kept on the row (migration 0016) follows the
/// stage history — forward moves raise it, a manager's move back and a loss
/// leave it — and many history rows inserted at once (the demo generator)
/// are folded in one statement.
#[tokio::test]
async fn pip8_furthest_stage_follows_the_history() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = customer(&app, "rep01@example.com", "华东精密", Utc::now()).await;
    let o = create(&app, &rep, c, "三号线改造", "10000").await;
    let id: Uuid = o["id"].as_str().unwrap().parse().unwrap();
    let furthest = || async {
        sqlx::query_scalar::<_, i16>("SELECT furthest_stage FROM opportunities WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(furthest().await, 1);
    history(&app, id, &["INITIATION", "REQUIREMENTS", "PROPOSAL"]).await;
    assert_eq!(furthest().await, 4);
    history(&app, id, &["REQUIREMENTS"]).await;
    assert_eq!(furthest().await, 4, "a move back keeps the furthest stage");
    history(&app, id, &["LOST"]).await;
    assert_eq!(furthest().await, 4, "LOST is off the line");
}

/// Inserts stage history rows of `id` in one statement.
async fn history(app: &TestApp, id: Uuid, stages: &[&str]) {
    sqlx::query(
        "INSERT INTO opportunity_stage_history (id, opportunity_id, from_stage, to_stage, at)
         SELECT gen_random_uuid(), $1, NULL, t, now() FROM unnest($2::text[]) AS t",
    )
    .bind(id)
    .bind(stages)
    .execute(&app.db.pool)
    .await
    .unwrap();
}
