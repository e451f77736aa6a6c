//! The IncomingPhoneNumbers form bodies and list filters, as the helper libraries send them.

use serde::Deserialize;

use crate::service::numbers::{NumberListQuery, NumberSettings, NumberUpdate, PurchaseRequest};

/// The routing and identity fields both create and update take.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SettingsForm {
    friendly_name: Option<String>,
    api_version: Option<String>,
    voice_url: Option<String>,
    voice_method: Option<String>,
    voice_fallback_url: Option<String>,
    voice_fallback_method: Option<String>,
    voice_caller_id_lookup: Option<String>,
    voice_application_sid: Option<String>,
    voice_receive_mode: Option<String>,
    trunk_sid: Option<String>,
    sms_url: Option<String>,
    sms_method: Option<String>,
    sms_fallback_url: Option<String>,
    sms_fallback_method: Option<String>,
    sms_application_sid: Option<String>,
    status_callback: Option<String>,
    status_callback_method: Option<String>,
    emergency_status: Option<String>,
    emergency_address_sid: Option<String>,
    identity_sid: Option<String>,
}

impl From<SettingsForm> for NumberSettings {
    fn from(f: SettingsForm) -> Self {
        NumberSettings {
            friendly_name: f.friendly_name,
            api_version: f.api_version,
            voice_url: f.voice_url,
            voice_method: f.voice_method,
            voice_fallback_url: f.voice_fallback_url,
            voice_fallback_method: f.voice_fallback_method,
            voice_caller_id_lookup: f.voice_caller_id_lookup,
            voice_application_sid: f.voice_application_sid,
            voice_receive_mode: f.voice_receive_mode,
            trunk_sid: f.trunk_sid,
            sms_url: f.sms_url,
            sms_method: f.sms_method,
            sms_fallback_url: f.sms_fallback_url,
            sms_fallback_method: f.sms_fallback_method,
            sms_application_sid: f.sms_application_sid,
            status_callback: f.status_callback,
            status_callback_method: f.status_callback_method,
            emergency_status: f.emergency_status,
            emergency_address_sid: f.emergency_address_sid,
            identity_sid: f.identity_sid,
        }
    }
}

/// `POST …/IncomingPhoneNumbers[/Local|/Mobile|/TollFree].json` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PurchaseForm {
    phone_number: Option<String>,
    area_code: Option<String>,
    bundle_sid: Option<String>,
    address_sid: Option<String>,
    #[serde(flatten)]
    settings: SettingsForm,
}

impl From<PurchaseForm> for PurchaseRequest {
    fn from(f: PurchaseForm) -> Self {
        PurchaseRequest {
            phone_number: f.phone_number,
            area_code: f.area_code,
            bundle_sid: f.bundle_sid,
            address_sid: f.address_sid,
            settings: f.settings.into(),
        }
    }
}

/// `POST …/IncomingPhoneNumbers/{Sid}.json` body.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateForm {
    bundle_sid: Option<String>,
    address_sid: Option<String>,
    account_sid: Option<String>,
    #[serde(flatten)]
    settings: SettingsForm,
}

impl From<UpdateForm> for NumberUpdate {
    fn from(f: UpdateForm) -> Self {
        NumberUpdate {
            bundle_sid: f.bundle_sid,
            address_sid: f.address_sid,
            account_sid: f.account_sid,
            settings: f.settings.into(),
        }
    }
}

/// `GET …/IncomingPhoneNumbers.json` filters.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListFilters {
    beta: Option<String>,
    friendly_name: Option<String>,
    phone_number: Option<String>,
    origin: Option<String>,
}

impl From<ListFilters> for NumberListQuery {
    fn from(f: ListFilters) -> Self {
        NumberListQuery {
            beta: f.beta,
            friendly_name: f.friendly_name,
            phone_number: f.phone_number,
            origin: f.origin,
        }
    }
}
