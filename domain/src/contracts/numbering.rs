//! CON-1 numbering: `HT-<year>-<seq>`, gapless per company year. The
//! counter row of the year is taken with an upsert on the creating
//! transaction, so concurrent creators queue on its row lock and a creation
//! that rolls back gives its number back.

use sqlx::PgConnection;

use crate::error::DomainResult;

/// The number text of `seq` in `year` (4 digits, more past 9999).
pub fn format_number(year: i32, seq: i32) -> String {
    format!("HT-{year}-{seq:04}")
}

/// Takes the next number of `year` on the caller's transaction; returns
/// the sequence and its text.
pub async fn next(conn: &mut PgConnection, year: i32) -> DomainResult<(i32, String)> {
    let seq: i32 = sqlx::query_scalar(
        "INSERT INTO contract_number_counters (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = contract_number_counters.last + 1
         RETURNING last",
    )
    .bind(year)
    .fetch_one(conn)
    .await?;
    Ok((seq, format_number(year, seq)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn con1_number_format() {
        assert_eq!(format_number(2026, 1), "HT-2026-0001");
        assert_eq!(format_number(2026, 12345), "HT-2026-12345");
    }
}
