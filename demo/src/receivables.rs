//! Demo receivables (issue 6, REC-1..3): a year of invoices and receipts for
//! `salesd demo --receivables-installments N`.
//!
//! What is generated:
//!
//! - **Service contracts** (年度维保服务合同): EXECUTING contracts of owned
//!   customers with up to 12 monthly FIXED_DATE installments, signed without
//!   an opportunity (renewals), their first due dates spread over the 13
//!   months before the demo's today and the month after it. They carry `N`
//!   installments in all, so the generator reaches any number of
//!   installments (3 000 000 for the benchmark) without generating the
//!   pipeline behind them. Numbers continue the contract counters (CON-1).
//! - **A year of ledger activity** on every receivable item posted by today
//!   (these service installments and the pipeline demo's installments and
//!   delivery notes; items of TERMINATED contracts are left alone): 70 %
//!   of the installments invoiced 3–10 days before their due date (the rest
//!   posted at the due date, REC-1), then one receipt per payment with
//!   realistic lateness — early or on time, 1–30, 31–60, 61–90, 91–180 and
//!   over 180 days late, partly paid (in one or two payments), never paid,
//!   an overpayment leaving customer credit — and, on the showcase
//!   contracts, a receipt reversed and paid again and a write-off. A
//!   payment that would fall after today has not happened yet.
//! - **Showcase contracts** (the first five), so that every aging bucket
//!   (REC-3) and every dunning lateness band (3, 15, 30, 90 days overdue,
//!   REC-6) is populated as of today whatever the seed: one customer never
//!   pays (its last installment is 5 days overdue, the others 1 to 11
//!   months), one pays 40 % of each installment (last one 20 days overdue),
//!   one has an installment due today and one due in 4 days invoiced
//!   already (current), one a reversed receipt, one an overpayment, a
//!   write-off and payments 10, 45, 70, 100 and 200 days late.
//!
//! Two ways to write the ledger, with the same plan:
//!
//! - [`Mode::Direct`] (up to [`DIRECT_LIMIT`] installments, the default
//!   demo and the tests): through the stores themselves —
//!   `invoices::record_invoice`, `post_due_receivables`,
//!   `receipts::record_receipt` (explicit allocations), `reverse_receipt`,
//!   `ledger::write_off` — as the finance user at the time of each event,
//!   so every rule is checked and every write audited.
//! - [`Mode::Bulk`] (above it): the same rows inserted directly in chunks
//!   with UNNEST, two batches in flight (no audit entries): SALE by invoice
//!   (dated the issue date) or at the due date (shipped date for a delivery
//!   note), RECEIPT entries with their allocation rows, PREPAYMENT for an
//!   overpayment, REVERSAL entries of a reversed receipt, WRITE_OFF. It is
//!   what the stores would have written for that plan, minus the audit log.
//!
//! The same seed (and the same customers and pipeline) gives the same plan,
//! relative to `now`.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use salesd_domain::Ctx;
use salesd_domain::clock::{company_date, start_of_day};
use salesd_domain::error::DomainResult;
use salesd_domain::org::{Actor, Role};

/// Up to this many installments the ledger is written through the stores.
pub const DIRECT_LIMIT: usize = 5_000;
/// Service contracts per insert batch (bulk).
const CHUNK: usize = 2_000;
/// Batches being inserted at once.
const IN_FLIGHT: usize = 2;
/// Installments per service contract.
const MONTHS: usize = 12;
/// The showcase contracts (see the module comment).
const SHOWCASE: usize = 5;

/// How the ledger is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Through the stores (rules checked, audited).
    Direct,
    /// Rows inserted with UNNEST.
    Bulk,
}

