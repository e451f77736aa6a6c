//! The machine's limit for regbox's stack, for `scripts/bench`: actix-web on the same worker
//! count, answering every request with a canned bundle-sized JSON body and touching no database.
//! `GET …/Bundles` returns a page of 50 bundles (the list workload's body), any other GET one
//! bundle, and a POST reads its body and returns one bundle with 201, as a create does.
//!
//! Listens on `BENCH_STATIC_LISTEN` (default `127.0.0.1:0`) and prints
//! `bench_static listening on http://HOST:PORT`.

use std::io::Write;
use std::net::TcpListener;

use actix_web::http::Method;
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};

/// A bundle as regbox renders it (same fields, same lengths), so both servers send as many bytes.
const BUNDLE: &str = concat!(
    r#"{"sid":"BU01a1ff63e7bc725d90a5909498673790","account_sid":"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","#,
    r#""regulation_sid":"RNd8216444a5d16042751765161692c7e1","friendly_name":"bench","status":"draft","#,
    r#""valid_until":null,"email":"bench@example.com","status_callback":null,"#,
    r#""date_created":"2026-11-21T18:34:59Z","date_updated":"2026-11-21T18:35:00Z","#,
    r#""url":"http://127.0.0.1:8080/v2/RegulatoryCompliance/Bundles/BU01a1ff63e7bc725d90a5909498673790","#,
    r#""links":{"evaluations":"http://127.0.0.1:8080/v2/RegulatoryCompliance/Bundles/BU01a1ff63e7bc725d90a5909498673790/Evaluations","#,
    r#""item_assignments":"http://127.0.0.1:8080/v2/RegulatoryCompliance/Bundles/BU01a1ff63e7bc725d90a5909498673790/ItemAssignments","#,
    r#""bundle_copies":"http://127.0.0.1:8080/v2/RegulatoryCompliance/Bundles/BU01a1ff63e7bc725d90a5909498673790/Copies"}}"#
);

/// The pre-rendered responses.
struct Bodies {
    one: Bytes,
    page: Bytes,
}

/// A list page of 50 bundles with regbox's `meta` envelope.
fn page_body() -> String {
    let results = vec![BUNDLE; 50].join(",");
    let base = "http://127.0.0.1:8080/v2/RegulatoryCompliance/Bundles?PageSize=50";
    format!(
        r#"{{"meta":{{"first_page_url":"{base}&Page=0","key":"results","next_page_url":"{base}&Page=1&PageToken=PTMjAyNi0xMS0yMVQxODozNDo1OVomQlUwMWExZmY2M2U3YmM3MjVkOTBhNTkwOTQ5ODY3Mzc5MA","page":0,"page_size":50,"previous_page_url":null,"url":"{base}&Page=0"}},"results":[{results}]}}"#
    )
}

async fn respond(req: HttpRequest, _body: Bytes, bodies: web::Data<Bodies>) -> HttpResponse {
    if req.method() == Method::POST {
        return HttpResponse::Created()
            .content_type("application/json")
            .body(bodies.one.clone());
    }
    let body = if req.path().ends_with("/Bundles") {
        &bodies.page
    } else {
        &bodies.one
    };
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body.clone())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let listen = std::env::var("BENCH_STATIC_LISTEN").unwrap_or_else(|_| "127.0.0.1:0".to_string());
    let listener = TcpListener::bind(&listen)?;
    let addr = listener.local_addr()?;
    let bodies = web::Data::new(Bodies {
        one: Bytes::from_static(BUNDLE.as_bytes()),
        page: Bytes::from(page_body()),
    });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(bodies.clone())
            .default_service(web::to(respond))
    })
    .listen(listener)?
    .run();
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(format!("bench_static listening on http://{addr}\n").as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    server.await
}
