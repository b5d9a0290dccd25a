//! REC-6, REC-7, AUTO-3: dunning. The daily scan is called with a chosen
//! `now` (the clock moves through the levels); the emails go through the
//! notify job's drain to a real SMTP conversation on loopback (`SmtpSink`).
//! Contracts and installments are inserted with SQL; money moves through
//! the API (finance records receipts), pauses too.

use std::collections::HashSet;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use salesd_domain::clock::{company_date, start_of_day};
use salesd_domain::notify;
use salesd_domain::notify::scan::{ScanKind, ScanOptions, ScanReport};
use salesd_domain::registry::run_scan;
use salesd_worker::MailConfig;
use salesd_worker::jobs::notify::drain;
use salesd_worker::smtp_sink::{ReceivedMail, SmtpSink};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;

const REP: &str = "rep01@example.com";
const FINANCE: &str = "finance@example.com";
const BILLING: &str = "billing@customer.test";

fn today() -> NaiveDate {
    company_date(Utc::now())
}

/// Noon (company time) of `day`.
fn noon(day: NaiveDate) -> DateTime<Utc> {
    start_of_day(day) + Duration::hours(12)
}

async fn setup() -> (TestApp, SmtpSink, salesd_worker::jobs::JobContext) {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await.expect("sink");
    let ctx = salesd_worker::testing::job_context(
        app.db.pool.clone(),
        &app.prefix,
        MailConfig::smtp(&sink.url()).expect("smtp url"),
    )
    .await;
    (app, sink, ctx)
}

/// A customer of rep01 with an English-speaking billing contact and a
/// signed contract with one installment of `amount` due on `due`:
/// (customer, installment).
async fn overdue_installment(app: &TestApp, amount: &str, due: NaiveDate) -> (Uuid, Uuid) {
    let c = customer(app, REP, &format!("催款客户{}", Uuid::now_v7()), Utc::now()).await;
    sqlx::query(
        "INSERT INTO contacts (id, customer_id, name, email, is_billing, locale) VALUES ($1, $2, 'Mary Chen', $3, true, 'en')",
    )
    .bind(Uuid::now_v7())
    .bind(c)
    .bind(BILLING)
    .execute(&app.db.pool)
    .await
    .expect("contact");
    let o = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
            stage_changed_at, created_by, created_at, updated_at)
         SELECT $1, $2, '催款项目', u.id, u.unit_id, 'CONTRACT', $4::numeric, now(), u.id, now(), now()
         FROM users u WHERE u.email = $3",
    )
    .bind(o)
    .bind(c)
    .bind(REP)
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("opportunity");
    let k = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, title, owner_id,
            owner_unit_id, customer_party, our_party, amount, status, signed_date, created_by, created_at, updated_at)
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, o.customer_id, o.id, o.name, o.owner_id, o.owner_unit_id,
            'customer', 'us', $3::numeric, 'SIGNED', $4::date, o.owner_id, now(), now()
         FROM opportunities o,
              (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2026) s
         WHERE o.id = $2",
    )
    .bind(k)
    .bind(o)
    .bind(amount)
    .bind(due - Duration::days(30))
    .execute(&app.db.pool)
    .await
    .expect("contract");
    let i = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, due_date)
         VALUES ($1, $2, 1, '尾款', $3::numeric, 'FIXED_DATE', $4)",
    )
    .bind(i)
    .bind(k)
    .bind(amount)
    .bind(due)
    .execute(&app.db.pool)
    .await
    .expect("installment");
    (c, i)
}

async fn scan(app: &TestApp, at: DateTime<Utc>) -> ScanReport {
    run_scan(
        &app.db.pool,
        ScanKind::Dunning,
        at,
        ScanOptions {
            force: true,
            ..ScanOptions::default()
        },
    )
    .await
    .expect("dunning scan")
}

