//! PIP-3 evaluations, PIP-4 initiation applications (approval, the
//! ≥ 1 000 000 team rule, the project team's access under ORG-3), PIP-5
//! requirements reports and the PIP-2 gates they open.

use chrono::Utc;
use salesd_domain::org::{Actor, Role};
use salesd_domain::pipeline::project::audit_visible;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::{create, customer};

const EVAL: &str =
    "id decision suggestsLost background needs budget competition cycle decidedBy { id }";
const INIT: &str =
    "id status version basicFacts returnReason proposedRoles submittedBy { id } decidedBy { id }
  proposedTeam { userId role duties }";
const REPORT: &str = "id version functionalNeeds deliveryTime gatheredBy createdBy { id }";

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

fn message(r: &Value) -> &str {
    r["errors"][0]["message"].as_str().unwrap_or("")
}

async fn count(app: &TestApp, sql: &'static str, id: &Value) -> i64 {
    let id: uuid::Uuid = id.as_str().unwrap().parse().unwrap();
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect(sql)
}

/// A customer of rep01 and an opportunity of `amount` on it.
async fn opportunity(app: &TestApp, rep: &str, amount: &str) -> Value {
    let c = customer(app, "rep01@example.com", "华东重工", Utc::now()).await;
    create(app, rep, c, "三期自动化产线", amount).await
}

