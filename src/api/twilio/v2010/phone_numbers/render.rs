//! How the 2010 API renders a number: `api.v2010.account.incoming_phone_number` and
//! `api.v2010.account.address.dependent_phone_number` (Twilio's spec).

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::api::twilio::v2010::addresses::rfc2822;
use crate::db::phone_numbers::PhoneNumberRow;
use crate::domain::numbers::Capabilities;

/// `capabilities`: lower-case keys, as the spec's `phone-number-capabilities` has them.
#[derive(Serialize)]
pub struct CapabilitiesResource {
    voice: bool,
    sms: bool,
    mms: bool,
    fax: bool,
}

impl From<Capabilities> for CapabilitiesResource {
    fn from(c: Capabilities) -> Self {
        CapabilitiesResource {
            voice: c.voice,
            sms: c.sms,
            mms: c.mms,
            fax: c.fax,
        }
    }
}

/// A bought number.
#[derive(Serialize)]
pub struct IncomingResource {
    account_sid: String,
    address_sid: Option<String>,
    address_requirements: String,
    api_version: String,
    beta: bool,
    capabilities: CapabilitiesResource,
    #[serde(serialize_with = "rfc2822")]
    date_created: NaiveDateTime,
    #[serde(serialize_with = "rfc2822")]
    date_updated: NaiveDateTime,
    friendly_name: String,
    identity_sid: Option<String>,
    phone_number: String,
    origin: &'static str,
    sid: String,
    sms_application_sid: Option<String>,
    sms_fallback_method: String,
    sms_fallback_url: Option<String>,
    sms_method: String,
    sms_url: Option<String>,
    status_callback: Option<String>,
    status_callback_method: String,
    trunk_sid: Option<String>,
    uri: String,
    voice_receive_mode: String,
    voice_application_sid: Option<String>,
    voice_caller_id_lookup: bool,
    voice_fallback_method: String,
    voice_fallback_url: Option<String>,
    voice_method: String,
    voice_url: Option<String>,
    emergency_status: String,
    emergency_address_sid: Option<String>,
    emergency_address_status: &'static str,
    bundle_sid: Option<String>,
    status: &'static str,
    /// Absent on the Local/Mobile/TollFree sub-lists, whose schemas in Twilio's spec lack it.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    type_: Option<String>,
}

impl IncomingResource {
    /// The resource as a type sub-list renders it.
    pub fn without_type(mut self) -> Self {
        self.type_ = None;
        self
    }
}

/// The number's 2010 URI.
fn uri_of(row: &PhoneNumberRow) -> String {
    format!(
        "/2010-04-01/Accounts/{}/IncomingPhoneNumbers/{}.json",
        row.account_sid, row.sid
    )
}

impl From<PhoneNumberRow> for IncomingResource {
    fn from(row: PhoneNumberRow) -> Self {
        IncomingResource {
            uri: uri_of(&row),
            capabilities: Capabilities::from_stored(&row.capabilities).into(),
            // regbox registers no emergency addresses with carriers; one given is taken as
            // registered at once.
            emergency_address_status: if row.emergency_address_sid.is_some() {
                "registered"
            } else {
                "unregistered"
            },
            account_sid: row.account_sid,
            address_sid: row.address_sid,
            address_requirements: row.address_requirements,
            api_version: row.api_version,
            beta: row.beta,
            date_created: row.date_created,
            date_updated: row.date_updated,
            friendly_name: row.friendly_name,
            identity_sid: row.identity_sid,
            phone_number: row.phone_number,
            origin: "twilio",
            sid: row.sid,
            sms_application_sid: row.sms_application_sid,
            sms_fallback_method: row.sms_fallback_method,
            sms_fallback_url: row.sms_fallback_url,
            sms_method: row.sms_method,
            sms_url: row.sms_url,
            status_callback: row.status_callback,
            status_callback_method: row.status_callback_method,
            trunk_sid: row.trunk_sid,
            voice_receive_mode: row.voice_receive_mode,
            voice_application_sid: row.voice_application_sid,
            voice_caller_id_lookup: row.voice_caller_id_lookup,
            voice_fallback_method: row.voice_fallback_method,
            voice_fallback_url: row.voice_fallback_url,
            voice_method: row.voice_method,
            voice_url: row.voice_url,
            emergency_status: row.emergency_status,
            emergency_address_sid: row.emergency_address_sid,
            bundle_sid: row.bundle_sid,
            status: "in-use",
            type_: Some(row.number_type),
        }
    }
}

/// A number as an address's DependentPhoneNumbers list shows it.
#[derive(Serialize)]
pub struct DependentResource {
    sid: String,
    account_sid: String,
    friendly_name: String,
    phone_number: String,
    voice_url: Option<String>,
    voice_method: String,
    voice_fallback_method: String,
    voice_fallback_url: Option<String>,
    voice_caller_id_lookup: bool,
    #[serde(serialize_with = "rfc2822")]
    date_created: NaiveDateTime,
    #[serde(serialize_with = "rfc2822")]
    date_updated: NaiveDateTime,
    sms_fallback_method: String,
    sms_fallback_url: Option<String>,
    sms_method: String,
    sms_url: Option<String>,
    address_requirements: String,
    capabilities: CapabilitiesResource,
    status_callback: Option<String>,
    status_callback_method: String,
    api_version: String,
    sms_application_sid: Option<String>,
    voice_application_sid: Option<String>,
    trunk_sid: Option<String>,
    emergency_status: String,
    emergency_address_sid: Option<String>,
    uri: String,
}

impl From<PhoneNumberRow> for DependentResource {
    fn from(row: PhoneNumberRow) -> Self {
        DependentResource {
            uri: uri_of(&row),
            capabilities: Capabilities::from_stored(&row.capabilities).into(),
            sid: row.sid,
            account_sid: row.account_sid,
            friendly_name: row.friendly_name,
            phone_number: row.phone_number,
            voice_url: row.voice_url,
            voice_method: row.voice_method,
            voice_fallback_method: row.voice_fallback_method,
            voice_fallback_url: row.voice_fallback_url,
            voice_caller_id_lookup: row.voice_caller_id_lookup,
            date_created: row.date_created,
            date_updated: row.date_updated,
            sms_fallback_method: row.sms_fallback_method,
            sms_fallback_url: row.sms_fallback_url,
            sms_method: row.sms_method,
            sms_url: row.sms_url,
            address_requirements: row.address_requirements,
            status_callback: row.status_callback,
            status_callback_method: row.status_callback_method,
            api_version: row.api_version,
            sms_application_sid: row.sms_application_sid,
            voice_application_sid: row.voice_application_sid,
            trunk_sid: row.trunk_sid,
            emergency_status: row.emergency_status,
            emergency_address_sid: row.emergency_address_sid,
        }
    }
}
