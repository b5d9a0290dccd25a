//! REC-1 ledger (append-only, postings, credit, adjustments, write-offs),
//! REC-2 invoices, receipts, allocation and reversal, REC-3 aging and
//! overdue items, REC-4 collection rate, CON-8 contract performance, and
//! the ORG-3 scope of receivables. Every refused change leaves the
//! database as it was. Contracts, installments and shipments in a given
//! state are inserted with SQL (the contract work is tested elsewhere).

use chrono::{Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use salesd_domain::clock::company_date;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, assert_code, assert_ok};
use crate::e2e::opportunities::customer;

const REP: &str = "rep01@example.com";
const FINANCE: &str = "finance@example.com";

fn today() -> NaiveDate {
    company_date(Utc::now())
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn dv(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal: {v}"))
        .parse()
        .unwrap()
}

fn field(r: &Value) -> Option<&str> {
    r["errors"][0]["extensions"]["field"].as_str()
}

/// A customer of `owner` with a SIGNED contract (signed today) of
/// `amount`: (customer, contract). The contract owner is `owner`.
async fn signed_contract(app: &TestApp, owner: &str, amount: &str) -> (Uuid, Uuid) {
    let c = customer(
        app,
        owner,
        &format!("回款客户{}", Uuid::now_v7()),
        Utc::now(),
    )
    .await;
    let k = contract_of(app, c, owner, amount, "SIGNED").await;
    (c, k)
}

async fn contract_of(
    app: &TestApp,
    customer: Uuid,
    owner: &str,
    amount: &str,
    status: &str,
) -> Uuid {
    let o = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
            stage_changed_at, created_by, created_at, updated_at)
         SELECT $1, $2, '回款项目', u.id, u.unit_id, 'CONTRACT', $4::numeric, now(), u.id, now(), now()
         FROM users u WHERE u.email = $3",
    )
    .bind(o)
    .bind(customer)
    .bind(owner)
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("insert opportunity");
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, title, owner_id,
            owner_unit_id, customer_party, our_party, amount, status, signed_date, created_by, created_at,
            updated_at)
         SELECT $1, 'HT-2026-' || s.seq, 2026, s.seq, o.customer_id, o.id, o.name, o.owner_id, o.owner_unit_id,
            'customer', 'us', $4::numeric, $3,
            CASE WHEN $3 IN ('SIGNED', 'EXECUTING', 'ACCEPTED', 'CLOSED') THEN current_date END,
            o.owner_id, now(), now()
         FROM opportunities o,
              (SELECT COALESCE(max(number_seq), 9000) + 1 AS seq FROM contracts WHERE number_year = 2026) s
         WHERE o.id = $2",
    )
    .bind(id)
    .bind(o)
    .bind(status)
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("insert contract");
    id
}

/// An installment of `contract` due `due` days from today (None: no due
/// date yet, DELIVERY-triggered).
async fn installment(
    app: &TestApp,
    contract: Uuid,
    pos: i32,
    amount: &str,
    due: Option<i64>,
) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, due_date)
         VALUES ($1, $2, $3, '第' || $3 || '期', $4::numeric, CASE WHEN $5::date IS NULL THEN 'DELIVERY'
                 ELSE 'FIXED_DATE' END, $5::date)",
    )
    .bind(id)
    .bind(contract)
    .bind(pos)
    .bind(amount)
    .bind(due.map(|o| today() + Duration::days(o)))
    .execute(&app.db.pool)
    .await
    .expect("insert installment");
    id
}

/// A delivery note of `amount` shipped `shipped` days from today, of a
/// confirmed order of `customer` (under `contract` if given).
async fn shipment(
    app: &TestApp,
    customer: Uuid,
    owner: &str,
    contract: Option<Uuid>,
    amount: &str,
    shipped: i64,
    delivered: bool,
) -> Uuid {
    let order = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO orders (id, number, customer_id, contract_id, owner_id, owner_unit_id, status, total_amount,
            created_by, created_at, updated_at)
         SELECT $1, 'T-' || $1, $2, $3, u.id, u.unit_id, 'SHIPPED', $5::numeric, u.id, now(), now()
         FROM users u WHERE u.email = $4",
    )
    .bind(order)
    .bind(customer)
    .bind(contract)
    .bind(owner)
    .bind(amount)
    .execute(&app.db.pool)
    .await
    .expect("insert order");
    let id = Uuid::now_v7();
    let shipped = today() + Duration::days(shipped);
    sqlx::query(
        "INSERT INTO shipments (id, number, order_id, shipped_date, amount, delivered_date, created_by, created_at)
         SELECT $1, 'T-' || $1, $2, $3, $4::numeric, CASE WHEN $5 THEN $3 END, o.owner_id, now()
         FROM orders o WHERE o.id = $2",
    )
    .bind(id)
    .bind(order)
    .bind(shipped)
    .bind(amount)
    .bind(delivered)
    .execute(&app.db.pool)
    .await
    .expect("insert shipment");
    id
}

const RECEIPT: &str =
    "id customerId amount receivedOn method reference note reversedAt reversalReason
  allocations { itemId amount ledgerEntryId }";
const ENTRY: &str = "id seq kind amount entryDate itemId receiptId invoiceId reversalOf reason";

