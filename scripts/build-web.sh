#!/usr/bin/env bash
# Builds the browser bundle into dist/: Debian's rustc-web with -Z build-std for wasm32,
# then wasm-bindgen (name section removed: 0.8 MB instead of 1.3 MB; RECIPE.md §4), then
# binaryen's wasm-opt, then the service worker that precaches the whole bundle (scripts/make-sw.py).
# PEDIATRIAGE_DIST: another output directory than dist/ (the end-to-end tests read it too).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# Debian's cargo/rustc/rustdoc first; wasm-bindgen from cargo's bin dir.
export PATH="$here/target/debian-bin:$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1 # lets the stable Debian toolchain accept -Z build-std
# PEDIATRIAGE_TARGET_DIR: an optional build cache outside the clone (see .ci/run).
export CARGO_TARGET_DIR="${PEDIATRIAGE_TARGET_DIR:-$here/target}/web"

dist="${PEDIATRIAGE_DIST:-$here/dist}"

# optimize_for_size: the standard library picks its smaller code paths (sorting, formatting):
# 14.8 KB less gzip, no keystroke or start-up change measured (BENCHMARKS.md, session 10).
cargo build -p app --release --target wasm32-unknown-unknown -Z build-std=std,panic_abort \
  -Z build-std-features=optimize_for_size
rm -rf "$dist"
mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --remove-name-section \
  --out-dir "$dist/pkg" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/app.wasm"
# binaryen's wasm-opt -Oz on what wasm-bindgen wrote: 13 % fewer raw bytes, which is what the
# browser decodes and compiles at start-up (about 40 ms less from instantiation to the form at
# 4x; gzip about 6 KB larger; BENCHMARKS.md, session 17). npm's binaryen 132, pinned in
# scripts/package.json: Debian's binaryen 108 breaks the module (RECIPE.md). The features are
# those rustc's wasm32 target emits.
wasm_opt="$here/scripts/node_modules/.bin/wasm-opt"
if [ "$("$wasm_opt" --version 2>/dev/null || true)" != "wasm-opt version 132 (version_132)" ]; then
  echo "build-web.sh: binaryen 132's wasm-opt is not in scripts/node_modules: run scripts/setup.sh" >&2
  exit 1
fi
"$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$dist/pkg/app_bg.wasm" -o "$dist/pkg/app_bg.opt.wasm"
mv "$dist/pkg/app_bg.opt.wasm" "$dist/pkg/app_bg.wasm"
cp index.html "$dist/"
cp -R public/. "$dist/"
rm "$dist/sw.template.js"
# Last: the worker lists and hashes every other file of the bundle.
python3 scripts/make-sw.py "$dist" public/sw.template.js
# Precompressed copies for servers that serve them (scripts/serve.py does): gzip -9 always,
# brotli where the brotli tool is installed.
find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.webmanifest' \) |
  while read -r f; do
    gzip -9 -k -n -f "$f"
    if command -v brotli >/dev/null; then brotli -q 11 -f -k "$f"; fi
  done
echo "built $dist/ ($(du -sb "$dist" | cut -f1) bytes)"