/// (level, status) of the item's steps.
async fn steps(app: &TestApp, item: Uuid) -> Vec<(i16, String)> {
    sqlx::query_as("SELECT level, status FROM dunning_steps WHERE item_id = $1 ORDER BY level")
        .bind(item)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

/// The email keys of the notifications the item's steps went into (its
/// customer's notices and the people's digests), sorted.
async fn email_keys(app: &TestApp, item: Uuid) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT dedup_key FROM notifications WHERE channel = 'EMAIL'
            AND dedup_key IN (SELECT unnest(notification_keys) FROM dunning_steps WHERE item_id = $1)
          ORDER BY dedup_key",
    )
    .bind(item)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn hold_since(app: &TestApp, customer: Uuid) -> Option<DateTime<Utc>> {
    sqlx::query_scalar("SELECT credit_hold_since FROM customers WHERE id = $1")
        .bind(customer)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn pay(app: &TestApp, customer: Uuid, amount: &str) {
    let token = app.login(FINANCE).await;
    let r = app
        .gql(
            Some(&token),
            "mutation($i: RecordReceiptInput!) { recordReceipt(input: $i) { id } }",
            json!({"i": {"customerId": customer, "amount": amount,
                         "receivedOn": today().to_string(), "method": "BANK_TRANSFER"}}),
        )
        .await;
    assert_ok(&r);
}

async fn email_of(app: &TestApp, who: &str) -> String {
    sqlx::query_scalar("SELECT email FROM users WHERE email = $1")
        .bind(who)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The decoded text/plain part of a received message.
fn plain(mail: &ReceivedMail) -> String {
    let raw = mail.text();
    let Some(at) = raw.find("Content-Type: text/plain") else {
        return raw;
    };
    let part_start = raw[..at].rfind("\r\n--").unwrap_or(0);
    let (head, rest) = raw[part_start..].split_once("\r\n\r\n").unwrap();
    let body = &rest[..rest.find("\r\n--").unwrap_or(rest.len())];
    let bytes = if head.contains("base64") {
        unbase64(body)
    } else if head.contains("quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let mut out = Vec::new();
        let mut it = joined.bytes();
        while let Some(b) = it.next() {
            if b == b'=' {
                let hex = [it.next().unwrap(), it.next().unwrap()];
                out.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).unwrap());
            } else {
                out.push(b);
            }
        }
        out
    } else {
        body.as_bytes().to_vec()
    };
    String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
}

fn unbase64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0);
    for b in s.bytes().filter(|b| A.contains(b)) {
        buf = (buf << 6) | A.iter().position(|a| *a == b).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}

/// The messages to `address` among `mails`.
fn to<'a>(mails: &'a [ReceivedMail], address: &str) -> Vec<&'a ReceivedMail> {
    mails
        .iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r == address))
        .collect()
}

