#!/usr/bin/env bash
# Runs a command with PICAP_TEST_PG pointing at a PostgreSQL server. Uses the one at
# PICAP_TEST_PG (default postgres://postgres@127.0.0.1:5432) when it answers; otherwise starts a
# throwaway cluster under target/pgtest with Debian's postgresql package, and stops it after.
# The PostgreSQL tests are never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

export PICAP_TEST_PG="${PICAP_TEST_PG:-postgres://postgres@127.0.0.1:5432}"

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -d "$1/postgres" -t 3
  else
    python3 - "$1" <<'PY'
import socket, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
socket.create_connection((u.hostname or "127.0.0.1", u.port or 5432), timeout=3).close()
PY
  fi
}

if answers "$PICAP_TEST_PG"; then
  exec "$@"
fi

echo "==> no PostgreSQL answers at $PICAP_TEST_PG: starting a throwaway cluster"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  apt-get update -qq && apt-get install -y -qq postgresql
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
port=55432
dir="$PWD/target/pgtest"
rm -rf "$dir" && mkdir -p "$dir"
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
trap '"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true' EXIT
export PICAP_TEST_PG="postgres://postgres@127.0.0.1:$port"
"$@"
