//! The deterministic number generator behind every search: a pure function of the plan entry,
//! the filters and the candidate index, so the same query shows the same numbers on every run
//! and machine. Numbers that are owned (by any account) are skipped by the caller's `taken`.

use std::collections::HashSet;

use sha1::{Digest, Sha1};

use super::pattern::{Pattern, Token};
use super::plan::{nanp_exchange_ok, AddressRequirement, PlanEntry, Prefix};

/// Twilio returns at most 30 numbers per search, whatever `PageSize` says.
pub const MAX_RESULTS: usize = 30;
/// How many candidates a search tries before it returns what it found: a pattern that fits few
/// numbers ends with a short (or empty) list instead of a slow request.
const MAX_CANDIDATES: usize = 3000;

/// The search filters that narrow which numbers are offered.
#[derive(Clone, Debug, Default)]
pub struct SearchFilter {
    pub contains: Option<Pattern>,
    /// US and Canada: the area code (the first three national digits).
    pub area_code: Option<String>,
    pub sms_enabled: Option<bool>,
    pub mms_enabled: Option<bool>,
    pub voice_enabled: Option<bool>,
    pub fax_enabled: Option<bool>,
    pub exclude_all_address_required: bool,
    pub exclude_local_address_required: bool,
    pub exclude_foreign_address_required: bool,
    /// `Beta=false` drops numbers new to Twilio.
    pub beta: bool,
    pub in_region: Option<String>,
    pub in_locality: Option<String>,
    pub in_postal_code: Option<String>,
    pub in_lata: Option<String>,
    pub in_rate_center: Option<String>,
    /// National digits of `NearNumber`: offers come from the same prefix.
    pub near_number: Option<String>,
}

/// One number a search offers.
#[derive(Clone, Debug)]
pub struct Offer<'p> {
    /// E.164, e.g. `+61291234567`.
    pub phone_number: String,
    pub entry: &'p PlanEntry,
    pub prefix: &'p Prefix,
}

/// Up to `limit` numbers of `entry` that match `filter` and are not `taken`, in a stable order.
pub fn offers<'p>(
    entry: &'p PlanEntry,
    filter: &SearchFilter,
    limit: usize,
    taken: impl Fn(&str) -> bool,
) -> Vec<Offer<'p>> {
    if !entry_matches(entry, filter) {
        return Vec::new();
    }
    let prefixes: Vec<&Prefix> = entry
        .prefixes
        .iter()
        .filter(|p| prefix_matches(entry, p, filter))
        .collect();
    if prefixes.is_empty() {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for index in 0..MAX_CANDIDATES {
        if found.len() >= limit.min(MAX_RESULTS) {
            break;
        }
        let prefix = prefixes[index % prefixes.len()];
        let round = index / prefixes.len();
        let Some(nsn) = candidate(entry, prefix, filter.contains.as_ref(), round) else {
            continue;
        };
        let phone_number = format!("+{}{nsn}", entry.country_code);
        if seen.insert(phone_number.clone()) && !taken(&phone_number) {
            found.push(Offer {
                phone_number,
                entry,
                prefix,
            });
        }
    }
    found
}

fn entry_matches(entry: &PlanEntry, filter: &SearchFilter) -> bool {
    let caps = entry.capabilities;
    let wants = |wanted: Option<bool>, has: bool| wanted.is_none_or(|w| !w || has);
    let requirement = entry.address_requirements;
    wants(filter.sms_enabled, caps.sms)
        && wants(filter.mms_enabled, caps.mms)
        && wants(filter.voice_enabled, caps.voice)
        && wants(filter.fax_enabled, caps.fax)
        && !(filter.exclude_all_address_required && requirement != AddressRequirement::None)
        && !(filter.exclude_local_address_required && requirement == AddressRequirement::Local)
        && !(filter.exclude_foreign_address_required && requirement == AddressRequirement::Foreign)
        && (filter.beta || !entry.beta)
}

fn prefix_matches(entry: &PlanEntry, prefix: &Prefix, filter: &SearchFilter) -> bool {
    let same = |wanted: &Option<String>, has: &Option<String>| {
        wanted.as_ref().is_none_or(|w| {
            has.as_ref()
                .is_some_and(|h| h.eq_ignore_ascii_case(w.trim()))
        })
    };
    let area_ok = filter
        .area_code
        .as_ref()
        .is_none_or(|code| prefix.prefix == *code);
    let near_ok = filter
        .near_number
        .as_ref()
        .is_none_or(|nsn| nsn.starts_with(&prefix.prefix));
    area_ok
        && near_ok
        && same(&filter.in_region, &prefix.region)
        && same(&filter.in_locality, &prefix.locality)
        && same(&filter.in_postal_code, &prefix.postal_code)
        && same(&filter.in_lata, &prefix.lata)
        && same(&filter.in_rate_center, &prefix.rate_center)
        && (entry.is_nanp() || filter.area_code.is_none())
}