impl Mode {
    pub fn for_size(installments: usize) -> Mode {
        if installments <= DIRECT_LIMIT {
            Mode::Direct
        } else {
            Mode::Bulk
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReceivablesDemoStats {
    pub contracts: usize,
    pub installments: usize,
    pub items: usize,
    pub invoices: usize,
    pub receipts: usize,
    pub reversals: usize,
    pub write_offs: usize,
    pub ledger_entries: usize,
}

#[derive(Clone, Debug)]
struct Customer {
    id: Uuid,
    name: String,
    owner: Uuid,
    unit: Uuid,
}

/// A receivable item to plan.
#[derive(Clone, Debug)]
struct ItemRef {
    id: Uuid,
    shipment: bool,
    customer: Uuid,
    contract: Option<Uuid>,
    cents: i64,
    due: NaiveDate,
    /// (showcase contract, installment index).
    show: Option<(usize, usize)>,
}

impl ItemRef {
    /// The date of the SALE when not invoiced: the due date, or the
    /// shipped date of a delivery note.
    fn posted_on(&self) -> NaiveDate {
        if self.shipment {
            self.due - Duration::days(salesd_domain::receivables::SHIPMENT_TERMS_DAYS.into())
        } else {
            self.due
        }
    }
}

#[derive(Clone, Debug)]
struct Pay {
    date: NaiveDate,
    cents: i64,
    /// Paid on top: customer credit (PREPAYMENT).
    extra: i64,
    /// Reversed on this date (then paid again by the next payment).
    reversed: Option<NaiveDate>,
}

#[derive(Clone, Debug)]
struct Plan {
    item: ItemRef,
    invoice: Option<NaiveDate>,
    pays: Vec<Pay>,
    write_off: Option<(NaiveDate, i64)>,
}

const REVERSAL_REASON: &str = "错误入账：该笔回款属于其他客户，冲回后重新登记";
const WRITE_OFF_REASON: &str = "客户经营困难，经总经理批准核销余款";

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// A company-day instant: `day` at `hour` o'clock company time, never
/// after `now`.
fn at(day: NaiveDate, hour: i64, now: DateTime<Utc>) -> DateTime<Utc> {
    (start_of_day(day) + Duration::hours(hour)).min(now)
}

/// `anchor` moved by `m - idx` months.
fn month_from(anchor: NaiveDate, idx: usize, m: usize) -> NaiveDate {
    if m >= idx {
        anchor + Months::new((m - idx) as u32)
    } else {
        anchor - Months::new((idx - m) as u32)
    }
}

struct Gen {
    rng: StdRng,
    now: DateTime<Utc>,
    today: NaiveDate,
    finance: Uuid,
    director: Uuid,
    counters: HashMap<i32, i32>,
    invoice_seq: usize,
    receipt_seq: usize,
}

/// Loads `installments` service installments and a year of invoices and
/// receipts on every receivable item posted by today; the ledger through
/// the stores up to [`DIRECT_LIMIT`] installments, in bulk above. Nothing
/// happens without owned customers or a finance user.
pub async fn load(
    pool: &PgPool,
    seed: u64,
    installments: usize,
    now: DateTime<Utc>,
) -> DomainResult<ReceivablesDemoStats> {
    load_with(pool, seed, installments, now, Mode::for_size(installments)).await
}

/// [`load`] with the mode chosen by the caller.
pub async fn load_with(
    pool: &PgPool,
    seed: u64,
    installments: usize,
    now: DateTime<Utc>,
    mode: Mode,
) -> DomainResult<ReceivablesDemoStats> {
    let mut stats = ReceivablesDemoStats::default();
    let rows: Vec<(Uuid, String, Uuid, Uuid)> = sqlx::query_as(
        "SELECT id, name, owner_id, owner_unit_id FROM customers
         WHERE owner_id IS NOT NULL AND owner_unit_id IS NOT NULL ORDER BY name_norm, id",
    )
    .fetch_all(pool)
    .await?;
    let customers: Vec<Customer> = rows
        .into_iter()
        .map(|(id, name, owner, unit)| Customer {
            id,
            name,
            owner,
            unit,
        })
        .collect();
    let finance: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM users WHERE active AND (primary_role = 'FINANCE' OR 'FINANCE' = ANY(extra_roles))
         ORDER BY email LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let (Some(finance), false) = (finance, customers.is_empty()) else {
        return Ok(stats);
    };
    let director: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM users WHERE active AND primary_role = 'SALES_DIRECTOR' ORDER BY email LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let counters: Vec<(i32, i32)> =
        sqlx::query_as("SELECT year, last FROM contract_number_counters")
            .fetch_all(pool)
            .await?;
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed ^ 0x00AE_C0DE),
        now,
        today: company_date(now),
        finance,
        director: director.unwrap_or(finance),
        counters: counters.into_iter().collect(),
        invoice_seq: 0,
        receipt_seq: 0,
    };
    let mut in_flight: VecDeque<tokio::task::JoinHandle<DomainResult<()>>> = VecDeque::new();
    // The pipeline's items first (in bulk: before the service contracts
    // exist, so they are read once).
    if mode == Mode::Bulk {
        let items = pipeline_items(pool, g.today).await?;
        for chunk in items.chunks(CHUNK * MONTHS) {
            let mut b = Batch::default();
            for it in chunk {
                if let Some(p) = g.plan(it) {
                    stats.items += 1;
                    g.emit(&mut b, &p);
                }
            }
            b.count(&mut stats);
            spawn(pool, b, &mut in_flight).await?;
        }
    }
    // The service contracts (with their ledger, in bulk).
    let mut done = 0;
    let mut k = 0;
    let mut show = HashMap::new();
    while done < installments {
        let mut b = Batch::default();
        let mut planned = Vec::new();
        while done < installments && b.k_id.len() < CHUNK {
            let c = if k < customers.len() && k < 64 {
                &customers[k]
            } else {
                &customers[g.rng.random_range(0..customers.len())]
            };
            let n = (installments - done).min(MONTHS);
            planned.extend(g.contract(&mut b, k, c, n));
            done += n;
            k += 1;
        }
        stats.contracts += b.k_id.len();
        stats.installments += b.n_id.len();
        for it in &planned {
            if let Some(s) = it.show {
                show.insert(it.id, s);
            }
        }
        if mode == Mode::Bulk {
            for it in &planned {
                if let Some(p) = g.plan(it) {
                    stats.items += 1;
                    g.emit(&mut b, &p);
                }
            }
            b.count(&mut stats);
        }
        spawn(pool, b, &mut in_flight).await?;
    }
    for h in in_flight {
        h.await.map_err(|e| anyhow::anyhow!("demo insert: {e}"))??;
    }
    {
        let mut tx = pool.begin().await?;
        for (year, last) in &g.counters {
            sqlx::query(
                "INSERT INTO contract_number_counters (year, last) VALUES ($1, $2)
                 ON CONFLICT (year) DO UPDATE SET last = GREATEST(contract_number_counters.last, EXCLUDED.last)",
            )
            .bind(year)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    if mode == Mode::Direct {
        direct(pool, &mut g, &show, &mut stats).await?;
    }
    Ok(stats)
}

async fn spawn(
    pool: &PgPool,
    b: Batch,
    in_flight: &mut VecDeque<tokio::task::JoinHandle<DomainResult<()>>>,
) -> DomainResult<()> {
    if in_flight.len() >= IN_FLIGHT
        && let Some(h) = in_flight.pop_front()
    {
        h.await.map_err(|e| anyhow::anyhow!("demo insert: {e}"))??;
    }
    let pool = pool.clone();
    in_flight.push_back(tokio::spawn(async move { b.insert(&pool).await }));
    Ok(())
}

/// The receivable items there are (not of TERMINATED contracts), posted
/// or to be posted by `today` + 10 days, oldest due first.
async fn pipeline_items(pool: &PgPool, today: NaiveDate) -> DomainResult<Vec<ItemRef>> {
    let rows: Vec<(Uuid, String, Uuid, Option<Uuid>, Decimal, NaiveDate)> = sqlx::query_as(
        "SELECT ri.id, ri.kind, ri.customer_id, ri.contract_id, ri.amount, ri.due_date FROM receivable_items ri
          WHERE ri.contract_status IS DISTINCT FROM 'TERMINATED' AND (ri.kind = 'SHIPMENT' OR ri.due_date <= $1)
          ORDER BY ri.due_date, ri.id",
    )
    .bind(today + Duration::days(10))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, customer, contract, amount, due)| ItemRef {
            id,
            shipment: kind == "SHIPMENT",
            customer,
            contract,
            cents: (amount * Decimal::ONE_HUNDRED)
                .round()
                .to_i64()
                .unwrap_or_default(),
            due,
            show: None,
        })
        .collect())
}

