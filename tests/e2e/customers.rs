//! CUS-1, CUS-2 and ORG-3 on customers, plus company settings.

use salesd_domain::customers::credit_code::with_check_char;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};

pub const CREATE: &str = "mutation($i: CreateCustomerInput!, $c: Boolean! = false) {
  createCustomer(input: $i, confirmDistinct: $c) { id name version creditCode owner { id displayName } inPool
    contacts { id name birthday locale version } ownerHistory { reason owner { id } } } }";

pub fn code(n: u32) -> String {
    with_check_char(&format!("9131000{n:010}")).expect("credit code")
}

pub async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    let r = app.gql(Some(token), CREATE, json!({"i": input})).await;
    assert_ok(&r);
    r["data"]["createCustomer"].clone()
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

#[tokio::test]
async fn cus1_create_with_contacts_owner_history_and_audit() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let rep01 = app.user_id("rep01@example.com").await;
    // REC-8: a rep does not set the credit terms of a customer they sell to.
    let r = app
        .gql(
            Some(&rep),
            CREATE,
            json!({"i": {"name": "华东机械", "creditLimit": "100000.50"}}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");
    let director = app.login("director@example.com").await;
    let d = create(
        &app,
        &director,
        json!({"name": "授信机械有限公司", "ownerId": rep01, "creditLimit": "100000.50"}),
    )
    .await;
    let r = app
        .gql(
            Some(&rep),
            "query($id: ID!) { customer(id: $id) { creditLimit } }",
            json!({"id": d["id"]}),
        )
        .await;
    assert_eq!(r["data"]["customer"]["creditLimit"], "100000.50");
    let c = create(
        &app,
        &rep,
        json!({"name": "  上海华东机械有限公司 ", "creditCode": code(1).to_lowercase(), "tier": "A",
               "sizeClass": "LARGE", "source": "EXHIBITION", "tags": ["机械", "华东"],
               "contacts": [{"name": "王经理", "email": "wang@example.cn", "birthday": "1980-05-01", "greetingOptIn": true, "locale": "ZH_CN"}]}),
    )
    .await;
    assert_eq!(c["name"], "上海华东机械有限公司");
    assert_eq!(c["creditCode"], code(1));
    assert_eq!(c["owner"]["id"], rep01);
    assert_eq!(c["inPool"], false);
    assert_eq!(c["contacts"][0]["birthday"], "1980-05-01");
    assert_eq!(c["ownerHistory"][0]["reason"], "CREATED");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CUSTOMER' AND action = 'CREATE'")
            .await,
        2,
        "the director's and the rep's"
    );
    let r = app
        .gql(Some(&rep), "query($id: ID!) { customer(id: $id) { creditLimit grade tier tags sizeClass source keyAccount } }", json!({"id": c["id"]}))
        .await;
    assert_ok(&r);
    assert!(
        r["data"]["customer"]["creditLimit"].is_null(),
        "no limit set by the rep (REC-8: the grade default applies)"
    );
    assert_eq!(r["data"]["customer"]["grade"], "GENERAL");
    assert_eq!(r["data"]["customer"]["tags"], json!(["机械", "华东"]));
    // A manager may leave a new customer in the pool.
    let m = app.login("manager.east@example.com").await;
    let p = create(&app, &m, json!({"name": "杭州恒信电子", "ownerId": null})).await;
    assert_eq!(p["inPool"], true);
}

