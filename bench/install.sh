#!/usr/bin/env bash
# Install operations: steward against systemctl --root on the same tree of 2,000 units, in one run.
# Usage: bench/install.sh [runs]   (expects out/steward: dotnet publish src/Steward -c Release -o out)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
n=${1:-10}
s=$PWD/out/steward
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# A tree like a busy distribution's: 2,000 vendor units (services, sockets, timers), a quarter of
# them enabled, some aliases and masks, a preset policy.
make_tree() {
  local root=$1 vendor=$1/usr/lib/systemd/system
  mkdir -p "$vendor" "$root/etc/systemd/system/multi-user.target.wants" "$root/usr/lib/systemd/system-preset"
  printf '[Unit]\nDescription=Multi-User System\n' > "$vendor/multi-user.target"
  for i in $(seq 1 1800); do
    printf '[Unit]\nDescription=unit %s\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n' "$i" > "$vendor/svc$i.service"
  done
  for i in $(seq 1 100); do
    printf '[Socket]\nListenStream=/run/s%s.sock\n[Install]\nWantedBy=sockets.target\n' "$i" > "$vendor/s$i.socket"
    printf '[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n' > "$vendor/t$i.timer"
  done
  for i in $(seq 1 450); do ln -s "/usr/lib/systemd/system/svc$i.service" "$root/etc/systemd/system/multi-user.target.wants/svc$i.service"; done
  for i in $(seq 451 500); do ln -s /dev/null "$root/etc/systemd/system/svc$i.service"; done
  printf 'enable svc1*\nenable *.socket\ndisable *\n' > "$root/usr/lib/systemd/system-preset/90-bench.preset"
}
make_tree "$work/real"
make_tree "$work/ours"

header
measure "systemctl --root list-unit-files (2,000 units)" "$n" systemctl --root="$work/real" list-unit-files
measure "steward --root list-unit-files (2,000 units)" "$n" "$s" --root="$work/ours" list-unit-files
measure "systemctl --root is-enabled svc7.service" "$((n*5))" systemctl --root="$work/real" is-enabled svc7.service
measure "steward --root is-enabled svc7.service" "$((n*5))" "$s" --root="$work/ours" is-enabled svc7.service
measure "systemctl --root enable + disable svc1500" "$((n*2))" bash -c "systemctl --root='$work/real' enable svc1500.service; systemctl --root='$work/real' disable svc1500.service"
measure "steward --root enable + disable svc1500" "$((n*2))" bash -c "'$s' --root='$work/ours' enable svc1500.service; '$s' --root='$work/ours' disable svc1500.service"
measure "systemctl --root preset-all (2,000 units)" "$((n/2+1))" systemctl --root="$work/real" preset-all
measure "steward --root preset-all (2,000 units)" "$((n/2+1))" "$s" --root="$work/ours" preset-all
