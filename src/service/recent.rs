//! What this replica last read about an account, trusted for a short time: the per-replica
//! caches that keep per-request facts (does the account have faults, how far its clock runs
//! ahead) off the database. A change made through this replica drops the entry at once; one made
//! through another replica on the same database is seen here within the cache's time to live.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use crate::domain::sid::AccountSid;

/// Per-account values with a time to live.
pub struct Recent<V: Copy> {
    ttl: Duration,
    entries: RwLock<HashMap<String, (V, Instant)>>,
}

impl<V: Copy> Recent<V> {
    pub fn new(ttl: Duration) -> Self {
        Recent {
            ttl,
            entries: RwLock::default(),
        }
    }

    /// The value read for `account` less than the time to live ago.
    pub fn fresh(&self, account: &str) -> Option<V> {
        let entries = self.entries.read().ok()?;
        let (value, read_at) = entries.get(account)?;
        (read_at.elapsed() < self.ttl).then_some(*value)
    }

    /// The value for `account`, from the cache or, when stale, from `read` (then remembered).
    pub fn get_or_read<E>(
        &self,
        account: &str,
        read: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        if let Some(value) = self.fresh(account) {
            return Ok(value);
        }
        let value = read()?;
        self.remember(account, value);
        Ok(value)
    }

    pub fn remember(&self, account: &str, value: V) {
        if let Ok(mut entries) = self.entries.write() {
            entries.insert(account.to_string(), (value, Instant::now()));
        }
    }

    /// Drops what is known of `account`: the next use reads the database.
    pub fn forget(&self, account: &AccountSid) {
        if let Ok(mut entries) = self.entries.write() {
            entries.remove(account.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_trusted_for_its_time_to_live_then_read_again() {
        let recent = Recent::new(Duration::from_millis(30));
        let reads = std::cell::Cell::new(0);
        let read = || {
            reads.set(reads.get() + 1);
            Ok::<_, ()>(reads.get())
        };
        assert_eq!(recent.get_or_read("AC1", read), Ok(1));
        assert_eq!(recent.get_or_read("AC1", read), Ok(1));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(recent.get_or_read("AC1", read), Ok(2));
    }

    #[test]
    fn forgetting_an_account_makes_the_next_use_read() {
        let recent = Recent::new(Duration::from_secs(60));
        let account = AccountSid::parse("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").unwrap();
        recent.remember(account.as_str(), 5);
        assert_eq!(recent.fresh(account.as_str()), Some(5));
        recent.forget(&account);
        assert_eq!(recent.fresh(account.as_str()), None);
    }

    #[test]
    fn a_failed_read_is_not_remembered() {
        let recent: Recent<i64> = Recent::new(Duration::from_secs(60));
        assert_eq!(recent.get_or_read("AC1", || Err("down")), Err("down"));
        assert_eq!(recent.fresh("AC1"), None);
    }
}
