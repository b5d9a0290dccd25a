//! GraphQL object types of the ORG context.

use crate::schema::common::id;
use crate::schema::org::loaders::org_loaders;
use async_graphql::{ComplexObject, Context, Enum, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::audit::AuditEntry;
use salesd_domain::org::auth::ApiToken;
use salesd_domain::org::rules::DirectHead;
use salesd_domain::org::{self, OrgUnit, Person, User};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// ORG-2 roles.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::org::Role")]
pub enum Role {
    Admin,
    GeneralManager,
    SalesDirector,
    SalesManager,
    Supervisor,
    SalesRep,
    KeyAccountManager,
    SalesAssistant,
    Finance,
    CustomerService,
    TechSupport,
    Marketing,
}

/// ORG-1 levels of the unit tree.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::org::UnitKind")]
pub enum UnitKind {
    Company,
    Department,
    Region,
    Team,
}

/// The language of a person's emails and screens.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::org::Locale")]
pub enum Locale {
    ZhCn,
    En,
}

/// A colleague as the company directory shows them: visible to everyone.
pub struct PersonNode(pub Person);

#[Object(name = "Person")]
impl PersonNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
}

pub async fn person(ctx: &Context<'_>, user: Option<Uuid>) -> ApiResult<Option<PersonNode>> {
    let Some(user) = user else { return Ok(None) };
    Ok(org_loaders(ctx)
        .persons
        .load_one(user)
        .await?
        .map(PersonNode))
}

/// A person's record (ORG-2), visible within the caller's scope (ORG-3).
pub struct UserNode(pub User);

#[Object(name = "User")]
impl UserNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn primary_role(&self) -> Role {
        self.0.primary_role().into()
    }
    /// The primary role followed by the extra ones.
    async fn roles(&self) -> Vec<Role> {
        self.0.roles().into_iter().map(Role::from).collect()
    }
    async fn is_trainee(&self) -> bool {
        self.0.is_trainee
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn locale(&self) -> Locale {
        self.0
            .locale
            .parse::<org::Locale>()
            .unwrap_or(org::Locale::ZhCn)
            .into()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }
    /// Pass it back to update the record; a stale one is refused (CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<OrgUnitNode> {
        org_loaders(ctx)
            .units
            .load_one(self.0.unit_id)
            .await?
            .map(OrgUnitNode)
            .ok_or_else(|| ApiError::internal(&"user without unit"))
    }
    /// ORG-5: the head of their unit, or of the parent unit for a head;
    /// null at the top of the company, or when that unit has no head (see
    /// `directHeadVacantUnit`).
    async fn direct_head(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        let head = match org_loaders(ctx).org5_heads.load_one(self.0.id).await? {
            Some(DirectHead::Head(h)) => Some(h),
            _ => None,
        };
        person(ctx, head).await
    }
    /// ORG-1: the unit whose head would be this person's direct head, when
    /// it has none — approvals that need that head are refused until one is
    /// appointed.
    async fn direct_head_vacant_unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let Some(DirectHead::Vacant(unit)) =
            org_loaders(ctx).org5_heads.load_one(self.0.id).await?
        else {
            return Ok(None);
        };
        Ok(org_loaders(ctx)
            .units
            .load_one(unit)
            .await?
            .map(OrgUnitNode))
    }
}

/// A unit of the organisation tree (ORG-1).
pub struct OrgUnitNode(pub OrgUnit);

#[Object(name = "OrgUnit")]
impl OrgUnitNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> UnitKind {
        self.0.kind().into()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn head(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.head_user_id).await
    }
    /// ORG-1: every unit has a head; true while this one has none.
    async fn head_vacant(&self) -> bool {
        self.0.head_user_id.is_none()
    }
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let Some(p) = self.0.parent_id else {
            return Ok(None);
        };
        Ok(org_loaders(ctx).units.load_one(p).await?.map(OrgUnitNode))
    }
    /// Sub-units by name (inactive ones included; see `active`).
    async fn children(&self, ctx: &Context<'_>) -> ApiResult<Vec<OrgUnitNode>> {
        let kids = org_loaders(ctx)
            .children
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(kids.into_iter().map(OrgUnitNode).collect())
    }
}