async fn invoice(
    app: &TestApp,
    token: &str,
    number: &str,
    item: Uuid,
    amount: &str,
    issue: &str,
) -> Value {
    app.gql(
        Some(token),
        "mutation($i: RecordInvoiceInput!) { recordInvoice(input: $i) { id number amount itemId contractId issueDate } }",
        json!({"i": {"number": number, "itemId": item, "amount": amount, "issueDate": issue}}),
    )
    .await
}

async fn receipt(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql(
        Some(token),
        &format!(
            "mutation($i: RecordReceiptInput!) {{ recordReceipt(input: $i) {{ {RECEIPT} }} }}"
        ),
        json!({"i": input}),
    )
    .await
}

fn pay(customer: Uuid, amount: &str) -> Value {
    json!({"customerId": customer, "amount": amount, "receivedOn": day(0), "method": "BANK_TRANSFER",
           "reference": "BANK-001"})
}

async fn post_due(app: &TestApp, token: &str, as_of: &str) -> Value {
    app.gql(
        Some(token),
        "mutation($d: Date!) { postDueReceivables(asOf: $d) { items amount } }",
        json!({"d": as_of}),
    )
    .await
}

/// Σ of a customer's ledger, straight from SQL.
async fn ledger_sum(app: &TestApp, customer: Uuid) -> Decimal {
    sqlx::query_scalar("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE customer_id = $1")
        .bind(customer)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Σ of an item's ledger entries: its open amount.
async fn item_open(app: &TestApp, item: Uuid) -> Decimal {
    sqlx::query_scalar("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Row counts of every receivables table, to prove a refusal changed nothing.
async fn snapshot(app: &TestApp) -> Vec<i64> {
    let mut v = Vec::new();
    for sql in [
        "SELECT count(*) FROM ledger_entries",
        "SELECT count(*) FROM receipts",
        "SELECT count(*) FROM receipt_allocations",
        "SELECT count(*) FROM invoices",
        "SELECT count(*) FROM receipts WHERE reversed_at IS NOT NULL",
        "SELECT count(*) FROM audit_log WHERE entity IN ('INVOICE', 'RECEIPT', 'LEDGER_ENTRY')",
    ] {
        v.push(app.count(sql).await);
    }
    v
}

async fn customer_ledger(app: &TestApp, token: &str, customer: Uuid) -> Value {
    app.gql(
        Some(token),
        &format!(
            "query($c: ID!) {{ customerLedger(customerId: $c) {{ balance openItems unappliedCredit entries {{ {ENTRY} }} }} }}"
        ),
        json!({"c": customer}),
    )
    .await
}

const AGING_ROW: &str = "key label current overdue1To30 overdue31To60 overdue61To90 overdue91To180 overdueOver180 openTotal unappliedCredit balance";

async fn aging(app: &TestApp, token: &str, as_of: &str, group: &str) -> Value {
    app.gql(
        Some(token),
        &format!(
            "query($d: Date!, $g: AgingGroupBy!) {{ arAging(asOf: $d, groupBy: $g) {{ asOf rows {{ {AGING_ROW} }} total {{ {AGING_ROW} }} }} }}"
        ),
        json!({"d": as_of, "g": group}),
    )
    .await
}

/// REC-1/REC-2: an invoice posts the SALE of what it newly invoices; an
/// installment may be invoiced in parts, never above its amount; numbers
/// are unique; only finance invoices; an installment without due date or of
/// an unsigned contract is not an item.
#[tokio::test]
async fn invoices_post_sales_in_parts_and_never_twice() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let rep = app.login(REP).await;
    let (cust, k) = signed_contract(&app, REP, "1000").await;
    let i1 = installment(&app, k, 1, "1000", Some(30)).await;

    let r = invoice(&app, &fin, "FP-0001", i1, "400", &day(0)).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["recordInvoice"]["contractId"],
        json!(k.to_string())
    );
    assert_eq!(ledger_sum(&app, cust).await, d("400"));
    let before = snapshot(&app).await;
    // Above the not-yet-invoiced rest (600).
    let r = invoice(&app, &fin, "FP-0002", i1, "600.01", &day(0)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("amount"));
    // Duplicate number.
    let r = invoice(&app, &fin, "FP-0001", i1, "10", &day(0)).await;
    assert_code(&r, "CONFLICT");
    // Bad amounts and dates.
    for (amount, issue) in [
        ("0", day(0)),
        ("-5", day(0)),
        ("1.234", day(0)),
        ("10", day(1)),
    ] {
        let r = invoice(&app, &fin, "FP-0009", i1, amount, &issue).await;
        assert_code(&r, "VALIDATION");
    }
    let r = invoice(&app, &fin, "", i1, "10", &day(0)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("number"));
    let r = invoice(&app, &fin, &"9".repeat(41), i1, "10", &day(0)).await;
    assert_code(&r, "VALIDATION");
    // A rep may see the item but not invoice it; an unknown id is NOT_FOUND.
    assert_code(
        &invoice(&app, &rep, "FP-0010", i1, "10", &day(0)).await,
        "FORBIDDEN",
    );
    assert_code(
        &invoice(&app, &fin, "FP-0011", Uuid::now_v7(), "10", &day(0)).await,
        "NOT_FOUND",
    );
    // Not items: an installment without a due date, one of a DRAFT contract.
    let i2 = installment(&app, k, 2, "5", None).await;
    let r = invoice(&app, &fin, "FP-0012", i2, "5", &day(0)).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("itemId"));
    let draft = contract_of(&app, cust, REP, "50", "DRAFT").await;
    let i3 = installment(&app, draft, 1, "50", Some(5)).await;
    assert_code(
        &invoice(&app, &fin, "FP-0013", i3, "5", &day(0)).await,
        "VALIDATION",
    );
    assert_eq!(
        snapshot(&app).await,
        before,
        "a refused invoice changed something"
    );

    // The rest: the SALE of the remainder, so the item is posted in full.
    assert_ok(&invoice(&app, &fin, "FP-0002", i1, "600", &day(0)).await);
    assert_eq!(item_open(&app, i1).await, d("1000"));
    let sales = app
        .count("SELECT count(*) FROM ledger_entries WHERE kind = 'SALE' AND invoice_id IS NOT NULL")
        .await;
    assert_eq!(sales, 2);
    let audits = app
        .count("SELECT count(*) FROM audit_log WHERE entity = 'INVOICE' AND action = 'CREATE'")
        .await;
    assert_eq!(audits, 2);
}

