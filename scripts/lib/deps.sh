# Installing the conformance suites' pinned dependencies, for scripts/test. Sourced, not run.
# Each install leaves a stamp keyed on the hash of what it installed, so re-runs skip it.

# ensure_venv REPO: .venv/ at the repo root with scripts/conformance/python/requirements.txt.
ensure_venv() {
  local repo=$1 venv="$1/.venv" req="$1/scripts/conformance/python/requirements.txt"
  local key stamp
  key=$( { sha256sum "$req"; python3 --version; } | sha256sum | cut -c1-16)
  stamp="$venv/.regbox-requirements-$key"
  if [[ -f $stamp && -x $venv/bin/python ]] && "$venv/bin/python" -c 'import sys' 2>/dev/null; then
    echo "--- Python dependencies up to date (.venv)"
    return 0
  fi
  echo "--- installing Python dependencies into .venv"
  rm -rf "$venv"
  if ! python3 -m venv "$venv"; then
    # Debian's python3 ships venv support separately.
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      rm -rf "$venv"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      python3 -m venv "$venv"
    else
      echo "python3 -m venv failed: install python3-venv" >&2
      return 1
    fi
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  touch "$stamp"
}

# ensure_node_modules DIR: `npm ci` in DIR when package-lock.json changed.
ensure_node_modules() {
  local dir=$1 key stamp
  key=$( { sha256sum "$dir/package-lock.json"; node --version; } | sha256sum | cut -c1-16)
  stamp="$dir/node_modules/.regbox-lock-$key"
  if [[ -f $stamp ]]; then
    echo "--- Node dependencies up to date ($dir/node_modules)"
    return 0
  fi
  echo "--- npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
}