/// One changed field of an audited change (ORG-4).
#[derive(SimpleObject)]
pub struct FieldChange {
    pub field: String,
    pub old: Json<serde_json::Value>,
    pub new: Json<serde_json::Value>,
}

/// Which kind of record an audit trail belongs to.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum AuditEntity {
    User,
    OrgUnit,
    ApiToken,
    /// CUS-5
    Interaction,
    /// AUTO-1 follow-up task
    FollowUp,
    /// CUS-8 survey
    Satisfaction,
    /// CUS-9
    Complaint,
    /// KA-1, KA-2 admission application
    KaApplication,
    /// KA-3 annual plan
    KaPlan,
    /// KA-4 quarterly evaluation
    KaEvaluation,
    /// CUS-1 customer
    Customer,
    /// CUS-1 contact person
    Contact,
    /// CUS-3 ownership dispute
    OwnershipDispute,
    /// CUS-1 request for another grade
    CustomerGradeRequest,
    /// AUTO-6 outbox notification (operator retries and cancellations; ADMIN)
    Notification,
    /// PIP-2 opportunity
    Opportunity,
    /// PIP-1 lead
    Lead,
    /// PIP-6 quote
    Quote,
    /// PIP-3 evaluation
    Evaluation,
    /// PIP-4 initiation application
    Initiation,
    /// PIP-5 requirements report
    RequirementsReport,
    /// PIP-7 negotiation record
    Negotiation,
    /// PIP-7 competitor note
    Competitor,
    /// PIP-7 tender
    Tender,
    /// CON-1, CON-2 contract
    Contract,
    /// CON-3 order
    Order,
    /// CON-5 shipment (delivery note)
    Shipment,
    /// CON-6 project milestone
    Milestone,
    /// CON-7 acceptance
    Acceptance,
    /// CON-9 after-sales request
    AfterSales,
    /// REC-2 invoice
    Invoice,
    /// REC-2 receipt
    Receipt,
    /// REC-9 a rep's declaration of money collected in person
    CashCollection,
    /// REC-1 manual ledger entry (adjustment, write-off)
    LedgerEntry,
    /// REC-6 promise-to-pay date
    PromiseToPay,
    /// REC-6 payment dispute
    PaymentDispute,
    /// REC-5 on-demand statement run (one trail per month)
    StatementRun,
    /// TGT-1 target
    Target,
    /// TGT-5 business calendar day (one trail per date)
    CalendarDay,
    /// TGT-3 sales plan (visit and activity plan of a week)
    SalesPlan,
    /// TGT-4 daily work log
    WorkLog,
    /// TGT-4 weekly report
    WeeklyReport,
    /// TGT-4 monthly summary
    MonthlySummary,
    /// KPI-2 assessment scheme
    AssessmentScheme,
    /// KPI-3 assessment period (runs and finalisation)
    AssessmentPeriod,
    /// KPI-5 underperformance flag
    AssessmentFlag,
}

