#!/usr/bin/env bash
# Fuzzes the rule engine with cargo-fuzz (libFuzzer): rules/fuzz/fuzz_targets/TARGET.rs.
# Usage: fuzz.sh TARGET [RUNS]   TARGET: assess_structured | assess_record; RUNS: 10000000.
#        fuzz.sh --list           the targets.
# Extra libFuzzer flags go in FUZZ_ARGS (e.g. FUZZ_ARGS='-max_total_time=600').
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). rustup's stable toolchain with
# RUSTC_BOOTSTRAP=1 stands in for nightly. `-s none`: no AddressSanitizer, as the rules crate
# has no unsafe code and what is looked for is a panic; a panic stops the run and is saved with
# its input in
# rules/fuzz/artifacts/TARGET/. The corpus grows in rules/fuzz/corpus/TARGET/ (not committed),
# starting from the committed seeds in rules/fuzz/seeds/TARGET/ when there are some.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here/rules/fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
# Its own build directory: the fuzz flags (coverage instrumentation) would invalidate others.
export CARGO_TARGET_DIR="${PEDIATRIAGE_TARGET_DIR:-$here/target}/fuzz"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
  exit 2
fi
if [ "${1:-}" = "--list" ]; then cargo fuzz list; exit 0; fi
target=${1:?usage: fuzz.sh TARGET [RUNS] (fuzz.sh --list: the targets)}
runs=${2:-10000000}
mkdir -p "corpus/$target"
# Committed seed inputs (rules/fuzz/seeds/TARGET/), read but never written.
seeds=()
if [ -d "seeds/$target" ]; then seeds=("seeds/$target"); fi
start=$(date +%s)
# shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
cargo fuzz run -s none --release "$target" "corpus/$target" "${seeds[@]}" -- -runs="$runs" -print_final_stats=1 ${FUZZ_ARGS:-}
echo "fuzz.sh: $target, $runs runs, $(( $(date +%s) - start )) s wall time (build included)"
