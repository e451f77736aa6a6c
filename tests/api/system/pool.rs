use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::StatusCode;

use crate::helpers::{json_with_status, spawn_app_with};

const END_USERS: &str = "/v2/RegulatoryCompliance/EndUsers";

/// Drops every session of the app's database, as a PostgreSQL restart would.
fn terminate_sessions(database_url: &str) {
    let admin = std::env::var("TEST_DATABASE_URL").unwrap();
    let name = url::Url::parse(database_url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_string();
    let mut conn = PgConnection::establish(&admin).unwrap();
    let sql = format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    );
    let terminated = diesel::sql_query(sql).execute(&mut conn).unwrap();
    assert!(terminated >= 2, "only {terminated} sessions to terminate");
}

// An embedded SQLite file has no server that could drop a connection. Ignored tests count
// as skipped; scripts/test runs them with --include-ignored on PostgreSQL only.
#[tokio::test]
#[ignore = "needs PostgreSQL"]
async fn pg_only_requests_succeed_after_postgresql_drops_every_pooled_connection() {
    // Background loops would otherwise meet the dead connections first and retire them.
    let app = spawn_app_with(|c| c.worker_poll_ms = 600_000).await;
    assert!(
        app.state.config.is_postgres(),
        "pg_only_ tests need TEST_DATABASE_URL=postgres://…"
    );
    for i in 0..3 {
        app.post(
            END_USERS,
            &[
                ("FriendlyName", &format!("before {i}")),
                ("Type", "business"),
            ],
        )
        .await;
    }
    // Concurrent reads open every connection the pool allows, so all of them die below.
    futures_util::future::join_all((0..16).map(|_| app.get(END_USERS))).await;
    terminate_sessions(&app.state.config.database_url);
    // Idle connections are pinged before use, so neither reads nor writes see the dead ones.
    // "Idle" is a time, not an event: longer than ALIVE_BYPASS (1 s) in src/db/mod.rs.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    for i in 0..4 {
        let listed = json_with_status(app.get(END_USERS).await, StatusCode::OK).await;
        assert_eq!(listed["results"].as_array().unwrap().len(), 3 + i);
        let form = [
            ("FriendlyName", format!("after {i}")),
            ("Type", "business".into()),
        ];
        json_with_status(
            app.post(
                END_USERS,
                &form
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect::<Vec<_>>(),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
}
