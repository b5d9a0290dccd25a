//! PIP-1: the lead scoring model (评分体系) as plain functions.
//!
//! The setting `lead_scoring` holds one integer weight per factor (≥ 0,
//! summing to exactly 100) and the target industries and regions the
//! company sells to. Each factor scores the lead 0.0–1.0 by a fixed rule;
//! the lead's score is Σ weight × value, rounded half up, so it is always
//! 0–100 and every point can be explained (`score_factors`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};

/// The factors, in the order they are shown.
pub const FACTORS: [&str; 5] = ["industry_fit", "size", "budget", "region", "timeline"];

/// Budget at or above this scores 1 (CNY).
pub const BUDGET_HIGH: i64 = 1_000_000;
/// Budget at or above this (and below [`BUDGET_HIGH`]) scores 0.6.
pub const BUDGET_MEDIUM: i64 = 200_000;
/// Expected close within this many days scores 1.
pub const TIMELINE_NEAR_DAYS: i64 = 90;
/// Expected close within this many days (and later than near) scores 0.5.
pub const TIMELINE_FAR_DAYS: i64 = 180;
/// At most this many target industries or regions.
pub const MAX_TARGETS: usize = 50;

/// The setting `lead_scoring`: weights and the targets the fit factors use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringModel {
    pub industry_fit: i64,
    pub size: i64,
    pub budget: i64,
    pub region: i64,
    pub timeline: i64,
    /// Industries the company sells to; matched case-insensitively.
    #[serde(default)]
    pub target_industries: Vec<String>,
    /// Regions the company covers; matched case-insensitively.
    #[serde(default)]
    pub target_regions: Vec<String>,
}

impl Default for ScoringModel {
    /// The weights the migration seeds, no targets.
    fn default() -> Self {
        Self {
            industry_fit: 25,
            size: 20,
            budget: 25,
            region: 15,
            timeline: 15,
            target_industries: Vec::new(),
            target_regions: Vec::new(),
        }
    }
}

impl ScoringModel {
    fn weights(&self) -> [(&'static str, i64); 5] {
        [
            ("industry_fit", self.industry_fit),
            ("size", self.size),
            ("budget", self.budget),
            ("region", self.region),
            ("timeline", self.timeline),
        ]
    }
}

/// The validator of `lead_scoring`: weights are integers ≥ 0 summing to
/// exactly 100; targets are at most 50 non-empty names of ≤ 100 characters.
pub fn validate_lead_scoring(m: &ScoringModel) -> DomainResult<()> {
    if let Some((name, _)) = m.weights().iter().find(|(_, w)| *w < 0) {
        return Err(DomainError::validation(
            "value",
            format!("the weight of {name} must not be negative"),
        ));
    }
    let sum: i64 = m.weights().iter().map(|(_, w)| w).sum();
    if sum != 100 {
        return Err(DomainError::validation(
            "value",
            format!("the weights must sum to exactly 100, not {sum}"),
        ));
    }
    for (field, list) in [
        ("target_industries", &m.target_industries),
        ("target_regions", &m.target_regions),
    ] {
        if list.len() > MAX_TARGETS
            || list
                .iter()
                .any(|s| s.trim().is_empty() || s.chars().count() > 100)
        {
            return Err(DomainError::validation(
                "value",
                format!("{field}: at most {MAX_TARGETS} names of 1 to 100 characters"),
            ));
        }
    }
    Ok(())
}

/// What the score is computed from: the lead's own data.
#[derive(Clone, Debug, Default)]
pub struct LeadFacts<'a> {
    pub industry: Option<&'a str>,
    pub size_class: Option<&'a str>,
    pub budget: Option<Decimal>,
    pub region: Option<&'a str>,
    pub expected_close_date: Option<NaiveDate>,
}

/// One factor's contribution, as stored in `leads.score_factors`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorScore {
    pub weight: i64,
    /// 0.0–1.0.
    pub value: f64,
    /// weight × value, before the total is rounded.
    pub points: f64,
    /// Why the factor scored this value, in words.
    pub reason: String,
}

/// A lead's score and its explanation per factor.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreCard {
    pub score: i16,
    pub factors: BTreeMap<String, FactorScore>,
}

impl ScoreCard {
    /// The `score_factors` JSON.
    pub fn factors_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.factors).unwrap_or_default()
    }
}

fn in_list(v: Option<&str>, list: &[String]) -> bool {
    v.map(str::trim).is_some_and(|v| {
        list.iter()
            .any(|t| t.trim().to_lowercase() == v.to_lowercase())
    })
}

