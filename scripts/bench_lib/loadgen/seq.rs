//! `seq`: the full onboarding sequence a customer's code runs, repeated by N concurrent clients:
//! create bundle → create end user → create address → assign both → evaluate → submit.
//! Measured as sequences per second and the latency of each step.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::args::Args;
use crate::http::{form, split_url, Client, Response};
use crate::stats::{summarize, Json};

const STEPS: [&str; 7] = [
    "create_bundle",
    "create_end_user",
    "create_address",
    "assign_end_user",
    "assign_address",
    "evaluate",
    "submit",
];

#[derive(Default)]
struct Tally {
    steps: [Vec<u64>; 7],
    sequences: Vec<u64>,
    failures: u64,
    first_error: Option<String>,
}

impl Tally {
    fn merge(&mut self, mut other: Tally) {
        for (mine, theirs) in self.steps.iter_mut().zip(other.steps.iter_mut()) {
            mine.append(theirs);
        }
        self.sequences.append(&mut other.sequences);
        self.failures += other.failures;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let (addr, prefix) = split_url(args.str("base")?)?;
    let prefix = prefix.trim_end_matches('/').to_string();
    let auth = args.str("auth")?.to_string();
    let account = auth.split(':').next().unwrap_or_default().to_string();
    let conns = args.num("conns", 16)?.clamp(1, 256);
    let max = args.num("max", 1_000_000)?;
    let started = Instant::now();
    let deadline = started + args.secs("duration", 10.0)?;
    let begun = Arc::new(AtomicU64::new(0));
    let total = Arc::new(Mutex::new(Tally::default()));
    let workers: Vec<_> = (0..conns)
        .map(|worker| {
            let (addr, prefix, auth, account) =
                (addr.clone(), prefix.clone(), auth.clone(), account.clone());
            let (begun, total) = (begun.clone(), total.clone());
            thread::spawn(move || {
                let mut client = Client::new(&addr, Some(&auth));
                let mut mine = Tally::default();
                while Instant::now() < deadline && begun.fetch_add(1, Ordering::Relaxed) < max {
                    let t0 = Instant::now();
                    match sequence(&mut client, &prefix, &account, worker, &mut mine.steps) {
                        Ok(()) => mine.sequences.push(t0.elapsed().as_micros() as u64),
                        Err(e) => {
                            mine.failures += 1;
                            mine.first_error.get_or_insert(e);
                            thread::sleep(Duration::from_millis(10));
                        }
                    }
                }
                if let Ok(mut total) = total.lock() {
                    total.merge(mine);
                }
            })
        })
        .collect();
    for worker in workers {
        worker
            .join()
            .map_err(|_| "a worker thread panicked".to_string())?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let tally = std::mem::take(&mut *total.lock().map_err(|_| "tally poisoned".to_string())?);
    report(tally, elapsed);
    Ok(())
}

fn report(tally: Tally, elapsed: f64) {
    let mut steps = Json::default();
    for (name, latencies) in STEPS.iter().zip(tally.steps) {
        steps = steps.obj(name, Json::default().summary(&summarize(latencies)));
    }
    let done = tally.sequences.len() as f64;
    Json::default()
        .str("tool", "loadgen")
        .num("sequences", done)
        .num("duration_s", elapsed)
        .num("rps", done / elapsed)
        .summary(&summarize(tally.sequences))
        .num("errors", tally.failures as f64)
        .num("non2xx", 0)
        .str("first_error", tally.first_error.as_deref().unwrap_or(""))
        .obj("steps", steps)
        .print();
}

/// One sequence; each step's latency goes to `steps[i]`. Stops at the first failed step.
fn sequence(
    client: &mut Client,
    prefix: &str,
    account: &str,
    worker: u64,
    steps: &mut [Vec<u64>; 7],
) -> Result<(), String> {
    let v2 = format!("{prefix}/v2/RegulatoryCompliance");
    let name = format!("bench {worker}");
    let mut step =
        |i: usize, method: &str, path: &str, body: Option<String>| -> Result<Response, String> {
            let t0 = Instant::now();
            let response = client
                .request(method, path, body.as_deref())
                .map_err(|e| format!("{}: {e}", STEPS[i]))?;
            steps[i].push(t0.elapsed().as_micros() as u64);
            if !response.ok() {
                return Err(format!(
                    "{} {method} {path}: HTTP {}: {}",
                    STEPS[i],
                    response.status,
                    response.snippet()
                ));
            }
            Ok(response)
        };
    let sid_of = |r: &Response, what: &str| {
        r.json_str("sid")
            .ok_or_else(|| format!("{what}: no sid in {}", r.snippet()))
    };
    let bundle_form = form(&[
        ("FriendlyName", &name),
        ("Email", "bench@example.com"),
        ("IsoCountry", "AU"),
        ("NumberType", "local"),
        ("EndUserType", "individual"),
    ]);
    let bundle = sid_of(
        &step(0, "POST", &format!("{v2}/Bundles"), Some(bundle_form))?,
        "bundle",
    )?;
    let user_form = form(&[
        ("FriendlyName", &name),
        ("Type", "individual"),
        ("Attributes", r#"{"first_name":"A","last_name":"B"}"#),
    ]);
    let user = sid_of(
        &step(1, "POST", &format!("{v2}/EndUsers"), Some(user_form))?,
        "end user",
    )?;
    let address_form = form(&[
        ("CustomerName", &name),
        ("Street", "1 George St"),
        ("City", "Sydney"),
        ("Region", "NSW"),
        ("PostalCode", "2000"),
        ("IsoCountry", "AU"),
    ]);
    let addresses = format!("{prefix}/2010-04-01/Accounts/{account}/Addresses.json");
    let address = sid_of(&step(2, "POST", &addresses, Some(address_form))?, "address")?;
    let assignments = format!("{v2}/Bundles/{bundle}/ItemAssignments");
    step(3, "POST", &assignments, Some(form(&[("ObjectSid", &user)])))?;
    step(
        4,
        "POST",
        &assignments,
        Some(form(&[("ObjectSid", &address)])),
    )?;
    step(
        5,
        "POST",
        &format!("{v2}/Bundles/{bundle}/Evaluations"),
        None,
    )?;
    step(
        6,
        "POST",
        &format!("{v2}/Bundles/{bundle}"),
        Some(form(&[("Status", "pending-review")])),
    )?;
    Ok(())
}