/// REC-6 / AUTO-3 / AUTO-6, the walk: one installment from its due date
/// through L1 (billing contact + owner), L2 (+ supervisor), L3 (owner,
/// sales manager, finance; credit hold) and L4 (HIGH risk), with every
/// email checked in the SMTP conversation, no duplicate under re-runs and a
/// killed sender, the partly paid amount stated, and REC-7 at the end.
#[tokio::test]
async fn rec6_walk_one_installment_through_l1_to_l4_with_real_smtp() {
    let (app, sink, ctx) = setup().await;
    let due = today() - Duration::days(100);
    let (customer, item) = overdue_installment(&app, "10000.00", due).await;
    let owner = email_of(&app, REP).await;

    // Two days overdue: nothing yet (and the item is posted by the scan).
    let r = scan(&app, noon(due + Duration::days(2))).await;
    assert_eq!(r.created, 0);
    let open: rust_decimal::Decimal = sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE item_id = $1",
    )
    .bind(item)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        open.to_string(),
        "10000.00",
        "the scan posted the due item first"
    );

    // L1 at 3 days: the billing contact and the owner.
    let r = scan(&app, noon(due + Duration::days(3))).await;
    assert_eq!(
        (r.found, r.created),
        (1, 3),
        "contact email + owner email and inbox"
    );
    assert_eq!(steps(&app, item).await, vec![(1, "NOTIFIED".to_owned())]);
    assert_eq!(drain(&ctx).await.unwrap().sent, 2);
    let mails = sink.wait_for(2, StdDuration::from_secs(5)).await.unwrap();
    let notice = to(&mails, BILLING);
    assert_eq!(notice.len(), 1);
    let subject = notice[0].subject().unwrap();
    assert!(subject.starts_with("Payment reminder"), "{subject}");
    let text = plain(notice[0]);
    assert!(text.contains("Dear Mary Chen"), "{text}");
    assert!(text.contains("Amount outstanding: CNY 10,000.00"), "{text}");
    assert!(text.contains("Total overdue: CNY 10,000.00"), "{text}");
    // Transactional: no List-Unsubscribe (docs/dunning.md).
    assert!(notice[0].header("List-Unsubscribe").is_none());
    assert_eq!(to(&mails, &owner).len(), 1);

    // Re-running the day's scan records nothing new, a drain sends nothing.
    assert_eq!(scan(&app, noon(due + Duration::days(3))).await.created, 0);
    assert_eq!(scan(&app, noon(due + Duration::days(10))).await.created, 0);
    assert_eq!(drain(&ctx).await.unwrap().sent, 0);

    // L2 at 15 days: contact, owner, supervisor. A sender claims the batch,
    // starts one send and dies (no outcome recorded).
    let r = scan(&app, noon(due + Duration::days(15))).await;
    assert_eq!(
        r.created, 5,
        "contact + (owner, supervisor) × (email, inbox)"
    );
    let claimed = notify::claim_due(&app.db.pool, "dead#1", Utc::now(), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 3);
    assert!(
        notify::start_send(&app.db.pool, claimed[0].id, "dead#1", Utc::now())
            .await
            .unwrap()
    );
    assert_eq!(
        drain(&ctx).await.unwrap().sent,
        0,
        "still leased to the dead sender"
    );
    sqlx::query("UPDATE notifications SET claimed_at = now() - interval '1 hour' WHERE claimed_by = 'dead#1'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let report = drain(&ctx).await.unwrap();
    assert_eq!((report.recovered, report.sent), (3, 3));
    let mails = sink.wait_for(5, StdDuration::from_secs(5)).await.unwrap();
    let sup = email_of(&app, "supervisor.east1@example.com").await;
    assert_eq!(to(&mails, &sup).len(), 1);
    let l2 = to(&mails, BILLING);
    assert!(l2[1].subject().unwrap().starts_with("Second notice"));

    // L3 at 30 days: final notice, sales manager and finance, credit hold.
    assert!(hold_since(&app, customer).await.is_none());
    let r = scan(&app, noon(due + Duration::days(30))).await;
    assert_eq!(r.created, 7, "contact + (owner, manager, finance) × 2");
    assert!(
        hold_since(&app, customer).await.is_some(),
        "REC-6: L3 puts the customer on hold"
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE entity = 'CUSTOMER' AND action = 'CREDIT_HOLD'"
        )
        .await,
        1
    );
    // Partly paid before the notices go out: they state what remains.
    pay(&app, customer, "4000.00").await;
    assert!(
        hold_since(&app, customer).await.is_some(),
        "still overdue: the hold stays"
    );
    assert_eq!(drain(&ctx).await.unwrap().sent, 4);
    let mails = sink.wait_for(9, StdDuration::from_secs(5)).await.unwrap();
    let final_notice = to(&mails, BILLING)[2];
    assert!(final_notice.subject().unwrap().starts_with("Final notice"));
    let text = plain(final_notice);
    assert!(text.contains("Received so far: CNY 4,000.00"), "{text}");
    assert!(text.contains("Amount outstanding: CNY 6,000.00"), "{text}");
    let manager = email_of(&app, "manager.east@example.com").await;
    let fin = email_of(&app, FINANCE).await;
    assert_eq!(to(&mails, &manager).len(), 1);
    assert_eq!(to(&mails, &fin).len(), 1);
    let alert = plain(to(&mails, &fin)[0]);
    assert!(alert.contains("6,000.00"), "{alert}");

    // L4 at 90 days: HIGH bad-debt risk, people only.
    let r = scan(&app, noon(due + Duration::days(90))).await;
    assert_eq!(r.created, 6);
    let risk: (String, String, String) =
        sqlx::query_as("SELECT category, level, source FROM risk_signals WHERE item_id = $1")
            .bind(item)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        risk,
        ("BAD_DEBT".into(), "HIGH".into(), "DUNNING_L4".into())
    );
    assert_eq!(drain(&ctx).await.unwrap().sent, 3);
    let mails = sink.wait_for(12, StdDuration::from_secs(5)).await.unwrap();
    assert_eq!(to(&mails, BILLING).len(), 3, "L4 is internal by default");

    // Every level once: re-running every day's scan adds nothing.
    for d in [3, 15, 30, 90, 99] {
        assert_eq!(scan(&app, noon(due + Duration::days(d))).await.created, 0);
    }
    assert_eq!(drain(&ctx).await.unwrap().sent, 0);
    let mails = sink.messages();
    assert_eq!(mails.len(), 12);
    let ids: HashSet<String> = mails.iter().filter_map(|m| m.message_id()).collect();
    assert_eq!(ids.len(), 12, "no message twice");
    assert_eq!(email_keys(&app, item).await.len(), 12);
    assert_eq!(
        steps(&app, item)
            .await
            .iter()
            .map(|s| s.0)
            .collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    assert_eq!(
        app.count("SELECT count(*) FROM risk_signals").await,
        1,
        "one risk per item"
    );

    // REC-7: paid in full ends dunning and the hold lifts at once.
    pay(&app, customer, "6000.00").await;
    assert!(hold_since(&app, customer).await.is_none());
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'CUSTOMER' AND action = 'CREDIT_HOLD_LIFT'")
            .await,
        1
    );

    // dunningStatus shows it all.
    let token = app.login(REP).await;
    let s = app
        .gql(
            Some(&token),
            "query($i: ID) { dunningStatus(itemId: $i) { creditHoldSince risks { level }
               items { open levelReached levelDue steps { level status notifications { status } } } } }",
            json!({"i": item}),
        )
        .await;
    assert_ok(&s);
    let it = &s["data"]["dunningStatus"]["items"][0];
    assert_eq!(it["levelReached"], 4);
    assert_eq!(it["levelDue"], 0, "nothing open");
    assert_eq!(it["steps"][2]["notifications"].as_array().unwrap().len(), 4);
    assert_eq!(s["data"]["dunningStatus"]["creditHoldSince"], Value::Null);
}

