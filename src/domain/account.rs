//! Accounts and subaccounts: statuses, and who belongs to whose family.
//!
//! Twilio gives every subaccount an `owner_account_sid` naming its parent, and gives a top-level
//! account its own SID there. Only a top-level account creates subaccounts, so a family is one
//! parent and its subaccounts, and `owner_account_sid` names the family.

/// An account's `status` in the 2010 Accounts API (`account_enum_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountStatus {
    Active,
    Suspended,
    Closed,
}

impl AccountStatus {
    /// Every status, in the order Twilio's OpenAPI file lists them.
    pub const ALL: [AccountStatus; 3] = [
        AccountStatus::Active,
        AccountStatus::Suspended,
        AccountStatus::Closed,
    ];

    /// The status for its wire name (`active`, `suspended`, `closed`).
    pub fn parse(raw: &str) -> Option<AccountStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
            AccountStatus::Closed => "closed",
        }
    }
}

/// Why a status change is refused, or `None` when it may happen. Twilio documents closing as
/// permanent: a closed account cannot be reactivated.
pub fn refuse_status_change(from: AccountStatus, to: AccountStatus) -> Option<&'static str> {
    (from == AccountStatus::Closed && to != AccountStatus::Closed)
        .then_some("a closed account cannot be reopened; create a new subaccount instead")
}

/// An account's place in its family: its SID and its `owner_account_sid`.
#[derive(Clone, Copy, Debug)]
pub struct Membership<'a> {
    pub sid: &'a str,
    pub owner_account_sid: &'a str,
}

impl Membership<'_> {
    /// True for a top-level account (its own owner), which may create subaccounts.
    pub fn is_top_level(&self) -> bool {
        self.sid == self.owner_account_sid
    }
}

/// True when `a` and `b` are one account, a parent and its subaccount, or two subaccounts of
/// one parent: the accounts a bundle may be cloned between.
pub fn same_family(a: Membership<'_>, b: Membership<'_>) -> bool {
    a.owner_account_sid == b.owner_account_sid
}

/// True when `viewer` may see `account` through the 2010 Accounts API: itself, or a
/// subaccount of its own. A subaccount does not see its parent or its siblings.
pub fn can_see(viewer: &str, account: Membership<'_>) -> bool {
    account.sid == viewer || account.owner_account_sid == viewer
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARENT: Membership = Membership {
        sid: "ACp",
        owner_account_sid: "ACp",
    };
    const CHILD: Membership = Membership {
        sid: "ACc",
        owner_account_sid: "ACp",
    };
    const SIBLING: Membership = Membership {
        sid: "ACs",
        owner_account_sid: "ACp",
    };
    const STRANGER: Membership = Membership {
        sid: "ACx",
        owner_account_sid: "ACx",
    };
    const STRANGERS_CHILD: Membership = Membership {
        sid: "ACy",
        owner_account_sid: "ACx",
    };

    #[test]
    fn a_family_is_a_parent_and_its_subaccounts() {
        for (a, b) in [
            (PARENT, CHILD),
            (CHILD, PARENT),
            (CHILD, SIBLING),
            (CHILD, CHILD),
        ] {
            assert!(same_family(a, b), "{a:?} {b:?}");
        }
        for (a, b) in [
            (PARENT, STRANGER),
            (CHILD, STRANGERS_CHILD),
            (STRANGER, CHILD),
        ] {
            assert!(!same_family(a, b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn a_parent_sees_its_subaccounts_and_a_subaccount_only_itself() {
        assert!(can_see("ACp", PARENT) && can_see("ACp", CHILD));
        assert!(can_see("ACc", CHILD));
        assert!(!can_see("ACc", PARENT) && !can_see("ACc", SIBLING));
        assert!(!can_see("ACp", STRANGER) && !can_see("ACp", STRANGERS_CHILD));
        assert!(PARENT.is_top_level() && !CHILD.is_top_level());
    }

    #[test]
    fn closing_is_final() {
        use AccountStatus::*;
        assert!(refuse_status_change(Closed, Active).is_some());
        assert!(refuse_status_change(Closed, Suspended).is_some());
        assert!(refuse_status_change(Closed, Closed).is_none());
        assert!(refuse_status_change(Suspended, Active).is_none());
        assert!(refuse_status_change(Active, Closed).is_none());
        assert_eq!(AccountStatus::parse("suspended"), Some(Suspended));
        assert_eq!(AccountStatus::parse("Active"), None);
    }
}
