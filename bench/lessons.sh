#!/usr/bin/env bash
# A lesson page under load (issue 19): loads a distance course under way (4 units of 5 lessons,
# Spanish and English) and 50 trainees enrolled in it, each signed in, then
#   1. counts the instructions the server executes per lesson page (bench/instructions.sh,
#      callgrind, 100 requests by one trainee);
#   2. has wrk open the page as 50 concurrent trainees (each connection its own trainee and
#      enrolment) for 10 seconds, and reports requests/s, p50 and p99.
# Usage: bench/lessons.sh [DATABASE_URL]   (default: a throwaway SQLite file; for PostgreSQL pass
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
trainees=50
export DATABASE_URL="${1:-sqlite://$work/bench.db?mode=rwc}"
"$bin" migrate >/dev/null
read -r first lesson < <("$seeder" bench-seed-learning --trainees "$trainees")
path="/learn/$first/lessons/$lesson"
echo "cores: $(nproc)   database: ${DATABASE_URL%%:*}   page: $path"

PICAP_COOKIE="picap_session=bench-learner-0" bench/instructions.sh 100 "$path"

export PICAP_ADDR=127.0.0.1:3305 RUST_LOG=warn PICAP_IP_RATE_LIMIT=0
"$bin" serve >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fsS "http://$PICAP_ADDR/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
cat >"$work/lesson.lua" <<LUA
-- Each connection is one trainee reading their own enrolment's lesson.
local first, lesson, trainees = $first, $lesson, $trainees
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
  return wrk.format("GET", "/learn/" .. (first + t) .. "/lessons/" .. lesson,
    { ["cookie"] = "picap_session=bench-learner-" .. t, ["accept-encoding"] = "gzip" })
end
LUA
out=$(wrk -t2 -c50 -d10s --latency -s "$work/lesson.lua" "http://$PICAP_ADDR")
echo "$out" | grep -E "Requests/sec|Non-2xx|^ +50%|^ +99%|requests in"
size=$(curl -s -H 'accept-encoding: gzip' -H "cookie: picap_session=bench-learner-0" "http://$PICAP_ADDR$path" | wc -c)
echo "lesson page, gzip: $size bytes"
