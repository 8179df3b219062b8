#!/usr/bin/env bash
# The main job: builds Steward and runs its offline tools on the bundled example units in a
# temporary root (nothing on this machine's /etc/systemd is read or touched).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/ensure-deps.sh
dotnet publish src/Steward -c Release -o out -nologo
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/systemd/system"
cp examples/*.service "$root/etc/systemd/system/"
s=out/steward
echo "== steward --version"; "$s" --version
echo "== steward escape --path /var/lib/my-app"; "$s" escape --path /var/lib/my-app
for unit in examples/*.service; do
  name=$(basename "$unit")
  echo "== steward analyze verify --root=<tmp> $name"
  "$s" analyze verify --root="$root" --man=no "$name" || echo "(exit status $?)"
done
echo "== steward --root=<tmp> enable hello.service"; "$s" --root="$root" enable hello.service || echo "(exit status $?)"
echo "== steward --root=<tmp> mask sample.service  (the admin's own file: systemd refuses, Steward masks via system.control)"
"$s" --root="$root" mask sample.service
echo "== steward --root=<tmp> is-enabled sample.service hello.service"; "$s" --root="$root" is-enabled sample.service hello.service || true
echo "== steward --root=<tmp> list-unit-files"; "$s" --root="$root" list-unit-files
echo "== steward --root=<tmp> unmask sample.service"; "$s" --root="$root" unmask sample.service
echo "== steward analyze calendar --iterations=2 daily"; "$s" analyze calendar --iterations=2 daily
