//! A deterministic demo company (seeded), reused by `salesd demo`, the tests
//! and the benchmarks; `users` scales it for load work.
//!
//! The shape: a general manager at the top; a sales department (director,
//! assistant) with two regional departments (a manager each) of two teams
//! (a supervisor each) sharing the reps; finance and customer service; an
//! admin. All demo logins share one password, hashed once.

pub mod customers;
pub mod kpi;
pub mod pipeline;
pub mod receivables;
pub mod worklog;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use salesd_domain::error::DomainResult;
use salesd_domain::org::auth::hash_password;
use salesd_domain::org::model::{Role, UnitKind};

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "salesd-demo";

#[derive(Clone, Debug)]
pub struct DemoOptions {
    pub seed: u64,
    /// How many sales reps (spread over the four teams).
    pub reps: usize,
    /// How many customers (none by default: tests build their own).
    pub customers: usize,
    /// How many opportunities, with their quotes, contracts, orders and
    /// shipments (`pipeline::demo`); on owned customers only.
    pub opportunities: usize,
    /// How many installments of generated service contracts, with a year
    /// of invoices and receipts on every receivable item
    /// (`receivables::demo`; none by default). On owned customers only.
    pub receivables_installments: usize,
    /// TGT-1 targets for the current year decomposed to every seller (one
    /// unit deliberately under-covered), the default assessment schemes and
    /// the past months and quarters of the year run and finalised
    /// (`kpi::demo`; off by default, on for `salesd demo`). Runs after the
    /// data above, which the targets are scaled to.
    pub assessments: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            seed: 20_261_122,
            reps: 20,
            customers: 0,
            opportunities: 0,
            receivables_installments: 0,
            assessments: false,
        }
    }
}

/// One demo login.
#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub unit: String,
}

/// What was loaded (or found already loaded).
#[derive(Clone, Debug)]
pub struct DemoCompany {
    pub created: bool,
    pub logins: Vec<DemoLogin>,
    pub units: Vec<(String, Uuid)>,
}

impl DemoCompany {
    pub fn unit(&self, name: &str) -> Uuid {
        self.units
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
            .unwrap_or_default()
    }

    pub fn login(&self, role: Role) -> &DemoLogin {
        self.logins
            .iter()
            .find(|l| l.role == role)
            .unwrap_or(&self.logins[0])
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "海燕", "志强",
];

struct Builder<'a> {
    tx: &'a mut PgConnection,
    rng: StdRng,
    hash: String,
    out: DemoCompany,
}

impl Builder<'_> {
    fn name(&mut self) -> String {
        let s = SURNAMES[self.rng.random_range(0..SURNAMES.len())];
        let g = GIVEN[self.rng.random_range(0..GIVEN.len())];
        format!("{s}{g}")
    }

    async fn unit(
        &mut self,
        name: &str,
        kind: UnitKind,
        parent: Option<Uuid>,
    ) -> DomainResult<Uuid> {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO org_units (id, parent_id, name, kind) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(parent)
            .bind(name)
            .bind(kind.as_str())
            .execute(&mut *self.tx)
            .await?;
        self.out.units.push((name.to_owned(), id));
        Ok(id)
    }

    /// Makes the bootstrap's root unit the demo company.
    async fn adopt_root(&mut self, root: Uuid, name: &str) -> DomainResult<Uuid> {
        sqlx::query(
            "UPDATE org_units SET name = $2, kind = 'COMPANY', version = version + 1 WHERE id = $1",
        )
        .bind(root)
        .bind(name)
        .execute(&mut *self.tx)
        .await?;
        self.out.units.push((name.to_owned(), root));
        Ok(root)
    }

    async fn user(
        &mut self,
        email: &str,
        role: Role,
        unit: Uuid,
        heads: bool,
    ) -> DomainResult<Uuid> {
        let id = Uuid::now_v7();
        let name = self.name();
        let trainee = role == Role::SalesRep && self.rng.random_ratio(1, 8);
        let phone = format!("+86 13{:09}", self.rng.random_range(0..1_000_000_000u64));
        sqlx::query(
            "INSERT INTO users (id, email, display_name, unit_id, primary_role, is_trainee, phone, password_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(email)
        .bind(&name)
        .bind(unit)
        .bind(role.as_str())
        .bind(trainee)
        .bind(phone)
        .bind(&self.hash)
        .execute(&mut *self.tx)
        .await?;
        if heads {
            sqlx::query("UPDATE org_units SET head_user_id = $1 WHERE id = $2")
                .bind(id)
                .bind(unit)
                .execute(&mut *self.tx)
                .await?;
        }
        let unit_name = self
            .out
            .units
            .iter()
            .find(|(_, u)| *u == unit)
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        self.out.logins.push(DemoLogin {
            email: email.to_owned(),
            name,
            role,
            unit: unit_name,
        });
        Ok(id)
    }
}