impl Gen {
    /// A service contract of `c` with `n` monthly installments; returns
    /// them as items to plan.
    fn contract(&mut self, b: &mut Batch, k: usize, c: &Customer, n: usize) -> Vec<ItemRef> {
        let today = self.today;
        // (anchor, index of the installment due on the anchor).
        let (anchor, idx) = match k {
            0 => (today - Duration::days(5), n - 1),
            1 => (today - Duration::days(20), n - 1),
            2 => (today, 6.min(n - 1)),
            3 => (today + Duration::days(4), 6.min(n - 1)),
            4 => (today - Duration::days(400), 0),
            _ => (
                today - Duration::days(self.rng.random_range(0..=420)) + Duration::days(30),
                0,
            ),
        };
        let first = month_from(anchor, idx, 0);
        let signed =
            (first - Duration::days(self.rng.random_range(10..=40))).min(today - Duration::days(1));
        let last = month_from(anchor, idx, n - 1);
        let monthly = self.rng.random_range(20..=3_000i64) * 100 * 100; // cents
        let id = Uuid::now_v7();
        let year = signed.year();
        let seq = self.counters.entry(year).or_insert(0);
        *seq += 1;
        let created = at(signed - Duration::days(7), 10, self.now);
        b.k_id.push(id);
        b.k_number.push(format!("HT-{year}-{:04}", *seq));
        b.k_year.push(year);
        b.k_seq.push(*seq);
        b.k_customer.push(c.id);
        b.k_title.push(format!("年度维保服务合同（{} 个月）", n));
        b.k_owner.push(c.owner);
        b.k_unit.push(c.unit);
        b.k_party.push(c.name.chars().take(200).collect());
        b.k_amount.push(cents(monthly * n as i64));
        b.k_start.push(first);
        b.k_end.push(last.max(first));
        b.k_director.push(self.director);
        b.k_submitted
            .push(at(signed - Duration::days(5), 11, self.now));
        b.k_approved
            .push(at(signed - Duration::days(3), 15, self.now));
        b.k_signed.push(signed);
        b.k_created.push(created);
        let mut items = Vec::with_capacity(n);
        for m in 0..n {
            let iid = Uuid::now_v7();
            let due = month_from(anchor, idx, m);
            b.n_id.push(iid);
            b.n_contract.push(id);
            b.n_pos.push(m as i32 + 1);
            b.n_label.push(format!("{} 月服务费", due.month()));
            b.n_amount.push(cents(monthly));
            b.n_due.push(due);
            items.push(ItemRef {
                id: iid,
                shipment: false,
                customer: c.id,
                contract: Some(id),
                cents: monthly,
                due,
                show: (k < SHOWCASE).then_some((k, m)),
            });
        }
        items
    }

