//! Gathering a bundle's items for the evaluation engine, and running and storing evaluations.

use crate::db::bundles::BundleRow;
use crate::db::evaluations::{self, EvaluationRow};
use crate::db::{addresses, end_users, item_assignments, supporting_documents, AnyConnection};
use crate::domain::catalog::Catalog;
use crate::domain::error::{DomainError, DomainResult, Refusal};
use crate::domain::evaluation::{
    evaluate, AssignedDocument, AssignedEndUser, BundleItems, Evaluation,
};
use crate::domain::item::ItemKind;
use crate::domain::sid::{AccountSid, BundleSid, EvaluationSid};
use crate::domain::values::{Attributes, EndUserType};
use crate::service::clock::{self, ClockOffsets};
use crate::state::AppState;

/// Loads everything assigned to the bundle, plus which referenced addresses exist.
pub fn load_items(conn: &mut AnyConnection, bundle: &BundleRow) -> DomainResult<BundleItems> {
    let account = bundle.account_sid.as_str();
    let sids = item_assignments::object_sids(conn, &bundle.sid)?;
    let end_users = end_users::find_many(conn, account, &ItemKind::EndUser.select(&sids))?
        .into_iter()
        .filter_map(|row| {
            Some(AssignedEndUser {
                type_: EndUserType::parse("Type", &row.type_).ok()?,
                attributes: Attributes::from_stored(&row.attributes),
                sid: row.sid,
            })
        })
        .collect();
    let documents: Vec<AssignedDocument> = supporting_documents::find_many(
        conn,
        account,
        &ItemKind::SupportingDocument.select(&sids),
    )?
    .into_iter()
    .map(|row| AssignedDocument {
        attributes: Attributes::from_stored(&row.attributes),
        type_: row.type_,
        sid: row.sid,
    })
    .collect();
    let assigned_addresses = ItemKind::Address.select(&sids);
    let mut referenced = assigned_addresses.clone();
    referenced.extend(documents.iter().flat_map(|d| d.attributes.address_sids()));
    let existing_addresses = addresses::existing_sids(conn, account, &referenced)?;
    Ok(BundleItems {
        end_users,
        documents,
        addresses: assigned_addresses,
        existing_addresses,
    })
}

/// Evaluates the bundle against its regulation.
pub fn evaluate_bundle(
    conn: &mut AnyConnection,
    catalog: &Catalog,
    bundle: &BundleRow,
) -> DomainResult<Evaluation> {
    let regulation =
        catalog
            .regulation(&bundle.regulation_sid)
            .ok_or_else(|| Refusal::RegulationNotFound {
                what: format!(
                    "bundle {}: its regulation {} is no longer in the catalog",
                    bundle.sid, bundle.regulation_sid
                ),
            })?;
    let items = load_items(conn, bundle)?;
    Ok(evaluate(regulation, &items))
}

/// Evaluates the bundle and stores the result as an Evaluation resource.
pub fn evaluate_and_store(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    catalog: &Catalog,
    bundle: &BundleRow,
) -> DomainResult<(EvaluationRow, Evaluation)> {
    let evaluation = evaluate_bundle(conn, catalog, bundle)?;
    let row = EvaluationRow {
        sid: EvaluationSid::generate().into_string(),
        bundle_sid: bundle.sid.clone(),
        account_sid: bundle.account_sid.clone(),
        regulation_sid: bundle.regulation_sid.clone(),
        status: evaluation.status,
        results: serde_json::to_string(&evaluation.results)
            .map_err(|e| DomainError::Internal(e.into()))?,
        date_created: clock::now_of(clocks, conn, &bundle.account_sid)?,
    };
    evaluations::insert(conn, &row)?;
    Ok((row, evaluation))
}

/// Why a submission is refused: the first failing requirement and how to fix it.
pub fn noncompliance_error(bundle: &BundleRow, evaluation: &Evaluation) -> Option<DomainError> {
    let failure = evaluation.first_failure()?;
    Some(
        Refusal::NotCompliant {
            bundle: bundle.sid.clone(),
            requirement: failure.requirement_friendly_name.clone(),
            requirement_name: failure.requirement_name.clone(),
            reason: failure
                .failure_reason
                .clone()
                .unwrap_or_else(|| "requirement not met".into()),
            code: failure.error_code,
        }
        .into(),
    )
}

/// Evaluates the caller's bundle now and stores the result.
pub async fn create(
    state: &AppState,
    account: AccountSid,
    sid: BundleSid,
) -> DomainResult<EvaluationRow> {
    let (catalog, clocks) = (state.catalog.clone(), state.clocks.clone());
    state
        .db
        .write(move |conn| {
            let bundle = super::locked(conn, &account, &sid)?;
            evaluate_and_store(conn, &clocks, &catalog, &bundle).map(|(row, _)| row)
        })
        .await
}

/// One stored evaluation of the caller's bundle.
pub async fn fetch(
    state: &AppState,
    account: AccountSid,
    bundle: BundleSid,
    sid: EvaluationSid,
) -> DomainResult<EvaluationRow> {
    state
        .db
        .read(move |conn| {
            let bundle = super::owned(conn, &account, &bundle)?;
            evaluations::find(conn, account.as_str(), &bundle.sid, sid.as_str())?
                .ok_or(DomainError::NotFound)
        })
        .await
}
