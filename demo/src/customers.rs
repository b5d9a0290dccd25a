//! Demo customers for `salesd demo --customers N`: realistic names, valid
//! credit codes, grades and tiers, owners among the reps (some in the
//! public pool), contacts, a year of interactions (some revisits overdue,
//! some pool candidates), complaints in each state and key-account
//! applications at each step. Inserted in batches with UNNEST so 100 000
//! customers load in seconds.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sqlx::PgPool;
use uuid::Uuid;

use salesd_domain::customers::credit_code::with_check_char;
use salesd_domain::customers::model::normalize_name;
use salesd_domain::error::DomainResult;

const CITIES: &[&str] = &[
    "上海", "杭州", "苏州", "南京", "宁波", "广州", "深圳", "东莞", "佛山", "厦门",
];
const WORDS: &[&str] = &[
    "华东", "恒信", "永盛", "宏达", "天成", "瑞丰", "金桥", "明辉", "新元", "博远", "汇通", "嘉禾",
    "鼎力", "晨光", "中联",
];
const TRADES: &[(&str, &str)] = &[
    ("机械", "装备制造"),
    ("电子", "电子"),
    ("化工", "化工"),
    ("建设", "建筑"),
    ("医疗器械", "医疗"),
    ("物流", "物流"),
    ("能源", "能源"),
    ("汽车零部件", "汽车"),
    ("食品", "食品"),
    ("纺织", "纺织"),
];
const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "集团有限公司"];

/// Loads `count` customers owned by `reps` (id, unit) or left in the pool.
pub async fn load(
    pool: &PgPool,
    seed: u64,
    count: usize,
    reps: &[(Uuid, Uuid)],
    now: DateTime<Utc>,
) -> DomainResult<usize> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0xC05_7031);
    let mut done = 0;
    while done < count {
        let n = (count - done).min(5_000);
        let mut b = Batch::default();
        for i in 0..n {
            b.push(&mut rng, done + i, reps, now);
        }
        b.insert(pool).await?;
        done += n;
    }
    workflows(pool, now).await?;
    Ok(done)
}

/// A few records in every workflow state, on owned customers: complaints
/// in each state (one of them overdue), a key-account application waiting
/// at each step, and open follow-ups due yesterday, today, a week ago and
/// next week (so the reminder workers have something to say at once).
async fn workflows(pool: &PgPool, now: DateTime<Utc>) -> DomainResult<()> {
    let owned: Vec<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT id, owner_id FROM customers WHERE owner_id IS NOT NULL AND NOT key_account ORDER BY created_at, id LIMIT 12",
    )
    .fetch_all(pool)
    .await?;
    let complaints = [
        ("RECEIVED", "HIGH", 30, "交货延迟，影响客户生产"),
        ("RECEIVED", "LOW", 2, "发票抬头有误"),
        ("INVESTIGATING", "MEDIUM", 40, "设备运行噪音偏大"),
        ("RESOLVED", "MEDIUM", 200, "安装调试不到位"),
        ("CLOSED", "LOW", 400, "售后响应慢"),
    ];
    let mut tx = pool.begin().await?;
    for ((customer, owner), (status, severity, hours_ago, text)) in owned.iter().zip(complaints) {
        let received = now - Duration::hours(hours_ago);
        let limit = match severity {
            "HIGH" => 24,
            "MEDIUM" => 72,
            _ => 168,
        };
        let done = matches!(status, "RESOLVED" | "CLOSED");
        sqlx::query(
            "INSERT INTO complaints (id, customer_id, channel, received_at, category, severity, description, deadline_at,
                                     status, cause, solution, reply, outcome_satisfaction, resolved_at, closed_at, created_by)
             VALUES ($1, $2, 'HOTLINE', $3, '产品与服务', $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13)",
        )
        .bind(Uuid::now_v7())
        .bind(customer)
        .bind(received)
        .bind(severity)
        .bind(text)
        .bind(received + Duration::hours(limit))
        .bind(status)
        .bind(done.then_some("已查明原因并处理"))
        .bind((status == "CLOSED").then_some("已电话回复客户并致歉"))
        .bind((status == "CLOSED").then_some(4i16))
        .bind(done.then_some(received + Duration::hours(20)))
        .bind((status == "CLOSED").then_some(received + Duration::hours(30)))
        .bind(owner)
        .execute(&mut *tx)
        .await?;
    }
    for ((customer, owner), status) in
        owned
            .iter()
            .skip(5)
            .zip(["PENDING_PREREVIEW", "PENDING_APPROVAL", "REJECTED"])
    {
        sqlx::query(
            "INSERT INTO ka_applications (id, customer_id, applicant_id, cooperation_intent, expected_annual_revenue,
                                          requested_class, good_credit, clear_needs, agrees_with_offering, fits_strategy,
                                          status, rejection_reason, created_at)
             VALUES ($1, $2, $3, '计划年度集中采购，建立长期合作', 800000, 'IMPORTANT', true, true, true, true, $4, $5, $6)",
        )
        .bind(Uuid::now_v7())
        .bind(customer)
        .bind(owner)
        .bind(status)
        .bind((status == "REJECTED").then_some("预计采购额依据不足"))
        .bind(now - Duration::days(3))
        .execute(&mut *tx)
        .await?;
    }
    let today = salesd_domain::clock::company_date(now);
    for ((customer, owner), days) in owned.iter().skip(8).zip([-1i64, 0, -7, 6]) {
        sqlx::query(
            "INSERT INTO follow_up_tasks (id, customer_id, assignee_id, due_date, note, created_at)
             VALUES ($1, $2, $3, $4, '确认报价与交期', $5)",
        )
        .bind(Uuid::now_v7())
        .bind(customer)
        .bind(owner)
        .bind(today + Duration::days(days))
        .bind(now - Duration::days(10))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Default)]