async fn evaluate(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: RecordEvaluationInput!) {{ recordEvaluation(input: $i) {{ {EVAL} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

async fn submit(app: &TestApp, token: &str, o: &Value, team: Value) -> Value {
    submit_with(
        app,
        token,
        json!({"opportunityId": o["id"], "basicFacts": "客户扩产，需新建两条产线",
               "salesStrategy": "以技术方案领先，联合集成商", "expectedGoals": "年内签约", "team": team}),
    )
    .await
}

async fn submit_with(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: SubmitInitiationInput!) {{ submitInitiation(input: $i) {{ {INIT} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

async fn approve(app: &TestApp, token: &str, a: &Value, version: i64) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!) {{ approveInitiation(id: $id, version: $v) {{ {INIT} }} }}"
    );
    app.gql(Some(token), &q, json!({"id": a["id"], "v": version}))
        .await
}

async fn give_back(app: &TestApp, token: &str, a: &Value, reason: &str, version: i64) -> Value {
    let q = format!(
        "mutation($id: ID!, $r: String!, $v: Int!) {{ returnInitiation(id: $id, reason: $r, version: $v) {{ {INIT} }} }}"
    );
    app.gql(
        Some(token),
        &q,
        json!({"id": a["id"], "r": reason, "v": version}),
    )
    .await
}

async fn report(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: RecordRequirementsReportInput!) {{ recordRequirementsReport(input: $i) {{ {REPORT} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

/// Moves `o` (re-read for its version) to `to`.
async fn mv(app: &TestApp, token: &str, o: &Value, to: &str) -> Value {
    let v = app
        .gql(
            Some(token),
            "query($id: ID!) { opportunity(id: $id) { version } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_ok(&v);
    app.gql(
        Some(token),
        "mutation($id: ID!, $to: OpportunityStage!, $v: Int!) {
           moveOpportunityStage(id: $id, to: $to, version: $v) { stage } }",
        json!({"id": o["id"], "to": to, "v": v["data"]["opportunity"]["version"]}),
    )
    .await
}

async fn sees(app: &TestApp, token: &str, o: &Value) -> bool {
    let r = app
        .gql(
            Some(token),
            "query($id: ID!) { opportunity(id: $id) { id } }",
            json!({"id": o["id"]}),
        )
        .await;
    r.get("errors").is_none()
}

fn member(user: &str, role: &str, duties: &str) -> Value {
    json!({"userId": user, "role": role, "duties": duties})
}

#[tokio::test]
async fn pip3_evaluation_go_no_go_scope_and_bad_input() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let o = opportunity(&app, &rep, "300000.00").await;
    let input = |decision: &str| {
        json!({"opportunityId": o["id"], "background": "老客户扩产", "needs": "两条装配线",
               "budget": "350000.00", "competition": "西门子、本地集成商", "cycle": "约 6 个月",
               "decision": decision})
    };
    let r = evaluate(&app, &rep, input("GO")).await;
    assert_ok(&r);
    let e = &r["data"]["recordEvaluation"];
    assert_eq!(
        (e["decision"].as_str(), e["suggestsLost"].as_bool()),
        (Some("GO"), Some(false))
    );
    assert_eq!(e["budget"], "350000.00");
    assert_eq!(e["decidedBy"]["id"], app.user_id("rep01@example.com").await);

    // NO_GO is advice: the stage stays; the owner marks LOST themselves.
    let mgr = app.login("manager.east@example.com").await;
    let r = evaluate(&app, &mgr, input("NO_GO")).await;
    assert_ok(&r);
    assert_eq!(r["data"]["recordEvaluation"]["suggestsLost"], true);
    let list = app
        .gql(
            Some(&rep),
            "query($o: ID!) { evaluations(opportunityId: $o) { decision } opportunity(id: $o) { stage } }",
            json!({"o": o["id"]}),
        )
        .await;
    assert_ok(&list);
    assert_eq!(
        list["data"]["evaluations"],
        json!([{"decision": "NO_GO"}, {"decision": "GO"}])
    );
    assert_eq!(list["data"]["opportunity"]["stage"], "EVALUATION");

    let mut bad = Vec::new();
    for (key, value, f) in [
        ("background", json!("  "), "background"),
        ("needs", json!("需".repeat(5001)), "needs"),
        ("budget", json!("-1"), "budget"),
        ("budget", json!("1.001"), "budget"),
        ("cycle", json!("月".repeat(501)), "cycle"),
        ("competition", json!("x".repeat(5001)), "competition"),
        ("opportunityId", json!("nope"), "opportunityId"),
    ] {
        let mut i = input("GO");
        i[key] = value;
        bad.push((i, "VALIDATION", Some(f)));
    }
    let mut missing = input("GO");
    missing["opportunityId"] = json!(uuid::Uuid::now_v7());
    bad.push((missing, "NOT_FOUND", None));
    for (i, code, f) in bad {
        let r = evaluate(&app, &rep, i.clone()).await;
        assert_code(&r, code);
        assert_eq!(field(&r), f, "{r}");
    }
    // ORG-3: another team's rep does not see it; a team member sees but may not evaluate.
    let rep02 = app.login("rep02@example.com").await;
    assert_code(&evaluate(&app, &rep02, input("GO")).await, "NOT_FOUND");
    let r = app
        .gql(
            Some(&rep02),
            "query($o: ID!) { evaluations(opportunityId: $o) { id } }",
            json!({"o": o["id"]}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    let rep03 = app.user_id("rep03@example.com").await;
    let r = app
        .gql(
            Some(&rep),
            "mutation($o: ID!, $u: ID!) { setOpportunityTeamMember(opportunityId: $o, userId: $u, role: SALES_REP) { role } }",
            json!({"o": o["id"], "u": rep03}),
        )
        .await;
    assert_ok(&r);
    let rep03 = app.login("rep03@example.com").await;
    assert_code(&evaluate(&app, &rep03, input("GO")).await, "FORBIDDEN");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM opportunity_evaluations WHERE opportunity_id = $1",
            &o["id"]
        )
        .await,
        2
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'EVALUATION' AND action = 'CREATE'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn pip4_approval_creates_team_that_sees_it_and_opens_the_gate() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let mgr = app.login("manager.east@example.com").await;
    let rep03_id = app.user_id("rep03@example.com").await;
    let rep03 = app.login("rep03@example.com").await;
    let o = opportunity(&app, &rep, "500000.00").await;

    let r = submit(
        &app,
        &rep,
        &o,
        json!([member(&rep03_id, "SALES_REP", "华南现场支持")]),
    )
    .await;
    assert_ok(&r);
    let a = r["data"]["submitInitiation"].clone();
    assert_eq!(
        (a["status"].as_str(), a["version"].as_i64()),
        (Some("SUBMITTED"), Some(1))
    );
    assert_eq!(a["proposedRoles"], json!(["SALES_REP"]));
    // One open application at a time; the gate is still closed.
    assert_code(&submit(&app, &rep, &o, json!([])).await, "CONFLICT");
    assert_code(&mv(&app, &rep, &o, "INITIATION").await, "CONFLICT");
    // A rep from another region is not on the team yet: the opportunity is not there.
    assert!(!sees(&app, &rep03, &o).await);

    // The approver's queue.
    let q = app
        .gql(Some(&mgr), "{ pendingInitiations { id } }", json!({}))
        .await;
    assert_eq!(q["data"]["pendingInitiations"], json!([{"id": a["id"]}]));
    let q = app
        .gql(Some(&rep), "{ pendingInitiations { id } }", json!({}))
        .await;
    assert_eq!(q["data"]["pendingInitiations"], json!([]));

    // The submitter (a rep) may not approve; a rep on the team neither; a
    // manager of another region does not see it; a stale version conflicts.
    assert_code(&approve(&app, &rep, &a, 1).await, "FORBIDDEN");
    let rep04_id = app.user_id("rep04@example.com").await;
    assert_ok(
        &app.gql(
            Some(&rep),
            "mutation($o: ID!, $u: ID!) { setOpportunityTeamMember(opportunityId: $o, userId: $u, role: MEMBER) { role } }",
            json!({"o": o["id"], "u": rep04_id}),
        )
        .await,
    );
    let rep04 = app.login("rep04@example.com").await;
    assert_code(&approve(&app, &rep04, &a, 1).await, "FORBIDDEN");
    let south = app.login("manager.south@example.com").await;
    assert_code(&approve(&app, &south, &a, 1).await, "NOT_FOUND");
    assert_code(&approve(&app, &mgr, &a, 7).await, "CONFLICT");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM opportunity_team_members WHERE opportunity_id = $1",
            &o["id"]
        )
        .await,
        1
    );

    let r = approve(&app, &mgr, &a, 1).await;
    assert_ok(&r);
    let done = &r["data"]["approveInitiation"];
    assert_eq!(
        (done["status"].as_str(), done["version"].as_i64()),
        (Some("APPROVED"), Some(2))
    );
    assert_eq!(
        done["decidedBy"]["id"],
        app.user_id("manager.east@example.com").await
    );
    // The team row exists with its duties, and the member now sees the opportunity (ORG-3).
    let t = app
        .gql(
            Some(&rep03),
            "query($o: ID!) { opportunityTeam(opportunityId: $o) { userId role duties } }",
            json!({"o": o["id"]}),
        )
        .await;
    assert_ok(&t);
    assert!(
        t["data"]["opportunityTeam"]
            .as_array()
            .unwrap()
            .contains(&json!({"userId": rep03_id, "role": "SALES_REP", "duties": "华南现场支持"}))
    );
    assert!(sees(&app, &rep03, &o).await);
    // Approved once: no second application, and a second approval conflicts.
    assert_code(&submit(&app, &rep, &o, json!([])).await, "CONFLICT");
    assert_code(&approve(&app, &mgr, &a, 2).await, "CONFLICT");
    let r = mv(&app, &rep, &o, "INITIATION").await;
    assert_ok(&r);
    assert_eq!(r["data"]["moveOpportunityStage"]["stage"], "INITIATION");
    for (action, n) in [("CREATE", 1), ("APPROVE", 1)] {
        let got: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM audit_log WHERE entity = 'INITIATION' AND action = $1",
        )
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(got, n, "{action}");
    }
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'OPPORTUNITY' AND action = 'TEAM_SET'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn pip4_big_project_needs_full_team_returned_then_resubmitted() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let mgr = app.login("manager.east@example.com").await;
    let o = opportunity(&app, &rep, "1000000.00").await;
    let (rep03, mgr_id) = (
        app.user_id("rep03@example.com").await,
        app.user_id("manager.east@example.com").await,
    );
    let r = submit(
        &app,
        &rep,
        &o,
        json!([
            member(&rep03, "SALES_REP", "商务"),
            member(&mgr_id, "SALES_MANAGER", "统筹")
        ]),
    )
    .await;
    assert_ok(&r);
    let a = r["data"]["submitInitiation"].clone();

    let r = approve(&app, &mgr, &a, 1).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("team"));
    assert!(message(&r).contains("LEADER, TECH_LEAD"), "{r}");
    // Nothing changed.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM opportunity_team_members WHERE opportunity_id = $1",
            &o["id"]
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM opportunity_initiations WHERE opportunity_id = $1 AND status = 'SUBMITTED' AND row_version = 1",
            &o["id"]
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity IN ('INITIATION', 'OPPORTUNITY') AND action IN ('APPROVE', 'TEAM_SET')")
            .await,
        0
    );

    // Returned with a reason (none: VALIDATION), then a new application.
    let r = give_back(&app, &mgr, &a, "  ", 1).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("reason"));
    let r = give_back(&app, &mgr, &a, "请补充技术负责人和项目负责人", 1).await;
    assert_ok(&r);
    let back = &r["data"]["returnInitiation"];
    assert_eq!(
        (back["status"].as_str(), back["returnReason"].as_str()),
        (Some("RETURNED"), Some("请补充技术负责人和项目负责人"))
    );
    assert_code(&give_back(&app, &mgr, &a, "again", 2).await, "CONFLICT");
    assert_code(&mv(&app, &rep, &o, "INITIATION").await, "CONFLICT");

    let (sup, tech) = (
        app.user_id("supervisor.east1@example.com").await,
        app.user_id("tech@example.com").await,
    );
    let r = submit(
        &app,
        &rep,
        &o,
        json!([
            member(&sup, "LEADER", "项目总负责"),
            member(&mgr_id, "SALES_MANAGER", "统筹"),
            member(&rep03, "SALES_REP", "商务"),
            member(&tech, "TECH_LEAD", "方案")
        ]),
    )
    .await;
    assert_ok(&r);
    let a2 = r["data"]["submitInitiation"].clone();
    let r = approve(&app, &mgr, &a2, 1).await;
    assert_ok(&r);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM opportunity_team_members WHERE opportunity_id = $1",
            &o["id"]
        )
        .await,
        4
    );
    let list = app
        .gql(
            Some(&rep),
            "query($o: ID!) { initiations(opportunityId: $o) { status } opportunity(id: $o) { teamRequirementsMet } }",
            json!({"o": o["id"]}),
        )
        .await;
    assert_eq!(
        list["data"]["initiations"],
        json!([{"status": "APPROVED"}, {"status": "RETURNED"}])
    );
    assert_eq!(list["data"]["opportunity"]["teamRequirementsMet"], true);
    assert_ok(&mv(&app, &rep, &o, "INITIATION").await);
}

#[tokio::test]
async fn pip4_nobody_approves_their_own_application() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let mgr = app.login("manager.east@example.com").await;
    let o = opportunity(&app, &rep, "200000.00").await;
    // The manager may submit for the rep's opportunity (write scope) …
    let r = submit(&app, &mgr, &o, json!([])).await;
    assert_ok(&r);
    let a = r["data"]["submitInitiation"].clone();
    // … but not approve or return it.
    assert_code(&approve(&app, &mgr, &a, 1).await, "FORBIDDEN");
    assert_code(&give_back(&app, &mgr, &a, "x", 1).await, "FORBIDDEN");
    let q = app
        .gql(Some(&mgr), "{ pendingInitiations { id } }", json!({}))
        .await;
    assert_eq!(q["data"]["pendingInitiations"], json!([]));
    // The director decides it.
    let dir = app.login("director@example.com").await;
    let r = approve(&app, &dir, &a, 1).await;
    assert_ok(&r);
    assert_eq!(r["data"]["approveInitiation"]["status"], "APPROVED");
}