/// REC-6: a scan that first sees an item at L3 (the workers were down)
/// sends L3 only and records L1, L2 as skipped; REC-7: paid ⇒ no email,
/// and a write-off clearing the last overdue item lifts the hold on the
/// next scan.
#[tokio::test]
async fn rec6_late_scan_sends_only_the_highest_level_and_paid_items_get_no_email() {
    let (app, sink, ctx) = setup().await;
    let due = today() - Duration::days(40);
    let (customer, item) = overdue_installment(&app, "5000.00", due).await;
    scan(&app, noon(due + Duration::days(30))).await;
    assert_eq!(
        steps(&app, item).await,
        vec![
            (1, "SKIPPED".to_owned()),
            (2, "SKIPPED".to_owned()),
            (3, "NOTIFIED".to_owned())
        ]
    );
    let keys = email_keys(&app, item).await;
    assert!(
        keys.iter()
            .filter(|k| !k.starts_with("dunning_digest:"))
            .all(|k| k.contains(":L3:")),
        "{keys:?}"
    );
    assert!(hold_since(&app, customer).await.is_some());
    // Paid before the drain: cancelled ("paid"), no email.
    pay(&app, customer, "5000.00").await;
    assert!(hold_since(&app, customer).await.is_none(), "REC-7 at once");
    let report = drain(&ctx).await.unwrap();
    assert_eq!(report.sent, 0);
    assert_eq!(report.cancelled, 4);
    assert!(sink.messages().is_empty());
    let reasons: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT DISTINCT last_error FROM notifications WHERE channel = 'EMAIL' AND dedup_key LIKE 'dunning%'",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(reasons, vec![Some("paid".to_owned())]);
    // Hold set again by another item, lifted by the scan after a write-off.
    let due2 = today() - Duration::days(35);
    let (customer2, item2) = overdue_installment(&app, "800.00", due2).await;
    scan(&app, noon(today())).await;
    assert!(hold_since(&app, customer2).await.is_some());
    let token = app.login(FINANCE).await;
    let r = app
        .gql(
            Some(&token),
            "mutation($i: ID!) { writeOff(itemId: $i, amount: \"800.00\", reason: \"破产清算\") { id } }",
            json!({"i": item2}),
        )
        .await;
    assert_ok(&r);
    assert!(hold_since(&app, customer2).await.is_some());
    scan(&app, noon(today())).await;
    assert!(
        hold_since(&app, customer2).await.is_none(),
        "REC-7: the scan lifts it"
    );
}

