//! AUTO-1, AUTO-2, CUS-4, CUS-7, CUS-9: the scans record the right keyed
//! notifications (email + in-app twin), once, and the pool reclaim changes
//! ownership with history and audit. Scans are called directly with a
//! chosen `now`; the workers that call them are tested in `delivery.rs` and
//! the `reliability` module of `tests/binary.rs`.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use salesd_domain::clock::{company_date, start_of_day};
use salesd_domain::notify::scan::{ScanKind, ScanOptions, at_hour};
use salesd_domain::notify::{self, NoticeKind};
use salesd_domain::registry::run_scan;
use serde_json::Value;
use uuid::Uuid;

use crate::common::TestApp;

fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Noon (company time) of `day`.
fn noon(day: NaiveDate) -> DateTime<Utc> {
    start_of_day(day) + Duration::hours(12)
}

async fn display_name(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar("SELECT display_name FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.db.pool)
        .await
        .expect("user")
}

async fn user(app: &TestApp, email: &str) -> Uuid {
    app.user_id(email).await.parse().expect("uuid")
}

/// An owned customer created (and owned since) `anchor`, with no interactions.
async fn customer(
    app: &TestApp,
    name: &str,
    owner: &str,
    grade: &str,
    tier: &str,
    anchor: DateTime<Utc>,
) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO customers (id, name, name_norm, grade, tier, owner_id, owner_unit_id, owned_since, created_at)
         SELECT $1, $2, lower($2), $3, $4, u.id, u.unit_id, $6, $6 FROM users u WHERE u.email = $5",
    )
    .bind(id)
    .bind(name)
    .bind(grade)
    .bind(tier)
    .bind(owner)
    .bind(anchor)
    .execute(&app.db.pool)
    .await
    .expect("insert customer");
    id
}

