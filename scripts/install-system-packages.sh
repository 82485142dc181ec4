#!/usr/bin/env bash
# Installs the C libraries rules-maker links against (libcurl, libxml2, zlib, SQLite) and pkg-config,
# only when they are missing. Uses sudo when not run as root.
set -euo pipefail
need=()
for pkg in libcurl4-openssl-dev libxml2-dev zlib1g-dev libsqlite3-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