/// REC-1: an installment not invoiced by its due date is posted by
/// `postDueReceivables` (dated the due date), once; invoicing it later
/// posts nothing more. Only an admin runs it; not for a future date.
#[tokio::test]
async fn due_items_are_posted_once_and_invoicing_later_posts_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.login("admin@example.com").await;
    let fin = app.login(FINANCE).await;
    let (cust, k) = signed_contract(&app, REP, "300").await;
    let due = installment(&app, k, 1, "100", Some(-3)).await;
    let _later = installment(&app, k, 2, "200", Some(10)).await;

    assert_code(&post_due(&app, &fin, &day(0)).await, "FORBIDDEN");
    assert_code(&post_due(&app, &admin, &day(1)).await, "VALIDATION");
    assert_eq!(app.count("SELECT count(*) FROM ledger_entries").await, 0);

    let r = post_due(&app, &admin, &day(0)).await;
    assert_ok(&r);
    assert_eq!(r["data"]["postDueReceivables"]["items"], json!(1));
    assert_eq!(dv(&r["data"]["postDueReceivables"]["amount"]), d("100"));
    let date: NaiveDate =
        sqlx::query_scalar("SELECT entry_date FROM ledger_entries WHERE item_id = $1")
            .bind(due)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(date, today() - Duration::days(3));
    // Re-run: nothing more.
    let r = post_due(&app, &admin, &day(0)).await;
    assert_eq!(r["data"]["postDueReceivables"]["items"], json!(0));
    // Invoiced after auto-posting: the invoice is recorded, no second SALE.
    assert_ok(&invoice(&app, &fin, "FP-0100", due, "100", &day(0)).await);
    assert_eq!(ledger_sum(&app, cust).await, d("100"));
    assert_eq!(
        app.count("SELECT count(*) FROM ledger_entries WHERE kind = 'SALE'")
            .await,
        1
    );
}

/// CON-5/REC-1: a delivery note outside a contract posts its sale (dated the
/// shipped date, due 30 days later) once; one under a contract posts
/// nothing (its installments are the claim).
#[tokio::test]
async fn delivery_notes_outside_contracts_post_the_sale() {
    let app = TestApp::spawn().await;
    let (cust, k) = signed_contract(&app, REP, "500").await;
    let s = shipment(&app, cust, REP, None, "250.50", -2, false).await;
    let under = shipment(&app, cust, REP, Some(k), "500", -2, false).await;
    let ctx = salesd_domain::Ctx {
        actor: salesd_domain::org::Actor::system("test"),
        request_id: "t".into(),
        now: Utc::now(),
    };
    for _ in 0..2 {
        let mut conn = app.db.pool.acquire().await.unwrap();
        salesd_domain::receivables::post_delivery(&mut conn, s, &ctx)
            .await
            .unwrap();
        salesd_domain::receivables::post_delivery(&mut conn, under, &ctx)
            .await
            .unwrap();
    }
    assert_eq!(ledger_sum(&app, cust).await, d("250.50"));
    let (date, due): (NaiveDate, NaiveDate) = sqlx::query_as(
        "SELECT le.entry_date, ri.due_date FROM ledger_entries le JOIN receivable_items ri ON ri.id = le.item_id
          WHERE le.shipment_id = $1",
    )
    .bind(s)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(date, today() - Duration::days(2));
    assert_eq!(due, today() + Duration::days(28));
    // postDueReceivables catches up a delivery note not posted yet.
    let s2 = shipment(&app, cust, REP, None, "10", 0, false).await;
    let admin = app.login("admin@example.com").await;
    assert_ok(&post_due(&app, &admin, &day(0)).await);
    assert_eq!(item_open(&app, s2).await, d("10"));
}