/// Logs an interaction of `kind` on `customer` at `at`, by `by`.
async fn interaction(app: &TestApp, customer: Uuid, kind: &str, at: DateTime<Utc>, by: Uuid) {
    sqlx::query(
        "INSERT INTO interactions (id, customer_id, kind, occurred_at, summary, created_by)
         VALUES ($1, $2, $3, $4, 's', $5)",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(kind)
    .bind(at)
    .bind(by)
    .execute(&app.db.pool)
    .await
    .expect("interaction");
}

async fn owner_of(app: &TestApp, customer: Uuid) -> Option<Uuid> {
    sqlx::query_scalar("SELECT owner_id FROM customers WHERE id = $1")
        .bind(customer)
        .fetch_one(&app.db.pool)
        .await
        .expect("customer")
}

#[derive(Debug, sqlx::FromRow)]
struct Row {
    dedup_key: String,
    channel: String,
    recipient_user_id: Option<Uuid>,
    recipient_contact_id: Option<Uuid>,
    status: String,
    payload: Value,
    next_attempt_at: DateTime<Utc>,
}

async fn notifications(app: &TestApp, kind: &str) -> Vec<Row> {
    sqlx::query_as(
        "SELECT dedup_key, channel, recipient_user_id, recipient_contact_id, status, payload, next_attempt_at
         FROM notifications WHERE kind = $1 ORDER BY dedup_key",
    )
    .bind(kind)
    .fetch_all(&app.db.pool)
    .await
    .expect("notifications")
}

async fn scan(
    app: &TestApp,
    kind: ScanKind,
    at: DateTime<Utc>,
) -> salesd_domain::notify::scan::ScanReport {
    run_scan(&app.db.pool, kind, at, ScanOptions::default())
        .await
        .expect("scan")
}

#[tokio::test]
async fn auto1_follow_up_reminds_on_the_due_day_and_escalates_after_three_working_days() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    let sup = user(&app, "supervisor.east1@example.com").await;
    // Thursday 2026-11-26 is "today"; Wednesday 25th is a company holiday.
    let today: NaiveDate = "2026-11-26".parse().unwrap();
    sqlx::query("INSERT INTO business_calendar (day, working, name) VALUES ('2026-11-25', false, '测试假日')")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let c = customer(
        &app,
        "跟进客户",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today) - Duration::days(10),
    )
    .await;
    let mut tasks = Vec::new();
    // due today; due Fri 20th (Mon, Tue, Thu = 3 working days); due Mon 23rd (Tue, Thu = 2).
    for due in ["2026-11-26", "2026-11-20", "2026-11-23"] {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO follow_up_tasks (id, customer_id, assignee_id, due_date, note) VALUES ($1, $2, $3, $4::date, '带报价')",
        )
        .bind(id)
        .bind(c)
        .bind(rep)
        .bind(due)
        .execute(&app.db.pool)
        .await
        .unwrap();
        tasks.push(id);
    }
    let at = noon(today);
    let report = scan(&app, ScanKind::FollowUps, at).await;

    let due = notifications(&app, "followup_due").await;
    let keys: Vec<&str> = due.iter().map(|r| r.dedup_key.as_str()).collect();
    // Due today, and the two due within the catch-up window (20th is 6 days
    // back: outside it), each as an email and an in-app twin.
    assert_eq!(
        keys,
        vec![
            format!("followup:{}:due", tasks[0]),
            format!("followup:{}:due:inbox", tasks[0]),
            format!("followup:{}:due", tasks[2]),
            format!("followup:{}:due:inbox", tasks[2]),
        ]
    );
    let email = &due[0];
    assert_eq!(
        (email.channel.as_str(), email.status.as_str()),
        ("EMAIL", "PENDING")
    );
    assert_eq!(email.recipient_user_id, Some(rep));
    assert_eq!(
        email.next_attempt_at,
        at_hour(today, 9),
        "due at 09:00 company time"
    );
    assert_eq!(email.payload["customer_name"], "跟进客户");
    assert_eq!(email.payload["due_date"], "2026-11-26");
    assert_eq!(
        (due[1].channel.as_str(), due[1].status.as_str()),
        ("INBOX", "SENT")
    );

    let esc = notifications(&app, "followup_escalation").await;
    assert_eq!(
        esc.len(),
        2,
        "only the task 3 working days overdue escalates: {esc:?}"
    );
    assert_eq!(esc[0].dedup_key, format!("followup:{}:escalate", tasks[1]));
    assert_eq!(
        esc[0].recipient_user_id,
        Some(sup),
        "to the assignee's direct head"
    );
    assert_eq!(esc[0].payload["working_days_overdue"], 3);
    assert_eq!(report.created, 6);

    // The same scan again, and a second "process" at once: nothing new.
    let (a, b) = tokio::join!(
        run_scan(
            &app.db.pool,
            ScanKind::FollowUps,
            at,
            ScanOptions::default()
        ),
        run_scan(
            &app.db.pool,
            ScanKind::FollowUps,
            at,
            ScanOptions::default()
        ),
    );
    assert_eq!(a.unwrap().created + b.unwrap().created, 0);
    assert_eq!(app.count("SELECT count(*) FROM notifications").await, 6);

    // Without the holiday the 23rd would be 3 working days overdue on Thursday too.
    sqlx::query("DELETE FROM business_calendar")
        .execute(&app.db.pool)
        .await
        .unwrap();
    scan(&app, ScanKind::FollowUps, at).await;
    assert_eq!(notifications(&app, "followup_escalation").await.len(), 4);

    // A completed follow-up's reminder is cancelled at send time.
    sqlx::query("UPDATE follow_up_tasks SET status = 'DONE', completed_at = now() WHERE id = $1")
        .bind(tasks[0])
        .execute(&app.db.pool)
        .await
        .unwrap();
    let claimed = notify::claim_due(&app.db.pool, "t", at, 50).await.unwrap();
    let n = claimed
        .iter()
        .find(|n| n.dedup_key == format!("followup:{}:due", tasks[0]))
        .expect("claimed");
    let reason = salesd_domain::registry::cancel_reason(&app.db.pool, n, today)
        .await
        .unwrap();
    assert_eq!(reason.as_deref(), Some("the follow-up was completed"));
    let open = claimed
        .iter()
        .find(|n| n.dedup_key == format!("followup:{}:due", tasks[2]))
        .expect("claimed");
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, open, today)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn auto2_revisit_reminders_before_on_and_after_the_due_day() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    let sup = user(&app, "supervisor.east1@example.com").await;
    let today = company_date(now());
    let at = now();
    // GENERAL/C: 90 days. Due in 3 days, due today, 7 days overdue, 5 days overdue.
    let soon = customer(
        &app,
        "三天后",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(87)),
    )
    .await;
    let due = customer(
        &app,
        "今天",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(90)),
    )
    .await;
    let late = customer(
        &app,
        "逾期七天",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(97)),
    )
    .await;
    let _gap = customer(
        &app,
        "逾期五天",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(95)),
    )
    .await;
    // STRATEGIC/A counts face-to-face only: 30 days; a phone call does not move it.
    let strategic = customer(
        &app,
        "战略",
        "rep01@example.com",
        "STRATEGIC",
        "A",
        noon(today - Days::new(30)),
    )
    .await;
    interaction(&app, strategic, "PHONE", noon(today - Days::new(1)), rep).await;

    let report = scan(&app, ScanKind::Revisits, at).await;
    assert_eq!(report.found, 4, "{report:?}");
    let up = notifications(&app, "revisit_upcoming").await;
    assert_eq!(
        up[0].dedup_key,
        format!("revisit:{soon}:{}:upcoming", today + Days::new(3))
    );
    assert_eq!(up[0].payload["days_until"], 3);
    let on = notifications(&app, "revisit_due").await;
    let on_keys: Vec<&str> = on
        .iter()
        .filter(|r| r.channel == "EMAIL")
        .map(|r| r.dedup_key.as_str())
        .collect();
    assert_eq!(on_keys.len(), 2);
    assert!(on_keys.contains(&format!("revisit:{due}:{today}:due").as_str()));
    assert!(on_keys.contains(&format!("revisit:{strategic}:{today}:due").as_str()));
    let esc = notifications(&app, "revisit_escalation").await;
    assert_eq!(esc.len(), 2);
    assert_eq!(
        esc[0].dedup_key,
        format!("revisit:{late}:{}:escalate", today - Days::new(7))
    );
    assert_eq!(esc[0].recipient_user_id, Some(sup));
    assert_eq!(
        esc[0].payload["owner_name"],
        display_name(&app, "rep01@example.com").await.as_str()
    );

    // Daily: a second run the same day does nothing.
    assert!(scan(&app, ScanKind::Revisits, at).await.skipped);

    // A visit since the reminder was recorded cancels it at send time.
    interaction(&app, due, "VISIT", at, rep).await;
    let claimed = notify::claim_due(&app.db.pool, "t", at + Duration::days(1), 50)
        .await
        .unwrap();
    let n = claimed
        .iter()
        .find(|n| n.dedup_key == format!("revisit:{due}:{today}:due"))
        .expect("claimed");
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n, today)
            .await
            .unwrap()
            .as_deref(),
        Some("the customer was visited since")
    );
    let n = claimed
        .iter()
        .find(|n| n.dedup_key.starts_with(&format!("revisit:{strategic}:")))
        .expect("claimed");
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n, today)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn cus4_pool_warns_seven_days_before_then_reclaims_with_history_audit_and_note() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    let today = company_date(now());
    let at = now();
    // GENERAL returns after 90 idle days; warned from day 83.
    let warned = customer(
        &app,
        "快回公海",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(85)),
    )
    .await;
    let gone = customer(
        &app,
        "回公海",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(95)),
    )
    .await;
    let strategic = customer(
        &app,
        "战略不回",
        "rep01@example.com",
        "STRATEGIC",
        "C",
        noon(today - Days::new(400)),
    )
    .await;
    let ka = customer(
        &app,
        "大客户不回",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(400)),
    )
    .await;
    sqlx::query("UPDATE customers SET key_account = true WHERE id = $1")
        .bind(ka)
        .execute(&app.db.pool)
        .await
        .unwrap();

    // Eight days ago `gone` (idle 87 days then) was warned; nothing returned.
    let earlier = scan(&app, ScanKind::Pool, at - Duration::days(8)).await;
    assert_eq!(earlier.reclaimed, 0, "{earlier:?}");
    // Created since: past its threshold, but never warned.
    let silent = customer(
        &app,
        "久未联系",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(200)),
    )
    .await;

    let report = scan(&app, ScanKind::Pool, at).await;
    // Returned: `gone`, warned 8 days ago. Warned now: `warned` (day 85)
    // and `silent`, past its threshold but never warned: it returns in 7 days.
    assert_eq!((report.found, report.reclaimed), (3, 1), "{report:?}");
    let w: Vec<Row> = notifications(&app, "pool_warning")
        .await
        .into_iter()
        .filter(|r| r.channel == "EMAIL")
        .collect();
    assert_eq!(w.len(), 3, "{w:?}");
    let of = |id: Uuid| {
        w.iter()
            .find(|r| r.dedup_key.starts_with(&format!("pool:{id}:")))
            .expect("warning")
    };
    assert_eq!(of(warned).recipient_user_id, Some(rep));
    assert_eq!(of(warned).payload["idle_days"], 85);
    assert_eq!(
        of(warned).payload["reclaim_date"],
        (today + Days::new(7)).to_string(),
        "never less than 7 days' notice"
    );
    assert_eq!(of(silent).payload["idle_days"], 200);
    assert_eq!(
        of(silent).payload["reclaim_date"],
        (today + Days::new(7)).to_string()
    );
    let owner = owner_of(&app, silent).await;
    assert_eq!(owner, Some(rep), "no reclaim without a week's warning");

    let (owner, block_user, block_until): (Option<Uuid>, Option<Uuid>, Option<NaiveDate>) =
        sqlx::query_as(
            "SELECT owner_id, reclaim_block_user, reclaim_block_until FROM customers WHERE id = $1",
        )
        .bind(gone)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        (owner, block_user, block_until),
        (None, Some(rep), Some(today + Days::new(30)))
    );
    let history: Vec<(Option<Uuid>, String)> = sqlx::query_as(
        "SELECT owner_id, reason FROM customer_owner_history WHERE customer_id = $1",
    )
    .bind(gone)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(history, vec![(None, "RECLAIMED".to_owned())]);
    let audit: Vec<(String, String, Option<Uuid>)> = sqlx::query_as(
        "SELECT action, actor_label, actor_id FROM audit_log WHERE entity = 'CUSTOMER' AND entity_id = $1")
        .bind(gone).fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(
        audit,
        vec![("RECLAIM".to_owned(), "system:pool-reclaim".to_owned(), None)]
    );
    let note = notifications(&app, "pool_reclaimed").await;
    assert_eq!(note.len(), 2);
    assert_eq!(note[0].recipient_user_id, Some(rep));
    assert_eq!(
        note[0].payload["blocked_until"],
        (today + Days::new(30)).to_string()
    );
    for id in [strategic, ka, warned] {
        let owner = owner_of(&app, id).await;
        assert_eq!(owner, Some(rep), "{id} keeps its owner");
    }
    // A reclaim re-checks under the lock: an interaction since keeps the owner.
    let again = customer(
        &app,
        "刚联系",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(120)),
    )
    .await;
    interaction(&app, again, "PHONE", at, rep).await;
    assert_eq!(
        salesd_domain::customers::scans::reclaim_one(
            &app.db.pool,
            again,
            at,
            ScanOptions::default()
        )
        .await
        .unwrap(),
        None
    );
    // The warning is cancelled at send time once the customer had an interaction.
    interaction(&app, warned, "PHONE", at, rep).await;
    let claimed = notify::claim_due(&app.db.pool, "t", at + Duration::days(1), 50)
        .await
        .unwrap();
    let n = claimed
        .iter()
        .find(|n| {
            n.dedup_key.starts_with(&format!("pool:{warned}:")) && n.kind == NoticeKind::PoolWarning
        })
        .expect("claimed");
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n, today)
            .await
            .unwrap()
            .as_deref(),
        Some("the customer had an interaction since")
    );
    let n = claimed
        .iter()
        .find(|n| {
            n.dedup_key.starts_with(&format!("pool:{gone}:")) && n.kind == NoticeKind::PoolWarning
        })
        .expect("claimed");
    assert_eq!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n, today)
            .await
            .unwrap()
            .as_deref(),
        Some("the customer changed owner"),
        "a warning not yet sent when the customer returned is not sent any more"
    );
    // A week later the silent one returns; the one contacted since does not.
    let later = scan(&app, ScanKind::Pool, at + Duration::days(7)).await;
    assert!(later.reclaimed >= 1, "{later:?}");
    let owner = owner_of(&app, silent).await;
    assert_eq!(owner, None);
    let owner = owner_of(&app, warned).await;
    assert_eq!(owner, Some(rep));
}