/// The national number of candidate `round` under `prefix`, or `None` when this round cannot
/// hold the pattern. Digits come from SHA-1 of the inputs; a pattern is written into them at a
/// position that moves with the round, so successive rounds give different numbers.
fn candidate(
    entry: &PlanEntry,
    prefix: &Prefix,
    pattern: Option<&Pattern>,
    round: usize,
) -> Option<String> {
    let length = entry.length_under(prefix);
    let seed = format!(
        "{}|{}|{}|{}|{round}",
        entry.iso_country,
        entry.number_type.as_str(),
        prefix.prefix,
        pattern.map(Pattern::seed).unwrap_or_default()
    );
    let mut digits = subscriber_digits(&seed, length);
    let mut fixed = vec![false; length];
    for (i, d) in prefix.prefix.bytes().enumerate() {
        digits[i] = d;
        fixed[i] = true;
    }
    if let Some(pattern) = pattern {
        embed(
            pattern,
            &entry.country_code,
            &mut digits,
            &mut fixed,
            prefix.prefix.len(),
            round,
        )?;
    }
    if entry.is_nanp() && !fixed[3] && !nanp_exchange_ok(std::str::from_utf8(&digits).ok()?) {
        digits[3] = b'2' + (digits[3] - b'0') % 8;
    }
    let nsn = String::from_utf8(digits).ok()?;
    let full = format!("{}{nsn}", entry.country_code);
    let valid = (!entry.is_nanp() || nanp_exchange_ok(&nsn))
        && pattern.is_none_or(|p| p.matches(&full, length));
    valid.then_some(nsn)
}

/// `length` decimal digits: each hex digit of SHA-1(seed), repeated hashing for more, mod 10.
fn subscriber_digits(seed: &str, length: usize) -> Vec<u8> {
    let mut digits = Vec::with_capacity(length);
    let mut block = Sha1::digest(seed.as_bytes()).to_vec();
    while digits.len() < length {
        for byte in &block {
            for nibble in [byte >> 4, byte & 0x0f] {
                digits.push(b'0' + nibble % 10);
            }
        }
        block = Sha1::digest(&block).to_vec();
    }
    digits.truncate(length);
    digits
}

/// Writes the pattern's digits into `digits` (its `*` keep the generated digit, `%` is taken as
/// empty) at a position chosen by `round`; `None` when it clashes with the prefix.
fn embed(
    pattern: &Pattern,
    country_code: &str,
    digits: &mut [u8],
    fixed: &mut [bool],
    prefix_len: usize,
    round: usize,
) -> Option<()> {
    let mut tokens: Vec<Token> = pattern
        .tokens
        .iter()
        .copied()
        .filter(|t| *t != Token::Run)
        .collect();
    if pattern.anchored_start {
        let code: Vec<Token> = country_code.bytes().map(Token::Digit).collect();
        if tokens.len() > code.len() && tokens.starts_with(&code) {
            tokens.drain(..code.len());
        }
    }
    let length = digits.len();
    if tokens.len() > length {
        return None;
    }
    let last_start = length - tokens.len();
    let start = if pattern.anchored_start {
        0
    } else if pattern.anchored_end {
        last_start
    } else {
        // After the prefix first (where any digit may go), then overlapping it.
        let positions: Vec<usize> = (prefix_len.min(last_start)..=last_start)
            .chain(0..prefix_len.min(last_start))
            .collect();
        positions[round % positions.len()]
    };
    for (offset, token) in tokens.iter().enumerate() {
        if let Token::Digit(d) = token {
            let at = start + offset;
            if fixed[at] && digits[at] != *d {
                return None;
            }
            digits[at] = *d;
            fixed[at] = true;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Catalog;
    use crate::domain::numbers::NumberType;

    fn entry(country: &str, number_type: NumberType) -> PlanEntry {
        let catalog = Catalog::builtin().unwrap();
        catalog
            .numbering_entry(country, number_type)
            .unwrap()
            .clone()
    }

    #[test]
    fn the_same_query_gives_the_same_numbers() {
        let au = entry("AU", NumberType::Local);
        let filter = SearchFilter {
            beta: true,
            contains: Some(Pattern::parse("555").unwrap()),
            ..Default::default()
        };
        let first: Vec<String> = offers(&au, &filter, 30, |_| false)
            .into_iter()
            .map(|o| o.phone_number)
            .collect();
        let again: Vec<String> = offers(&au, &filter, 30, |_| false)
            .into_iter()
            .map(|o| o.phone_number)
            .collect();
        assert_eq!(first.len(), 30);
        assert_eq!(first, again);
        assert!(
            first
                .iter()
                .all(|n| n.starts_with("+61") && n.len() == 12 && n[3..].contains("555")),
            "{first:?}"
        );
    }

    #[test]
    fn nanp_numbers_keep_the_exchange_rule_and_area_code() {
        let us = entry("US", NumberType::Local);
        let filter = SearchFilter {
            beta: true,
            area_code: Some("510".into()),
            ..Default::default()
        };
        let found = offers(&us, &filter, 30, |_| false);
        assert_eq!(found.len(), 30);
        for offer in found {
            assert!(offer.phone_number.starts_with("+1510"));
            assert!(nanp_exchange_ok(&offer.phone_number[2..]));
        }
    }

    #[test]
    fn taken_numbers_are_skipped_and_impossible_patterns_give_nothing() {
        let au = entry("AU", NumberType::Mobile);
        let filter = SearchFilter {
            beta: true,
            ..Default::default()
        };
        let all = offers(&au, &filter, 3, |_| false);
        let first = all[0].phone_number.clone();
        let rest = offers(&au, &filter, 3, |n| n == first);
        assert!(rest.iter().all(|o| o.phone_number != first));
        let impossible = SearchFilter {
            beta: true,
            contains: Some(Pattern::parse("+99").unwrap()),
            ..Default::default()
        };
        assert!(offers(&au, &impossible, 30, |_| false).is_empty());
    }
}
