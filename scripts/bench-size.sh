#!/usr/bin/env bash
# Prints the bytes the browser downloads: each shipped file raw, gzip -9 and brotli -q 11, and
# the totals (the precompressed copies build-web.sh writes are not counted twice).
set -euo pipefail
# PEDIATRIAGE_DIST: another bundle directory than dist/ (as for build-web.sh).
cd "${PEDIATRIAGE_DIST:-$(dirname "$0")/../dist}"
have_brotli=$(command -v brotli >/dev/null && echo yes || echo no)
printf '%-28s %12s %12s %12s\n' file raw gzip-9 brotli-11
total_raw=0; total_gz=0; total_br=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  if [ "$have_brotli" = yes ]; then br=$(brotli -q 11 -c "$f" | wc -c); else br=0; fi
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '%-28s %12d %12d %12d\n' "$f" "$raw" "$gz" "$br"
done < <(find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.html' -o -name '*.css' -o -name '*.webmanifest' -o -name '*.png' \) | sed 's|^\./||' | sort)
printf '%-28s %12d %12d %12d\n' TOTAL "$total_raw" "$total_gz" "$total_br"
[ "$have_brotli" = yes ] || echo "(brotli not installed: its column is 0; scripts/setup.sh installs it)"
echo "goal: everything shipped <= 500 KB gzip (512,000 B), smaller as brotli"
