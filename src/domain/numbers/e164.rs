//! Reading a `PhoneNumber` parameter and finding the plan entry it belongs to.

use super::plan::{PlanEntry, Prefix};

/// `+` and 2 to 15 digits, the first not 0 (ITU-T E.164).
pub fn is_e164(raw: &str) -> bool {
    raw.strip_prefix('+').is_some_and(|digits| {
        (2..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

/// Where a well-formed number sits in the plan.
pub struct Located<'p> {
    pub entry: &'p PlanEntry,
    pub prefix: &'p Prefix,
}

/// The plan entry and prefix of the E.164 number `number`, if the plan offers it.
pub fn locate<'p>(plan: &'p [PlanEntry], number: &str) -> Option<Located<'p>> {
    let digits = number.strip_prefix('+')?;
    plan.iter().find_map(|entry| {
        let nsn = digits.strip_prefix(entry.country_code.as_str())?;
        let prefix = entry.prefix_of(nsn)?;
        Some(Located { entry, prefix })
    })
}

/// `(NPA) NXX-XXXX` for US and Canadian numbers, the E.164 form elsewhere (Twilio's
/// `friendly_name` examples).
pub fn friendly_format(entry: &PlanEntry, number: &str) -> String {
    let nsn = number
        .strip_prefix('+')
        .and_then(|d| d.strip_prefix(entry.country_code.as_str()))
        .unwrap_or(number);
    if entry.is_nanp() && nsn.len() == 10 {
        format!("({}) {}-{}", &nsn[..3], &nsn[3..6], &nsn[6..])
    } else {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_needs_a_plus_and_2_to_15_digits() {
        assert!(is_e164("+61291234567"));
        assert!(!is_e164("61291234567"));
        assert!(!is_e164("+0291234567"));
        assert!(!is_e164("+6129123456a"));
        assert!(!is_e164("+1234567890123456"));
    }
}
