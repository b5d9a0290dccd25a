//! CUS-7: the festivals customers are greeted on, computed for any year —
//! Spring Festival (农历正月初一) and Mid-Autumn (农历八月十五) from the
//! lunar calendar, National Day on 1 October — rather than typed in per
//! year. Which of them apply is the setting `care_festivals`.

use chinese_lunisolar_calendar::LunisolarDate;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::care::Holiday;
use crate::error::{DomainError, DomainResult};

/// The settings key of the festivals greeted.
pub const SETTING: &str = "care_festivals";

/// A festival whose date follows a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Festival {
    /// 春节: the first day of the first lunar month.
    SpringFestival,
    /// 中秋节: the fifteenth day of the eighth lunar month.
    MidAutumn,
    /// 国庆节: 1 October.
    NationalDay,
}

impl Festival {
    pub const ALL: [Festival; 3] = [
        Festival::SpringFestival,
        Festival::MidAutumn,
        Festival::NationalDay,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Festival::SpringFestival => "春节",
            Festival::MidAutumn => "中秋节",
            Festival::NationalDay => "国庆节",
        }
    }

    /// The festival's day in the Gregorian year `year`; `None` outside the
    /// lunar calendar's range (1901–2100).
    pub fn date_in(self, year: i32) -> Option<NaiveDate> {
        let lunar = |month: u8, day: u8| {
            let y = u16::try_from(year).ok()?;
            LunisolarDate::from_ymd(y, month, false, day)
                .ok()
                .map(LunisolarDate::to_naive_date)
        };
        match self {
            // Lunar year y's first day always falls in January or February
            // of Gregorian year y, its eighth month in autumn of the same.
            Festival::SpringFestival => lunar(1, 1),
            Festival::MidAutumn => lunar(8, 15),
            Festival::NationalDay => NaiveDate::from_ymd_opt(year, 10, 1),
        }
    }
}

/// `care_festivals`: the festivals greeted (all three by default).
pub type CareFestivals = Vec<Festival>;

/// Validates a `care_festivals` value: no festival twice.
pub fn validate_care_festivals(v: &CareFestivals) -> DomainResult<()> {
    for (i, f) in v.iter().enumerate() {
        if v[..i].contains(f) {
            return Err(DomainError::validation(
                "value",
                format!("{} is listed twice", f.name()),
            ));
        }
    }
    Ok(())
}

/// The days of `festivals` in `[from, to]`, by date.
pub fn festivals_between(festivals: &[Festival], from: NaiveDate, to: NaiveDate) -> Vec<Holiday> {
    let mut out: Vec<Holiday> = (from.year()..=to.year())
        .flat_map(|y| {
            festivals.iter().filter_map(move |f| {
                f.date_in(y).map(|date| Holiday {
                    name: f.name().to_owned(),
                    date,
                })
            })
        })
        .filter(|h| h.date >= from && h.date <= to)
        .collect();
    out.sort_by_key(|h| h.date);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cus7_spring_festival_and_mid_autumn_follow_the_lunar_calendar_in_any_year() {
        // Published dates (国务院办公厅 holiday notices and almanacs).
        for (year, spring, autumn) in [
            (2024, "2024-02-10", "2024-09-17"),
            (2025, "2025-01-29", "2025-10-06"),
            (2026, "2026-02-17", "2026-09-25"),
            (2027, "2027-02-06", "2027-09-15"),
        ] {
            assert_eq!(
                Festival::SpringFestival.date_in(year),
                Some(d(spring)),
                "{year}"
            );
            assert_eq!(Festival::MidAutumn.date_in(year), Some(d(autumn)), "{year}");
            assert_eq!(
                Festival::NationalDay.date_in(year),
                Some(d(&format!("{year}-10-01")))
            );
        }
        assert_eq!(Festival::SpringFestival.date_in(2200), None, "out of range");
    }

    #[test]
    fn cus7_festivals_in_a_range_over_new_year() {
        let all = Festival::ALL;
        let got = festivals_between(&all, d("2026-12-01"), d("2027-02-28"));
        assert_eq!(
            got,
            vec![Holiday {
                name: "春节".into(),
                date: d("2027-02-06")
            }]
        );
        assert_eq!(
            festivals_between(&all, d("2026-01-01"), d("2026-12-31")).len(),
            3
        );
        assert!(
            festivals_between(&[Festival::NationalDay], d("2026-02-01"), d("2026-03-01"))
                .is_empty()
        );
        assert!(validate_care_festivals(&vec![Festival::MidAutumn, Festival::MidAutumn]).is_err());
    }
}
