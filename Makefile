# PICAP: two commands.
#   make run   installs what is missing, builds (release), migrates, loads demo data, serves
#              on http://127.0.0.1:3000
#   make test  formatting, lints, unit and integration tests on SQLite and PostgreSQL, the wasm
#              build, the Playwright suite in headless Chromium, and the enrolment burst across
#              two server processes on one PostgreSQL database

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

PICAP := ./target/release/picap

.PHONY: run test tools build fmt-check lint unit-tests e2e two-servers clean

run: build
	$(PICAP) migrate
	$(PICAP) seed-demo
	$(PICAP) serve

tools:
	scripts/install-tools.sh

# Release build of the server and the wasm bundle, assets precompressed (brotli and gzip).
build: tools
	cargo leptos build --release --precompress

fmt-check:
	cargo fmt --all --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

unit-tests:
	scripts/with-postgres.sh cargo test --workspace

e2e: build
	scripts/e2e.sh

# The 300-trainee burst across two server processes sharing one PostgreSQL database.
two-servers: build
	scripts/with-postgres.sh bench/enrollment-two-servers.sh

test: tools fmt-check lint unit-tests e2e two-servers

clean:
	cargo clean
	rm -rf tools/node_modules end2end/node_modules
