#!/usr/bin/env bash
# Times siap list on data files: from the command's start to its first
# line (what a person waits for), to its last, and its peak resident
# memory (GNU time), for the table and for csv. The files are opened
# read-only; a file whose facts this build did not make is listed from
# every answer (and says so), so open it once for writing first
# (siap --data FILE simulate --n 1, on a copy) to time the facts.
#
#   scripts/bench-list.sh FILE...
#   SIAP_BENCH_RUNS=5 scripts/bench-list.sh big.db
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 FILE..." >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/siap-bench-list.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/siap" .

now() { date +%s%N; }

for data in "$@"; do
  echo "== $data ($(du -h "$data" | cut -f1))"
  for format in table csv; do
    for _ in $(seq "${SIAP_BENCH_RUNS:-3}"); do
      start=$(now)
      read -r first lines < <(
        /usr/bin/time -f "%e %M" -o "$work/time" "$work/siap" --data "$data" list --format "$format" 2>"$work/err" |
          { IFS= read -r _; t=$(now); n=$(wc -l); echo "$t $((n + 1))"; }
      )
      end=$(now)
      read -r _ kb <"$work/time"
      printf "list --format %-5s first line %7.3f s, last %8.2f s, peak %5d MB, %d lines\n" "$format" \
        "$(echo "($first - $start) / 1000000000" | bc -l)" "$(echo "($end - $start) / 1000000000" | bc -l)" \
        "$((kb / 1024))" "$lines"
      [ ! -s "$work/err" ] || sed 's/^/  stderr: /' "$work/err"
    done
  done
done
