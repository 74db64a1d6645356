#!/usr/bin/env bash
# Catalog search under load, on loopback: seeds 5,000 modules and 20,000 offerings into a fresh
# database, then measures the search page (/catalog?q=…), the filtered search page,
# GET /api/v1/modules?q=… and a page of GET /api/v1/offerings next to GET /api/v1/health on the
# same server in the same run. Reports requests/s and p50/p99 latency (issue 18's targets are on
# p99 at these 16 connections).
# Usage: bench/catalog.sh [DATABASE_URL]   (default: a throwaway SQLite file; for PostgreSQL pass
# a URL naming a database that does not exist yet). Needs `wrk` and the optimised build (`make dist`).
# Bounded: 10 seconds per run. PICAP_BIN names another build of the server to compare (A/B).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
port=3302
bin=${PICAP_BIN:-./target/dist/picap}
. bench/seeder.sh
seeder=$(picap_seeder "$bin")
export DATABASE_URL="${1:-sqlite://$work/bench.db?mode=rwc}"
export PICAP_ADDR="127.0.0.1:$port" RUST_LOG=warn PICAP_IP_RATE_LIMIT=0
"$bin" migrate >/dev/null
"$seeder" bench-seed --modules 5000 --offerings 20000
"$bin" serve >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$PICAP_ADDR/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
echo "cores: $(nproc)   database: ${DATABASE_URL%%:*}"
echo "results on the page for q=fuerza: $(curl -fsS -H 'accept-language: es' "http://$PICAP_ADDR/api/v1/modules?q=fuerza&per_page=1" | sed -E 's/.*"total":([0-9]+).*/\1/')"
declare -A rps
run() {
  local name=$1 path=$2
  local out
  out=$(wrk -t2 -c16 -d10s --latency -H 'accept-encoding: gzip' -H 'accept-language: es' "http://$PICAP_ADDR$path")
  rps[$name]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local p50 p99
  p50=$(echo "$out" | awk '/^ +50%/ {print $2}')
  p99=$(echo "$out" | awk '/^ +99%/ {print $2}')
  printf '%-32s %10s req/s   p50 %-8s p99 %-8s\n' "$name" "${rps[$name]}" "$p50" "$p99"
}
run "health" /api/v1/health
run "search page /catalog?q=fuerza" "/catalog?q=fuerza"
run "api /api/v1/modules?q=fuerza" "/api/v1/modules?q=fuerza"
run "search page, filters" "/catalog?q=seguridad&mode=blended&language=es&upcoming=true"
run "api /api/v1/offerings" /api/v1/offerings
for name in "search page /catalog?q=fuerza" "api /api/v1/modules?q=fuerza" "search page, filters" "api /api/v1/offerings"; do
  awk -v a="${rps[$name]}" -v b="${rps[health]}" -v n="$name" 'BEGIN { printf "%-32s %.2f of health throughput\n", n, a / b }'
done
echo "RSS after load: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
