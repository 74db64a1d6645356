#!/usr/bin/env bash
# Sign-in throughput of the optimised server on loopback: correct passwords for 32 accounts, each
# one an argon2id verification (19 MiB, t=2, p=1) plus a session and an audit row.
# Usage: bench/login.sh [DATABASE_URL]   (default: a throwaway SQLite file). Needs `wrk` and a
# optimised build (`make dist`). Bounded: 10 seconds, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PICAP_BIN:-./target/dist/picap}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
port=3301
export DATABASE_URL="${1:-sqlite://$work/bench.db?mode=rwc}"
# The per-address limit would refuse a load test from one address after 30 attempts.
export PICAP_ADDR="127.0.0.1:$port" RUST_LOG=warn PICAP_IP_RATE_LIMIT=0
for n in $(seq -w 1 32); do
  PICAP_ADMIN_PASSWORD="bench account passphrase" "$bin" create-admin \
    --email "bench$n@picap.example.org" --name "Bench $n" >/dev/null
done
"$bin" serve >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$PICAP_ADDR/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"email":"bench01@picap.example.org","password":"bench account passphrase"}' "http://$PICAP_ADDR/api/v1/auth/login")
[ "$status" = 200 ] || { echo "login check answered $status" >&2; exit 1; }
echo "cores: $(nproc)"
wrk -t2 -c16 -d10s -s bench/login.lua "http://$PICAP_ADDR/api/v1/auth/login" | awk '/Latency/ {print "latency avg", $2, "max", $4} /Requests\/sec/ {print "logins/s", $2} /Non-2xx/ {print "non-2xx answers", $5}'
echo "peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
