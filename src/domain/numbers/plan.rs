//! The numbering plan: for each country and number type, the prefixes regbox offers numbers
//! under, how long a national number is, and what a buyer must bring. It is data
//! (`catalog/numbering.json`, extendable by the `REGBOX_CATALOG` file under `"numbering"`), so a
//! wrong default is corrected without a code change.

use serde::Deserialize;

/// The number types of Twilio's AvailablePhoneNumbers sub-lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberType {
    Local,
    Mobile,
    TollFree,
    National,
    Voip,
    SharedCost,
    MachineToMachine,
}

impl NumberType {
    /// Every type, in the order a country's `subresource_uris` lists them.
    pub const ALL: [NumberType; 7] = [
        NumberType::Local,
        NumberType::Mobile,
        NumberType::TollFree,
        NumberType::National,
        NumberType::Voip,
        NumberType::SharedCost,
        NumberType::MachineToMachine,
    ];

    /// The spelling regulations use (`NumberType` of a regulation) and the number's `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberType::Local => "local",
            NumberType::Mobile => "mobile",
            NumberType::TollFree => "toll-free",
            NumberType::National => "national",
            NumberType::Voip => "voip",
            NumberType::SharedCost => "shared-cost",
            NumberType::MachineToMachine => "machine-to-machine",
        }
    }

    /// The type stored as `as_str()` spells it.
    pub fn from_stored(raw: &str) -> Option<NumberType> {
        NumberType::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// The path segment of the type's list, e.g. `TollFree` in `…/AU/TollFree.json`.
    pub fn path_segment(self) -> &'static str {
        match self {
            NumberType::Local => "Local",
            NumberType::Mobile => "Mobile",
            NumberType::TollFree => "TollFree",
            NumberType::National => "National",
            NumberType::Voip => "Voip",
            NumberType::SharedCost => "SharedCost",
            NumberType::MachineToMachine => "MachineToMachine",
        }
    }

    /// The key in a country's `subresource_uris`, e.g. `toll_free`.
    pub fn subresource_key(self) -> &'static str {
        match self {
            NumberType::TollFree => "toll_free",
            NumberType::SharedCost => "shared_cost",
            NumberType::MachineToMachine => "machine_to_machine",
            other => other.as_str(),
        }
    }

    /// The type whose path segment is `segment` (exact case, as Twilio's paths are).
    pub fn from_path_segment(segment: &str) -> Option<NumberType> {
        NumberType::ALL
            .into_iter()
            .find(|t| t.path_segment() == segment)
    }
}

/// What address a buyer must give (`address_requirements`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddressRequirement {
    /// No address needed.
    None,
    /// An address anywhere.
    Any,
    /// An address in the number's country.
    Local,
    /// An address outside the number's country.
    Foreign,
}

impl AddressRequirement {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AddressRequirement::None => "none",
            AddressRequirement::Any => "any",
            AddressRequirement::Local => "local",
            AddressRequirement::Foreign => "foreign",
        }
    }

    /// Parses a stored value; anything unknown reads as `any` (the stricter default).
    pub fn from_stored(raw: &str) -> AddressRequirement {
        match raw {
            "none" => AddressRequirement::None,
            "local" => AddressRequirement::Local,
            "foreign" => AddressRequirement::Foreign,
            _ => AddressRequirement::Any,
        }
    }
}

/// What a number can do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    #[serde(default)]
    pub voice: bool,
    #[serde(default)]
    pub sms: bool,
    #[serde(default)]
    pub mms: bool,
    #[serde(default)]
    pub fax: bool,
}

impl Capabilities {
    /// The stored form: the capable ones, comma-separated (`voice,sms`).
    pub fn to_stored(self) -> String {
        let all = [
            ("voice", self.voice),
            ("sms", self.sms),
            ("mms", self.mms),
            ("fax", self.fax),
        ];
        let names: Vec<&str> = all
            .iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| *name)
            .collect();
        names.join(",")
    }

    /// Reads `to_stored`'s form.
    pub fn from_stored(raw: &str) -> Capabilities {
        let has = |name: &str| raw.split(',').any(|n| n == name);
        Capabilities {
            voice: has("voice"),
            sms: has("sms"),
            mms: has("mms"),
            fax: has("fax"),
        }
    }
}

/// A range of numbers inside one plan entry, with what a search shows about its numbers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prefix {
    /// Digits after the country code, e.g. `29` (Sydney) or `510` (a US area code).
    pub prefix: String,
    /// Overrides the entry's national number length for this prefix (JP `120` numbers are shorter).
    pub nsn_length: Option<usize>,
    pub region: Option<String>,
    pub locality: Option<String>,
    /// US and Canada only, as in Twilio's responses.
    pub postal_code: Option<String>,
    pub lata: Option<String>,
    pub rate_center: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
}

/// The numbers of one country and type.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanEntry {
    /// Upper-case ISO 3166-1 alpha-2 code.
    pub iso_country: String,
    /// The country's English name (`country` of the countries list).
    pub country: String,
    /// Digits of the international calling code, e.g. `61`.
    pub country_code: String,
    pub number_type: NumberType,
    /// Digits after the country code.
    pub nsn_length: usize,
    pub address_requirements: AddressRequirement,
    pub capabilities: Capabilities,
    /// Twilio's "new to Twilio" flag; `false` unless the entry says so.
    #[serde(default)]
    pub beta: bool,
    pub prefixes: Vec<Prefix>,
}

impl PlanEntry {
    /// True for the North American Numbering Plan (US, CA), whose numbers format as
    /// `(NPA) NXX-XXXX` and whose exchange code cannot start with 0 or 1.
    pub fn is_nanp(&self) -> bool {
        self.country_code == "1"
    }

    /// The national number length under `prefix`.
    pub fn length_under(&self, prefix: &Prefix) -> usize {
        prefix.nsn_length.unwrap_or(self.nsn_length)
    }

    /// The prefix whose range holds the national number `nsn`, if any.
    pub fn prefix_of(&self, nsn: &str) -> Option<&Prefix> {
        self.prefixes.iter().find(|p| {
            nsn.starts_with(&p.prefix)
                && nsn.len() == self.length_under(p)
                && (!self.is_nanp() || nanp_exchange_ok(nsn))
        })
    }

    /// `key` of the entry for errors and merges, e.g. `AU local`.
    pub fn label(&self) -> String {
        format!("{} {}", self.iso_country, self.number_type.as_str())
    }

    /// What is wrong with the entry, if anything.
    pub fn problem(&self) -> Option<String> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if self.iso_country.len() != 2 || !self.iso_country.bytes().all(|b| b.is_ascii_uppercase())
        {
            return Some("iso_country must be two upper-case letters".into());
        }
        if !digits(&self.country_code) || self.country_code.len() > 3 {
            return Some("country_code must be 1 to 3 digits".into());
        }
        if self.prefixes.is_empty() {
            return Some("prefixes must not be empty".into());
        }
        self.prefixes.iter().find_map(|p| {
            let length = self.length_under(p);
            if !digits(&p.prefix) {
                Some(format!("prefix \"{}\" must be digits", p.prefix))
            } else if length <= p.prefix.len() || length + self.country_code.len() > 15 {
                Some(format!(
                    "prefix \"{}\": nsn_length {length} must exceed the prefix and fit E.164's 15 digits",
                    p.prefix
                ))
            } else {
                None
            }
        })
    }
}

/// NANP: the exchange code (4th national digit) is 2–9.
pub fn nanp_exchange_ok(nsn: &str) -> bool {
    nsn.as_bytes()
        .get(3)
        .is_some_and(|d| (b'2'..=b'9').contains(d))
}
