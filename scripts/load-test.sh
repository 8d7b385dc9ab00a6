#!/usr/bin/env bash
# Load test of headquarters (siap serve), on loopback only: simulated
# interviewers' laptops (200, with 100 interviews each, unless told
# otherwise) enrol and sync through two siap serve processes against one
# PostgreSQL; then each laptop takes as many interviews again and syncs
# while one server is killed (kill -9) and started again, the laptops
# retrying. Each round prints syncs per second and the median and
# 99th-percentile sync time, and checks that the database holds every
# interview sent, once (internal/loadtest).
#
#   scripts/load-test.sh                         # a throwaway PostgreSQL cluster
#   SIAP_LOAD_DB=postgres://u@127.0.0.1:5432/db scripts/load-test.sh   # an existing, empty database
#   SIAP_LOAD_DB=/tmp/hq.siap scripts/load-test.sh                     # a data file (one server process)
#   SIAP_LOAD_LAPTOPS=50 SIAP_LOAD_INTERVIEWS=20 scripts/load-test.sh  # a smaller run
#
# The throwaway cluster is made with initdb in a temporary folder, as a
# user other than root (nobody, when run as root), listening on a free
# port of 127.0.0.1, and removed at the end with everything else. The run
# stops after SIAP_LOAD_TIMEOUT (default 20m).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/siap-load.XXXXXX")
chmod 755 "$work"
pgdata=""
as_pg=()
cleanup() {
  if [ -n "$pgdata" ]; then
    "${as_pg[@]}" pg_ctl -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/siap" .

if [ -z "${SIAP_LOAD_DB:-}" ]; then
  for tool in initdb pg_ctl psql; do
    command -v "$tool" >/dev/null || { echo "$tool not found: install PostgreSQL (postgresql package) or set SIAP_LOAD_DB" >&2; exit 1; }
  done
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses root.
    as_pg=(runuser -u nobody --)
  fi
  pgdata="$work/pg"
  mkdir -p "$pgdata" && chown "$("${as_pg[@]}" id -u)" "$pgdata" 2>/dev/null || true
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  "${as_pg[@]}" initdb -D "$pgdata" -U siap --auth=trust -E UTF8 >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log" >&2; exit 1; }
  "${as_pg[@]}" pg_ctl -D "$pgdata" -l "$pgdata/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdata -c max_connections=200 -c fsync=on" start >/dev/null ||
    { cat "$pgdata/server.log" >&2; exit 1; }
  psql "postgres://siap@127.0.0.1:$port/postgres" -qc "CREATE DATABASE siap" >/dev/null
  export SIAP_LOAD_DB="postgres://siap@127.0.0.1:$port/siap"
  echo "PostgreSQL $(psql "$SIAP_LOAD_DB" -Atc 'SHOW server_version') on 127.0.0.1:$port (throwaway)"
fi

echo "$(nproc) cores; $(go version | cut -d' ' -f3)"
SIAP_LOAD_BIN="$work/siap" go test ./internal/loadtest -run '^TestLoad$' -count=1 -v \
  -timeout "${SIAP_LOAD_TIMEOUT:-20m}" | grep -v '^=== RUN\|load_test.go:[0-9]*: \(round\|headquarters holds\|two supervisors\|every laptop\)'
