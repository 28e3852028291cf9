#!/usr/bin/env bash
# Builds tfcc and runs every test: GoogleTest units, lit, the corpus import.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
ctest --test-dir "$root/build" --output-on-failure -j"$(nproc)"
