# Installing the benchmark's tools, for scripts/bench. Sourced, not run.
# Each tool goes under target/bench/ (never committed) and is rebuilt or reinstalled only when
# its pinned version or its sources change.

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

# ensure_loadgen SRC OUT: compiles the std-only load generator with rustc when its sources changed.
ensure_loadgen() {
  local src=$1 out=$2 key stamp
  key=$( { cat "$src"/*.rs; rustc --version; } | sha256sum | cut -c1-16)
  stamp="$out.$key"
  [[ -x $out && -f $stamp ]] && return 0
  echo "--- compiling loadgen"
  mkdir -p "$(dirname "$out")"
  rm -f "$out".*
  rustc --edition 2021 -C opt-level=3 -o "$out" "$src/main.rs"
  touch "$stamp"
}