struct Batch {
    id: Vec<Uuid>,
    name: Vec<String>,
    name_norm: Vec<String>,
    code: Vec<Option<String>>,
    industry: Vec<String>,
    size: Vec<String>,
    region: Vec<String>,
    source: Vec<String>,
    grade: Vec<String>,
    tier: Vec<String>,
    status: Vec<String>,
    limit: Vec<Option<Decimal>>,
    owner: Vec<Option<Uuid>>,
    unit: Vec<Option<Uuid>>,
    key_account: Vec<bool>,
    created: Vec<DateTime<Utc>>,
    h_id: Vec<Uuid>,
    i_id: Vec<Uuid>,
    i_customer: Vec<Uuid>,
    i_kind: Vec<String>,
    i_at: Vec<DateTime<Utc>>,
    i_by: Vec<Uuid>,
    i_summary: Vec<String>,
    c_id: Vec<Uuid>,
    c_customer: Vec<Uuid>,
    c_name: Vec<String>,
    c_email: Vec<String>,
    c_birthday: Vec<chrono::NaiveDate>,
    c_opt_in: Vec<bool>,
}

fn pick<'a, T>(rng: &mut StdRng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

impl Batch {
    fn push(&mut self, rng: &mut StdRng, n: usize, reps: &[(Uuid, Uuid)], now: DateTime<Utc>) {
        // Every combination of city, word and trade once; past that a
        // branch number keeps names unique at any scale.
        let combos = CITIES.len() * WORDS.len() * TRADES.len();
        let k = (n * 7919) % combos;
        let city = CITIES[k % CITIES.len()];
        let word = WORDS[(k / CITIES.len()) % WORDS.len()];
        let (trade, industry) = TRADES[k / (CITIES.len() * WORDS.len())];
        let suffix = pick(rng, SUFFIXES);
        let name = match n / combos {
            0 => format!("{city}{word}{trade}{suffix}"),
            b => format!("{city}{word}{trade}{suffix}第{b}分公司"),
        };
        let code = rng.random_ratio(9, 10).then(|| {
            let body = format!("91{:06}{:09}", rng.random_range(110_000..660_000), n);
            with_check_char(&body).unwrap_or_default()
        });
        let grade = match rng.random_range(0..100) {
            0..5 => "STRATEGIC",
            5..30 => "IMPORTANT",
            _ => "GENERAL",
        };
        let owned = !reps.is_empty() && rng.random_ratio(4, 5);
        let (owner, unit) = if owned {
            let (o, u) = *pick(rng, reps);
            (Some(o), Some(u))
        } else {
            (None, None)
        };
        let created = now - Duration::days(rng.random_range(30..730));
        // Most customers were talked to recently; some long ago (pool
        // candidates, overdue revisits); some never.
        let last = match rng.random_range(0..10) {
            0 => None,
            1..3 => Some(now - Duration::days(rng.random_range(91..300))),
            _ => Some(now - Duration::days(rng.random_range(0..90))),
        };
        self.id.push(Uuid::now_v7());
        self.h_id.push(Uuid::now_v7());
        self.name_norm.push(normalize_name(&name));
        self.name.push(name);
        self.code.push(code);
        self.industry.push(industry.to_owned());
        self.size
            .push((*pick(rng, &["LARGE", "MEDIUM", "SMALL"])).to_owned());
        self.region.push(
            if ["广州", "深圳", "东莞", "佛山", "厦门"].contains(&city) {
                "华南"
            } else {
                "华东"
            }
            .to_owned(),
        );
        self.source.push(
            (*pick(
                rng,
                &[
                    "EXHIBITION",
                    "WEB",
                    "REFERRAL",
                    "PARTNER",
                    "TENDER",
                    "COLD_CALL",
                    "OTHER",
                ],
            ))
            .to_owned(),
        );
        self.grade.push(grade.to_owned());
        self.tier
            .push((*pick(rng, &["A", "B", "B", "C", "C", "C"])).to_owned());
        self.status.push(
            (*pick(
                rng,
                &["POTENTIAL", "ACTIVE", "ACTIVE", "ACTIVE", "DORMANT", "LOST"],
            ))
            .to_owned(),
        );
        // 0 in the draw: no limit set (REC-8: the grade default applies).
        let limit = rng.random_range(0..500) * 10_000;
        self.limit.push((limit > 0).then(|| Decimal::new(limit, 0)));
        self.owner.push(owner);
        self.unit.push(unit);
        self.key_account
            .push(grade == "STRATEGIC" && owned && rng.random_ratio(1, 2));
        self.created.push(created);
        let id = *self.id.last().unwrap_or(&Uuid::nil());
        // The interactions (the database trigger keeps the customer's last
        // interaction and revisit columns): the latest at `last`, sometimes
        // an earlier one too.
        if let (Some(last), Some(by)) = (
            last.filter(|l| *l > created),
            owner.or_else(|| reps.first().map(|r| r.0)),
        ) {
            let earlier = rng
                .random_ratio(1, 2)
                .then(|| last - Duration::days(rng.random_range(20..120)));
            for at in std::iter::once(last).chain(earlier.filter(|e| *e > created)) {
                let kind = *pick(
                    rng,
                    &[
                        "VISIT", "PHONE", "PHONE", "MEETING", "EMAIL", "DEMO", "OTHER",
                    ],
                );
                self.i_id.push(Uuid::now_v7());
                self.i_customer.push(id);
                self.i_kind.push(kind.to_owned());
                self.i_at.push(at);
                self.i_by.push(by);
                self.i_summary.push(
                    (*pick(
                        rng,
                        &[
                            "了解采购计划",
                            "介绍新产品方案",
                            "跟进报价反馈",
                            "回访使用情况",
                            "商务洽谈",
                        ],
                    ))
                    .to_owned(),
                );
            }
        }
        for k in 0..rng.random_range(1..3) {
            self.c_id.push(Uuid::now_v7());
            self.c_customer.push(id);
            self.c_name.push(format!(
                "{}{}",
                pick(rng, &["王", "李", "张", "刘", "陈"]),
                pick(rng, &["经理", "总", "工", "主任"])
            ));
            self.c_email
                .push(format!("contact{n}.{k}@customer.example.com"));
            let day = now.date_naive() - Duration::days(rng.random_range(25 * 365..60 * 365));
            self.c_birthday.push(day);
            self.c_opt_in.push(rng.random_ratio(2, 3));
        }
    }

