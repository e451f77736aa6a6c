# shellcheck shell=bash
# Finding (and if need be starting) the local PostgreSQL, for scripts/test. Sourced, not run.

# pg_reachable URL: true when a server answers at URL.
pg_reachable() {
  local url=$1
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -t 3 -d "$url"
    return
  fi
  # No client tools: at least check that something listens on host:port.
  local hostport=${url#*://}
  hostport=${hostport#*@}
  hostport=${hostport%%/*}
  local host=${hostport%:*} port=5432
  if [[ $hostport == *:* ]]; then port=${hostport##*:}; fi
  timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# pg_try_start: starts the Debian clusters installed on this machine, if any.
pg_try_start() {
  command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  [[ -d /etc/postgresql ]] || return 1
  local dir version started=1
  for dir in /etc/postgresql/*/; do
    version=$(basename "$dir")
    echo "--- starting PostgreSQL $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start && started=0
  done
  return "$started"
}

# pg_find URL: true once PostgreSQL answers at URL, trying to start it once if it does not.
pg_find() {
  local url=$1 _
  pg_reachable "$url" && return 0
  pg_try_start || return 1
  for _ in $(seq 1 20); do
    pg_reachable "$url" && return 0
    sleep 1
  done
  return 1
}
