//! TGT-3 sales plans, TGT-4 work logs / weekly reports / monthly summaries
//! and the AUTO-5 work-log reminders (docs/worklog.md). The API runs on
//! the system clock; rules that need a moved clock (the late flag, the
//! scan) call the domain functions with a chosen `now`, and the reminder
//! emails go through the notify drain to a real SMTP conversation.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use salesd_domain::clock::{company_date, start_of_day};
use salesd_domain::notify::scan::{ScanKind, ScanOptions, ScanReport, at_hour};
use salesd_domain::registry::run_scan;
use salesd_domain::worklog::logs::{LogContent, submit_log};
use salesd_domain::worklog::week_of;
use salesd_worker::MailConfig;
use salesd_worker::jobs::notify::drain;
use salesd_worker::smtp_sink::SmtpSink;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;

const REP: &str = "rep01@example.com";
const SUP: &str = "supervisor.east1@example.com";
const OTHER_SUP: &str = "supervisor.south1@example.com";
const MANAGER: &str = "manager.east@example.com";

const PLAN: &str = "id userId weekStart status version decidedById decisionNote
    items { kind day customerId activityKind title description }";

fn today() -> NaiveDate {
    company_date(Utc::now())
}

/// The Monday of next week.
fn next_week() -> NaiveDate {
    week_of(today()) + Days::new(7)
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn create_plan(app: &TestApp, token: &str, input: Value) -> Value {
    let q = format!(
        "mutation($i: CreateSalesPlanInput!) {{ createSalesPlan(input: $i) {{ {PLAN} }} }}"
    );
    app.gql(Some(token), &q, json!({"i": input})).await
}

async fn plan_op(
    app: &TestApp,
    token: &str,
    op: &str,
    id: &Value,
    version: i64,
    extra: &str,
) -> Value {
    let q = format!(
        "mutation($id: ID!, $v: Int!) {{ {op}(id: $id, version: $v{extra}) {{ {PLAN} }} }}"
    );
    app.gql(Some(token), &q, json!({"id": id, "v": version}))
        .await
}

/// A plan of rep01 for next week with a visit to their customer and a
/// meeting, submitted: the plan as answered.
async fn submitted_plan(app: &TestApp, rep: &str, cust: Uuid) -> Value {
    let token = app.login(rep).await;
    let w = next_week();
    let r = create_plan(
        app,
        &token,
        json!({"weekStart": w, "note": "重点跟进华东客户",
               "items": [
                   {"day": w, "customerId": cust, "title": "介绍新产品方案"},
                   {"day": w + Days::new(2), "activityKind": "MEETING", "title": "团队周会",
                    "description": "讨论季度目标"}]}),
    )
    .await;
    assert_ok(&r);
    let p = &r["data"]["createSalesPlan"];
    assert_eq!(p["status"], "DRAFT");
    assert_eq!(p["items"][0]["kind"], "VISIT");
    assert_eq!(p["items"][1]["activityKind"], "MEETING");
    let r = plan_op(app, &token, "submitSalesPlan", &p["id"], 1, "").await;
    assert_ok(&r);
    assert_eq!(r["data"]["submitSalesPlan"]["status"], "SUBMITTED");
    r["data"]["submitSalesPlan"].clone()
}

async fn audit_actions(app: &TestApp, entity: &str, id: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity = $1 AND entity_id = $2::uuid ORDER BY at, id",
    )
    .bind(entity)
    .bind(id)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

/// TGT-3: DRAFT → SUBMITTED → RETURNED (with a reason) → edited →
/// SUBMITTED → APPROVED by the rep's supervisor, every step audited.
#[tokio::test]
async fn tgt3_plan_is_submitted_returned_resubmitted_and_approved() {
    let app = TestApp::spawn().await;
    let cust = customer(&app, REP, "杭州云帆贸易有限公司", Utc::now()).await;
    let p = submitted_plan(&app, REP, cust).await;
    let (rep, sup) = (app.login(REP).await, app.login(SUP).await);
    let sup_id = app.user_id(SUP).await;

    // Approving a draft or returning without a reason changes nothing.
    let r = plan_op(
        &app,
        &sup,
        "returnSalesPlan",
        &p["id"],
        2,
        ", reason: \"  \"",
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("reason"));
    let r = plan_op(
        &app,
        &sup,
        "returnSalesPlan",
        &p["id"],
        2,
        ", reason: \"拜访目的不够具体\"",
    )
    .await;
    assert_ok(&r);
    let p = &r["data"]["returnSalesPlan"];
    assert_eq!(p["status"], "RETURNED");
    assert_eq!(p["decisionNote"], "拜访目的不够具体");
    assert_eq!(p["decidedById"], sup_id.as_str());
    let r = plan_op(&app, &sup, "approveSalesPlan", &p["id"], 3, "").await;
    assert_code(&r, "CONFLICT");

    // The rep edits the returned plan and submits it again.
    let w = next_week();
    let q = format!(
        "mutation($i: UpdateSalesPlanInput!) {{ updateSalesPlan(input: $i) {{ {PLAN} }} }}"
    );
    let r = app
        .gql(
            Some(&rep),
            &q,
            json!({"i": {"id": p["id"], "version": 3, "items": [
                {"day": w + Days::new(1), "customerId": cust, "title": "确认采购数量并推进报价"}]}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["updateSalesPlan"]["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let r = plan_op(&app, &rep, "submitSalesPlan", &p["id"], 4, "").await;
    assert_ok(&r);
    assert_eq!(r["data"]["submitSalesPlan"]["decisionNote"], Value::Null);
    // An edit of a submitted plan is refused.
    let r = app
        .gql(
            Some(&rep),
            &q,
            json!({"i": {"id": p["id"], "version": 5, "items": []}}),
        )
        .await;
    assert_code(&r, "CONFLICT");

    let r = plan_op(
        &app,
        &sup,
        "approveSalesPlan",
        &p["id"],
        5,
        ", comment: \"同意\"",
    )
    .await;
    assert_ok(&r);
    assert_eq!(r["data"]["approveSalesPlan"]["status"], "APPROVED");
    let id = p["id"].as_str().unwrap();
    assert_eq!(
        audit_actions(&app, "SALES_PLAN", id).await,
        ["CREATE", "SUBMIT", "RETURN", "UPDATE", "SUBMIT", "APPROVE"]
    );
    // The rep, the supervisor and the manager above see it in their lists.
    for who in [REP, SUP, MANAGER, "director@example.com"] {
        let t = app.login(who).await;
        let r = app
            .gql(Some(&t), "{ salesPlans { id status } }", json!({}))
            .await;
        assert_ok(&r);
        assert_eq!(r["data"]["salesPlans"][0]["id"], id, "{who}");
    }
}

/// TGT-3: nobody approves or returns their own plan — not a rep, not a
/// supervisor who files one (their head, the manager, does).
#[tokio::test]
async fn tgt3_nobody_approves_their_own_plan() {
    let app = TestApp::spawn().await;
    let cust = customer(&app, REP, "苏州恒信机械有限公司", Utc::now()).await;
    let p = submitted_plan(&app, REP, cust).await;
    let rep = app.login(REP).await;
    for op in ["approveSalesPlan", "returnSalesPlan"] {
        let extra = if op == "returnSalesPlan" {
            ", reason: \"x\""
        } else {
            ""
        };
        let r = plan_op(&app, &rep, op, &p["id"], 2, extra).await;
        assert_code(&r, "FORBIDDEN");
        let msg = r["errors"][0]["message"].as_str().unwrap();
        assert!(msg.contains("your own plan"), "{msg}");
    }
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM sales_plans WHERE status = 'SUBMITTED' AND version = 2"
        )
        .await,
        1,
        "nothing changed"
    );

    // A supervisor's own plan: FORBIDDEN for them, approved by their head.
    let sup_cust = customer(&app, SUP, "上海金桥电子有限公司", Utc::now()).await;
    let sp = submitted_plan(&app, SUP, sup_cust).await;
    let sup = app.login(SUP).await;
    let r = plan_op(&app, &sup, "approveSalesPlan", &sp["id"], 2, "").await;
    assert_code(&r, "FORBIDDEN");
    let manager = app.login(MANAGER).await;
    let r = plan_op(&app, &manager, "approveSalesPlan", &sp["id"], 2, "").await;
    assert_ok(&r);
    // Admins see everything but are not in the chain.
    let admin = app.login("admin@example.com").await;
    let r = plan_op(&app, &admin, "approveSalesPlan", &p["id"], 2, "").await;
    assert_code(&r, "FORBIDDEN");
}

/// TGT-3, ORG-3: another team's supervisor, another rep: NOT_FOUND; a
/// visit to a customer out of the rep's scope NOT_FOUND; bad input and a
/// stale version refused with nothing stored.
#[tokio::test]
async fn tgt3_out_of_scope_bad_input_and_stale_versions_change_nothing() {
    let app = TestApp::spawn().await;
    let cust = customer(&app, REP, "宁波天成化工有限公司", Utc::now()).await;
    let theirs = customer(
        &app,
        "rep02@example.com",
        "广州瑞丰物流有限公司",
        Utc::now(),
    )
    .await;
    let rep = app.login(REP).await;
    let w = next_week();
    let bad = [
        (
            json!({"weekStart": w + Days::new(1), "items": []}),
            "VALIDATION",
            Some("weekStart"),
        ),
        (
            json!({"weekStart": w, "items": [{"day": w + Days::new(7), "customerId": cust, "title": "x"}]}),
            "VALIDATION",
            Some("items.0.day"),
        ),
        (
            json!({"weekStart": w, "items": [{"day": w, "customerId": cust, "title": "x".repeat(201)}]}),
            "VALIDATION",
            Some("items.0.title"),
        ),
        (
            json!({"weekStart": w, "items": [{"day": w, "title": "no kind, no customer"}]}),
            "VALIDATION",
            Some("items.0.customerId"),
        ),
        (
            json!({"weekStart": w, "items": [{"day": w, "customerId": theirs, "title": "x"}]}),
            "NOT_FOUND",
            None,
        ),
        (
            json!({"weekStart": w, "note": "长".repeat(2001)}),
            "VALIDATION",
            Some("note"),
        ),
    ];
    for (input, code, f) in bad {
        let r = create_plan(&app, &rep, input).await;
        assert_code(&r, code);
        assert_eq!(field(&r), f, "{r}");
    }
    assert_eq!(count(&app, "SELECT count(*) FROM sales_plans").await, 0);

    let p = submitted_plan(&app, REP, cust).await;
    // A second plan for the same week: CONFLICT.
    let r = create_plan(&app, &rep, json!({"weekStart": w})).await;
    assert_code(&r, "CONFLICT");
    for who in [OTHER_SUP, "rep02@example.com"] {
        let t = app.login(who).await;
        let r = plan_op(&app, &t, "approveSalesPlan", &p["id"], 2, "").await;
        assert_code(&r, "NOT_FOUND");
        let r = app
            .gql(
                Some(&t),
                "query($id: ID!) { salesPlan(id: $id) { id } }",
                json!({"id": p["id"]}),
            )
            .await;
        assert_code(&r, "NOT_FOUND");
        let r = app.gql(Some(&t), "{ salesPlans { id } }", json!({})).await;
        assert_eq!(r["data"]["salesPlans"], json!([]), "{who}");
    }
    let sup = app.login(SUP).await;
    let r = plan_op(&app, &sup, "approveSalesPlan", &p["id"], 1, "").await;
    assert_code(&r, "CONFLICT");
    let status: String = sqlx::query_scalar("SELECT status FROM sales_plans")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "SUBMITTED");
    let id = p["id"].as_str().unwrap();
    assert_eq!(
        audit_actions(&app, "SALES_PLAN", id).await,
        ["CREATE", "SUBMIT"]
    );
}

const LOG: &str =
    "id userId day visitedCustomerIds contactedCustomerIds outcome notes dueOn late version";

async fn submit_log_api(app: &TestApp, token: &str, day: NaiveDate, input: Value) -> Value {
    let q = format!(
        "mutation($d: Date!, $i: WorkLogContentInput!) {{ submitWorkLog(day: $d, input: $i) {{ {LOG} }} }}"
    );
    app.gql(Some(token), &q, json!({"d": day, "i": input}))
        .await
}

/// TGT-4: a log for a future day is refused, one per day (a second is a
/// CONFLICT: change the first), stale versions, too-long text and
/// customers out of scope refused; supervisors read, other teams do not.
#[tokio::test]
async fn tgt4_future_duplicate_stale_and_out_of_scope_logs_are_refused() {
    let app = TestApp::spawn().await;
    let cust = customer(&app, REP, "东莞明辉电子有限公司", Utc::now()).await;
    let theirs = customer(
        &app,
        "rep02@example.com",
        "佛山汇通能源有限公司",
        Utc::now(),
    )
    .await;
    let rep = app.login(REP).await;
    let ok = json!({"visitedCustomerIds": [cust], "outcome": "客户确认下月采购"});
    let r = submit_log_api(&app, &rep, today() + Days::new(1), ok.clone()).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("day"));
    for (input, code) in [
        (json!({"outcome": "  "}), "VALIDATION"),
        (json!({"outcome": "长".repeat(4001)}), "VALIDATION"),
        (
            json!({"outcome": "x", "notes": "长".repeat(4001)}),
            "VALIDATION",
        ),
        (
            json!({"outcome": "x", "contactedCustomerIds": [theirs]}),
            "NOT_FOUND",
        ),
        (
            json!({"outcome": "x", "visitedCustomerIds": ["nope"]}),
            "VALIDATION",
        ),
    ] {
        let r = submit_log_api(&app, &rep, today(), input).await;
        assert_code(&r, code);
    }
    assert_eq!(count(&app, "SELECT count(*) FROM work_logs").await, 0);

    let r = submit_log_api(&app, &rep, today(), ok.clone()).await;
    assert_ok(&r);
    let log = r["data"]["submitWorkLog"].clone();
    assert_eq!(log["late"], false);
    assert!(log["dueOn"].as_str().unwrap() > today().to_string().as_str());
    let r = submit_log_api(&app, &rep, today(), ok).await;
    assert_code(&r, "CONFLICT");

    let q = format!(
        "mutation($id: ID!, $v: Int!, $i: WorkLogContentInput!) {{ updateWorkLog(id: $id, version: $v, input: $i) {{ {LOG} }} }}"
    );
    let change = json!({"visitedCustomerIds": [cust], "contactedCustomerIds": [cust], "outcome": "客户确认采购"});
    let r = app
        .gql(
            Some(&rep),
            &q,
            json!({"id": log["id"], "v": 7, "i": change}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    let sup = app.login(SUP).await;
    let r = app
        .gql(
            Some(&sup),
            &q,
            json!({"id": log["id"], "v": 1, "i": change}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");
    let r = app
        .gql(
            Some(&rep),
            &q,
            json!({"id": log["id"], "v": 1, "i": change}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateWorkLog"]["version"], 2);
    assert_eq!(
        audit_actions(&app, "WORK_LOG", log["id"].as_str().unwrap()).await,
        ["CREATE", "UPDATE"]
    );

    let one = "query($id: ID!) { workLog(id: $id) { id } }";
    let r = app.gql(Some(&sup), one, json!({"id": log["id"]})).await;
    assert_ok(&r);
    let other = app.login(OTHER_SUP).await;
    let r = app.gql(Some(&other), one, json!({"id": log["id"]})).await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(Some(&other), "{ workLogs { id } }", json!({}))
        .await;
    assert_eq!(r["data"]["workLogs"], json!([]));
}

async fn actor_of(app: &TestApp, email: &str) -> salesd_domain::org::Actor {
    let token = app.login(email).await;
    salesd_domain::org::auth::authenticate(&app.db.pool, &token, Utc::now())
        .await
        .unwrap()
        .unwrap()
}

/// `hour`:`min` company time of `day`.
fn at(day: &str, hour: i64, min: i64) -> DateTime<Utc> {
    start_of_day(day.parse().unwrap()) + Duration::hours(hour) + Duration::minutes(min)
}

/// TGT-4 with TGT-5: a log is due by the end of the next working day. The
/// log of Friday 2026-11-06 is due on Tuesday 11-10 (the weekend rests,
/// Monday 11-09 is a configured holiday): in time at 23:59 on Tuesday,
/// late at 00:01 on Wednesday. Thursday's log is due on Friday.
#[tokio::test]
async fn tgt4_late_flag_counts_working_days_across_a_weekend_and_a_holiday() {
    let app = TestApp::spawn().await;
    sqlx::query("INSERT INTO business_calendar (day, working, name) VALUES ('2026-11-09', false, '测试假日')")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let content = LogContent {
        outcome: "拜访客户".into(),
        ..LogContent::default()
    };
    let ctx = |actor, now| salesd_domain::Ctx {
        actor,
        request_id: "t".into(),
        now,
    };
    let rep = actor_of(&app, REP).await;
    let rep2 = actor_of(&app, "rep02@example.com").await;
    let pool = &app.db.pool;
    let fri: NaiveDate = "2026-11-06".parse().unwrap();
    let thu: NaiveDate = "2026-11-05".parse().unwrap();
    let tue: NaiveDate = "2026-11-10".parse().unwrap();
    let l = submit_log(
        pool,
        &ctx(rep.clone(), at("2026-11-10", 23, 59)),
        fri,
        &content,
    )
    .await
    .unwrap();
    assert_eq!((l.due_on, l.late), (tue, false));
    let l = submit_log(pool, &ctx(rep2, at("2026-11-11", 0, 1)), fri, &content)
        .await
        .unwrap();
    assert_eq!((l.due_on, l.late), (tue, true));
    let l = submit_log(
        pool,
        &ctx(rep.clone(), at("2026-11-06", 18, 0)),
        thu,
        &content,
    )
    .await
    .unwrap();
    assert_eq!((l.due_on, l.late), (fri, false));
    // A Sunday's log (worked on a rest day) is due on Tuesday too.
    let sun: NaiveDate = "2026-11-08".parse().unwrap();
    let l = submit_log(
        pool,
        &ctx(rep.clone(), at("2026-11-11", 9, 0)),
        sun,
        &content,
    )
    .await
    .unwrap();
    assert_eq!((l.due_on, l.late), (tue, true));
    // Lists filter the late ones.
    let sup = app.login(SUP).await;
    let r = app
        .gql(
            Some(&sup),
            "{ workLogs(late: true) { day late } }",
            json!({}),
        )
        .await;
    assert_eq!(
        r["data"]["workLogs"],
        json!([{"day": "2026-11-08", "late": true}])
    );
}

const WEEKLY: &str = "id userId weekStart isoWeek summary nextWeekPlan status reviewedById reviewedAt reviewComment version";

/// TGT-4: the weekly report (周工作表) with next week's plan, reviewed by
/// the supervisor — not by the author, not twice, not by another team;
/// the monthly summary with its log figures, reviewed by the manager.
#[tokio::test]
async fn tgt4_weekly_report_and_monthly_summary_are_reviewed_by_the_chain() {
    let app = TestApp::spawn().await;
    let rep = app.login(REP).await;
    let week = week_of(today());
    let submit = format!(
        "mutation($i: SubmitWeeklyReportInput!) {{ submitWeeklyReport(input: $i) {{ {WEEKLY} }} }}"
    );
    let input = |w: NaiveDate, s: &str| json!({"i": {"weekStart": w, "summary": s, "nextWeekPlan": "继续跟进报价"}});
    let long = "长".repeat(8001);
    for (w, s, f) in [
        (week + Days::new(1), "本周总结", "weekStart"),
        (week + Days::new(7), "本周总结", "weekStart"),
        (week, "", "summary"),
        (week, long.as_str(), "summary"),
    ] {
        let r = app.gql(Some(&rep), &submit, input(w, s)).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some(f));
    }
    let r = app
        .gql(Some(&rep), &submit, input(week, "拜访 5 家客户"))
        .await;
    assert_ok(&r);
    let rpt = r["data"]["submitWeeklyReport"].clone();
    assert_eq!(rpt["isoWeek"], week.iso_week().week());
    let r = app.gql(Some(&rep), &submit, input(week, "again")).await;
    assert_code(&r, "CONFLICT");

    let review = format!(
        "mutation($id: ID!, $v: Int!, $c: String!) {{ reviewWeeklyReport(id: $id, version: $v, comment: $c) {{ {WEEKLY} }} }}"
    );
    let vars = |v: i64| json!({"id": rpt["id"], "v": v, "c": "客户拜访充分，注意回款"});
    let r = app.gql(Some(&rep), &review, vars(1)).await;
    assert_code(&r, "FORBIDDEN");
    let other = app.login(OTHER_SUP).await;
    assert_code(&app.gql(Some(&other), &review, vars(1)).await, "NOT_FOUND");
    let sup = app.login(SUP).await;
    assert_code(&app.gql(Some(&sup), &review, vars(9)).await, "CONFLICT");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM work_reports WHERE status = 'SUBMITTED' AND version = 1"
        )
        .await,
        1
    );
    let r = app.gql(Some(&sup), &review, vars(1)).await;
    assert_ok(&r);
    let reviewed = &r["data"]["reviewWeeklyReport"];
    assert_eq!(reviewed["status"], "REVIEWED");
    assert_eq!(reviewed["reviewedById"], app.user_id(SUP).await.as_str());
    assert!(reviewed["reviewedAt"].is_string());
    assert_code(&app.gql(Some(&sup), &review, vars(2)).await, "CONFLICT");
    let update = "mutation($i: UpdateWeeklyReportInput!) { updateWeeklyReport(input: $i) { id } }";
    let r = app
        .gql(
            Some(&rep),
            update,
            json!({"i": {"id": rpt["id"], "version": 2, "summary": "x", "nextWeekPlan": "y"}}),
        )
        .await;
    assert_code(&r, "CONFLICT");
    assert_eq!(
        audit_actions(&app, "WEEKLY_REPORT", rpt["id"].as_str().unwrap()).await,
        ["CREATE", "REVIEW"]
    );

    // The monthly summary counts the month's logs.
    let r = submit_log_api(&app, &rep, today(), json!({"outcome": "电话回访"})).await;
    assert_ok(&r);
    let t = today();
    let q = "mutation($i: SubmitMonthlySummaryInput!) { submitMonthlySummary(input: $i) {
        id year month status version logStats { logs lateLogs visits contacts } } }";
    let m = |month: i32| json!({"i": {"year": t.year(), "month": month, "summary": "本月完成目标", "nextMonthPlan": "推进签约"}});
    let r = app.gql(Some(&rep), q, m(13)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("month"));
    let r = app.gql(Some(&rep), q, m(t.month() as i32)).await;
    assert_ok(&r);
    let s = r["data"]["submitMonthlySummary"].clone();
    assert_eq!(
        s["logStats"],
        json!({"logs": 1, "lateLogs": 0, "visits": 0, "contacts": 0})
    );
    let rv = "mutation($id: ID!, $c: String!) { reviewMonthlySummary(id: $id, version: 1, comment: $c) { status } }";
    let r = app
        .gql(Some(&rep), rv, json!({"id": s["id"], "c": "ok"}))
        .await;
    assert_code(&r, "FORBIDDEN");
    let manager = app.login(MANAGER).await;
    let r = app
        .gql(Some(&manager), rv, json!({"id": s["id"], "c": "ok"}))
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["reviewMonthlySummary"]["status"], "REVIEWED");
}

async fn scan(app: &TestApp, now: DateTime<Utc>) -> ScanReport {
    run_scan(
        &app.db.pool,
        ScanKind::WorkLogs,
        now,
        ScanOptions::default(),
    )
    .await
    .unwrap()
}

/// Logs for every logging-role user on each of `days`, except `skip`.
async fn log_everyone(app: &TestApp, days: &[NaiveDate], skip: &[Uuid]) {
    sqlx::query(
        "INSERT INTO work_logs (id, user_id, day, outcome, due_on, submitted_at, late, updated_at)
         SELECT gen_random_uuid(), u.id, d, 'ok', d, now(), false, now()
           FROM users u, unnest($1::date[]) d
          WHERE u.primary_role IN ('SALES_REP', 'KEY_ACCOUNT_MANAGER', 'SUPERVISOR') AND u.id <> ALL($2)
         ON CONFLICT DO NOTHING",
    )
    .bind(days)
    .bind(skip)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn keys(app: &TestApp, kind: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT dedup_key FROM notifications WHERE kind = $1 AND channel = 'EMAIL' ORDER BY dedup_key",
    )
    .bind(kind)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

/// AUTO-5: a rep without a log for a working day is reminded at 09:00 of
/// the next working day (never on a weekend), two missed working days
/// tell their supervisor, re-runs record nothing twice, a log submitted
/// before the send cancels it, a scan that missed days reminds only of the
/// latest working day, and people created after the day are left alone.
/// The emails go through a real SMTP conversation.
#[tokio::test]
async fn auto5_missing_work_logs_remind_the_rep_then_tell_the_supervisor() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await.expect("sink");
    let jobs = salesd_worker::testing::job_context(
        app.db.pool.clone(),
        &app.prefix,
        MailConfig::smtp(&sink.url()).expect("smtp url"),
    )
    .await;
    let pool = &app.db.pool;
    sqlx::query("UPDATE users SET created_at = now() - interval '2 years', locale = 'en'")
        .execute(pool)
        .await
        .unwrap();
    // rep04 joined today: never reminded of the past days below.
    sqlx::query("UPDATE users SET created_at = now() WHERE email = 'rep04@example.com'")
        .execute(pool)
        .await
        .unwrap();
    let rep: Uuid = app.user_id(REP).await.parse().unwrap();
    let rep04: Uuid = app.user_id("rep04@example.com").await.parse().unwrap();
    let sup: Uuid = app.user_id(SUP).await.parse().unwrap();
    // A week four weeks back: Monday m … Sunday m+6, Monday m+7 ….
    let m = week_of(today()) - Days::new(28);
    let d = |n: u64| m + Days::new(n);
    let all: Vec<NaiveDate> = (0..14).map(d).collect();
    log_everyone(&app, &all, &[rep, rep04]).await;
    // rep01 logs Monday, then misses Tuesday to Friday.
    log_everyone(&app, &[d(0)], &[]).await;
    sqlx::query("DELETE FROM work_logs WHERE user_id = $1 AND day > $2")
        .bind(rep)
        .bind(d(0))
        .execute(pool)
        .await
        .unwrap();
    let early = |n: u64| start_of_day(d(n)) + Duration::minutes(30);

    // Wednesday: Tuesday's log is missing — one reminder, due at 09:00.
    let r = scan(&app, early(2)).await;
    assert_eq!((r.found, r.created), (1, 2), "email + inbox to rep01");
    let not_before: DateTime<Utc> = sqlx::query_scalar(
        "SELECT next_attempt_at FROM notifications WHERE kind = 'work_log_missing' LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(not_before, at_hour(d(2), 9));
    assert_eq!(
        keys(&app, "work_log_missing").await,
        [format!("work_log_missing:{rep}:{}", d(1))]
    );
    // The same day again: skipped; forced: nothing new.
    assert!(scan(&app, early(2) + Duration::hours(3)).await.skipped);
    let forced = run_scan(
        pool,
        ScanKind::WorkLogs,
        early(2),
        ScanOptions {
            force: true,
            ..ScanOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(forced.created, 0);

    // Thursday: Wednesday missing too — the supervisor hears of it.
    let r = scan(&app, early(3)).await;
    assert_eq!((r.found, r.created), (2, 4));
    assert_eq!(
        keys(&app, "work_log_missing_escalation").await,
        [format!("work_log_missing_escalation:{rep}:{}:{sup}", d(2))]
    );
    assert_eq!(drain(&jobs).await.unwrap().sent, 3);
    let mails = sink.wait_for(3, StdDuration::from_secs(5)).await.unwrap();
    let rep_mail = "rep01@example.com".to_string();
    let sup_mail = SUP.to_string();
    let to = |who: &String| {
        mails
            .iter()
            .filter(|m| m.rcpt_to.contains(who))
            .map(|m| m.subject().unwrap())
            .collect::<Vec<_>>()
    };
    let mut rep_subjects = to(&rep_mail);
    rep_subjects.sort();
    assert_eq!(rep_subjects.len(), 2);
    assert!(
        rep_subjects
            .iter()
            .all(|s| s.starts_with("Work log missing for")),
        "{rep_subjects:?}"
    );
    let sup_subjects = to(&sup_mail);
    assert_eq!(sup_subjects.len(), 1);
    assert!(
        sup_subjects[0].contains("has not logged two working days"),
        "{sup_subjects:?}"
    );

    // Friday: Thursday missing — recorded, but the log arrives before the
    // send: the reminder and the escalation are cancelled.
    let r = scan(&app, early(4)).await;
    assert_eq!(r.created, 4);
    let actor = actor_of(&app, REP).await;
    let ctx = salesd_domain::Ctx {
        actor,
        request_id: "t".into(),
        now: early(4) + Duration::hours(7),
    };
    let content = LogContent {
        outcome: "补交".into(),
        ..LogContent::default()
    };
    submit_log(pool, &ctx, d(3), &content).await.unwrap();
    let report = drain(&jobs).await.unwrap();
    assert_eq!((report.sent, report.cancelled), (0, 2));

    // The weekend: nothing. Monday: Friday's log is missing (Thursday was
    // logged: no escalation).
    assert_eq!(scan(&app, early(5)).await.created, 0);
    assert_eq!(scan(&app, early(6)).await.created, 0);
    let r = scan(&app, early(7)).await;
    assert_eq!(r.created, 2);
    assert!(
        keys(&app, "work_log_missing")
            .await
            .contains(&format!("work_log_missing:{rep}:{}", d(4)))
    );
    let weekend: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE kind LIKE 'work_log%'
            AND extract(isodow FROM next_attempt_at AT TIME ZONE 'Asia/Shanghai') IN (6, 7)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(weekend, 0, "nobody is reminded on a weekend");

    // rep01 misses Monday to Wednesday of the second week and the workers
    // are down until Thursday: only Wednesday is reminded (and escalated
    // with Tuesday), Monday and Tuesday are not.
    sqlx::query("DELETE FROM work_logs WHERE user_id = $1 AND day > $2")
        .bind(rep)
        .bind(d(4))
        .execute(pool)
        .await
        .unwrap();
    let r = scan(&app, early(10)).await;
    assert_eq!(r.created, 4);
    let k = keys(&app, "work_log_missing").await;
    assert!(k.contains(&format!("work_log_missing:{rep}:{}", d(9))));
    assert!(
        !k.iter()
            .any(|k| k.ends_with(&d(7).to_string()) || k.ends_with(&d(8).to_string())),
        "{k:?}"
    );
    assert!(
        keys(&app, "work_log_missing_escalation")
            .await
            .contains(&format!("work_log_missing_escalation:{rep}:{}:{sup}", d(9)))
    );
    // Nobody else (rep04 joined after these days; other roles do not log).
    let others: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notifications WHERE kind = 'work_log_missing' AND recipient_user_id <> $1",
    )
    .bind(rep)
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(others, 0);
}

/// The demo (`salesd demo --customers N`): a year of logs per rep with some
/// days missing and some late, a plan per week (most approved, a few
/// returned, this week's submitted), weekly reports (most reviewed) and
/// monthly summaries; every row obeys the store's rules.
#[tokio::test]
async fn tgt4_demo_has_a_year_of_logs_plans_and_reports() {
    let db = salesd_domain::testing::TestDb::new().await;
    let started = std::time::Instant::now();
    salesd_demo::load(
        &db.pool,
        &salesd_demo::DemoOptions {
            reps: 20,
            customers: 400,
            ..salesd_demo::DemoOptions::default()
        },
    )
    .await
    .expect("demo");
    eprintln!("demo with work logs loaded in {:?}", started.elapsed());
    let n = |sql: &'static str| {
        let pool = db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let logs = n("SELECT count(*) FROM work_logs").await;
    assert!(logs > 20 * 200, "{logs} logs");
    let late = n("SELECT count(*) FROM work_logs WHERE late").await;
    assert!(late > 0 && late < logs / 5, "{late} late of {logs}");
    assert_eq!(
        n("SELECT count(*) FROM work_logs WHERE late <> ((submitted_at AT TIME ZONE 'Asia/Shanghai')::date > due_on)").await,
        0,
        "the late flag matches the due day"
    );
    assert_eq!(
        n("SELECT count(*) FROM work_logs WHERE due_on <= day").await,
        0
    );
    let approved = n("SELECT count(*) FROM sales_plans WHERE status = 'APPROVED'").await;
    let returned = n("SELECT count(*) FROM sales_plans WHERE status = 'RETURNED'").await;
    assert!(
        approved > 10 * returned && returned > 0,
        "{approved} approved, {returned} returned"
    );
    assert_eq!(
        n("SELECT count(*) FROM sales_plans p WHERE decided_by = user_id").await,
        0,
        "nobody decided on their own plan"
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM sales_plan_items i JOIN sales_plans p ON p.id = i.plan_id
            WHERE i.day NOT BETWEEN p.week_start AND p.week_start + 6"
        )
        .await,
        0
    );
    assert!(n("SELECT count(*) FROM sales_plan_items WHERE kind = 'VISIT'").await > 0);
    let reviewed =
        n("SELECT count(*) FROM work_reports WHERE kind = 'WEEK' AND status = 'REVIEWED'").await;
    let weekly = n("SELECT count(*) FROM work_reports WHERE kind = 'WEEK'").await;
    assert!(
        reviewed * 10 > weekly * 8 && reviewed < weekly,
        "{reviewed} of {weekly}"
    );
    assert!(n("SELECT count(*) FROM work_reports WHERE kind = 'MONTH'").await >= 20 * 11);
}