#[tokio::test]
async fn pip4_submit_bad_input_and_scope_change_nothing() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let o = opportunity(&app, &rep, "200000.00").await;
    let rep03 = app.user_id("rep03@example.com").await;
    let base = json!({"opportunityId": o["id"], "basicFacts": "事实", "salesStrategy": "策略",
                      "expectedGoals": "目标", "team": [member(&rep03, "SALES_REP", "商务")]});
    let with = |key: &str, v: Value| {
        let mut i = base.clone();
        i[key] = v;
        i
    };
    let cases = [
        (
            with("basicFacts", json!(" ")),
            "VALIDATION",
            Some("basicFacts"),
        ),
        (
            with("salesStrategy", json!("策".repeat(5001))),
            "VALIDATION",
            Some("salesStrategy"),
        ),
        (
            with("expectedGoals", json!("")),
            "VALIDATION",
            Some("expectedGoals"),
        ),
        (
            with(
                "team",
                json!([
                    member(&rep03, "SALES_REP", "a"),
                    member(&rep03, "LEADER", "b")
                ]),
            ),
            "VALIDATION",
            Some("team"),
        ),
        (
            with(
                "team",
                json!([member(&rep03, "SALES_REP", &"职".repeat(1001))]),
            ),
            "VALIDATION",
            Some("team.duties"),
        ),
        (
            with(
                "team",
                json!([member(&uuid::Uuid::now_v7().to_string(), "MEMBER", "")]),
            ),
            "VALIDATION",
            Some("team"),
        ),
        (
            with("team", json!([member("nope", "MEMBER", "")])),
            "VALIDATION",
            Some("team"),
        ),
        (
            with("opportunityId", json!(uuid::Uuid::now_v7())),
            "NOT_FOUND",
            None,
        ),
    ];
    for (input, code, f) in cases {
        let r = submit_with(&app, &rep, input.clone()).await;
        assert_code(&r, code);
        assert_eq!(field(&r), f, "{r}");
    }
    // Another team's opportunity is not there.
    let rep02 = app.login("rep02@example.com").await;
    assert_code(&submit_with(&app, &rep02, base.clone()).await, "NOT_FOUND");
    assert_eq!(
        app.count("SELECT count(*) FROM opportunity_initiations")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'INITIATION'")
            .await,
        0
    );

    let r = submit_with(&app, &rep, base.clone()).await;
    assert_ok(&r);
    let a = &r["data"]["submitInitiation"];
    for (token, q) in [
        (&rep02, "query($id: ID!) { initiation(id: $id) { id } }"),
        (
            &rep02,
            "query($id: ID!) { initiations(opportunityId: $id) { id } }",
        ),
    ] {
        let id = if q.contains("opportunityId") {
            &o["id"]
        } else {
            &a["id"]
        };
        assert_code(
            &app.gql(Some(token), q, json!({"id": id})).await,
            "NOT_FOUND",
        );
    }
    let r = app
        .gql(
            Some(&rep),
            "query($id: ID!) { initiation(id: $id) { basicFacts proposedTeam { userId role duties } } }",
            json!({"id": a["id"]}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["initiation"],
        json!({"basicFacts": "事实", "proposedTeam": [{"userId": rep03, "role": "SALES_REP", "duties": "商务"}]})
    );

    // ORG-4: the audit trail of an artefact is as visible as its opportunity.
    let id: uuid::Uuid = a["id"].as_str().unwrap().parse().unwrap();
    let stranger = Actor {
        user_id: Some(app.user_id("rep02@example.com").await.parse().unwrap()),
        label: "rep02".into(),
        roles: vec![Role::SalesRep],
        subtree: Vec::new(),
        read_only: false,
        token_units: None,
    };
    let pool = &app.db.pool;
    let system = Actor::system("test");
    assert!(
        audit_visible(pool, &system, "INITIATION", id)
            .await
            .unwrap()
    );
    assert!(
        !audit_visible(pool, &stranger, "INITIATION", id)
            .await
            .unwrap()
    );
    assert!(
        !audit_visible(pool, &system, "EVALUATION", id)
            .await
            .unwrap()
    );
    assert!(!audit_visible(pool, &system, "QUOTE", id).await.unwrap());
}

