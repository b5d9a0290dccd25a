//! PIP-7: negotiation records, competitor notes (and the competitor
//! summary), tenders with submission before the deadline and a final
//! result; their ORG-3 scope, the project team's rights and the audit log.

use chrono::{Duration, Utc};
use salesd_domain::org::{Actor, Role};
use salesd_domain::pipeline::negotiations::audit_visible;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::{create, customer};

const NEGOTIATION: &str = "id occurredOn price paymentMethod deliveryTerms afterSalesTerms notes
  participants recordedBy { id }";
const COMPETITOR: &str = "id name strengths weaknesses estimatedPrice threatLevel note version";
const TENDER: &str =
    "id tenderNo title issuingParty deadline documents { name reference } bidAmount
  submitted submittedAt submittedBy { id } result resultNote winningCompetitor winningPrice
  resultBy { id } version";

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

fn uuid_of(v: &Value) -> uuid::Uuid {
    v.as_str().unwrap().parse().unwrap()
}

async fn count(app: &TestApp, sql: &'static str, id: &Value) -> i64 {
    sqlx::query_scalar(sql)
        .bind(uuid_of(id))
        .fetch_one(&app.db.pool)
        .await
        .expect(sql)
}

async fn audits(app: &TestApp, entity: &str, action: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE entity = $1 AND action = $2")
        .bind(entity)
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .expect("audit count")
}

/// A customer of rep01 and an opportunity of `rep` on it.
async fn opportunity(app: &TestApp, rep: &str) -> Value {
    let c = customer(app, "rep01@example.com", "华东重工", Utc::now()).await;
    create(app, rep, c, "三期自动化产线", "800000.00").await
}

/// Puts `email` on the project team of `o` (as its owner `owner`).
async fn add_to_team(app: &TestApp, owner: &str, o: &Value, email: &str) {
    let user = app.user_id(email).await;
    let r = app
        .gql(
            Some(owner),
            "mutation($o: ID!, $u: ID!) { setOpportunityTeamMember(opportunityId: $o, userId: $u, role: SALES_REP) { role } }",
            json!({"o": o["id"], "u": user}),
        )
        .await;
    assert_ok(&r);
}

/// Marks `o` LOST to `competitor` as `token`.
async fn lose(app: &TestApp, token: &str, o: &Value, competitor: &str) {
    let v = app
        .gql(
            Some(token),
            "query($id: ID!) { opportunity(id: $id) { version } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_ok(&v);
    let r = app
        .gql(
            Some(token),
            "mutation($id: ID!, $v: Int!, $c: String) {
               markOpportunityLost(id: $id, reason: \"价格\", competitor: $c, version: $v) { stage } }",
            json!({"id": o["id"], "v": v["data"]["opportunity"]["version"], "c": competitor}),
        )
        .await;
    assert_ok(&r);
}

async fn negotiate(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: RecordNegotiationInput!) {{ recordNegotiation(input: $i) {{ {NEGOTIATION} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

async fn add_competitor(app: &TestApp, token: &str, o: &Value, input: Value) -> Value {
    let q = format!(
        "mutation($o: ID!, $i: CompetitorInput!) {{ addCompetitor(opportunityId: $o, input: $i) {{ {COMPETITOR} }} }}"
    );
    app.gql(Some(token), &q, json!({"o": o["id"], "i": input}))
        .await
}

async fn update_competitor(app: &TestApp, token: &str, c: &Value, v: i64, input: Value) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!, $i: CompetitorInput!) {{ updateCompetitor(id: $id, version: $v, input: $i) {{ {COMPETITOR} }} }}"
    );
    app.gql(Some(token), &q, json!({"id": c["id"], "v": v, "i": input}))
        .await
}

async fn remove_competitor(app: &TestApp, token: &str, c: &Value, v: i64) -> Value {
    app.gql(
        Some(token),
        "mutation($id: ID!, $v: Int!) { removeCompetitor(id: $id, version: $v) }",
        json!({"id": c["id"], "v": v}),
    )
    .await
}

async fn list(app: &TestApp, token: &str, what: &str, fields: &str, o: &Value) -> Value {
    let q = format!("query($o: ID!) {{ {what}(opportunityId: $o) {{ {fields} }} }}");
    app.gql(Some(token), &q, json!({"o": o["id"]})).await
}

async fn create_tender(app: &TestApp, token: &str, o: &Value, input: Value) -> Value {
    let q = format!(
        "mutation($o: ID!, $i: TenderInput!) {{ createTender(opportunityId: $o, input: $i) {{ {TENDER} }} }}"
    );
    app.gql(Some(token), &q, json!({"o": o["id"], "i": input}))
        .await
}

async fn update_tender(app: &TestApp, token: &str, t: &Value, v: i64, input: Value) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!, $i: TenderInput!) {{ updateTender(id: $id, version: $v, input: $i) {{ {TENDER} }} }}"
    );
    app.gql(Some(token), &q, json!({"id": t["id"], "v": v, "i": input}))
        .await
}

