//! Organisation types (ORG-1, ORG-2).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::error::DomainError;
use crate::versioned::versioned;

pub(crate) use crate::enums::text_enum;

text_enum! {
    /// ORG-2 roles. A user has one primary role and may hold extra ones.
    Role {
        Admin => "ADMIN",
        GeneralManager => "GENERAL_MANAGER",
        SalesDirector => "SALES_DIRECTOR",
        SalesManager => "SALES_MANAGER",
        Supervisor => "SUPERVISOR",
        SalesRep => "SALES_REP",
        KeyAccountManager => "KEY_ACCOUNT_MANAGER",
        SalesAssistant => "SALES_ASSISTANT",
        Finance => "FINANCE",
        CustomerService => "CUSTOMER_SERVICE",
        TechSupport => "TECH_SUPPORT",
        Marketing => "MARKETING",
    }
}

text_enum! {
    /// ORG-1 levels of the unit tree.
    UnitKind {
        Company => "COMPANY",
        Department => "DEPARTMENT",
        Region => "REGION",
        Team => "TEAM",
    }
}

text_enum! {
    /// The language of a person's emails and screens.
    Locale {
        ZhCn => "zh-CN",
        En => "en",
    }
}

/// A person who works for the company (ORG-2).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub unit_id: Uuid,
    #[sqlx(try_from = "String")]
    pub primary_role: RoleText,
    pub extra_roles: Vec<String>,
    pub is_trainee: bool,
    pub phone: Option<String>,
    pub locale: String,
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(User);

/// A role read from the database (always one of [`Role`]; the column is
/// constrained by the writes of this crate).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct RoleText(pub Role);

impl TryFrom<String> for RoleText {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, DomainError> {
        s.parse().map(RoleText)
    }
}

impl User {
    pub fn primary_role(&self) -> Role {
        self.primary_role.0
    }

    /// The primary role followed by the extra ones, without repeats.
    pub fn roles(&self) -> Vec<Role> {
        let mut roles = vec![self.primary_role.0];
        for r in self
            .extra_roles
            .iter()
            .filter_map(|r| r.parse::<Role>().ok())
        {
            if !roles.contains(&r) {
                roles.push(r);
            }
        }
        roles
    }
}

/// A unit of the organisation tree (ORG-1).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OrgUnit {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub kind: String,
    pub head_user_id: Option<Uuid>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(OrgUnit);

impl OrgUnit {
    pub fn kind(&self) -> UnitKind {
        self.kind.parse().unwrap_or(UnitKind::Team)
    }
}

/// A directory entry: what every colleague may know of a person.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: Uuid,
    pub display_name: String,
}