/// industry_fit: 1 if the lead's industry is a target industry.
pub fn industry_fit(m: &ScoringModel, industry: Option<&str>) -> (Decimal, String) {
    match industry {
        None => (Decimal::ZERO, "industry unknown".into()),
        Some(i) if m.target_industries.is_empty() => (
            Decimal::ZERO,
            format!("{i}: no target industries configured"),
        ),
        Some(i) if in_list(Some(i), &m.target_industries) => {
            (Decimal::ONE, format!("{i} is a target industry"))
        }
        Some(i) => (Decimal::ZERO, format!("{i} is not a target industry")),
    }
}

/// size: LARGE 1, MEDIUM 0.6, SMALL 0.3, unknown 0.
pub fn size_value(size_class: Option<&str>) -> (Decimal, String) {
    let v = match size_class {
        Some("LARGE") => Decimal::ONE,
        Some("MEDIUM") => Decimal::new(6, 1),
        Some("SMALL") => Decimal::new(3, 1),
        _ => return (Decimal::ZERO, "size unknown".into()),
    };
    (v, format!("size {}", size_class.unwrap_or_default()))
}

/// budget: ≥ 1 000 000 → 1, ≥ 200 000 → 0.6, > 0 → 0.3, none or 0 → 0.
pub fn budget_value(budget: Option<Decimal>) -> (Decimal, String) {
    match budget {
        Some(b) if b >= Decimal::from(BUDGET_HIGH) => {
            (Decimal::ONE, format!("budget {b} ≥ {BUDGET_HIGH}"))
        }
        Some(b) if b >= Decimal::from(BUDGET_MEDIUM) => {
            (Decimal::new(6, 1), format!("budget {b} ≥ {BUDGET_MEDIUM}"))
        }
        Some(b) if b > Decimal::ZERO => (
            Decimal::new(3, 1),
            format!("budget {b} below {BUDGET_MEDIUM}"),
        ),
        _ => (Decimal::ZERO, "no budget known".into()),
    }
}

/// region: 1 if the lead's region is a target region.
pub fn region_value(m: &ScoringModel, region: Option<&str>) -> (Decimal, String) {
    match region {
        None => (Decimal::ZERO, "region unknown".into()),
        Some(r) if m.target_regions.is_empty() => {
            (Decimal::ZERO, format!("{r}: no target regions configured"))
        }
        Some(r) if in_list(Some(r), &m.target_regions) => {
            (Decimal::ONE, format!("{r} is a target region"))
        }
        Some(r) => (Decimal::ZERO, format!("{r} is not a target region")),
    }
}

/// timeline: expected close within 90 days of `today` → 1, within 180 → 0.5,
/// later, already past or unknown → 0.
pub fn timeline_value(close: Option<NaiveDate>, today: NaiveDate) -> (Decimal, String) {
    let Some(close) = close else {
        return (Decimal::ZERO, "expected close unknown".into());
    };
    let days = (close - today).num_days();
    if days < 0 {
        (Decimal::ZERO, format!("expected close {close} is past"))
    } else if days <= TIMELINE_NEAR_DAYS {
        (
            Decimal::ONE,
            format!("expected close in {days} days (≤ {TIMELINE_NEAR_DAYS})"),
        )
    } else if days <= TIMELINE_FAR_DAYS {
        (
            Decimal::new(5, 1),
            format!("expected close in {days} days (≤ {TIMELINE_FAR_DAYS})"),
        )
    } else {
        (
            Decimal::ZERO,
            format!("expected close in {days} days (> {TIMELINE_FAR_DAYS})"),
        )
    }
}

