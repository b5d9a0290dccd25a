//! CON-6 milestones, CON-7 acceptance and CON-9 after-sales requests through
//! GraphQL, and their scans. Contracts and orders in a given state are
//! inserted with SQL (the contract and order work is tested elsewhere).

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Days, NaiveDate, Utc};
use salesd_domain::clock::company_date;
use serde_json::Value;
use uuid::Uuid;

use crate::common::TestApp;
use crate::e2e::complaints::insert_customer;

mod acceptance;
mod after_sales;
mod milestones;
mod scans;

static SEQ: AtomicU32 = AtomicU32::new(9000);

pub fn today() -> NaiveDate {
    company_date(Utc::now())
}

pub fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).unwrap()
}

pub fn days_ahead(n: u64) -> NaiveDate {
    today().checked_add_days(Days::new(n)).unwrap()
}

pub async fn uid(app: &TestApp, email: &str) -> Uuid {
    app.user_id(email).await.parse().unwrap()
}

/// A contract of a new customer, both owned by `owner`, from a new
/// opportunity of theirs, in `status` (signed 30 days ago from SIGNED on).
pub struct Fixture {
    pub customer: Uuid,
    pub opportunity: Uuid,
    pub contract: Uuid,
    pub number: String,
}

pub async fn contract(app: &TestApp, owner: &str, status: &str) -> Fixture {
    let customer: Uuid = insert_customer(app, &format!("客户-{}", Uuid::now_v7()), Some(owner))
        .await
        .parse()
        .unwrap();
    contract_of(app, customer, owner, status).await
}

pub async fn contract_of(app: &TestApp, customer: Uuid, owner: &str, status: &str) -> Fixture {
    let pool = &app.db.pool;
    let owner_id = uid(app, owner).await;
    let opportunity = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage_changed_at,
                                    created_by, created_at, updated_at)
         SELECT $1, $2, '装配线项目', u.id, u.unit_id, now(), u.id, now(), now() FROM users u WHERE u.id = $3",
    )
    .bind(opportunity)
    .bind(customer)
    .bind(owner_id)
    .execute(pool)
    .await
    .expect("opportunity");
    let seq = SEQ.fetch_add(1, Ordering::SeqCst);
    let number = format!("HT-2026-{seq}");
    let signed = !matches!(status, "DRAFT" | "IN_REVIEW" | "APPROVED");
    let contract = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, title,
                                owner_id, owner_unit_id, customer_party, our_party, amount, status,
                                signed_date, warranty_months, created_by, created_at, updated_at)
         SELECT $1, $2, 2026, $3, $4, $5, '自动化装配线改造', u.id, u.unit_id, '客户方', '华东智能装备有限公司',
                100000, $6, $7, 12, u.id, now(), now()
         FROM users u WHERE u.id = $8",
    )
    .bind(contract)
    .bind(&number)
    .bind(seq as i32)
    .bind(customer)
    .bind(opportunity)
    .bind(status)
    .bind(signed.then(|| days_ago(30)))
    .bind(owner_id)
    .execute(pool)
    .await
    .expect("contract");
    Fixture {
        customer,
        opportunity,
        contract,
        number,
    }
}

pub async fn team_member(app: &TestApp, opportunity: Uuid, email: &str, role: &str) {
    sqlx::query(
        "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, added_at)
         SELECT $1, id, $2, now() FROM users WHERE email = $3",
    )
    .bind(opportunity)
    .bind(role)
    .bind(email)
    .execute(&app.db.pool)
    .await
    .expect("team member");
}

/// An order of the contract in `status`; returns its number.
pub async fn order(app: &TestApp, f: &Fixture, status: &str) -> String {
    let id = Uuid::now_v7();
    let number = format!("SO-{}", &id.simple().to_string()[20..]);
    sqlx::query(
        "INSERT INTO orders (id, number, customer_id, contract_id, owner_id, owner_unit_id, status,
                             cancelled_reason, created_by, created_at, updated_at)
         SELECT $1, $2, c.customer_id, c.id, c.owner_id, c.owner_unit_id, $3,
                CASE WHEN $3 = 'CANCELLED' THEN 'x' END, c.owner_id, now(), now()
         FROM contracts c WHERE c.id = $4",
    )
    .bind(id)
    .bind(&number)
    .bind(status)
    .bind(f.contract)
    .execute(&app.db.pool)
    .await
    .expect("order");
    number
}

/// A row of a table as JSON, to compare before and after a refused change.
pub async fn row(app: &TestApp, table: &'static str, id: Uuid) -> Value {
    let sql = match table {
        "contracts" => "SELECT to_jsonb(t) FROM contracts t WHERE t.id = $1",
        "contract_milestones" => "SELECT to_jsonb(t) FROM contract_milestones t WHERE t.id = $1",
        "after_sales_requests" => "SELECT to_jsonb(t) FROM after_sales_requests t WHERE t.id = $1",
        other => panic!("no row helper for {other}"),
    };
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("row")
}

pub async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}
