//! What happens after a failed send, as plain functions.

use chrono::Duration;

/// Attempts before a notification stays `FAILED` for an operator to see.
/// With [`backoff`] the twelfth attempt comes about 20 hours after the
/// first, so a mail server down for most of a day is ridden out.
pub const MAX_ATTEMPTS: i32 = 12;

/// The delay before attempt `attempts + 1`: one minute, doubling, at most
/// six hours (1, 2, 4, …, 256 minutes, then 6 h, 6 h).
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 20) - 1;
    let minutes = 1i64 << exp;
    Duration::minutes(minutes.min(6 * 60))
}

/// Where a failed send goes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Back to `PENDING`, due again after this delay.
    RetryIn(Duration),
    /// Stays `FAILED`: a permanent rejection, or the attempts ran out.
    GiveUp,
}

/// AUTO-6: a temporary failure retries with backoff until `MAX_ATTEMPTS`;
/// a permanent one (an SMTP 5xx, say) gives up at once.
pub fn after_failure(attempts: i32, permanent: bool) -> Outcome {
    if permanent || attempts >= MAX_ATTEMPTS {
        Outcome::GiveUp
    } else {
        Outcome::RetryIn(backoff(attempts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto6_backoff_doubles_up_to_a_bound() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(12), Duration::hours(6));
        assert_eq!(backoff(0), Duration::minutes(1));
    }

    #[test]
    fn auto6_failures_retry_until_the_bound_or_a_permanent_error() {
        assert_eq!(
            after_failure(1, false),
            Outcome::RetryIn(Duration::minutes(1))
        );
        assert_eq!(
            after_failure(MAX_ATTEMPTS - 1, false),
            Outcome::RetryIn(backoff(MAX_ATTEMPTS - 1))
        );
        assert_eq!(after_failure(MAX_ATTEMPTS, false), Outcome::GiveUp);
        assert_eq!(after_failure(1, true), Outcome::GiveUp);
    }
}
