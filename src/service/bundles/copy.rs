//! Copying a bundle and its items into a new bundle: `POST /Bundles/{Sid}/Copies` (same account)
//! and `POST /Bundles/{Sid}/Clones` (another account). Runs inside the caller's transaction.
//!
//! End users and supporting documents (with their uploaded files) are copied to new SIDs, so
//! editing the copy never touches the original. Addresses are shared within an account, so a
//! Copy assigns the same `AD…` SIDs; a Clone lives in another account, where those addresses do
//! not exist, so each one (assigned, or named in an item's `address_sids`) is copied there too
//! and the copied items name the new SIDs.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde_json::Value;

use crate::db::addresses;
use crate::db::bundles::{self, BundleRow};
use crate::db::end_users::{self, EndUserRow};
use crate::db::item_assignments::{self, ItemAssignmentRow};
use crate::db::locks::{self, ItemLock};
use crate::db::supporting_documents::{self, SupportingDocumentFileRow, SupportingDocumentRow};
use crate::db::AnyConnection;
use crate::domain::bundle::BundleStatus;
use crate::domain::catalog::ADDRESS_FIELD;
use crate::domain::error::DomainResult;
use crate::domain::item::ItemKind;
use crate::domain::sid::{
    AddressSid, BundleSid, EndUserSid, ItemAssignmentSid, SupportingDocumentSid,
};
use crate::domain::statuses::DocumentStatus;
use crate::domain::values::Attributes;
use crate::service::clock::{self, ClockOffsets};

/// What the new bundle is: whose, called what, in which status.
#[derive(Clone, Debug)]
pub struct CopyTarget {
    /// The account the copy belongs to (the source's own for a Copy).
    pub account_sid: String,
    /// The copy's friendly name.
    pub friendly_name: String,
    /// `draft` for a Copy; `twilio-approved` or `draft` for a Clone.
    pub status: BundleStatus,
    /// Kept by an approved Clone; `None` otherwise.
    pub valid_until: Option<NaiveDateTime>,
    /// The original, for `GET /Bundles/{Sid}/Copies`; `None` for a Clone.
    pub copied_from: Option<String>,
}

/// Creates the new bundle with copies of every item assigned to `source`; returns its row.
pub fn copy_bundle(
    conn: &mut AnyConnection,
    clocks: &ClockOffsets,
    source: &BundleRow,
    target: CopyTarget,
) -> DomainResult<BundleRow> {
    let now = clock::now_of(clocks, conn, &target.account_sid)?;
    let row = BundleRow {
        sid: BundleSid::generate().into_string(),
        account_sid: target.account_sid.clone(),
        regulation_sid: source.regulation_sid.clone(),
        friendly_name: target.friendly_name,
        email: source.email.clone(),
        // The URL was chosen by the source account; in another account the callback would be
        // signed with that account's token and report its bundle to the source's endpoint.
        status_callback: if target.account_sid == source.account_sid {
            source.status_callback.clone()
        } else {
            None
        },
        status: target.status,
        failure_reason: None,
        valid_until: target.valid_until,
        is_test: source.is_test,
        copied_from: target.copied_from,
        review_due_at: None,
        date_created: now,
        date_updated: now,
    };
    bundles::insert(conn, &row)?;
    let mut copier = Copier {
        from_account: source.account_sid.clone(),
        to_account: target.account_sid,
        // An approved Clone's documents stay approved; a draft's documents start as drafts.
        keep_document_status: target.status != BundleStatus::Draft,
        addresses: HashMap::new(),
        now,
    };
    copier.assign_copies(conn, &source.sid, &row.sid)?;
    Ok(row)
}

/// Copies items from one account to another (or the same), remembering copied addresses so an
/// address named twice is copied once.
struct Copier {
    from_account: String,
    to_account: String,
    keep_document_status: bool,
    addresses: HashMap<String, String>,
    now: NaiveDateTime,
}

impl Copier {
    /// Assigns to `bundle` a copy of every item of `source`, in the source's order.
    fn assign_copies(
        &mut self,
        conn: &mut AnyConnection,
        source: &str,
        bundle: &str,
    ) -> DomainResult<()> {
        for object_sid in item_assignments::object_sids(conn, source)? {
            let Some(copied) = self.copy_object(conn, &object_sid)? else {
                continue;
            };
            let assignment = ItemAssignmentRow {
                sid: ItemAssignmentSid::generate().into_string(),
                bundle_sid: bundle.to_string(),
                account_sid: self.to_account.clone(),
                object_sid: copied,
                date_created: self.now,
            };
            item_assignments::insert(conn, &assignment)?;
        }
        Ok(())
    }

