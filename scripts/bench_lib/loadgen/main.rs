//! loadgen: the bounded HTTP/1.1 load generator of `scripts/bench`.
//!
//! A member of the repository's cargo workspace (standard library only, so it builds in
//! seconds); `scripts/bench` builds it with `cargo build --release -p loadgen`. Blocking keep-alive connections, one thread each; every loop stops at a deadline and
//! a request cap. Each subcommand prints exactly one JSON line on stdout (`BENCH_JSON {…}`):
//!
//!   load    --url U [--method M] [--form F] --conns N --duration S [--warmup S] [--max N]
//!   seq     --base U --conns N --duration S [--max N]       the full bundle sequence
//!   pages   --base U --page-size N --page P [--repeat R]    page 1 vs page P (keyset cursor)
//!   startup --bin PATH --dir D [--repeat R] [--database-url URL]   spawn → first 200
//!   http    --url U [--method M] [--form F]                 one request; prints the body
//!
//! Every subcommand takes `--auth user:password` (HTTP Basic).

mod args;
mod http;
mod load;
mod pages;
mod seq;
mod startup;
mod stats;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut argv = std::env::args().skip(1);
    let command = argv.next().unwrap_or_default();
    let args = match args::Args::parse(argv) {
        Ok(args) => args,
        Err(message) => return fail(&message),
    };
    let result = match command.as_str() {
        "load" => load::run(&args),
        "seq" => seq::run(&args),
        "pages" => pages::run(&args),
        "startup" => startup::run(&args),
        "http" => http::run_once(&args),
        _ => Err(format!(
            "unknown subcommand {command:?}; see the top of main.rs"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("loadgen: {message}");
    ExitCode::FAILURE
}