    /// What happens to one item by today; None when nothing does (not
    /// due within 10 days, or not posted by today).
    fn plan(&mut self, it: &ItemRef) -> Option<Plan> {
        let today = self.today;
        if it.posted_on() > today + Duration::days(10) {
            return None;
        }
        let rng = &mut self.rng;
        let mut invoice = (!it.shipment && rng.random_ratio(7, 10))
            .then(|| it.due - Duration::days(rng.random_range(3..=10)))
            .filter(|d| *d <= today);
        let full = it.cents;
        let due = it.due;
        let d = Duration::days;
        let pay = |date: NaiveDate, cents: i64| Pay {
            date,
            cents,
            extra: 0,
            reversed: None,
        };
        let mut pays = Vec::new();
        let mut write_off = None;
        match it.show {
            Some((0, _)) => {}
            Some((1, _)) => pays.push(pay(due + d(3), full * 40 / 100)),
            Some((2, 6)) => {}
            Some((3, 6)) => invoice = Some(today - d(3)),
            Some((3, 0)) => {
                pays.push(Pay {
                    reversed: Some(due + d(3)),
                    ..pay(due + d(1), full)
                });
                pays.push(pay(due + d(9), full));
            }
            Some((4, 0)) => pays.push(Pay {
                extra: 5_000 * 100,
                ..pay(due, full)
            }),
            Some((4, 1)) => {
                pays.push(pay(due + d(30), full / 2));
                write_off = Some((due + d(200), full - full / 2));
            }
            Some((4, m)) if (2..=6).contains(&m) => {
                pays.push(pay(due + d([200, 100, 70, 45, 10][m - 2]), full));
            }
            Some((2..=4, _)) => pays.push(pay(due - d(rng.random_range(0..=2)), full)),
            _ => match rng.random_range(0..100) {
                0..30 => pays.push(pay(due - d(rng.random_range(0..=2)), full)),
                30..52 => pays.push(pay(due + d(rng.random_range(1..=30)), full)),
                52..64 => pays.push(pay(due + d(rng.random_range(31..=60)), full)),
                64..72 => pays.push(pay(due + d(rng.random_range(61..=90)), full)),
                72..78 => pays.push(pay(due + d(rng.random_range(91..=180)), full)),
                78..81 => pays.push(pay(due + d(rng.random_range(181..=300)), full)),
                81..89 => {
                    let part = full * rng.random_range(30..=70) / 100;
                    pays.push(pay(due + d(rng.random_range(0..=45)), part));
                }
                89..97 => {}
                97..99 => pays.push(Pay {
                    extra: rng.random_range(1..=50) * 100 * 100,
                    ..pay(due, full)
                }),
                _ => {
                    let a = full / 2;
                    let b = full * 3 / 10;
                    pays.push(pay(due + d(10), a));
                    pays.push(pay(due + d(40), b));
                }
            },
        }
        // Not posted by today (neither invoiced nor due): nothing yet.
        let posted = invoice.unwrap_or(it.posted_on());
        if posted > today {
            return None;
        }
        // Money moves on or after the posting, and only by today.
        for p in &mut pays {
            p.date = p.date.max(posted);
        }
        pays.retain(|p| p.date <= today && p.cents > 0);
        for p in &mut pays {
            p.reversed = p.reversed.filter(|r| *r <= today);
        }
        write_off = write_off.filter(|(d, c)| *d <= today && *c > 0);
        if write_off.is_some() && pays.is_empty() {
            write_off = None;
        }
        Some(Plan {
            item: it.clone(),
            invoice,
            pays,
            write_off,
        })
    }