impl AuditEntity {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditEntity::User => "USER",
            AuditEntity::OrgUnit => "ORG_UNIT",
            AuditEntity::ApiToken => "API_TOKEN",
            AuditEntity::Interaction => "INTERACTION",
            AuditEntity::FollowUp => "FOLLOW_UP",
            AuditEntity::Satisfaction => "SATISFACTION",
            AuditEntity::Complaint => "COMPLAINT",
            AuditEntity::KaApplication => "KA_APPLICATION",
            AuditEntity::KaPlan => "KA_PLAN",
            AuditEntity::KaEvaluation => "KA_EVALUATION",
            AuditEntity::CustomerGradeRequest => "CUSTOMER_GRADE_REQUEST",
            AuditEntity::Customer => "CUSTOMER",
            AuditEntity::Opportunity => "OPPORTUNITY",
            AuditEntity::Lead => "LEAD",
            AuditEntity::Quote => "QUOTE",
            AuditEntity::Evaluation => "EVALUATION",
            AuditEntity::Initiation => "INITIATION",
            AuditEntity::RequirementsReport => "REQUIREMENTS_REPORT",
            AuditEntity::Negotiation => "NEGOTIATION",
            AuditEntity::Competitor => "COMPETITOR",
            AuditEntity::Tender => "TENDER",
            AuditEntity::Contract => "CONTRACT",
            AuditEntity::Order => "ORDER",
            AuditEntity::Shipment => "SHIPMENT",
            AuditEntity::Milestone => "MILESTONE",
            AuditEntity::Acceptance => "ACCEPTANCE",
            AuditEntity::AfterSales => "AFTER_SALES",
            AuditEntity::Invoice => "INVOICE",
            AuditEntity::Receipt => "RECEIPT",
            AuditEntity::CashCollection => "CASH_COLLECTION",
            AuditEntity::LedgerEntry => "LEDGER_ENTRY",
            AuditEntity::PromiseToPay => "PROMISE_TO_PAY",
            AuditEntity::PaymentDispute => "PAYMENT_DISPUTE",
            AuditEntity::StatementRun => "STATEMENT_RUN",
            AuditEntity::Target => "TARGET",
            AuditEntity::CalendarDay => "CALENDAR_DAY",
            AuditEntity::SalesPlan => "SALES_PLAN",
            AuditEntity::WorkLog => "WORK_LOG",
            AuditEntity::WeeklyReport => "WEEKLY_REPORT",
            AuditEntity::MonthlySummary => "MONTHLY_SUMMARY",
            AuditEntity::AssessmentScheme => "ASSESSMENT_SCHEME",
            AuditEntity::AssessmentPeriod => "ASSESSMENT_PERIOD",
            AuditEntity::AssessmentFlag => "ASSESSMENT_FLAG",
            AuditEntity::Contact => "CONTACT",
            AuditEntity::OwnershipDispute => "OWNERSHIP_DISPUTE",
            AuditEntity::Notification => "NOTIFICATION",
        }
    }
}

/// One audited change: who, when, what, in which request (ORG-4).
pub struct AuditEntryNode(pub AuditEntry);

#[Object(name = "AuditEntry")]
impl AuditEntryNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// The acting user; null for an API token or the system.
    async fn actor(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.actor_id).await
    }
    async fn actor_label(&self) -> &str {
        &self.0.actor_label
    }
    async fn entity(&self) -> &str {
        &self.0.entity
    }
    async fn entity_id(&self) -> ID {
        id(self.0.entity_id)
    }
    async fn action(&self) -> &str {
        &self.0.action
    }
    async fn changes(&self) -> Vec<FieldChange> {
        self.0
            .changes
            .0
            .iter()
            .map(|c| FieldChange {
                field: c.field.clone(),
                old: Json(c.old.clone()),
                new: Json(c.new.clone()),
            })
            .collect()
    }
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
}

/// A read-only token for a dashboard app.
#[derive(SimpleObject)]
#[graphql(complex, name = "ApiToken")]
pub struct ApiTokenNode {
    pub id: ID,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    pub unit_id: Option<Uuid>,
    #[graphql(skip)]
    pub created_by: Uuid,
}

#[ComplexObject]
impl ApiTokenNode {
    /// The unit subtree the token may read; null: the whole company.
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let Some(u) = self.unit_id else {
            return Ok(None);
        };
        Ok(org_loaders(ctx).units.load_one(u).await?.map(OrgUnitNode))
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.created_by)).await
    }
}

impl From<ApiToken> for ApiTokenNode {
    fn from(t: ApiToken) -> Self {
        Self {
            id: id(t.id),
            name: t.name,
            created_at: t.created_at,
            revoked_at: t.revoked_at,
            last_used_at: t.last_used_at,
            unit_id: t.unit_id,
            created_by: t.created_by,
        }
    }
}