#[tokio::test]
async fn cus4_a_new_owner_is_never_reclaimed_on_the_previous_owners_warning() {
    let app = TestApp::spawn().await;
    let rep1 = user(&app, "rep01@example.com").await;
    let rep2 = user(&app, "rep02@example.com").await;
    let today = company_date(now());
    let at = now();
    // Owned by rep01, last contacted by rep01 95 days ago: warned 8 days ago.
    let id = customer(
        &app,
        "易主客户",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(100)),
    )
    .await;
    interaction(&app, id, "PHONE", noon(today - Days::new(95)), rep1).await;
    scan(&app, ScanKind::Pool, at - Duration::days(8)).await;
    let warned = notifications(&app, "pool_warning").await;
    assert_eq!(warned[0].recipient_user_id, Some(rep1), "{warned:?}");

    // The manager transfers it to rep02: a fresh idle period for rep02.
    let manager = app.login("manager.east@example.com").await;
    let r = app
        .gql(
            Some(&manager),
            "mutation($id: ID!, $to: ID!) { transferCustomer(id: $id, version: 1, toUserId: $to) { version } }",
            serde_json::json!({"id": id, "to": rep2}),
        )
        .await;
    assert!(r.get("errors").is_none(), "{r}");
    let report = scan(&app, ScanKind::Pool, at).await;
    assert_eq!(report.reclaimed, 0, "{report:?}");
    assert_eq!(owner_of(&app, id).await, Some(rep2));

    // rep02's own warning comes 83 idle days after the transfer ...
    assert_eq!(
        scan(&app, ScanKind::Pool, at + Duration::days(82))
            .await
            .found,
        0
    );
    scan(&app, ScanKind::Pool, at + Duration::days(83)).await;
    let to_rep2: Vec<Row> = notifications(&app, "pool_warning")
        .await
        .into_iter()
        .filter(|r| r.channel == "EMAIL" && r.recipient_user_id == Some(rep2))
        .collect();
    assert_eq!(to_rep2.len(), 1, "{to_rep2:?}");
    assert_eq!(to_rep2[0].payload["idle_days"], 83);
    // ... and the customer returns only 7 days after it.
    let early = scan(&app, ScanKind::Pool, at + Duration::days(89)).await;
    assert_eq!(early.reclaimed, 0, "{early:?}");
    assert_eq!(owner_of(&app, id).await, Some(rep2));
    let late = scan(&app, ScanKind::Pool, at + Duration::days(90)).await;
    assert_eq!(late.reclaimed, 1, "{late:?}");
    assert_eq!(owner_of(&app, id).await, None);
}

