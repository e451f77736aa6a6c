//! Cross-cutting behaviour: crashes, replicas, the pool, migrations, the served OpenAPI
//! document, error handling, and the test settings themselves.

mod concurrency;
mod config_isolation;
mod crash;
mod errors;
mod hostile_input;
mod migrations;
mod openapi;
mod pool;
mod replicas;
mod schemathesis_findings;