#[tokio::test]
async fn pip5_requirements_report_opens_the_proposal_gate() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let mgr = app.login("manager.east@example.com").await;
    let o = opportunity(&app, &rep, "400000.00").await;
    let rep03_id = app.user_id("rep03@example.com").await;
    let r = submit(
        &app,
        &rep,
        &o,
        json!([member(&rep03_id, "MEMBER", "需求调研")]),
    )
    .await;
    let a = r["data"]["submitInitiation"].clone();
    assert_ok(&approve(&app, &mgr, &a, 1).await);
    assert_ok(&mv(&app, &rep, &o, "INITIATION").await);
    assert_ok(&mv(&app, &rep, &o, "REQUIREMENTS").await);
    assert_code(&mv(&app, &rep, &o, "PROPOSAL").await, "CONFLICT");

    let input = json!({"opportunityId": o["id"], "functionalNeeds": "两条装配线，节拍 60 秒",
                       "qualityStandards": "GB/T 19001", "deliveryTime": "2027 年 3 月前",
                       "serviceNeeds": "驻场调试两周", "gatheredBy": "SITE_VISIT"});
    let with = |key: &str, v: Value| {
        let mut i = input.clone();
        i[key] = v;
        i
    };
    for (i, code, f) in [
        (
            with("functionalNeeds", json!("  ")),
            "VALIDATION",
            Some("functionalNeeds"),
        ),
        (
            with("functionalNeeds", json!("需".repeat(10_001))),
            "VALIDATION",
            Some("functionalNeeds"),
        ),
        (
            with("deliveryTime", json!("期".repeat(501))),
            "VALIDATION",
            Some("deliveryTime"),
        ),
        (
            with("serviceNeeds", json!("服".repeat(5001))),
            "VALIDATION",
            Some("serviceNeeds"),
        ),
        (
            with("qualityStandards", json!("质".repeat(5001))),
            "VALIDATION",
            Some("qualityStandards"),
        ),
        (
            with("opportunityId", json!(uuid::Uuid::now_v7())),
            "NOT_FOUND",
            None,
        ),
    ] {
        let r = report(&app, &rep, i).await;
        assert_code(&r, code);
        assert_eq!(field(&r), f, "{r}");
    }
    // Another team's rep: not there.
    let rep02 = app.login("rep02@example.com").await;
    assert_code(&report(&app, &rep02, input.clone()).await, "NOT_FOUND");
    assert_eq!(
        app.count("SELECT count(*) FROM requirements_reports").await,
        0
    );

    // The technical lead of the project team writes it.
    let rep03 = app.login("rep03@example.com").await;
    let r = report(&app, &rep03, input.clone()).await;
    assert_ok(&r);
    let rpt = r["data"]["recordRequirementsReport"].clone();
    assert_eq!(
        (rpt["gatheredBy"].as_str(), rpt["version"].as_i64()),
        (Some("SITE_VISIT"), Some(1))
    );
    assert_eq!(rpt["createdBy"]["id"], rep03_id);

    // The owner updates it at its version; a stale version conflicts.
    let q = format!(
        "mutation($i: UpdateRequirementsReportInput!) {{ updateRequirementsReport(input: $i) {{ {REPORT} }} }}"
    );
    let upd = |v: i64, needs: &str| {
        json!({"i": {"id": rpt["id"], "version": v, "functionalNeeds": needs,
                     "deliveryTime": "2027 年 4 月前", "gatheredBy": "MEETING"}})
    };
    let r = app.gql(Some(&rep), &q, upd(1, "三条装配线")).await;
    assert_ok(&r);
    let u = &r["data"]["updateRequirementsReport"];
    assert_eq!(
        (
            u["version"].as_i64(),
            u["functionalNeeds"].as_str(),
            u["gatheredBy"].as_str()
        ),
        (Some(2), Some("三条装配线"), Some("MEETING"))
    );
    assert_code(&app.gql(Some(&rep), &q, upd(1, "四条")).await, "CONFLICT");
    let r = app.gql(Some(&rep), &q, upd(2, " ")).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("functionalNeeds"));
    assert_code(&app.gql(Some(&rep02), &q, upd(2, "x")).await, "NOT_FOUND");
    let r = app
        .gql(
            Some(&rep03),
            "query($o: ID!, $id: ID!) { requirementsReports(opportunityId: $o) { functionalNeeds }
               requirementsReport(id: $id) { version } }",
            json!({"o": o["id"], "id": rpt["id"]}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["requirementsReports"],
        json!([{"functionalNeeds": "三条装配线"}])
    );
    assert_eq!(r["data"]["requirementsReport"]["version"], 2);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'REQUIREMENTS_REPORT'")
            .await,
        2
    );

    let r = mv(&app, &rep, &o, "PROPOSAL").await;
    assert_ok(&r);
    assert_eq!(r["data"]["moveOpportunityStage"]["stage"], "PROPOSAL");

    // A closed opportunity's reports no longer change.
    let v = app
        .gql(
            Some(&rep),
            "query($id: ID!) { opportunity(id: $id) { version } }",
            json!({"id": o["id"]}),
        )
        .await;
    assert_ok(
        &app.gql(
            Some(&rep),
            "mutation($id: ID!, $v: Int!) { markOpportunityLost(id: $id, reason: \"预算取消\", version: $v) { stage } }",
            json!({"id": o["id"], "v": v["data"]["opportunity"]["version"]}),
        )
        .await,
    );
    assert_code(&report(&app, &rep, input).await, "CONFLICT");
    assert_code(&app.gql(Some(&rep), &q, upd(2, "x")).await, "CONFLICT");
}

