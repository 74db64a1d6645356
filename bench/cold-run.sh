#!/usr/bin/env bash
# The first-run target (issue 15): a cold `make run`, from a fresh clone to a healthy server with
# the demo data, must take at most 20 minutes on two cores; a second `make run` with nothing
# changed, at most 10 seconds to serving.
#
# Clones this repository's HEAD into a temporary folder and runs `make run` there with empty
# caches: CARGO_HOME is a new folder (every crate is downloaded and every tool compiled again),
# target/, tools/node_modules and tools/venv start empty, and ~/.cargo/bin is not on PATH (only
# the machine's Rust toolchain is reached, through rustup's cargo and rustc). Debian packages
# that an earlier run installed (brotli, nodejs, chromium) stay installed: apt-get cannot be
# emptied for one run, and installing brotli takes seconds. Prints the time to a healthy server
# for both runs, then stops the server and removes the folder.
#
# Usage: bench/cold-run.sh [PORT]     (default 3900; the server listens on 127.0.0.1:PORT)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-3900}
limit_s=${PICAP_COLD_LIMIT_S:-1200}
work=$(mktemp -d /tmp/picap-cold.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -- -"$server_pid" 2>/dev/null || kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/picap"
mkdir -p "$work/cargo-home" "$work/bin"
# rustup's proxies: the machine's toolchain, and nothing else from ~/.cargo/bin.
for tool in cargo rustc rustdoc rustup rustfmt cargo-fmt cargo-clippy clippy-driver; do
  if [ -x "$HOME/.cargo/bin/$tool" ]; then ln -s "$HOME/.cargo/bin/$tool" "$work/bin/$tool"; fi
done
export CARGO_HOME="$work/cargo-home"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$work/bin:$(echo "$PATH" | tr ':' '\n' | grep -v "^$HOME/.cargo/bin$" | paste -sd:)"
export PICAP_ADDR="127.0.0.1:$port"
unset CARGO_TARGET_DIR DATABASE_URL

# Runs `make run` in the clone and prints the seconds until /api/v1/health answers.
run_until_healthy() {
  local log=$1 start now
  start=$(date +%s.%N)
  (cd "$work/picap" && setsid make run >"$log" 2>&1) &
  server_pid=$!
  while :; do
    if curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "cold-run: make run stopped before the server was healthy:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    now=$(date +%s.%N)
    if awk -v a="$now" -v b="$start" -v l="$limit_s" 'BEGIN { exit !(a - b > l + 600) }'; then
      echo "cold-run: no healthy server after $(awk -v a="$now" -v b="$start" 'BEGIN { print a - b }') s" >&2
      exit 1
    fi
    sleep 0.2
  done
  now=$(date +%s.%N)
  kill -- -"$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
  awk -v a="$now" -v b="$start" 'BEGIN { print a - b }'
}

echo "cold-run: fresh clone in $work/picap, empty CARGO_HOME, $(nproc) cores"
cold=$(run_until_healthy "$work/cold.log")
echo "cold-run: the phases, from make's log:"
grep -E '^==>|Finished|build-site:' "$work/cold.log" | sed 's/^/    /' || true
warm=$(run_until_healthy "$work/warm.log")
printf 'cold make run: %.0f s to a healthy server (target <= %d s)\n' "$cold" "$limit_s"
printf 'second make run, nothing changed: %.1f s (target <= 10 s)\n' "$warm"
status=0
if awk -v c="$cold" -v l="$limit_s" 'BEGIN { exit !(c > l) }'; then echo "FAIL: the cold run is over its target" >&2; status=1; fi
if awk -v w="$warm" 'BEGIN { exit !(w > 10) }'; then echo "FAIL: the second run is over its target" >&2; status=1; fi
exit $status
