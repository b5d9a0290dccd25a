//! PIP-1 leads: scoring explained per factor, weights edited and applied,
//! qualification into customer + opportunity (with CUS-2), disqualification,
//! ORG-3 on leads, and bad input that changes nothing.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use super::customers::{self, code};
use crate::common::{TestApp, assert_code, assert_ok};

const LEAD_FIELDS: &str = "id version status score companyName budget sizeClass source disqualifyReason
  scoreFactors { factor weight value points reason } owner { id } customer { id name } opportunityId";

fn create_q() -> String {
    format!("mutation($i: CreateLeadInput!) {{ createLead(input: $i) {{ {LEAD_FIELDS} }} }}")
}

const QUALIFY: &str = "mutation($id: ID!, $v: Int!, $c: LeadCustomerInput, $e: ID, $o: LeadOpportunityInput!) {
  qualifyLead(id: $id, version: $v, customer: $c, existingCustomerId: $e, opportunity: $o) {
    lead { id status version customer { id } opportunityId } customer { id name owner { id } } opportunityId } }";

const DISQUALIFY: &str = "mutation($id: ID!, $r: String!, $v: Int!) {
  disqualifyLead(id: $id, reason: $r, version: $v) { id status version disqualifyReason } }";

const SETTING: &str = "mutation($v: JSON!, $ver: Int!) {
  updateCompanySetting(key: \"lead_scoring\", value: $v, version: $ver) { key value version } }";

async fn create_lead(app: &TestApp, token: &str, input: Value) -> Value {
    let r = app.gql(Some(token), &create_q(), json!({"i": input})).await;
    assert_ok(&r);
    r["data"]["createLead"].clone()
}

async fn lead(app: &TestApp, token: &str, id: &Value) -> Value {
    let r = app
        .gql(
            Some(token),
            &format!("query($id: ID!) {{ lead(id: $id) {{ {LEAD_FIELDS} }} }}"),
            json!({"id": id}),
        )
        .await;
    r["data"]["lead"].clone()
}

fn factor<'a>(l: &'a Value, name: &str) -> &'a Value {
    l["scoreFactors"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["factor"] == name))
        .unwrap_or_else(|| panic!("no factor {name} in {l}"))
}

/// A date `days` from today in the company's time zone, as `YYYY-MM-DD`.
fn in_days(days: i64) -> String {
    let today = salesd_domain::clock::company_date(Utc::now());
    (today + Duration::days(days)).to_string()
}

async fn setting_version(app: &TestApp) -> i64 {
    app.count("SELECT version::bigint FROM company_settings WHERE key = 'lead_scoring'")
        .await
}

/// Sets the targets (weights as seeded) as the director.
async fn set_targets(app: &TestApp) {
    let dir = app.login("director@example.com").await;
    let ver = setting_version(app).await;
    let r = app
        .gql(
            Some(&dir),
            SETTING,
            json!({"v": {"industry_fit": 25, "size": 20, "budget": 25, "region": 15, "timeline": 15,
                          "target_industries": ["制造业", "Energy"], "target_regions": ["华东"]}, "ver": ver}),
        )
        .await;
    assert_ok(&r);
}

async fn count(app: &TestApp) -> (i64, i64, i64, i64) {
    (
        app.count("SELECT count(*) FROM customers").await,
        app.count("SELECT count(*) FROM opportunities").await,
        app.count("SELECT count(*) FROM leads WHERE status = 'NEW'")
            .await,
        app.count("SELECT count(*) FROM contacts").await,
    )
}

