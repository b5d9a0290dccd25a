//! REC-5 monthly statements: figures to the cent from the ledger over two
//! months (opening = previous closing, closing = ledger balance at period
//! end = opening + Σ lines), re-generation before and after sending, the
//! daily scan on the statement day in the company time zone (Asia/Shanghai)
//! emailing the sales manager and the billing contact through a real SMTP
//! conversation with the HTML attachment, no duplicates on re-runs, the
//! immutability trigger, the statement_day setting, and the ORG-3 scope.
//! Ledger entries are inserted with SQL at chosen dates (the postings
//! themselves are tested in receivables.rs; the ledger accepts inserts).

use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use salesd_domain::notify::scan::{ScanKind, ScanOptions};
use salesd_domain::receivables::statements;
use salesd_domain::registry::run_scan;
use salesd_worker::MailConfig;
use salesd_worker::jobs::notify::drain;
use salesd_worker::smtp_sink::SmtpSink;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;

const FINANCE: &str = "finance@example.com";
const ADMIN: &str = "admin@example.com";

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn dv(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal: {v}"))
        .parse()
        .unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn utc(y: i32, m: u32, day: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, h, min, s).unwrap()
}

/// A customer of `owner` with a SIGNED contract and four installments:
/// (customer, [installment ids]).
async fn customer_with_items(app: &TestApp, owner: &str, name: &str) -> (Uuid, Vec<Uuid>) {
    let c = customer(app, owner, name, Utc::now()).await;
    let o = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
            stage_changed_at, created_by, created_at, updated_at)
         SELECT $1, $2, '对账项目', u.id, u.unit_id, 'CONTRACT', 10000, now(), u.id, now(), now()
         FROM users u WHERE u.email = $3",
    )
    .bind(o)
    .bind(c)
    .bind(owner)
    .execute(&app.db.pool)
    .await
    .expect("opportunity");
    let k = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, title, owner_id,
            owner_unit_id, customer_party, our_party, amount, status, signed_date, created_by, created_at,
            updated_at)
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, o.customer_id, o.id, o.name, o.owner_id, o.owner_unit_id,
            'customer', 'us', 10000, 'SIGNED', DATE '2026-08-01', o.owner_id, now(), now()
         FROM opportunities o,
              (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2026) s
         WHERE o.id = $2",
    )
    .bind(k)
    .bind(o)
    .execute(&app.db.pool)
    .await
    .expect("contract");
    let mut items = Vec::new();
    for (pos, due) in [
        (1, "2026-08-20"),
        (2, "2026-09-05"),
        (3, "2026-10-01"),
        (4, "2026-11-01"),
    ] {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, due_date)
             VALUES ($1, $2, $3, '第' || $3 || '期', 2500, 'FIXED_DATE', $4::date)",
        )
        .bind(id)
        .bind(k)
        .bind(pos)
        .bind(date(due))
        .execute(&app.db.pool)
        .await
        .expect("installment");
        items.push(id);
    }
    (c, items)
}

/// A receipt row (the ledger entries reference it).
async fn receipt(app: &TestApp, customer: Uuid, amount: &str, on: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO receipts (id, customer_id, amount, received_on, method, reference, created_by, created_at)
         SELECT $1, $2, $3::numeric, $4::date, 'BANK_TRANSFER', 'BANK-REF', u.id, now()
         FROM users u WHERE u.email = 'finance@example.com'",
    )
    .bind(id)
    .bind(customer)
    .bind(amount)
    .bind(date(on))
    .execute(&app.db.pool)
    .await
    .expect("receipt");
    id
}

