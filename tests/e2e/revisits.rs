//! CUS-6 revisits, CUS-7 care events and CUS-8 satisfaction through GraphQL.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::interactions::{LOG, input, insert_contact, insert_customer, today};

/// A fresh team unit under rep01's, so figures over it see only this test's customers.
async fn new_unit(app: &TestApp) -> String {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO org_units (id, parent_id, name, kind)
         SELECT $1, unit_id, 'B组测试', 'TEAM' FROM users WHERE email = 'rep01@example.com'",
    )
    .bind(id)
    .execute(&app.db.pool)
    .await
    .expect("unit");
    id.to_string()
}

async fn move_to_unit(app: &TestApp, customer: &str, unit: &str) {
    sqlx::query("UPDATE customers SET owner_unit_id = $2::uuid WHERE id = $1::uuid")
        .bind(customer)
        .bind(unit)
        .execute(&app.db.pool)
        .await
        .expect("move");
}

async fn insert_interaction(app: &TestApp, customer: &str, kind: &str, days_ago: i32) {
    sqlx::query(
        "INSERT INTO interactions (id, customer_id, kind, occurred_at, summary, created_by)
         VALUES ($1, $2::uuid, $3, now() - make_interval(days => $4), 's', (SELECT id FROM users WHERE email = 'rep01@example.com'))",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(kind)
    .bind(days_ago)
    .execute(&app.db.pool)
    .await
    .expect("interaction");
}

const STATUS: &str = "query($id: ID!) { revisitStatus(customerId: $id) { customerId lastQualifyingAt intervalDays nextDue daysOverdue owner { id } } }";

#[tokio::test]
async fn cus6_revisit_status_strategic_needs_face_to_face_and_overdue_list() {
    let app = TestApp::spawn().await;
    let general = insert_customer(
        &app,
        "一般客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        100,
    )
    .await;
    let strategic = insert_customer(
        &app,
        "战略客户",
        Some("rep01@example.com"),
        "STRATEGIC",
        "B",
        40,
    )
    .await;
    let fresh = insert_customer(
        &app,
        "新客户",
        Some("rep01@example.com"),
        "IMPORTANT",
        "B",
        10,
    )
    .await;
    let pooled = insert_customer(&app, "公海客户", None, "GENERAL", "C", 300).await;
    let south = insert_customer(
        &app,
        "南区客户",
        Some("rep03@example.com"),
        "GENERAL",
        "A",
        100,
    )
    .await;
    let rep = app.login("rep01@example.com").await;
    let r = app.gql(Some(&rep), STATUS, json!({"id": general})).await;
    let s = &r["data"]["revisitStatus"];
    assert_eq!(s["intervalDays"], 90);
    assert!(s["lastQualifyingAt"].is_null());
    assert!(s["daysOverdue"].as_i64().unwrap() >= 9, "{r}");
    // A phone call does not count for STRATEGIC (30 days), a visit does.
    let r = app
        .gql(
            Some(&rep),
            LOG,
            json!({"input": input(&strategic, "PHONE", Utc::now())}),
        )
        .await;
    assert_ok(&r);
    let r = app.gql(Some(&rep), STATUS, json!({"id": strategic})).await;
    assert!(
        r["data"]["revisitStatus"]["lastQualifyingAt"].is_null(),
        "{r}"
    );
    assert!(r["data"]["revisitStatus"]["daysOverdue"].as_i64().unwrap() >= 9);
    let q = "query($d: Date) { overdueRevisits(asOf: $d, first: 50) { edges { node { customerId nextDue daysOverdue intervalDays } } } }";
    let listed = |r: &Value| -> Vec<String> {
        r["data"]["overdueRevisits"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["customerId"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = app.gql(Some(&rep), q, json!({"d": null})).await;
    assert_ok(&r);
    assert_eq!(
        listed(&r),
        [general.clone(), strategic.clone()],
        "earliest due first; pool, other teams and fresh ones not listed"
    );
    let r = app
        .gql(
            Some(&rep),
            LOG,
            json!({"input": input(&strategic, "VISIT", Utc::now())}),
        )
        .await;
    assert_ok(&r);
    let r = app.gql(Some(&rep), STATUS, json!({"id": strategic})).await;
    let s = &r["data"]["revisitStatus"];
    assert_eq!(s["daysOverdue"], 0);
    assert_eq!(s["nextDue"], (today() + Duration::days(30)).to_string());
    let r = app.gql(Some(&rep), q, json!({"d": null})).await;
    assert_eq!(listed(&r), vec![general.clone()]);
    // Looking ahead: as of 80 days from now the fresh one is due too.
    let r = app
        .gql(
            Some(&rep),
            q,
            json!({"d": (today() + Duration::days(80)).to_string()}),
        )
        .await;
    assert!(listed(&r).contains(&fresh) && listed(&r).contains(&strategic));
    // Keyset pages over (nextDue, id).
    let paged = "query($d: Date, $a: String) { overdueRevisits(asOf: $d, first: 1, after: $a) {
        edges { node { customerId } } pageInfo { endCursor } } }";
    let d = (today() + Duration::days(80)).to_string();
    let mut seen = Vec::new();
    let mut after = Value::Null;
    for _ in 0..3 {
        let r = app
            .gql(Some(&rep), paged, json!({"d": d, "a": after}))
            .await;
        seen.push(
            r["data"]["overdueRevisits"]["edges"][0]["node"]["customerId"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        after = r["data"]["overdueRevisits"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        seen,
        vec![general.clone(), fresh.clone(), strategic.clone()]
    );
    // Scope: the director sees the south customer too; rep03 never rep01's.
    let dir = app.login("director@example.com").await;
    let r = app.gql(Some(&dir), q, json!({"d": null})).await;
    assert!(listed(&r).contains(&south) && !listed(&r).contains(&pooled));
    let other = app.login("rep03@example.com").await;
    let r = app.gql(Some(&other), q, json!({"d": null})).await;
    assert_eq!(listed(&r), vec![south.clone()]);
    assert_code(
        &app.gql(Some(&other), STATUS, json!({"id": general})).await,
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn cus6_every_key_account_needs_a_face_to_face_revisit_every_30_days() {
    let app = TestApp::spawn().await;
    let unit = new_unit(&app).await;
    let ka = insert_customer(
        &app,
        "大客户一般级",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        60,
    )
    .await;
    let plain = insert_customer(
        &app,
        "普通客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        60,
    )
    .await;
    sqlx::query(
        "UPDATE customers SET key_account = true, ka_class = 'GENERAL' WHERE id = $1::uuid",
    )
    .bind(&ka)
    .execute(&app.db.pool)
    .await
    .unwrap();
    for c in [&ka, &plain] {
        move_to_unit(&app, c, &unit).await;
        insert_interaction(&app, c, "PHONE", 5).await;
    }
    let rep = app.login("rep01@example.com").await;
    // The key account: 30 days, a phone call does not count.
    let r = app.gql(Some(&rep), STATUS, json!({"id": ka})).await;
    let s = &r["data"]["revisitStatus"];
    assert_eq!(s["intervalDays"], 30, "{r}");
    assert!(s["lastQualifyingAt"].is_null(), "{r}");
    assert_eq!(s["daysOverdue"], 30);
    // The same grade and tier without the flag: 90 days, the call counts.
    let r = app.gql(Some(&rep), STATUS, json!({"id": plain})).await;
    let s = &r["data"]["revisitStatus"];
    assert_eq!(
        (s["intervalDays"].as_i64(), s["daysOverdue"].as_i64()),
        (Some(90), Some(0))
    );
    let q = "{ overdueRevisits(first: 50) { edges { node { customerId intervalDays } } } }";
    let r = app.gql(Some(&rep), q, json!({})).await;
    let listed: Vec<&str> = r["data"]["overdueRevisits"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["customerId"].as_str().unwrap())
        .collect();
    assert!(
        listed.contains(&ka.as_str()) && !listed.contains(&plain.as_str()),
        "{r}"
    );
    // Compliance: the key account's first due date (day 30) was missed.
    let supervisor = app.login("supervisor.east1@example.com").await;
    let r = app
        .gql(
            Some(&supervisor),
            COMPLIANCE,
            json!({"u": unit, "f": (today() - Duration::days(60)).to_string(), "t": today().to_string()}),
        )
        .await;
    assert_eq!(r["data"]["revisitCompliance"]["due"], 1, "{r}");
    assert_eq!(r["data"]["revisitCompliance"]["doneOnTime"], 0);
    // A visit counts.
    let r = app
        .gql(
            Some(&rep),
            LOG,
            json!({"input": input(&ka, "VISIT", Utc::now())}),
        )
        .await;
    assert_ok(&r);
    let r = app.gql(Some(&rep), STATUS, json!({"id": ka})).await;
    assert_eq!(r["data"]["revisitStatus"]["daysOverdue"], 0);
    assert_eq!(
        r["data"]["revisitStatus"]["nextDue"],
        (today() + Duration::days(30)).to_string()
    );
}

const COMPLIANCE: &str = "query($u: ID!, $f: Date!, $t: Date!) { revisitCompliance(unitId: $u, from: $f, to: $t) { due doneOnTime ratio } }";

#[tokio::test]
async fn cus6_revisit_compliance_counts_due_dates_met_by_their_day() {
    let app = TestApp::spawn().await;
    let unit = new_unit(&app).await;
    // GENERAL/C, 90 days, created 200 days ago: due at day 90 (met by the
    // visit at day 30), then due at day 120 (missed).
    let c = insert_customer(
        &app,
        "合规客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        200,
    )
    .await;
    move_to_unit(&app, &c, &unit).await;
    insert_interaction(&app, &c, "VISIT", 170).await;
    insert_interaction(&app, &c, "OTHER", 100).await;
    let sup = app.login("supervisor.east1@example.com").await;
    let from = (today() - Duration::days(365)).to_string();
    let r = app
        .gql(
            Some(&sup),
            COMPLIANCE,
            json!({"u": unit, "f": from, "t": today().to_string()}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["revisitCompliance"],
        json!({"due": 2, "doneOnTime": 1, "ratio": "0.5000"})
    );
    // Nothing due in the period: no ratio.
    let f = (today() - Duration::days(50)).to_string();
    let r = app
        .gql(
            Some(&sup),
            COMPLIANCE,
            json!({"u": unit, "f": f, "t": today().to_string()}),
        )
        .await;
    assert_eq!(
        r["data"]["revisitCompliance"],
        json!({"due": 0, "doneOnTime": 0, "ratio": null})
    );
    // ORG-3: the unit subtree must be within scope.
    for who in [
        "rep01@example.com",
        "supervisor.south1@example.com",
        "finance@example.com",
    ] {
        let t = app.login(who).await;
        let r = app
            .gql(
                Some(&t),
                COMPLIANCE,
                json!({"u": unit, "f": from, "t": today().to_string()}),
            )
            .await;
        assert_code(&r, "NOT_FOUND");
    }
    let r = app
        .gql(
            Some(&sup),
            COMPLIANCE,
            json!({"u": unit, "f": today().to_string(), "t": from}),
        )
        .await;
    assert_code(&r, "VALIDATION");
}

const CARE: &str = "query($f: Date!, $t: Date!) { upcomingCareEvents(from: $f, to: $t) { kind date holidayName contact { name locale } customer { id name } owner { id } } }";

#[tokio::test]
async fn cus7_care_events_for_opted_in_key_account_contacts() {
    let app = TestApp::spawn().await;
    let ka = insert_customer(
        &app,
        "大客户",
        Some("rep01@example.com"),
        "STRATEGIC",
        "A",
        10,
    )
    .await;
    let plain = insert_customer(
        &app,
        "普通客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    sqlx::query("UPDATE customers SET key_account = true WHERE id = $1::uuid")
        .bind(&ka)
        .execute(&app.db.pool)
        .await
        .unwrap();
    insert_contact(&app, &ka, "闰年", Some("1984-02-29"), true, true).await;
    insert_contact(&app, &ka, "元旦后", Some("1990-01-03"), true, true).await;
    insert_contact(&app, &ka, "未同意", Some("1990-02-10"), false, true).await;
    insert_contact(&app, &ka, "离职", Some("1990-02-10"), true, false).await;
    insert_contact(&app, &plain, "非大客户", Some("1990-02-10"), true, true).await;
    let rep = app.login("rep01@example.com").await;
    let r = app
        .gql(
            Some(&rep),
            CARE,
            json!({"f": "2027-02-01", "t": "2027-03-01"}),
        )
        .await;
    assert_ok(&r);
    let ev: Vec<(String, String, String)> = r["data"]["upcomingCareEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().into(),
                e["date"].as_str().unwrap().into(),
                e["contact"]["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let e = |k: &str, d: &str, n: &str| (k.to_owned(), d.to_owned(), n.to_owned());
    assert_eq!(
        ev,
        [
            e("HOLIDAY", "2027-02-06", "元旦后"),
            e("HOLIDAY", "2027-02-06", "闰年"),
            e("BIRTHDAY", "2027-02-28", "闰年")
        ]
    );
    assert_eq!(r["data"]["upcomingCareEvents"][0]["holidayName"], "春节");
    assert_eq!(
        r["data"]["upcomingCareEvents"][0]["owner"]["id"],
        app.user_id("rep01@example.com").await
    );
    // The year wraps.
    let r = app
        .gql(
            Some(&rep),
            CARE,
            json!({"f": "2026-12-20", "t": "2027-01-10"}),
        )
        .await;
    let ev = r["data"]["upcomingCareEvents"].as_array().unwrap();
    assert_eq!(ev.len(), 1, "{r}");
    assert_eq!(ev[0]["date"], "2027-01-03");
    // Scope and range.
    let other = app.login("rep03@example.com").await;
    let r = app
        .gql(
            Some(&other),
            CARE,
            json!({"f": "2027-02-01", "t": "2027-03-01"}),
        )
        .await;
    assert_eq!(r["data"]["upcomingCareEvents"], json!([]));
    assert_code(
        &app.gql(
            Some(&rep),
            CARE,
            json!({"f": "2026-01-01", "t": "2027-01-03"}),
        )
        .await,
        "VALIDATION",
    );
    assert_code(
        &app.gql(
            Some(&rep),
            CARE,
            json!({"f": "2026-02-01", "t": "2026-01-03"}),
        )
        .await,
        "VALIDATION",
    );
}

const RECORD: &str = "mutation($i: RecordSatisfactionInput!) { recordSatisfaction(input: $i) { id score surveyedOn } }";

#[tokio::test]
async fn cus8_satisfaction_scores_averages_and_scope() {
    let app = TestApp::spawn().await;
    let unit = new_unit(&app).await;
    let c = insert_customer(
        &app,
        "满意客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    move_to_unit(&app, &c, &unit).await;
    let south = insert_customer(
        &app,
        "南区客户",
        Some("rep03@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let rep = app.login("rep01@example.com").await;
    let t = today().to_string();
    let rec = |c: &str, score: i64, on: &str| json!({"i": {"customerId": c, "score": score, "surveyedOn": on}});
    let before = app.count("SELECT count(*) FROM satisfaction_surveys").await;
    let tomorrow = (today() + Duration::days(1)).to_string();
    for (vars, code) in [
        (rec(&c, 0, &t), "VALIDATION"),
        (rec(&c, 6, &t), "VALIDATION"),
        (rec(&c, 4, &tomorrow), "VALIDATION"),
        (
            json!({"i": {"customerId": c, "score": 4, "surveyedOn": t, "note": "n".repeat(2001)}}),
            "VALIDATION",
        ),
        (rec(&south, 4, &t), "NOT_FOUND"),
        (rec("nope", 4, &t), "VALIDATION"),
    ] {
        assert_code(&app.gql(Some(&rep), RECORD, vars).await, code);
    }
    let fin = app.login("finance@example.com").await;
    assert_code(
        &app.gql(Some(&fin), RECORD, rec(&c, 4, &t)).await,
        "NOT_FOUND",
    );
    assert_eq!(
        app.count("SELECT count(*) FROM satisfaction_surveys").await,
        before
    );
    assert_ok(
        &app.gql(
            Some(&rep),
            RECORD,
            rec(&c, 4, &(today() - Duration::days(3)).to_string()),
        )
        .await,
    );
    assert_ok(&app.gql(Some(&rep), RECORD, rec(&c, 5, &t)).await);
    // Customer service runs the surveys: it may record for any customer.
    let cs = app.login("service@example.com").await;
    assert_ok(&app.gql(Some(&cs), RECORD, rec(&south, 2, &t)).await);
    let q = "query($id: ID!) { satisfaction(customerId: $id) { average count latest { score surveyedOn } } }";
    let r = app.gql(Some(&rep), q, json!({"id": c})).await;
    assert_eq!(
        r["data"]["satisfaction"],
        json!({"average": "4.50", "count": 2, "latest": {"score": 5, "surveyedOn": t}})
    );
    assert_code(
        &app.gql(Some(&rep), q, json!({"id": south})).await,
        "NOT_FOUND",
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'SATISFACTION'")
            .await,
        3
    );
    let q = "query($u: ID!, $f: Date!, $t: Date!) { satisfactionSummary(unitId: $u, from: $f, to: $t) { average count } }";
    let sup = app.login("supervisor.east1@example.com").await;
    let r = app
        .gql(
            Some(&sup),
            q,
            json!({"u": unit, "f": (today() - Duration::days(1)).to_string(), "t": t}),
        )
        .await;
    assert_eq!(
        r["data"]["satisfactionSummary"],
        json!({"average": "5.00", "count": 1})
    );
    assert_code(
        &app.gql(Some(&rep), q, json!({"u": unit, "f": t, "t": t}))
            .await,
        "NOT_FOUND",
    );
    let south_sup = app.login("supervisor.south1@example.com").await;
    assert_code(
        &app.gql(Some(&south_sup), q, json!({"u": unit, "f": t, "t": t}))
            .await,
        "NOT_FOUND",
    );
}

const SET: &str = "mutation($k: String!, $v: JSON!, $ver: Int!) { updateCompanySetting(key: $k, value: $v, version: $ver) { key version } }";

#[tokio::test]
async fn cus6_cus7_settings_are_validated_and_used() {
    let app = TestApp::spawn().await;
    let c = insert_customer(
        &app,
        "配置客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    let ka = insert_customer(
        &app,
        "大客户",
        Some("rep01@example.com"),
        "GENERAL",
        "C",
        10,
    )
    .await;
    sqlx::query("UPDATE customers SET key_account = true WHERE id = $1::uuid")
        .bind(&ka)
        .execute(&app.db.pool)
        .await
        .unwrap();
    insert_contact(&app, &ka, "联系人", None, true, true).await;
    let dir = app.login("director@example.com").await;
    let version = || app.count("SELECT count(*) FROM audit_log WHERE entity = 'SETTING'");
    let bad = [
        (
            "care_holidays",
            json!({"2027": [{"name": "春节", "date": "2026-02-17"}]}),
        ),
        (
            "care_holidays",
            json!({"2026": [{"name": "", "date": "2026-02-17"}]}),
        ),
        (
            "care_holidays",
            json!({"2026": [{"name": "x", "date": "2026-02-30"}]}),
        ),
        (
            "revisit_interval_days",
            json!({"grade": {"STRATEGIC": 30, "IMPORTANT": 30, "GENERAL": 0}, "tier": {"A": 30, "B": 60, "C": 90}}),
        ),
        (
            "revisit_interval_days",
            json!({"grade": {"STRATEGIC": 30}, "tier": {"A": 30, "B": 60, "C": 90}}),
        ),
    ];
    for (k, v) in bad {
        assert_code(
            &app.gql(Some(&dir), SET, json!({"k": k, "v": v, "ver": 1}))
                .await,
            "VALIDATION",
        );
    }
    assert_eq!(version().await, 0);
    let rep = app.login("rep01@example.com").await;
    let holidays = json!({"2030": [{"name": "测试节", "date": "2030-05-01"}]});
    assert_code(
        &app.gql(
            Some(&rep),
            SET,
            json!({"k": "care_holidays", "v": holidays, "ver": 1}),
        )
        .await,
        "FORBIDDEN",
    );
    assert_ok(
        &app.gql(
            Some(&dir),
            SET,
            json!({"k": "care_holidays", "v": holidays, "ver": 1}),
        )
        .await,
    );
    let r = app
        .gql(
            Some(&rep),
            CARE,
            json!({"f": "2030-04-01", "t": "2030-05-31"}),
        )
        .await;
    assert_eq!(
        r["data"]["upcomingCareEvents"][0]["holidayName"], "测试节",
        "{r}"
    );
    // CUS-7: the festivals hold for any year (no table to type in), and
    // `care_festivals` says which are greeted.
    let r = app
        .gql(
            Some(&rep),
            CARE,
            json!({"f": "2040-01-01", "t": "2040-12-31"}),
        )
        .await;
    let names = |r: &Value| -> Vec<String> {
        let mut n: Vec<String> = r["data"]["upcomingCareEvents"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["holidayName"].as_str().map(str::to_owned))
            .collect();
        n.dedup();
        n
    };
    assert_eq!(names(&r), ["春节", "中秋节", "国庆节"], "{r}");
    assert_code(
        &app.gql(
            Some(&dir),
            SET,
            json!({"k": "care_festivals", "v": ["MID_AUTUMN", "MID_AUTUMN"], "ver": 1}),
        )
        .await,
        "VALIDATION",
    );
    assert_ok(
        &app.gql(
            Some(&dir),
            SET,
            json!({"k": "care_festivals", "v": ["MID_AUTUMN"], "ver": 1}),
        )
        .await,
    );
    let r = app
        .gql(
            Some(&rep),
            CARE,
            json!({"f": "2040-01-01", "t": "2040-12-31"}),
        )
        .await;
    assert_eq!(names(&r), ["中秋节"], "{r}");
    let policy = json!({"grade": {"STRATEGIC": 30, "IMPORTANT": 30, "GENERAL": 7}, "tier": {"A": 30, "B": 60, "C": 90}});
    assert_ok(
        &app.gql(
            Some(&dir),
            SET,
            json!({"k": "revisit_interval_days", "v": policy, "ver": 1}),
        )
        .await,
    );
    let r = app.gql(Some(&rep), STATUS, json!({"id": c})).await;
    assert_eq!(r["data"]["revisitStatus"]["intervalDays"], 7);
    assert_eq!(r["data"]["revisitStatus"]["daysOverdue"], 3);
}
