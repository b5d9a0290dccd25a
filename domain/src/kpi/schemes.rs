//! KPI-2: assessment schemes per role — KPIs with weights summing to 100,
//! a target each (fixed, or the person's TGT-1 target of the period) and
//! the KPI-4 commission rate. One scheme per role; the director (and the
//! general manager, and admins) set them; everyone signed in reads them.
//! A change replaces the scheme's KPIs as a whole (docs/assessments.md).

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{Basis, Kpi};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::{Actor, Role};

/// Audit entity of schemes (CREATE, UPDATE).
pub const ASSESSMENT_SCHEME: &str = "ASSESSMENT_SCHEME";

/// The roles a scheme may be set for: the people who sell or lead sellers.
pub const ASSESSED_ROLES: [Role; 4] = [
    Role::SalesRep,
    Role::KeyAccountManager,
    Role::Supervisor,
    Role::SalesManager,
];

/// Who edits schemes, runs and finalises assessments and sees the flags.
pub const DIRECTORS: [Role; 3] = [Role::SalesDirector, Role::GeneralManager, Role::Admin];

/// Longest scheme name (characters).
pub const MAX_NAME: usize = 200;

/// One KPI of a scheme as given.
#[derive(Clone, Debug, Serialize)]
pub struct SchemeKpiInput {
    pub kpi: Kpi,
    pub weight: Decimal,
    /// None: the TGT-1 target of the period for the KPI's metric (the
    /// person's, or with basis UNIT the unit's).
    pub target: Option<Decimal>,
    /// Whose facts: the person's own or their unit's (KPI-2).
    pub basis: Basis,
}

/// `setAssessmentScheme`. `version`: the version read to change an
/// existing scheme; None to create one.
#[derive(Clone, Debug)]
pub struct SchemeInput {
    pub role: Role,
    pub name: String,
    pub commission_rate: Decimal,
    pub kpis: Vec<SchemeKpiInput>,
    pub version: Option<i32>,
}

/// A stored KPI of a scheme.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct SchemeKpi {
    pub kpi: String,
    pub position: i16,
    pub weight: Decimal,
    pub target: Option<Decimal>,
    /// OWN or UNIT.
    pub basis: String,
}

impl SchemeKpi {
    pub fn kpi(&self) -> Kpi {
        self.kpi.parse().unwrap_or(Kpi::SignedRevenue)
    }

    pub fn basis(&self) -> Basis {
        self.basis.parse().unwrap_or(Basis::Own)
    }
}

/// A stored scheme with its KPIs (in position order).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Scheme {
    pub id: Uuid,
    pub role: crate::org::Role,
    pub name: String,
    pub commission_rate: Decimal,
    pub version: i32,
    pub created_by: Option<Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_by: Option<Uuid>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    #[sqlx(skip)]
    pub kpis: Vec<SchemeKpi>,
}

/// Whether the actor is a director, the general manager or an admin (and
/// not a read-only token).
pub fn is_director(actor: &Actor) -> bool {
    !actor.read_only && actor.has_any(&DIRECTORS)
}

pub(crate) fn require_director(actor: &Actor, what: &str) -> DomainResult<()> {
    if is_director(actor) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!(
            "{what}: only the sales director, the general manager and admins"
        )))
    }
}

/// KPI-2 validation of a scheme (nothing is stored when it fails).
pub fn check(input: &SchemeInput) -> DomainResult<(String, Vec<SchemeKpiInput>)> {
    fn v(field: impl Into<String>, message: impl Into<String>) -> DomainError {
        DomainError::validation(field, message)
    }
    if !ASSESSED_ROLES.contains(&input.role) {
        return Err(v(
            "role",
            format!(
                "schemes are set for SALES_REP, KEY_ACCOUNT_MANAGER, SUPERVISOR and SALES_MANAGER, not {}",
                input.role
            ),
        ));
    }
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(v("name", format!("must be 1 to {MAX_NAME} characters")));
    }
    let rate = input.commission_rate;
    if rate < Decimal::ZERO || rate > Decimal::ONE || rate.normalize().scale() > 6 {
        return Err(v(
            "commissionRate",
            "a fraction from 0 to 1 (0.02 = 2 %) with at most 6 places",
        ));
    }
    if input.kpis.is_empty() {
        return Err(v("kpis", "a scheme needs at least one KPI"));
    }
    let mut seen = HashSet::new();
    let mut sum = Decimal::ZERO;
    for (i, k) in input.kpis.iter().enumerate() {
        let at = |f: &str| format!("kpis.{i}.{f}");
        if !seen.insert(k.kpi) {
            return Err(v(at("kpi"), format!("{} appears twice", k.kpi)));
        }
        if k.weight <= Decimal::ZERO
            || k.weight > Decimal::ONE_HUNDRED
            || k.weight.normalize().scale() > 2
        {
            return Err(v(
                at("weight"),
                "a weight is above 0, at most 100, 2 places",
            ));
        }
        sum += k.weight;
        match k.target {
            None if k.kpi.target_metric().is_none() => {
                return Err(v(
                    at("target"),
                    format!("{} has no TGT-1 target: give a fixed target", k.kpi),
                ));
            }
            Some(t) if t < Decimal::ZERO => {
                return Err(v(at("target"), "a target must not be negative"));
            }
            Some(t) if t.is_zero() && k.kpi.direction() == super::Direction::HigherIsBetter => {
                return Err(v(
                    at("target"),
                    format!(
                        "{} is higher-is-better: a target of 0 cannot be scored",
                        k.kpi
                    ),
                ));
            }
            Some(t)
                if t.normalize().scale() > 4 || t >= Decimal::from(10_000_000_000_000_000i64) =>
            {
                return Err(v(at("target"), "at most 4 places and below 10^16"));
            }
            _ => {}
        }
    }
    if sum != Decimal::ONE_HUNDRED {
        return Err(v("kpis", format!("the weights add up to {sum}, not 100")));
    }
    Ok((name, input.kpis.clone()))
}

