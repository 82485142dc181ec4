#!/usr/bin/env bash
# Installs missing system packages, builds rules-maker, and compiles the bundled example
# documentation site (Fixtures/sites/tidewater, offline) into ./example-rules/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --product rules-maker
.build/debug/rules-maker compile Fixtures/sites/tidewater --target cursor,windsurf --out example-rules \
  --base-url https://tidewater.example.org/en/2.3/