/// REC-2: a receipt is allocated oldest due first; an overpayment becomes
/// customer credit (PREPAYMENT) that the next SALE posting uses
/// automatically (CREDIT_APPLIED pair), the customer balance unchanged.
#[tokio::test]
async fn receipts_pay_oldest_due_first_and_overpayment_becomes_credit() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let (cust, k) = signed_contract(&app, REP, "1000").await;
    let late = installment(&app, k, 1, "300", Some(20)).await;
    let early = installment(&app, k, 2, "200", Some(5)).await;
    let third = installment(&app, k, 3, "500", Some(40)).await;
    assert_ok(&invoice(&app, &fin, "FP-1", late, "300", &day(0)).await);
    assert_ok(&invoice(&app, &fin, "FP-2", early, "200", &day(0)).await);

    let r = receipt(&app, &fin, pay(cust, "250")).await;
    assert_ok(&r);
    let allocs = r["data"]["recordReceipt"]["allocations"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(allocs.len(), 2);
    assert_eq!(allocs[0]["itemId"], json!(early.to_string()));
    assert_eq!(dv(&allocs[0]["amount"]), d("200"));
    assert_eq!(allocs[1]["itemId"], json!(late.to_string()));
    assert_eq!(dv(&allocs[1]["amount"]), d("50"));
    assert_eq!(item_open(&app, early).await, d("0"));
    assert_eq!(item_open(&app, late).await, d("250"));

    // Overpayment: 250 pays the rest, 100 becomes credit.
    assert_ok(&receipt(&app, &fin, pay(cust, "350")).await);
    assert_eq!(item_open(&app, late).await, d("0"));
    let l = customer_ledger(&app, &fin, cust).await;
    assert_ok(&l);
    assert_eq!(
        dv(&l["data"]["customerLedger"]["unappliedCredit"]),
        d("100")
    );
    assert_eq!(dv(&l["data"]["customerLedger"]["balance"]), d("-100"));

    // The next SALE uses the credit.
    assert_ok(&invoice(&app, &fin, "FP-3", third, "500", &day(0)).await);
    assert_eq!(item_open(&app, third).await, d("400"));
    let l = customer_ledger(&app, &fin, cust).await;
    assert_eq!(dv(&l["data"]["customerLedger"]["unappliedCredit"]), d("0"));
    assert_eq!(dv(&l["data"]["customerLedger"]["balance"]), d("400"));
    assert_eq!(ledger_sum(&app, cust).await, d("400"));
    let applied = app
        .count("SELECT count(*) FROM ledger_entries WHERE kind = 'CREDIT_APPLIED'")
        .await;
    assert_eq!(applied, 2, "credit applied is a pair of entries");
    // The receipt that paid the credit shows the later allocation.
    assert_eq!(
        app.count("SELECT count(*) FROM receipt_allocations").await,
        4
    );
}

/// REC-2 bad input: zero/negative/over-precise receipts, allocations above
/// the receipt or an item's open amount, duplicates, items of another
/// customer; a rep cannot record (FORBIDDEN); another team's customer is
/// NOT_FOUND exactly like a random id. Nothing changes.
#[tokio::test]
async fn receipt_bad_inputs_change_nothing() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let rep = app.login(REP).await;
    let other_rep = app.login("rep03@example.com").await;
    let sup = app.login("supervisor.south1@example.com").await;
    let (cust, k) = signed_contract(&app, REP, "1000").await;
    let a = installment(&app, k, 1, "400", Some(-10)).await;
    let b = installment(&app, k, 2, "600", Some(10)).await;
    assert_ok(&invoice(&app, &fin, "FP-A", a, "400", &day(0)).await);
    assert_ok(&invoice(&app, &fin, "FP-B", b, "600", &day(0)).await);
    let (other_cust, ok) = signed_contract(&app, "rep02@example.com", "100").await;
    let oi = installment(&app, ok, 1, "100", Some(1)).await;
    assert_ok(&invoice(&app, &fin, "FP-C", oi, "100", &day(0)).await);
    let before = snapshot(&app).await;

    for amount in ["0", "-1", "0.001", "100000000000000"] {
        let r = receipt(&app, &fin, pay(cust, amount)).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(field(&r), Some("amount"), "{amount}");
    }
    let mut future = pay(cust, "10");
    future["receivedOn"] = json!(day(1));
    assert_code(&receipt(&app, &fin, future).await, "VALIDATION");
    let mut long = pay(cust, "10");
    long["reference"] = json!("x".repeat(101));
    assert_code(&receipt(&app, &fin, long).await, "VALIDATION");
    let with = |allocs: Value| {
        let mut p = pay(cust, "500");
        p["allocations"] = allocs;
        p
    };
    // More than the receipt.
    let r = receipt(
        &app,
        &fin,
        with(json!([{"itemId": a, "amount": "400"}, {"itemId": b, "amount": "100.01"}])),
    )
    .await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("allocations"));
    // More than the item's open amount.
    let r = receipt(&app, &fin, with(json!([{"itemId": a, "amount": "400.01"}]))).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("allocations.0.amount"));
    // Twice the same item; zero; another customer's item; a random id.
    let r = receipt(
        &app,
        &fin,
        with(json!([{"itemId": a, "amount": "1"}, {"itemId": a, "amount": "1"}])),
    )
    .await;
    assert_eq!(field(&r), Some("allocations.1.itemId"));
    let r = receipt(&app, &fin, with(json!([{"itemId": a, "amount": "0"}]))).await;
    assert_eq!(field(&r), Some("allocations.0.amount"));
    let r = receipt(&app, &fin, with(json!([{"itemId": oi, "amount": "1"}]))).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("allocations.0.itemId"));
    let r = receipt(
        &app,
        &fin,
        with(json!([{"itemId": Uuid::now_v7(), "amount": "1"}])),
    )
    .await;
    assert_code(&r, "NOT_FOUND");
    let r = receipt(&app, &fin, with(json!([{"itemId": "nope", "amount": "1"}]))).await;
    assert_code(&r, "VALIDATION");
    // ORG-3: the owner may not record money; other teams do not see the customer.
    assert_code(&receipt(&app, &rep, pay(cust, "10")).await, "FORBIDDEN");
    assert_code(
        &receipt(&app, &other_rep, pay(cust, "10")).await,
        "NOT_FOUND",
    );
    assert_code(&receipt(&app, &sup, pay(cust, "10")).await, "NOT_FOUND");
    assert_code(
        &receipt(&app, &fin, pay(Uuid::now_v7(), "10")).await,
        "NOT_FOUND",
    );
    assert_code(&customer_ledger(&app, &other_rep, cust).await, "NOT_FOUND");
    assert_eq!(
        snapshot(&app).await,
        before,
        "a refused receipt changed something"
    );
    assert_eq!(ledger_sum(&app, cust).await, d("1000"));
    assert_eq!(ledger_sum(&app, other_cust).await, d("100"));

    // Explicit allocation to the later item, the rest as credit.
    let r = receipt(&app, &fin, with(json!([{"itemId": b, "amount": "450"}]))).await;
    assert_ok(&r);
    assert_eq!(item_open(&app, a).await, d("400"));
    assert_eq!(item_open(&app, b).await, d("150"));
    assert_eq!(ledger_sum(&app, cust).await, d("500"));
}

