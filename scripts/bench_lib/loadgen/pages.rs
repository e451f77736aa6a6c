//! `pages`: the cost of a deep page. Follows `meta.next_page_url` from page 1 to page P (P − 1
//! hops), then times the request for page 1 and for page P, interleaved, `repeat` times each.

use std::time::Instant;

use crate::args::Args;
use crate::http::{split_url, Client};
use crate::stats::{median, Json};

pub fn run(args: &Args) -> Result<(), String> {
    let (addr, prefix) = split_url(args.str("base")?)?;
    let page_size = args.num("page-size", 50)?;
    let target = args.num("page", 200)?.clamp(1, 100_000);
    let repeat = args.num("repeat", 21)?.clamp(1, 1000);
    let mut client = Client::new(&addr, args.auth());
    let first = format!(
        "{}/v2/RegulatoryCompliance/Bundles?PageSize={page_size}",
        prefix.trim_end_matches('/')
    );
    let started = Instant::now();
    let mut path = first.clone();
    for hop in 1..target {
        let response = client
            .request("GET", &path, None)
            .map_err(|e| format!("page {hop}: {e}"))?;
        if !response.ok() {
            return Err(format!(
                "page {hop}: HTTP {}: {}",
                response.status,
                response.snippet()
            ));
        }
        let next = response.json_str("next_page_url").ok_or_else(|| {
            format!("page {hop} has no next_page_url: the list is shorter than {target} pages")
        })?;
        path = split_url(&next)?.1;
    }
    let follow_s = started.elapsed().as_secs_f64();
    let (mut first_us, mut deep_us) = (Vec::new(), Vec::new());
    for _ in 0..repeat {
        first_us.push(timed(&mut client, &first)?);
        deep_us.push(timed(&mut client, &path)?);
    }
    let (first_median, deep_median) = (median(&first_us), median(&deep_us));
    Json::default()
        .str("tool", "loadgen")
        .num("page", target as f64)
        .num("page_size", page_size as f64)
        .num("follow_s", follow_s)
        .num("page1_us", first_median as f64)
        .num("pageN_us", deep_median as f64)
        .num("ratio", deep_median as f64 / (first_median as f64).max(1.0))
        .num("errors", 0)
        .print();
    Ok(())
}

fn timed(client: &mut Client, path: &str) -> Result<u64, String> {
    let t0 = Instant::now();
    let response = client
        .request("GET", path, None)
        .map_err(|e| format!("GET {path}: {e}"))?;
    let elapsed = t0.elapsed().as_micros() as u64;
    if !response.ok() {
        return Err(format!(
            "GET {path}: HTTP {}: {}",
            response.status,
            response.snippet()
        ));
    }
    if response.json_str("sid").is_none() {
        return Err(format!("GET {path}: an empty page"));
    }
    Ok(elapsed)
}