#[tokio::test]
async fn pip1_score_is_computed_and_explained_per_factor() {
    let app = TestApp::spawn().await;
    set_targets(&app).await;
    let rep = app.login("rep01@example.com").await;
    let full = create_lead(
        &app,
        &rep,
        json!({"companyName": "宁波海天精工", "industry": "制造业", "sizeClass": "LARGE", "budget": "1500000.00",
               "region": "华东", "expectedCloseDate": in_days(30), "source": "EXHIBITION"}),
    )
    .await;
    assert_eq!(full["score"], 100, "{full}");
    assert_eq!(full["status"], "NEW");
    assert_eq!(full["source"], "EXHIBITION");
    assert_eq!(full["scoreFactors"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        factor(&full, "industry_fit")["reason"],
        "制造业 is a target industry"
    );
    assert_eq!(factor(&full, "budget")["points"], 25.0);
    // SMALL 20 × 0.3 = 6, budget 25 × 0.3 = 7.5, timeline 15 × 0.5 = 7.5;
    // region and industry miss: 21 in all.
    let some = create_lead(
        &app,
        &rep,
        json!({"companyName": "小作坊", "industry": "零售", "sizeClass": "SMALL", "budget": "5000",
               "region": "华南", "expectedCloseDate": in_days(120)}),
    )
    .await;
    assert_eq!(some["score"], 21, "{some}");
    assert_eq!(factor(&some, "size")["value"], 0.3);
    assert_eq!(factor(&some, "timeline")["points"], 7.5);
    assert_eq!(
        factor(&some, "region")["reason"],
        "华南 is not a target region"
    );
    assert_eq!(factor(&some, "industry_fit")["points"], 0.0);
    // A change re-scores: the budget rises to a million.
    let r = app
        .gql(
            Some(&rep),
            &format!("mutation($i: UpdateLeadInput!) {{ updateLead(input: $i) {{ {LEAD_FIELDS} }} }}"),
            json!({"i": {"id": some["id"], "version": some["version"], "budget": "1000000", "expectedCloseDate": null}}),
        )
        .await;
    assert_ok(&r);
    let u = &r["data"]["updateLead"];
    // 6 + 25 + 0 (no close date) = 31.
    assert_eq!(u["score"], 31, "{u}");
    assert_eq!(factor(u, "timeline")["reason"], "expected close unknown");
    assert_eq!(u["version"], 2);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'LEAD'")
            .await,
        3
    );
    // The list: by score, highest first, with a minimum score.
    let r = app
        .gql(
            Some(&rep),
            "{ leads(filter: {minScore: 30}) { totalCount edges { node { score companyName } } } }",
            json!({}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["leads"]["totalCount"], 2);
    assert_eq!(r["data"]["leads"]["edges"][0]["node"]["score"], 100);
    let r = app
        .gql(
            Some(&rep),
            "{ leads(first: 1, orderBy: CREATED_AT) { edges { node { companyName } } pageInfo { hasNextPage } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        r["data"]["leads"]["edges"][0]["node"]["companyName"],
        "小作坊"
    );
    assert_eq!(r["data"]["leads"]["pageInfo"]["hasNextPage"], true);
}

#[tokio::test]
async fn pip1_changing_weights_rescores_new_leads() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    // Seeded weights, no targets: LARGE 20 + budget ≥ 1 M 25 = 45.
    let a = create_lead(
        &app,
        &rep,
        json!({"companyName": "甲", "sizeClass": "LARGE", "budget": "2000000", "industry": "Energy"}),
    )
    .await;
    assert_eq!(a["score"], 45);
    assert_eq!(
        factor(&a, "industry_fit")["reason"],
        "Energy: no target industries configured"
    );
    let b = create_lead(
        &app,
        &rep,
        json!({"companyName": "乙", "sizeClass": "LARGE"}),
    )
    .await;
    let r = app
        .gql(
            Some(&rep),
            DISQUALIFY,
            json!({"id": b["id"], "r": "不做", "v": b["version"]}),
        )
        .await;
    assert_ok(&r);
    let admin = app.login("admin@example.com").await;
    let r = app
        .gql(
            Some(&admin),
            SETTING,
            json!({"v": {"industry_fit": 40, "size": 40, "budget": 20, "region": 0, "timeline": 0,
                          "target_industries": ["energy"]}, "ver": setting_version(&app).await}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["updateCompanySetting"]["value"]["target_regions"],
        json!([])
    );
    // 40 + 40 + 20: the NEW lead now scores 100; its version is unchanged.
    let a2 = lead(&app, &rep, &a["id"]).await;
    assert_eq!(a2["score"], 100, "{a2}");
    assert_eq!(a2["version"], a["version"]);
    assert_eq!(factor(&a2, "size")["weight"], 40);
    // The disqualified lead keeps the score it was decided on.
    assert_eq!(lead(&app, &rep, &b["id"]).await["score"], 20);
    let changes: Value = sqlx::query_scalar(
        "SELECT changes FROM audit_log WHERE entity = 'SETTING' ORDER BY at DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("audit");
    assert!(
        changes.as_array().is_some_and(|c| c
            .iter()
            .any(|f| f["field"] == "leads_rescored" && f["new"] == 1)),
        "{changes}"
    );
}

#[tokio::test]
async fn pip1_bad_weights_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let a = create_lead(
        &app,
        &rep,
        json!({"companyName": "甲", "sizeClass": "LARGE"}),
    )
    .await;
    let dir = app.login("director@example.com").await;
    let ver = setting_version(&app).await;
    let w = |i: i64, s: i64, b: i64, r: i64, t: i64| json!({"industry_fit": i, "size": s, "budget": b, "region": r, "timeline": t});
    for bad in [
        w(25, 20, 25, 15, 14),
        w(25, 20, 25, 15, 16),
        w(-5, 50, 25, 15, 15),
        json!({"industry_fit": 25.5, "size": 19.5, "budget": 25, "region": 15, "timeline": 15}),
        json!({"industry_fit": 25, "size": 20, "budget": 25, "region": 15}),
        json!({"industry_fit": 25, "size": 20, "budget": 25, "region": 15, "timeline": 15, "luck": 0}),
        json!({"industry_fit": 25, "size": 20, "budget": 25, "region": 15, "timeline": 15, "target_regions": [""]}),
        json!("100"),
    ] {
        let r = app
            .gql(Some(&dir), SETTING, json!({"v": bad, "ver": ver}))
            .await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], "value", "{r}");
    }
    // A rep may not edit the model; a stale version is a conflict.
    assert_code(
        &app.gql(
            Some(&rep),
            SETTING,
            json!({"v": w(20, 20, 20, 20, 20), "ver": ver}),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &app.gql(
            Some(&dir),
            SETTING,
            json!({"v": w(20, 20, 20, 20, 20), "ver": ver + 1}),
        )
        .await,
        "CONFLICT",
    );
    assert_eq!(setting_version(&app).await, ver);
    assert_eq!(lead(&app, &rep, &a["id"]).await["score"], 20);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'SETTING'")
            .await,
        0
    );
}

