//! `--key value` arguments.

use std::collections::HashMap;
use std::time::Duration;

/// The parsed `--key value` pairs of one subcommand.
pub struct Args(HashMap<String, String>);

impl Args {
    pub fn parse(argv: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut map = HashMap::new();
        let mut argv = argv.peekable();
        while let Some(key) = argv.next() {
            let name = key
                .strip_prefix("--")
                .ok_or_else(|| format!("expected --key, got {key:?}"))?;
            let value = argv
                .next()
                .ok_or_else(|| format!("--{name} needs a value"))?;
            map.insert(name.to_string(), value);
        }
        Ok(Args(map))
    }

    pub fn opt(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn str(&self, key: &str) -> Result<&str, String> {
        self.opt(key).ok_or_else(|| format!("missing --{key}"))
    }

    pub fn num(&self, key: &str, default: u64) -> Result<u64, String> {
        match self.opt(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key} must be a whole number, got {v:?}")),
        }
    }

    /// Seconds, fractional allowed (`--duration 0.5`).
    pub fn secs(&self, key: &str, default: f64) -> Result<Duration, String> {
        let value = match self.opt(key) {
            None => default,
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key} must be seconds, got {v:?}"))?,
        };
        if !(0.0..=600.0).contains(&value) {
            return Err(format!("--{key} must be between 0 and 600 seconds"));
        }
        Ok(Duration::from_secs_f64(value))
    }

    pub fn auth(&self) -> Option<&str> {
        self.opt("auth")
    }
}
