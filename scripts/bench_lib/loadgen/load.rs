//! `load`: one fixed request, repeated on N connections for a bounded time (the wrk fallback,
//! and the same measurement wrk makes: requests/s and latency percentiles).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::args::Args;
use crate::http::{split_url, Client};
use crate::stats::{summarize, Json};

struct Tally {
    latencies: Vec<u64>,
    errors: u64,
    non2xx: u64,
    first_error: Option<String>,
}

pub fn run(args: &Args) -> Result<(), String> {
    let (addr, path) = split_url(args.str("url")?)?;
    let method = args.opt("method").unwrap_or("GET").to_string();
    let form = args.opt("form").map(str::to_string);
    let conns = args.num("conns", 32)?.clamp(1, 512);
    let (duration, warmup) = (args.secs("duration", 10.0)?, args.secs("warmup", 0.0)?);
    let max = args.num("max", 10_000_000)?;
    let started = Instant::now();
    let (measure_from, deadline) = (started + warmup, started + warmup + duration);
    let sent = Arc::new(AtomicU64::new(0));
    let tally = Arc::new(Mutex::new(Tally {
        latencies: Vec::new(),
        errors: 0,
        non2xx: 0,
        first_error: None,
    }));
    let workers: Vec<_> = (0..conns)
        .map(|_| {
            let (addr, path, method, form) =
                (addr.clone(), path.clone(), method.clone(), form.clone());
            let (sent, tally, auth) =
                (sent.clone(), tally.clone(), args.auth().map(str::to_string));
            thread::spawn(move || {
                let mut client = Client::new(&addr, auth.as_deref());
                let mut mine = Tally {
                    latencies: Vec::with_capacity(1 << 16),
                    errors: 0,
                    non2xx: 0,
                    first_error: None,
                };
                while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < max {
                    let t0 = Instant::now();
                    let result = client.request(&method, &path, form.as_deref());
                    let elapsed = t0.elapsed();
                    if t0 < measure_from {
                        continue;
                    }
                    match result {
                        Ok(r) if r.ok() => mine.latencies.push(elapsed.as_micros() as u64),
                        Ok(r) => {
                            mine.non2xx += 1;
                            mine.first_error.get_or_insert_with(|| {
                                format!("HTTP {}: {}", r.status, r.snippet())
                            });
                        }
                        Err(e) => {
                            mine.errors += 1;
                            mine.first_error.get_or_insert_with(|| e.to_string());
                            thread::sleep(Duration::from_millis(10));
                        }
                    }
                }
                if let Ok(mut total) = tally.lock() {
                    total.latencies.append(&mut mine.latencies);
                    total.errors += mine.errors;
                    total.non2xx += mine.non2xx;
                    if total.first_error.is_none() {
                        total.first_error = mine.first_error;
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker
            .join()
            .map_err(|_| "a worker thread panicked".to_string())?;
    }
    let elapsed = Instant::now()
        .saturating_duration_since(measure_from)
        .as_secs_f64()
        .max(1e-6);
    let tally = Arc::try_unwrap(tally)
        .map_err(|_| "tally still shared".to_string())?
        .into_inner()
        .map_err(|_| "tally poisoned".to_string())?;
    let requests = (tally.latencies.len() as u64 + tally.non2xx) as f64;
    let summary = summarize(tally.latencies);
    Json::default()
        .str("tool", "loadgen")
        .num("requests", requests)
        .num("duration_s", elapsed)
        .num("rps", requests / elapsed)
        .summary(&summary)
        .num("errors", tally.errors as f64)
        .num("non2xx", tally.non2xx as f64)
        .str("first_error", tally.first_error.as_deref().unwrap_or(""))
        .print();
    Ok(())
}