    fn invoice_number(&mut self, d: NaiveDate) -> String {
        self.invoice_seq += 1;
        format!("{}{:010}", d.year(), self.invoice_seq)
    }

    fn receipt_reference(&mut self) -> (String, &'static str) {
        self.receipt_seq += 1;
        let method = match self.receipt_seq % 20 {
            0..3 => "ACCEPTANCE_BILL",
            3 => "OTHER",
            _ => "BANK_TRANSFER",
        };
        (format!("回单 {:08}", self.receipt_seq), method)
    }

    /// The rows the stores would write for `p` (bulk).
    fn emit(&mut self, b: &mut Batch, p: &Plan) {
        let it = &p.item;
        let now = self.now;
        let entry = |b: &mut Batch,
                     kind: &'static str,
                     on_item: bool,
                     amount: i64,
                     date: NaiveDate,
                     receipt: Option<Uuid>,
                     invoice: Option<Uuid>,
                     by: Option<Uuid>|
         -> Uuid {
            let id = Uuid::now_v7();
            b.l_id.push(id);
            b.l_customer.push(it.customer);
            b.l_contract.push(if on_item { it.contract } else { None });
            b.l_installment
                .push((on_item && !it.shipment).then_some(it.id));
            b.l_shipment.push((on_item && it.shipment).then_some(it.id));
            b.l_receipt.push(receipt);
            b.l_invoice.push(invoice);
            b.l_reversal_of.push(None);
            b.l_kind.push(kind);
            b.l_amount.push(cents(amount));
            b.l_date.push(date);
            b.l_reason.push(None);
            b.l_by.push(by);
            b.l_at.push(now);
            id
        };
        match p.invoice {
            Some(issue) => {
                let iid = Uuid::now_v7();
                let number = self.invoice_number(issue);
                b.i_id.push(iid);
                b.i_number.push(number);
                b.i_customer.push(it.customer);
                b.i_contract.push(it.contract);
                b.i_installment.push(it.id);
                b.i_amount.push(cents(it.cents));
                b.i_date.push(issue);
                b.i_by.push(self.finance);
                b.i_at.push(at(issue, 10, now));
                entry(
                    b,
                    "SALE",
                    true,
                    it.cents,
                    issue,
                    None,
                    Some(iid),
                    Some(self.finance),
                );
            }
            None => {
                entry(b, "SALE", true, it.cents, it.posted_on(), None, None, None);
            }
        }
        for pay in &p.pays {
            let rid = Uuid::now_v7();
            let (reference, method) = self.receipt_reference();
            b.r_id.push(rid);
            b.r_customer.push(it.customer);
            b.r_amount.push(cents(pay.cents + pay.extra));
            b.r_date.push(pay.date);
            b.r_method.push(method);
            b.r_reference.push(reference);
            b.r_by.push(self.finance);
            b.r_at.push(at(pay.date, 11, now));
            b.r_reversed_at.push(pay.reversed.map(|r| at(r, 14, now)));
            b.r_reversed_by.push(pay.reversed.map(|_| self.finance));
            b.r_reason
                .push(pay.reversed.map(|_| REVERSAL_REASON.to_owned()));
            let fin = Some(self.finance);
            let credit = entry(
                b,
                "RECEIPT",
                true,
                -pay.cents,
                pay.date,
                Some(rid),
                None,
                fin,
            );
            b.a_id.push(Uuid::now_v7());
            b.a_receipt.push(rid);
            b.a_installment.push((!it.shipment).then_some(it.id));
            b.a_shipment.push(it.shipment.then_some(it.id));
            b.a_amount.push(cents(pay.cents));
            b.a_entry.push(credit);
            b.a_at.push(at(pay.date, 11, now));
            let mut reversible = vec![(credit, true, -pay.cents)];
            if pay.extra > 0 {
                let e = entry(
                    b,
                    "PREPAYMENT",
                    false,
                    -pay.extra,
                    pay.date,
                    Some(rid),
                    None,
                    fin,
                );
                reversible.push((e, false, -pay.extra));
            }
            if let Some(r) = pay.reversed {
                for (of, on_item, amount) in reversible {
                    entry(b, "REVERSAL", on_item, -amount, r, Some(rid), None, fin);
                    let last = b.l_id.len() - 1;
                    b.l_reversal_of[last] = Some(of);
                    b.l_reason[last] = Some(REVERSAL_REASON.to_owned());
                }
            }
        }
        if let Some((date, amount)) = p.write_off {
            entry(
                b,
                "WRITE_OFF",
                true,
                -amount,
                date,
                None,
                None,
                Some(self.finance),
            );
            let last = b.l_id.len() - 1;
            b.l_reason[last] = Some(WRITE_OFF_REASON.to_owned());
        }
    }
}

