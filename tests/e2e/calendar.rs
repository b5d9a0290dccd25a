//! TGT-5: the company calendar over GraphQL — an ADMIN sets holidays on
//! weekdays and make-up working days (调休) on weekends per year; everyone
//! reads it; the working-day functions (used by the reminder jobs) follow
//! it. Refused changes leave the calendar and the audit log as they were.

use chrono::NaiveDate;
use salesd_domain::calendar;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};

const DAY_FIELDS: &str = "id date kind working name";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

async fn set(app: &TestApp, token: &str, date: &str, working: bool, name: Option<&str>) -> Value {
    let q = format!(
        "mutation($d: Date!, $w: Boolean!, $n: String) {{
           setBusinessCalendarDay(date: $d, working: $w, name: $n) {{ {DAY_FIELDS} }} }}"
    );
    app.gql(Some(token), &q, json!({"d": date, "w": working, "n": name}))
        .await
}

async fn remove(app: &TestApp, token: &str, date: &str) -> Value {
    let q =
        format!("mutation($d: Date!) {{ removeBusinessCalendarDay(date: $d) {{ {DAY_FIELDS} }} }}");
    app.gql(Some(token), &q, json!({"d": date})).await
}

async fn year(app: &TestApp, token: Option<&str>, y: i32) -> Value {
    let q = format!("query($y: Int!) {{ businessCalendar(year: $y) {{ {DAY_FIELDS} }} }}");
    app.gql(token, &q, json!({"y": y})).await
}

async fn next_working_day(app: &TestApp, token: &str, date: &str, days: i32) -> String {
    let r = app
        .gql(
            Some(token),
            "query($d: Date!, $n: Int!) { nextWorkingDay(date: $d, days: $n) }",
            json!({"d": date, "n": days}),
        )
        .await;
    assert_ok(&r);
    r["data"]["nextWorkingDay"].as_str().unwrap().to_owned()
}

/// (calendar rows, CALENDAR_DAY audit entries).
async fn snapshot(app: &TestApp) -> (i64, i64) {
    (
        app.count("SELECT count(*) FROM business_calendar").await,
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CALENDAR_DAY'")
            .await,
    )
}