/// Appends a ledger entry; returns its id.
#[allow(clippy::too_many_arguments)]
async fn entry(
    app: &TestApp,
    customer: Uuid,
    kind: &str,
    amount: &str,
    on: &str,
    item: Option<Uuid>,
    receipt: Option<Uuid>,
    reversal_of: Option<Uuid>,
) -> Uuid {
    let id = Uuid::now_v7();
    let reason = (!matches!(kind, "SALE" | "RECEIPT" | "PREPAYMENT" | "CREDIT_APPLIED"))
        .then_some("对账测试");
    sqlx::query(
        "INSERT INTO ledger_entries (id, customer_id, installment_id, receipt_id, reversal_of, kind, amount,
                                     entry_date, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8::date, $9, now())",
    )
    .bind(id)
    .bind(customer)
    .bind(item)
    .bind(receipt)
    .bind(reversal_of)
    .bind(kind)
    .bind(amount)
    .bind(date(on))
    .bind(reason)
    .execute(&app.db.pool)
    .await
    .unwrap_or_else(|e| panic!("ledger entry {kind} {amount}: {e}"));
    id
}

/// Two months of activity (September and October 2026) plus a sale before
/// and one after. Expected (to the cent):
///
/// | month | opening | sales | receipts | other | closing |
/// |---|---|---|---|---|---|
/// | 2026-09 | 1000.00 | 2500.50 | 1200.00 | −0.50 | 2300.00 |
/// | 2026-10 | 2300.00 | 700.25 | 500.00 | 466.67 | 2966.92 |
async fn two_months(app: &TestApp, c: Uuid, items: &[Uuid]) {
    entry(
        app,
        c,
        "SALE",
        "1000.00",
        "2026-08-20",
        Some(items[0]),
        None,
        None,
    )
    .await;
    // September: a sale, a receipt paying item 1 with 200 left as credit,
    // the credit applied to item 2 (a pair netting to 0), a write-off.
    entry(
        app,
        c,
        "SALE",
        "2500.50",
        "2026-09-05",
        Some(items[1]),
        None,
        None,
    )
    .await;
    let r1 = receipt(app, c, "1200.00", "2026-09-12").await;
    entry(
        app,
        c,
        "RECEIPT",
        "-1000.00",
        "2026-09-12",
        Some(items[0]),
        Some(r1),
        None,
    )
    .await;
    entry(
        app,
        c,
        "PREPAYMENT",
        "-200.00",
        "2026-09-12",
        None,
        Some(r1),
        None,
    )
    .await;
    entry(
        app,
        c,
        "CREDIT_APPLIED",
        "200.00",
        "2026-09-20",
        None,
        Some(r1),
        None,
    )
    .await;
    entry(
        app,
        c,
        "CREDIT_APPLIED",
        "-200.00",
        "2026-09-20",
        Some(items[1]),
        Some(r1),
        None,
    )
    .await;
    entry(
        app,
        c,
        "WRITE_OFF",
        "-0.50",
        "2026-09-30",
        Some(items[1]),
        None,
        None,
    )
    .await;
    // October: a sale on the 1st, a receipt reversed (bounced), an adjustment on the 31st.
    entry(
        app,
        c,
        "SALE",
        "700.25",
        "2026-10-01",
        Some(items[2]),
        None,
        None,
    )
    .await;
    let r2 = receipt(app, c, "500.00", "2026-10-10").await;
    let paid = entry(
        app,
        c,
        "RECEIPT",
        "-500.00",
        "2026-10-10",
        Some(items[1]),
        Some(r2),
        None,
    )
    .await;
    entry(
        app,
        c,
        "REVERSAL",
        "500.00",
        "2026-10-15",
        Some(items[1]),
        Some(r2),
        Some(paid),
    )
    .await;
    entry(
        app,
        c,
        "ADJUSTMENT",
        "-33.33",
        "2026-10-31",
        Some(items[2]),
        None,
        None,
    )
    .await;
    // November: not on October's statement.
    entry(
        app,
        c,
        "SALE",
        "999.99",
        "2026-11-01",
        Some(items[3]),
        None,
        None,
    )
    .await;
}

const STATEMENT: &str = "id customerId customerName month periodStart periodEnd openingBalance sales receipts
  other closingBalance generatedAt sentAt html lines { entryId seq date kind column document amount }";