/// The ledger through the stores: invoices, then the due postings, then
/// receipts, reversals and write-offs in the order they happened, each as
/// the finance user at its time.
async fn direct(
    pool: &PgPool,
    g: &mut Gen,
    show: &HashMap<Uuid, (usize, usize)>,
    stats: &mut ReceivablesDemoStats,
) -> DomainResult<()> {
    use salesd_domain::receivables::invoices::{NewInvoice, record_invoice};
    use salesd_domain::receivables::receipts::{
        AllocationInput, NewReceipt, record_receipt, reverse_receipt,
    };

    let mut items = pipeline_items(pool, g.today).await?;
    for it in &mut items {
        it.show = show.get(&it.id).copied();
    }
    let plans: Vec<Plan> = items.iter().filter_map(|it| g.plan(it)).collect();
    stats.items = plans.len();
    let finance = g.finance;
    let ctx = |at: DateTime<Utc>| Ctx {
        actor: Actor {
            user_id: Some(finance),
            label: "demo: finance".into(),
            roles: vec![Role::Finance],
            subtree: Vec::new(),
            read_only: false,
            token_units: None,
        },
        request_id: "demo-receivables".into(),
        now: at,
    };
    let now = g.now;
    for p in &plans {
        if let Some(issue) = p.invoice {
            let number = g.invoice_number(issue);
            record_invoice(
                pool,
                &ctx(at(issue, 10, now)),
                &NewInvoice {
                    number,
                    item_id: p.item.id,
                    amount: cents(p.item.cents),
                    issue_date: issue,
                    note: None,
                },
            )
            .await?;
            stats.invoices += 1;
        }
    }
    salesd_domain::receivables::post_due_receivables(pool, g.today, now).await?;
    // (date, order, plan, payment): receipts, then reversals, then write-offs.
    let mut events: Vec<(NaiveDate, u8, usize, usize)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        for (j, pay) in p.pays.iter().enumerate() {
            events.push((pay.date, 0, i, j));
            if let Some(r) = pay.reversed {
                events.push((r, 1, i, j));
            }
        }
        if let Some((d, _)) = p.write_off {
            events.push((d, 2, i, 0));
        }
    }
    events.sort();
    let mut receipts: HashMap<(usize, usize), Uuid> = HashMap::new();
    for (date, what, i, j) in events {
        let p = &plans[i];
        match what {
            0 => {
                let pay = &p.pays[j];
                let (reference, method) = g.receipt_reference();
                let (r, _) = record_receipt(
                    pool,
                    &ctx(at(date, 11, now)),
                    &NewReceipt {
                        customer_id: p.item.customer,
                        amount: cents(pay.cents + pay.extra),
                        received_on: date,
                        method: method.to_owned(),
                        reference: Some(reference),
                        note: None,
                        allocations: Some(vec![AllocationInput {
                            item_id: p.item.id,
                            amount: cents(pay.cents),
                        }]),
                    },
                )
                .await?;
                receipts.insert((i, j), r.id);
                stats.receipts += 1;
            }
            1 => {
                reverse_receipt(
                    pool,
                    &ctx(at(date, 14, now)),
                    receipts[&(i, j)],
                    Some(REVERSAL_REASON),
                )
                .await?;
                stats.reversals += 1;
            }
            _ => {
                let (_, amount) = p.write_off.unwrap_or_default();
                salesd_domain::receivables::ledger::write_off(
                    pool,
                    &ctx(at(date, 16, now)),
                    p.item.id,
                    cents(amount),
                    Some(WRITE_OFF_REASON),
                )
                .await?;
                stats.write_offs += 1;
            }
        }
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM ledger_entries")
        .fetch_one(pool)
        .await?;
    stats.ledger_entries = n as usize;
    Ok(())
}