async fn submit_tender(app: &TestApp, token: &str, t: &Value, v: i64) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!) {{ submitTender(id: $id, version: $v) {{ {TENDER} }} }}"
    );
    app.gql(Some(token), &q, json!({"id": t["id"], "v": v}))
        .await
}

async fn tender_result(app: &TestApp, token: &str, t: &Value, v: i64, args: Value) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!, $r: TenderResult!, $n: String, $w: String, $p: Decimal) {{
           recordTenderResult(id: $id, version: $v, result: $r, note: $n, winningCompetitor: $w, winningPrice: $p) {{ {TENDER} }} }}"
    );
    let mut vars = args;
    vars["id"] = t["id"].clone();
    vars["v"] = json!(v);
    app.gql(Some(token), &q, vars).await
}

/// The tender as stored, read by `token`.
async fn tender(app: &TestApp, token: &str, t: &Value) -> Value {
    let q = format!("query($id: ID!) {{ tender(id: $id) {{ {TENDER} }} }}");
    let r = app.gql(Some(token), &q, json!({"id": t["id"]})).await;
    assert_ok(&r);
    r["data"]["tender"].clone()
}

fn stranger(id: String) -> Actor {
    Actor {
        user_id: Some(id.parse().unwrap()),
        label: "rep02".into(),
        roles: vec![Role::SalesRep],
        subtree: Vec::new(),
        read_only: false,
        token_units: None,
    }
}

