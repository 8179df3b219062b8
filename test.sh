#!/usr/bin/env bash
# Runs every test: builds the NativeAOT binary (the end-to-end tests run it), then all test projects.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/ensure-deps.sh
dotnet publish src/Steward -c Release -o out -nologo
export STEWARD_BINARY="$PWD/out/steward"
dotnet test Steward.slnx -c Release -nologo
