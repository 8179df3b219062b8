#!/usr/bin/env bash
# steward escape / analyze verify against systemd-escape / systemd-analyze verify, in one run.
# Usage: bench/escape-verify.sh [runs]   (expects out/steward: dotnet publish src/Steward -c Release -o out)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
n=${1:-50}
s=$PWD/out/steward
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
ln -s "$s" "$work/systemd-escape"
mkdir -p "$work/one" "$work/many"
cp examples/hello.service "$work/one/"
for i in $(seq 1 200); do
  sed "s/hello from/hello $i from/" examples/hello.service > "$work/many/unit$i.service"
done
many=("$work"/many/*.service)
header
measure "systemd-escape --path /var/lib/my-app" "$n" systemd-escape --path /var/lib/my-app
measure "steward (as systemd-escape) --path /var/lib/my-app" "$n" "$work/systemd-escape" --path /var/lib/my-app
measure "systemd-analyze verify (1 unit)" "$n" systemd-analyze verify --man=no "$work/one/hello.service"
measure "steward analyze verify (1 unit)" "$n" "$s" analyze verify --man=no "$work/one/hello.service"
measure "systemd-analyze verify (200 units)" "$((n/5+1))" systemd-analyze verify --man=no "${many[@]}"
measure "steward analyze verify (200 units)" "$((n/5+1))" "$s" analyze verify --man=no "${many[@]}"
