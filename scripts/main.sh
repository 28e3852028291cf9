#!/usr/bin/env bash
# The main job. Until code generation lands: import the example GraphDef with
# its tfcompile config, specialize shapes, and print its tfcc IR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
"$root/build/bin/tfcc" import "$root/examples/mlp/mlp.pbtxt" \
  --config "$root/examples/mlp/mlp.config.pbtxt" --specialize
