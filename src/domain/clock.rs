//! Each account's clock: real UTC plus an offset the account moved it forward by with
//! `POST /sandbox/Clock`. It never moves back, so timestamps stamped with it keep lists in order.

use chrono::{Duration, NaiveDateTime};

use crate::domain::error::{DomainError, DomainResult};
use crate::domain::time;

/// The most one `Advance` may move a clock: ten years of 366 days.
pub const MAX_ADVANCE_SECONDS: i64 = 10 * 366 * 86_400;
/// The furthest ahead a clock may run in all (far inside every date type's range).
pub const MAX_OFFSET_SECONDS: i64 = 100 * 366 * 86_400;

/// One account's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    offset_seconds: i64,
}

impl Clock {
    /// Real time: the clock of an account that never moved its own.
    pub const REAL: Clock = Clock { offset_seconds: 0 };

    /// A clock `offset_seconds` ahead of real time.
    pub fn ahead_by(offset_seconds: i64) -> Clock {
        Clock { offset_seconds }
    }

    /// How far ahead of real time it runs.
    pub fn offset_seconds(&self) -> i64 {
        self.offset_seconds
    }

    /// `time::now()` on this clock (whole seconds, like every stored timestamp).
    pub fn now(&self) -> NaiveDateTime {
        self.shift(time::now())
    }

    /// `time::now_precise()` on this clock, for scheduling background work.
    pub fn now_precise(&self) -> NaiveDateTime {
        self.shift(time::now_precise())
    }

    /// A real instant as this clock reads it.
    pub fn shift(&self, real: NaiveDateTime) -> NaiveDateTime {
        real + Duration::seconds(self.offset_seconds)
    }
}

/// Parses `Advance`: whole seconds from 1 to `MAX_ADVANCE_SECONDS`.
pub fn parse_advance(raw: Option<&str>) -> DomainResult<i64> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty());
    let raw = raw.ok_or_else(|| DomainError::missing("Advance"))?;
    let refuse = || {
        DomainError::invalid(
            "Advance",
            format!(
                "'{raw}' is not a whole number of seconds from 1 to {MAX_ADVANCE_SECONDS} (ten \
                 years); the clock only moves forward"
            ),
        )
    };
    let seconds: i64 = raw.parse().map_err(|_| refuse())?;
    if !(1..=MAX_ADVANCE_SECONDS).contains(&seconds) {
        return Err(refuse());
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_is_positive_and_at_most_ten_years() {
        assert_eq!(parse_advance(Some("86400")).unwrap(), 86_400);
        for bad in ["0", "-5", "1.5", "soon", "3162240001"] {
            assert!(parse_advance(Some(bad)).is_err(), "{bad}");
        }
        assert!(matches!(parse_advance(None), Err(DomainError::Missing(_))));
    }

    #[test]
    fn a_clock_ahead_reads_later_than_real_time() {
        let real = time::now();
        assert_eq!(
            Clock::ahead_by(60).shift(real),
            real + Duration::seconds(60)
        );
        assert_eq!(Clock::REAL.shift(real), real);
    }
}