#[tokio::test]
async fn cus9_overdue_complaint_escalates_to_department_head_and_owners_manager() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    // rep01 → supervisor.east1 → manager.east: the owner's manager.
    let sup = user(&app, "manager.east@example.com").await;
    let manager = user(&app, "manager.south@example.com").await;
    let at = now();
    let c = customer(
        &app,
        "投诉客户",
        "rep01@example.com",
        "GENERAL",
        "C",
        at - Duration::days(10),
    )
    .await;
    let south: Uuid =
        sqlx::query_scalar("SELECT unit_id FROM users WHERE email = 'manager.south@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let mut ids = Vec::new();
    for (deadline, status) in [
        (at - Duration::hours(5), "INVESTIGATING"),
        (at + Duration::hours(5), "RECEIVED"),
        (at - Duration::hours(5), "RESOLVED"),
    ] {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO complaints (id, customer_id, channel, received_at, category, severity, description, deadline_at, responsible_unit_id, status, created_by)
             VALUES ($1, $2, 'HOTLINE', $3, '质量', 'HIGH', 'd', $4, $5, $6, $7)",
        )
        .bind(id).bind(c).bind(deadline - Duration::hours(24)).bind(deadline).bind(south).bind(status).bind(rep)
        .execute(&app.db.pool).await.unwrap();
        ids.push(id);
    }
    sqlx::query("UPDATE org_units SET head_user_id = $1 WHERE id = $2")
        .bind(manager)
        .bind(south)
        .execute(&app.db.pool)
        .await
        .unwrap();
    scan(&app, ScanKind::Complaints, at).await;
    let esc: Vec<Row> = notifications(&app, "complaint_escalation")
        .await
        .into_iter()
        .filter(|r| r.channel == "EMAIL")
        .collect();
    let mut to: Vec<Uuid> = esc.iter().filter_map(|r| r.recipient_user_id).collect();
    to.sort();
    let mut expected = vec![manager, sup];
    expected.sort();
    assert_eq!(
        to, expected,
        "department head and the owner's manager, once each"
    );
    assert!(
        esc.iter()
            .all(|r| r.dedup_key.starts_with(&format!("complaint:{}:", ids[0])))
    );
    assert_eq!(esc[0].payload["severity"], "HIGH");
    assert_eq!(esc[0].payload["hours_overdue"], 5);
    assert_eq!(scan(&app, ScanKind::Complaints, at).await.created, 0);
}

