#!/usr/bin/env bash
# Builds the browser bundle into dist/: Debian's rustc-web with -Z build-std for wasm32,
# then wasm-bindgen (name section removed: 0.8 MB instead of 1.3 MB; RECIPE.md §4).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# Debian's cargo/rustc/rustdoc first; wasm-bindgen from cargo's bin dir.
export PATH="$here/target/debian-bin:$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1 # lets the stable Debian toolchain accept -Z build-std
# PEDIATRIAGE_TARGET_DIR: an optional build cache outside the clone (see .ci/run).
export CARGO_TARGET_DIR="${PEDIATRIAGE_TARGET_DIR:-$here/target}/web"

cargo build -p app --release --target wasm32-unknown-unknown -Z build-std=std,panic_abort
rm -rf dist
mkdir -p dist
wasm-bindgen --target web --no-typescript --remove-name-section \
  --out-dir dist/pkg "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/app.wasm"
cp index.html dist/
cp -R public/. dist/
echo "built dist/ ($(du -sb dist | cut -f1) bytes)"
