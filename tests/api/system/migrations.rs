use diesel_migrations::MigrationHarness;
use regbox::db::MIGRATIONS;

use crate::helpers::spawn_app;

#[tokio::test]
async fn migrations_run_up_down_and_up_again() {
    let app = spawn_app().await;
    let mut conn = app.state.db.get().unwrap();
    conn.revert_all_migrations(MIGRATIONS).expect("down");
    assert!(!conn.has_pending_migration(MIGRATIONS).map(|p| !p).unwrap());
    conn.run_pending_migrations(MIGRATIONS).expect("up again");
    assert!(!conn.has_pending_migration(MIGRATIONS).unwrap());
}
