//! Demo pipeline for `salesd demo --opportunities N`: opportunities in every
//! stage with histories that walk forward through the stages (a few moved
//! back by a manager), the gate artefacts each stage passed (PIP-2), full
//! project teams on large or complex projects (PIP-4), quotes with lines and
//! the approval their margin needs (PIP-6), and, for won opportunities,
//! contracts in every status with their payment plan (CON-1/2), orders partly
//! or fully shipped (CON-3/5), milestones (some overdue, CON-6) and
//! acceptances (CON-7).
//!
//! Rows are inserted directly (no audit entries, no notifications), in
//! chunks with UNNEST, so 1 000 000 opportunities load in minutes. The data
//! obeys the rules the stores enforce: installments sum exactly to the
//! contract amount, contract numbers are gapless per year with the counter at
//! the maximum, `shipped_qty` = Σ shipment lines, due dates are set where
//! their trigger happened, statuses agree with their dates. The same seed
//! (and the same customers) gives the same data, relative to `now`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

use salesd_domain::clock::{company_date, start_of_day};
use salesd_domain::error::DomainResult;

/// Opportunities per insert batch.
const CHUNK: usize = 5_000;
/// Batches being inserted at once.
const IN_FLIGHT: usize = 2;

const STAGES: [&str; 8] = [
    "EVALUATION",
    "INITIATION",
    "REQUIREMENTS",
    "PROPOSAL",
    "NEGOTIATION",
    "CONTRACT",
    "WON",
    "LOST",
];
const WON: usize = 6;
const LOST: usize = 7;
/// PIP-2 default probabilities of the open stages.
const DEFAULT_PCT: [i16; 6] = [10, 20, 30, 50, 70, 90];

const CONTRACT_STATUSES: [&str; 8] = [
    "DRAFT",
    "IN_REVIEW",
    "APPROVED",
    "SIGNED",
    "EXECUTING",
    "ACCEPTED",
    "CLOSED",
    "TERMINATED",
];

const PRODUCTS: &[&str] = &[
    "智能仓储系统",
    "自动化产线改造",
    "MES 系统实施",
    "工业机器人集成",
    "数字化车间",
    "设备维保服务",
    "能源管理平台",
    "视觉检测设备",
];
const LOST_REASONS: &[&str] = &[
    "价格高于竞争对手",
    "客户预算取消",
    "技术方案未被采纳",
    "交期无法满足",
    "客户选择自建团队",
];
const COMPETITORS: &[&str] = &["西门子", "汇川技术", "新松机器人", "埃斯顿", "本地集成商"];

/// What was generated.
#[derive(Clone, Debug, Default)]
pub struct PipelineDemoStats {
    pub opportunities: usize,
    pub history_rows: usize,
    pub quotes: usize,
    pub contracts: usize,
    pub orders: usize,
    pub shipments: usize,
}

struct Org {
    director: Uuid,
    /// Team unit → its supervisor.
    supervisor: HashMap<Uuid, Uuid>,
    /// Team unit → the manager of its region.
    manager: HashMap<Uuid, Uuid>,
    /// Every rep, in e-mail order.
    reps: Vec<Uuid>,
    /// Technical support engineers: the technical leads of teams (PIP-4).
    tech: Vec<Uuid>,
}

struct Customer {
    id: Uuid,
    name: String,
    owner: Uuid,
    unit: Uuid,
}

/// Loads `count` opportunities (and what hangs off them) on the owned
/// customers. Nothing happens without owned customers.
pub async fn load(
    pool: &PgPool,
    seed: u64,
    count: usize,
    now: DateTime<Utc>,
) -> DomainResult<PipelineDemoStats> {
    let mut stats = PipelineDemoStats::default();
    if count == 0 {
        return Ok(stats);
    }
    let customers: Vec<(Uuid, String, Uuid, Uuid)> = sqlx::query_as(
        "SELECT id, name, owner_id, owner_unit_id FROM customers
         WHERE owner_id IS NOT NULL AND owner_unit_id IS NOT NULL ORDER BY name_norm, id",
    )
    .fetch_all(pool)
    .await?;
    let customers: Vec<Customer> = customers
        .into_iter()
        .map(|(id, name, owner, unit)| Customer {
            id,
            name,
            owner,
            unit,
        })
        .collect();
    if customers.is_empty() {
        return Ok(stats);
    }
    let users: Vec<(Uuid, Uuid, Option<Uuid>, String)> = sqlx::query_as(
        "SELECT u.id, u.unit_id, o.parent_id, u.primary_role FROM users u
         JOIN org_units o ON o.id = u.unit_id WHERE u.active ORDER BY u.email",
    )
    .fetch_all(pool)
    .await?;
    let mut org = Org {
        director: users.first().map(|u| u.0).unwrap_or_default(),
        supervisor: HashMap::new(),
        manager: HashMap::new(),
        reps: Vec::new(),
        tech: Vec::new(),
    };
    let mut region_manager = HashMap::new();
    for (id, unit, _, role) in &users {
        match role.as_str() {
            "SALES_DIRECTOR" => org.director = *id,
            "SUPERVISOR" => {
                org.supervisor.insert(*unit, *id);
            }
            "SALES_MANAGER" => {
                region_manager.insert(*unit, *id);
            }
            "SALES_REP" => org.reps.push(*id),
            "TECH_SUPPORT" => org.tech.push(*id),
            _ => {}
        }
    }
    for (_, unit, parent, _) in &users {
        if let Some(m) = parent.and_then(|p| region_manager.get(&p)) {
            org.manager.insert(*unit, *m);
        }
    }
    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed ^ 0x0991_7E11),
        now,
        today: company_date(now),
        org,
        won_seen: 0,
        drafted_seen: 0,
        executing_seen: 0,
        contract_seq: 0,
        order_seq: 0,
        shipment_seq: 0,
    };
    let mut done = 0;
    let mut in_flight: std::collections::VecDeque<tokio::task::JoinHandle<DomainResult<()>>> =
        std::collections::VecDeque::new();
    while done < count {
        let n = (count - done).min(CHUNK);
        let mut b = Batch::default();
        for i in 0..n {
            let c = if done + i < customers.len() && done + i < 64 {
                &customers[done + i]
            } else {
                &customers[g.rng.random_range(0..customers.len())]
            };
            g.opportunity(&mut b, done + i, c);
        }
        stats.history_rows += b.h_id.len();
        stats.quotes += b.q_id.len();
        stats.contracts += b.k_id.len();
        stats.orders += b.or_id.len();
        stats.shipments += b.s_id.len();
        // Two batches in flight: PostgreSQL inserts one while the next is
        // generated and the other is written (each in its own transaction).
        if in_flight.len() >= IN_FLIGHT
            && let Some(h) = in_flight.pop_front()
        {
            h.await.map_err(|e| anyhow::anyhow!("demo insert: {e}"))??;
        }
        let pool = pool.clone();
        in_flight.push_back(tokio::spawn(async move { b.insert(&pool).await }));
        done += n;
    }
    for h in in_flight {
        h.await.map_err(|e| anyhow::anyhow!("demo insert: {e}"))??;
    }
    stats.opportunities = done;
    number_contracts(pool).await?;
    Ok(stats)
}

