// Host glue shared by the decode GEMVs (W4A16 and dense): their split-K workspace, and their
// launch configuration from a GemvLaunch. The workspace is one per device, zero between
// calls (each call clears what it used), grown when a wider layer comes. One decode stream per
// device at a time: two streams running split-K GEMVs concurrently on one device would share it.
// Never freed (it lives as long as the process, and freeing at exit would race the CUDA
// context's teardown). Only in builds with the CUDA kernels.
#pragma once

#include "kernels/w4a16.h"
#include "kernels/w4a16_kernels.h"

#include <ATen/ATen.h>

#include <string>
#include <utility>

namespace medawq {

// Floats and counters for a GEMV with `out` output features on `device`.
std::pair<float*, int*> decodeWorkspace(const at::Device& device, int64_t out);

// `base` with the launch's non-zero fields put in.
cuda::DecodeConfig withLaunch(cuda::DecodeConfig base, const GemvLaunch& launch);
// "wW kK sS uU": warps per block, warps per tile, block slices of K, unroll.
std::string describe(const cuda::DecodeConfig& c);

}  // namespace medawq
