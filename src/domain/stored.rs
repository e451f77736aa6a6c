//! Enums stored as their wire spelling in TEXT columns. Reading a value regbox did not write (a
//! corrupt row, or a newer version's status) is an error — logged where it surfaces — never a
//! silent fallback to some default status.

/// A stored enum value that is not one of the enum's spellings.
#[derive(Debug, thiserror::Error)]
#[error("unknown stored {kind} '{value}'")]
pub struct UnknownStored {
    /// What the column holds, e.g. "bundle status".
    pub kind: &'static str,
    /// The value found.
    pub value: String,
}

/// Implements `From<E> for String` and `TryFrom<String> for E` through the enum's `as_str` and
/// `parse`, which is what diesel's `serialize_as`/`deserialize_as` need.
#[macro_export]
macro_rules! stored_as_text {
    ($enum:ty, $kind:literal) => {
        impl From<$enum> for String {
            fn from(value: $enum) -> String {
                value.as_str().to_string()
            }
        }

        impl TryFrom<String> for $enum {
            type Error = $crate::domain::stored::UnknownStored;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                <$enum>::parse(&value)
                    .ok_or($crate::domain::stored::UnknownStored { kind: $kind, value })
            }
        }
    };
}
