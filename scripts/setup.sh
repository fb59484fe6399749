#!/usr/bin/env bash
# Installs what building, serving and testing Pediatriage need, and nothing that is already
# there: a second run does no install. Debian 12 (bookworm) as root, or with sudo.
# What and why: ../shared/toolchain/RECIPE.md.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -------------------------------------------------------------------
# rustc-web/cargo-web/rust-web-src: the Rust that reaches wasm32 here (with -Z build-std).
# lld-22: wasm-ld. chromium + chromium-driver: the browser for wasm and end-to-end tests.
# webkit2gtk-driver (WebKitWebDriver, with WebKitGTK's MiniBrowser) + xvfb: the WebKit smoke test.
apt_packages=(rustc-web cargo-web rust-web-src libstd-rust-web-dev lld-22 chromium chromium-driver brotli
  webkit2gtk-driver xvfb)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Debian's Rust first in PATH, for the wasm build only --------------------------------
# rustup's 1.95 comes first in PATH and has no wasm32 std; wasm-pack calls plain `cargo`.
shim="$here/target/debian-bin"
mkdir -p "$shim"
for tool in cargo rustc rustdoc; do ln -sf "/usr/bin/$tool" "$shim/$tool"; done

# --- wasm-bindgen-cli: exactly the version in Cargo.lock ----------------------------------
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[version ="]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]; then
  say "building wasm-bindgen-cli $bindgen_version (about 3 minutes)"
  if ! cargo install wasm-bindgen-cli --version "$bindgen_version" --locked 2>/tmp/wasm-bindgen-install.log; then
    # Its lockfile pins a webpki-roots the registry here does not serve; step it back one patch.
    crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/wasm-bindgen-cli-"$bindgen_version".crate | head -n 1)
    src=$(mktemp -d)
    tar xzf "$crate" -C "$src"
    (cd "$src/wasm-bindgen-cli-$bindgen_version" &&
      cargo update -q -p webpki-roots --precise 1.0.10 &&
      cargo install --path . --locked --quiet)
    rm -rf "$src"
  fi
fi

# --- wasm-pack -------------------------------------------------------------------------
wasm_pack_version=0.15.1
if [ "$(wasm-pack --version 2>/dev/null || true)" != "wasm-pack $wasm_pack_version" ]; then
  say "building wasm-pack $wasm_pack_version (about 2 minutes)"
  cargo install wasm-pack --version "$wasm_pack_version" --locked --quiet
fi

# --- npm packages, each directory from its own lock file ----------------------------------
# npm ci in DIR unless DIR/node_modules was installed from the same package-lock.json.
npm_ci_from_lock() {
  local dir=$1 what=$2 stamp="$1/node_modules/.installed-from-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "installing $what"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci_from_lock tests/e2e "npm packages for the end-to-end tests"
npm_ci_from_lock scripts "npm build tools (binaryen's wasm-opt, for scripts/build-web.sh)"

# --- FHIR R4 validator for the export tests ----------------------------------------------
# fhir.resources 6.4 models FHIR R4 (4.0.1); later releases model R4B/R5. It needs pydantic 1.
fhir_venv="${PEDIATRIAGE_TARGET_DIR:-$here/target}/fhir-venv"
if ! "$fhir_venv/bin/python" -c 'import fhir.resources as f; assert f.__fhir_version__ == "4.0.1"' 2>/dev/null; then
  say "installing the FHIR R4 validator (fhir.resources 6.4.0) in $fhir_venv"
  python3 -m venv "$fhir_venv"
  "$fhir_venv/bin/pip" install --quiet --disable-pip-version-check "fhir.resources==6.4.0" "pydantic==1.10.27"
fi

say "toolchain ready"