/// REC-2: reversing a receipt reverses its allocations, its credit and
/// the credit applied from it: the items reopen. Finance only, with a
/// reason, once. REC-1: the ledger refuses UPDATE and DELETE.
#[tokio::test]
async fn reversal_reopens_items_and_the_ledger_is_append_only() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let rep = app.login(REP).await;
    let other = app.login("rep03@example.com").await;
    let (cust, k) = signed_contract(&app, REP, "300").await;
    let a = installment(&app, k, 1, "100", Some(-1)).await;
    let b = installment(&app, k, 2, "200", Some(30)).await;
    assert_ok(&invoice(&app, &fin, "FP-R1", a, "100", &day(0)).await);
    let r = receipt(&app, &fin, pay(cust, "150")).await;
    let id = r["data"]["recordReceipt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // 50 of credit is applied to b when it is invoiced.
    assert_ok(&invoice(&app, &fin, "FP-R2", b, "200", &day(0)).await);
    assert_eq!(item_open(&app, b).await, d("150"));

    let rev = |token: String, reason: Option<&'static str>| {
        let app = &app;
        let id = id.clone();
        async move {
            app.gql(
                Some(&token),
                &format!("mutation($id: ID!, $r: String) {{ reverseReceipt(id: $id, reason: $r) {{ {RECEIPT} }} }}"),
                json!({"id": id, "r": reason}),
            )
            .await
        }
    };
    let before = snapshot(&app).await;
    assert_code(&rev(fin.clone(), None).await, "VALIDATION");
    assert_code(&rev(fin.clone(), Some("  ")).await, "VALIDATION");
    assert_code(&rev(rep.clone(), Some("wrong")).await, "FORBIDDEN");
    assert_code(&rev(other.clone(), Some("wrong")).await, "NOT_FOUND");
    let random = app
        .gql(
            Some(&fin),
            "mutation($id: ID!) { reverseReceipt(id: $id, reason: \"x\") { id } }",
            json!({"id": Uuid::now_v7()}),
        )
        .await;
    assert_code(&random, "NOT_FOUND");
    assert_eq!(snapshot(&app).await, before);

    let r = rev(fin.clone(), Some("entered twice")).await;
    assert_ok(&r);
    assert_eq!(
        r["data"]["reverseReceipt"]["reversalReason"],
        json!("entered twice")
    );
    assert_eq!(item_open(&app, a).await, d("100"));
    assert_eq!(item_open(&app, b).await, d("200"));
    assert_eq!(ledger_sum(&app, cust).await, d("300"));
    let l = customer_ledger(&app, &fin, cust).await;
    assert_eq!(dv(&l["data"]["customerLedger"]["unappliedCredit"]), d("0"));
    assert_code(&rev(fin.clone(), Some("again")).await, "CONFLICT");
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'RECEIPT' AND action = 'REVERSE'")
            .await,
        1
    );

    // REC-1: posted entries cannot be edited or deleted, even with SQL.
    let n = app.count("SELECT count(*) FROM ledger_entries").await;
    let upd = sqlx::query("UPDATE ledger_entries SET amount = amount + 1 WHERE customer_id = $1")
        .bind(cust)
        .execute(&app.db.pool)
        .await;
    assert!(
        upd.as_ref()
            .is_err_and(|e| e.to_string().contains("append-only")),
        "{upd:?}"
    );
    let del = sqlx::query("DELETE FROM ledger_entries WHERE customer_id = $1")
        .bind(cust)
        .execute(&app.db.pool)
        .await;
    assert!(del.is_err());
    assert_eq!(app.count("SELECT count(*) FROM ledger_entries").await, n);
    assert_eq!(ledger_sum(&app, cust).await, d("300"));
}

