//! `spawn_app()`: a real regbox on port 0 with a fresh database (SQLite file, or a new
//! PostgreSQL database when `TEST_DATABASE_URL` is a postgres URL), plus request helpers.

use diesel::{Connection, PgConnection, RunQueryDsl};
use regbox::config::{Config, DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN};
use regbox::db::accounts::{self, AccountRow};
use regbox::domain::sid::AccountSid;
use regbox::jobs::Jobs;
use regbox::startup::Application;
use regbox::state::AppState;
use reqwest::{Response, StatusCode};
use serde_json::Value;

/// A table-driven invalid-input case: the form, the expected Twilio code, a word the message names.
pub type FormCase<'a> = (Vec<(&'a str, &'a str)>, u64, &'a str);

/// Credentials of one account.
#[derive(Clone, Debug)]
pub struct Creds {
    pub sid: String,
    pub token: String,
}

impl Creds {
    /// The default account every test app starts with.
    pub fn default_account() -> Creds {
        Creds {
            sid: DEFAULT_ACCOUNT_SID.into(),
            token: DEFAULT_AUTH_TOKEN.into(),
        }
    }
}

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub creds: Creds,
    server: actix_web::dev::ServerHandle,
    jobs: Jobs,
    db: TestDb,
}

/// Starts a server with test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server with test settings adjusted by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_on(TestDb::create(), adjust).await
}

/// Starts a server on an existing database (a restart, or a second replica).
pub async fn spawn_app_on(db: TestDb, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = Config::for_tests(db.url.clone());
    adjust(&mut config);
    let app = Application::build(config).await.expect("app builds");
    let port = app.port();
    let state = app.state().clone();
    let (server, jobs) = app.into_parts();
    let handle = server.handle();
    tokio::spawn(server);
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
        state,
        creds: Creds::default_account(),
        server: handle,
        jobs,
        db,
    }
}

impl TestApp {
    /// Stops the server and its background loops, keeping the database for a restart.
    pub async fn stop(self) -> TestDb {
        self.jobs.stop();
        self.server.stop(false).await;
        self.db
    }

    /// A second replica on the same database (same settings adjusted by `adjust`).
    pub async fn replica(&self, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let shared = TestDb {
            url: self.db.url.clone(),
            admin_url: None,
            name: self.db.name.clone(),
            _dir: None,
        };
        spawn_app_on(shared, adjust).await
    }

    /// Absolute URL of a path such as `/v2/RegulatoryCompliance/EndUsers`.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.address)
        }
    }

    /// A form POST as the default account.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.post_as(&self.creds, path, form).await
    }

    /// A form POST as `creds`.
    pub async fn post_as(&self, creds: &Creds, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .basic_auth(&creds.sid, Some(&creds.token))
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// A GET as the default account.
    pub async fn get(&self, path: &str) -> Response {
        self.get_as(&self.creds, path).await
    }

    /// A GET as `creds`.
    pub async fn get_as(&self, creds: &Creds, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .basic_auth(&creds.sid, Some(&creds.token))
            .send()
            .await
            .expect("request sent")
    }

    /// A DELETE as the default account.
    pub async fn delete(&self, path: &str) -> Response {
        self.client
            .delete(self.url(path))
            .basic_auth(&self.creds.sid, Some(&self.creds.token))
            .send()
            .await
            .expect("request sent")
    }

    /// A second account, written straight to the database.
    pub fn create_account(&self) -> Creds {
        let creds = Creds {
            sid: AccountSid::generate().into_string(),
            token: "other-token".into(),
        };
        let mut conn = self.state.db.get().expect("connection");
        accounts::insert(
            &mut conn,
            AccountRow {
                sid: creds.sid.clone(),
                auth_token: creds.token.clone(),
                friendly_name: "second".into(),
                date_created: regbox::domain::time::now(),
            },
        )
        .expect("account inserted");
        creds
    }
}

/// Asserts the status and returns the JSON body.
pub async fn json_with_status(response: Response, expected: StatusCode) -> Value {
    let status = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(status, expected, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// Asserts a Twilio error envelope with this HTTP status and code; returns the message.
pub async fn assert_twilio_error(response: Response, status: u16, code: u64) -> String {
    let body = json_with_status(response, StatusCode::from_u16(status).unwrap()).await;
    assert_eq!(body["code"], code, "body: {body}");
    assert_eq!(body["status"], status, "body: {body}");
    assert_eq!(
        body["more_info"],
        format!("https://www.twilio.com/docs/errors/{code}")
    );
    assert!(body.get("type").is_none() && body.get("title").is_none());
    body["message"].as_str().expect("message").to_string()
}

/// Follows `meta.next_page_url` from `first` and returns every item under `meta.key`.
pub async fn collect_pages(app: &TestApp, first: &str) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut next = Some(app.url(first));
    while let Some(url) = next {
        let body = json_with_status(app.get(&url).await, StatusCode::OK).await;
        let key = body["meta"]["key"].as_str().expect("meta.key").to_string();
        items.extend(body[&key].as_array().expect("items").iter().cloned());
        next = body["meta"]["next_page_url"].as_str().map(str::to_string);
        pages += 1;
    }
    (items, pages)
}

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A fresh database for one test.
    pub fn create() -> TestDb {
        let name = format!("regbox_test_{}", uuid::Uuid::new_v4().simple());
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if regbox::db::is_postgres_url(&admin) => {
                let mut conn =
                    PgConnection::establish(&admin).expect("TEST_DATABASE_URL reachable");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create database");
                let mut url = url::Url::parse(&admin).expect("postgres URL");
                url.set_path(&name);
                TestDb {
                    url: url.to_string(),
                    admin_url: Some(admin),
                    name,
                    _dir: None,
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = dir.path().join("regbox.db").to_string_lossy().into_owned();
                TestDb {
                    url,
                    admin_url: None,
                    name,
                    _dir: Some(dir),
                }
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin) = &self.admin_url else { return };
        if let Ok(mut conn) = PgConnection::establish(admin) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}