#[tokio::test]
async fn cus1_bad_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let cases: Vec<(Value, Option<&str>)> = vec![
        (
            json!({"name": "A", "creditCode": "91310000MA1FL00001"}),
            Some("creditCode"),
        ),
        (json!({"name": "   "}), Some("name")),
        (json!({"name": "长".repeat(300)}), Some("name")),
        (
            json!({"name": "A", "creditLimit": "-1"}),
            Some("creditLimit"),
        ),
        (json!({"name": "A", "tags": ["x".repeat(31)]}), Some("tags")),
        (
            json!({"name": "A", "contacts": [{"name": "B", "birthday": "2999-01-01"}]}),
            Some("birthday"),
        ),
        (json!({"name": "A", "grade": "PLATINUM"}), None),
    ];
    for (input, f) in cases {
        let r = app.gql(Some(&rep), CREATE, json!({"i": input})).await;
        assert_code(&r, "VALIDATION");
        if f.is_some() {
            assert_eq!(field(&r), f, "{r}");
        }
    }
    assert_eq!(app.count("SELECT count(*) FROM customers").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM contacts").await, 0);
    // Finance may not create customers.
    let fin = app.login("finance@example.com").await;
    assert_code(
        &app.gql(Some(&fin), CREATE, json!({"i": {"name": "X"}}))
            .await,
        "FORBIDDEN",
    );
}

