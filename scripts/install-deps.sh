#!/usr/bin/env bash
# Installs the Debian 12 packages tfcc builds with; does nothing when all are present.
set -euo pipefail
pkgs=(cmake ninja-build ccache g++ python3
      llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
      protobuf-compiler libprotobuf-dev libgrpc++-dev protobuf-compiler-grpc
      libeigen3-dev libgtest-dev libgmock-dev libbenchmark-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
