#!/usr/bin/env bash
# Prints the bytes the browser downloads: each shipped file raw and gzip -9, and the totals.
set -euo pipefail
# PEDIATRIAGE_DIST: another bundle directory than dist/ (as for build-web.sh).
cd "${PEDIATRIAGE_DIST:-$(dirname "$0")/../dist}"
printf '%-28s %12s %12s\n' file raw gzip-9
total_raw=0; total_gz=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-28s %12d %12d\n' "$f" "$raw" "$gz"
done < <(find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.html' -o -name '*.css' -o -name '*.webmanifest' -o -name '*.png' \) | sed 's|^\./||' | sort)
printf '%-28s %12d %12d\n' TOTAL "$total_raw" "$total_gz"