    async fn insert(&self, pool: &PgPool) -> DomainResult<()> {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "INSERT INTO customers (id, name, name_norm, credit_code, industry, size_class, region, source, grade, tier,
                                    status, credit_limit, owner_id, owner_unit_id, owned_since, key_account, ka_class,
                                    created_at, updated_at)
             SELECT id, name, name_norm, code, industry, size, region, source, grade, tier, status, lim, owner, unit,
                    CASE WHEN owner IS NULL THEN NULL ELSE created END, ka, CASE WHEN ka THEN 'IMPORTANT' END,
                    created, created
             FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                         $9::text[], $10::text[], $11::text[], $12::numeric[], $13::uuid[], $14::uuid[], $15::bool[],
                         $16::timestamptz[])
                  AS t(id, name, name_norm, code, industry, size, region, source, grade, tier, status, lim, owner, unit,
                       ka, created)",
        )
        .bind(&self.id)
        .bind(&self.name)
        .bind(&self.name_norm)
        .bind(&self.code)
        .bind(&self.industry)
        .bind(&self.size)
        .bind(&self.region)
        .bind(&self.source)
        .bind(&self.grade)
        .bind(&self.tier)
        .bind(&self.status)
        .bind(&self.limit)
        .bind(&self.owner)
        .bind(&self.unit)
        .bind(&self.key_account)
        .bind(&self.created)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO customer_owner_history (id, customer_id, owner_id, reason, at)
             SELECT h, c, o, 'CREATED', t FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS x(h, c, o, t)",
        )
        .bind(&self.h_id)
        .bind(&self.id)
        .bind(&self.owner)
        .bind(&self.created)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO contacts (id, customer_id, name, email, birthday, greeting_opt_in, is_billing)
             SELECT i, c, n, e, b, o, row_number() OVER (PARTITION BY c ORDER BY i) = 1
             FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::bool[]) AS t(i, c, n, e, b, o)",
        )
        .bind(&self.c_id)
        .bind(&self.c_customer)
        .bind(&self.c_name)
        .bind(&self.c_email)
        .bind(&self.c_birthday)
        .bind(&self.c_opt_in)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO interactions (id, customer_id, kind, occurred_at, summary, created_by, created_at)
             SELECT i, c, k, t, s, b, t
             FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::uuid[])
                  AS x(i, c, k, t, s, b)",
        )
        .bind(&self.i_id)
        .bind(&self.i_customer)
        .bind(&self.i_kind)
        .bind(&self.i_at)
        .bind(&self.i_summary)
        .bind(&self.i_by)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
