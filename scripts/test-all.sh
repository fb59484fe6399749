#!/usr/bin/env bash
# Runs the test suites and fails if any failed or ran no test at all.
# Usage: test-all.sh all|native|fhir|wasm|e2e
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"
which=${1:-all}
# Native builds use the cache too when one is given (see .ci/run).
if [ -n "${PEDIATRIAGE_TARGET_DIR:-}" ]; then export CARGO_TARGET_DIR="$PEDIATRIAGE_TARGET_DIR/native"; fi

total_passed=0
total_failed=0
problems=()
logdir=$(mktemp -d)

# Sums "test result: ok. N passed; M failed" lines of cargo test output.
count_cargo() {
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
       END { printf "%d %d\n", p, f }' "$1"
}

record() { # suite, status, passed, failed
  local suite=$1 status=$2 passed=$3 failed=$4
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  echo "== $suite: $passed passed, $failed failed (exit $status)"
  if [ "$status" -ne 0 ]; then problems+=("$suite exited with $status"); fi
  if [ "$passed" -eq 0 ]; then problems+=("$suite ran no test"); fi
}

run_native() {
  echo "== native tests (rustup stable)"
  cargo test --workspace --all-targets 2>&1 | tee "$logdir/native.log"
  local status=${PIPESTATUS[0]}
  # Doc tests run separately: --all-targets leaves them out.
  cargo test --workspace --doc 2>&1 | tee -a "$logdir/native.log"
  status=$(( status | PIPESTATUS[0] ))
  read -r p f < <(count_cargo "$logdir/native.log")
  record native "$status" "$p" "$f"
}

# The FHIR R4 Questionnaire (every language), a sample export Bundle and a sample
# QuestionnaireResponse with an answer of every item type, checked by the
# fhir.resources R4 validator that scripts/setup.sh installs (the app's own export is checked
# end to end in tests/e2e/anamnesis.test.mjs).
run_fhir() {
  echo "== FHIR R4 validation of the questionnaire and a sample bundle"
  local python="${PEDIATRIAGE_TARGET_DIR:-$here/target}/fhir-venv/bin/python" status=0 files=()
  for args in "questionnaire en" "questionnaire fr" "questionnaire de" "bundle en" "bundle fr" "bundle de" "response de"; do
    local out="$logdir/fhir-${args// /-}.json"
    # shellcheck disable=SC2086
    cargo run -q -p rules --example fhir_export -- $args >"$out" || status=1
    files+=("$out")
  done
  "$python" tests/fhir/validate.py "${files[@]}" 2>&1 | tee "$logdir/fhir.log"
  status=$(( status | PIPESTATUS[0] ))
  record fhir "$status" "$(grep -c ': valid FHIR R4' "$logdir/fhir.log")" "$(grep -c ': INVALID' "$logdir/fhir.log")"
}

run_wasm() {
  echo "== wasm tests in headless Chromium (Debian rustc-web, build-std)"
  (
    export PATH="$here/target/debian-bin:$PATH"
    export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="${PEDIATRIAGE_TARGET_DIR:-$here/target}/web-test" CHROMEDRIVER=/usr/bin/chromedriver
    # The unoptimised wasm burn ensemble needs ~40 s for the probe rows; the runner's default
    # per-file limit is 20 s.
    export WASM_BINDGEN_TEST_TIMEOUT=300
    cargo test -p rules -p model --target wasm32-unknown-unknown -Z build-std=std,panic_abort
  ) 2>&1 | tee "$logdir/wasm.log"
  local status=${PIPESTATUS[0]}
  read -r p f < <(count_cargo "$logdir/wasm.log")
  record wasm "$status" "$p" "$f"
}

run_e2e() {
  echo "== end-to-end tests: the built app in headless Chromium"
  bash scripts/build-web.sh || { record e2e 1 0 0; return; }
  # A test that hangs (a page that never answers an evaluate, say) fails after 120 s instead of
  # holding CI until its limit; the whole suite gets 40 min.
  (cd tests/e2e && timeout --kill-after=30 2400 node --test --test-concurrency=1 --test-timeout=120000 --test-reporter=spec --test-reporter-destination=stdout \
     --test-reporter=tap --test-reporter-destination="$logdir/e2e.tap" ./*.test.mjs) 2>&1
  local status=$?
  local p f
  p=$(awk '/^# pass/ { print $3 }' "$logdir/e2e.tap")
  f=$(awk '/^# fail/ { print $3 }' "$logdir/e2e.tap")
  record e2e "$status" "${p:-0}" "${f:-0}"
}

case "$which" in
  all) run_native; run_fhir; run_wasm; run_e2e ;;
  native) run_native; run_fhir ;;
  fhir) run_fhir ;;
  wasm) run_wasm ;;
  e2e) run_e2e ;;
  *) echo "usage: $0 all|native|fhir|wasm|e2e" >&2; exit 2 ;;
esac

echo
for p in "${problems[@]}"; do echo "PROBLEM: $p"; done
echo "Total: $total_passed passed, $total_failed failed"
[ ${#problems[@]} -eq 0 ] && [ "$total_failed" -eq 0 ]
