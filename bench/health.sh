#!/usr/bin/env bash
# Throughput of the optimised server on loopback: /api/v1/health (one database round trip) and the
# server-rendered home page, on one keep-alive connection (where Nagle would hurt) and on 32.
# Usage: bench/health.sh [DATABASE_URL]   (default: a throwaway SQLite file). Needs `wrk` and a
# optimised build (`make dist`). Bounded: 5 seconds per run, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PICAP_BIN:-./target/dist/picap}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
port=3300
export DATABASE_URL="${1:-sqlite://$work/bench.db?mode=rwc}"
export PICAP_ADDR="127.0.0.1:$port" RUST_LOG=warn
"$bin" serve >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$PICAP_ADDR/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
echo "idle RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
run() {
  printf '%-34s' "$1"
  wrk -t"$2" -c"$3" -d5s ${4:+-H "$4"} "http://$PICAP_ADDR$5" | awk '/Latency/ {lat=$2} /Requests\/sec/ {rps=$2} END {printf "%10s req/s  latency avg %s", rps, lat}'
  echo
}
run "health, 1 connection" 1 1 "" /api/v1/health
run "health, 32 connections" 2 32 "" /api/v1/health
run "home page (gzip), 1 connection" 1 1 "accept-encoding: gzip" /
run "home page (gzip), 32 connections" 2 32 "accept-encoding: gzip" /
echo "RSS after load: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