/// REC-1: write-offs need a reason and at most the open amount;
/// adjustments need a reason, not 0, and may not take an item below 0.
/// Finance only.
#[tokio::test]
async fn write_offs_and_adjustments_are_checked() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let rep = app.login(REP).await;
    let (cust, k) = signed_contract(&app, REP, "100").await;
    let a = installment(&app, k, 1, "100", Some(-200)).await;
    assert_ok(&invoice(&app, &fin, "FP-W", a, "100", &day(-1)).await);
    let wo = |token: String, amount: &'static str, reason: Option<&'static str>| {
        let app = &app;
        async move {
            app.gql(
                Some(&token),
                &format!("mutation($i: ID!, $a: Decimal!, $r: String) {{ writeOff(itemId: $i, amount: $a, reason: $r) {{ {ENTRY} }} }}"),
                json!({"i": a, "a": amount, "r": reason}),
            )
            .await
        }
    };
    let adj = |token: String,
               item: Option<Uuid>,
               amount: &'static str,
               reason: Option<&'static str>| {
        let app = &app;
        async move {
            app.gql(
                Some(&token),
                &format!("mutation($c: ID!, $i: ID, $a: Decimal!, $r: String) {{ recordAdjustment(customerId: $c, itemId: $i, amount: $a, reason: $r) {{ {ENTRY} }} }}"),
                json!({"c": cust, "i": item, "a": amount, "r": reason}),
            )
            .await
        }
    };
    let before = snapshot(&app).await;
    let r = wo(fin.clone(), "10", None).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("reason"));
    let r = wo(fin.clone(), "100.01", Some("bankrupt")).await;
    assert_code(&r, "VALIDATION");
    assert_eq!(field(&r), Some("amount"));
    assert_code(&wo(fin.clone(), "0", Some("x")).await, "VALIDATION");
    assert_code(&wo(rep.clone(), "10", Some("x")).await, "FORBIDDEN");
    assert_code(&adj(fin.clone(), None, "10", None).await, "VALIDATION");
    assert_code(&adj(fin.clone(), None, "0", Some("x")).await, "VALIDATION");
    assert_code(
        &adj(fin.clone(), Some(a), "-100.01", Some("x")).await,
        "VALIDATION",
    );
    assert_code(&adj(rep.clone(), None, "10", Some("x")).await, "FORBIDDEN");
    assert_eq!(snapshot(&app).await, before);

    let r = wo(fin.clone(), "30", Some("客户破产，部分核销")).await;
    assert_ok(&r);
    assert_eq!(r["data"]["writeOff"]["kind"], json!("WRITE_OFF"));
    assert_eq!(dv(&r["data"]["writeOff"]["amount"]), d("-30"));
    assert_eq!(item_open(&app, a).await, d("70"));
    assert_ok(&adj(fin.clone(), Some(a), "-20", Some("价格折让")).await);
    assert_ok(&adj(fin.clone(), None, "-5", Some("预付调整")).await);
    assert_eq!(item_open(&app, a).await, d("50"));
    assert_eq!(ledger_sum(&app, cust).await, d("45"));
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'LEDGER_ENTRY'")
            .await,
        3
    );
}

/// REC-3: buckets by company days overdue; overdueItems lists what is
/// past due; scope: a rep of another team sees none of it.
#[tokio::test]
async fn aging_buckets_and_overdue_items() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let admin = app.login("admin@example.com").await;
    let rep = app.login(REP).await;
    let other = app.login("rep03@example.com").await;
    let (cust, k) = signed_contract(&app, REP, "6300").await;
    // Due in 5 days (current), today (current), 1, 30, 31, 61, 91, 181 days ago.
    let offsets = [5, 0, -1, -30, -31, -61, -91, -181];
    let mut ids = Vec::new();
    for (i, o) in offsets.iter().enumerate() {
        ids.push(
            installment(
                &app,
                k,
                i as i32 + 1,
                &format!("{}", 100 * (i + 1)),
                Some(*o),
            )
            .await,
        );
    }
    assert_ok(&invoice(&app, &fin, "FP-AG", ids[0], "100", &day(0)).await);
    assert_ok(&post_due(&app, &admin, &day(0)).await);
    let r = aging(&app, &fin, &day(0), "CUSTOMER").await;
    assert_ok(&r);
    let row = r["data"]["arAging"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == json!(cust.to_string()))
        .unwrap()
        .clone();
    assert_eq!(dv(&row["current"]), d("300"));
    assert_eq!(dv(&row["overdue1To30"]), d("700"));
    assert_eq!(dv(&row["overdue31To60"]), d("500"));
    assert_eq!(dv(&row["overdue61To90"]), d("600"));
    assert_eq!(dv(&row["overdue91To180"]), d("700"));
    assert_eq!(dv(&row["overdueOver180"]), d("800"));
    assert_eq!(dv(&row["openTotal"]), d("3600"));
    assert_eq!(dv(&row["balance"]), d("3600"));

    let q = "query($d: Date!, $c: ID) { overdueItems(asOf: $d, customerId: $c) { item { id dueDate } open daysOverdue bucket } }";
    let r = app
        .gql(Some(&rep), q, json!({"d": day(0), "c": cust}))
        .await;
    assert_ok(&r);
    let list = r["data"]["overdueItems"].as_array().unwrap();
    assert_eq!(list.len(), 6);
    assert_eq!(list[0]["bucket"], json!("OVER_180"));
    assert_eq!(list[0]["daysOverdue"], json!(181));
    assert_eq!(list[5]["daysOverdue"], json!(1));
    // Another team: nothing, in both reports.
    let r = app
        .gql(Some(&other), q, json!({"d": day(0), "c": cust}))
        .await;
    assert_eq!(r["data"]["overdueItems"], json!([]));
    let r = aging(&app, &other, &day(0), "OWNER").await;
    assert_eq!(dv(&r["data"]["arAging"]["total"]["balance"]), d("0"));
    // The owner's supervisor sees it (ORG-3 subtree).
    let sup = app.login("supervisor.east1@example.com").await;
    let r = aging(&app, &sup, &day(0), "OWNER").await;
    assert_eq!(dv(&r["data"]["arAging"]["total"]["balance"]), d("3600"));
    // As of 40 days ago the item now 31 days overdue was not yet posted.
    let r = aging(&app, &fin, &day(-40), "UNIT").await;
    assert_eq!(dv(&r["data"]["arAging"]["total"]["openTotal"]), d("2100"));
}

