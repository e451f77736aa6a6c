//! The kinds of item a bundle holds, told apart by their SID's prefix. The one place that
//! dispatches on `IT`/`RD`/`AD`: assignments, evaluation and copying all ask `ItemKind::of`.

use super::sid::{AddressSid, EndUserSid, SupportingDocumentSid};

/// What an item assignment's `object_sid` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// An end user (`IT…`).
    EndUser,
    /// A supporting document (`RD…`).
    SupportingDocument,
    /// A 2010 Address (`AD…`).
    Address,
}

impl ItemKind {
    /// Every kind, in the order evaluations list them.
    pub const ALL: [ItemKind; 3] = [
        ItemKind::EndUser,
        ItemKind::SupportingDocument,
        ItemKind::Address,
    ];

    /// The kind a SID names, by its prefix; `None` for anything a bundle cannot hold.
    pub fn of(sid: &str) -> Option<ItemKind> {
        let prefix = sid.get(..2)?;
        ItemKind::ALL
            .into_iter()
            .find(|kind| kind.prefix() == prefix)
    }

    /// The SID prefix of this kind.
    pub fn prefix(self) -> &'static str {
        match self {
            ItemKind::EndUser => EndUserSid::PREFIX,
            ItemKind::SupportingDocument => SupportingDocumentSid::PREFIX,
            ItemKind::Address => AddressSid::PREFIX,
        }
    }

    /// The SIDs of this kind among `sids`.
    pub fn select(self, sids: &[String]) -> Vec<String> {
        sids.iter()
            .filter(|sid| ItemKind::of(sid) == Some(self))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_prefix_names_its_kind_and_nothing_else_is_an_item() {
        let hex = "0123456789abcdef0123456789abcdef";
        assert_eq!(ItemKind::of(&format!("IT{hex}")), Some(ItemKind::EndUser));
        assert_eq!(
            ItemKind::of(&format!("RD{hex}")),
            Some(ItemKind::SupportingDocument)
        );
        assert_eq!(ItemKind::of(&format!("AD{hex}")), Some(ItemKind::Address));
        assert_eq!(ItemKind::of(&format!("BU{hex}")), None);
        assert_eq!(ItemKind::of("A"), None);
    }
}
