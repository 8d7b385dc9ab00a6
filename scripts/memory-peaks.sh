#!/usr/bin/env bash
# Prints what each command that reads every interview holds in memory on
# one data file: its peak resident memory (VmHWM, the kernel's high-water
# mark) and the peaks of its two parts, sampled from /proc/PID/status
# every 20 ms: RssAnon (Go's heap, stacks and the runtime's own) and
# RssFile (pages of files mapped: the data file's, which bbolt maps
# whole, and about 14 MB of siap's own program). Run on files of
# 10,000, 100,000 and 1,000,000 interviews, the figures tell what grows
# with the number of interviews (Linux only).
#
#   scripts/memory-peaks.sh DATA                     # list summary progress export verify
#   scripts/memory-peaks.sh DATA summary progress    # those alone
#   scripts/memory-peaks.sh DATA pack merge          # pack it, and merge the pack into a new file
#
# The data file is only read (commands that write get files of their own
# in a temporary folder, deleted at the end); an encrypted one needs
# SIAP_PASSPHRASE. SIAP_BIN runs that build of siap instead of building
# this checkout.
set -euo pipefail
[ -r /proc/self/status ] || { echo "needs Linux's /proc" >&2; exit 2; }
[ $# -ge 1 ] || { sed -n '2,20s/^# \{0,1\}//p' "$0" >&2; exit 2; }
data=$(realpath "$1"); shift
cmds=("$@")
[ ${#cmds[@]} -gt 0 ] || cmds=(list summary progress export verify)
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/siap-peaks.XXXXXX")
trap 'rm -rf "$work"' EXIT
siap=${SIAP_BIN:-$work/siap}
[ -n "${SIAP_BIN:-}" ] || go build -o "$siap" .

# peaks NAME CMD...: runs CMD and prints NAME, its wall time and peaks.
peaks() {
  local name=$1; shift
  local start=$EPOCHREALTIME hwm=0 anon=0 file=0 k v rest
  "$@" >"$work/out" 2>"$work/err" &
  local pid=$!
  while [ -r /proc/$pid/status ]; do
    while read -r k v rest; do
      case $k in
        VmHWM:) ((v > hwm)) && hwm=$v ;;
        RssAnon:) ((v > anon)) && anon=$v ;;
        RssFile:) ((v > file)) && file=$v ;;
        State:) [ "$v" = Z ] && break 2 ;;
      esac
    done </proc/$pid/status 2>/dev/null || break
    sleep 0.02
  done
  if ! wait $pid; then
    echo "$name failed:" >&2; cat "$work/err" >&2; return 1
  fi
  printf "%-10s %8.2f s   peak %5d MB   RssAnon %5d MB   RssFile %5d MB\n" "$name" \
    "$(echo "$EPOCHREALTIME - $start" | bc)" $((hwm / 1024)) $((anon / 1024)) $((file / 1024))
}

echo "$(basename "$data"): $(du -m "$data" | cut -f1) MB, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
for c in "${cmds[@]}"; do
  case $c in
    list) peaks list "$siap" --data "$data" list --format csv ;;
    summary) peaks summary "$siap" --data "$data" summary --include-simulated ;;
    progress) peaks progress "$siap" --data "$data" progress ;;
    export) peaks export "$siap" --data "$data" export --include-simulated --out "$work/export"; rm -rf "$work/export" ;;
    verify) peaks verify "$siap" --data "$data" verify ;;
    pack) peaks pack "$siap" --data "$data" pack --out "$work/all.siap" ;;
    merge)
      [ -f "$work/all.siap" ] || "$siap" --data "$data" pack --out "$work/all.siap" >/dev/null
      peaks merge "$siap" --data "$work/hq.db" --no-encryption merge "$work/all.siap" ;;
    *) echo "no such command here: $c (list, summary, progress, export, verify, pack, merge)" >&2; exit 2 ;;
  esac
done