#[derive(Default)]
struct Batch {
    k_id: Vec<Uuid>,
    k_number: Vec<String>,
    k_year: Vec<i32>,
    k_seq: Vec<i32>,
    k_customer: Vec<Uuid>,
    k_title: Vec<String>,
    k_owner: Vec<Uuid>,
    k_unit: Vec<Uuid>,
    k_party: Vec<String>,
    k_amount: Vec<Decimal>,
    k_start: Vec<NaiveDate>,
    k_end: Vec<NaiveDate>,
    k_director: Vec<Uuid>,
    k_submitted: Vec<DateTime<Utc>>,
    k_approved: Vec<DateTime<Utc>>,
    k_signed: Vec<NaiveDate>,
    k_created: Vec<DateTime<Utc>>,

    n_id: Vec<Uuid>,
    n_contract: Vec<Uuid>,
    n_pos: Vec<i32>,
    n_label: Vec<String>,
    n_amount: Vec<Decimal>,
    n_due: Vec<NaiveDate>,

    i_id: Vec<Uuid>,
    i_number: Vec<String>,
    i_customer: Vec<Uuid>,
    i_contract: Vec<Option<Uuid>>,
    i_installment: Vec<Uuid>,
    i_amount: Vec<Decimal>,
    i_date: Vec<NaiveDate>,
    i_by: Vec<Uuid>,
    i_at: Vec<DateTime<Utc>>,

    r_id: Vec<Uuid>,
    r_customer: Vec<Uuid>,
    r_amount: Vec<Decimal>,
    r_date: Vec<NaiveDate>,
    r_method: Vec<&'static str>,
    r_reference: Vec<String>,
    r_by: Vec<Uuid>,
    r_at: Vec<DateTime<Utc>>,
    r_reversed_at: Vec<Option<DateTime<Utc>>>,
    r_reversed_by: Vec<Option<Uuid>>,
    r_reason: Vec<Option<String>>,

    l_id: Vec<Uuid>,
    l_customer: Vec<Uuid>,
    l_contract: Vec<Option<Uuid>>,
    l_installment: Vec<Option<Uuid>>,
    l_shipment: Vec<Option<Uuid>>,
    l_receipt: Vec<Option<Uuid>>,
    l_invoice: Vec<Option<Uuid>>,
    l_reversal_of: Vec<Option<Uuid>>,
    l_kind: Vec<&'static str>,
    l_amount: Vec<Decimal>,
    l_date: Vec<NaiveDate>,
    l_reason: Vec<Option<String>>,
    l_by: Vec<Option<Uuid>>,
    l_at: Vec<DateTime<Utc>>,

    a_id: Vec<Uuid>,
    a_receipt: Vec<Uuid>,
    a_installment: Vec<Option<Uuid>>,
    a_shipment: Vec<Option<Uuid>>,
    a_amount: Vec<Decimal>,
    a_entry: Vec<Uuid>,
    a_at: Vec<DateTime<Utc>>,
}

impl Batch {
    fn count(&self, stats: &mut ReceivablesDemoStats) {
        stats.invoices += self.i_id.len();
        stats.receipts += self.r_id.len();
        stats.reversals += self.r_reversed_at.iter().flatten().count();
        stats.write_offs += self.l_kind.iter().filter(|k| **k == "WRITE_OFF").count();
        stats.ledger_entries += self.l_id.len();
    }