    /// The SID to assign in place of `sid`, or `None` if the item no longer exists.
    fn copy_object(&mut self, conn: &mut AnyConnection, sid: &str) -> DomainResult<Option<String>> {
        match ItemKind::of(sid) {
            Some(ItemKind::EndUser) => self.end_user(conn, sid),
            Some(ItemKind::SupportingDocument) => self.document(conn, sid),
            Some(ItemKind::Address) => self.address(conn, sid),
            None => Ok(None),
        }
    }

    fn end_user(&mut self, conn: &mut AnyConnection, sid: &str) -> DomainResult<Option<String>> {
        let Some(original) = end_users::find(conn, &self.from_account, sid)? else {
            return Ok(None);
        };
        let row = EndUserRow {
            sid: EndUserSid::generate().into_string(),
            account_sid: self.to_account.clone(),
            attributes: self.rewrite_addresses(conn, &original.attributes)?,
            date_created: self.now,
            date_updated: self.now,
            ..original
        };
        end_users::insert(conn, &row)?;
        Ok(Some(row.sid))
    }

    fn document(&mut self, conn: &mut AnyConnection, sid: &str) -> DomainResult<Option<String>> {
        let Some(original) = supporting_documents::find(conn, &self.from_account, sid)? else {
            return Ok(None);
        };
        let file = supporting_documents::find_file(conn, &self.from_account, sid)?;
        let new_sid = SupportingDocumentSid::generate().into_string();
        let (status, failure_reason, errors) = if self.keep_document_status {
            (
                original.status,
                original.failure_reason.clone(),
                original.errors.clone(),
            )
        } else {
            (DocumentStatus::Draft, None, None)
        };
        let row = SupportingDocumentRow {
            sid: new_sid.clone(),
            account_sid: self.to_account.clone(),
            attributes: self.rewrite_addresses(conn, &original.attributes)?,
            status,
            failure_reason,
            errors,
            date_created: self.now,
            date_updated: self.now,
            ..original
        };
        let file = file.map(|f| SupportingDocumentFileRow {
            document_sid: new_sid.clone(),
            date_created: self.now,
            ..f
        });
        supporting_documents::insert(conn, &row, file)?;
        Ok(Some(new_sid))
    }

    /// Within one account an address is shared; across accounts it is copied (once).
    fn address(&mut self, conn: &mut AnyConnection, sid: &str) -> DomainResult<Option<String>> {
        if self.from_account == self.to_account {
            // Shared, so locked as an assignment locks it: a concurrent delete waits.
            let exists = locks::item(conn, &self.from_account, sid, ItemLock::Share)?;
            return Ok(exists.then(|| sid.to_string()));
        }
        if let Some(copied) = self.addresses.get(sid) {
            return Ok(Some(copied.clone()));
        }
        let Some(original) = addresses::find(conn, &self.from_account, sid)? else {
            return Ok(None);
        };
        let row = addresses::AddressRow {
            sid: AddressSid::generate().into_string(),
            account_sid: self.to_account.clone(),
            date_created: self.now,
            date_updated: self.now,
            ..original
        };
        addresses::insert(conn, &row)?;
        self.addresses.insert(sid.to_string(), row.sid.clone());
        Ok(Some(row.sid))
    }

    /// The item's attributes with `address_sids` naming the target account's addresses. SIDs
    /// that name no address of the source account are kept as they are.
    fn rewrite_addresses(
        &mut self,
        conn: &mut AnyConnection,
        stored: &str,
    ) -> DomainResult<String> {
        if self.from_account == self.to_account {
            return Ok(stored.to_string());
        }
        let mut attributes = Attributes::from_stored(stored);
        let sids = attributes.address_sids();
        if sids.is_empty() {
            return Ok(stored.to_string());
        }
        let mut copied = Vec::with_capacity(sids.len());
        for sid in sids {
            copied.push(self.address(conn, &sid)?.unwrap_or(sid));
        }
        // Written back in the form the item used; the evaluation reads both.
        let rewritten = match attributes.0.get(ADDRESS_FIELD) {
            Some(Value::String(_)) => Value::String(copied.join(",")),
            _ => Value::from(copied),
        };
        attributes.0.insert(ADDRESS_FIELD.to_string(), rewritten);
        Ok(attributes.to_json())
    }
}
