#!/usr/bin/env bash
# Enrolment requests under load, on loopback: loads 20,000 trainees (each with a session) and 20
# open offerings of 30 seats, then has wrk send POST /api/v1/offerings/{id}/enrollments, each
# request from the next trainee, spread over the offerings. Reports applications per second
# (every one is a write transaction: a seat or a waitlist place), p50/p99 latency, and checks the
# invariants afterwards: seats within capacity, waiting lists dense.
# Usage: bench/enrollment.sh [DATABASE_URL]   (default: a throwaway SQLite file; for PostgreSQL
# pass a URL naming a database that does not exist yet). Needs `wrk` and the optimised build (`make dist`).
# Bounded: 10 seconds of load.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PICAP_BIN:-./target/dist/picap}
. bench/seeder.sh
seeder=$(picap_seeder "$bin")
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
port=3304
export DATABASE_URL="${1:-sqlite://$work/bench.db?mode=rwc}"
export PICAP_ADDR="127.0.0.1:$port" RUST_LOG=warn PICAP_IP_RATE_LIMIT=0
"$bin" migrate >/dev/null
offerings=$("$seeder" bench-seed-enrollment --trainees 20000 --offerings 20 --capacity 30)
"$bin" serve >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://$PICAP_ADDR/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done

cat >"$work/apply.lua" <<LUA
-- Each wrk thread takes every n-th trainee, so no trainee applies twice.
local offerings = { $(echo "$offerings" | paste -sd, -) }
local counter, step = 0, 1
function setup(thread)
  thread:set("first", counter)
  counter = counter + 1
end
function init(args)
  step = 2
  counter = first
end
request = function()
  local n = counter
  counter = counter + step
  local offering = offerings[(n % #offerings) + 1]
  return wrk.format("POST", "/api/v1/offerings/" .. offering .. "/enrollments",
    { ["cookie"] = "picap_session=bench-trainee-" .. n })
end
LUA
echo "cores: $(nproc)   database: ${DATABASE_URL%%:*}"
out=$(wrk -t2 -c16 -d10s --latency -s "$work/apply.lua" "http://$PICAP_ADDR")
echo "$out" | grep -E "Requests/sec|Non-2xx|^ +50%|^ +99%|requests in"
"$bin" bench-check-enrollment
echo "RSS after load: $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status)"
