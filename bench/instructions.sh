#!/usr/bin/env bash
# Instructions the server executes per request, counted by valgrind's callgrind: repeatable for
# the same build and data whatever else the machine is doing, so small changes can be compared
# where wrk's requests/s are too noisy. Seeds the catalog benchmark's data (5,000 modules,
# 20,000 offerings) into a throwaway SQLite file unless DATABASE_URL names a database, warms up,
# then counts N requests to each path (gzip, Spanish, like bench/catalog.sh) and prints the
# instructions per request and, with TOP=n, the n most expensive functions (inclusive).
# Usage: bench/instructions.sh [N] [PATH ...]   (default: 100 requests each to the health check,
# the search page, the filtered search page, the search API and the offerings API: the paths
# issue 18 sets targets for). PICAP_BIN names another build (A/B). PICAP_COOKIE, if set, is sent
# with every request (a signed-in page: bench/lessons.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
n=${1:-100}
shift || true
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/api/v1/health "/catalog?q=fuerza"
  "/catalog?q=seguridad&mode=blended&language=es&upcoming=true" "/api/v1/modules?q=fuerza"
  /api/v1/offerings)
bin=${PICAP_BIN:-./target/dist/picap}
. bench/seeder.sh
seeder=$(picap_seeder "$bin")
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL="sqlite://$work/bench.db?mode=rwc"
  "$bin" migrate >/dev/null
  "$seeder" bench-seed --modules 5000 --offerings 20000 >/dev/null
fi
export PICAP_ADDR=127.0.0.1:3303 RUST_LOG=warn PICAP_IP_RATE_LIMIT=0
valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" --dump-instr=no "$bin" serve \
  >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -fsS "http://$PICAP_ADDR/api/v1/health" >/dev/null 2>&1 && break; sleep 0.2; done
get() {
  curl -s -o /dev/null -H 'accept-encoding: gzip' -H 'accept-language: es' \
    ${PICAP_COOKIE:+-H "cookie: $PICAP_COOKIE"} "http://$PICAP_ADDR$1"
}
for path in "${paths[@]}"; do
  for _ in $(seq 1 20); do get "$path"; done
  rm -f "$work"/cg.*.*
  callgrind_control -z "$pid" >/dev/null 2>&1
  for _ in $(seq 1 "$n"); do get "$path"; done
  callgrind_control -d "$pid" >/dev/null 2>&1
  out=$(ls "$work"/cg.*.* | tail -n 1)
  total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  printf '%-36s %12s instructions per request\n' "$path" "$(awk -v t="$total" -v n="$n" 'BEGIN { printf "%d", t / n }')"
  if [ -n "${TOP:-}" ]; then
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n "7,$((6 + TOP))p" | cut -c1-160
  fi
  # KEEP=dir keeps each path's callgrind file there, for callgrind_annotate by hand.
  if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP" && cp "$out" "$KEEP/$(echo "$path" | tr -c 'a-zA-Z0-9\n' '_').cg"
  fi
done