/// REC-4: received by the end of the period on items due in it ÷ due in
/// it; a reversed receipt does not count; nothing due ⇒ null rate.
#[tokio::test]
async fn collection_rate_over_a_period() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let admin = app.login("admin@example.com").await;
    let (cust, k) = signed_contract(&app, REP, "1000").await;
    installment(&app, k, 1, "400", Some(-20)).await;
    installment(&app, k, 2, "600", Some(-10)).await;
    installment(&app, k, 3, "1000", Some(-60)).await; // outside the period
    assert_ok(&post_due(&app, &admin, &day(0)).await);
    // 1000 pays the oldest (outside) item; 700 then the two in the period.
    assert_ok(&receipt(&app, &fin, pay(cust, "1000")).await);
    assert_ok(&receipt(&app, &fin, pay(cust, "700")).await);
    let q = "query($f: Date!, $t: Date!) { collectionRate(from: $f, to: $t) { due received rate items { due received open } } }";
    let r = app
        .gql(Some(&fin), q, json!({"f": day(-30), "t": day(0)}))
        .await;
    assert_ok(&r);
    let c = &r["data"]["collectionRate"];
    assert_eq!(dv(&c["due"]), d("1000"));
    assert_eq!(dv(&c["received"]), d("700"));
    assert_eq!(dv(&c["rate"]), d("0.7"));
    assert_eq!(c["items"].as_array().unwrap().len(), 2);
    // Nothing due: null.
    let r = app
        .gql(Some(&fin), q, json!({"f": day(1), "t": day(5)}))
        .await;
    assert_eq!(r["data"]["collectionRate"]["rate"], Value::Null);
    let r = app
        .gql(Some(&fin), q, json!({"f": day(1), "t": day(0)}))
        .await;
    assert_code(&r, "VALIDATION");
}

/// CON-8: a contract's amount, delivered, invoiced, received and
/// outstanding, and monthly totals; NOT_FOUND outside scope.
#[tokio::test]
async fn contract_performance_and_totals() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let other = app.login("rep03@example.com").await;
    let (cust, k) = signed_contract(&app, REP, "1000").await;
    let a = installment(&app, k, 1, "300", Some(0)).await;
    installment(&app, k, 2, "700", Some(30)).await;
    shipment(&app, cust, REP, Some(k), "800", 0, true).await;
    shipment(&app, cust, REP, Some(k), "200", 0, false).await;
    assert_ok(&invoice(&app, &fin, "FP-P", a, "300", &day(0)).await);
    assert_ok(&receipt(&app, &fin, pay(cust, "120")).await);
    let q = "query($c: ID!) { contractPerformance(contractId: $c) { number amount delivered invoiced posted received writtenOff outstanding } }";
    let r = app.gql(Some(&fin), q, json!({"c": k})).await;
    assert_ok(&r);
    let p = &r["data"]["contractPerformance"];
    assert_eq!(dv(&p["amount"]), d("1000"));
    assert_eq!(dv(&p["delivered"]), d("800"));
    assert_eq!(dv(&p["invoiced"]), d("300"));
    assert_eq!(dv(&p["received"]), d("120"));
    assert_eq!(dv(&p["outstanding"]), d("180"));
    assert_code(
        &app.gql(Some(&other), q, json!({"c": k})).await,
        "NOT_FOUND",
    );
    assert_code(
        &app.gql(Some(&fin), q, json!({"c": Uuid::now_v7()})).await,
        "NOT_FOUND",
    );

    let q = "query($f: Date!, $t: Date!) { contractPerformanceTotals(groupBy: MONTH, from: $f, to: $t) { start label signed delivered invoiced received } }";
    let r = app
        .gql(Some(&fin), q, json!({"f": day(-40), "t": day(0)}))
        .await;
    assert_ok(&r);
    let rows = r["data"]["contractPerformanceTotals"].as_array().unwrap();
    let last = rows.last().unwrap();
    assert_eq!(last["label"], json!(today().format("%Y-%m").to_string()));
    assert_eq!(dv(&last["signed"]), d("1000"));
    assert_eq!(dv(&last["delivered"]), d("800"));
    assert_eq!(dv(&last["invoiced"]), d("300"));
    assert_eq!(dv(&last["received"]), d("120"));
    assert!(rows.len() >= 2);
    let q = "query($f: Date!, $t: Date!) { contractPerformanceTotals(groupBy: QUARTER, from: $f, to: $t) { label } }";
    let r = app
        .gql(Some(&fin), q, json!({"f": day(0), "t": day(-1)}))
        .await;
    assert_code(&r, "VALIDATION");
}

