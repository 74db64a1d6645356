#!/usr/bin/env bash
# The 300-trainee burst split across two `picap serve` processes sharing one PostgreSQL
# database: 300 trainees apply at the same moment to one 30-seat open offering, half through
# each server. Passes only if every answer is 201, exactly 30 are enrolled and 270 waitlisted
# with positions 1..270 (no gaps, no repeats), and the offering's counters agree.
# Usage: bench/enrollment-two-servers.sh [POSTGRES_SERVER_URL]  (default $PICAP_TEST_PG, else
# postgres://postgres@127.0.0.1:5432; a fresh database is created and dropped). Runs PICAP_BIN
# (default: the release build of `make build`); `make test` runs it on the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
picap="${PICAP_BIN:-./target/release/picap}"
. bench/seeder.sh
seeder=$(picap_seeder "$picap")
server="${1:-${PICAP_TEST_PG:-postgres://postgres@127.0.0.1:5432}}"
name="picap_two_servers_$$"
work=$(mktemp -d)
export DATABASE_URL="$server/$name" RUST_LOG=warn PICAP_IP_RATE_LIMIT=0
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
pids=()
trap cleanup EXIT
"$picap" migrate >/dev/null
offering=$("$seeder" bench-seed-enrollment --trainees 300 --offerings 1 --capacity 30)
for port in 3311 3312; do
  PICAP_ADDR="127.0.0.1:$port" "$picap" serve >"$work/$port.log" 2>&1 &
  pids+=($!)
done
for port in 3311 3312; do
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
done
# Even-numbered trainees go to the first server, odd-numbered to the second; all at once.
seq 0 299 | xargs -P 300 -I{} sh -c '
  n={}; port=$((3311 + n % 2))
  curl -s -o /dev/null -w "%{http_code}\n" -X POST \
    -H "cookie: picap_session=bench-trainee-$n" \
    "http://127.0.0.1:$port/api/v1/offerings/'"$offering"'/enrollments"
' >"$work/codes"
echo "answers: $(sort "$work/codes" | uniq -c | tr '\n' ' ')"
if [ "$(grep -c '^201$' "$work/codes")" != 300 ]; then
  echo "FAIL: not every application answered 201" >&2
  exit 1
fi
counts=$(psql "$server/$name" -Atc "SELECT status, count(*), coalesce(min(waitlist_position), 0), coalesce(max(waitlist_position), 0), count(DISTINCT waitlist_position) FROM enrollments GROUP BY status ORDER BY status")
echo "$counts"
"$picap" bench-check-enrollment
expected=$'enrolled|30|0|0|0\nwaitlisted|270|1|270|270'
if [ "$counts" != "$expected" ]; then
  echo "FAIL: expected 30 enrolled and 270 waitlisted at positions 1..270" >&2
  exit 1
fi
echo "two servers, one database: 30 seats given once, 270 waiting in order"