#[tokio::test]
async fn tgt5_admin_keeps_holidays_and_make_up_days_and_working_days_follow() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@example.com").await;
    let rep = app.login("rep01@example.com").await;
    // National Day 2027: Friday 1st and Monday 4th – Thursday 7th off,
    // Saturday 9th worked instead (2027-10-01 is a Friday).
    for day in [
        "2027-10-01",
        "2027-10-04",
        "2027-10-05",
        "2027-10-06",
        "2027-10-07",
    ] {
        let r = set(&app, &admin, day, false, Some("国庆节")).await;
        assert_ok(&r);
        assert_eq!(r["data"]["setBusinessCalendarDay"]["kind"], "HOLIDAY");
    }
    let r = set(&app, &admin, "2027-10-09", true, Some(" 国庆调休 ")).await;
    assert_ok(&r);
    let made_up = &r["data"]["setBusinessCalendarDay"];
    assert_eq!(made_up["kind"], "WORKDAY");
    assert_eq!(made_up["name"], "国庆调休");

    // Everyone signed in reads the year, by date.
    let r = year(&app, Some(&rep), 2027).await;
    assert_ok(&r);
    let days = r["data"]["businessCalendar"].as_array().unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "2027-10-01",
            "2027-10-04",
            "2027-10-05",
            "2027-10-06",
            "2027-10-07",
            "2027-10-09"
        ]
    );
    assert_eq!(
        year(&app, Some(&rep), 2026).await["data"]["businessCalendar"],
        json!([])
    );
    assert_code(&year(&app, None, 2027).await, "UNAUTHENTICATED");

    // The working-day functions follow it: after Thursday 30 September the
    // next working day is Friday 8 October, then Saturday 9 (调休), then
    // Monday 11.
    assert_eq!(
        next_working_day(&app, &rep, "2027-09-30", 1).await,
        "2027-10-08"
    );
    assert_eq!(
        next_working_day(&app, &rep, "2027-09-30", 2).await,
        "2027-10-09"
    );
    assert_eq!(
        next_working_day(&app, &rep, "2027-09-30", 3).await,
        "2027-10-11"
    );
    let pool = &app.db.pool;
    assert_eq!(
        calendar::next_working_day(pool, d("2027-09-30"))
            .await
            .unwrap(),
        d("2027-10-08")
    );
    assert_eq!(
        calendar::add_working_days(pool, d("2027-10-08"), 1)
            .await
            .unwrap(),
        d("2027-10-09")
    );
    // 30 Sep → 11 Oct: the 8th, 9th and 11th.
    assert_eq!(
        calendar::working_days_between(pool, d("2027-09-30"), d("2027-10-11"))
            .await
            .unwrap(),
        3
    );

    // Renaming is an UPDATE, setting the same again changes nothing,
    // removing is a DELETE; the day's trail has one id.
    let id = days[0]["id"].as_str().unwrap().to_owned();
    let r = set(&app, &admin, "2027-10-01", false, Some("国庆节假期")).await;
    assert_ok(&r);
    assert_eq!(r["data"]["setBusinessCalendarDay"]["id"], id.as_str());
    assert_ok(&set(&app, &admin, "2027-10-01", false, Some("国庆节假期")).await);
    let r = remove(&app, &admin, "2027-10-01").await;
    assert_ok(&r);
    assert_eq!(r["data"]["removeBusinessCalendarDay"]["name"], "国庆节假期");
    let trail: Vec<(String, String)> = sqlx::query_as(
        "SELECT action, actor_label FROM audit_log WHERE entity = 'CALENDAR_DAY' AND entity_id = $1::uuid
          ORDER BY at, id",
    )
    .bind(&id)
    .fetch_all(pool)
    .await
    .unwrap();
    let actions: Vec<&str> = trail.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["CREATE", "UPDATE", "DELETE"]);
    // Friday 1 October works again.
    assert_eq!(
        next_working_day(&app, &rep, "2027-09-30", 1).await,
        "2027-10-01"
    );
    assert_eq!(snapshot(&app).await, (5, 8));
}

#[tokio::test]
async fn tgt5_calendar_bad_inputs_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@example.com").await;
    assert_ok(&set(&app, &admin, "2027-05-03", false, Some("劳动节")).await);
    let before = snapshot(&app).await;

    // Only an ADMIN edits the calendar, not even the director or the GM.
    for who in [
        "director@example.com",
        "gm@example.com",
        "rep01@example.com",
    ] {
        let t = app.login(who).await;
        assert_code(&set(&app, &t, "2027-05-04", false, None).await, "FORBIDDEN");
        assert_code(&remove(&app, &t, "2027-05-03").await, "FORBIDDEN");
    }
    // A holiday on a weekend, a working day on a weekday: redundant.
    let r = set(&app, &admin, "2027-05-01", false, Some("劳动节")).await; // Saturday
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("working"));
    let r = set(&app, &admin, "2027-05-06", true, None).await; // Thursday
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("working"));
    // Years outside 2000–2100.
    let r = set(&app, &admin, "1999-05-03", false, None).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("date"));
    let r = year(&app, Some(&admin), 3000).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("year"));
    // A name of more than 100 characters.
    let long = "节".repeat(101);
    let r = set(&app, &admin, "2027-05-04", false, Some(&long)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("name"));
    // Removing a day without an exception.
    assert_code(&remove(&app, &admin, "2027-05-05").await, "NOT_FOUND");
    // Dates are YYYY-MM-DD.
    assert!(set(&app, &admin, "2027-13-01", false, None).await["errors"].is_array());

    assert_eq!(snapshot(&app).await, before);
    let r = year(&app, Some(&admin), 2027).await;
    assert_eq!(r["data"]["businessCalendar"][0]["name"], "劳动节");
}
