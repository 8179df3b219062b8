#!/usr/bin/env bash
# Whole-process timing for bench/*.sh: runs a command N times in one loop under /usr/bin/time and
# prints the mean wall-clock and CPU (user+sys) time per run, so tools can be compared side by side
# in one run on this 2-core shared machine (compare ratios, not absolute figures).
measure() {
  local label=$1 n=$2; shift 2
  local out
  out=$( { /usr/bin/time -f "%e %U %S" bash -c 'n=$1; shift; for ((i=0;i<n;i++)); do "$@" >/dev/null 2>&1 || true; done' _ "$n" "$@"; } 2>&1 | tail -1)
  read -r wall user sys <<<"$out"
  awk -v l="$label" -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" \
    'BEGIN { printf "| %-48s | %6d | %9.2f | %9.2f |\n", l, n, w*1000/n, (u+s)*1000/n }'
}
header() {
  printf '| %-48s | %6s | %9s | %9s |\n' "command" "runs" "wall ms" "CPU ms"
  printf '|%s|%s|%s|%s|\n' "--------------------------------------------------" "--------" "-----------" "-----------"
}
