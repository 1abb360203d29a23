#!/usr/bin/env bash
# Build the core and the CLI on the GPU box (Ubuntu 24.04, libtorch 2.11+cu130 inside Python's
# torch, no Qt, no network). Run from the repository root through the device tool, carrying
# .deps (the Debian .deb files of nlohmann-json3-dev and libcli11-dev, which that box lacks):
#   apt-get download nlohmann-json3-dev libcli11-dev   # once, here, inside .deps/
#   run: bash tests/gpu/build_gpu.sh && bash tests/gpu/run_gpu_checks.sh   (carry [".deps"])
set -euo pipefail
SYSROOT=/tmp/medawq-sysroot
mkdir -p "$SYSROOT"
for deb in .deps/*.deb; do dpkg -x "$deb" "$SYSROOT"; done
TORCH_PREFIX=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
export PATH=/usr/local/cuda/bin:$PATH
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DMEDAWQ_UI=OFF -DMEDAWQ_TESTS=OFF \
  -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$SYSROOT/usr" -DCMAKE_CUDA_ARCHITECTURES=90 \
  -DCMAKE_CXX_FLAGS="-isystem $SYSROOT/usr/include"
cmake --build build-gpu -j "$(nproc)"
echo "built: build-gpu/app/medawq"
