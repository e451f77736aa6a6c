//! The statuses of supporting documents, evaluations and status callbacks, spelled as on the
//! wire and stored as that text (bundle statuses, with their moves, are in `bundle.rs`).

/// Declares a status enum with its wire spelling, `parse`, `Display` and TEXT storage.
macro_rules! wire_status {
    ($(#[$doc:meta])* $name:ident, $kind:literal { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the wire spelling, exactly.
            pub fn parse(raw: &str) -> Option<$name> {
                match raw {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        crate::stored_as_text!($name, $kind);
    };
}

wire_status!(
    /// A supporting document's status (Twilio's `supporting_document_enum_status`): it follows
    /// its bundle's review in its own spelling.
    DocumentStatus, "supporting document status" {
        /// New, or in a draft bundle.
        Draft => "draft",
        /// Its bundle was submitted.
        PendingReview => "pending-review",
        /// Its bundle was rejected.
        Rejected => "rejected",
        /// Its bundle was approved.
        Approved => "approved",
        /// Its bundle's `valid_until` passed.
        Expired => "expired",
        /// Its bundle was provisionally approved.
        ProvisionallyApproved => "provisionally-approved",
    }
);

wire_status!(
    /// Where a status callback in the outbox stands.
    CallbackState, "callback state" {
        /// Waiting for (another) delivery attempt.
        Pending => "pending",
        /// The receiver answered 2xx.
        Delivered => "delivered",
        /// Every attempt failed, or the URL may not be called.
        Failed => "failed",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_round_trips_and_unknown_values_are_errors() {
        for status in [DocumentStatus::Draft, DocumentStatus::ProvisionallyApproved] {
            assert_eq!(
                DocumentStatus::try_from(String::from(status)).unwrap(),
                status
            );
        }
        let error = CallbackState::try_from("sent".to_string()).unwrap_err();
        assert_eq!(error.to_string(), "unknown stored callback state 'sent'");
    }
}