async fn generate(app: &TestApp, token: &str, month: &str) -> Value {
    app.gql(
        Some(token),
        "mutation($m: String!) { generateStatements(month: $m) { month customers created replaced unchanged alreadySent } }",
        json!({"m": month}),
    )
    .await
}

async fn list(app: &TestApp, token: &str, c: Uuid) -> Value {
    app.gql(
        Some(token),
        &format!("query($c: ID) {{ statements(customerId: $c) {{ edges {{ node {{ {STATEMENT} }} }} }} }}"),
        json!({"c": c}),
    )
    .await
}

async fn one(app: &TestApp, token: &str, id: &str) -> Value {
    app.gql(
        Some(token),
        &format!("query($id: ID!) {{ statement(id: $id) {{ {STATEMENT} }} }}"),
        json!({"id": id}),
    )
    .await
}

/// Σ of the customer's ledger dated up to `end`, straight from SQL.
async fn ledger_at(app: &TestApp, c: Uuid, end: &str) -> Decimal {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE customer_id = $1 AND entry_date <= $2",
    )
    .bind(c)
    .bind(date(end))
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

fn figures(s: &Value) -> [Decimal; 5] {
    [
        dv(&s["openingBalance"]),
        dv(&s["sales"]),
        dv(&s["receipts"]),
        dv(&s["other"]),
        dv(&s["closingBalance"]),
    ]
}