#[tokio::test]
async fn pip7_negotiation_records_scope_team_and_bad_input() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let o = opportunity(&app, &rep).await;
    let today = Utc::now().date_naive();
    let input = json!({"opportunityId": o["id"], "occurredOn": (today - Duration::days(2)).to_string(),
        "price": "760000.00", "paymentMethod": "30% 预付，70% 验收后 60 天",
        "deliveryTerms": "签约后 90 天交货，含安装", "afterSalesTerms": "两年质保，4 小时响应",
        "notes": "客户要求再降 3%", "participants": [" 王经理（采购） ", "张三", "", "张三"]});
    let r = negotiate(&app, &rep, input.clone()).await;
    assert_ok(&r);
    let n = &r["data"]["recordNegotiation"];
    assert_eq!(n["price"], "760000.00");
    assert_eq!(n["participants"], json!(["王经理（采购）", "张三"]));
    assert_eq!(
        n["recordedBy"]["id"],
        app.user_id("rep01@example.com").await
    );

    // A later one, with only the price: listed first.
    let later =
        json!({"opportunityId": o["id"], "occurredOn": today.to_string(), "price": "740000"});
    assert_ok(&negotiate(&app, &rep, later).await);

    // Bad input: nothing is written.
    let mut bad = Vec::new();
    for (key, value, f) in [
        ("price", json!("-0.01"), Some("price")),
        ("price", json!("1.001"), Some("price")),
        (
            "paymentMethod",
            json!("付".repeat(501)),
            Some("paymentMethod"),
        ),
        (
            "deliveryTerms",
            json!("x".repeat(2001)),
            Some("deliveryTerms"),
        ),
        (
            "afterSalesTerms",
            json!("x".repeat(2001)),
            Some("afterSalesTerms"),
        ),
        ("notes", json!("x".repeat(5001)), Some("notes")),
        (
            "participants",
            json!(["名".repeat(101)]),
            Some("participants"),
        ),
        (
            "occurredOn",
            json!((today + Duration::days(2)).to_string()),
            Some("occurredOn"),
        ),
        ("opportunityId", json!("nope"), Some("opportunityId")),
    ] {
        let mut i = input.clone();
        i[key] = value;
        bad.push((i, "VALIDATION", f));
    }
    // Nothing said at all; a missing required date.
    bad.push((
        json!({"opportunityId": o["id"], "occurredOn": today.to_string(), "notes": "  "}),
        "VALIDATION",
        Some("notes"),
    ));
    bad.push((
        json!({"opportunityId": o["id"], "notes": "x"}),
        "VALIDATION",
        None,
    ));
    let mut missing = input.clone();
    missing["opportunityId"] = json!(uuid::Uuid::now_v7());
    bad.push((missing, "NOT_FOUND", None));
    for (i, code, f) in bad {
        let r = negotiate(&app, &rep, i.clone()).await;
        assert_code(&r, code);
        assert_eq!(field(&r), f, "{r}");
    }

    // ORG-3: another team's rep sees nothing.
    let rep02 = app.login("rep02@example.com").await;
    assert_code(&negotiate(&app, &rep02, input.clone()).await, "NOT_FOUND");
    assert_code(
        &list(&app, &rep02, "negotiations", "id", &o).await,
        "NOT_FOUND",
    );
    // A project team member (another region) records what they negotiated.
    add_to_team(&app, &rep, &o, "rep03@example.com").await;
    let rep03 = app.login("rep03@example.com").await;
    let mut theirs = input.clone();
    theirs["occurredOn"] = json!((today - Duration::days(5)).to_string());
    assert_ok(&negotiate(&app, &rep03, theirs).await);

    let l = list(&app, &rep03, "negotiations", "price occurredOn", &o).await;
    assert_ok(&l);
    let prices: Vec<&str> = l["data"]["negotiations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["price"].as_str().unwrap())
        .collect();
    assert_eq!(prices, ["740000.00", "760000.00", "760000.00"]);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM opportunity_negotiations WHERE opportunity_id = $1",
            &o["id"]
        )
        .await,
        3
    );
    assert_eq!(audits(&app, "NEGOTIATION", "CREATE").await, 3);

    // A closed opportunity takes no more records.
    lose(&app, &rep, &o, "西门子").await;
    assert_code(&negotiate(&app, &rep, input).await, "CONFLICT");
    assert_eq!(audits(&app, "NEGOTIATION", "CREATE").await, 3);

    // ORG-4: the trail is as visible as the opportunity.
    let id = uuid_of(&n["id"]);
    let pool = &app.db.pool;
    let system = Actor::system("test");
    assert!(
        audit_visible(pool, &system, "NEGOTIATION", id)
            .await
            .unwrap()
    );
    let other = stranger(app.user_id("rep02@example.com").await);
    assert!(
        !audit_visible(pool, &other, "NEGOTIATION", id)
            .await
            .unwrap()
    );
    assert!(!audit_visible(pool, &system, "TENDER", id).await.unwrap());
    assert!(!audit_visible(pool, &system, "QUOTE", id).await.unwrap());
}

