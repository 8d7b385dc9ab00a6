#!/usr/bin/env bash
# Builds data files of simulated interviews of the shipped questionnaire
# at each size given (default 10000 100000), and prints what siap's
# commands take on them: wall time and the peak resident memory of the
# process (GNU time), never Go's heap statistics. Where sqlite3 is
# installed it loads the same exported rows (data and paradata) into an
# sqlite file (timed: what a merge is compared with) and times writing
# them back to CSV (what an export is compared with) and computes what
# siap summary reports from them (scripts/summary-sql.sh: every
# indicator's n and percentage, mean or median per city and for all,
# with intervals, quartiles, value counts and test statistics; what a
# summary is compared with), side by side. The single-column GROUP BY
# of earlier runs (count and mean age per city) is printed too, labelled
# as such: it is not what a summary computes.
#
#   scripts/bench-scale.sh                 # 10,000 and 100,000
#   scripts/bench-scale.sh 10000           # one size
#   SIAP_BENCH_ENCRYPT=1 scripts/bench-scale.sh 10000   # an encrypted file
#   SIAP_BENCH_DATA=old.db scripts/bench-scale.sh 100000 # time a copy of an existing file of that size
#
# Files are unencrypted unless SIAP_BENCH_ENCRYPT is set, so that the
# figures are the store's own. Everything is written under a temporary
# folder (SIAP_BENCH_DIR to choose it), deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
work=$(mktemp -d "${SIAP_BENCH_DIR:-${TMPDIR:-/tmp}}/siap-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/siap" .

enc=(--no-encryption)
if [ -n "${SIAP_BENCH_ENCRYPT:-}" ]; then
  enc=()
  export SIAP_PASSPHRASE="bench-scale-passphrase-7"
fi

# run NAME CMD...: runs CMD under GNU time, printing NAME, seconds and
# peak RSS in MB; the command's output goes to $work/out.
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
    echo "$name failed:" >&2; cat "$work/err" >&2; return 1; }
  read -r secs kb <"$work/time"
  printf "%-34s %9.2f s %9.0f MB\n" "$name" "$secs" "$((kb / 1024))"
}

for n in "${sizes[@]}"; do
  d="$work/n$n"
  mkdir -p "$d"
  data="$d/siap.db"
  echo "== $n interviews (${enc[*]:-encrypted})"
  if [ -n "${SIAP_BENCH_DATA:-}" ]; then
    cp "$SIAP_BENCH_DATA" "$data"
  else
    run "simulate --n $n" "$work/siap" --data "$data" "${enc[@]}" simulate --n "$n" --seed 1
  fi
  size=$(stat -c %s "$data")
  printf "%-34s %9.1f MB, %.2f KB per interview\n" "data file" "$(echo "$size / 1048576" | bc -l)" "$(echo "$size / $n / 1024" | bc -l)"
  run "list" "$work/siap" --data "$data" list --format csv
  run "summary" "$work/siap" --data "$data" summary --include-simulated
  run "progress" "$work/siap" --data "$data" progress
  run "export (CSV and scripts)" "$work/siap" --data "$data" export --include-simulated --out "$d/export"
  run "verify" "$work/siap" --data "$data" verify
  run "pack" "$work/siap" --data "$data" pack --out "$d/all.siap"
  run "merge the pack into a new file" "$work/siap" --data "$d/hq.db" "${enc[@]}" merge "$d/all.siap"
  rm -f "$d/hq.db"* "$d/all.siap"

  if command -v sqlite3 >/dev/null; then
    db="$d/same.sqlite"
    run "sqlite3: load the exported rows" sqlite3 "$db" ".mode csv" ".import $d/export/data.csv data" ".import $d/export/paradata.csv paradata"
    printf "%-34s %9.1f MB (data and paradata, as exported)\n" "sqlite3 file" "$(echo "$(stat -c %s "$db") / 1048576" | bc -l)"
    run "sqlite3: data and paradata to CSV" sqlite3 "$db" ".headers on" ".mode csv" ".once $d/sq-data.csv" "select * from data;" ".once $d/sq-para.csv" "select * from paradata;"
    run "sqlite3: the summary's figures" sh -c 'scripts/summary-sql.sh | sqlite3 "$1"' sh "$db"
    group=$(head -1 "$d/export/data.csv" | tr ',' '\n' | grep -m1 -x -e city -e kota -e resp_city || true)
    if [ -n "$group" ]; then
      run "sqlite3: GROUP BY $group, one column" sqlite3 "$db" "select \"$group\", count(*), avg(cast(resp_age as real)) from data group by 1;"
    fi
    rm -f "$db" "$d"/sq-*.csv
  fi
  rm -rf "$d"
done
