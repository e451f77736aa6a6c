//! Bundle statuses and who may move a bundle between them.

use std::fmt;

/// Twilio's bundle statuses, spelled exactly as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BundleStatus {
    /// Editable by the owner.
    Draft,
    /// Submitted, waiting for a reviewer.
    PendingReview,
    /// A reviewer is looking at it.
    InReview,
    /// Refused; the owner may fix it and resubmit.
    TwilioRejected,
    /// Accepted; numbers can be bought with it.
    TwilioApproved,
    /// Accepted for now, pending a final decision.
    ProvisionallyApproved,
}

crate::stored_as_text!(BundleStatus, "bundle status");

/// Who asks for a status move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The account that owns the bundle, through `POST /Bundles/{Sid}`.
    Owner,
    /// The (simulated) Twilio reviewer: the auto reviewer or `/sandbox/Bundles/{Sid}/Review`.
    Reviewer,
    /// The expiry check when an approved bundle's `valid_until` passes.
    Expiry,
}

/// Every status, for parsing and listing.
pub const ALL_STATUSES: [BundleStatus; 6] = [
    BundleStatus::Draft,
    BundleStatus::PendingReview,
    BundleStatus::InReview,
    BundleStatus::TwilioRejected,
    BundleStatus::TwilioApproved,
    BundleStatus::ProvisionallyApproved,
];

impl BundleStatus {
    /// Twilio's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BundleStatus::Draft => "draft",
            BundleStatus::PendingReview => "pending-review",
            BundleStatus::InReview => "in-review",
            BundleStatus::TwilioRejected => "twilio-rejected",
            BundleStatus::TwilioApproved => "twilio-approved",
            BundleStatus::ProvisionallyApproved => "provisionally-approved",
        }
    }

    /// Parses Twilio's spelling (exactly; statuses are case-sensitive enums in the spec).
    pub fn parse(raw: &str) -> Option<BundleStatus> {
        ALL_STATUSES.into_iter().find(|s| s.as_str() == raw.trim())
    }

    /// Item assignments may change only while the owner holds the bundle.
    pub fn items_editable(self) -> bool {
        matches!(self, BundleStatus::Draft | BundleStatus::TwilioRejected)
    }

    /// A bundle under review cannot be deleted.
    pub fn deletable(self) -> bool {
        matches!(
            self,
            BundleStatus::Draft | BundleStatus::TwilioApproved | BundleStatus::TwilioRejected
        )
    }

    /// Whether a status change to `self` is reported to the bundle's StatusCallback. Twilio does
    /// not report the reviewer picking a bundle up (pending-review → in-review).
    pub fn notifies_from(self, from: BundleStatus) -> bool {
        !(from == BundleStatus::PendingReview && self == BundleStatus::InReview)
    }
}

impl fmt::Display for BundleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `actor` may move a bundle from `from` to `to`.
pub fn may_move(actor: Actor, from: BundleStatus, to: BundleStatus) -> bool {
    use BundleStatus::*;
    match actor {
        Actor::Owner => matches!((from, to), (Draft | TwilioRejected, PendingReview)),
        Actor::Reviewer => matches!(
            (from, to),
            (PendingReview, InReview)
                | (
                    PendingReview | InReview,
                    TwilioApproved | TwilioRejected | ProvisionallyApproved
                )
                | (ProvisionallyApproved, TwilioApproved | TwilioRejected)
        ),
        Actor::Expiry => matches!((from, to), (TwilioApproved, TwilioRejected)),
    }
}

/// A sentence telling `actor` which moves it may make from `from`.
pub fn allowed_moves_hint(actor: Actor, from: BundleStatus) -> String {
    let targets: Vec<&str> = ALL_STATUSES
        .into_iter()
        .filter(|to| may_move(actor, from, *to))
        .map(BundleStatus::as_str)
        .collect();
    if targets.is_empty() {
        format!("no status change is possible from {from}")
    } else {
        format!("from {from} it can move to {}", targets.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::Actor::*;
    use super::BundleStatus::*;
    use super::*;

    #[test]
    fn statuses_round_trip_through_twilio_spelling() {
        for status in ALL_STATUSES {
            assert_eq!(BundleStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(BundleStatus::parse("approved"), None);
        assert_eq!(BundleStatus::parse("TWILIO-APPROVED"), None);
    }

    #[test]
    fn the_owner_may_only_submit_a_draft_or_resubmit_a_rejected_bundle() {
        let allowed: Vec<_> = ALL_STATUSES
            .into_iter()
            .flat_map(|from| ALL_STATUSES.into_iter().map(move |to| (from, to)))
            .filter(|(from, to)| may_move(Owner, *from, *to))
            .collect();
        assert_eq!(
            allowed,
            vec![(Draft, PendingReview), (TwilioRejected, PendingReview)]
        );
    }

    #[test]
    fn the_reviewer_moves_submitted_bundles_to_a_decision() {
        assert!(may_move(Reviewer, PendingReview, InReview));
        assert!(may_move(Reviewer, InReview, TwilioApproved));
        assert!(may_move(Reviewer, InReview, TwilioRejected));
        assert!(may_move(Reviewer, InReview, ProvisionallyApproved));
        assert!(may_move(Reviewer, ProvisionallyApproved, TwilioApproved));
        assert!(may_move(Reviewer, PendingReview, TwilioApproved));
    }

    #[test]
    fn the_reviewer_cannot_touch_drafts_or_reopen_decisions() {
        assert!(!may_move(Reviewer, Draft, InReview));
        assert!(!may_move(Reviewer, Draft, TwilioApproved));
        assert!(!may_move(Reviewer, TwilioApproved, InReview));
        assert!(!may_move(Reviewer, TwilioRejected, TwilioApproved));
        assert!(!may_move(Reviewer, InReview, Draft));
        assert!(!may_move(Reviewer, InReview, PendingReview));
    }

    #[test]
    fn only_expiry_rejects_an_approved_bundle() {
        assert!(may_move(Expiry, TwilioApproved, TwilioRejected));
        assert!(!may_move(Expiry, InReview, TwilioRejected));
        assert!(!may_move(Owner, TwilioApproved, TwilioRejected));
    }

    #[test]
    fn items_are_editable_in_draft_and_rejected_only() {
        let editable: Vec<_> = ALL_STATUSES
            .into_iter()
            .filter(|s| s.items_editable())
            .collect();
        assert_eq!(editable, vec![Draft, TwilioRejected]);
    }

    #[test]
    fn picking_a_bundle_up_for_review_sends_no_callback() {
        assert!(!InReview.notifies_from(PendingReview));
        assert!(TwilioApproved.notifies_from(InReview));
        assert!(PendingReview.notifies_from(Draft));
    }
}