async fn promise(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(
        Some(token),
        "mutation($i: RecordPromiseToPayInput!) { recordPromiseToPay(input: $i) { id promisedDate } }",
        json!({"i": input}),
    )
    .await
}

/// REC-6: a promise to pay pauses dunning through its date, then it
/// resumes with the level now due; overlapping promises and past dates are
/// refused and change nothing.
#[tokio::test]
async fn rec6_promise_to_pay_pauses_until_its_date_then_dunning_resumes() {
    let (app, _sink, _ctx) = setup().await;
    let due = today() - Duration::days(20);
    let (customer, item) = overdue_installment(&app, "3000.00", due).await;
    let rep = app.login(REP).await;
    let until = today() + Duration::days(5);
    let r = promise(
        &app,
        &rep,
        json!({"customerId": customer, "itemId": item, "promisedDate": until.to_string(),
               "amount": "3000.00", "note": "月底前付清"}),
    )
    .await;
    assert_ok(&r);
    let pid = r["data"]["recordPromiseToPay"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Overlapping: the same item, or customer-wide → VALIDATION, nothing added.
    for input in [
        json!({"customerId": customer, "itemId": item, "promisedDate": (until + Duration::days(3)).to_string(), "amount": "1.00"}),
        json!({"customerId": customer, "promisedDate": today().to_string(), "amount": "1.00"}),
    ] {
        let r = promise(&app, &rep, input).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], "promisedDate");
    }
    // In the past → VALIDATION.
    let r = promise(
        &app,
        &rep,
        json!({"customerId": customer, "itemId": item,
               "promisedDate": (today() - Duration::days(1)).to_string(), "amount": "1.00"}),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(app.count("SELECT count(*) FROM promises_to_pay").await, 1);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'PROMISE_TO_PAY'")
            .await,
        1
    );

    // Paused today and through the promised date.
    for at in [today(), until] {
        assert_eq!(scan(&app, noon(at)).await.created, 0, "{at}");
    }
    assert!(steps(&app, item).await.is_empty());
    let s = app
        .gql(
            Some(&rep),
            "query($c: ID) { dunningStatus(customerId: $c) { promises { id } items { paused levelDue } } }",
            json!({"c": customer}),
        )
        .await;
    assert_ok(&s);
    let paused = s["data"]["dunningStatus"]["items"][0]["paused"]
        .as_str()
        .unwrap();
    assert!(paused.contains("promise"), "{paused}");
    // The day after: the promise was broken; L2 is due (26 days), L1 skipped.
    scan(&app, noon(until + Duration::days(1))).await;
    assert_eq!(
        steps(&app, item).await,
        vec![(1, "SKIPPED".to_owned()), (2, "NOTIFIED".to_owned())]
    );
    // Cancelling frees the item for a new promise.
    let r = app
        .gql(
            Some(&rep),
            "mutation($i: ID!) { cancelPromiseToPay(id: $i, reason: \"客户改期\") { cancelledAt } }",
            json!({"i": pid}),
        )
        .await;
    assert_ok(&r);
    let r = promise(
        &app,
        &rep,
        json!({"customerId": customer, "promisedDate": (today() + Duration::days(3)).to_string(), "amount": "3000.00"}),
    )
    .await;
    assert_ok(&r);
}

