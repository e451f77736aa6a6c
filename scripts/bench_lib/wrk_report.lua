-- wrk script for scripts/bench: sets the method and form body from the environment
-- (BENCH_METHOD, BENCH_FORM) and prints one machine-readable line when the run is done.
local method = os.getenv("BENCH_METHOD")
local form = os.getenv("BENCH_FORM")
if method and method ~= "" then
  wrk.method = method
end
if form and form ~= "" then
  wrk.body = form
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"tool":"wrk","requests":%d,"duration_s":%.3f,"rps":%.1f,"count":%d,' ..
    '"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,"errors":%d,"non2xx":%d,"first_error":""}\n',
    summary.requests, seconds, summary.requests / seconds, summary.requests,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
