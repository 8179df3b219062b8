#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian 12 machine of this kind, when missing:
# the .NET 10 SDK is on the machine; the NativeAOT linker needs a C toolchain (gcc) and zlib headers;
# differential tests compare with systemd 252's offline tools.
set -euo pipefail
need=()
command -v gcc >/dev/null || need+=(gcc)
command -v systemd-escape >/dev/null || need+=(systemd)
command -v systemd-analyze >/dev/null || need+=(systemd)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  fi
fi
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 1; }
