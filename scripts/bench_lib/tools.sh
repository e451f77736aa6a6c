# Installing the benchmark's tools, for scripts/bench. Sourced, not run.
# wrk and Prism are installed only by the full run (scripts/bench), never by --smoke; Prism goes
# under target/bench/ (never committed) and is reinstalled only when its pinned version changes.

PRISM_VERSION=5.16.0

# ensure_wrk: wrk from Debian's packages, or nothing (the caller falls back to loadgen).
ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "!!! wrk is not installed and apt-get is unavailable: using loadgen for every workload" >&2
    return 1
  fi
  echo "--- installing wrk (apt-get)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || {
      echo "!!! apt-get install wrk failed: using loadgen for every workload" >&2
      return 1
    }
  fi
}

# ensure_prism DIR: @stoplight/prism-cli at PRISM_VERSION in DIR/node_modules; prints nothing on
# success. Fails (so the caller skips Prism loudly) when npm is missing or the install fails.
ensure_prism() {
  local dir=$1 stamp
  command -v npm >/dev/null 2>&1 || { echo "!!! npm not found: cannot install Prism" >&2; return 1; }
  stamp="$dir/.regbox-prism-$PRISM_VERSION-$(node --version)"
  if [[ -f $stamp && -x $dir/node_modules/.bin/prism ]]; then
    return 0
  fi
  echo "--- installing @stoplight/prism-cli@$PRISM_VERSION into $dir (npm)"
  rm -rf "$dir" && mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    "@stoplight/prism-cli@$PRISM_VERSION" >"$dir/npm-install.log" 2>&1 || {
    echo "!!! npm install @stoplight/prism-cli@$PRISM_VERSION failed (see $dir/npm-install.log)" >&2
    return 1
  }
  touch "$stamp"
}

# ensure_loadgen: builds the load generator, a member of the cargo workspace
# (scripts/bench_lib/loadgen), optimised whatever the benchmark's profile; prints its path.
ensure_loadgen() {
  cargo build --quiet --release -p loadgen >&2
  echo "$REPO/target/release/loadgen"
}
