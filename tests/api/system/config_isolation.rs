//! `Config::for_tests` ignores the environment: a developer's `REGBOX_*` settings must not
//! change what the tests run against.

use std::process::Command;

use regbox::config::{Config, ReviewMode, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN};

/// Set only in the child process this test starts.
const CHILD_MARKER: &str = "REGBOX_TEST_CONFIG_CHILD";
const THIS_TEST: &str =
    "system::config_isolation::test_settings_ignore_regbox_environment_variables";

#[test]
fn test_settings_ignore_regbox_environment_variables() {
    if std::env::var_os(CHILD_MARKER).is_some() {
        assert_built_from_defaults();
        return;
    }
    // Setting variables in this process would race every test reading the environment, so
    // the check runs in a child: this same test binary, this one test, with a hostile
    // environment.
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", THIS_TEST, "--nocapture", "--test-threads=1"])
        .env(CHILD_MARKER, "1")
        .envs([
            ("REGBOX_ACCOUNT_SID", "ACffffffffffffffffffffffffffffffff"),
            ("REGBOX_AUTH_TOKEN", "leaked-token"),
            ("REGBOX_REVIEW", "manual"),
            ("REGBOX_PUBLIC_URL", "https://leaked.example.com"),
            ("REGBOX_ADMIN_TOKEN", "leaked-admin"),
            ("REGBOX_MAX_UPLOAD_BYTES", "1"),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn assert_built_from_defaults() {
    assert_eq!(
        std::env::var("REGBOX_AUTH_TOKEN").as_deref(),
        Ok("leaked-token"),
        "the child must see the hostile environment"
    );
    let config = Config::for_tests("unused.db".into());
    assert_eq!(config.account_sid, DEFAULT_ACCOUNT_SID);
    assert_eq!(config.auth_token, DEFAULT_AUTH_TOKEN);
    assert_eq!(config.review, ReviewMode::Auto);
    assert_eq!(config.public_url, None);
    assert_eq!(config.admin_token, None);
    assert_eq!(config.max_upload_bytes, 5 * 1024 * 1024);
}
