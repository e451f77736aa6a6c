//! Numbers and applications: linking numbers the account holds to accepted applications, and
//! buying a number from the one inventory (the same as Twilio's 2010 phone numbers) with an
//! application.

use crate::db::compliance as db;
use crate::db::phone_numbers::{self, PhoneNumberRow};
use crate::domain::compliance::{application_number_type, ApplicationStatus, ComplianceRefusal};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::numbers::e164::is_e164;
use crate::domain::sid::AccountSid;
use crate::service::clock;
use crate::service::numbers::buy as inventory;
use crate::state::AppState;

/// One number to link, as sent.
#[derive(Clone, Debug, Default)]
pub struct LinkItem {
    pub number: Option<String>,
    pub compliance_application_id: Option<String>,
}

/// The outcome for one number, in request order.
#[derive(Clone, Debug)]
pub struct LinkOutcome {
    pub number: String,
    pub linked: bool,
    pub remarks: String,
}

/// `+` and the digits of a number sent with or without `+`; `None` when it is not E.164.
pub fn normalize(raw: &str) -> Option<String> {
    let digits = raw.trim().trim_start_matches('+');
    let number = format!("+{digits}");
    is_e164(&number).then_some(number)
}

/// Links each number independently; the report keeps request order.
pub async fn link(
    state: &AppState,
    account: AccountSid,
    items: Vec<LinkItem>,
) -> DomainResult<Vec<LinkOutcome>> {
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let now = clock::now_of(&clocks, conn, account.as_str())?;
            let mut report = Vec::new();
            for item in items {
                let shown = item.number.clone().unwrap_or_default();
                let remarks = (|| -> DomainResult<Result<(), &'static str>> {
                    let Some(number) = item.number.as_deref().and_then(normalize) else {
                        return Ok(Err("Number not found on your account."));
                    };
                    let Some(owned) =
                        phone_numbers::find_by_number(conn, account.as_str(), &number)?
                    else {
                        return Ok(Err("Number not found on your account."));
                    };
                    let Some(app_id) = item
                        .compliance_application_id
                        .as_deref()
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                    else {
                        return Ok(Err("compliance_application_id is required."));
                    };
                    let Some(app) = db::find(conn, account.as_str(), app_id)? else {
                        return Ok(Err("Compliance application not found."));
                    };
                    if app.status != ApplicationStatus::Accepted.as_str() {
                        return Ok(Err("Compliance application is not accepted."));
                    }
                    if !owned.iso_country.eq_ignore_ascii_case(&app.country_iso) {
                        return Ok(Err("Country mismatch"));
                    }
                    if application_number_type(&owned.number_type) != app.number_type {
                        return Ok(Err("Number type mismatch"));
                    }
                    db::link(conn, &owned.sid, &app.id, now)?;
                    Ok(Ok(()))
                })()?;
                report.push(match remarks {
                    Ok(()) => LinkOutcome {
                        number: shown,
                        linked: true,
                        remarks: "Number linked to compliance application.".into(),
                    },
                    Err(why) => LinkOutcome {
                        number: shown,
                        linked: false,
                        remarks: why.into(),
                    },
                });
            }
            Ok(report)
        })
        .await
}

/// A number the account holds, with the application it is linked to.
pub struct HeldNumber {
    pub row: PhoneNumberRow,
    pub application: Option<crate::db::compliance::ApplicationRow>,
}

/// The account's number `number` (digits, with or without `+`); `NotFound` when it holds none.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    number: String,
) -> DomainResult<HeldNumber> {
    let e164 = normalize(&number).ok_or(DomainError::NotFound)?;
    state
        .db
        .read(move |conn| {
            let row = phone_numbers::find_by_number(conn, account.as_str(), &e164)?
                .ok_or(DomainError::NotFound)?;
            let application = match db::link_of(conn, &row.sid)? {
                Some(id) => db::find(conn, account.as_str(), &id)?,
                None => None,
            };
            Ok(HeldNumber { row, application })
        })
        .await
}

/// Links one number (`POST …/Number/{number}/` with `compliance_application_id`): the Link rule
/// for a single number, refused with its remark when it fails.
pub async fn link_one(
    state: &AppState,
    account: AccountSid,
    number: String,
    compliance_application_id: String,
) -> DomainResult<()> {
    let number = if number.starts_with('+') {
        number
    } else {
        format!("+{number}")
    };
    let outcome = link(
        state,
        account,
        vec![LinkItem {
            number: Some(number),
            compliance_application_id: Some(compliance_application_id),
        }],
    )
    .await?;
    match outcome.into_iter().next() {
        Some(o) if o.linked => Ok(()),
        Some(o) if o.remarks.starts_with("Number not found") => Err(DomainError::NotFound),
        Some(o) => Err(DomainError::invalid("compliance_application_id", o.remarks)),
        None => Err(DomainError::Internal(anyhow::anyhow!("no link outcome"))),
    }
}

/// Buys `number` (digits, with or without `+`) from the one inventory; with an application,
/// only when it is the account's, accepted and for the number's country and type, and the
/// number is then linked to it. One transaction: a refusal leaves the number available.
pub async fn buy(
    state: &AppState,
    account: AccountSid,
    number: String,
    compliance_application_id: Option<String>,
) -> DomainResult<PhoneNumberRow> {
    let Some(e164) = normalize(&number) else {
        return Err(DomainError::invalid(
            "number",
            format!("'{number}' is not a phone number; send its digits with the country code"),
        ));
    };
    let application = compliance_application_id
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    let catalog = state.catalog.clone();
    let clocks = state.clocks.clone();
    state
        .db
        .write(move |conn| {
            let app = match &application {
                None => None,
                Some(id) => {
                    Some(db::find(conn, account.as_str(), id)?.ok_or(DomainError::NotFound)?)
                }
            };
            if let Some(app) = &app {
                if app.status != ApplicationStatus::Accepted.as_str() {
                    let status = ApplicationStatus::parse(&app.status)
                        .map_or("unknown", ApplicationStatus::as_str);
                    return Err(ComplianceRefusal::NotAccepted {
                        compliance_id: app.id.clone(),
                        status,
                    }
                    .into());
                }
                let located = inventory::located(&catalog, &e164)?;
                let (country, number_type) = (
                    located.entry.iso_country.clone(),
                    application_number_type(located.entry.number_type.as_str()).to_string(),
                );
                if !country.eq_ignore_ascii_case(&app.country_iso) {
                    return Err(ComplianceRefusal::CountryMismatch {
                        number: e164.clone(),
                        expected: app.country_iso.clone(),
                        found: country,
                    }
                    .into());
                }
                if number_type != app.number_type {
                    return Err(ComplianceRefusal::NumberTypeMismatch {
                        number: e164.clone(),
                        expected: app.number_type.clone(),
                        found: number_type,
                    }
                    .into());
                }
            }
            let row = inventory::take(conn, &clocks, &catalog, &account, &e164)?;
            if let Some(app) = app {
                let now = clock::now_of(&clocks, conn, account.as_str())?;
                db::link(conn, &row.sid, &app.id, now)?;
            }
            Ok(row)
        })
        .await
}