#[tokio::test]
async fn pip7_competitor_notes_add_update_remove_and_summary() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let o = opportunity(&app, &rep).await;
    let siemens = json!({"name": "西门子", "strengths": "品牌、交付快", "weaknesses": "价格高",
        "estimatedPrice": "950000.00", "threatLevel": "HIGH", "note": "与设计院关系好"});
    let r = add_competitor(&app, &rep, &o, siemens.clone()).await;
    assert_ok(&r);
    let c = r["data"]["addCompetitor"].clone();
    assert_eq!(
        (c["version"].as_i64(), c["estimatedPrice"].as_str()),
        (Some(1), Some("950000.00"))
    );
    let r = add_competitor(&app, &rep, &o, json!({"name": "ABB", "threatLevel": "LOW"})).await;
    assert_ok(&r);
    let abb = r["data"]["addCompetitor"].clone();

    // One live note per name, case-insensitively.
    let r = add_competitor(
        &app,
        &rep,
        &o,
        json!({"name": " abb ", "threatLevel": "MEDIUM"}),
    )
    .await;
    assert_code(&r, "CONFLICT");
    // Bad input.
    for (key, value, f) in [
        ("name", json!("  "), "name"),
        ("name", json!("名".repeat(201)), "name"),
        ("strengths", json!("x".repeat(2001)), "strengths"),
        ("weaknesses", json!("x".repeat(2001)), "weaknesses"),
        ("estimatedPrice", json!("-5"), "estimatedPrice"),
        ("note", json!("x".repeat(5001)), "note"),
    ] {
        let mut i = siemens.clone();
        i["name"] = json!("施耐德");
        i[key] = value;
        let r = add_competitor(&app, &rep, &o, i).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(f), "{r}");
    }
    let live = "SELECT count(*) FROM opportunity_competitors WHERE opportunity_id = $1 AND removed_at IS NULL";
    assert_eq!(count(&app, live, &o["id"]).await, 2);

    // The most threatening first.
    let l = list(&app, &rep, "competitors", "name threatLevel", &o).await;
    assert_eq!(
        l["data"]["competitors"],
        json!([{"name": "西门子", "threatLevel": "HIGH"}, {"name": "ABB", "threatLevel": "LOW"}])
    );

    // Update at the version; a stale one changes nothing; renaming onto another note conflicts.
    let mut changed = siemens.clone();
    changed["estimatedPrice"] = json!("900000.00");
    changed["threatLevel"] = json!("MEDIUM");
    let r = update_competitor(&app, &rep, &c, 1, changed.clone()).await;
    assert_ok(&r);
    assert_eq!(
        (
            r["data"]["updateCompetitor"]["version"].as_i64(),
            r["data"]["updateCompetitor"]["threatLevel"].as_str()
        ),
        (Some(2), Some("MEDIUM"))
    );
    let mut again = changed.clone();
    again["note"] = json!("不该写入");
    assert_code(
        &update_competitor(&app, &rep, &c, 1, again).await,
        "CONFLICT",
    );
    let mut renamed = changed.clone();
    renamed["name"] = json!("abb");
    assert_code(
        &update_competitor(&app, &rep, &c, 2, renamed).await,
        "CONFLICT",
    );
    let mut too_long = changed.clone();
    too_long["weaknesses"] = json!("x".repeat(2001));
    let r = update_competitor(&app, &rep, &c, 2, too_long).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("weaknesses"));
    let stored: (String, i32) =
        sqlx::query_as("SELECT note, row_version FROM opportunity_competitors WHERE id = $1")
            .bind(uuid_of(&c["id"]))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, ("与设计院关系好".to_owned(), 2));

    // ORG-3: another team's rep sees nothing; a team member may write notes.
    let rep02 = app.login("rep02@example.com").await;
    assert_code(
        &add_competitor(&app, &rep02, &o, siemens.clone()).await,
        "NOT_FOUND",
    );
    assert_code(
        &update_competitor(&app, &rep02, &c, 2, changed.clone()).await,
        "NOT_FOUND",
    );
    assert_code(&remove_competitor(&app, &rep02, &c, 2).await, "NOT_FOUND");
    assert_code(
        &list(&app, &rep02, "competitors", "id", &o).await,
        "NOT_FOUND",
    );
    add_to_team(&app, &rep, &o, "rep03@example.com").await;
    let rep03 = app.login("rep03@example.com").await;
    let r = add_competitor(
        &app,
        &rep03,
        &o,
        json!({"name": "汇川", "threatLevel": "MEDIUM", "estimatedPrice": "0"}),
    )
    .await;
    assert_ok(&r);

    // Remove at the version: no longer listed, the name is free again.
    assert_code(&remove_competitor(&app, &rep, &abb, 2).await, "CONFLICT");
    let r = remove_competitor(&app, &rep, &abb, 1).await;
    assert_ok(&r);
    assert_eq!(r["data"]["removeCompetitor"], true);
    assert_code(&remove_competitor(&app, &rep, &abb, 2).await, "NOT_FOUND");
    assert_code(
        &update_competitor(
            &app,
            &rep,
            &abb,
            2,
            json!({"name": "ABB", "threatLevel": "LOW"}),
        )
        .await,
        "NOT_FOUND",
    );
    let l = list(&app, &rep, "competitors", "name", &o).await;
    assert_eq!(
        l["data"]["competitors"],
        json!([{"name": "汇川"}, {"name": "西门子"}])
    );
    assert_ok(
        &add_competitor(
            &app,
            &rep,
            &o,
            json!({"name": "ABB", "threatLevel": "HIGH"}),
        )
        .await,
    );

    for (action, n) in [("CREATE", 4), ("UPDATE", 1), ("REMOVE", 1)] {
        assert_eq!(audits(&app, "COMPETITOR", action).await, n, "{action}");
    }
    // ORG-4: a removed note's trail stays readable with its opportunity.
    let pool = &app.db.pool;
    let system = Actor::system("test");
    let removed = uuid_of(&abb["id"]);
    assert!(
        audit_visible(pool, &system, "COMPETITOR", removed)
            .await
            .unwrap()
    );
    let other = stranger(app.user_id("rep02@example.com").await);
    assert!(
        !audit_visible(pool, &other, "COMPETITOR", removed)
            .await
            .unwrap()
    );

    // The summary: lost deals naming a competitor count, within the caller's scope.
    let o2 = opportunity(&app, &rep).await;
    assert_ok(
        &add_competitor(
            &app,
            &rep,
            &o2,
            json!({"name": "西门子", "threatLevel": "HIGH"}),
        )
        .await,
    );
    lose(&app, &rep, &o2, " 西门子 ").await;
    let summary =
        "query { competitorSummary(limit: 3) { name opportunities highThreat lostDeals } }";
    let s = app.gql(Some(&rep), summary, json!({})).await;
    assert_ok(&s);
    assert_eq!(
        s["data"]["competitorSummary"],
        json!([
            {"name": "西门子", "opportunities": 2, "highThreat": 1, "lostDeals": 1},
            {"name": "ABB", "opportunities": 1, "highThreat": 1, "lostDeals": 0},
            {"name": "汇川", "opportunities": 1, "highThreat": 0, "lostDeals": 0},
        ])
    );
    let s = app.gql(Some(&rep02), summary, json!({})).await;
    assert_eq!(s["data"]["competitorSummary"], json!([]));
    let r = app
        .gql(
            Some(&rep),
            "query { competitorSummary(limit: 0) { name } }",
            json!({}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("limit"));
    // Closed: no more notes.
    assert_code(
        &add_competitor(
            &app,
            &rep,
            &o2,
            json!({"name": "ABB", "threatLevel": "LOW"}),
        )
        .await,
        "CONFLICT",
    );
}