/// REC-1/REC-3 reconciliation: after invoices, partial receipts, an
/// overpayment, credit applied, a reversal, a write-off, an adjustment and
/// auto-posting, Σ ledger = the customer balance = the aging grand total
/// (open items − unapplied credit), to the cent.
#[tokio::test]
async fn ledger_balances_and_aging_reconcile_to_the_cent() {
    let app = TestApp::spawn().await;
    let fin = app.login(FINANCE).await;
    let admin = app.login("admin@example.com").await;
    let (c1, k1) = signed_contract(&app, REP, "10000").await;
    let (c2, k2) = signed_contract(&app, "rep03@example.com", "5000").await;
    let a1 = installment(&app, k1, 1, "3333.33", Some(-45)).await;
    let a2 = installment(&app, k1, 2, "3333.33", Some(-5)).await;
    let a3 = installment(&app, k1, 3, "3333.34", Some(20)).await;
    let b1 = installment(&app, k2, 1, "1234.56", Some(-100)).await;
    installment(&app, k2, 2, "3765.44", Some(-1)).await;
    let s = shipment(&app, c1, REP, None, "99.99", -3, false).await;

    assert_ok(&invoice(&app, &fin, "R-1", a1, "1000.01", &day(-50)).await);
    assert_ok(&invoice(&app, &fin, "R-2", a1, "2333.32", &day(-40)).await);
    assert_ok(&post_due(&app, &admin, &day(0)).await); // a2, b1, b2, the delivery note
    assert_ok(&receipt(&app, &fin, pay(c1, "1500.50")).await);
    let r = receipt(&app, &fin, pay(c1, "200")).await;
    let wrong = r["data"]["recordReceipt"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ok(&receipt(&app, &fin, pay(c2, "6000")).await); // 1000 of credit
    assert_ok(
        &app.gql(
            Some(&fin),
            "mutation($id: ID!) { reverseReceipt(id: $id, reason: \"duplicate\") { id } }",
            json!({"id": wrong}),
        )
        .await,
    );
    let mut explicit = pay(c1, "500");
    explicit["allocations"] = json!([{"itemId": s, "amount": "99.99"}]); // 400.01 of credit
    assert_ok(&receipt(&app, &fin, explicit).await);
    assert_ok(&invoice(&app, &fin, "R-3", a3, "3333.34", &day(0)).await); // uses the credit
    assert_ok(
        &app.gql(
            Some(&fin),
            "mutation($i: ID!) { writeOff(itemId: $i, amount: \"0.01\", reason: \"rounding\") { id } }",
            json!({"i": a2}),
        )
        .await,
    );
    assert_ok(
        &app.gql(
            Some(&fin),
            "mutation($c: ID!) { recordAdjustment(customerId: $c, amount: \"-10.10\", reason: \"goodwill\") { id } }",
            json!({"c": c2}),
        )
        .await,
    );
    let _ = b1;

    let mut grand = Decimal::ZERO;
    for c in [c1, c2] {
        let sum = ledger_sum(&app, c).await;
        let l = customer_ledger(&app, &fin, c).await;
        assert_ok(&l);
        let cl = &l["data"]["customerLedger"];
        assert_eq!(dv(&cl["balance"]), sum);
        assert_eq!(dv(&cl["openItems"]) - dv(&cl["unappliedCredit"]), sum);
        let entries: Decimal = cl["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| dv(&e["amount"]))
            .sum();
        assert_eq!(entries, sum);
        let r = aging(&app, &fin, &day(0), "CUSTOMER").await;
        let row = r["data"]["arAging"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == json!(c.to_string()))
            .unwrap()
            .clone();
        assert_eq!(dv(&row["balance"]), sum);
        assert_eq!(dv(&row["openTotal"]) - dv(&row["unappliedCredit"]), sum);
        let buckets: Decimal = [
            "current",
            "overdue1To30",
            "overdue31To60",
            "overdue61To90",
            "overdue91To180",
            "overdueOver180",
        ]
        .iter()
        .map(|b| dv(&row[*b]))
        .sum();
        assert_eq!(buckets, dv(&row["openTotal"]));
        grand += sum;
    }
    // c1: 10000 + 99.99 posted − 1500.50 − 500 − 0.01 = 8099.48
    assert_eq!(ledger_sum(&app, c1).await, d("8099.48"));
    // c2: 5000 − 6000 − 10.10 = −1010.10 (all credit)
    assert_eq!(ledger_sum(&app, c2).await, d("-1010.10"));
    let all: Decimal = sqlx::query_scalar("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(all, grand);
    for g in ["CUSTOMER", "OWNER", "UNIT"] {
        let r = aging(&app, &fin, &day(0), g).await;
        assert_ok(&r);
        let t = &r["data"]["arAging"]["total"];
        assert_eq!(dv(&t["balance"]), grand, "{g}");
        assert_eq!(
            dv(&t["openTotal"]) - dv(&t["unappliedCredit"]),
            grand,
            "{g}"
        );
        let rows: Decimal = r["data"]["arAging"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| dv(&r["balance"]))
            .sum();
        assert_eq!(rows, grand, "{g}");
    }
}
