// The split-K workspace of the decode GEMVs (W4A16 and dense), one per device: zero between
// calls (each call clears what it used), grown when a wider layer comes. One decode stream per
// device at a time: two streams running split-K GEMVs concurrently on one device would share it.
// Never freed (it lives as long as the process, and freeing at exit would race the CUDA
// context's teardown). Only in builds with the CUDA kernels.
#pragma once

#include <ATen/ATen.h>

#include <utility>

namespace medawq {

// Floats and counters for a GEMV with `out` output features on `device`.
std::pair<float*, int*> decodeWorkspace(const at::Device& device, int64_t out);

}  // namespace medawq
