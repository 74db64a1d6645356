# PICAP: two commands.
#   make run   installs what is missing, builds (release), migrates, loads demo data, serves
#              on http://127.0.0.1:3000
#   make test  formatting, lints, unit and integration tests on SQLite and PostgreSQL, the wasm
#              build, the Playwright suite in headless Chromium (page weights included), and the
#              enrolment burst across two server processes on one PostgreSQL database
# And for deployment and benchmarks:
#   make dist  the whole-program optimised server, target/dist/picap, with the site

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
# Test threads render whole pages in debug builds: give them the stack the server's workers have.
export RUST_MIN_STACK := 8388608
export PATH := $(CURDIR)/tools/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

PICAP := ./target/release/picap
# The browser tests and the two-server burst run the debug build that `cargo test` makes anyway:
# one build of the server for all the tests.
TEST_PICAP := ./target/debug/picap

.PHONY: run test tools build dist site fmt-check lint unit-tests test-build e2e api-contract two-servers clean

run: build
	$(PICAP) migrate
	$(PICAP) seed-demo
	$(PICAP) serve

tools:
	scripts/install-tools.sh

# The site (wasm islands, CSS, public files; precompressed) and the release server beside it.
# Production builds never carry the benchmark seeders (the `bench` feature): checked on the binary.
NO_SEEDERS = ! $(1) help bench-seed-enrollment >/dev/null 2>&1 || { echo "$(1) carries the benchmark seeders" >&2; exit 1; }

build: tools
	scripts/build-site.sh target/release
	cargo build -p server --bin picap --release
	$(call NO_SEEDERS,$(PICAP))

dist: tools
	scripts/build-site.sh target/dist
	cargo build -p server --bin picap --profile dist
	$(call NO_SEEDERS,./target/dist/picap)

fmt-check:
	cargo fmt --all --check

lint:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

unit-tests:
	scripts/with-postgres.sh cargo test --workspace

# The debug server exactly as `cargo test` builds it (same features, so nothing is rebuilt), and
# the site beside it.
test-build: tools
	cargo test --workspace --no-run
	scripts/build-site.sh target/debug

e2e: test-build
	PICAP_BIN=$(TEST_PICAP) scripts/e2e.sh

# schemathesis checks every /api/v1 operation against the server's own OpenAPI document.
api-contract: test-build
	PICAP_BIN=$(TEST_PICAP) scripts/api-contract.sh

# The 300-trainee burst across two server processes sharing one PostgreSQL database.
two-servers: test-build
	PICAP_BIN=$(TEST_PICAP) scripts/with-postgres.sh bench/enrollment-two-servers.sh

test: tools fmt-check lint unit-tests e2e api-contract two-servers

clean:
	cargo clean
	rm -rf tools/node_modules tools/venv end2end/node_modules