/// CON-1: gapless numbers per year in the order contracts were created, and
/// the year's counter at the maximum (so the next real contract follows).
async fn number_contracts(pool: &PgPool) -> DomainResult<()> {
    let mut tx = pool.begin().await?;
    // A bulk load: at 1 000 000 opportunities these updates take longer
    // than the pool's statement timeout.
    sqlx::query("SET LOCAL statement_timeout = 0")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE contracts c
         SET number_seq = r.n,
             number = 'HT-' || c.number_year || '-' || CASE WHEN r.n < 10000 THEN lpad(r.n::text, 4, '0') ELSE r.n::text END
         FROM (SELECT id, row_number() OVER (PARTITION BY number_year ORDER BY created_at, id) AS n
               FROM contracts WHERE number_seq >= 100000000) r
         WHERE r.id = c.id",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE opportunity_stage_history h SET reason = 'contract ' || c.number || ' signed'
         FROM contracts c
         WHERE c.opportunity_id = h.opportunity_id AND h.to_stage = 'WON' AND h.reason = 'contract signed'",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO contract_number_counters (year, last)
         SELECT number_year, max(number_seq) FROM contracts GROUP BY number_year
         ON CONFLICT (year) DO UPDATE SET last = GREATEST(contract_number_counters.last, EXCLUDED.last)",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

struct Gen {
    rng: StdRng,
    now: DateTime<Utc>,
    today: NaiveDate,
    org: Org,
    won_seen: usize,
    drafted_seen: usize,
    executing_seen: usize,
    contract_seq: usize,
    order_seq: usize,
    shipment_seq: usize,
}

fn pick<'a, T>(rng: &mut StdRng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// A company-day instant: `day` at `hour` o'clock company time.
fn at(day: NaiveDate, hour: i64) -> DateTime<Utc> {
    start_of_day(day) + Duration::hours(hour)
}

/// A whole amount in yuan between `lo` and `hi`, log-uniform, in hundreds.
fn draw_yuan(rng: &mut StdRng, lo: i64, hi: i64) -> i64 {
    // Only the shape of the draw uses floating point; money is integer
    // cents from here on.
    let u: f64 = rng.random();
    let x = (lo as f64) * ((hi as f64) / (lo as f64)).powf(u);
    ((x / 100.0).round() as i64).max(1) * 100
}

impl Gen {
    fn opportunity(&mut self, b: &mut Batch, n: usize, c: &Customer) {
        let rng = &mut self.rng;
        // The first 64 cycle through every stage so even a small demo shows
        // them all; past that a realistic funnel.
        let stage = if n < 64 {
            n % 8
        } else {
            match rng.random_range(0..100) {
                0..22 => 0,
                22..35 => 1,
                35..46 => 2,
                46..56 => 3,
                56..64 => 4,
                64..70 => 5,
                70..85 => WON,
                _ => LOST,
            }
        };
        let furthest = match stage {
            LOST => *pick(rng, &[0, 0, 1, 1, 2, 2, 3, 3, 4, 5]),
            s => s,
        };
        let big = rng.random_ratio(1, 6);
        let yuan = if big {
            draw_yuan(rng, 1_000_000, 5_000_000)
        } else {
            draw_yuan(rng, 50_000, 1_000_000 - 100)
        };
        let amount = yuan * 100;
        let complex = !big && rng.random_ratio(1, 20);
        let needs_team = big || complex;
        // The path through the stages: one step at a time, sometimes one
        // step back (by a manager, with a reason) and forward again.
        let mut path = vec![0usize];
        let back_at = (furthest >= 3 && rng.random_ratio(1, 10))
            .then(|| rng.random_range(3..=furthest.min(5)));
        for s in 1..=furthest {
            path.push(s);
            if back_at == Some(s) && s < WON {
                path.push(s - 1);
                path.push(s);
            }
        }
        if stage == LOST {
            path.push(LOST);
        }
        // A won opportunity's contract decides how long ago it was won.
        // CON-1/2: a contract is drafted from the accepted quote while the
        // opportunity is in CONTRACT; signing it wins the opportunity. So
        // CONTRACT opportunities may have a contract in DRAFT, IN_REVIEW or
        // APPROVED, and every WON one has a signed (or later) contract.
        let status = match stage {
            WON => {
                self.won_seen += 1;
                Some(if self.won_seen <= 10 {
                    3 + (self.won_seen - 1) % 5
                } else {
                    match rng.random_range(0..100) {
                        0..10 => 3,
                        10..45 => 4,
                        45..65 => 5,
                        65..93 => 6,
                        _ => 7,
                    }
                })
            }
            5 => {
                self.drafted_seen += 1;
                (self.drafted_seen <= 6 || rng.random_ratio(3, 4)).then(|| {
                    if self.drafted_seen <= 6 {
                        (self.drafted_seen - 1) % 3
                    } else {
                        rng.random_range(0..3)
                    }
                })
            }
            _ => None,
        };
        let showcase = status == Some(4) && {
            self.executing_seen += 1;
            self.executing_seen <= 3
        };
        let plan = status.map(|s| ContractPlan::draw(rng, s, big, showcase));
        // When the opportunity entered CONTRACT, for one with a contract:
        // the contract's story ends by yesterday.
        let contract_entered = plan.as_ref().map(|p| {
            at(
                self.today - Duration::days(p.age + 1),
                rng.random_range(9..18),
            ) - Duration::minutes(rng.random_range(0..600))
        });
        let last_at = match (contract_entered, stage) {
            // Won when the contract was signed (day 7 of its plan).
            (Some(t), WON) => at(company_date(t) + Duration::days(7), 10),
            (Some(t), _) => t,
            (None, LOST) => {
                self.now
                    - Duration::days(rng.random_range(1..400))
                    - Duration::minutes(rng.random_range(0..600))
            }
            _ => {
                self.now
                    - Duration::days(rng.random_range(1..45))
                    - Duration::minutes(rng.random_range(0..600))
            }
        };
        let moves = path.len() - 1;
        let mut times = vec![last_at; path.len()];
        for i in (0..moves).rev() {
            times[i] = match contract_entered {
                Some(t) if stage == WON && i + 1 == moves => t,
                _ => {
                    times[i + 1]
                        - Duration::days(rng.random_range(2..=30))
                        - Duration::minutes(rng.random_range(0..1440))
                }
            };
        }
        let created = times[0];
        let entered = |s: usize| path.iter().position(|p| *p == s).map(|i| times[i]);
        let id = Uuid::now_v7();
        let owner = c.owner;
        let unit = c.unit;
        let supervisor = self
            .org
            .supervisor
            .get(&unit)
            .copied()
            .unwrap_or(self.org.director);
        let manager = self
            .org
            .manager
            .get(&unit)
            .copied()
            .unwrap_or(self.org.director);
        let product = *pick(rng, PRODUCTS);
        let name = format!("{} {}", c.name, product);
        let closed = (stage >= WON).then_some(last_at);
        let expected_close = match closed {
            Some(t) => company_date(t),
            None => self.today + Duration::days(rng.random_range(-15..365)),
        };
        let probability = (stage < WON && rng.random_ratio(1, 10))
            .then(|| (DEFAULT_PCT[stage] + rng.random_range(-10..=10)).clamp(1, 99));
        let (lost_reason, lost_competitor) = if stage == LOST {
            (
                Some((*pick(rng, LOST_REASONS)).to_owned()),
                rng.random_ratio(3, 4)
                    .then(|| (*pick(rng, COMPETITORS)).to_owned()),
            )
        } else {
            (None, None)
        };
        b.o_id.push(id);
        b.o_customer.push(c.id);
        b.o_name.push(name.clone());
        b.o_owner.push(owner);
        b.o_unit.push(unit);
        b.o_stage.push(STAGES[stage].to_owned());
        b.o_probability.push(probability);
        b.o_amount.push(cents(amount));
        b.o_close.push(expected_close);
        b.o_complex.push(complex);
        b.o_lost_reason.push(lost_reason.clone());
        b.o_lost_competitor.push(lost_competitor);
        b.o_stage_changed.push(last_at);
        b.o_closed.push(closed);
        b.o_version.push(1 + moves as i32);
        b.o_created.push(created);
        // PIP-2 history: created in EVALUATION, then every move.
        for (i, s) in path.iter().enumerate() {
            let from = (i > 0).then(|| STAGES[path[i - 1]].to_owned());
            let backward = i > 0 && *s < path[i - 1];
            b.h_id.push(Uuid::now_v7());
            b.h_opp.push(id);
            b.h_from.push(from);
            b.h_to.push(STAGES[*s].to_owned());
            b.h_by.push(if backward { manager } else { owner });
            b.h_reason.push(if backward {
                Some("客户需求变更，退回重新调研".to_owned())
            } else if *s == WON {
                // The contract's number once contracts are numbered.
                Some("contract signed".to_owned())
            } else if *s == LOST {
                lost_reason.clone()
            } else {
                None
            });
            b.h_at.push(times[i]);
        }
        // PIP-4 initiation (approved before the move to INITIATION, or
        // waiting for approval on a third of the opportunities still in
        // EVALUATION) and the project team it created.
        let team: Vec<(Uuid, &str, &str)> = if needs_team {
            let tech = self
                .org
                .tech
                .get(n % self.org.tech.len().max(1))
                .copied()
                .unwrap_or(self.org.director);
            let mut t = vec![
                (supervisor, "LEADER", "项目总负责"),
                (manager, "SALES_MANAGER", "商务决策与资源协调"),
                (owner, "SALES_REP", "客户对接与商务跟进"),
                (tech, "TECH_LEAD", "技术方案与实施"),
            ];
            let mut seen = Vec::new();
            t.retain(|(u, _, _)| {
                let fresh = !seen.contains(u);
                seen.push(*u);
                fresh
            });
            t
        } else {
            Vec::new()
        };
        let initiation = match entered(1) {
            Some(t) => Some((
                "APPROVED",
                t - Duration::days(1),
                Some(t - Duration::hours(1)),
            )),
            None if stage == 0 && rng.random_ratio(1, 3) => {
                Some(("SUBMITTED", last_at + Duration::hours(2), None))
            }
            None => None,
        };
        if let Some((status, created_at, decided)) = initiation {
            let proposed: Vec<String> = team
                .iter()
                .map(|(u, r, d)| format!(r#"{{"user_id": "{u}", "role": "{r}", "duties": "{d}"}}"#))
                .collect();
            b.i_id.push(Uuid::now_v7());
            b.i_opp.push(id);
            b.i_status.push(status.to_owned());
            b.i_team.push(format!("[{}]", proposed.join(", ")));
            b.i_by.push(owner);
            b.i_decided_by.push(decided.map(|_| manager));
            b.i_decided_at.push(decided);
            b.i_created.push(created_at);
            if let Some(d) = decided {
                for (u, r, duty) in &team {
                    b.t_opp.push(id);
                    b.t_user.push(*u);
                    b.t_role.push((*r).to_owned());
                    b.t_duties.push((*duty).to_owned());
                    b.t_added.push(d);
                }
            }
        }
        // PIP-5 requirements report: before the move to PROPOSAL, or in
        // progress on half of those in REQUIREMENTS.
        let report = match entered(3) {
            Some(t) => Some(t - Duration::days(1)),
            None if stage == 2 && rng.random_ratio(1, 2) => Some(last_at + Duration::hours(2)),
            None => None,
        };
        if let Some(t) = report {
            b.r_id.push(Uuid::now_v7());
            b.r_opp.push(id);
            b.r_by.push(owner);
            b.r_gathered
                .push((*pick(rng, &["SITE_VISIT", "SURVEY", "MEETING"])).to_owned());
            b.r_created.push(t);
        }
        // PIP-6 quote: SENT before NEGOTIATION, ACCEPTED before CONTRACT,
        // DECLINED when lost in negotiation; in PROPOSAL some are still in
        // draft or approval.
        let quote_status = match furthest {
            f if f >= 5 => Some("ACCEPTED"),
            4 if stage == LOST => Some("DECLINED"),
            4 => Some("SENT"),
            3 if stage == 3 => match rng.random_range(0..5) {
                0 => Some("DRAFT"),
                1 => Some("PENDING_APPROVAL"),
                2 => Some("APPROVED"),
                _ => None,
            },
            _ => None,
        };
        let mut quote = None;
        if let (Some(status), Some(t3)) = (quote_status, entered(3)) {
            let qid = Uuid::now_v7();
            quote = Some(qid);
            let margin = rng.random_range(8..=35i64);
            let l1 = amount * 70 / 100;
            let l2 = amount - l1;
            let c1 = l1 * (100 - margin) / 100;
            let c2 = l2 * (100 - margin) / 100;
            let cost = c1 + c2;
            let margin_pct =
                (cents(amount - cost) * Decimal::from(100) / cents(amount)).round_dp(2);
            let (role, approver) = if margin_pct >= Decimal::from(20) {
                ("DIRECT_HEAD", supervisor)
            } else if margin_pct >= Decimal::from(10) {
                ("SALES_MANAGER", manager)
            } else {
                ("SALES_DIRECTOR", self.org.director)
            };
            let q_created = t3 + Duration::hours(1);
            let submitted = status != "DRAFT";
            let decided = !matches!(status, "DRAFT" | "PENDING_APPROVAL");
            let sent = matches!(status, "SENT" | "ACCEPTED" | "DECLINED");
            let customer_decision = match status {
                "ACCEPTED" => entered(5).map(|t| t - Duration::hours(1)),
                "DECLINED" => Some(last_at - Duration::hours(1)),
                _ => None,
            };
            let updated = customer_decision
                .or(sent.then(|| q_created + Duration::hours(4)))
                .or(decided.then(|| q_created + Duration::hours(3)))
                .or(submitted.then(|| q_created + Duration::hours(2)))
                .unwrap_or(q_created);
            b.q_id.push(qid);
            b.q_opp.push(id);
            b.q_status.push(status.to_owned());
            b.q_title.push(format!("{product} 报价"));
            b.q_valid.push(company_date(q_created) + Duration::days(60));
            b.q_total.push(cents(amount));
            b.q_cost.push(cents(cost));
            b.q_by.push(owner);
            b.q_updated.push(updated);
            b.q_row_version.push(
                1 + submitted as i32
                    + decided as i32
                    + sent as i32
                    + customer_decision.is_some() as i32,
            );
            b.q_submitted_at
                .push(submitted.then(|| q_created + Duration::hours(2)));
            b.q_margin.push(submitted.then_some(margin_pct));
            b.q_role.push(submitted.then(|| role.to_owned()));
            b.q_head
                .push((submitted && role == "DIRECT_HEAD").then_some(supervisor));
            b.q_approver.push(decided.then_some(approver));
            b.q_decided_at
                .push(decided.then(|| q_created + Duration::hours(3)));
            b.q_sent_at
                .push(sent.then(|| q_created + Duration::hours(4)));
            b.q_decision_at.push(customer_decision);
            b.q_decision_note.push(match status {
                "ACCEPTED" => Some("客户确认接受报价".to_owned()),
                "DECLINED" => lost_reason.clone(),
                _ => None,
            });
            b.q_created.push(q_created);
            for (pos, (desc, price, cost)) in [
                (format!("{product} 设备与软件"), l1, c1),
                ("安装调试与培训".to_owned(), l2, c2),
            ]
            .into_iter()
            .enumerate()
            {
                b.ql_id.push(Uuid::now_v7());
                b.ql_quote.push(qid);
                b.ql_pos.push(pos as i32 + 1);
                b.ql_desc.push(desc);
                b.ql_price.push(cents(price));
                b.ql_cost.push(cents(cost));
            }
        }
        if let (Some(plan), Some(t)) = (plan, contract_entered) {
            self.contract(b, &plan, id, quote, c, &name, company_date(t), amount);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn contract(
        &mut self,
        b: &mut Batch,
        p: &ContractPlan,
        opp: Uuid,
        quote: Option<Uuid>,
        c: &Customer,
        name: &str,
        w: NaiveDate,
        amount: i64,
    ) {
        let rng = &mut self.rng;
        let day = |off: i64| w + Duration::days(off);
        let id = Uuid::now_v7();
        let status = p.status;
        // Ranks: DRAFT 0 … CLOSED 6; TERMINATED went as far as SIGNED.
        let rank = if status == 7 { 3 } else { status };
        let owner = c.owner;
        let created = at(day(1), 10);
        self.contract_seq += 1;
        let year = chrono::Datelike::year(&day(1));
        let seq = 100_000_000 + self.contract_seq as i32;
        let signed = (rank >= 3).then(|| day(7));
        let accepted = p.accepted.map(day);
        let terms = p.terms_days;
        let needs_finance = rank >= 1 && terms > 90;
        let last_event = match status {
            0 => created,
            1 => at(day(2), 10),
            2 => at(day(4), 10),
            3 => at(day(7), 10),
            4 => at(day(9), 10),
            5 => at(day(p.accepted.unwrap_or(0)), 10),
            6 => at(day(p.closed.unwrap_or(0)), 10),
            _ => at(day(p.terminated.unwrap_or(0)), 10),
        };
        b.k_id.push(id);
        b.k_number.push(format!("HT-{year}-{seq}"));
        b.k_year.push(year);
        b.k_seq.push(seq);
        b.k_customer.push(c.id);
        b.k_opp.push(opp);
        b.k_quote.push(quote);
        b.k_title.push(format!("{name} 合同"));
        b.k_owner.push(owner);
        b.k_unit.push(c.unit);
        b.k_party.push(c.name.clone());
        b.k_amount.push(cents(amount));
        b.k_start.push(signed);
        b.k_end.push(signed.map(|d| d + Months::new(12)));
        b.k_method
            .push((*pick(rng, &["BANK_TRANSFER", "BANK_TRANSFER", "ACCEPTANCE_BILL"])).to_owned());
        b.k_terms.push(terms);
        b.k_warranty.push(p.warranty_months);
        b.k_status.push(CONTRACT_STATUSES[status].to_owned());
        b.k_needs_finance.push(needs_finance);
        b.k_submitted_at.push((rank >= 1).then(|| at(day(2), 10)));
        b.k_finance_at
            .push((needs_finance && rank >= 2).then(|| at(day(3), 10)));
        b.k_director_at.push((rank >= 2).then(|| at(day(4), 10)));
        b.k_signed.push(signed);
        b.k_accepted.push(accepted);
        b.k_closed_at.push(p.closed.map(|o| at(day(o), 10)));
        b.k_terminated_at.push(p.terminated.map(|o| at(day(o), 10)));
        b.k_termination.push(
            p.terminated
                .map(|_| "客户项目取消，双方协商解除合同".to_owned()),
        );
        b.k_created.push(created);
        b.k_updated.push(last_event);
        b.k_version
            .push(1 + rank as i32 + (needs_finance && rank >= 2) as i32 + (status == 7) as i32);
        // Orders and their shipments.
        let mut all_delivered = !p.orders.is_empty();
        let mut last_delivery: Option<NaiveDate> = None;
        let mut rest = amount;
        for (k, o) in p.orders.iter().enumerate() {
            let total = if k + 1 == p.orders.len() {
                rest
            } else {
                amount * 60 / 100
            };
            rest -= total;
            self.order_seq += 1;
            let oid = Uuid::now_v7();
            let qty = rng.random_range(2..=10i64);
            let p1 = total * 85 / 100 / qty;
            let p2 = total - qty * p1;
            let confirmed = o.confirmed.map(day);
            let promised = confirmed.map(|d| d + Duration::days(o.prod + 20));
            let slipped = o.status != "DELIVERED" && confirmed.is_some() && rng.random_ratio(1, 7);
            let expected = promised.map(|d| {
                if slipped {
                    d + Duration::days(rng.random_range(10..30))
                } else {
                    d
                }
            });
            let delivered_day = o
                .shipments
                .iter()
                .filter_map(|s| s.delivered)
                .max()
                .map(day);
            if o.status == "DELIVERED" {
                last_delivery = last_delivery.max(delivered_day);
            } else if o.status != "CANCELLED" {
                all_delivered = false;
            }
            let updated = o
                .shipments
                .iter()
                .filter_map(|s| s.delivered.or(Some(s.shipped)))
                .max()
                .or(o.confirmed)
                .map(|off| at(day(off), 11))
                .unwrap_or(created);
            b.or_id.push(oid);
            b.or_number.push(format!("SO-DEMO-{:07}", self.order_seq));
            b.or_customer.push(c.id);
            b.or_contract.push(id);
            b.or_owner.push(owner);
            b.or_unit.push(c.unit);
            b.or_status.push(o.status.to_owned());
            b.or_required.push(promised);
            b.or_promised.push(promised);
            b.or_expected.push(expected);
            b.or_total.push(cents(total));
            b.or_confirmed_by.push(confirmed.map(|_| owner));
            b.or_confirmed_at.push(confirmed.map(|d| at(d, 11)));
            b.or_delivered_at.push(
                (o.status == "DELIVERED")
                    .then(|| delivered_day.map(|d| at(d, 15)))
                    .flatten(),
            );
            b.or_created.push(at(day(o.created), 11));
            b.or_updated.push(updated);
            b.or_version.push(1 + o.steps);
            let l1 = Uuid::now_v7();
            let l2 = Uuid::now_v7();
            let mut shipped1 = 0;
            let mut shipped2 = 0;
            for (si, s) in o.shipments.iter().enumerate() {
                // The first shipment takes half the units of line 1, the
                // second the rest and line 2.
                let (q1, q2) = if o.shipments.len() == 1 && o.status == "DELIVERED" {
                    (qty, 1)
                } else if si == 0 {
                    (qty / 2, 0)
                } else {
                    (qty - qty / 2, 1)
                };
                shipped1 += q1;
                shipped2 += q2;
                self.shipment_seq += 1;
                let sid = Uuid::now_v7();
                b.s_id.push(sid);
                b.s_number.push(format!("SH-DEMO-{:07}", self.shipment_seq));
                b.s_order.push(oid);
                b.s_date.push(day(s.shipped));
                b.s_carrier
                    .push((*pick(rng, &["顺丰速运", "德邦物流", "中铁快运", "自提"])).to_owned());
                b.s_amount.push(cents(q1 * p1 + q2 * p2));
                b.s_delivered.push(s.delivered.map(day));
                b.s_by.push(owner);
                b.s_created.push(at(day(s.shipped), 14));
                for (line, q) in [(l1, q1), (l2, q2)] {
                    if q > 0 {
                        b.sl_shipment.push(sid);
                        b.sl_line.push(line);
                        b.sl_qty.push(Decimal::from(q));
                    }
                }
            }
            for (pos, (lid, product, q, price, shipped)) in [
                (l1, "成套设备", qty, p1, shipped1),
                (l2, "安装调试服务", 1, p2, shipped2),
            ]
            .into_iter()
            .enumerate()
            {
                b.ol_id.push(lid);
                b.ol_order.push(oid);
                b.ol_pos.push(pos as i32 + 1);
                b.ol_product.push(product.to_owned());
                b.ol_qty.push(Decimal::from(q));
                b.ol_price.push(cents(price));
                b.ol_shipped.push(Decimal::from(shipped));
            }
        }
        // Milestones.
        for (k, m) in p.milestones.iter().enumerate() {
            b.m_id.push(Uuid::now_v7());
            b.m_contract.push(id);
            b.m_pos.push(k as i32 + 1);
            b.m_name
                .push(["方案设计确认", "设备到货安装", "系统调试与培训"][k % 3].to_owned());
            b.m_planned.push(day(m.planned));
            b.m_actual.push(m.actual.map(day));
            b.m_percent.push(m.percent);
            b.m_updated.push(at(day(m.actual.unwrap_or(7)), 16));
            b.m_version
                .push(1 + (m.percent > 0) as i32 + m.actual.is_some() as i32);
        }
        // Acceptances: sometimes a failed one first.
        if let Some(f) = p.failed {
            b.a_id.push(Uuid::now_v7());
            b.a_contract.push(id);
            b.a_on.push(day(f));
            b.a_result.push("FAILED".to_owned());
            b.a_issues
                .push(Some("部分设备运行参数未达标，需整改后复验".to_owned()));
            b.a_by.push(owner);
            b.a_at.push(at(day(f), 16));
        }
        if let Some(a) = p.accepted {
            b.a_id.push(Uuid::now_v7());
            b.a_contract.push(id);
            b.a_on.push(day(a));
            b.a_result.push("PASSED".to_owned());
            b.a_issues.push(None);
            b.a_by.push(owner);
            b.a_at.push(at(day(a), 16));
        }
        // CON-1 payment plan: amounts sum exactly to the contract amount;
        // due dates where the trigger happened.
        let plans: [&[(i64, &str, i32, &str)]; 4] = [
            &[
                (30, "SIGNING", 7, "预付款"),
                (60, "DELIVERY", 30, "到货款"),
                (10, "WARRANTY_END", 0, "质保金"),
            ],
            &[
                (30, "SIGNING", 0, "预付款"),
                (60, "ACCEPTANCE", 30, "验收款"),
                (10, "WARRANTY_END", 15, "质保金"),
            ],
            &[
                (20, "SIGNING", 5, "预付款"),
                (40, "DELIVERY", 15, "发货款"),
                (30, "ACCEPTANCE", 30, "验收款"),
                (10, "WARRANTY_END", 0, "质保金"),
            ],
            &[
                (50, "FIXED_DATE", 0, "首付款"),
                (50, "ACCEPTANCE", 30, "尾款"),
            ],
        ];
        let plan = plans[p.payment_plan];
        let mut left = amount;
        for (k, (pct, trigger, offset, label)) in plan.iter().enumerate() {
            let part = if k + 1 == plan.len() {
                left
            } else {
                amount * pct / 100
            };
            left -= part;
            let off = Duration::days(i64::from(*offset));
            let due = match *trigger {
                "FIXED_DATE" => Some(day(1) + Duration::days(30)),
                "SIGNING" => signed.map(|d| d + off),
                "DELIVERY" => all_delivered
                    .then_some(last_delivery)
                    .flatten()
                    .map(|d| d + off),
                "ACCEPTANCE" => accepted.map(|d| d + off),
                _ => accepted.map(|d| d + Months::new(p.warranty_months as u32) + off),
            };
            b.n_id.push(Uuid::now_v7());
            b.n_contract.push(id);
            b.n_pos.push(k as i32 + 1);
            b.n_label.push((*label).to_owned());
            b.n_amount.push(cents(part));
            b.n_trigger.push((*trigger).to_owned());
            b.n_offset.push(*offset);
            b.n_due.push(due);
        }
    }
}

/// One order of a contract plan; days are offsets from the day the
/// opportunity was won.
struct OrderPlan {
    status: &'static str,
    created: i64,
    confirmed: Option<i64>,
    prod: i64,
    steps: i32,
    shipments: Vec<ShipmentPlan>,
}

struct ShipmentPlan {
    shipped: i64,
    delivered: Option<i64>,
}

struct MilestonePlan {
    planned: i64,
    actual: Option<i64>,
    percent: i16,
}

/// A contract's life as day offsets from `W`, the day its opportunity
/// entered CONTRACT: created W+1, submitted W+2, finance W+3, director W+4,
/// signed (and the opportunity WON) W+7, orders confirmed W+9. `age` is how
/// many days before yesterday `W` was, so everything has happened by
/// yesterday.
struct ContractPlan {
    status: usize,
    age: i64,
    terms_days: i32,
    warranty_months: i32,
    payment_plan: usize,
    orders: Vec<OrderPlan>,
    milestones: Vec<MilestonePlan>,
    failed: Option<i64>,
    accepted: Option<i64>,
    closed: Option<i64>,
    terminated: Option<i64>,
}

impl ContractPlan {
    /// `showcase`: an EXECUTING contract caught with a partly shipped
    /// order (the first few, so every demo shows one).
    fn draw(rng: &mut StdRng, status: usize, big: bool, showcase: bool) -> ContractPlan {
        let mut p = ContractPlan {
            status,
            age: 0,
            terms_days: *pick(rng, &[30, 30, 60, 90, 120]),
            warranty_months: *pick(rng, &[12, 12, 24]),
            payment_plan: rng.random_range(0..4),
            orders: Vec::new(),
            milestones: Vec::new(),
            failed: None,
            accepted: None,
            closed: None,
            terminated: None,
        };
        p.age = match status {
            0 => rng.random_range(1..10),
            1 => rng.random_range(2..15),
            2 => rng.random_range(4..20),
            3 => rng.random_range(7..30),
            4 => rng.random_range(10..200),
            5 | 6 => 0,
            _ => 0,
        };
        let order_count = if rng.random_ratio(3, 10) { 2 } else { 1 };
        match status {
            3 if rng.random_ratio(3, 10) => p.orders.push(OrderPlan {
                status: "DRAFT",
                created: rng.random_range(7..=p.age),
                confirmed: None,
                prod: 0,
                steps: 0,
                shipments: Vec::new(),
            }),
            4..=6 => {
                // Executing: each order as far as its production time
                // allows by `age`; accepted/closed: all delivered.
                let mut done = 9;
                // Per order: production days, then days between its two
                // shipments (the first takes half of line 1).
                let shapes: Vec<(i64, i64)> = (0..order_count)
                    .map(|_| (rng.random_range(15..=100), rng.random_range(10..=40)))
                    .collect();
                if status == 4 && showcase {
                    // Caught between its two shipments: partly shipped.
                    p.age = 9 + shapes[0].0 + 5 + rng.random_range(0..shapes[0].1);
                }
                for (prod, gap) in shapes {
                    let horizon = if status == 4 { p.age - 9 } else { i64::MAX };
                    let (st, steps) = match horizon {
                        e if e < 3 => ("CONFIRMED", 1),
                        e if e < prod => ("IN_PRODUCTION", 2),
                        e if e < prod + 5 => ("READY", 3),
                        e if e < prod + 5 + gap + 3 => ("SHIPPED", 4),
                        _ => ("DELIVERED", 5),
                    };
                    let mut shipments = Vec::new();
                    for s in [prod + 5, prod + 5 + gap] {
                        if s <= horizon {
                            let delivered = (s + 3 <= horizon).then_some(9 + s + 3);
                            shipments.push(ShipmentPlan {
                                shipped: 9 + s,
                                delivered,
                            });
                        }
                    }
                    if st == "DELIVERED" {
                        done = done.max(9 + prod + 5 + gap + 3);
                    }
                    p.orders.push(OrderPlan {
                        status: st,
                        created: 8,
                        confirmed: Some(9),
                        prod,
                        steps,
                        shipments,
                    });
                }
                if big {
                    for planned in [27, 57, 87] {
                        let actual = planned + rng.random_range(-5..=10);
                        let late = status == 4 && rng.random_ratio(1, 5);
                        let finished = status >= 5 || (actual <= p.age && !late);
                        if finished {
                            done = done.max(actual);
                        }
                        p.milestones.push(MilestonePlan {
                            planned,
                            actual: finished.then_some(actual),
                            percent: if finished {
                                100
                            } else if planned <= p.age + 30 {
                                rng.random_range(1..10) * 10
                            } else {
                                0
                            },
                        });
                    }
                }
                if status >= 5 {
                    if rng.random_ratio(1, 4) {
                        p.failed = Some(done + 2);
                    }
                    let a = done + rng.random_range(7..=20);
                    p.accepted = Some(a);
                    p.age = a + rng.random_range(0..200);
                    if status == 6 {
                        let c = a + 31 * i64::from(p.warranty_months) + 5;
                        p.closed = Some(c);
                        p.age = c + rng.random_range(0..60);
                    }
                }
            }
            7 => {
                let t = 7 + rng.random_range(3..=30);
                p.terminated = Some(t);
                p.age = t + rng.random_range(0..150);
            }
            _ => {}
        }
        if big && (2..=3).contains(&status) {
            for planned in [27, 57, 87] {
                p.milestones.push(MilestonePlan {
                    planned,
                    actual: None,
                    percent: 0,
                });
            }
        }
        p
    }
}

#[derive(Default)]
struct Batch {
    o_id: Vec<Uuid>,
    o_customer: Vec<Uuid>,
    o_name: Vec<String>,
    o_owner: Vec<Uuid>,
    o_unit: Vec<Uuid>,
    o_stage: Vec<String>,
    o_probability: Vec<Option<i16>>,
    o_amount: Vec<Decimal>,
    o_close: Vec<NaiveDate>,
    o_complex: Vec<bool>,
    o_lost_reason: Vec<Option<String>>,
    o_lost_competitor: Vec<Option<String>>,
    o_stage_changed: Vec<DateTime<Utc>>,
    o_closed: Vec<Option<DateTime<Utc>>>,
    o_version: Vec<i32>,
    o_created: Vec<DateTime<Utc>>,
    h_id: Vec<Uuid>,
    h_opp: Vec<Uuid>,
    h_from: Vec<Option<String>>,
    h_to: Vec<String>,
    h_by: Vec<Uuid>,
    h_reason: Vec<Option<String>>,
    h_at: Vec<DateTime<Utc>>,
    t_opp: Vec<Uuid>,
    t_user: Vec<Uuid>,
    t_role: Vec<String>,
    t_duties: Vec<String>,
    t_added: Vec<DateTime<Utc>>,
    i_id: Vec<Uuid>,
    i_opp: Vec<Uuid>,
    i_status: Vec<String>,
    i_team: Vec<String>,
    i_by: Vec<Uuid>,
    i_decided_by: Vec<Option<Uuid>>,
    i_decided_at: Vec<Option<DateTime<Utc>>>,
    i_created: Vec<DateTime<Utc>>,
    r_id: Vec<Uuid>,
    r_opp: Vec<Uuid>,
    r_by: Vec<Uuid>,
    r_gathered: Vec<String>,
    r_created: Vec<DateTime<Utc>>,
    q_id: Vec<Uuid>,
    q_opp: Vec<Uuid>,
    q_status: Vec<String>,
    q_title: Vec<String>,
    q_valid: Vec<NaiveDate>,
    q_total: Vec<Decimal>,
    q_cost: Vec<Decimal>,
    q_by: Vec<Uuid>,
    q_updated: Vec<DateTime<Utc>>,
    q_row_version: Vec<i32>,
    q_submitted_at: Vec<Option<DateTime<Utc>>>,
    q_margin: Vec<Option<Decimal>>,
    q_role: Vec<Option<String>>,
    q_head: Vec<Option<Uuid>>,
    q_approver: Vec<Option<Uuid>>,
    q_decided_at: Vec<Option<DateTime<Utc>>>,
    q_sent_at: Vec<Option<DateTime<Utc>>>,
    q_decision_at: Vec<Option<DateTime<Utc>>>,
    q_decision_note: Vec<Option<String>>,
    q_created: Vec<DateTime<Utc>>,
    ql_id: Vec<Uuid>,
    ql_quote: Vec<Uuid>,
    ql_pos: Vec<i32>,
    ql_desc: Vec<String>,
    ql_price: Vec<Decimal>,
    ql_cost: Vec<Decimal>,
    k_id: Vec<Uuid>,
    k_number: Vec<String>,
    k_year: Vec<i32>,
    k_seq: Vec<i32>,
    k_customer: Vec<Uuid>,
    k_opp: Vec<Uuid>,
    k_quote: Vec<Option<Uuid>>,
    k_title: Vec<String>,
    k_owner: Vec<Uuid>,
    k_unit: Vec<Uuid>,
    k_party: Vec<String>,
    k_amount: Vec<Decimal>,
    k_start: Vec<Option<NaiveDate>>,
    k_end: Vec<Option<NaiveDate>>,
    k_method: Vec<String>,
    k_terms: Vec<i32>,
    k_warranty: Vec<i32>,
    k_status: Vec<String>,
    k_needs_finance: Vec<bool>,
    k_submitted_at: Vec<Option<DateTime<Utc>>>,
    k_finance_at: Vec<Option<DateTime<Utc>>>,
    k_director_at: Vec<Option<DateTime<Utc>>>,
    k_signed: Vec<Option<NaiveDate>>,
    k_accepted: Vec<Option<NaiveDate>>,
    k_closed_at: Vec<Option<DateTime<Utc>>>,
    k_terminated_at: Vec<Option<DateTime<Utc>>>,
    k_termination: Vec<Option<String>>,
    k_created: Vec<DateTime<Utc>>,
    k_updated: Vec<DateTime<Utc>>,
    k_version: Vec<i32>,
    n_id: Vec<Uuid>,
    n_contract: Vec<Uuid>,
    n_pos: Vec<i32>,
    n_label: Vec<String>,
    n_amount: Vec<Decimal>,
    n_trigger: Vec<String>,
    n_offset: Vec<i32>,
    n_due: Vec<Option<NaiveDate>>,
    or_id: Vec<Uuid>,
    or_number: Vec<String>,
    or_customer: Vec<Uuid>,
    or_contract: Vec<Uuid>,
    or_owner: Vec<Uuid>,
    or_unit: Vec<Uuid>,
    or_status: Vec<String>,
    or_required: Vec<Option<NaiveDate>>,
    or_promised: Vec<Option<NaiveDate>>,
    or_expected: Vec<Option<NaiveDate>>,
    or_total: Vec<Decimal>,
    or_confirmed_by: Vec<Option<Uuid>>,
    or_confirmed_at: Vec<Option<DateTime<Utc>>>,
    or_delivered_at: Vec<Option<DateTime<Utc>>>,
    or_created: Vec<DateTime<Utc>>,
    or_updated: Vec<DateTime<Utc>>,
    or_version: Vec<i32>,
    ol_id: Vec<Uuid>,
    ol_order: Vec<Uuid>,
    ol_pos: Vec<i32>,
    ol_product: Vec<String>,
    ol_qty: Vec<Decimal>,
    ol_price: Vec<Decimal>,
    ol_shipped: Vec<Decimal>,
    s_id: Vec<Uuid>,
    s_number: Vec<String>,
    s_order: Vec<Uuid>,
    s_date: Vec<NaiveDate>,
    s_carrier: Vec<String>,
    s_amount: Vec<Decimal>,
    s_delivered: Vec<Option<NaiveDate>>,
    s_by: Vec<Uuid>,
    s_created: Vec<DateTime<Utc>>,
    sl_shipment: Vec<Uuid>,
    sl_line: Vec<Uuid>,
    sl_qty: Vec<Decimal>,
    m_id: Vec<Uuid>,
    m_contract: Vec<Uuid>,
    m_pos: Vec<i32>,
    m_name: Vec<String>,
    m_planned: Vec<NaiveDate>,
    m_actual: Vec<Option<NaiveDate>>,
    m_percent: Vec<i16>,
    m_updated: Vec<DateTime<Utc>>,
    m_version: Vec<i32>,
    a_id: Vec<Uuid>,
    a_contract: Vec<Uuid>,
    a_on: Vec<NaiveDate>,
    a_result: Vec<String>,
    a_issues: Vec<Option<String>>,
    a_by: Vec<Uuid>,
    a_at: Vec<DateTime<Utc>>,
}

impl Batch {
    async fn insert(&self, pool: &PgPool) -> DomainResult<()> {
        let mut tx = pool.begin().await?;
        sqlx::query("SET LOCAL statement_timeout = 0")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, probability, amount,
                                        expected_close_date, complex, lost_reason, lost_competitor, stage_changed_at,
                                        closed_at, created_by, version, created_at, updated_at)
             SELECT id, c, n, o, u, s, p, a, d, x, lr, lc, sc, cl, o, v, cr, sc
             FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::int2[],
                         $8::numeric[], $9::date[], $10::bool[], $11::text[], $12::text[], $13::timestamptz[],
                         $14::timestamptz[], $15::int4[], $16::timestamptz[])
                  AS t(id, c, n, o, u, s, p, a, d, x, lr, lc, sc, cl, v, cr)",
        )
        .bind(&self.o_id)
        .bind(&self.o_customer)
        .bind(&self.o_name)
        .bind(&self.o_owner)
        .bind(&self.o_unit)
        .bind(&self.o_stage)
        .bind(&self.o_probability)
        .bind(&self.o_amount)
        .bind(&self.o_close)
        .bind(&self.o_complex)
        .bind(&self.o_lost_reason)
        .bind(&self.o_lost_competitor)
        .bind(&self.o_stage_changed)
        .bind(&self.o_closed)
        .bind(&self.o_version)
        .bind(&self.o_created)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO opportunity_stage_history (id, opportunity_id, from_stage, to_stage, changed_by, reason, at)
             SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[],
                                  $7::timestamptz[])",
        )
        .bind(&self.h_id)
        .bind(&self.h_opp)
        .bind(&self.h_from)
        .bind(&self.h_to)
        .bind(&self.h_by)
        .bind(&self.h_reason)
        .bind(&self.h_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO opportunity_initiations (id, opportunity_id, status, basic_facts, sales_strategy, expected_goals,
                                                 proposed_team, submitted_by, decided_by, decided_at, updated_at, created_at)
             SELECT id, o, s, '客户有明确的建设计划与预算', '以整体方案与本地服务取胜', '年内签约并完成交付',
                    tm::jsonb, b, db, da, COALESCE(da, cr), cr
             FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::timestamptz[],
                         $8::timestamptz[]) AS t(id, o, s, tm, b, db, da, cr)",
        )
        .bind(&self.i_id)
        .bind(&self.i_opp)
        .bind(&self.i_status)
        .bind(&self.i_team)
        .bind(&self.i_by)
        .bind(&self.i_decided_by)
        .bind(&self.i_decided_at)
        .bind(&self.i_created)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, duties, added_at)
             SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[])",
        )
        .bind(&self.t_opp)
        .bind(&self.t_user)
        .bind(&self.t_role)
        .bind(&self.t_duties)
        .bind(&self.t_added)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO requirements_reports (id, opportunity_id, functional_needs, quality_standards, delivery_time,
                                              service_needs, gathered_by, created_by, updated_at, created_at)
             SELECT id, o, '产线自动化与数据采集，支持与现有 ERP 对接', '符合 GB/T 19001 质量体系', '合同签订后 90 天内',
                    '7×24 小时响应，一年免费维保', g, b, cr, cr
             FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[]) AS t(id, o, b, g, cr)",
        )
        .bind(&self.r_id)
        .bind(&self.r_opp)
        .bind(&self.r_by)
        .bind(&self.r_gathered)
        .bind(&self.r_created)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO quotes (id, opportunity_id, version, status, title, valid_until, payment_terms, delivery_terms,
                                 total_amount, total_cost, created_by, updated_at, row_version, submitted_by,
                                 submitted_at, margin_percent, required_approver_role, head_approver_id, approver_id,
                                 decided_at, sent_at, customer_decision_at, customer_decision_note, created_at)
             SELECT id, o, 1, s, ti, vu, '30% 预付款，60% 到货款，10% 质保金', '合同签订后 60 天内交货',
                    ta, tc, b, up, rv, CASE WHEN sa IS NULL THEN NULL ELSE b END, sa, mp, ro, hd, ap, da, se, cd, cn, cr
             FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::numeric[], $7::numeric[],
                         $8::uuid[], $9::timestamptz[], $10::int4[], $11::timestamptz[], $12::numeric[], $13::text[],
                         $14::uuid[], $15::uuid[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[],
                         $19::text[], $20::timestamptz[])
                  AS t(id, o, s, ti, vu, ta, tc, b, up, rv, sa, mp, ro, hd, ap, da, se, cd, cn, cr)",
        )
        .bind(&self.q_id)
        .bind(&self.q_opp)
        .bind(&self.q_status)
        .bind(&self.q_title)
        .bind(&self.q_valid)
        .bind(&self.q_total)
        .bind(&self.q_cost)
        .bind(&self.q_by)
        .bind(&self.q_updated)
        .bind(&self.q_row_version)
        .bind(&self.q_submitted_at)
        .bind(&self.q_margin)
        .bind(&self.q_role)
        .bind(&self.q_head)
        .bind(&self.q_approver)
        .bind(&self.q_decided_at)
        .bind(&self.q_sent_at)
        .bind(&self.q_decision_at)
        .bind(&self.q_decision_note)
        .bind(&self.q_created)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO quote_lines (id, quote_id, position, description, quantity, unit_price, unit_cost)
             SELECT id, q, p, d, 1, pr, co
             FROM UNNEST($1::uuid[], $2::uuid[], $3::int4[], $4::text[], $5::numeric[], $6::numeric[])
                  AS t(id, q, p, d, pr, co)",
        )
        .bind(&self.ql_id)
        .bind(&self.ql_quote)
        .bind(&self.ql_pos)
        .bind(&self.ql_desc)
        .bind(&self.ql_price)
        .bind(&self.ql_cost)
        .execute(&mut *tx)
        .await?;
        self.insert_contracts(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn insert_contracts(&self, tx: &mut sqlx::PgConnection) -> DomainResult<()> {
        if self.k_id.is_empty() {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, quote_id, title,
                                    owner_id, owner_unit_id, customer_party, our_party, amount, start_date, end_date,
                                    payment_method, payment_terms_days, delivery_terms, after_sales_terms,
                                    warranty_months, status, needs_finance, submitted_by, submitted_at,
                                    finance_approved_by, finance_approved_at, director_approved_by,
                                    director_approved_at, signed_date, signed_by, accepted_date, closed_at,
                                    terminated_at, termination_reason, created_by, created_at, updated_at, version)
             SELECT id, nu, y, sq, cu, op, qu, ti, ow, un, pa, '华东智能装备有限公司', am, sd, ed, pm, td,
                    '合同生效后分批交货，送货至客户指定地点', '质保期内免费维修，7×24 小时响应', wm, st, nf,
                    CASE WHEN sa IS NULL THEN NULL ELSE ow END, sa,
                    CASE WHEN fa IS NULL THEN NULL ELSE (SELECT id FROM users WHERE primary_role = 'FINANCE' AND active ORDER BY email LIMIT 1) END, fa,
                    CASE WHEN da IS NULL THEN NULL ELSE (SELECT id FROM users WHERE primary_role = 'SALES_DIRECTOR' AND active ORDER BY email LIMIT 1) END, da,
                    sg, CASE WHEN sg IS NULL THEN NULL ELSE ow END, ac, cl, te, tr, ow, cr, up, v
             FROM UNNEST($1::uuid[], $2::text[], $3::int4[], $4::int4[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[],
                         $9::uuid[], $10::uuid[], $11::text[], $12::numeric[], $13::date[], $14::date[], $15::text[],
                         $16::int4[], $17::int4[], $18::text[], $19::bool[], $20::timestamptz[], $21::timestamptz[],
                         $22::timestamptz[], $23::date[], $24::date[], $25::timestamptz[], $26::timestamptz[],
                         $27::text[], $28::timestamptz[], $29::timestamptz[], $30::int4[])
                  AS t(id, nu, y, sq, cu, op, qu, ti, ow, un, pa, am, sd, ed, pm, td, wm, st, nf, sa, fa, da, sg, ac,
                       cl, te, tr, cr, up, v)",
        )
        .bind(&self.k_id)
        .bind(&self.k_number)
        .bind(&self.k_year)
        .bind(&self.k_seq)
        .bind(&self.k_customer)
        .bind(&self.k_opp)
        .bind(&self.k_quote)
        .bind(&self.k_title)
        .bind(&self.k_owner)
        .bind(&self.k_unit)
        .bind(&self.k_party)
        .bind(&self.k_amount)
        .bind(&self.k_start)
        .bind(&self.k_end)
        .bind(&self.k_method)
        .bind(&self.k_terms)
        .bind(&self.k_warranty)
        .bind(&self.k_status)
        .bind(&self.k_needs_finance)
        .bind(&self.k_submitted_at)
        .bind(&self.k_finance_at)
        .bind(&self.k_director_at)
        .bind(&self.k_signed)
        .bind(&self.k_accepted)
        .bind(&self.k_closed_at)
        .bind(&self.k_terminated_at)
        .bind(&self.k_termination)
        .bind(&self.k_created)
        .bind(&self.k_updated)
        .bind(&self.k_version)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, offset_days, due_date)
             SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::int4[], $4::text[], $5::numeric[], $6::text[],
                                  $7::int4[], $8::date[])",
        )
        .bind(&self.n_id)
        .bind(&self.n_contract)
        .bind(&self.n_pos)
        .bind(&self.n_label)
        .bind(&self.n_amount)
        .bind(&self.n_trigger)
        .bind(&self.n_offset)
        .bind(&self.n_due)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO orders (id, number, customer_id, contract_id, owner_id, owner_unit_id, status, required_date,
                                 promised_date, expected_date, delivery_place, packaging, shipping_method,
                                 total_amount, confirmed_by, confirmed_at, delivered_at, created_by, created_at,
                                 updated_at, version)
             SELECT id, nu, cu, co, ow, un, st, rq, pr, ex, '客户工厂', '木箱包装', '汽运', ta, cb, ca, da, ow, cr, up, v
             FROM UNNEST($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[],
                         $8::date[], $9::date[], $10::date[], $11::numeric[], $12::uuid[], $13::timestamptz[],
                         $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::int4[])
                  AS t(id, nu, cu, co, ow, un, st, rq, pr, ex, ta, cb, ca, da, cr, up, v)",
        )
        .bind(&self.or_id)
        .bind(&self.or_number)
        .bind(&self.or_customer)
        .bind(&self.or_contract)
        .bind(&self.or_owner)
        .bind(&self.or_unit)
        .bind(&self.or_status)
        .bind(&self.or_required)
        .bind(&self.or_promised)
        .bind(&self.or_expected)
        .bind(&self.or_total)
        .bind(&self.or_confirmed_by)
        .bind(&self.or_confirmed_at)
        .bind(&self.or_delivered_at)
        .bind(&self.or_created)
        .bind(&self.or_updated)
        .bind(&self.or_version)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO order_lines (id, order_id, position, product, quantity, unit_price, shipped_qty)
             SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::int4[], $4::text[], $5::numeric[], $6::numeric[],
                                  $7::numeric[])",
        )
        .bind(&self.ol_id)
        .bind(&self.ol_order)
        .bind(&self.ol_pos)
        .bind(&self.ol_product)
        .bind(&self.ol_qty)
        .bind(&self.ol_price)
        .bind(&self.ol_shipped)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO shipments (id, number, order_id, shipped_date, carrier, tracking_no, amount, delivered_date,
                                    created_by, created_at)
             SELECT id, nu, o, d, ca, 'SF' || substr(replace(id::text, '-', ''), 1, 12), am, dd, b, cr
             FROM UNNEST($1::uuid[], $2::text[], $3::uuid[], $4::date[], $5::text[], $6::numeric[], $7::date[],
                         $8::uuid[], $9::timestamptz[]) AS t(id, nu, o, d, ca, am, dd, b, cr)",
        )
        .bind(&self.s_id)
        .bind(&self.s_number)
        .bind(&self.s_order)
        .bind(&self.s_date)
        .bind(&self.s_carrier)
        .bind(&self.s_amount)
        .bind(&self.s_delivered)
        .bind(&self.s_by)
        .bind(&self.s_created)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO shipment_lines (shipment_id, order_line_id, quantity)
             SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::numeric[])",
        )
        .bind(&self.sl_shipment)
        .bind(&self.sl_line)
        .bind(&self.sl_qty)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO contract_milestones (id, contract_id, position, name, planned_date, actual_date, percent_done,
                                              updated_at, version)
             SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::int4[], $4::text[], $5::date[], $6::date[], $7::int2[],
                                  $8::timestamptz[], $9::int4[])",
        )
        .bind(&self.m_id)
        .bind(&self.m_contract)
        .bind(&self.m_pos)
        .bind(&self.m_name)
        .bind(&self.m_planned)
        .bind(&self.m_actual)
        .bind(&self.m_percent)
        .bind(&self.m_updated)
        .bind(&self.m_version)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO contract_acceptances (id, contract_id, accepted_on, result, report, issues, recorded_by,
                                               recorded_at)
             SELECT id, c, d, r, CASE r WHEN 'PASSED' THEN '设备运行稳定，各项指标达到合同要求，验收通过'
                                        ELSE '现场验收发现问题，待整改' END, i, b, t
             FROM UNNEST($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::text[], $6::uuid[], $7::timestamptz[])
                  AS x(id, c, d, r, i, b, t)",
        )
        .bind(&self.a_id)
        .bind(&self.a_contract)
        .bind(&self.a_on)
        .bind(&self.a_result)
        .bind(&self.a_issues)
        .bind(&self.a_by)
        .bind(&self.a_at)
        .execute(&mut *tx)
        .await?;
        Ok(())
    }
}
