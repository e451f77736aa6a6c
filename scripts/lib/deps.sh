# shellcheck shell=bash
# Installing the conformance suites' pinned dependencies, for scripts/test. Sourced, not run.
# Each install leaves a stamp keyed on the hash of what it installed, so re-runs skip it.
# Every step checks its own exit code: these functions run as `ensure_x || rc=$?`, where bash
# ignores `set -e`, and a stamp must never be written after a failed install.

# ensure_venv REPO: .venv/ at the repo root with scripts/conformance/python/requirements.txt.
ensure_venv() {
  local venv="$1/.venv" req="$1/scripts/conformance/python/requirements.txt"
  local key stamp
  key=$( { sha256sum "$req" && python3 --version; } | sha256sum | cut -c1-16) || return 1
  stamp="$venv/.regbox-requirements-$key"
  if [[ -f $stamp && -x $venv/bin/python ]] && "$venv/bin/python" -c 'import sys' 2>/dev/null; then
    echo "--- Python dependencies up to date (.venv)"
    return 0
  fi
  echo "--- installing Python dependencies into .venv"
  rm -rf "$venv"
  if ! python3 -m venv "$venv"; then
    # Debian's python3 ships venv support as a separate package.
    rm -rf "$venv"
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
      echo "python3 -m venv failed: install python3-venv" >&2
      return 1
    fi
    apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv || return 1
    python3 -m venv "$venv" || return 1
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" || return 1
  touch "$stamp"
}

# ensure_node_modules DIR: `npm ci` in DIR when package-lock.json (or node) changed.
ensure_node_modules() {
  local dir=$1 key stamp
  key=$( { sha256sum "$dir/package-lock.json" && node --version; } | sha256sum | cut -c1-16) || return 1
  stamp="$dir/node_modules/.regbox-lock-$key"
  if [[ -f $stamp ]]; then
    echo "--- Node dependencies up to date ($dir/node_modules)"
    return 0
  fi
  echo "--- npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  touch "$stamp"
}