#[tokio::test]
async fn cus7_care_greets_opted_in_key_account_contacts_and_tells_the_owner() {
    let app = TestApp::spawn().await;
    let rep = user(&app, "rep01@example.com").await;
    let at = now();
    let today = company_date(at);
    let birthday = format!("1980-{}", &today.to_string()[5..]);
    let ka = customer(
        &app,
        "大客户",
        "rep01@example.com",
        "IMPORTANT",
        "A",
        at - Duration::days(10),
    )
    .await;
    let plain = customer(
        &app,
        "普通客户",
        "rep01@example.com",
        "IMPORTANT",
        "A",
        at - Duration::days(10),
    )
    .await;
    sqlx::query("UPDATE customers SET key_account = true WHERE id = $1")
        .bind(ka)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let mut contacts = Vec::new();
    for (customer, opt_in) in [(ka, true), (ka, false), (plain, true)] {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO contacts (id, customer_id, name, email, birthday, greeting_opt_in, locale) VALUES ($1, $2, '王经理', 'wang@example.com', $3::date, $4, 'en')",
        )
        .bind(id).bind(customer).bind(&birthday).bind(opt_in)
        .execute(&app.db.pool).await.unwrap();
        contacts.push(id);
    }
    scan(&app, ScanKind::Care, at).await;
    let greet = notifications(&app, "care_greeting").await;
    assert_eq!(greet.len(), 1, "{greet:?}");
    assert_eq!(greet[0].recipient_contact_id, Some(contacts[0]));
    assert_eq!(greet[0].channel, "EMAIL");
    assert_eq!(greet[0].payload["occasion_kind"], "BIRTHDAY");
    assert_eq!(
        greet[0].payload["sender_name"],
        display_name(&app, "rep01@example.com").await.as_str()
    );
    let locale: String =
        sqlx::query_scalar("SELECT locale FROM notifications WHERE kind = 'care_greeting'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(locale, "en", "in the contact's language");
    let note = notifications(&app, "care_owner_note").await;
    assert_eq!(note.len(), 2);
    assert_eq!(note[0].recipient_user_id, Some(rep));
    // Opting out before the send cancels the greeting.
    sqlx::query("UPDATE contacts SET greeting_opt_in = false WHERE id = $1")
        .bind(contacts[0])
        .execute(&app.db.pool)
        .await
        .unwrap();
    let claimed = notify::claim_due(&app.db.pool, "t", at + Duration::days(1), 50)
        .await
        .unwrap();
    let n = claimed
        .iter()
        .find(|n| n.kind == NoticeKind::CareGreeting)
        .expect("claimed");
    assert!(
        salesd_domain::registry::cancel_reason(&app.db.pool, n, today)
            .await
            .unwrap()
            .is_some()
    );
}

