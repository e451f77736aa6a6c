# shellcheck shell=bash
# Counting results across suites, for scripts/test. Sourced, not run.
#
# Each suite adds one row: name, passed, failed, skipped. `print_summary` ends with the plain
# `N passed, N failed` line (", N skipped" when any) that CI reads. Counts travel as arguments,
# never through a pipe: a function on the right of a pipe runs in a subshell and its row is lost.

SUMMARY_ROWS=()
SKIPPED_LINES=()
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0

# record NAME PASSED FAILED SKIPPED
record() {
  SUMMARY_ROWS+=("$(printf '%-34s passed=%-5s failed=%-4s skipped=%s' "$1" "$2" "$3" "$4")")
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  TOTAL_FAILED=$((TOTAL_FAILED + $3))
  TOTAL_SKIPPED=$((TOTAL_SKIPPED + $4))
}

# record_check NAME EXIT_CODE: a check that is one pass or one failure (fmt, clippy, ...).
record_check() {
  if [[ $2 -eq 0 ]]; then record "$1" 1 0 0; else record "$1" 0 1 0; fi
}

# run_logged LOG CMD...: runs CMD, showing and saving its output; returns CMD's exit code.
run_logged() {
  local log=$1 rc
  shift
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

# record_counts NAME EXIT_CODE "PASSED FAILED SKIPPED". A suite that exits non-zero counts as
# failed even when its output shows no failure (compile error, crash, "no tests ran"), and one
# that ran no test at all counts as failed too.
record_counts() {
  local name=$1 rc=$2 passed failed skipped
  read -r passed failed skipped <<<"$3"
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then failed=1; fi
  if [[ $passed -eq 0 && $failed -eq 0 ]]; then
    echo "!!! $name ran no test !!!"
    failed=1
  fi
  record "$name" "$passed" "$failed" "$skipped"
}

# cargo_counts LOG: sums every "test result:" line of cargo test.
cargo_counts() {
  awk '/^test result:/ {
         for (i = 1; i < NF; i++) {
           if ($(i+1) ~ /^passed/) p += $i
           if ($(i+1) ~ /^failed/) f += $i
           if ($(i+1) ~ /^ignored/) s += $i
         }
       } END { print p + 0, f + 0, s + 0 }' "$1"
}

# cargo_skips LOG: "test — reason" per ignored test (`test a::b ... ignored, reason`).
cargo_skips() {
  sed -n 's/^test \(.*\) \.\.\. ignored, \(.*\)$/\1 — \2/p; s/^test \(.*\) \.\.\. ignored$/\1 — ignored/p' "$1"
}

# junit_counts XML: pytest's --junitxml report.
junit_counts() {
  [[ -s $1 ]] || { echo "0 0 0"; return; }
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(total - failed - skipped, failed, skipped)
PY
}

# junit_skips XML: "test — reason" per skipped test.
junit_skips() {
  [[ -s $1 ]] || return 0
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
for case in ET.parse(sys.argv[1]).iter("testcase"):
    skip = case.find("skipped")
    if skip is not None:
        print(f"{case.get('name')} — {skip.get('message', '')}")
PY
}

# tap_counts TAP: node --test's TAP report (cancelled counts as failed).
tap_counts() {
  [[ -s $1 ]] || { echo "0 0 0"; return; }
  awk '/^# pass / { p = $3 } /^# fail / { f += $3 } /^# cancelled / { f += $3 }
       /^# skipped / { s = $3 } END { print p + 0, f + 0, s + 0 }' "$1"
}

# tap_skips TAP: "test — reason" per skipped test.
tap_skips() {
  [[ -s $1 ]] || return 0
  sed -n 's/^ *ok [0-9]* - \(.*\) # SKIP \(.*\)$/\1 — \2/p' "$1"
}

# remember_skips NAME LINES: keeps skipped tests for the summary, where they are listed loudly.
remember_skips() {
  local line
  while IFS= read -r line; do
    if [[ -n $line ]]; then SKIPPED_LINES+=("$1: $line"); fi
  done <<<"$2"
}

print_summary() {
  local row line
  echo
  echo "=================================== summary ==================================="
  for row in "${SUMMARY_ROWS[@]}"; do echo "  $row"; done
  if [[ ${#SKIPPED_LINES[@]} -gt 0 ]]; then
    echo
    echo "!!! ${#SKIPPED_LINES[@]} test(s) SKIPPED:"
    for line in "${SKIPPED_LINES[@]}"; do echo "!!!   $line"; done
  fi
  echo "==============================================================================="
  if [[ $TOTAL_SKIPPED -gt 0 ]]; then
    echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
  else
    echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
  fi
}
