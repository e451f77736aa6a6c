//! How database and pool failures read in the core's terms (kept here so `domain/` stays free of
//! diesel).

use crate::domain::error::DomainError;

impl From<diesel::result::Error> for DomainError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => DomainError::NotFound,
            // Checked by kind, never by constraint name: SQLite does not report names.
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                DomainError::Conflict("The resource already exists".into())
            }
            // Every foreign key points at a parent (a bundle, an account, a document), so a
            // violation means the parent was deleted under this request: the row locks of
            // `db::locks` prevent that, and this keeps a missed case a 404 rather than a 500.
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                DomainError::NotFound
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                DomainError::Conflict("A concurrent request changed this resource; retry".into())
            }
            other => DomainError::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for DomainError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        DomainError::Internal(anyhow::anyhow!("database pool: {error}"))
    }
}

impl From<tokio::task::JoinError> for DomainError {
    fn from(error: tokio::task::JoinError) -> Self {
        DomainError::Internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

/// The error type of work run through `Db::read`/`Db::write`: the core's `DomainError`, or a
/// facade's own error type while it still queries the database directly.
pub trait WorkError:
    From<diesel::result::Error>
    + From<diesel::r2d2::PoolError>
    + From<tokio::task::JoinError>
    + Send
    + 'static
{
    /// Whether the failure was ours (the connection that saw it may be broken).
    fn is_internal(&self) -> bool;
}

impl WorkError for DomainError {
    fn is_internal(&self) -> bool {
        matches!(self, DomainError::Internal(_))
    }
}

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorKind, Error};

    use crate::domain::error::DomainError;

    #[test]
    fn a_foreign_key_violation_is_a_missing_parent_not_an_internal_error() {
        let violation = Error::DatabaseError(
            DatabaseErrorKind::ForeignKeyViolation,
            Box::new(
                "insert or update on table \"item_assignments\" violates foreign key".to_string(),
            ),
        );
        assert!(matches!(
            DomainError::from(violation),
            DomainError::NotFound
        ));
    }
}
