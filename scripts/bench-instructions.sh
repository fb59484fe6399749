#!/usr/bin/env bash
# Instructions per `rules::assess`, counted by valgrind's cachegrind: (count of N assessments
# − count of none) / N, for the criterion bench's two cases. A count, not a time, so it reads
# the same on every run of this shared host, where times move by a third.
# Needs valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
cargo build -q --release -p rules --example assess_repeat
bin=${CARGO_TARGET_DIR:-target}/release/examples/assess_repeat
n=2000
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 |
    sed -n 's/.*I *refs: *//p' | tr -d ','
}
echo "Instructions per assess (cachegrind, mean of $n)"
for case in example sparse; do
  none=$(count 0 "$case"); all=$(count "$n" "$case")
  printf '  %-8s %9d\n' "$case" $(((all - none) / n))
done