/// REC-6: an open dispute pauses dunning — a notice recorded before the
/// dispute is cancelled at send time — and closing it resumes dunning.
#[tokio::test]
async fn rec6_open_dispute_pauses_dunning_and_cancels_recorded_notices() {
    let (app, sink, ctx) = setup().await;
    // Scanned yesterday: notices wait for the reminder hour of the scan's
    // day, so they are due now whatever the hour of the run.
    let due = today() - Duration::days(6);
    let (_customer, item) = overdue_installment(&app, "2000.00", due).await;
    assert_eq!(
        scan(&app, noon(today() - Duration::days(1))).await.created,
        3
    );
    let rep = app.login(REP).await;
    let r = app
        .gql(
            Some(&rep),
            "mutation($i: ID!) { openPaymentDispute(itemId: $i, reason: \"货物质量问题，客户拒付\") { id } }",
            json!({"i": item}),
        )
        .await;
    assert_ok(&r);
    let dispute = r["data"]["openPaymentDispute"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A second open dispute on the item → CONFLICT.
    let again = app
        .gql(
            Some(&rep),
            "mutation($i: ID!) { openPaymentDispute(itemId: $i, reason: \"x\") { id } }",
            json!({"i": item}),
        )
        .await;
    assert_code(&again, "CONFLICT");
    let report = drain(&ctx).await.unwrap();
    assert_eq!((report.sent, report.cancelled), (0, 2));
    assert!(sink.messages().is_empty());
    // Paused while open.
    assert_eq!(
        scan(&app, noon(today() + Duration::days(20))).await.created,
        0
    );
    let r = app
        .gql(
            Some(&rep),
            "mutation($i: ID!) { closePaymentDispute(id: $i, resolution: \"已协商\") { closedAt } }",
            json!({"i": dispute}),
        )
        .await;
    assert_ok(&r);
    scan(&app, noon(today() + Duration::days(21))).await;
    assert_eq!(
        steps(&app, item).await,
        vec![(1, "NOTIFIED".to_owned()), (2, "NOTIFIED".to_owned())]
    );
}

/// REC-6 bad input and ORG-3: levels out of order are refused by the
/// settings mutation (unchanged); another team's item or customer is
/// NOT_FOUND for pauses and status.
#[tokio::test]
async fn rec6_bad_levels_and_another_teams_items_are_refused() {
    let (app, _sink, _ctx) = setup().await;
    let admin = app.login("admin@example.com").await;
    let (before, version): (Value, i32) =
        sqlx::query_as("SELECT value, version FROM company_settings WHERE key = 'dunning_levels'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let set = |value: Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.gql(
                Some(&admin),
                "mutation($v: JSON!, $ver: Int!) { updateCompanySetting(key: \"dunning_levels\", value: $v, version: $ver) { version } }",
                json!({"v": value, "ver": version}),
            )
            .await
        }
    };
    let lv = |level: i32, days: i32| json!({"level": level, "days": days, "recipients": ["OWNER"]});
    for bad in [
        json!({"levels": [lv(1, 15), lv(2, 3)]}),
        json!({"levels": [lv(2, 3)]}),
        json!({"levels": []}),
        json!({"levels": [lv(1, 3), lv(2, 5), lv(3, 7), lv(4, 9), lv(5, 11)]}),
        json!({"levels": [{"level": 1, "days": 3, "recipients": ["NOBODY"]}]}),
    ] {
        assert_code(&set(bad).await, "VALIDATION");
    }
    let after: Value =
        sqlx::query_scalar("SELECT value FROM company_settings WHERE key = 'dunning_levels'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(after, before);
    // A valid change: two levels, the customer at 5 days.
    let ok = set(json!({"levels": [
        {"level": 1, "days": 5, "recipients": ["BILLING_CONTACT", "OWNER"]},
        {"level": 2, "days": 20, "recipients": ["FINANCE"], "actions": ["CREDIT_HOLD"]}]}))
    .await;
    assert_ok(&ok);

    let due = today() - Duration::days(10);
    let (customer, item) = overdue_installment(&app, "1000.00", due).await;
    let outsider = app.login("supervisor.south1@example.com").await;
    let r = promise(
        &app,
        &outsider,
        json!({"customerId": customer, "itemId": item, "promisedDate": today().to_string(), "amount": "1.00"}),
    )
    .await;
    assert_code(&r, "NOT_FOUND");
    let r = promise(
        &app,
        &outsider,
        json!({"customerId": customer, "promisedDate": today().to_string(), "amount": "1.00"}),
    )
    .await;
    assert_code(&r, "NOT_FOUND");
    let r = app
        .gql(
            Some(&outsider),
            "mutation($i: ID!) { openPaymentDispute(itemId: $i, reason: \"x\") { id } }",
            json!({"i": item}),
        )
        .await;
    assert_code(&r, "NOT_FOUND");
    for q in [
        json!({"i": item, "c": null}),
        json!({"i": null, "c": customer}),
    ] {
        let r = app
            .gql(
                Some(&outsider),
                "query($i: ID, $c: ID) { dunningStatus(itemId: $i, customerId: $c) { customerId } }",
                q,
            )
            .await;
        assert_code(&r, "NOT_FOUND");
    }
    // A project team member reads the item but is not in the owner's line.
    sqlx::query(
        "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, added_at)
         SELECT c.opportunity_id, u.id, 'MEMBER', now()
           FROM contract_installments i JOIN contracts c ON c.id = i.contract_id, users u
          WHERE i.id = $1 AND u.email = 'rep02@example.com'",
    )
    .bind(item)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let member = app.login("rep02@example.com").await;
    let r = app
        .gql(
            Some(&member),
            "mutation($i: ID!) { openPaymentDispute(itemId: $i, reason: \"x\") { id } }",
            json!({"i": item}),
        )
        .await;
    assert_code(&r, "FORBIDDEN");
    // Finance may write; customer service cannot even see receivables.
    let service = app.login("service@example.com").await;
    let r = promise(
        &app,
        &service,
        json!({"customerId": customer, "itemId": item, "promisedDate": today().to_string(), "amount": "1.00"}),
    )
    .await;
    assert_code(&r, "NOT_FOUND");
    assert_eq!(app.count("SELECT count(*) FROM promises_to_pay").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM payment_disputes").await, 0);
    // The configured levels apply: L1 at 5 days.
    scan(&app, noon(today())).await;
    assert_eq!(steps(&app, item).await, vec![(1, "NOTIFIED".to_owned())]);
    let fin = app.login(FINANCE).await;
    let r = promise(
        &app,
        &fin,
        json!({"customerId": customer, "itemId": item, "promisedDate": today().to_string(), "amount": "1000.00"}),
    )
    .await;
    assert_ok(&r);
}

/// REC-6 / AUTO-6: two scans at once (two worker processes) record each
/// (item, level) once: one notice per customer's contact, one digest for
/// the owner of all four.
#[tokio::test(flavor = "multi_thread")]
async fn rec6_two_concurrent_scans_record_each_notice_once() {
    let (app, _sink, _ctx) = setup().await;
    let mut items = Vec::new();
    for i in 0..4 {
        let (_, item) = overdue_installment(&app, "100.00", today() - Duration::days(4 + i)).await;
        items.push(item);
    }
    let at = noon(today());
    let (a, b) = tokio::join!(scan(&app, at), scan(&app, at));
    assert_eq!(
        a.created + b.created,
        6,
        "4 customers' contacts + the owner's digest (email, inbox)"
    );
    for item in items {
        assert_eq!(steps(&app, item).await, vec![(1, "NOTIFIED".to_owned())]);
        assert_eq!(email_keys(&app, item).await.len(), 2);
    }
}

/// REC-6 (issue 14 item 15): a customer receives one notice per level per
/// day listing every item that reached it, and each internal recipient one
/// digest of the day's run, not one email per item; an item paid before
/// sending drops out of its notice.
#[tokio::test]
async fn rec6_one_notice_per_customer_and_level_and_one_digest_per_person() {
    let (app, sink, ctx) = setup().await;
    // Yesterday's run: its notices are due (REMINDER_HOUR) whatever the hour.
    let day = today() - Duration::days(1);
    let due = day - Duration::days(4);
    let (a, first) = overdue_installment(&app, "1000.00", due).await;
    let mut of_a = vec![first];
    for amount in ["2000.00", "3000.00"] {
        let (other, item) = overdue_installment(&app, amount, due).await;
        for sql in [
            "UPDATE opportunities SET customer_id = $1 WHERE customer_id = $2",
            "UPDATE contracts SET customer_id = $1 WHERE customer_id = $2",
        ] {
            sqlx::query(sql)
                .bind(a)
                .bind(other)
                .execute(&app.db.pool)
                .await
                .unwrap();
        }
        of_a.push(item);
    }
    let (b, of_b) = overdue_installment(&app, "500.00", due).await;

    let r = scan(&app, noon(day)).await;
    assert_eq!(r.found, 4);
    assert_eq!(
        r.created, 4,
        "a notice to each customer's contact + one digest (email, inbox)"
    );
    let notices: Vec<(String, Value)> = sqlx::query_as(
        "SELECT dedup_key, payload FROM notifications WHERE kind = 'dunning_notice' ORDER BY dedup_key",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(notices.len(), 2);
    let prefix = format!("dunning:{a}:L1:{day}:contact:");
    let notice_a = &notices
        .iter()
        .find(|(k, _)| k.starts_with(&prefix))
        .expect("A's notice")
        .1;
    assert_eq!(notice_a["level_items"].as_array().unwrap().len(), 3);
    assert_eq!(notice_a["level_open"], "6000.00");
    assert!(
        notices
            .iter()
            .any(|(k, _)| k.starts_with(&format!("dunning:{b}:L1:")))
    );
    let digests: Vec<Value> = sqlx::query_scalar(
        "SELECT payload FROM notifications WHERE kind = 'dunning_digest' AND channel = 'EMAIL'",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(digests.len(), 1, "one digest for the owner of all four");
    assert_eq!(digests[0]["line_count"], 4);
    assert_eq!(digests[0]["customer_count"], 2);
    assert_eq!(digests[0]["total_open"], "6500.00");
    for item in of_a.iter().chain([&of_b]) {
        assert_eq!(email_keys(&app, *item).await.len(), 2, "notice + digest");
    }
    assert_eq!(scan(&app, noon(day)).await.created, 0, "once a day");

    // The oldest item of A is paid before sending: A's notice lists two.
    pay(&app, a, "1000.00").await;
    assert_eq!(drain(&ctx).await.unwrap().sent, 3);
    let mails = sink.wait_for(3, StdDuration::from_secs(5)).await.unwrap();
    let to_a: Vec<_> = to(&mails, BILLING)
        .into_iter()
        .filter(|m| {
            m.subject()
                .unwrap_or_default()
                .contains("2 overdue payments")
        })
        .collect();
    assert_eq!(
        to_a.len(),
        1,
        "{:?}",
        mails.iter().map(|m| m.subject()).collect::<Vec<_>>()
    );
    let text = plain(to_a[0]);
    assert!(
        text.contains("Outstanding of this notice: CNY 5,000.00"),
        "{text}"
    );
    let owner = email_of(&app, REP).await;
    let digest = to(&mails, &owner);
    assert_eq!(digest.len(), 1);
    let text = plain(digest[0]);
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM customers WHERE id = ANY($1) ORDER BY name")
            .bind(vec![a, b])
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    for name in names {
        assert!(text.contains(&name), "{text}");
    }
    assert!(text.contains("CNY 5,500.00"), "total as sent: {text}");
}