#[tokio::test]
async fn pip1_qualify_creates_customer_and_opportunity() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let rep01 = app.user_id("rep01@example.com").await;
    let l = create_lead(
        &app,
        &rep,
        json!({"companyName": "苏州精密模具有限公司", "contactName": "李工", "contactPhone": "13800000000",
               "industry": "制造业", "sizeClass": "MEDIUM", "budget": "800000", "region": "华东",
               "expectedCloseDate": in_days(60), "source": "REFERRAL"}),
    )
    .await;
    let r = app
        .gql(
            Some(&rep),
            QUALIFY,
            json!({"id": l["id"], "v": l["version"], "c": {"creditCode": code(11)},
                   "o": {"name": "模具车间 MES 项目"}}),
        )
        .await;
    assert_ok(&r);
    let q = &r["data"]["qualifyLead"];
    assert_eq!(q["lead"]["status"], "QUALIFIED");
    assert_eq!(q["lead"]["customer"]["id"], q["customer"]["id"]);
    assert_eq!(q["lead"]["opportunityId"], q["opportunityId"]);
    assert_eq!(q["customer"]["name"], "苏州精密模具有限公司");
    assert_eq!(q["customer"]["owner"]["id"], rep01);
    let cid: uuid::Uuid = q["customer"]["id"].as_str().unwrap().parse().unwrap();
    let oid: uuid::Uuid = q["opportunityId"].as_str().unwrap().parse().unwrap();
    let lid: uuid::Uuid = l["id"].as_str().unwrap().parse().unwrap();
    let pool = &app.db.pool;
    let (industry, size, region, source, code_): (String, String, String, String, String) =
        sqlx::query_as(
            "SELECT industry, size_class, region, source, credit_code FROM customers WHERE id = $1",
        )
        .bind(cid)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        (
            industry.as_str(),
            size.as_str(),
            region.as_str(),
            source.as_str()
        ),
        ("制造业", "MEDIUM", "华东", "REFERRAL")
    );
    assert_eq!(code_, code(11));
    let contact: String = sqlx::query_scalar("SELECT name FROM contacts WHERE customer_id = $1")
        .bind(cid)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(contact, "李工");
    let (customer, stage, amount, source_lead, close): (
        uuid::Uuid,
        String,
        rust_decimal::Decimal,
        Option<uuid::Uuid>,
        Option<chrono::NaiveDate>,
    ) = sqlx::query_as(
        "SELECT customer_id, stage, amount, source_lead_id, expected_close_date FROM opportunities WHERE id = $1",
    )
    .bind(oid)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(customer, cid);
    assert_eq!(stage, "EVALUATION");
    assert_eq!(amount, rust_decimal::Decimal::from(800_000));
    assert_eq!(source_lead, Some(lid));
    assert_eq!(close.map(|d| d.to_string()), Some(in_days(60)));
    let history: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM opportunity_stage_history WHERE opportunity_id = $1 AND to_stage = 'EVALUATION'",
    )
    .bind(oid)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(history, 1);
    for (entity, action) in [
        ("LEAD", "QUALIFY"),
        ("CUSTOMER", "CREATE"),
        ("OPPORTUNITY", "CREATE"),
        ("CONTACT", "CREATE"),
    ] {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE entity = $1 AND action = $2")
                .bind(entity)
                .bind(action)
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!(n, 1, "{entity} {action}");
    }
    // CUS-4: the customer now has an open opportunity.
    let open: bool = sqlx::query_scalar("SELECT customer_has_open_opportunity($1)")
        .bind(cid)
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(open);
    // Qualifying twice is a conflict, and creates nothing more.
    let before = count(&app).await;
    let r = app
        .gql(
            Some(&rep),
            QUALIFY,
            json!({"id": l["id"], "v": q["lead"]["version"], "c": {"name": "另一家"}, "o": {"name": "X"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(count(&app).await, before);
    // Into an existing customer of one's own: no new customer.
    let l2 = create_lead(&app, &rep, json!({"companyName": "苏州精密模具 二期"})).await;
    let r = app
        .gql(
            Some(&rep),
            QUALIFY,
            json!({"id": l2["id"], "v": l2["version"], "e": q["customer"]["id"],
                   "o": {"name": "二期", "amount": "120000.50"}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["qualifyLead"]["customer"]["id"],
        q["customer"]["id"]
    );
    assert_eq!(app.count("SELECT count(*) FROM customers").await, 1);
    assert_eq!(app.count("SELECT count(*) FROM opportunities").await, 2);
}

#[tokio::test]
async fn pip1_qualify_into_a_duplicate_creates_nothing() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    let existing = customers::create(
        &app,
        &rep3,
        json!({"name": "广州白云电气设备股份有限公司", "creditCode": code(21)}),
    )
    .await;
    let l = create_lead(
        &app,
        &rep1,
        json!({"companyName": "广州白云电气设备有限公司", "contactName": "陈总"}),
    )
    .await;
    let before = count(&app).await;
    let audit = app.count("SELECT count(*) FROM audit_log").await;
    let opp = json!({"name": "配电项目"});
    // The same normalised name; the same credit code (even confirmed distinct).
    for c in [
        json!({}),
        json!({"name": "完全不同", "creditCode": code(21), "confirmDistinct": true}),
    ] {
        let r = app
            .gql(
                Some(&rep1),
                QUALIFY,
                json!({"id": l["id"], "v": l["version"], "c": c, "o": opp}),
            )
            .await;
        // The same code createCustomer gives for the same duplicate.
        assert_code(&r, "CONFLICT");
        let direct = app
            .gql(
                Some(&rep1),
                customers::CREATE,
                json!({"i": {"name": c["name"].as_str().unwrap_or("广州白云电气设备有限公司"),
                              "creditCode": c["creditCode"]}, "c": c["confirmDistinct"].as_bool().unwrap_or(false)}),
            )
            .await;
        assert_code(&direct, "CONFLICT");
        assert_eq!(count(&app).await, before);
    }
    assert_eq!(app.count("SELECT count(*) FROM audit_log").await, audit);
    let after = lead(&app, &rep1, &l["id"]).await;
    assert_eq!(
        (after["status"].clone(), after["version"].clone()),
        (json!("NEW"), l["version"].clone())
    );
    // A customer the rep cannot see is not there (ORG-3).
    let r = app
        .gql(
            Some(&rep1),
            QUALIFY,
            json!({"id": l["id"], "v": l["version"], "e": existing["id"], "o": opp}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    // Both customer and existingCustomerId, or neither: VALIDATION.
    for vars in [
        json!({"id": l["id"], "v": l["version"], "o": opp}),
        json!({"id": l["id"], "v": l["version"], "c": {}, "e": existing["id"], "o": opp}),
    ] {
        assert_code(&app.gql(Some(&rep1), QUALIFY, vars).await, "VALIDATION");
    }
    // Bad opportunity input rolls the new customer back too.
    let r = app
        .gql(
            Some(&rep1),
            QUALIFY,
            json!({"id": l["id"], "v": l["version"], "c": {"name": "全新公司"}, "o": {"name": "x", "amount": "-1"}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(r["errors"][0]["extensions"]["field"], "opportunity.amount");
    assert_eq!(count(&app).await, before);
    // Confirmed distinct, with its own name, it goes through.
    let r = app
        .gql(
            Some(&rep1),
            QUALIFY,
            json!({"id": l["id"], "v": l["version"], "c": {"confirmDistinct": true}, "o": opp}),
        )
        .await;
    assert_ok(&r);
}

#[tokio::test]
async fn pip1_disqualify_needs_a_reason_and_versions_are_checked() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let l = create_lead(&app, &rep, json!({"companyName": "甲"})).await;
    for reason in ["", "   ", &"长".repeat(2001)] {
        let r = app
            .gql(
                Some(&rep),
                DISQUALIFY,
                json!({"id": l["id"], "r": reason, "v": l["version"]}),
            )
            .await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], "reason");
    }
    let r = app
        .gql(
            Some(&rep),
            DISQUALIFY,
            json!({"id": l["id"], "r": "预算取消", "v": 99}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep),
            &format!(
                "mutation($i: UpdateLeadInput!) {{ updateLead(input: $i) {{ {LEAD_FIELDS} }} }}"
            ),
            json!({"i": {"id": l["id"], "version": 99, "companyName": "乙"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep),
            QUALIFY,
            json!({"id": l["id"], "v": 99, "c": {}, "o": {"name": "x"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(lead(&app, &rep, &l["id"]).await["version"], 1);
    let r = app
        .gql(
            Some(&rep),
            DISQUALIFY,
            json!({"id": l["id"], "r": " 预算取消 ", "v": 1}),
        )
        .await;
    assert_ok(&r);
    let d = &r["data"]["disqualifyLead"];
    assert_eq!(d["status"], "DISQUALIFIED");
    assert_eq!(d["disqualifyReason"], "预算取消");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'LEAD' AND action = 'DISQUALIFY'")
            .await,
        1
    );
    // A decided lead is closed: no second decision, no change.
    let before = count(&app).await;
    let r = app
        .gql(
            Some(&rep),
            QUALIFY,
            json!({"id": l["id"], "v": 2, "c": {}, "o": {"name": "x"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep),
            DISQUALIFY,
            json!({"id": l["id"], "r": "again", "v": 2}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(count(&app).await, before);
}

#[tokio::test]
async fn org3_leads_are_scoped_like_opportunities() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let l = create_lead(&app, &rep1, json!({"companyName": "甲", "budget": "10"})).await;
    // Another team's rep, the other region's manager: not there.
    for email in [
        "rep03@example.com",
        "rep02@example.com",
        "manager.south@example.com",
        "supervisor.east2@example.com",
    ] {
        let t = app.login(email).await;
        assert!(lead(&app, &t, &l["id"]).await.is_null(), "{email}");
        let r = app
            .gql(Some(&t), "{ leads { totalCount } }", json!({}))
            .await;
        assert_eq!(r["data"]["leads"]["totalCount"], 0, "{email}");
        assert_code(
            &app.gql(
                Some(&t),
                DISQUALIFY,
                json!({"id": l["id"], "r": "x", "v": 1}),
            )
            .await,
            "NOT_FOUND",
        );
        assert_code(
            &app.gql(
                Some(&t),
                QUALIFY,
                json!({"id": l["id"], "v": 1, "c": {}, "o": {"name": "x"}}),
            )
            .await,
            "NOT_FOUND",
        );
        let r = app
            .gql(
                Some(&t),
                "mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }",
                json!({"i": {"id": l["id"], "version": 1, "companyName": "乙"}}),
            )
            .await;
        assert_code(&r, "NOT_FOUND");
    }
    // Their supervisor, the region's manager and the director see and change it.
    for email in [
        "supervisor.east1@example.com",
        "manager.east@example.com",
        "director@example.com",
    ] {
        let t = app.login(email).await;
        assert_eq!(
            lead(&app, &t, &l["id"]).await["companyName"],
            "甲",
            "{email}"
        );
    }
    let sup = app.login("supervisor.east1@example.com").await;
    let r = app
        .gql(
            Some(&sup),
            "mutation($i: UpdateLeadInput!) { updateLead(input: $i) { version owner { id } } }",
            json!({"i": {"id": l["id"], "version": 1, "needs": "MES"}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["updateLead"]["owner"]["id"],
        app.user_id("rep01@example.com").await
    );
    // The supervisor qualifies it: the customer stays with the lead's owner.
    let r = app
        .gql(
            Some(&sup),
            QUALIFY,
            json!({"id": l["id"], "v": 2, "c": {}, "o": {"name": "MES"}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["qualifyLead"]["customer"]["owner"]["id"],
        app.user_id("rep01@example.com").await
    );
    // Outside sales nobody captures leads; a missing id is NOT_FOUND too.
    let fin = app.login("finance@example.com").await;
    assert_code(
        &app.gql(Some(&fin), &create_q(), json!({"i": {"companyName": "X"}}))
            .await,
        "FORBIDDEN",
    );
    let r = app
        .gql(
            Some(&rep1),
            "query($id: ID!) { lead(id: $id) { id } }",
            json!({"id": uuid::Uuid::now_v7().to_string()}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
}

#[tokio::test]
async fn pip1_bad_lead_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let cases: Vec<(Value, Option<&str>)> = vec![
        (json!({"companyName": "  "}), Some("companyName")),
        (
            json!({"companyName": "长".repeat(201)}),
            Some("companyName"),
        ),
        (
            json!({"companyName": "A", "contactName": "x".repeat(101)}),
            Some("contactName"),
        ),
        (
            json!({"companyName": "A", "contactPhone": "1".repeat(33)}),
            Some("contactPhone"),
        ),
        (
            json!({"companyName": "A", "contactEmail": "not-an-email"}),
            Some("contactEmail"),
        ),
        (
            json!({"companyName": "A", "needs": "n".repeat(5001)}),
            Some("needs"),
        ),
        (
            json!({"companyName": "A", "industry": "i".repeat(101)}),
            Some("industry"),
        ),
        (
            json!({"companyName": "A", "region": "r".repeat(101)}),
            Some("region"),
        ),
        (json!({"companyName": "A", "budget": "-1"}), Some("budget")),
        (
            json!({"companyName": "A", "budget": "1.001"}),
            Some("budget"),
        ),
        (json!({"companyName": "A", "sizeClass": "HUGE"}), None),
        (
            json!({"companyName": "A", "expectedCloseDate": "2026-13-01"}),
            None,
        ),
    ];
    for (input, f) in cases {
        let r = app.gql(Some(&rep), &create_q(), json!({"i": input})).await;
        assert_code(&r, "VALIDATION");
        if f.is_some() {
            assert_eq!(r["errors"][0]["extensions"]["field"].as_str(), f, "{r}");
        }
    }
    assert_eq!(app.count("SELECT count(*) FROM leads").await, 0);
    let l = create_lead(&app, &rep, json!({"companyName": "A"})).await;
    let r = app
        .gql(
            Some(&rep),
            "mutation($i: UpdateLeadInput!) { updateLead(input: $i) { id } }",
            json!({"i": {"id": l["id"], "version": 1, "region": "r".repeat(101)}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    let r = app
        .gql(
            Some(&rep),
            QUALIFY,
            json!({"id": l["id"], "v": 1, "c": {}, "o": {"name": "x".repeat(201)}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(r["errors"][0]["extensions"]["field"], "opportunity.name");
    let r = app
        .gql(
            Some(&rep),
            QUALIFY,
            json!({"id": l["id"], "v": 1, "c": {"creditCode": "not-a-code"}, "o": {"name": "x"}}),
        )
        .await;
    assert_eq!(r["errors"][0]["extensions"]["field"], "customer.creditCode");
    assert_eq!(lead(&app, &rep, &l["id"]).await["version"], 1);
    for q in [
        "{ leads(filter: {minScore: 101}) { totalCount } }",
        "{ leads(first: 500) { totalCount } }",
    ] {
        assert_code(&app.gql(Some(&rep), q, json!({})).await, "VALIDATION");
    }
    assert_eq!(count(&app).await, (0, 0, 1, 0));
}

#[tokio::test]
async fn org3_lead_matrix_by_role() {
    use super::access::assert_matrix;
    const T: bool = true;
    const F: bool = false;
    let app = TestApp::spawn().await;
    // rep01 上海一组 (east), rep03 广州一组 (south), manager.east 华东区域销售部.
    let mut records = Vec::new();
    for (name, email) in [
        ("rep01's lead", "rep01@example.com"),
        ("rep03's lead", "rep03@example.com"),
        ("manager.east's lead", "manager.east@example.com"),
    ] {
        let t = app.login(email).await;
        let l = create_lead(&app, &t, json!({"companyName": name})).await;
        records.push((name, l["id"].as_str().unwrap().to_owned()));
    }
    let rows: &[(&str, &[bool])] = &[
        ("rep01@example.com", &[T, F, F]),
        ("rep02@example.com", &[F, F, F]),
        ("rep03@example.com", &[F, T, F]),
        ("supervisor.east1@example.com", &[T, F, F]),
        ("supervisor.east2@example.com", &[F, F, F]),
        ("manager.east@example.com", &[T, F, T]),
        ("manager.south@example.com", &[F, T, F]),
        ("director@example.com", &[T, T, T]),
        ("gm@example.com", &[T, T, T]),
        ("admin@example.com", &[T, T, T]),
        ("finance@example.com", &[F, F, F]),
        ("service@example.com", &[F, F, F]),
        ("assistant@example.com", &[F, F, F]),
    ];
    assert_matrix(
        &app,
        "query($id: ID!) { lead(id: $id) { id companyName } }",
        &records,
        rows,
    )
    .await;
}