/// One run per scan at a time across processes: a run that finds another
/// holding the scan's lock skips, records the skip and says so on
/// /metrics; the run that does go records its start and its end.
#[tokio::test]
async fn auto6_one_run_per_scan_at_a_time_with_skips_recorded() {
    use salesd_domain::notify::scan::exclusive::{self, LOCK_CLASS};

    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    // Another worker's dunning run holds the lock.
    let mut other = pool.acquire().await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(ScanKind::Dunning.index())
        .execute(&mut *other)
        .await
        .unwrap();
    let r = scan(&app, ScanKind::Dunning, now()).await;
    assert!(r.busy && r.skipped, "{r:?}");
    let r = scan(&app, ScanKind::Dunning, now()).await;
    assert!(r.busy, "{r:?}");
    assert_eq!(
        app.count("SELECT count(*) FROM scan_runs WHERE kind = 'dunning'")
            .await,
        0
    );
    let states = exclusive::states(pool).await.unwrap();
    let dunning = states.iter().find(|s| s.kind == "dunning").unwrap();
    assert_eq!((dunning.running, dunning.skips, dunning.runs), (true, 2, 0));
    let metrics = app
        .http
        .get(format!("http://{}/metrics", app.addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("scan_skipped_total{scan=\"dunning\"} 2"),
        "{metrics}"
    );
    assert!(metrics.contains("scan_running{scan=\"dunning\"} 1"));

    sqlx::query("SELECT pg_advisory_unlock($1, $2)")
        .bind(LOCK_CLASS)
        .bind(ScanKind::Dunning.index())
        .execute(&mut *other)
        .await
        .unwrap();
    let at = now();
    let r = scan(&app, ScanKind::Dunning, at).await;
    assert!(!r.busy && !r.skipped, "{r:?}");
    let (started, finished): (DateTime<Utc>, DateTime<Utc>) =
        sqlx::query_as("SELECT started_at, finished_at FROM scan_runs WHERE kind = 'dunning'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert!(
        (started - at).num_microseconds().unwrap().abs() <= 1,
        "{started} {at}"
    );
    assert!(finished >= started, "finished_at is the end of the run");
    let states = exclusive::states(pool).await.unwrap();
    let dunning = states.iter().find(|s| s.kind == "dunning").unwrap();
    assert_eq!((dunning.running, dunning.runs), (false, 1));
    assert_eq!(dunning.last_finished_at, Some(finished));
    // The same day again: the daily scan is done, not busy.
    let r = scan(&app, ScanKind::Dunning, at).await;
    assert!(r.skipped && !r.busy);
}

/// AUTO-1: follow-up tasks also come from an approved visit plan whose
/// visit was not logged by its day, and from an opportunity not moved for
/// `stalled_opportunity_days` (14); each once, then reminded like any task.
#[tokio::test]
async fn auto1_missed_planned_visits_and_stalled_opportunities_make_follow_ups() {
    let app = TestApp::spawn().await;
    let pool = &app.db.pool;
    let rep = user(&app, "rep01@example.com").await;
    let today = company_date(now());
    let visit_day = today - Days::new(3);
    let monday = visit_day
        - Days::new(u64::from(
            chrono::Datelike::weekday(&visit_day).num_days_from_monday(),
        ));
    let missed = customer(
        &app,
        "计划未访",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(60)),
    )
    .await;
    let visited = customer(
        &app,
        "计划已访",
        "rep01@example.com",
        "GENERAL",
        "C",
        noon(today - Days::new(60)),
    )
    .await;
    interaction(&app, visited, "VISIT", noon(visit_day), rep).await;
    let plan = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO sales_plans (id, user_id, week_start, status, created_at, updated_at)
         VALUES ($1, $2, $3, 'APPROVED', now(), now())",
    )
    .bind(plan)
    .bind(rep)
    .bind(monday)
    .execute(pool)
    .await
    .unwrap();
    for (pos, c) in [(1, missed), (2, visited)] {
        sqlx::query(
            "INSERT INTO sales_plan_items (plan_id, position, kind, day, customer_id, title)
             VALUES ($1, $2, 'VISIT', $3, $4, '季度拜访')",
        )
        .bind(plan)
        .bind(pos)
        .bind(visit_day)
        .bind(c)
        .execute(pool)
        .await
        .unwrap();
    }
    // Two opportunities of rep01: one stalled 20 days, one moved 5 days ago.
    let opp = |name: &'static str, days: i64, c: Uuid| async move {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
                stage_changed_at, created_by, created_at, updated_at)
             SELECT $1, $2, $3, u.id, u.unit_id, 'PROPOSAL', 100000, now() - make_interval(days => $4), u.id, now(), now()
               FROM users u WHERE u.email = 'rep01@example.com'",
        )
        .bind(id)
        .bind(c)
        .bind(name)
        .bind(days as i32)
        .execute(pool)
        .await
        .unwrap();
        id
    };
    let stalled = opp("停滞商机", 20, missed).await;
    opp("新近推进", 5, visited).await;

    scan(&app, ScanKind::FollowUps, now()).await;
    let tasks: Vec<(Uuid, Uuid, String, Option<Uuid>, NaiveDate)> = sqlx::query_as(
        "SELECT customer_id, assignee_id, source, opportunity_id, due_date FROM follow_up_tasks ORDER BY source",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        tasks,
        vec![
            (missed, rep, "PLAN_VISIT".to_owned(), None, today),
            (
                missed,
                rep,
                "STALLED_OPPORTUNITY".to_owned(),
                Some(stalled),
                today
            ),
        ]
    );
    // Reminded on the due day like any task.
    let due = notifications(&app, "followup_due").await;
    assert_eq!(
        due.iter().filter(|n| n.channel == "EMAIL").count(),
        2,
        "{due:?}"
    );
    // Once: another scan makes nothing new.
    scan(&app, ScanKind::FollowUps, now()).await;
    assert_eq!(app.count("SELECT count(*) FROM follow_up_tasks").await, 2);
    // A stall after a new move is a new task.
    sqlx::query(
        "UPDATE opportunities SET stage_changed_at = now() - interval '15 days' WHERE id = $1",
    )
    .bind(stalled)
    .execute(pool)
    .await
    .unwrap();
    scan(&app, ScanKind::FollowUps, now()).await;
    assert_eq!(app.count("SELECT count(*) FROM follow_up_tasks").await, 3);
}