fn tender_input(deadline: chrono::DateTime<Utc>, bid: Option<&str>) -> Value {
    json!({"tenderNo": "ZB-2026-0117", "title": "三期自动化产线设备采购", "issuingParty": "华东重工招标办",
        "deadline": deadline.to_rfc3339(),
        "documents": [{"name": "商务标", "reference": "https://dms.example.com/d/881"},
                      {"name": "技术标", "reference": "DMS-2026-0042"}],
        "bidAmount": bid})
}

#[tokio::test]
async fn pip7_tender_prepare_submit_and_final_result() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let o = opportunity(&app, &rep).await;
    let deadline = Utc::now() + Duration::days(7);
    let r = create_tender(&app, &rep, &o, tender_input(deadline, None)).await;
    assert_ok(&r);
    let t = r["data"]["createTender"].clone();
    assert_eq!(
        (
            t["result"].as_str(),
            t["submitted"].as_bool(),
            t["version"].as_i64()
        ),
        (Some("PENDING"), Some(false), Some(1))
    );
    assert_eq!(t["documents"][1]["reference"], "DMS-2026-0042");

    // Submitting needs a bid amount; a result needs a submission.
    let r = submit_tender(&app, &rep, &t, 1).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("bidAmount"));
    assert_code(
        &tender_result(&app, &rep, &t, 1, json!({"r": "WON"})).await,
        "CONFLICT",
    );
    assert_eq!(tender(&app, &rep, &t).await["version"], 1);

    // ORG-3: a team member reads but does not write tenders; another team sees nothing.
    add_to_team(&app, &rep, &o, "rep03@example.com").await;
    let rep03 = app.login("rep03@example.com").await;
    assert_eq!(tender(&app, &rep03, &t).await["id"], t["id"]);
    let priced = tender_input(deadline, Some("780000.00"));
    assert_code(
        &update_tender(&app, &rep03, &t, 1, priced.clone()).await,
        "FORBIDDEN",
    );
    assert_code(&submit_tender(&app, &rep03, &t, 1).await, "FORBIDDEN");
    assert_code(
        &create_tender(&app, &rep03, &o, priced.clone()).await,
        "FORBIDDEN",
    );
    let rep02 = app.login("rep02@example.com").await;
    for r in [
        app.gql(
            Some(&rep02),
            "query($id: ID!) { tender(id: $id) { id } }",
            json!({"id": t["id"]}),
        )
        .await,
        list(&app, &rep02, "tenders", "id", &o).await,
        update_tender(&app, &rep02, &t, 1, priced.clone()).await,
        submit_tender(&app, &rep02, &t, 1).await,
        create_tender(&app, &rep02, &o, priced.clone()).await,
    ] {
        assert_code(&r, "NOT_FOUND");
    }

    // The owner prices it; a stale version conflicts.
    let r = update_tender(&app, &rep, &t, 1, priced.clone()).await;
    assert_ok(&r);
    assert_eq!(
        (
            r["data"]["updateTender"]["bidAmount"].as_str(),
            r["data"]["updateTender"]["version"].as_i64()
        ),
        (Some("780000.00"), Some(2))
    );
    assert_code(
        &update_tender(&app, &rep, &t, 1, tender_input(deadline, Some("1"))).await,
        "CONFLICT",
    );
    assert_code(&submit_tender(&app, &rep, &t, 1).await, "CONFLICT");

    let r = submit_tender(&app, &rep, &t, 2).await;
    assert_ok(&r);
    let s = &r["data"]["submitTender"];
    assert_eq!(
        (s["submitted"].as_bool(), s["version"].as_i64()),
        (Some(true), Some(3))
    );
    assert_eq!(
        s["submittedBy"]["id"],
        app.user_id("rep01@example.com").await
    );
    // Submitted: no more edits, no second submission.
    assert_code(
        &update_tender(&app, &rep, &t, 3, priced.clone()).await,
        "CONFLICT",
    );
    assert_code(&submit_tender(&app, &rep, &t, 3).await, "CONFLICT");

    // The result: a real one, winner details only for LOST.
    for (args, f) in [
        (json!({"r": "PENDING"}), "result"),
        (json!({"r": "WON", "w": "西门子"}), "winningCompetitor"),
        (json!({"r": "CANCELLED", "p": "1.00"}), "winningPrice"),
        (json!({"r": "LOST", "p": "-1"}), "winningPrice"),
        (
            json!({"r": "LOST", "w": "名".repeat(201)}),
            "winningCompetitor",
        ),
        (json!({"r": "LOST", "n": "x".repeat(2001)}), "note"),
    ] {
        let r = tender_result(&app, &rep, &t, 3, args).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(f), "{r}");
    }
    assert_code(
        &tender_result(&app, &rep03, &t, 3, json!({"r": "LOST"})).await,
        "FORBIDDEN",
    );
    assert_code(
        &tender_result(&app, &rep, &t, 2, json!({"r": "LOST"})).await,
        "CONFLICT",
    );
    assert_eq!(tender(&app, &rep, &t).await["result"], "PENDING");

    let r = tender_result(
        &app,
        &rep,
        &t,
        3,
        json!({"r": "LOST", "n": "技术分第二", "w": "西门子", "p": "745000.00"}),
    )
    .await;
    assert_ok(&r);
    let done = &r["data"]["recordTenderResult"];
    assert_eq!(
        (
            done["result"].as_str(),
            done["winningCompetitor"].as_str(),
            done["winningPrice"].as_str(),
            done["version"].as_i64()
        ),
        (Some("LOST"), Some("西门子"), Some("745000.00"), Some(4))
    );
    // Final: a second result conflicts and changes nothing.
    assert_code(
        &tender_result(&app, &rep, &t, 4, json!({"r": "WON"})).await,
        "CONFLICT",
    );
    let stored = tender(&app, &rep, &t).await;
    assert_eq!(
        (stored["result"].as_str(), stored["version"].as_i64()),
        (Some("LOST"), Some(4))
    );
    for (action, n) in [("CREATE", 1), ("UPDATE", 1), ("SUBMIT", 1), ("RESULT", 1)] {
        assert_eq!(audits(&app, "TENDER", action).await, n, "{action}");
    }
    let l = list(&app, &rep03, "tenders", "id result", &o).await;
    assert_eq!(
        l["data"]["tenders"],
        json!([{"id": t["id"], "result": "LOST"}])
    );

    // ORG-4.
    let pool = &app.db.pool;
    let id = uuid_of(&t["id"]);
    assert!(
        audit_visible(pool, &Actor::system("test"), "TENDER", id)
            .await
            .unwrap()
    );
    let other = stranger(app.user_id("rep02@example.com").await);
    assert!(!audit_visible(pool, &other, "TENDER", id).await.unwrap());
}

