//! Customer types (CUS-1).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

use crate::org::model::text_enum;
use crate::versioned::versioned;

text_enum! {
    /// CUS-1 grade (战略/重要/一般).
    Grade { Strategic => "STRATEGIC", Important => "IMPORTANT", General => "GENERAL" }
}

text_enum! {
    /// CUS-1 tier by purchase potential, frequency and credit.
    Tier { A => "A", B => "B", C => "C" }
}

text_enum! {
    SizeClass { Large => "LARGE", Medium => "MEDIUM", Small => "SMALL" }
}

text_enum! {
    /// Where the customer came from.
    Source {
        Exhibition => "EXHIBITION",
        Web => "WEB",
        Referral => "REFERRAL",
        Partner => "PARTNER",
        Tender => "TENDER",
        ColdCall => "COLD_CALL",
        Other => "OTHER",
    }
}

text_enum! {
    /// Lifecycle status.
    CustomerStatus { Potential => "POTENTIAL", Active => "ACTIVE", Dormant => "DORMANT", Lost => "LOST" }
}

text_enum! {
    /// KA-2 relationship class of a key account.
    KaClass { StrategicPartner => "STRATEGIC_PARTNER", Important => "IMPORTANT", General => "GENERAL" }
}

/// A customer record (CUS-1).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Customer {
    pub id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub region: Option<String>,
    pub address: Option<String>,
    pub source: Source,
    pub grade: Grade,
    pub tier: Tier,
    pub status: CustomerStatus,
    pub credit_rating: Option<String>,
    /// REC-8: the limit set for the customer; `None`: not set (the grade
    /// default applies) or, with `credit_unlimited`, "no limit".
    pub credit_limit: Option<Decimal>,
    pub credit_unlimited: bool,
    pub owner_id: Option<Uuid>,
    pub owner_unit_id: Option<Uuid>,
    pub owned_since: Option<DateTime<Utc>>,
    pub key_account: bool,
    pub ka_class: Option<KaClass>,
    pub tags: Vec<String>,
    pub last_interaction_at: Option<DateTime<Utc>>,
    pub reclaim_block_user: Option<Uuid>,
    pub reclaim_block_until: Option<chrono::NaiveDate>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(Customer);

/// CUS-2: the form of a name used for equality — case, spaces, full/half
/// width and common legal-form suffixes do not make a different company.
pub fn normalize_name(name: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "co.,ltd.",
        "co.,ltd",
        "co.ltd",
        "company limited",
        "limited",
        "ltd.",
        "ltd",
        "inc.",
        "inc",
        "corp.",
        "corp",
    ];
    let mut s: String = name
        .chars()
        .map(|c| match c {
            // Full-width ASCII forms to half width.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect();
    loop {
        let before = s.len();
        for suffix in SUFFIXES {
            let suffix: String = suffix.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(stripped) = s.strip_suffix(suffix.as_str())
                && !stripped.is_empty()
            {
                s = stripped.trim_end_matches([',', '.', '(', ')']).to_owned();
            }
        }
        if s.len() == before {
            break;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cus2_names_normalise_case_width_spaces_and_suffixes() {
        let n = normalize_name("上海 华东机械 股份有限公司");
        assert_eq!(n, "上海华东机械");
        assert_eq!(normalize_name("上海华东机械有限公司"), n);
        assert_eq!(
            normalize_name("ＡＢＣ Trading Co., Ltd."),
            normalize_name("abc trading")
        );
        assert_ne!(
            normalize_name("上海华东机械"),
            normalize_name("上海华南机械")
        );
        assert!(
            !normalize_name("有限公司").is_empty(),
            "never normalised to nothing"
        );
    }
}