/// Whether the database holds only what the first-ADMIN bootstrap makes
/// (`SALESD_ADMIN_EMAIL`): at most a root unit without sub-units, only
/// ADMIN users, no customers. The demo then loads around it.
async fn only_bootstrapped(pool: &PgPool) -> DomainResult<bool> {
    Ok(sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM org_units WHERE parent_id IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM users WHERE primary_role <> 'ADMIN')
            AND NOT EXISTS (SELECT 1 FROM customers)",
    )
    .fetch_one(pool)
    .await?)
}

/// Loads the demo company unless an organisation exists already. A
/// database that holds only the bootstrap ADMIN (and its root unit) gets
/// the demo too: the root becomes the demo company, the ADMIN stays.
pub async fn load(pool: &PgPool, opts: &DemoOptions) -> DomainResult<DemoCompany> {
    let existing: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id IS NULL")
            .fetch_optional(pool)
            .await?;
    if existing.is_some() && !only_bootstrapped(pool).await? {
        return existing_company(pool).await;
    }
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))??;
    let mut tx = pool.begin().await?;
    let mut b = Builder {
        tx: &mut tx,
        rng: StdRng::seed_from_u64(opts.seed),
        hash,
        out: DemoCompany {
            created: true,
            logins: Vec::new(),
            units: Vec::new(),
        },
    };
    let company = match existing {
        Some(root) => b.adopt_root(root, "华东智能装备有限公司").await?,
        None => {
            b.unit("华东智能装备有限公司", UnitKind::Company, None)
                .await?
        }
    };
    b.user("gm@example.com", Role::GeneralManager, company, true)
        .await?;
    let admin_exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE email = 'admin@example.com')")
            .fetch_one(&mut *b.tx)
            .await?;
    if !admin_exists {
        b.user("admin@example.com", Role::Admin, company, false)
            .await?;
    }
    let sales = b
        .unit("销售部", UnitKind::Department, Some(company))
        .await?;
    b.user("director@example.com", Role::SalesDirector, sales, true)
        .await?;
    b.user("assistant@example.com", Role::SalesAssistant, sales, false)
        .await?;
    let finance = b
        .unit("财务部", UnitKind::Department, Some(company))
        .await?;
    b.user("finance@example.com", Role::Finance, finance, true)
        .await?;
    let service = b
        .unit("客服部", UnitKind::Department, Some(company))
        .await?;
    b.user("service@example.com", Role::CustomerService, service, true)
        .await?;
    // PIP-4: the technical lead of a big project's team is a support engineer.
    let tech = b
        .unit("技术支持部", UnitKind::Department, Some(company))
        .await?;
    b.user("tech@example.com", Role::TechSupport, tech, true)
        .await?;
    let mut teams = Vec::new();
    for (region, slug, team_names) in [
        ("华东区域销售部", "east", ["上海一组", "杭州二组"]),
        ("华南区域销售部", "south", ["广州一组", "深圳二组"]),
    ] {
        let r = b.unit(region, UnitKind::Region, Some(sales)).await?;
        b.user(
            &format!("manager.{slug}@example.com"),
            Role::SalesManager,
            r,
            true,
        )
        .await?;
        for (i, t) in team_names.iter().enumerate() {
            let team = b.unit(t, UnitKind::Team, Some(r)).await?;
            b.user(
                &format!("supervisor.{slug}{}@example.com", i + 1),
                Role::Supervisor,
                team,
                true,
            )
            .await?;
            teams.push(team);
        }
    }
    let mut reps = Vec::new();
    for i in 0..opts.reps {
        let team = teams[i % teams.len()];
        let email = format!("rep{:02}@example.com", i + 1);
        let id = b.user(&email, Role::SalesRep, team, false).await?;
        reps.push((id, team));
    }
    let out = b.out;
    tx.commit().await?;
    let now = chrono::Utc::now();
    if opts.customers > 0 {
        crate::customers::load(pool, opts.seed, opts.customers, &reps, now).await?;
        crate::worklog::load_demo(pool, opts.seed, &reps, now).await?;
    }
    if opts.opportunities > 0 {
        crate::pipeline::load(pool, opts.seed, opts.opportunities, now).await?;
    }
    if opts.receivables_installments > 0 {
        crate::receivables::load(pool, opts.seed, opts.receivables_installments, now).await?;
    }
    if opts.assessments {
        crate::kpi::load(pool, opts.seed, now).await?;
    }
    Ok(out)
}

async fn existing_company(pool: &PgPool) -> DomainResult<DemoCompany> {
    let units: Vec<(String, Uuid)> =
        sqlx::query_as("SELECT name, id FROM org_units ORDER BY created_at, id")
            .fetch_all(pool)
            .await?;
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT u.email, u.display_name, u.primary_role, o.name FROM users u
         JOIN org_units o ON o.id = u.unit_id WHERE u.active ORDER BY u.created_at, u.id",
    )
    .fetch_all(pool)
    .await?;
    let logins = rows
        .into_iter()
        .filter_map(|(email, name, role, unit)| {
            Some(DemoLogin {
                email,
                name,
                role: role.parse().ok()?,
                unit,
            })
        })
        .collect();
    Ok(DemoCompany {
        created: false,
        logins,
        units,
    })
}
