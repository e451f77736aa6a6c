//! Timestamps: stored as UTC `NaiveDateTime` in whole seconds, shown as `YYYY-MM-DDTHH:MM:SSZ`.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SubsecRound, Timelike, Utc};

/// The only date format Twilio emits; twilio-python parses nothing else into a datetime.
pub const TWILIO_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// The current UTC time, truncated to whole seconds like every stored timestamp.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(0)
}

/// The current UTC time to the millisecond, for scheduling background work (review steps,
/// callback retries) where whole seconds would be too coarse.
pub fn now_precise() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(3)
}

/// Formats a stored timestamp for the wire (`TWILIO_FORMAT`). Written out by hand: it runs for
/// every date of every listed resource, and chrono re-parses a format string on each call.
pub fn format(at: &NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// The years a date may fall in: four digits, as `format` writes them and as both databases
/// store them (PostgreSQL refuses some earlier dates outright, a 500 on one backend only).
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// Parses any ISO-8601 form a client may send: with an offset (`Z`, `+02:00`), naive (as
/// twilio-python sends naive datetimes, taken as UTC), or a bare date (midnight UTC).
/// Fractions of a second are dropped; a date outside `YEARS` is `None`.
pub fn parse_iso8601(raw: &str) -> Option<NaiveDateTime> {
    parse_any_year(raw).filter(|at| YEARS.contains(&at.year()))
}

fn parse_any_year(raw: &str) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc).naive_utc().trunc_subsecs(0));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(raw, format) {
            return Some(at.trunc_subsecs(0));
        }
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// serde helpers so resources can hold `NaiveDateTime` and emit Twilio's format.
pub mod serde_twilio {
    use chrono::NaiveDateTime;
    use serde::Serializer;

    /// Serializes a timestamp as `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn serialize<S: Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format(at))
    }

    /// Serializes an optional timestamp as the format above or `null`.
    pub fn serialize_option<S: Serializer>(
        at: &Option<NaiveDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&super::format(at)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_format_matches_the_twilio_format_string() {
        for raw in [
            "0999-01-02T03:04:05Z",
            "2026-11-21T18:08:25Z",
            "2030-12-31T23:59:59Z",
        ] {
            let at = parse_iso8601(raw).unwrap();
            assert_eq!(format(&at), at.format(TWILIO_FORMAT).to_string());
            assert_eq!(format(&at), raw);
        }
    }

    #[test]
    fn formats_without_fraction_or_offset() {
        let at = parse_iso8601("2022-11-29T23:59:59.789+00:00").unwrap();
        assert_eq!(format(&at), "2022-11-29T23:59:59Z");
    }

    #[test]
    fn parses_offsets_naive_times_and_dates() {
        assert_eq!(
            format(&parse_iso8601("2022-11-30T01:00:00+02:00").unwrap()),
            "2022-11-29T23:00:00Z"
        );
        assert_eq!(
            format(&parse_iso8601("2022-11-29T23:59:59").unwrap()),
            "2022-11-29T23:59:59Z"
        );
        assert_eq!(
            format(&parse_iso8601("2022-11-29").unwrap()),
            "2022-11-29T00:00:00Z"
        );
        assert!(parse_iso8601("yesterday").is_none());
    }

    #[test]
    fn years_outside_1_to_9999_are_refused() {
        for raw in [
            "-4714-01-01T00:00:00",
            "0000-12-31",
            "+10000-01-01T00:00:00",
            "9999-12-31T23:59:59-01:00",
        ] {
            assert!(parse_iso8601(raw).is_none(), "{raw}");
        }
        assert!(parse_iso8601("0001-01-01T00:00:00Z").is_some());
        assert!(parse_iso8601("9999-12-31T23:59:59Z").is_some());
    }
}
