#!/usr/bin/env bash
# Configures (once) and builds tfcc into build/ with ninja and ccache.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
if [ ! -f "$root/build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release
fi
ninja -C "$root/build" -j"$(nproc)"