/// The schemes, by role.
pub async fn list_schemes(pool: &PgPool) -> DomainResult<Vec<Scheme>> {
    let mut schemes: Vec<Scheme> = sqlx::query_as("SELECT * FROM assessment_schemes ORDER BY role")
        .fetch_all(pool)
        .await?;
    let kpis: Vec<(Uuid, SchemeKpi)> = scheme_kpis(pool).await?;
    for s in &mut schemes {
        s.kpis = kpis
            .iter()
            .filter(|(id, _)| *id == s.id)
            .map(|(_, k)| k.clone())
            .collect();
    }
    Ok(schemes)
}

/// Every scheme's KPIs with their scheme, in position order.
pub(crate) async fn scheme_kpis<'c>(
    conn: impl sqlx::PgExecutor<'c>,
) -> DomainResult<Vec<(Uuid, SchemeKpi)>> {
    let rows: Vec<(Uuid, String, i16, Decimal, Option<Decimal>, String)> = sqlx::query_as(
        "SELECT scheme_id, kpi, position, weight, target, basis FROM assessment_scheme_kpis
          ORDER BY scheme_id, position",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(s, kpi, position, weight, target, basis)| {
            let k = SchemeKpi {
                kpi,
                position,
                weight,
                target,
                basis,
            };
            (s, k)
        })
        .collect())
}

async fn load_kpis(conn: &mut PgConnection, scheme: Uuid) -> DomainResult<Vec<SchemeKpi>> {
    Ok(sqlx::query_as(
        "SELECT kpi, position, weight, target, basis FROM assessment_scheme_kpis WHERE scheme_id = $1 ORDER BY position",
    )
    .bind(scheme)
    .fetch_all(conn)
    .await?)
}

