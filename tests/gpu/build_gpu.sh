#!/usr/bin/env bash
# Build the core and the CLI on the GPU box (Ubuntu 24.04, libtorch 2.11+cu130 inside Python's
# torch, no Qt, no network). Run from the repository root through the device tool, carrying
# .deps (the Debian .deb files of nlohmann-json3-dev and libcli11-dev, which that box lacks, and
# of libzip-dev, libzip4, libpugixml-dev, libpugixml1v5 for reading .xlsx tables):
#   apt-get download nlohmann-json3-dev libcli11-dev libzip-dev libzip4 libpugixml-dev libpugixml1v5 \
#       libpng-dev libpng16-16 libjpeg62-turbo-dev libjpeg62-turbo zlib1g-dev
#       # once, here, inside .deps/ (the last five: PNG and JPEG decoding for image prompts;
#       # DICOM stays off there, as DCMTK is not brought)
#   run: bash tests/gpu/build_gpu.sh && bash tests/gpu/run_gpu_checks.sh   (carry [".deps"])
# XLSX is optional (MEDAWQ_XLSX defaults ON only when libzip and pugixml are found): without the
# four .deb files the build still succeeds and readTable refuses .xlsx asking for a CSV. pugixml
# is found through CMAKE_PREFIX_PATH (its CMake package is relocatable); libzip through pkg-config,
# whose .pc says prefix=/usr, so the extracted copy is rewritten to point into the sysroot. The
# runtime needs of libzip4 (zlib, bzip2, OpenSSL 3) are on the box; the built binaries find
# libzip.so.4 and libpugixml.so.1 in the sysroot through CMake's build-tree RPATH.
set -euo pipefail
SYSROOT=/tmp/medawq-sysroot
mkdir -p "$SYSROOT"
for deb in .deps/*.deb; do dpkg -x "$deb" "$SYSROOT"; done
# zlib1g-dev's libz.so points at a runtime the sysroot lacks: point it at the box's own libz.so.1
# (else the static libz.a, not built for a shared library, would be linked).
SYSLIB=$SYSROOT/usr/lib/x86_64-linux-gnu
if [[ -f $SYSLIB/libz.a ]]; then
  rm -f "$SYSLIB/libz.a"
  ln -sf "$(ls /usr/lib/x86_64-linux-gnu/libz.so.1 /lib/x86_64-linux-gnu/libz.so.1 2>/dev/null | head -1)" "$SYSLIB/libz.so"
fi
SYSROOT_PC=$SYSROOT/usr/lib/x86_64-linux-gnu/pkgconfig
if [[ -d $SYSROOT_PC ]]; then
  sed -i "s|^prefix=/usr\$|prefix=$SYSROOT/usr|" "$SYSROOT_PC"/*.pc
  export PKG_CONFIG_PATH=$SYSROOT_PC${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
fi
TORCH_PREFIX=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
export PATH=/usr/local/cuda/bin:$PATH
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DMEDAWQ_UI=OFF -DMEDAWQ_TESTS=OFF \
  -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$SYSROOT/usr" -DCMAKE_CUDA_ARCHITECTURES=90 \
  -DCMAKE_CXX_FLAGS="-isystem $SYSROOT/usr/include"
cmake --build build-gpu -j "$(nproc)"
echo "built: build-gpu/app/medawq"
