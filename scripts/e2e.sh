#!/usr/bin/env bash
# The end-to-end suite: serves PICAP_BIN (default: the release build `make run` serves) on a throwaway
# SQLite database and runs Playwright in headless Debian Chromium against it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "==> apt-get install chromium"
  apt-get update -qq && apt-get install -y -qq chromium
fi
if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -f end2end/node_modules/axe-core/axe.min.js ]; then
  echo "==> npm ci (Playwright test runner and axe-core; browsers are never downloaded)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

PICAP_BIN="${PICAP_BIN:-./target/release/picap}"
port="${PICAP_E2E_PORT:-3100}"
smtp_port="${PICAP_E2E_SMTP_PORT:-2626}"
work=$(mktemp -d)
export DATABASE_URL="sqlite://$work/e2e.db?mode=rwc"
export PICAP_ADDR="127.0.0.1:$port"
# Mail goes to a local sink; the tests read what it received from $PICAP_E2E_MAILBOX.
export PICAP_E2E_MAILBOX="$work/mailbox.jsonl"
export SMTP_URL="smtp://127.0.0.1:$smtp_port"
tools/venv/bin/python scripts/smtp-sink.py "$smtp_port" "$PICAP_E2E_MAILBOX" >"$work/smtp.log" 2>&1 &
sink=$!
"$PICAP_BIN" seed-demo >/dev/null
"$PICAP_BIN" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server $sink 2>/dev/null || true; wait $server $sink 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
if ! curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null; then
  echo "e2e: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
cd end2end
PICAP_BASE_URL="http://127.0.0.1:$port" npx playwright test "$@"
