//! `startup`: time from spawning the server to its first successful authenticated response,
//! repeated; each run gets a fresh SQLite file unless `--database-url` names a database.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::args::Args;
use crate::http::{split_url, Client};
use crate::stats::{median, Json};

const BANNER: &str = "listening on ";
const PROBE: &str = "/v2/RegulatoryCompliance/Bundles?PageSize=1";

pub fn run(args: &Args) -> Result<(), String> {
    let bin = args.str("bin")?;
    let dir = args.str("dir")?;
    let repeat = args.num("repeat", 10)?.clamp(1, 100);
    let (mut to_banner, mut to_response) = (Vec::new(), Vec::new());
    for i in 0..repeat {
        let database = match args.opt("database-url") {
            Some(url) => url.to_string(),
            None => format!("{dir}/startup-{i}.sqlite"),
        };
        let mut child = Command::new(bin)
            .env("DATABASE_URL", &database)
            .env("REGBOX_LISTEN", "127.0.0.1:0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("spawning {bin}: {e}"))?;
        let spawned = Instant::now();
        let result = first_response(&mut child, args.auth(), spawned);
        let _ = child.kill();
        let _ = child.wait();
        let (banner, response) = result?;
        to_banner.push(banner);
        to_response.push(response);
    }
    Json::default()
        .str("tool", "loadgen")
        .num("runs", repeat as f64)
        .num("banner_median_us", median(&to_banner) as f64)
        .num("median_us", median(&to_response) as f64)
        .num(
            "min_us",
            to_response.iter().copied().min().unwrap_or(0) as f64,
        )
        .num(
            "max_us",
            to_response.iter().copied().max().unwrap_or(0) as f64,
        )
        .num("errors", 0)
        .print();
    Ok(())
}

/// Microseconds from spawn to the banner and to the first 200, within 20 seconds.
fn first_response(
    child: &mut Child,
    auth: Option<&str>,
    spawned: Instant,
) -> Result<(u64, u64), String> {
    let deadline = spawned + Duration::from_secs(20);
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (lines, banner_lines) = mpsc::channel();
    // The reader thread ends when the child is killed (EOF); the server keeps writing nothing.
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let base = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line: String = banner_lines
            .recv_timeout(left)
            .map_err(|_| "no banner within 20 s".to_string())?;
        if let Some(at) = line.find(BANNER) {
            break line[at + BANNER.len()..].trim().to_string();
        }
    };
    let banner_us = spawned.elapsed().as_micros() as u64;
    let (addr, prefix) = split_url(&base)?;
    let path = format!("{}{PROBE}", prefix.trim_end_matches('/'));
    let mut last = String::new();
    while Instant::now() < deadline {
        let mut client = Client::new(&addr, auth);
        match client.request("GET", &path, None) {
            Ok(r) if r.status == 200 => {
                return Ok((banner_us, spawned.elapsed().as_micros() as u64))
            }
            Ok(r) => last = format!("HTTP {}: {}", r.status, r.snippet()),
            Err(e) => last = e.to_string(),
        }
        thread::sleep(Duration::from_micros(200));
    }
    Err(format!(
        "no 200 from {addr}{path} within 20 s; last: {last}"
    ))
}
