//! A Bundle Copy keeps the address it was copied with (Twilio error 22229: "The Address in the
//! Bundle Copy must be the same as in the destination Bundle and cannot be removed"), because
//! ReplaceItems later moves the copy's items onto the original, whose phone numbers use that
//! address. See docs/BUNDLE_COPIES.md.
//!
//! The addresses a bundle holds are its assigned `AD…` items plus the `address_sids` its assigned
//! documents name. On a copy, unassigning an address or a document that names one is refused,
//! and so is assigning an item or editing a document's `address_sids` in a way that changes the
//! addresses it holds. Every check runs inside the caller's transaction, after the bundle row
//! (or the document row) is locked, so a concurrent edit cannot slip past it.

use std::collections::BTreeSet;

use super::evaluate::load_items;
use crate::db::bundles::BundleRow;
use crate::db::{item_assignments, supporting_documents, AnyConnection};
use crate::domain::error::{CopyAddressChange, DomainResult, Refusal};
use crate::domain::item::ItemKind;
use crate::domain::values::Attributes;

/// Refuses to unassign `object_sid` from a copy when it is an address or names one.
pub fn ensure_removable(
    conn: &mut AnyConnection,
    bundle: &BundleRow,
    object_sid: &str,
) -> DomainResult<()> {
    let Some(original) = &bundle.copied_from else {
        return Ok(());
    };
    let addresses = addresses_of_item(conn, &bundle.account_sid, object_sid)?;
    if addresses.is_empty() {
        return Ok(());
    }
    Err(refusal(
        bundle,
        original,
        CopyAddressChange::Remove {
            item: object_sid.to_string(),
            addresses: addresses.into_iter().collect(),
        },
    ))
}

/// Refuses to assign `object_sid` to a copy when it names an address the copy does not hold.
pub fn ensure_assignable(
    conn: &mut AnyConnection,
    bundle: &BundleRow,
    object_sid: &str,
) -> DomainResult<()> {
    let Some(original) = &bundle.copied_from else {
        return Ok(());
    };
    let addresses = addresses_of_item(conn, &bundle.account_sid, object_sid)?;
    if addresses.is_empty() {
        return Ok(());
    }
    let held = addresses_held(conn, bundle)?;
    if addresses.is_subset(&held) {
        return Ok(());
    }
    Err(refusal(
        bundle,
        original,
        CopyAddressChange::Add {
            item: object_sid.to_string(),
            addresses: addresses.into_iter().collect(),
            held: held.into_iter().collect(),
        },
    ))
}

/// Refuses new `attributes` for a document assigned to a copy when they change the addresses it
/// names. The caller holds the document's row lock.
pub fn ensure_document_keeps_addresses(
    conn: &mut AnyConnection,
    account: &str,
    document: &str,
    attributes: Option<&str>,
) -> DomainResult<()> {
    let Some(attributes) = attributes else {
        return Ok(());
    };
    let Some(copy) = item_assignments::copies_holding(conn, document)?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let from = addresses_of_item(conn, account, document)?;
    let to: BTreeSet<String> = Attributes::from_stored(attributes)
        .address_sids()
        .into_iter()
        .collect();
    if from == to {
        return Ok(());
    }
    let original = copy.copied_from.clone().unwrap_or_default();
    Err(refusal(
        &copy,
        &original,
        CopyAddressChange::Retarget {
            document: document.to_string(),
            from: from.into_iter().collect(),
        },
    ))
}

/// The addresses an item stands for: itself for an address, the `address_sids` of a document,
/// none for an end user.
fn addresses_of_item(
    conn: &mut AnyConnection,
    account: &str,
    sid: &str,
) -> DomainResult<BTreeSet<String>> {
    Ok(match ItemKind::of(sid) {
        Some(ItemKind::Address) => BTreeSet::from([sid.to_string()]),
        Some(ItemKind::SupportingDocument) => supporting_documents::find(conn, account, sid)?
            .map(|row| Attributes::from_stored(&row.attributes).address_sids())
            .unwrap_or_default()
            .into_iter()
            .collect(),
        _ => BTreeSet::new(),
    })
}

/// Every address the bundle holds, assigned or named by an assigned document.
fn addresses_held(conn: &mut AnyConnection, bundle: &BundleRow) -> DomainResult<BTreeSet<String>> {
    let items = load_items(conn, bundle)?;
    let named = items
        .documents
        .iter()
        .flat_map(|document| document.attributes.address_sids());
    Ok(items.addresses.iter().cloned().chain(named).collect())
}

fn refusal(
    bundle: &BundleRow,
    original: &str,
    change: CopyAddressChange,
) -> crate::domain::error::DomainError {
    Refusal::CopyAddressFixed {
        bundle: bundle.sid.clone(),
        original: original.to_string(),
        change,
    }
    .into()
}