    async fn insert(&self, pool: &PgPool) -> DomainResult<()> {
        let mut tx = pool.begin().await?;
        sqlx::query("SET LOCAL statement_timeout = 0")
            .execute(&mut *tx)
            .await?;
        if !self.k_id.is_empty() {
            sqlx::query(
                "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, title, owner_id,
                                        owner_unit_id, customer_party, our_party, amount, start_date, end_date,
                                        payment_terms_days, after_sales_terms, warranty_months, status,
                                        submitted_by, submitted_at, director_approved_by, director_approved_at,
                                        signed_date, signed_by, created_by, created_at, updated_at)
                 SELECT id, nu, y, sq, cu, ti, ow, un, pa, '华东智能装备有限公司', am, sd, ed, 30,
                        '按月提供设备巡检与维保服务，7×24 小时响应', 0, 'EXECUTING', ow, sa, di, da, sg, ow, ow, cr, da
                 FROM UNNEST($1::uuid[], $2::text[], $3::int4[], $4::int4[], $5::uuid[], $6::text[], $7::uuid[],
                             $8::uuid[], $9::text[], $10::numeric[], $11::date[], $12::date[], $13::uuid[],
                             $14::timestamptz[], $15::timestamptz[], $16::date[], $17::timestamptz[])
                      AS t(id, nu, y, sq, cu, ti, ow, un, pa, am, sd, ed, di, sa, da, sg, cr)",
            )
            .bind(&self.k_id)
            .bind(&self.k_number)
            .bind(&self.k_year)
            .bind(&self.k_seq)
            .bind(&self.k_customer)
            .bind(&self.k_title)
            .bind(&self.k_owner)
            .bind(&self.k_unit)
            .bind(&self.k_party)
            .bind(&self.k_amount)
            .bind(&self.k_start)
            .bind(&self.k_end)
            .bind(&self.k_director)
            .bind(&self.k_submitted)
            .bind(&self.k_approved)
            .bind(&self.k_signed)
            .bind(&self.k_created)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, offset_days,
                                                    due_date)
                 SELECT id, k, p, l, a, 'FIXED_DATE', 0, d
                 FROM UNNEST($1::uuid[], $2::uuid[], $3::int4[], $4::text[], $5::numeric[], $6::date[])
                      AS t(id, k, p, l, a, d)",
            )
            .bind(&self.n_id)
            .bind(&self.n_contract)
            .bind(&self.n_pos)
            .bind(&self.n_label)
            .bind(&self.n_amount)
            .bind(&self.n_due)
            .execute(&mut *tx)
            .await?;
        }
        if !self.i_id.is_empty() {
            sqlx::query(
                "INSERT INTO invoices (id, number, customer_id, contract_id, installment_id, amount, issue_date,
                                       created_by, created_at)
                 SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::numeric[],
                                      $7::date[], $8::uuid[], $9::timestamptz[])",
            )
            .bind(&self.i_id)
            .bind(&self.i_number)
            .bind(&self.i_customer)
            .bind(&self.i_contract)
            .bind(&self.i_installment)
            .bind(&self.i_amount)
            .bind(&self.i_date)
            .bind(&self.i_by)
            .bind(&self.i_at)
            .execute(&mut *tx)
            .await?;
        }
        if !self.r_id.is_empty() {
            sqlx::query(
                "INSERT INTO receipts (id, customer_id, amount, received_on, method, reference, created_by,
                                       created_at, reversed_at, reversed_by, reversal_reason)
                 SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::numeric[], $4::date[], $5::text[], $6::text[],
                                      $7::uuid[], $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::text[])",
            )
            .bind(&self.r_id)
            .bind(&self.r_customer)
            .bind(&self.r_amount)
            .bind(&self.r_date)
            .bind(&self.r_method)
            .bind(&self.r_reference)
            .bind(&self.r_by)
            .bind(&self.r_at)
            .bind(&self.r_reversed_at)
            .bind(&self.r_reversed_by)
            .bind(&self.r_reason)
            .execute(&mut *tx)
            .await?;
        }
        if !self.l_id.is_empty() {
            sqlx::query(
                "INSERT INTO ledger_entries (id, customer_id, contract_id, installment_id, shipment_id, receipt_id,
                                             invoice_id, reversal_of, kind, amount, entry_date, reason, created_by,
                                             created_at)
                 SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[],
                                      $7::uuid[], $8::uuid[], $9::text[], $10::numeric[], $11::date[], $12::text[],
                                      $13::uuid[], $14::timestamptz[])",
            )
            .bind(&self.l_id)
            .bind(&self.l_customer)
            .bind(&self.l_contract)
            .bind(&self.l_installment)
            .bind(&self.l_shipment)
            .bind(&self.l_receipt)
            .bind(&self.l_invoice)
            .bind(&self.l_reversal_of)
            .bind(&self.l_kind)
            .bind(&self.l_amount)
            .bind(&self.l_date)
            .bind(&self.l_reason)
            .bind(&self.l_by)
            .bind(&self.l_at)
            .execute(&mut *tx)
            .await?;
        }
        if !self.a_id.is_empty() {
            sqlx::query(
                "INSERT INTO receipt_allocations (id, receipt_id, installment_id, shipment_id, amount,
                                                  ledger_entry_id, created_at)
                 SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::numeric[], $6::uuid[],
                                      $7::timestamptz[])",
            )
            .bind(&self.a_id)
            .bind(&self.a_receipt)
            .bind(&self.a_installment)
            .bind(&self.a_shipment)
            .bind(&self.a_amount)
            .bind(&self.a_entry)
            .bind(&self.a_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_from_the_anchor() {
        let d = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
        assert_eq!(month_from(d, 11, 11), d);
        assert_eq!(month_from(d, 6, 6), d);
        assert_eq!(
            month_from(d, 6, 0),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert_eq!(
            month_from(d, 0, 1),
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        );
    }

    #[test]
    fn the_mode_follows_the_size() {
        assert_eq!(Mode::for_size(240), Mode::Direct);
        assert_eq!(Mode::for_size(3_000_000), Mode::Bulk);
    }
}
