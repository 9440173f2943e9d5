#!/usr/bin/env bash
# Runs every `amldesk bench <scenario> --quick` on the debug build (each starts its own sandbox
# in-process) and compares the figures with docs/bench-baseline.txt. A figure twice as bad as
# its baseline is a WARNING, never a failure: the quick sizes run on shared CI machines, and the
# targets are measured on release builds (docs/PERFORMANCE.md). The harness itself failing (a
# scenario that does not run, a figure that disappears) fails: it must never rot.
#
#   scripts/bench-quick.sh            compare with the baseline
#   scripts/bench-quick.sh --update   rewrite the baseline's values from this run
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE=docs/bench-baseline.txt
SCENARIOS=(batch cache ubo export app)

cargo build -p amldesk-cli --quiet
BIN="${CARGO_TARGET_DIR:-target}/debug/amldesk"
# `app` drives the desktop binary the end-to-end tests run (scripts/test-inner.sh builds it with
# the bundled UI before them) and needs a display: a private Xvfb when there is none.
APP_BIN="${AMLDESK_APP_BIN:-${CARGO_TARGET_DIR:-target}/e2e/amldesk-desktop}"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for s in "${SCENARIOS[@]}"; do
  start=$(date +%s)
  cmd=("$BIN" bench "$s" --quick)
  if [[ "$s" == app ]]; then
    cmd+=(--app-bin "$APP_BIN")
    if [[ -z "${DISPLAY:-}" ]]; then
      cmd=(xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "${cmd[@]}")
    fi
  fi
  if ! AMLDESK_SECRET_STORE=memory "${cmd[@]}" >>"$OUT" 2>"$OUT.err"; then
    cat "$OUT.err"; rm -f "$OUT.err"
    echo "FAIL: amldesk bench $s --quick did not run"; exit 1
  fi
  rm -f "$OUT.err"
  echo "bench $s --quick: $(( $(date +%s) - start )) s"
done
grep '^BENCH ' "$OUT"

if [[ "${1:-}" == "--update" ]]; then
  # Keep each figure's direction; take the value from this run.
  tmp=$(mktemp)
  while read -r name value unit dir; do
    [[ "$name" =~ ^#|^$ ]] && { echo "$name $value $unit $dir" | sed 's/ *$//' >>"$tmp"; continue; }
    new=$(awk -v n="$name" '$1=="BENCH" && $2==n {print $3}' "$OUT")
    echo "$name ${new:-$value} $unit $dir" >>"$tmp"
  done <"$BASELINE"
  mv "$tmp" "$BASELINE"
  echo "updated $BASELINE"
  exit 0
fi

warned=0
while read -r name base unit dir; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  got=$(awk -v n="$name" '$1=="BENCH" && $2==n {print $3}' "$OUT")
  if [[ -z "$got" ]]; then
    echo "FAIL: figure $name is in $BASELINE but no scenario printed it"; exit 1
  fi
  verdict=$(awk -v g="$got" -v b="$base" -v d="$dir" 'BEGIN {
    if (d == "lower" && b > 0 && g > 2 * b) print "worse";
    else if (d == "higher" && g < b / 2) print "worse";
    else print "ok" }')
  if [[ "$verdict" == worse ]]; then
    echo "WARNING: $name is $got $unit, more than twice as bad as the baseline $base ($dir is better)"
    warned=1
  fi
done <"$BASELINE"
if [[ $warned == 0 ]]; then
  echo "ok: no quick figure is twice as bad as $BASELINE"
fi