/// PIP-1: scores a lead on `today` (the company's date).
pub fn score_lead(m: &ScoringModel, facts: &LeadFacts<'_>, today: NaiveDate) -> ScoreCard {
    let values = [
        industry_fit(m, facts.industry),
        size_value(facts.size_class),
        budget_value(facts.budget),
        region_value(m, facts.region),
        timeline_value(facts.expected_close_date, today),
    ];
    let mut total = Decimal::ZERO;
    let mut factors = BTreeMap::new();
    for ((name, weight), (value, reason)) in m.weights().into_iter().zip(values) {
        let points = Decimal::from(weight) * value;
        total += points;
        factors.insert(
            name.to_owned(),
            FactorScore {
                weight,
                value: value.to_f64().unwrap_or_default(),
                points: points.to_f64().unwrap_or_default(),
                reason,
            },
        );
    }
    let score = total
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_i16()
        .unwrap_or_default()
        .clamp(0, 100);
    ScoreCard { score, factors }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn model() -> ScoringModel {
        ScoringModel {
            target_industries: vec!["Manufacturing".into(), "能源".into()],
            target_regions: vec!["华东".into()],
            ..ScoringModel::default()
        }
    }

    #[test]
    fn pip1_weights_must_sum_to_100_and_not_be_negative() {
        assert!(validate_lead_scoring(&ScoringModel::default()).is_ok());
        let mut m = ScoringModel {
            size: 21,
            ..ScoringModel::default()
        };
        assert!(validate_lead_scoring(&m).is_err());
        m.size = -5;
        m.budget = 50;
        assert_eq!(m.weights().iter().map(|w| w.1).sum::<i64>(), 100);
        assert!(matches!(
            validate_lead_scoring(&m),
            Err(DomainError::Validation { field, .. }) if field == "value"
        ));
        let mut m = model();
        m.target_regions.push(" ".into());
        assert!(validate_lead_scoring(&m).is_err());
    }

    #[test]
    fn pip1_unknown_keys_are_refused() {
        let v = serde_json::json!({"industry_fit": 25, "size": 20, "budget": 25, "region": 15, "timeline": 15, "bogus": 1});
        assert!(serde_json::from_value::<ScoringModel>(v).is_err());
        let v = serde_json::json!({"industry_fit": 25, "size": 20, "budget": 25, "region": 15, "timeline": 15});
        assert_eq!(
            serde_json::from_value::<ScoringModel>(v).unwrap(),
            ScoringModel::default()
        );
    }

    #[test]
    fn pip1_factor_rules() {
        let m = model();
        assert_eq!(industry_fit(&m, Some(" manufacturing")).0, Decimal::ONE);
        assert_eq!(industry_fit(&m, Some("Retail")).0, Decimal::ZERO);
        assert_eq!(
            industry_fit(&ScoringModel::default(), Some("能源")).0,
            Decimal::ZERO
        );
        assert_eq!(size_value(Some("MEDIUM")).0, Decimal::new(6, 1));
        assert_eq!(size_value(None).0, Decimal::ZERO);
        assert_eq!(budget_value(Some(Decimal::from(1_000_000))).0, Decimal::ONE);
        assert_eq!(
            budget_value(Some(Decimal::new(99_999_999, 2))).0,
            Decimal::new(6, 1)
        );
        assert_eq!(budget_value(Some(Decimal::new(1, 2))).0, Decimal::new(3, 1));
        assert_eq!(budget_value(Some(Decimal::ZERO)).0, Decimal::ZERO);
        assert_eq!(region_value(&m, Some("华东")).0, Decimal::ONE);
        let today = day("2026-01-01");
        assert_eq!(
            timeline_value(Some(day("2026-04-01")), today).0,
            Decimal::ONE
        );
        assert_eq!(
            timeline_value(Some(day("2026-04-02")), today).0,
            Decimal::new(5, 1)
        );
        assert_eq!(
            timeline_value(Some(day("2026-06-30")), today).0,
            Decimal::new(5, 1)
        );
        assert_eq!(
            timeline_value(Some(day("2026-07-01")), today).0,
            Decimal::ZERO
        );
        assert_eq!(
            timeline_value(Some(day("2025-12-31")), today).0,
            Decimal::ZERO
        );
    }

    #[test]
    fn pip1_score_is_weighted_sum_rounded_half_up_and_explained() {
        let m = model();
        let today = day("2026-01-01");
        let all = LeadFacts {
            industry: Some("能源"),
            size_class: Some("LARGE"),
            budget: Some(Decimal::from(2_000_000)),
            region: Some("华东"),
            expected_close_date: Some(day("2026-02-01")),
        };
        let card = score_lead(&m, &all, today);
        assert_eq!(card.score, 100);
        assert_eq!(card.factors.len(), 5);
        assert_eq!(card.factors["budget"].points, 25.0);
        assert_eq!(score_lead(&m, &LeadFacts::default(), today).score, 0);
        // 25 × 0.3 (small budget) = 7.5 → 8; size SMALL 20 × 0.3 = 6 → 13.5 → 14.
        let some = LeadFacts {
            size_class: Some("SMALL"),
            budget: Some(Decimal::from(10)),
            ..LeadFacts::default()
        };
        let card = score_lead(&m, &some, today);
        assert_eq!(card.score, 14);
        assert_eq!(card.factors["budget"].points, 7.5);
        assert_eq!(card.factors["size"].reason, "size SMALL");
        assert_eq!(card.factors["industry_fit"].reason, "industry unknown");
        let json = card.factors_json();
        assert_eq!(json["budget"]["weight"], 25);
        assert_eq!(json["budget"]["value"], 0.3);
    }
}
