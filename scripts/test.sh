#!/usr/bin/env bash
# Runs mos's test suite against a real PostgreSQL, wherever one can be found:
#   1. TEST_DATABASE_URL, if set;
#   2. else a server already listening on 127.0.0.1:5432 (user postgres, trust auth);
#   3. else a throwaway cluster started from the system's Postgres binaries in a temp dir.
# With none of these it stops with one line saying how to get Postgres.
set -euo pipefail
cd "$(dirname "$0")/.."

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

find_pg_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
}

PG_USER=$(id -un)
as_pg_user() { if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }

start_throwaway() {
  local bin="$1" dir port
  dir=$(mktemp -d /tmp/mos-pg.XXXXXX)
  port=$((20000 + RANDOM % 20000))
  while port_open 127.0.0.1 "$port"; do port=$((port + 1)); done
  # initdb refuses to run as root: run the cluster as an unprivileged user.
  if [ "$(id -u)" = 0 ]; then
    PG_USER=postgres; id postgres >/dev/null 2>&1 || PG_USER=nobody
    chown "$PG_USER" "$dir"
  fi
  as_pg_user "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  trap "as_pg_user '$bin/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1; rm -rf '$dir'" EXIT
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  echo "test database: throwaway cluster on port $port ($bin)"
}

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "test database: TEST_DATABASE_URL"
elif [ -z "${MOS_TEST_NO_LOCAL:-}" ] && port_open 127.0.0.1 5432; then
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
  echo "test database: server on 127.0.0.1:5432"
else
  bin=$(find_pg_bin || true)
  if [ -z "$bin" ]; then
    echo "make test needs PostgreSQL: set TEST_DATABASE_URL, run a server on 127.0.0.1:5432, or install the server binaries (apt-get install postgresql)" >&2
    exit 1
  fi
  start_throwaway "$bin"
fi

if [ -n "${MOS_SOAK:-}" ]; then
  # The chaos soak (cmd/mos/soak_test.go): real `mos serve` processes killed and restarted for MOS_SOAK.
  go test -run '^TestSoak$' -count=1 -v -timeout 90m ./cmd/mos
  exit
fi
if [ -n "${MOS_BENCH:-}" ]; then
  # Benchmarks run without the race detector, which would distort the figures.
  go test -run '^$' -bench . -benchtime "${MOS_BENCHTIME:-30x}" ./...
  exit
fi
go vet ./...
go test -race -count=1 -timeout 15m ./...
# The 60-second chaos soak, on its own after the rest (make soak runs the 10-minute one).
MOS_SOAK=60s go test -run '^TestSoak$' -count=1 -timeout 15m ./cmd/mos