#[tokio::test]
async fn pip7_tender_deadline_and_bad_input() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let o = opportunity(&app, &rep).await;
    let deadline = Utc::now() + Duration::days(3);
    let all = "SELECT count(*) FROM tenders WHERE opportunity_id = $1";

    for (key, value, f) in [
        (
            "deadline",
            json!((Utc::now() - Duration::minutes(1)).to_rfc3339()),
            Some("deadline"),
        ),
        ("bidAmount", json!("-100.00"), Some("bidAmount")),
        ("bidAmount", json!("1.005"), Some("bidAmount")),
        ("title", json!("  "), Some("title")),
        ("title", json!("标".repeat(201)), Some("title")),
        ("issuingParty", json!(""), Some("issuingParty")),
        ("tenderNo", json!("x".repeat(101)), Some("tenderNo")),
        (
            "documents",
            json!([{"name": " ", "reference": "x"}]),
            Some("documents.0.name"),
        ),
        (
            "documents",
            json!([{"name": "a", "reference": "x".repeat(1001)}]),
            Some("documents.0.reference"),
        ),
        (
            "documents",
            json!(vec![json!({"name": "a", "reference": "b"}); 51]),
            Some("documents"),
        ),
    ] {
        let mut i = tender_input(deadline, Some("500000"));
        i[key] = value;
        let r = create_tender(&app, &rep, &o, i).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), f, "{r}");
    }
    // A missing required field.
    let mut i = tender_input(deadline, None);
    i.as_object_mut().unwrap().remove("issuingParty");
    assert_code(&create_tender(&app, &rep, &o, i).await, "VALIDATION");
    assert_eq!(count(&app, all, &o["id"]).await, 0);
    assert_eq!(audits(&app, "TENDER", "CREATE").await, 0);

    // The deadline passes before submission: CONFLICT, nothing changes.
    let r = create_tender(&app, &rep, &o, tender_input(deadline, Some("500000"))).await;
    assert_ok(&r);
    let t = r["data"]["createTender"].clone();
    sqlx::query("UPDATE tenders SET deadline = now() - interval '1 minute' WHERE id = $1")
        .bind(uuid_of(&t["id"]))
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = submit_tender(&app, &rep, &t, 1).await;
    assert_code(&r, "CONFLICT");
    let stored = tender(&app, &rep, &t).await;
    assert_eq!(
        (stored["submitted"].as_bool(), stored["version"].as_i64()),
        (Some(false), Some(1))
    );
    let passed: chrono::DateTime<Utc> = stored["deadline"].as_str().unwrap().parse().unwrap();
    // Moving the deadline into the past is refused; the issuer extending it is not.
    let r = update_tender(
        &app,
        &rep,
        &t,
        1,
        tender_input(Utc::now() - Duration::hours(1), Some("500000")),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("deadline"));
    // Editing other fields keeps a passed deadline as it is.
    let r = update_tender(&app, &rep, &t, 1, tender_input(passed, Some("490000"))).await;
    assert_ok(&r);
    assert_code(&submit_tender(&app, &rep, &t, 2).await, "CONFLICT");
    let r = update_tender(
        &app,
        &rep,
        &t,
        2,
        tender_input(Utc::now() + Duration::days(2), Some("490000")),
    )
    .await;
    assert_ok(&r);
    let r = submit_tender(&app, &rep, &t, 3).await;
    assert_ok(&r);

    // WON records our bid as the winning price.
    let r = tender_result(
        &app,
        &rep,
        &t,
        4,
        json!({"r": "WON", "n": "中标通知书已到"}),
    )
    .await;
    assert_ok(&r);
    assert_eq!(r["data"]["recordTenderResult"]["winningPrice"], "490000.00");

    // A closed opportunity: no new tender or submission, but the award of
    // a submitted tender may still be recorded.
    let r = create_tender(&app, &rep, &o, tender_input(deadline, Some("1"))).await;
    assert_ok(&r);
    let second = r["data"]["createTender"].clone();
    assert_ok(&submit_tender(&app, &rep, &second, 1).await);
    let r = create_tender(&app, &rep, &o, tender_input(deadline, Some("1"))).await;
    assert_ok(&r);
    let third = r["data"]["createTender"].clone();
    lose(&app, &rep, &o, "西门子").await;
    assert_code(
        &create_tender(&app, &rep, &o, tender_input(deadline, None)).await,
        "CONFLICT",
    );
    assert_code(&submit_tender(&app, &rep, &third, 1).await, "CONFLICT");
    assert_code(
        &update_tender(&app, &rep, &third, 1, tender_input(deadline, Some("2"))).await,
        "CONFLICT",
    );
    assert_ok(&tender_result(&app, &rep, &second, 2, json!({"r": "CANCELLED"})).await);
    assert_eq!(count(&app, all, &o["id"]).await, 3);
}
