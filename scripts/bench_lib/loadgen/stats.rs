//! Latency summaries and the one-line JSON each subcommand prints.

use std::fmt::Write;

/// Count and percentiles of a set of latencies, in microseconds.
pub struct Summary {
    pub count: usize,
    pub p50: u64,
    pub p99: u64,
    pub mean: f64,
    pub max: u64,
}

/// Nearest-rank percentiles of `latencies_us`.
pub fn summarize(mut latencies_us: Vec<u64>) -> Summary {
    latencies_us.sort_unstable();
    let count = latencies_us.len();
    let rank = |p: f64| -> u64 {
        if count == 0 {
            return 0;
        }
        let index = ((p * count as f64).ceil() as usize).clamp(1, count) - 1;
        latencies_us[index]
    };
    let mean = if count == 0 {
        0.0
    } else {
        latencies_us.iter().sum::<u64>() as f64 / count as f64
    };
    Summary {
        count,
        p50: rank(0.50),
        p99: rank(0.99),
        mean,
        max: latencies_us.last().copied().unwrap_or(0),
    }
}

/// The median of a few measurements.
pub fn median(values: &[u64]) -> u64 {
    summarize(values.to_vec()).p50
}

/// A flat JSON object built field by field; values are numbers, strings or nested objects.
#[derive(Default)]
pub struct Json(String);

impl Json {
    pub fn num(mut self, key: &str, value: impl Into<f64>) -> Self {
        let value: f64 = value.into();
        let value = if value.is_finite() { value } else { 0.0 };
        self.sep();
        let _ = write!(self.0, "\"{key}\":{}", (value * 1000.0).round() / 1000.0);
        self
    }

    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.sep();
        let escaped: String = value
            .chars()
            .flat_map(|c| match c {
                '"' => "\\\"".chars().collect::<Vec<_>>(),
                '\\' => "\\\\".chars().collect(),
                c if (c as u32) < 0x20 => format!("\\u{:04x}", c as u32).chars().collect(),
                c => vec![c],
            })
            .collect();
        let _ = write!(self.0, "\"{key}\":\"{escaped}\"");
        self
    }

    pub fn obj(mut self, key: &str, value: Json) -> Self {
        self.sep();
        let _ = write!(self.0, "\"{key}\":{}", value.finish());
        self
    }

    pub fn summary(self, s: &Summary) -> Self {
        self.num("count", s.count as f64)
            .num("p50_us", s.p50 as f64)
            .num("p99_us", s.p99 as f64)
            .num("mean_us", s.mean)
            .num("max_us", s.max as f64)
    }

    fn sep(&mut self) {
        if !self.0.is_empty() {
            self.0.push(',');
        }
    }

    pub fn finish(self) -> String {
        format!("{{{}}}", self.0)
    }

    /// Prints the object as the subcommand's result line.
    pub fn print(self) {
        println!("BENCH_JSON {}", self.finish());
    }
}