/// PIP-4 holds for the life of the deal: once a big project is initiated,
/// its team stays complete, a duty that names a company role needs a holder
/// of it, and an amount raised past 1 000 000 needs the full team first.
#[tokio::test]
async fn pip4_the_big_project_rule_holds_for_the_life_of_the_deal() {
    let app = TestApp::spawn().await;
    let rep = app.login("rep01@example.com").await;
    let mgr = app.login("manager.east@example.com").await;
    let ids = |e: &'static str| app.user_id(e);
    let (sup, mgr_id, rep_id, tech, rep03) = (
        ids("supervisor.east1@example.com").await,
        ids("manager.east@example.com").await,
        ids("rep01@example.com").await,
        ids("tech@example.com").await,
        ids("rep03@example.com").await,
    );
    // A duty naming a role needs a holder: a rep is no technical lead.
    let big = opportunity(&app, &rep, "1200000.00").await;
    let r = submit(
        &app,
        &rep,
        &big,
        json!([
            member(&sup, "LEADER", "总负责"),
            member(&mgr_id, "SALES_MANAGER", "统筹"),
            member(&rep_id, "SALES_REP", "商务"),
            member(&rep03, "TECH_LEAD", "方案")
        ]),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert!(message(&r).contains("TECH_SUPPORT"), "{r}");
    let r = submit(
        &app,
        &rep,
        &big,
        json!([
            member(&sup, "LEADER", "总负责"),
            member(&mgr_id, "SALES_MANAGER", "统筹"),
            member(&rep_id, "SALES_REP", "商务"),
            member(&tech, "TECH_LEAD", "方案")
        ]),
    )
    .await;
    assert_ok(&r);
    assert_ok(&approve(&app, &mgr, &r["data"]["submitInitiation"], 1).await);
    assert_ok(&mv(&app, &rep, &big, "INITIATION").await);
    let team = "SELECT count(*) FROM opportunity_team_members WHERE opportunity_id = $1";
    // Removing the technical lead would leave the team incomplete.
    let remove =
        "mutation($o: ID!, $u: ID!) { removeOpportunityTeamMember(opportunityId: $o, userId: $u) }";
    let r = app
        .gql(Some(&rep), remove, json!({"o": big["id"], "u": tech}))
        .await;
    assert_code(&r, "VALIDATION");
    assert!(message(&r).contains("TECH_LEAD"), "{r}");
    assert_eq!(count(&app, team, &big["id"]).await, 4, "nothing changed");
    // So would moving the manager to a plain member.
    let set = "mutation($o: ID!, $u: ID!, $r: OpportunityTeamRole!) { setOpportunityTeamMember(opportunityId: $o, userId: $u, role: $r) { role } }";
    let r = app
        .gql(
            Some(&rep),
            set,
            json!({"o": big["id"], "u": mgr_id, "r": "MEMBER"}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert!(message(&r).contains("SALES_MANAGER"), "{r}");
    let r = app
        .gql(
            Some(&rep),
            set,
            json!({"o": big["id"], "u": rep03, "r": "TECH_LEAD"}),
        )
        .await;
    assert_code(&r, "VALIDATION");

    // An initiated 800 000 project with no team may not grow past 1 000 000.
    let small = opportunity(&app, &rep, "800000.00").await;
    let r = submit(&app, &rep, &small, json!([])).await;
    assert_ok(&approve(&app, &mgr, &r["data"]["submitInitiation"], 1).await);
    assert_ok(&mv(&app, &rep, &small, "INITIATION").await);
    let v: i64 = sqlx::query_scalar("SELECT version::int8 FROM opportunities WHERE id = $1::uuid")
        .bind(small["id"].as_str().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let update =
        "mutation($i: UpdateOpportunityInput!) { updateOpportunity(input: $i) { amount } }";
    let r = app
        .gql(
            Some(&rep),
            update,
            json!({"i": {"id": small["id"], "version": v, "amount": "1500000.00"}}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("amount"), "{r}");
    assert!(
        message(&r).contains("LEADER, SALES_MANAGER, SALES_REP, TECH_LEAD"),
        "{r}"
    );
    let r = app
        .gql(
            Some(&rep),
            update,
            json!({"i": {"id": small["id"], "version": v, "amount": "900000.00"}}),
        )
        .await;
    assert_ok(&r);
    // Nor grow in EVALUATION and come back: the forward move needs the team.
    let back = "mutation($id: ID!, $v: Int!) { moveOpportunityStage(id: $id, to: EVALUATION, version: $v, reason: \"重新评估\") { version } }";
    let r = app
        .gql(Some(&mgr), back, json!({"id": small["id"], "v": v + 1}))
        .await;
    assert_ok(&r);
    let v = r["data"]["moveOpportunityStage"]["version"]
        .as_i64()
        .unwrap();
    let r = app
        .gql(
            Some(&rep),
            update,
            json!({"i": {"id": small["id"], "version": v, "amount": "1500000.00"}}),
        )
        .await;
    assert_ok(&r);
    let r = mv(&app, &rep, &small, "INITIATION").await;
    assert_code(&r, "VALIDATION");
    assert!(message(&r).contains("TECH_LEAD"), "{r}");
}
