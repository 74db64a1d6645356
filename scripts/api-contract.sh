#!/usr/bin/env bash
# The API contract: serves PICAP_BIN (default: the debug build `cargo test` makes) on a throwaway
# SQLite database with the demo data, signs in as the demo administrator, and has schemathesis,
# an independent judge, check every `/api/v1` operation against the server's own OpenAPI
# document with every check: undocumented statuses, responses that break their schema, requests
# the document calls valid that the server refuses, and invalid ones it accepts.
# Extra arguments go to schemathesis (e.g. `--include-path-regex modules`).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! tools/venv/bin/python -c 'import schemathesis' >/dev/null 2>&1; then
  scripts/install-tools.sh
fi

PICAP_BIN="${PICAP_BIN:-./target/debug/picap}"
port="${PICAP_CONTRACT_PORT:-3200}"
work=$(mktemp -d)
export DATABASE_URL="sqlite://$work/contract.db?mode=rwc"
export PICAP_ADDR="127.0.0.1:$port"
# No SMTP_URL: mail stays in the outbox, nobody is written to.
unset SMTP_URL
"$PICAP_BIN" migrate >/dev/null
"$PICAP_BIN" seed-demo >/dev/null
"$PICAP_BIN" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
if ! curl -fsS "$base/api/v1/health" >/dev/null; then
  echo "api-contract: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

# The demo administrator (app/src/demo.rs): every operation is open to them, so a refusal
# means a wrong document or a wrong server, not missing rights.
cookie=$(curl -fsS -o /dev/null -D - -H 'content-type: application/json' \
  --data '{"email":"admin@picap.example.org","password":"demo-admin-passphrase"}' \
  "$base/api/v1/auth/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n 1)
if [ -z "$cookie" ]; then
  echo "api-contract: the demo administrator could not sign in" >&2
  exit 1
fi

# Operations that end the session under test (signing out, changing the password, ending
# sessions, deactivating or demoting accounts, resetting passwords) are left out: after them
# every later operation would answer 401. A fixed seed and a bounded number of examples per
# operation keep the run repeatable and within a few minutes on two cores.
# scripts/api-contract.toml lists the operations whose valid-looking requests may still be
# refused with 422 by a rule no schema can state (an id that must exist, dates in order), and why.
tools/venv/bin/schemathesis --config-file scripts/api-contract.toml run "$base/api/v1/openapi.json" \
  --checks all \
  --seed 20260509 \
  -n 25 \
  --workers 1 \
  --exclude-path-regex 'logout|/me/password|/me/sessions|/active|/roles|password-reset' \
  -H "Cookie: $cookie" \
  --no-color \
  "$@"
