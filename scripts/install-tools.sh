#!/usr/bin/env bash
# Installs the build tools PICAP needs, skipping whatever is already there:
#   - the wasm32-unknown-unknown target;
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock;
#   - wasm-opt from npm's binaryen@132 (Debian's binaryen 108 emits wasm that fails in browsers);
#   - brotli, from Debian, to precompress the site's files;
#   - PostgreSQL's client tools (pg_dump, pg_restore, psql), from Debian, for `picap backup` and
#     `picap restore` on PostgreSQL;
#   - a Python venv with icalendar, the independent parser the calendar tests check against,
#     aiosmtpd, the mail sink of the browser tests, and schemathesis, the independent judge of the
#     API document (scripts/api-contract.sh).
# cargo-leptos is not needed: scripts/build-site.sh runs the same build steps itself (compiling
# cargo-leptos took 20 minutes of a first run).
# Tools land in ~/.cargo/bin and tools/, which CI keeps between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "install-tools: cannot read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  echo "==> cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the registry mirror lacks one of its locked dependency versions.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "==> apt-get install nodejs npm"
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi

if ! command -v brotli >/dev/null 2>&1; then
  echo "==> apt-get install brotli"
  apt-get update -qq && apt-get install -y -qq brotli
fi

# `picap backup` and `picap restore` on PostgreSQL run pg_dump, pg_restore and psql; Debian's
# client matches the server of the tests (PostgreSQL 15).
if ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1 \
  || ! command -v psql >/dev/null 2>&1; then
  echo "==> apt-get install postgresql-client"
  apt-get update -qq && apt-get install -y -qq postgresql-client
fi

# The browser tests read the check-in QR code back with an independent decoder, zbar (and the
# certificates' QR codes, later).
if ! command -v zbarimg >/dev/null 2>&1; then
  echo "==> apt-get install zbar-tools"
  apt-get update -qq && apt-get install -y -qq zbar-tools
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  echo "==> npm ci (binaryen's wasm-opt)"
  (cd tools && npm ci --no-audit --no-fund)
fi

# The calendar tests parse our iCalendar output with an independent parser, Python's icalendar;
# the browser tests receive mail in an SMTP sink built on aiosmtpd; schemathesis checks the API
# against its own OpenAPI document.
if ! tools/venv/bin/python -c 'import icalendar, aiosmtpd, schemathesis' >/dev/null 2>&1; then
  echo "==> python venv with icalendar, aiosmtpd and schemathesis (calendar, browser and API contract tests)"
  if ! python3 -m venv tools/venv >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq python3-venv
    python3 -m venv tools/venv
  fi
  tools/venv/bin/pip install -q --disable-pip-version-check 'icalendar==7.3.2' 'aiosmtpd==1.4.6' \
    'schemathesis==4.32.5'
fi