#[tokio::test]
async fn cus2_same_credit_code_names_only_the_owner() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    create(
        &app,
        &rep1,
        json!({"name": "上海永盛化工有限公司", "creditCode": code(7), "address": "秘密路 1 号"}),
    )
    .await;
    let r = app
        .gql(
            Some(&rep3),
            CREATE,
            json!({"i": {"name": "完全不同的名字", "creditCode": code(7)}, "c": true}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let msg = r["errors"][0]["message"].as_str().unwrap_or_default();
    let owner: String =
        sqlx::query_scalar("SELECT display_name FROM users WHERE email = 'rep01@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(msg.contains(&owner), "{msg}");
    assert!(
        !msg.contains("永盛") && !msg.contains("秘密路"),
        "no other data: {msg}"
    );
    assert_eq!(app.count("SELECT count(*) FROM customers").await, 1);
}

#[tokio::test]
async fn cus2_similar_names_need_confirmation_and_candidates_cross_scope() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    let c = create(&app, &rep1, json!({"name": "上海华东机械有限公司"})).await;
    for name in ["上海华东机械股份有限公司", "上海 华东机械"] {
        let r = app
            .gql(Some(&rep3), CREATE, json!({"i": {"name": name}}))
            .await;
        assert_code(&r, "CONFLICT");
        assert!(
            r["errors"][0]["message"]
                .as_str()
                .unwrap_or_default()
                .contains(c["id"].as_str().unwrap())
        );
    }
    assert_eq!(app.count("SELECT count(*) FROM customers").await, 1);
    let q = "query($n: String!, $c: String) { duplicateCandidates(name: $n, creditCode: $c) { id name ownerName sameCreditCode } }";
    let r = app
        .gql(Some(&rep3), q, json!({"n": "上海华东机械股份有限公司"}))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["duplicateCandidates"][0]["id"], c["id"]);
    assert!(r["data"]["duplicateCandidates"][0]["ownerName"].is_string());
    // rep03 cannot read the customer itself (ORG-3).
    let r = app
        .gql(
            Some(&rep3),
            "query($id: ID!) { customer(id: $id) { id } }",
            json!({"id": c["id"]}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(
            Some(&rep3),
            CREATE,
            json!({"i": {"name": "上海华东机械股份有限公司"}, "c": true}),
        )
        .await;
    assert_ok(&r);
}

#[tokio::test]
async fn cus2_concurrent_creates_with_one_credit_code_one_wins() {
    let app = TestApp::spawn().await;
    let a = app.login("rep01@example.com").await;
    let b = app.login("rep03@example.com").await;
    let v1 = json!({"i": {"name": "甲公司", "creditCode": code(9)}, "c": true});
    let v2 = json!({"i": {"name": "乙企业", "creditCode": code(9)}, "c": true});
    let (r1, r2) = tokio::join!(app.gql(Some(&a), CREATE, v1), app.gql(Some(&b), CREATE, v2));
    let oks = [&r1, &r2]
        .iter()
        .filter(|r| r.get("errors").is_none())
        .count();
    assert_eq!(oks, 1, "{r1} {r2}");
    assert!(
        [&r1, &r2]
            .iter()
            .any(|r| crate::common::code(r) == Some("CONFLICT"))
    );
    assert_eq!(app.count("SELECT count(*) FROM customers").await, 1);
}

#[tokio::test]
async fn cus1_list_filters_orders_and_pages() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    for (n, g) in [
        ("苏州瑞丰纺织", "GENERAL"),
        ("苏州金桥物流", "IMPORTANT"),
        ("南京博远能源", "GENERAL"),
        ("宁波汇通食品", "STRATEGIC"),
    ] {
        // CUS-1: the supervisor sets a grade above GENERAL for the rep.
        let c = create(&app, &rep, json!({"name": n})).await;
        sqlx::query("UPDATE customers SET grade = $2 WHERE id = $1::uuid")
            .bind(c["id"].as_str().unwrap())
            .bind(g)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE customers SET last_interaction_at = now() WHERE name = '南京博远能源'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let q = "query($f: CustomerFilter, $o: CustomerOrderBy, $first: Int, $after: String) {
      customers(filter: $f, orderBy: $o, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }";
    let names = |r: &Value| -> Vec<String> {
        r["data"]["customers"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = app.gql(Some(&rep), q, json!({"f": {"name": "苏州"}})).await;
    assert_ok(&r);
    assert_eq!(r["data"]["customers"]["totalCount"], 2);
    let r = app
        .gql(Some(&rep), q, json!({"f": {"grade": "GENERAL"}}))
        .await;
    assert_eq!(r["data"]["customers"]["totalCount"], 2);
    let r = app
        .gql(
            Some(&rep),
            q,
            json!({"f": {"name": "苏州瑞丰纺织公司", "fuzzy": true}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(names(&r)[0], "苏州瑞丰纺织");
    let r = app
        .gql(
            Some(&rep),
            q,
            json!({"o": {"field": "LAST_INTERACTION", "direction": "DESC"}, "first": 1}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(names(&r), vec!["南京博远能源"]);
    let mut seen = names(&r);
    let mut after = r["data"]["customers"]["pageInfo"]["endCursor"].clone();
    loop {
        let r = app.gql(Some(&rep), q, json!({"o": {"field": "LAST_INTERACTION", "direction": "DESC"}, "first": 1, "after": after})).await;
        assert_ok(&r);
        seen.extend(names(&r));
        if r["data"]["customers"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = r["data"]["customers"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    let r = app.gql(Some(&rep), q, json!({"f": {"inPool": true}})).await;
    assert_eq!(r["data"]["customers"]["totalCount"], 0);
}

#[tokio::test]
async fn cus1_update_customer_version_scope_and_duplicates() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    let c = create(&app, &rep1, json!({"name": "厦门鼎力建设"})).await;
    create(
        &app,
        &rep3,
        json!({"name": "佛山晨光汽车零部件", "creditCode": code(3)}),
    )
    .await;
    let m = "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { name version grade industry } }";
    let id = c["id"].clone();
    let r = app
        .gql(
            Some(&rep3),
            m,
            json!({"i": {"id": id, "version": 1, "grade": "STRATEGIC"}}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(
            Some(&rep1),
            m,
            json!({"i": {"id": id, "version": 1, "industry": "建筑"}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateCustomer"]["version"], 2);
    let r = app
        .gql(
            Some(&rep1),
            m,
            json!({"i": {"id": id, "version": 1, "grade": "GENERAL"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep1),
            m,
            json!({"i": {"id": id, "version": 2, "creditCode": code(3)}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep1),
            m,
            json!({"i": {"id": id, "version": 2, "name": "佛山晨光汽车零部件有限公司"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let r = app
        .gql(
            Some(&rep1),
            m,
            json!({"i": {"id": id, "version": 2, "creditLimit": "-5"}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    // REC-8: credit terms are not the rep's to change (setCustomerCredit).
    for patch in [json!({"creditLimit": "5"}), json!({"creditRating": "AAA"})] {
        let mut i = json!({"id": id, "version": 2});
        i.as_object_mut()
            .unwrap()
            .extend(patch.as_object().unwrap().clone());
        assert_code(&app.gql(Some(&rep1), m, json!({"i": i})).await, "FORBIDDEN");
    }
    let r = app
        .gql(
            Some(&rep1),
            m,
            json!({"i": {"id": id, "version": 2, "industry": null}}),
        )
        .await;
    assert_ok(&r);
    assert!(r["data"]["updateCustomer"]["industry"].is_null());
    let grade: String =
        sqlx::query_scalar("SELECT grade FROM customers WHERE name = '厦门鼎力建设'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(grade, "GENERAL", "the rep changed no grade (CUS-1)");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CUSTOMER' AND action = 'UPDATE'")
            .await,
        2
    );
}

#[tokio::test]
async fn cus1_contacts_add_update_deactivate() {
    let app = TestApp::spawn().await;
    let rep1 = app.login("rep01@example.com").await;
    let rep3 = app.login("rep03@example.com").await;
    let c = create(&app, &rep1, json!({"name": "东莞明辉电子"})).await;
    let add = "mutation($c: ID!, $i: ContactInput!) { addContact(customerId: $c, input: $i) { id version name } }";
    let r = app
        .gql(
            Some(&rep3),
            add,
            json!({"c": c["id"], "i": {"name": "李四"}}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(
            Some(&rep1),
            add,
            json!({"c": c["id"], "i": {"name": "李四", "email": "nope"}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    let r = app
        .gql(
            Some(&rep1),
            add,
            json!({"c": c["id"], "i": {"name": "李四", "isBilling": true}}),
        )
        .await;
    assert_ok(&r);
    let ct = r["data"]["addContact"]["id"].clone();
    let upd = "mutation($id: ID!, $v: Int!, $i: ContactInput!) { updateContact(id: $id, version: $v, input: $i) { version title } }";
    let r = app
        .gql(
            Some(&rep1),
            upd,
            json!({"id": ct, "v": 1, "i": {"name": "李四", "title": "采购总监"}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateContact"]["title"], "采购总监");
    let r = app
        .gql(
            Some(&rep1),
            upd,
            json!({"id": ct, "v": 1, "i": {"name": "李四"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let de = "mutation($id: ID!, $v: Int!) { deactivateContact(id: $id, version: $v) { active } }";
    let r = app.gql(Some(&rep3), de, json!({"id": ct, "v": 2})).await;
    assert_code(&r, "NOT_FOUND");
    let r = app.gql(Some(&rep1), de, json!({"id": ct, "v": 2})).await;
    assert_ok(&r);
    assert_eq!(r["data"]["deactivateContact"]["active"], false);
}

/// CUS-1 grade governance: a rep creates customers as GENERAL and changes
/// no grade; they ask their supervisor, who approves (the customer takes
/// the grade, audited) or returns the request; the supervisor may also set
/// it directly. Bad input and the wrong people change nothing.
#[tokio::test]
async fn cus1_raising_a_grade_needs_the_supervisor() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let sup = app.login("supervisor.east1@example.com").await;
    let other_sup = app.login("supervisor.south1@example.com").await;
    let before = app.count("SELECT count(*) FROM customers").await;
    let r = app
        .gql(
            Some(&rep),
            CREATE,
            json!({"i": {"name": "战略自封", "grade": "STRATEGIC"}}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");
    assert_eq!(app.count("SELECT count(*) FROM customers").await, before);
    let c = create(&app, &rep, json!({"name": "苏州精密机电"})).await;
    let update =
        "mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { grade version } }";
    let r = app
        .gql(
            Some(&rep),
            update,
            json!({"i": {"id": c["id"], "version": 1, "grade": "STRATEGIC"}}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");

    let request = "mutation($c: ID!, $g: Grade!, $r: String!) { requestCustomerGrade(customerId: $c, grade: $g, reason: $r) { id version status fromGrade toGrade } }";
    let decide = "mutation($id: ID!, $v: Int!, $ok: Boolean!, $r: String) { decideCustomerGradeRequest(id: $id, version: $v, approve: $ok, reason: $r) { status version decisionReason } }";
    for (vars, code_, field) in [
        (
            json!({"c": c["id"], "g": "IMPORTANT", "r": " "}),
            "VALIDATION",
            Some("reason"),
        ),
        (
            json!({"c": c["id"], "g": "GENERAL", "r": "年采购额过百万"}),
            "VALIDATION",
            Some("grade"),
        ),
        (
            json!({"c": uuid::Uuid::now_v7(), "g": "IMPORTANT", "r": "年采购额过百万"}),
            "NOT_FOUND",
            None,
        ),
    ] {
        let r = app.gql(Some(&rep), request, vars).await;
        assert_code(&r, code_);
        if let Some(f) = field {
            assert_eq!(r["errors"][0]["extensions"]["field"], f, "{r}");
        }
    }
    let r = app
        .gql(
            Some(&rep),
            request,
            json!({"c": c["id"], "g": "IMPORTANT", "r": "年采购额过百万"}),
        )
        .await;
    assert_ok(&r);
    let q = r["data"]["requestCustomerGrade"].clone();
    assert_eq!(
        (q["status"].as_str(), q["fromGrade"].as_str()),
        (Some("PENDING"), Some("GENERAL"))
    );
    let r = app
        .gql(
            Some(&rep),
            request,
            json!({"c": c["id"], "g": "STRATEGIC", "r": "再申请"}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    // The approvals inbox of the supervisor lists it; another team's does not.
    let inbox =
        "{ customerGradeRequests(status: PENDING) { id customer { id } requestedBy { id } } }";
    let r = app.gql(Some(&sup), inbox, json!({})).await;
    assert_eq!(r["data"]["customerGradeRequests"][0]["id"], q["id"], "{r}");
    let r = app.gql(Some(&other_sup), inbox, json!({})).await;
    assert_eq!(r["data"]["customerGradeRequests"], json!([]));
    // Nobody decides their own request; another team's supervisor does not
    // see it; returning needs a reason; a stale version is a CONFLICT.
    let v = |v: i64, ok: bool, r: Option<&str>| json!({"id": q["id"], "v": v, "ok": ok, "r": r});
    assert_code(
        &app.gql(Some(&rep), decide, v(1, true, None)).await,
        "FORBIDDEN",
    );
    assert_code(
        &app.gql(Some(&other_sup), decide, v(1, true, None)).await,
        "NOT_FOUND",
    );
    let r = app.gql(Some(&sup), decide, v(1, false, None)).await;
    assert_code(&r, "VALIDATION");
    assert_code(
        &app.gql(Some(&sup), decide, v(2, true, None)).await,
        "CONFLICT",
    );
    let grade = || async {
        sqlx::query_scalar::<_, String>("SELECT grade FROM customers WHERE id = $1::uuid")
            .bind(c["id"].as_str().unwrap())
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(grade().await, "GENERAL", "nothing changed");
    let r = app.gql(Some(&sup), decide, v(1, true, None)).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["decideCustomerGradeRequest"]["status"],
        "APPROVED"
    );
    assert_eq!(grade().await, "IMPORTANT");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CUSTOMER' AND action = 'UPDATE'")
            .await,
        1,
        "the grade change is audited on the customer"
    );
    // A second request, returned with a reason.
    let r = app
        .gql(
            Some(&rep),
            request,
            json!({"c": c["id"], "g": "STRATEGIC", "r": "战略合作"}),
        )
        .await;
    let q2 = r["data"]["requestCustomerGrade"].clone();
    let r = app
        .gql(
            Some(&sup),
            decide,
            json!({"id": q2["id"], "v": 1, "ok": false, "r": "采购规模不足"}),
        )
        .await;
    assert_eq!(
        r["data"]["decideCustomerGradeRequest"]["status"], "RETURNED",
        "{r}"
    );
    assert_eq!(grade().await, "IMPORTANT");
    // The supervisor may set it directly.
    let version: i32 = sqlx::query_scalar("SELECT version FROM customers WHERE id = $1::uuid")
        .bind(c["id"].as_str().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let r = app
        .gql(
            Some(&sup),
            update,
            json!({"i": {"id": c["id"], "version": version, "grade": "STRATEGIC"}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateCustomer"]["grade"], "STRATEGIC");
}
