#!/usr/bin/env bash
# steward analyze calendar / timestamp against systemd-analyze calendar / timestamp, in one run.
# Usage: bench/time.sh [runs]   (expects out/steward: dotnet publish src/Steward -c Release -o out)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
n=${1:-30}
s=$PWD/out/steward
export TZ=Europe/Berlin
typical=("daily" "Mon..Fri *-*-* 08:00" "*:0/15" "Sat *-*-1..7 03:00" "*-*~1 23:30" "quarterly" "hourly UTC" "*-*-* 02:30 America/New_York")
many=()
for i in $(seq 1 12); do many+=("${typical[@]}"); done
stamps=("2026-03-29 02:30" "Thu 2026-12-03 11:00" "tomorrow" "@1796298936" "2026-10-25 02:30 CEST" "Dec 3 11:00:00")
header
measure "systemd-analyze calendar daily" "$n" systemd-analyze calendar daily
measure "steward analyze calendar daily" "$n" "$s" analyze calendar daily
measure "systemd-analyze calendar (96 events, 10 iter.)" "$n" systemd-analyze calendar --iterations=10 "${many[@]}"
measure "steward analyze calendar (96 events, 10 iter.)" "$n" "$s" analyze calendar --iterations=10 "${many[@]}"
measure "systemd-analyze calendar (7 local events, 20000 iter.)" 3 systemd-analyze calendar --iterations=20000 "${typical[@]:0:7}"
measure "steward analyze calendar (7 local events, 20000 iter.)" 3 "$s" analyze calendar --iterations=20000 "${typical[@]:0:7}"
measure "systemd-analyze timestamp (6 stamps)" "$n" systemd-analyze timestamp "${stamps[@]}"
measure "steward analyze timestamp (6 stamps)" "$n" "$s" analyze timestamp "${stamps[@]}"
