#!/usr/bin/env bash
# A quiz attempt page under load (issue 19): loads the lesson benchmark's course, a quiz of ten
# questions (every kind, Spanish and English) and, for each of 200 trainees, an attempt in
# progress with half its answers saved, then
#   1. counts the instructions the server executes per attempt page (bench/instructions.sh,
#      callgrind, 100 requests by one trainee);
#   2. has wrk open the attempt pages as 50 concurrent trainees (each connection its own trainee
#      and attempt) for 10 seconds, and reports requests/s, p50 and p99;
#   3. has 200 trainees submit their attempts at the same moment, and reports how long the last
#      one waited and how many were graded (each must answer 200: none lost, none refused).
# Usage: bench/quizzes.sh [DATABASE_URL]   (default: a throwaway SQLite file; for PostgreSQL pass
# a URL naming a database that does not exist yet). Needs `wrk`, `valgrind` and the optimised
# build (`make dist`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PICAP_BIN:-./target/dist/picap}
. bench/seeder.sh
seeder=$(picap_seeder "$bin")
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
work=$(mktemp -d)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
trainees=200
readers=50
export DATABASE_URL="${1:-sqlite://$work/bench.db?mode=rwc}"
"$bin" migrate >/dev/null
read -r first attempt < <("$seeder" bench-seed-quiz --trainees "$trainees")
path="/learn/$first/attempts/$attempt"
echo "cores: $(nproc)   database: ${DATABASE_URL%%:*}   page: $path"

PICAP_COOKIE="picap_session=bench-learner-0" bench/instructions.sh 100 "$path"

export PICAP_ADDR=127.0.0.1:3307 RUST_LOG=warn PICAP_IP_RATE_LIMIT=0
"$bin" serve >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS "http://$PICAP_ADDR/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
cat >"$work/attempt.lua" <<LUA
-- Each connection is one trainee reopening their own attempt (a reload mid-quiz).
local first, attempt, trainees = $first, $attempt, $readers
local next_trainee = 0
function setup(thread)
  thread:set("offset", next_trainee)
  next_trainee = next_trainee + 1
end
function init(args)
  n = offset
end
request = function()
  local t = n % trainees
  n = n + 2
  return wrk.format("GET", "/learn/" .. (first + t) .. "/attempts/" .. (attempt + t),
    { ["cookie"] = "picap_session=bench-learner-" .. t, ["accept-encoding"] = "gzip" })
end
LUA
out=$(wrk -t2 -c50 -d10s --latency -s "$work/attempt.lua" "http://$PICAP_ADDR")
echo "$out" | grep -E "Requests/sec|Non-2xx|^ +50%|^ +99%|requests in"
size=$(curl -s -H 'accept-encoding: gzip' -H "cookie: picap_session=bench-learner-0" "http://$PICAP_ADDR$path" | wc -c)
echo "attempt page, gzip: $size bytes"

# 200 submissions at once, each its own trainee and attempt.
start=$(date +%s.%N)
for t in $(seq 0 $((trainees - 1))); do
  curl -s -o /dev/null -w "%{http_code}\n" -X POST -H "cookie: picap_session=bench-learner-$t" \
    "http://$PICAP_ADDR/api/v1/attempts/$((attempt + t))/submit" >>"$work/burst" &
done
wait_for=$(jobs -p | grep -v "^$pid$" || true)
[ -n "$wait_for" ] && wait $wait_for
end=$(date +%s.%N)
graded=$(grep -c '^200$' "$work/burst" || true)
echo "200 submissions at once: $graded graded (200), others: $(grep -vc '^200$' "$work/burst" || true), $(echo "$end - $start" | bc -l | cut -c1-5) s for all"
[ "$graded" -eq "$trainees" ]