/// REC-5 / REC-1: every figure to the cent from the ledger; opening(m2) =
/// closing(m1); closing = ledger balance at period end = opening + Σ lines;
/// each figure = Σ of its lines; re-runs change nothing; an unsent
/// statement is replaced in place when the ledger changes; bad months and
/// roles are refused.
#[tokio::test]
async fn rec5_figures_to_the_cent_across_two_months() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let (c, items) = customer_with_items(&app, "rep01@example.com", "对账客户甲").await;
    two_months(&app, c, &items).await;
    // A customer with only an old balance still gets a statement; one whose
    // entries net to 0 before the month and has none in it does not.
    let (quiet, qi) = customer_with_items(&app, "rep02@example.com", "只有余额的客户").await;
    entry(
        &app,
        quiet,
        "SALE",
        "88.88",
        "2026-07-01",
        Some(qi[0]),
        None,
        None,
    )
    .await;
    let (settled, si) = customer_with_items(&app, "rep02@example.com", "已结清客户").await;
    entry(
        &app,
        settled,
        "SALE",
        "10.00",
        "2026-07-01",
        Some(si[0]),
        None,
        None,
    )
    .await;
    entry(
        &app,
        settled,
        "WRITE_OFF",
        "-10.00",
        "2026-07-02",
        Some(si[0]),
        None,
        None,
    )
    .await;

    let r = generate(&app, &fin, "2026-09").await;
    assert_ok(&r);
    assert_eq!(r["data"]["generateStatements"]["created"], 2, "{r}");
    let r = generate(&app, &fin, "2026-10").await;
    assert_eq!(r["data"]["generateStatements"]["customers"], 2, "{r}");

    let r = list(&app, &fin, c).await;
    assert_ok(&r);
    let edges = r["data"]["statements"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2, "{r}");
    let (oct, sep) = (&edges[0]["node"], &edges[1]["node"]);
    assert_eq!(
        (oct["month"].as_str(), sep["month"].as_str()),
        (Some("2026-10"), Some("2026-09"))
    );
    assert_eq!(
        figures(sep),
        [
            d("1000.00"),
            d("2500.50"),
            d("1200.00"),
            d("-0.50"),
            d("2300.00")
        ]
    );
    assert_eq!(
        figures(oct),
        [
            d("2300.00"),
            d("700.25"),
            d("500.00"),
            d("466.67"),
            d("2966.92")
        ]
    );
    assert_eq!(
        dv(&oct["openingBalance"]),
        dv(&sep["closingBalance"]),
        "opening(m2) = closing(m1)"
    );
    for (s, end) in [(sep, "2026-09-30"), (oct, "2026-10-31")] {
        let [open, sales, receipts, other, close] = figures(s);
        assert_eq!(
            close,
            ledger_at(&app, c, end).await,
            "closing = ledger at period end"
        );
        assert_eq!(open + sales - receipts + other, close);
        let lines = s["lines"].as_array().unwrap();
        let sum = |col: Option<&str>| -> Decimal {
            lines
                .iter()
                .filter(|l| col.is_none_or(|c| l["column"] == c))
                .map(|l| dv(&l["amount"]))
                .sum()
        };
        assert_eq!(open + sum(None), close, "closing = opening + Σ lines");
        assert_eq!(sum(Some("SALES")), sales);
        assert_eq!(-sum(Some("RECEIPTS")), receipts);
        assert_eq!(sum(Some("OTHER")) + sum(Some("NONE")), other);
        assert_eq!(sum(Some("NONE")), Decimal::ZERO, "credit applied nets to 0");
        let in_month = lines.iter().all(|l| {
            let day = date(l["date"].as_str().unwrap());
            day >= date(s["periodStart"].as_str().unwrap())
                && day <= date(s["periodEnd"].as_str().unwrap())
        });
        assert!(in_month, "{s}");
        assert!(s["html"].as_str().unwrap().contains(
            &statements::period_end(date(s["periodStart"].as_str().unwrap())).to_string()
        ));
    }
    assert_eq!(sep["lines"].as_array().unwrap().len(), 6);
    let kinds: Vec<&str> = oct["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["SALE", "RECEIPT", "REVERSAL", "ADJUSTMENT"],
        "the 1st and the 31st are in, November is not"
    );
    assert!(oct["html"].as_str().unwrap().contains("2,966.92"));
    assert!(
        oct["lines"][2]["document"]
            .as_str()
            .unwrap()
            .contains("REV RECEIPT"),
        "{oct}"
    );
    // The customer with only a balance: opening = closing = 88.88, no lines.
    let q = list(&app, &fin, quiet).await;
    let qn = &q["data"]["statements"]["edges"][0]["node"];
    assert_eq!(
        figures(qn),
        [d("88.88"), d("0"), d("0"), d("0"), d("88.88")],
        "{q}"
    );
    let s = list(&app, &fin, settled).await;
    assert_eq!(
        s["data"]["statements"]["edges"].as_array().unwrap().len(),
        0,
        "{s}"
    );

    // Re-running changes nothing.
    let r = generate(&app, &fin, "2026-10").await;
    let run = &r["data"]["generateStatements"];
    assert_eq!(
        (
            run["created"].as_u64(),
            run["replaced"].as_u64(),
            run["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(2)),
        "{r}"
    );
    // Not sent yet: a late (backdated) October receipt replaces the statement in place.
    let r3 = receipt(&app, c, "66.67", "2026-10-20").await;
    entry(
        &app,
        c,
        "RECEIPT",
        "-66.67",
        "2026-10-20",
        Some(items[2]),
        Some(r3),
        None,
    )
    .await;
    let r = generate(&app, &fin, "2026-10").await;
    assert_eq!(r["data"]["generateStatements"]["replaced"], 1, "{r}");
    let again = one(&app, &fin, oct["id"].as_str().unwrap()).await;
    assert_ok(&again);
    assert_eq!(
        figures(&again["data"]["statement"]),
        [
            d("2300.00"),
            d("700.25"),
            d("566.67"),
            d("466.67"),
            d("2900.25")
        ]
    );

    // Bad months and roles: nothing is generated.
    let before = app.count("SELECT count(*) FROM statements").await;
    assert_code(&generate(&app, &fin, "2099-01").await, "VALIDATION");
    assert_code(&generate(&app, &fin, "2026-13").await, "VALIDATION");
    assert_code(&generate(&app, &fin, "october").await, "VALIDATION");
    let rep = app.login("rep01@example.com").await;
    assert_code(&generate(&app, &rep, "2026-08").await, "FORBIDDEN");
    assert_eq!(app.count("SELECT count(*) FROM statements").await, before);
    let admin = app.login(ADMIN).await;
    assert_ok(&generate(&app, &admin, "2026-08").await);
    let audited = app
        .count(
            "SELECT count(*) FROM audit_log WHERE entity = 'STATEMENT_RUN' AND action = 'GENERATE'",
        )
        .await;
    assert_eq!(audited, 5);
}

/// A minimal base64 decoder (the attachment may be base64-encoded).
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

/// The decoded body of the MIME part whose headers name `filename`.
fn attachment(raw: &str, filename: &str) -> Option<String> {
    let at = raw.find(&format!("filename=\"{filename}\""))?;
    let part_start = raw[..at].rfind("\r\n--")?;
    let (head, rest) = raw[part_start..].split_once("\r\n\r\n")?;
    let body = &rest[..rest.find("\r\n--")?];
    let bytes = if head.contains("Content-Transfer-Encoding: base64") {
        unbase64(body)
    } else if head.contains("quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let mut out = Vec::new();
        let mut it = joined.bytes();
        while let Some(b) = it.next() {
            if b == b'=' {
                let hex = [it.next()?, it.next()?];
                out.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
            } else {
                out.push(b);
            }
        }
        out
    } else {
        body.as_bytes().to_vec()
    };
    String::from_utf8(bytes).ok()
}

async fn set_setting(app: &TestApp, token: &str, key: &str, value: Value) -> Value {
    let version: i32 = sqlx::query_scalar("SELECT version FROM company_settings WHERE key = $1")
        .bind(key)
        .fetch_one(&app.db.pool)
        .await
        .expect("setting");
    app.gql(
        Some(token),
        "mutation($k: String!, $v: JSON!, $ver: Int!) { updateCompanySetting(key: $k, value: $v, version: $ver) { key value version } }",
        json!({"k": key, "v": value, "ver": version}),
    )
    .await
}

async fn scan(app: &TestApp, at: DateTime<Utc>) -> salesd_domain::notify::scan::ScanReport {
    run_scan(
        &app.db.pool,
        ScanKind::Statements,
        at,
        ScanOptions::default(),
    )
    .await
    .expect("scan")
}

/// REC-5 / AUTO-5 / AUTO-6: the scan runs on the statement day of the
/// company calendar (Asia/Shanghai: 16:00 UTC on the last day of October is
/// already 1 November), generates October and emails the sales manager (the
/// head of the owner's region) and the billing contact in their language,
/// each with `statement-2026-10.html` attached and no List-Unsubscribe; a
/// re-run or another day records nothing more; a sent statement is frozen
/// (the database refuses UPDATE and DELETE; a re-generation keeps it).
#[tokio::test]
async fn rec5_scan_on_the_statement_day_emails_the_manager_and_billing_contact() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await.expect("sink");
    let ctx = salesd_worker::testing::job_context(
        app.db.pool.clone(),
        &app.prefix,
        MailConfig::smtp(&sink.url()).expect("smtp url"),
    )
    .await;
    let admin = app.login(ADMIN).await;
    let (c, items) = customer_with_items(&app, "rep01@example.com", "对账客户乙").await;
    two_months(&app, c, &items).await;
    let contact = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contacts (id, customer_id, name, email, is_billing, locale)
         VALUES ($1, $2, 'Alice Chen', 'alice@customer.test', true, 'en'),
                ($3, $2, '张三', 'zhang@customer.test', false, 'zh-CN')",
    )
    .bind(contact)
    .bind(c)
    .bind(Uuid::now_v7())
    .execute(&app.db.pool)
    .await
    .unwrap();
    assert_ok(&set_setting(&app, &admin, "statement_billing_contact", json!(true)).await);

    // 23:59:59 on 31 October in Shanghai: not the statement day.
    let r = scan(&app, utc(2026, 10, 31, 15, 59, 59)).await;
    assert_eq!((r.found, r.created), (0, 0));
    assert_eq!(app.count("SELECT count(*) FROM statements").await, 0);
    // 00:00 on 1 November in Shanghai: October's statements go out.
    let r = scan(&app, utc(2026, 10, 31, 16, 0, 0)).await;
    assert_eq!(r.day, Some(date("2026-11-01")));
    assert_eq!(
        (r.found, r.created),
        (1, 3),
        "manager email + in-app twin, contact email"
    );
    let (id, sent_at): (Uuid, Option<DateTime<Utc>>) = sqlx::query_as(
        "SELECT id, sent_at FROM statements WHERE customer_id = $1 AND period_start = '2026-10-01'",
    )
    .bind(c)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(sent_at, Some(utc(2026, 10, 31, 16, 0, 0)));
    let manager: Uuid =
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'manager.east@example.com'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT dedup_key FROM notifications WHERE kind = 'statement' ORDER BY dedup_key",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let mut expected = vec![
        format!("statement:{c}:2026-10:{manager}"),
        format!("statement:{c}:2026-10:{manager}:inbox"),
        format!("statement:{c}:2026-10:{contact}"),
    ];
    expected.sort();
    assert_eq!(keys, expected);

    // The emails, through a real SMTP conversation.
    let report = drain(&ctx).await.expect("drain");
    assert_eq!(report.sent, 2);
    let mails = sink
        .wait_for(2, StdDuration::from_secs(5))
        .await
        .expect("2 mails");
    let stored: String = sqlx::query_scalar("SELECT html FROM statements WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.rcpt_to.clone()).collect();
    to.sort();
    assert_eq!(to, ["alice@customer.test", "manager.east@example.com"]);
    for m in &mails {
        let raw = m.text();
        // Text parts travel with CRLF line ends (RFC 5322).
        let sent = attachment(&raw, "statement-2026-10.html").map(|h| h.replace("\r\n", "\n"));
        assert_eq!(sent.as_deref(), Some(stored.as_str()), "{raw}");
        assert!(
            m.header("List-Unsubscribe").is_none(),
            "statements are transactional"
        );
        let subject = m.subject().unwrap();
        if m.rcpt_to[0] == "alice@customer.test" {
            assert_eq!(
                subject,
                "Statement 2026-10: 对账客户乙, closing balance 2,966.92"
            );
        } else {
            assert!(
                subject.starts_with("【对账单】客户「对账客户乙」2026-10"),
                "{subject}"
            );
        }
    }
    assert!(stored.contains("2,966.92"));

    // Re-runs: the same day (forced) and the next day record nothing more.
    let r = run_scan(
        &app.db.pool,
        ScanKind::Statements,
        utc(2026, 11, 1, 2, 0, 0),
        ScanOptions {
            force: true,
            ..ScanOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(r.created, 0);
    assert!(
        scan(&app, utc(2026, 11, 1, 3, 0, 0)).await.skipped,
        "a daily scan runs once a day"
    );
    let r = scan(&app, utc(2026, 11, 1, 17, 0, 0)).await;
    assert_eq!(
        (r.found, r.created),
        (0, 0),
        "2 November is not the statement day"
    );
    assert_eq!(drain(&ctx).await.unwrap().sent, 0);
    assert_eq!(sink.messages().len(), 2);

    // Immutable once sent.
    let upd = sqlx::query("UPDATE statements SET other = other WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await;
    assert!(
        upd.unwrap_err()
            .to_string()
            .contains("can no longer be changed")
    );
    let del = sqlx::query("DELETE FROM statements WHERE id = $1")
        .bind(id)
        .execute(&app.db.pool)
        .await;
    assert!(del.is_err());
    // A late October entry: re-generating keeps the sent statement as it was.
    let r3 = receipt(&app, c, "1.00", "2026-10-30").await;
    entry(
        &app,
        c,
        "RECEIPT",
        "-1.00",
        "2026-10-30",
        Some(items[2]),
        Some(r3),
        None,
    )
    .await;
    let fin = app.login(FINANCE).await;
    let r = generate(&app, &fin, "2026-10").await;
    assert_eq!(r["data"]["generateStatements"]["alreadySent"], 1, "{r}");
    let s = one(&app, &fin, &id.to_string()).await;
    assert_eq!(dv(&s["data"]["statement"]["closingBalance"]), d("2966.92"));
}

/// REC-5: statement day outside 1–28 is VALIDATION and changes nothing; a
/// valid day moves the scan to that day.
#[tokio::test]
async fn rec5_statement_day_is_validated_and_moves_the_scan() {
    let app = TestApp::spawn().await;
    let admin = app.login(ADMIN).await;
    for bad in [json!(0), json!(29), json!(-1), json!("5"), json!(1.5)] {
        let r = set_setting(&app, &admin, "statement_day", bad.clone()).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], "value", "{bad}: {r}");
    }
    let (value, version): (Value, i32) =
        sqlx::query_as("SELECT value, version FROM company_settings WHERE key = 'statement_day'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((value, version), (json!(1), 1), "nothing changed");
    let rep = app.login("rep01@example.com").await;
    assert_code(
        &set_setting(&app, &rep, "statement_day", json!(5)).await,
        "FORBIDDEN",
    );
    assert_ok(&set_setting(&app, &admin, "statement_day", json!(5)).await);
    assert_eq!(statements::statement_day(&app.db.pool).await.unwrap(), 5);

    let (c, items) = customer_with_items(&app, "rep03@example.com", "对账客户丙").await;
    two_months(&app, c, &items).await;
    // 1 November is no longer the statement day; 5 November is.
    let r = scan(&app, utc(2026, 11, 1, 2, 0, 0)).await;
    assert_eq!((r.found, r.created), (0, 0));
    let r = scan(&app, utc(2026, 11, 5, 2, 0, 0)).await;
    assert_eq!(r.found, 1);
    assert_eq!(
        r.created, 2,
        "the south region's manager, email and in-app; billing contacts are off"
    );
    let to: String = sqlx::query_scalar(
        "SELECT u.email FROM notifications n JOIN users u ON u.id = n.recipient_user_id
          WHERE n.kind = 'statement' AND n.channel = 'EMAIL'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(to, "manager.south@example.com");
}

/// ORG-3: statements are read in the customer's receivable scope: the
/// owner, their supervisor and manager, finance see it; a rep of another
/// team gets NOT_FOUND for the statement and the customer's list, and does
/// not see it in an unfiltered list.
#[tokio::test]
async fn rec5_statements_are_scoped_like_the_ledger() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let (c, items) = customer_with_items(&app, "rep01@example.com", "对账客户丁").await;
    two_months(&app, c, &items).await;
    assert_ok(&generate(&app, &fin, "2026-10").await);
    let id: Uuid = sqlx::query_scalar("SELECT id FROM statements WHERE customer_id = $1")
        .bind(c)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    for who in [
        "rep01@example.com",
        "supervisor.east1@example.com",
        "manager.east@example.com",
        FINANCE,
        "director@example.com",
    ] {
        let t = app.login(who).await;
        let r = one(&app, &t, &id.to_string()).await;
        assert_ok(&r);
        assert_eq!(
            dv(&r["data"]["statement"]["closingBalance"]),
            d("2966.92"),
            "{who}"
        );
    }
    for who in [
        "rep03@example.com",
        "rep02@example.com",
        "supervisor.south1@example.com",
    ] {
        let t = app.login(who).await;
        assert_code(&one(&app, &t, &id.to_string()).await, "NOT_FOUND");
        assert_code(&list(&app, &t, c).await, "NOT_FOUND");
        let all = app
            .gql(
                Some(&t),
                "{ statements { edges { node { id } } } }",
                json!({}),
            )
            .await;
        assert_ok(&all);
        assert_eq!(
            all["data"]["statements"]["edges"].as_array().unwrap().len(),
            0,
            "{who}"
        );
    }
    assert_code(
        &one(&app, &fin, &Uuid::now_v7().to_string()).await,
        "NOT_FOUND",
    );
}