async fn write_kpis(
    conn: &mut PgConnection,
    scheme: Uuid,
    kpis: &[SchemeKpiInput],
) -> DomainResult<()> {
    sqlx::query("DELETE FROM assessment_scheme_kpis WHERE scheme_id = $1")
        .bind(scheme)
        .execute(&mut *conn)
        .await?;
    let names: Vec<&str> = kpis.iter().map(|k| k.kpi.as_str()).collect();
    let positions: Vec<i16> = (1..=kpis.len() as i16).collect();
    let weights: Vec<Decimal> = kpis.iter().map(|k| k.weight).collect();
    let targets: Vec<Option<Decimal>> = kpis.iter().map(|k| k.target).collect();
    let bases: Vec<&str> = kpis.iter().map(|k| k.basis.as_str()).collect();
    sqlx::query(
        "INSERT INTO assessment_scheme_kpis (scheme_id, kpi, position, weight, target, basis)
         SELECT $1, * FROM UNNEST($2::text[], $3::smallint[], $4::numeric[], $5::numeric[], $6::text[])",
    )
    .bind(scheme)
    .bind(&names)
    .bind(&positions)
    .bind(&weights)
    .bind(&targets)
    .bind(&bases)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// KPI-2 `setAssessmentScheme`: creates the role's scheme (without
/// `version`) or replaces its name, rate and KPIs as a whole (with the
/// version read). FORBIDDEN for anyone but director / GM / admin;
/// VALIDATION per [`check`]; the stale error for a version that is not
/// the stored one or a create of a role that has a scheme. Audited
/// ASSESSMENT_SCHEME CREATE / UPDATE with the KPIs before and after.
pub async fn set_scheme(pool: &PgPool, ctx: &Ctx, input: SchemeInput) -> DomainResult<Scheme> {
    require_director(&ctx.actor, "assessment schemes are set")?;
    let (name, kpis) = check(&input)?;
    let mut tx = pool.begin().await?;
    let old: Option<Scheme> =
        sqlx::query_as("SELECT * FROM assessment_schemes WHERE role = $1 FOR UPDATE")
            .bind(input.role.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let mut new: Scheme = match (&old, input.version) {
        (Some(o), Some(v)) if o.version == v => sqlx::query_as(
            "UPDATE assessment_schemes SET name = $2, commission_rate = $3, version = version + 1,
                        updated_by = $4, updated_at = $5 WHERE id = $1 RETURNING *",
        )
        .bind(o.id)
        .bind(&name)
        .bind(input.commission_rate)
        .bind(ctx.actor.user_id)
        .bind(ctx.now)
        .fetch_one(&mut *tx)
        .await?,
        (None, None) => {
            let r = insert(&mut tx, ctx, input.role, &name, input.commission_rate).await;
            match r {
                Ok(s) => s,
                Err(DomainError::Conflict { .. }) => {
                    return Err(DomainError::stale("assessment scheme"));
                }
                Err(e) => return Err(e),
            }
        }
        _ => return Err(DomainError::stale("assessment scheme")),
    };
    let before = match &old {
        Some(o) => load_kpis(&mut tx, o.id).await?,
        None => Vec::new(),
    };
    write_kpis(&mut tx, new.id, &kpis).await?;
    new.kpis = load_kpis(&mut tx, new.id).await?;
    let (action, changes) = match old {
        None => ("CREATE", audit::created(&new)),
        Some(mut o) => {
            o.kpis = before;
            ("UPDATE", audit::diff(&o, &new))
        }
    };
    audit::record(&mut tx, ctx, ASSESSMENT_SCHEME, new.id, action, &changes).await?;
    tx.commit().await?;
    Ok(new)
}

async fn insert(
    conn: &mut PgConnection,
    ctx: &Ctx,
    role: Role,
    name: &str,
    rate: Decimal,
) -> DomainResult<Scheme> {
    let r = sqlx::query_as(
        "INSERT INTO assessment_schemes (id, role, name, commission_rate, created_by, created_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5, $6) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(role.as_str())
    .bind(name)
    .bind(rate)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .fetch_one(conn)
    .await;
    match r {
        Ok(s) => Ok(s),
        Err(e) if unique_violation(&e).is_some() => {
            Err(DomainError::conflict("the role has a scheme"))
        }
        Err(e) => Err(e.into()),
    }
}

/// The default schemes of docs/assessments.md, by role: reps and key
/// account managers on their own facts, supervisors and sales managers on
/// their unit's (KPI-2).
pub fn default_schemes() -> Vec<(Role, &'static str, Decimal, Vec<SchemeKpiInput>)> {
    let d = |n: i64, s: u32| Decimal::new(n, s);
    let k = |kpi: Kpi, weight: i64, target: Option<Decimal>| SchemeKpiInput {
        kpi,
        weight: Decimal::from(weight),
        target,
        basis: Basis::Own,
    };
    let unit = |list: Vec<SchemeKpiInput>| -> Vec<SchemeKpiInput> {
        list.into_iter()
            .map(|k| SchemeKpiInput {
                basis: Basis::Unit,
                ..k
            })
            .collect()
    };
    use Kpi::*;
    let rep = vec![
        k(SignedRevenue, 30, None),
        k(CollectionAmount, 25, None),
        k(CollectionRate, 15, Some(d(90, 2))),
        k(NewCustomers, 10, None),
        k(RevisitCompliance, 10, Some(d(95, 2))),
        k(ComplaintRate, 10, Some(d(2, 2))),
    ];
    let kam = vec![
        k(SignedRevenue, 25, None),
        k(CollectionAmount, 20, None),
        k(KeyAccountRevenueGrowth, 20, Some(d(10, 2))),
        k(RetentionRate, 15, Some(d(85, 2))),
        k(AverageSatisfaction, 10, Some(d(45, 1))),
        k(ComplaintRate, 10, Some(d(2, 2))),
    ];
    let sup = vec![
        k(SignedRevenue, 30, None),
        k(CollectionAmount, 25, None),
        k(CollectionRate, 15, Some(d(90, 2))),
        k(NewCustomers, 10, None),
        k(RetentionRate, 10, Some(d(85, 2))),
        k(ComplaintRate, 10, Some(d(2, 2))),
    ];
    let mgr = vec![
        k(SignedRevenue, 30, None),
        k(GrossProfit, 20, None),
        k(CollectionAmount, 20, None),
        k(CollectionRate, 10, Some(d(90, 2))),
        k(RetentionRate, 10, Some(d(85, 2))),
        k(ChurnRate, 10, Some(d(10, 2))),
    ];
    vec![
        (Role::SalesRep, "销售代表考核方案", d(2, 2), rep),
        (Role::KeyAccountManager, "大客户经理考核方案", d(15, 3), kam),
        (Role::Supervisor, "销售主管考核方案", d(1, 2), unit(sup)),
        (Role::SalesManager, "销售经理考核方案", d(5, 3), unit(mgr)),
    ]
}

/// Creates the default schemes (docs/assessments.md) for the roles that
/// have none; returns how many were created. Audited like a create.
pub async fn seed_default_schemes(pool: &PgPool, ctx: &Ctx) -> DomainResult<u64> {
    let mut created = 0;
    for (role, name, rate, kpis) in default_schemes() {
        let input = SchemeInput {
            role,
            name: name.to_owned(),
            commission_rate: rate,
            kpis,
            version: None,
        };
        let (name, kpis) = check(&input)?;
        let mut tx = pool.begin().await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM assessment_schemes WHERE role = $1)")
                .bind(role.as_str())
                .fetch_one(&mut *tx)
                .await?;
        if exists {
            continue;
        }
        let mut s = match insert(&mut tx, ctx, role, &name, rate).await {
            Ok(s) => s,
            Err(DomainError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        };
        write_kpis(&mut tx, s.id, &kpis).await?;
        s.kpis = load_kpis(&mut tx, s.id).await?;
        audit::record(
            &mut tx,
            ctx,
            ASSESSMENT_SCHEME,
            s.id,
            "CREATE",
            &audit::created(&s),
        )
        .await?;
        tx.commit().await?;
        created += 1;
    }
    Ok(created)
}

/// ORG-4: the trail of a scheme is visible to those who set schemes.
pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    if !actor.has_any(&DIRECTORS) {
        return Ok(false);
    }
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM assessment_schemes WHERE id = $1)")
            .bind(id)
            .fetch_one(pool)
            .await?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kpis: Vec<(Kpi, &str, Option<&str>)>) -> SchemeInput {
        SchemeInput {
            role: Role::SalesRep,
            name: "rep".into(),
            commission_rate: Decimal::new(2, 2),
            kpis: kpis
                .into_iter()
                .map(|(kpi, w, t)| SchemeKpiInput {
                    kpi,
                    weight: w.parse().unwrap(),
                    target: t.map(|t| t.parse().unwrap()),
                    basis: Basis::Own,
                })
                .collect(),
            version: None,
        }
    }

    fn field(i: &SchemeInput) -> String {
        match check(i) {
            Err(DomainError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kpi2_defaults_are_valid() {
        for (role, name, rate, kpis) in default_schemes() {
            let i = SchemeInput {
                role,
                name: name.into(),
                commission_rate: rate,
                kpis,
                version: None,
            };
            assert!(check(&i).is_ok(), "{role}");
            // KPI-2: supervisors and managers are assessed on their unit.
            let unit = matches!(role, Role::Supervisor | Role::SalesManager);
            let want = if unit { Basis::Unit } else { Basis::Own };
            assert!(i.kpis.iter().all(|k| k.basis == want), "{role}");
        }
    }

    #[test]
    fn kpi2_weights_must_sum_to_100_and_targets_must_be_scorable() {
        use Kpi::*;
        let ok = input(vec![
            (SignedRevenue, "60", None),
            (ComplaintRate, "40", Some("0")),
        ]);
        assert!(check(&ok).is_ok());
        assert_eq!(
            field(&input(vec![
                (SignedRevenue, "60", None),
                (ComplaintRate, "39.99", Some("0.02"))
            ])),
            "kpis"
        );
        assert_eq!(
            field(&input(vec![
                (SignedRevenue, "100", None),
                (ComplaintRate, "0", Some("0.02"))
            ])),
            "kpis.1.weight"
        );
        assert_eq!(
            field(&input(vec![
                (SignedRevenue, "50", None),
                (SignedRevenue, "50", None)
            ])),
            "kpis.1.kpi"
        );
        assert_eq!(
            field(&input(vec![(SignedRevenue, "100", Some("-1"))])),
            "kpis.0.target"
        );
        assert_eq!(
            field(&input(vec![(SignedRevenue, "100", Some("0"))])),
            "kpis.0.target"
        );
        assert_eq!(
            field(&input(vec![(CollectionRate, "100", None)])),
            "kpis.0.target"
        );
        assert_eq!(field(&input(vec![])), "kpis");
        let mut i = ok.clone();
        i.role = Role::Finance;
        assert_eq!(field(&i), "role");
        let mut i = ok.clone();
        i.name = " ".into();
        assert_eq!(field(&i), "name");
        i.name = "x".repeat(201);
        assert_eq!(field(&i), "name");
        let mut i = ok.clone();
        i.commission_rate = "1.01".parse().unwrap();
        assert_eq!(field(&i), "commissionRate");
        i.commission_rate = "-0.01".parse().unwrap();
        assert_eq!(field(&i), "commissionRate");
    }
}
