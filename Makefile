# Pediatriage. The two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8080
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test setup build serve test-native test-wasm test-e2e bench-size bench bench-instructions fuzz fmt clippy ci clean

## run: install what is missing, build the release bundle, serve it on 127.0.0.1:$(PORT)
run: build
	@echo "Open the address below in a browser (Ctrl-C stops the server)."
	@python3 scripts/serve.py --port $(PORT) --dir dist

## test: every test: native unit/property tests, wasm tests in headless Chromium, end-to-end
test: setup
	@bash scripts/test-all.sh all

setup:
	@bash scripts/setup.sh

build: setup
	@bash scripts/build-web.sh

serve:
	@python3 scripts/serve.py --port $(PORT) --dir dist

test-native: setup
	@bash scripts/test-all.sh native

test-wasm: setup
	@bash scripts/test-all.sh wasm

test-e2e: setup
	@bash scripts/test-all.sh e2e

## bench-size: shipped bytes of the wasm and JS, raw and gzip -9
bench-size: build
	@bash scripts/bench-size.sh

fmt:
	cargo fmt --all -- --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings

ci: fmt clippy test

clean:
	cargo clean
	rm -rf dist tests/e2e/node_modules scripts/node_modules

## bench-instructions: instructions per rules::assess, counted by cachegrind (needs valgrind)
bench-instructions:
	@bash scripts/bench-instructions.sh

## bench: triage screen latency in headless Chromium with 4x CPU throttling (p50/p95)
bench: build
	@cd tests/e2e && node bench-triage.mjs

## fuzz: cargo-fuzz on the rule engine, FUZZ_TARGET (assess_structured or assess_record) for
## FUZZ_RUNS executions; needs `cargo install cargo-fuzz --locked` (README, Fuzzing)
FUZZ_TARGET ?= assess_structured
FUZZ_RUNS ?= 10000000
fuzz:
	@bash scripts/fuzz.sh $(FUZZ_TARGET) $(FUZZ_RUNS)
