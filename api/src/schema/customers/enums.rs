//! GraphQL enums of customers and ownership (CUS-1..4).

use async_graphql::Enum;

/// CUS-1 grade (战略/重要/一般).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::Grade")]
pub enum Grade {
    Strategic,
    Important,
    General,
}

/// CUS-1 tier by purchase potential, frequency and credit.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::Tier")]
pub enum Tier {
    A,
    B,
    C,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::SizeClass")]
pub enum SizeClass {
    Large,
    Medium,
    Small,
}

/// Where the customer came from.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(
    remote = "salesd_domain::customers::model::Source",
    name = "CustomerSource"
)]
pub enum Source {
    Exhibition,
    Web,
    Referral,
    Partner,
    Tender,
    ColdCall,
    Other,
}

/// Lifecycle status.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::CustomerStatus")]
pub enum CustomerStatus {
    Potential,
    Active,
    Dormant,
    Lost,
}

/// KA-2 relationship class of a key account.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::KaClass")]
pub enum KaClass {
    StrategicPartner,
    Important,
    General,
}

/// Why a customer's owner changed (CUS-3, CUS-4).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum OwnerChangeReason {
    Created,
    Claimed,
    Released,
    Transferred,
    Dispute,
    Reclaimed,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum DisputeStatus {
    Open,
    Decided,
}
