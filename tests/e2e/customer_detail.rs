//! Issue 3 integration: `customer(id)` detail (CUS-1), audit trails of
//! customers, contacts and disputes (ORG-4), the revisit filter and order on
//! `customers` (CUS-6), and the CUS-9 / KA-1 settings.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::customers::create;
use crate::e2e::interactions::{LOG, input, insert_customer, today};

const DETAIL: &str = "query($id: ID!) { customer(id: $id) { id name
    interactions(first: 10) { edges { node { id kind } } pageInfo { hasNextPage } }
    revisitStatus { lastQualifyingAt intervalDays nextDue daysOverdue }
    followUps { edges { node { id status dueDate } } }
    satisfaction { average count }
    complaints { totalCount edges { node { id severity } } }
    keyAccountApplications { edges { node { id status } } }
    keyAccountPlans { id } keyAccountEvaluations { id }
    auditTrail { edges { node { action } } } } }";

fn nodes(v: &Value) -> Vec<Value> {
    v["edges"]
        .as_array()
        .map(|e| e.iter().map(|x| x["node"].clone()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn cus1_customer_detail_has_interactions_revisits_complaints_ka_and_audit() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let c = create(&app, &rep, json!({"name": "上海详情机械"})).await;
    let id = c["id"].as_str().unwrap().to_owned();
    let mut i = input(&id, "VISIT", Utc::now() - Duration::hours(1));
    i["nextFollowUpDate"] = json!((today() + Duration::days(3)).to_string());
    assert_ok(&app.gql(Some(&rep), LOG, json!({"input": i})).await);
    let sat = "mutation($i: RecordSatisfactionInput!) { recordSatisfaction(input: $i) { id } }";
    let s = json!({"customerId": id, "score": 4, "surveyedOn": today().to_string()});
    assert_ok(&app.gql(Some(&rep), sat, json!({"i": s})).await);
    let complaint = "mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { id } }";
    let ci = json!({"customerId": id, "channel": "HOTLINE", "receivedAt": (Utc::now() - Duration::hours(1)).to_rfc3339(),
                    "category": "交付延迟", "severity": "HIGH", "description": "设备晚到"});
    assert_ok(&app.gql(Some(&rep), complaint, json!({"i": ci})).await);
    let apply = "mutation($i: ApplyForKeyAccountInput!) { applyForKeyAccount(input: $i) { id } }";
    let ai = json!({"customerId": id, "cooperationIntent": "框架协议", "expectedAnnualRevenue": "800000",
                    "requestedClass": "IMPORTANT", "goodCredit": true, "clearNeeds": true,
                    "agreesWithOffering": true, "fitsStrategy": true});
    assert_ok(&app.gql(Some(&rep), apply, json!({"i": ai})).await);

    let r = app.gql(Some(&rep), DETAIL, json!({"id": id})).await;
    assert_ok(&r);
    let d = &r["data"]["customer"];
    assert_eq!(nodes(&d["interactions"]).len(), 1);
    assert_eq!(nodes(&d["interactions"])[0]["kind"], "VISIT");
    assert!(d["revisitStatus"]["lastQualifyingAt"].is_string());
    assert_eq!(d["revisitStatus"]["daysOverdue"], 0);
    assert_eq!(d["revisitStatus"]["intervalDays"], 90);
    assert_eq!(nodes(&d["followUps"]).len(), 1);
    assert_eq!(nodes(&d["followUps"])[0]["status"], "OPEN");
    assert_eq!(d["satisfaction"]["count"], 1);
    assert_eq!(
        d["satisfaction"]["average"]
            .as_str()
            .map(|a| a.parse::<f64>().ok()),
        Some(Some(4.0))
    );
    assert_eq!(d["complaints"]["totalCount"], 1);
    assert_eq!(nodes(&d["keyAccountApplications"]).len(), 1);
    assert_eq!(d["keyAccountPlans"], json!([]));
    assert_eq!(d["keyAccountEvaluations"], json!([]));
    assert_eq!(nodes(&d["auditTrail"])[0]["action"], "CREATE");

    // Out of scope: NOT_FOUND for the whole customer.
    let south = app.login("rep03@example.com").await;
    assert_code(
        &app.gql(Some(&south), DETAIL, json!({"id": id})).await,
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn cus1_detail_lists_are_detail_only_revisit_status_is_batched() {
    let app = TestApp::spawn().await;
    let gm = app.login("gm@example.com").await;
    for n in 0..3 {
        insert_customer(
            &app,
            &format!("批量{n}"),
            Some("rep01@example.com"),
            "GENERAL",
            "C",
            100 + n,
        )
        .await;
    }
    let list = "query { customers(first: 50) { edges { node { name revisitStatus { nextDue daysOverdue } } } } }";
    let r = app.gql(Some(&gm), list, json!({})).await;
    assert_ok(&r);
    let rows = nodes(&r["data"]["customers"]);
    assert!(rows.len() >= 3);
    let over = rows.iter().find(|n| n["name"] == "批量2").unwrap();
    assert_eq!(over["revisitStatus"]["daysOverdue"], 12);
    // A detail-only list on a 50-row page exceeds the complexity limit.
    let heavy = "query { customers(first: 50) { edges { node { interactions(first: 1) { edges { node { id } } } } } } }";
    let r = app.gql(Some(&gm), heavy, json!({})).await;
    assert!(r["errors"].is_array() && r.get("data").is_none(), "{r}");
}

const TRAIL: &str = "query($e: AuditEntity!, $id: ID!) { auditTrail(entity: $e, id: $id) { edges { node { action } } } }";

#[tokio::test]
async fn org4_audit_trail_of_customer_contact_and_dispute_follows_customer_scope() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep2 = app.login("rep02@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    let sup = app.login("supervisor.east1@example.com").await;
    let c = create(&app, &rep1, json!({"name": "审计客户"})).await;
    let add =
        "mutation($c: ID!, $i: ContactInput!) { addContact(customerId: $c, input: $i) { id } }";
    let r = app
        .gql(
            Some(&rep1),
            add,
            json!({"c": c["id"], "i": {"name": "王经理"}}),
        )
        .await;
    assert_ok(&r);
    let contact = r["data"]["addContact"]["id"].clone();
    let open = "mutation($c: ID!, $r: String!) { openOwnershipDispute(customerId: $c, reason: $r) { id } }";
    let r = app
        .gql(Some(&rep2), open, json!({"c": c["id"], "r": "我先拜访过"}))
        .await;
    assert_ok(&r);
    let dispute = r["data"]["openOwnershipDispute"]["id"].clone();
    for (entity, id) in [
        ("CUSTOMER", c["id"].clone()),
        ("CONTACT", contact),
        ("OWNERSHIP_DISPUTE", dispute),
    ] {
        for token in [&rep1, &sup] {
            let r = app
                .gql(Some(token), TRAIL, json!({"e": entity, "id": id}))
                .await;
            assert_ok(&r);
            assert!(!nodes(&r["data"]["auditTrail"]).is_empty(), "{entity}");
        }
        let r = app
            .gql(Some(&rep3), TRAIL, json!({"e": entity, "id": id}))
            .await;
        assert_code(&r, "NOT_FOUND");
    }
    // An unknown id is NOT_FOUND too.
    let r = app
        .gql(
            Some(&rep1),
            TRAIL,
            json!({"e": "CONTACT", "id": uuid::Uuid::now_v7().to_string()}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
}

#[tokio::test]
async fn cus6_customers_filter_revisit_overdue_and_order_next_revisit_due() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    // GENERAL/C: 90 days; IMPORTANT/A: 30 days.
    let late = insert_customer(&app, "晚", Some("rep01@example.com"), "GENERAL", "C", 120).await;
    let later = insert_customer(
        &app,
        "更晚",
        Some("rep01@example.com"),
        "IMPORTANT",
        "A",
        50,
    )
    .await;
    let ok = insert_customer(&app, "未到", Some("rep01@example.com"), "GENERAL", "C", 10).await;
    let pool = insert_customer(&app, "公海", None, "GENERAL", "C", 300).await;
    let q = "query($f: CustomerFilter, $o: CustomerOrderBy, $a: String) {
        customers(filter: $f, orderBy: $o, first: 1, after: $a) { totalCount
        edges { cursor node { id revisitStatus { nextDue } } } pageInfo { hasNextPage } } }";
    let walk = |f: Value, o: Value| {
        let app = &app;
        let rep = rep.clone();
        async move {
            let mut ids = Vec::new();
            let mut dues = Vec::new();
            let mut after = Value::Null;
            loop {
                let r = app
                    .gql(Some(&rep), q, json!({"f": f, "o": o, "a": after}))
                    .await;
                assert_ok(&r);
                let conn = &r["data"]["customers"];
                for e in conn["edges"].as_array().unwrap() {
                    ids.push(e["node"]["id"].as_str().unwrap().to_owned());
                    dues.push(
                        e["node"]["revisitStatus"]["nextDue"]
                            .as_str()
                            .unwrap()
                            .to_owned(),
                    );
                    after = e["cursor"].clone();
                }
                if conn["pageInfo"]["hasNextPage"] != true {
                    return (ids, dues, conn["totalCount"].as_i64().unwrap());
                }
            }
        }
    };
    let order = json!({"field": "NEXT_REVISIT_DUE"});
    let (ids, _, total) = walk(json!({"revisitOverdue": true}), order.clone()).await;
    assert_eq!(ids, vec![late.clone(), later.clone()], "earliest due first");
    assert_eq!(total, 2);
    let overdue = "query { overdueRevisits { edges { node { customerId } } } }";
    let r = app.gql(Some(&rep), overdue, json!({})).await;
    let same: Vec<String> = nodes(&r["data"]["overdueRevisits"])
        .iter()
        .map(|n| n["customerId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(same, ids, "the same rows as overdueRevisits");
    let (ids, _, _) = walk(
        json!({"revisitOverdue": false, "name": "未到"}),
        order.clone(),
    )
    .await;
    assert_eq!(ids, vec![ok.clone()]);
    // The order over all (the pool included), both directions, keyset paged.
    let (ids, dues, _) = walk(json!({}), order.clone()).await;
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);
    assert!(ids.contains(&pool) && ids.contains(&ok));
    let (rev, rdues, _) = walk(
        json!({}),
        json!({"field": "NEXT_REVISIT_DUE", "direction": "DESC"}),
    )
    .await;
    assert_eq!(rev.len(), ids.len());
    let mut sorted = rdues.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(rdues, sorted);
}

const SET: &str = "mutation($k: String!, $v: JSON!, $ver: Int!) { updateCompanySetting(key: $k, value: $v, version: $ver) { value version } }";

async fn setting_version(app: &TestApp, key: &str) -> i64 {
    let v: i32 = sqlx::query_scalar("SELECT version FROM company_settings WHERE key = $1")
        .bind(key)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    v.into()
}

#[tokio::test]
async fn cus9_complaint_deadline_hours_setting_takes_effect_and_bad_values_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@example.com").await;
    let k = "complaint_deadline_hours";
    for bad in [
        json!({"HIGH": 0, "MEDIUM": 72, "LOW": 168}),
        json!({"HIGH": 721, "MEDIUM": 72, "LOW": 168}),
        json!({"HIGH": 24, "MEDIUM": 72}),
        json!({"HIGH": 24, "MEDIUM": 72, "LOW": 168, "URGENT": 1}),
        json!("24"),
    ] {
        let r = app
            .gql(Some(&admin), SET, json!({"k": k, "v": bad, "ver": 1}))
            .await;
        assert_code(&r, "VALIDATION");
        assert_eq!(setting_version(&app, k).await, 1);
    }
    let rep = app.login("rep01@example.com").await;
    let r = app
        .gql(
            Some(&rep),
            SET,
            json!({"k": k, "v": {"HIGH": 2, "MEDIUM": 72, "LOW": 168}, "ver": 1}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");
    let r = app
        .gql(
            Some(&admin),
            SET,
            json!({"k": k, "v": {"HIGH": 2, "MEDIUM": 72, "LOW": 168}, "ver": 1}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateCompanySetting"]["version"], 2);
    let c = create(&app, &rep, json!({"name": "期限客户"})).await;
    let at = Utc::now() - Duration::minutes(10);
    let rec = "mutation($i: RecordComplaintInput!) { recordComplaint(input: $i) { deadlineAt } }";
    let ci = json!({"customerId": c["id"], "channel": "HOTLINE", "receivedAt": at.to_rfc3339(),
                    "category": "质量", "severity": "HIGH", "description": "漏油"});
    let r = app.gql(Some(&rep), rec, json!({"i": ci})).await;
    assert_ok(&r);
    let deadline: chrono::DateTime<Utc> = r["data"]["recordComplaint"]["deadlineAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let off = (deadline - at).num_milliseconds() - 2 * 3600 * 1000;
    assert!(off.abs() < 1000, "the new setting applies: {off} ms");
}

#[tokio::test]
async fn ka1_revenue_threshold_setting_takes_effect_and_bad_values_are_refused() {
    let app = TestApp::spawn().await;
    let gm = app.login("gm@example.com").await;
    let k = "ka_revenue_threshold";
    for bad in [json!("abc"), json!("-1"), json!("1.234"), json!(900000)] {
        let r = app
            .gql(Some(&gm), SET, json!({"k": k, "v": bad, "ver": 1}))
            .await;
        assert_code(&r, "VALIDATION");
        assert_eq!(setting_version(&app, k).await, 1);
    }
    let r = app
        .gql(Some(&gm), SET, json!({"k": k, "v": "900000", "ver": 1}))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateCompanySetting"]["value"], "900000");
    let rep = app.login("rep01@example.com").await;
    let c = create(&app, &rep, json!({"name": "门槛客户"})).await;
    let apply = "mutation($i: ApplyForKeyAccountInput!) { applyForKeyAccount(input: $i) { id } }";
    let mut ai = json!({"customerId": c["id"], "cooperationIntent": "框架协议", "expectedAnnualRevenue": "800000",
                        "requestedClass": "IMPORTANT", "goodCredit": true, "clearNeeds": true,
                        "agreesWithOffering": true, "fitsStrategy": true});
    let before = app.count("SELECT count(*) FROM ka_applications").await;
    let r = app.gql(Some(&rep), apply, json!({"i": ai})).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(
        r["errors"][0]["extensions"]["field"],
        "expectedAnnualRevenue"
    );
    assert_eq!(
        app.count("SELECT count(*) FROM ka_applications").await,
        before
    );
    ai["expectedAnnualRevenue"] = json!("900000");
    assert_ok(&app.gql(Some(&rep), apply, json!({"i": ai})).await);
}
