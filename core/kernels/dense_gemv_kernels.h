// Launcher of the decode-time GEMV for 16-bit weights (dense_gemv_kernels.cu), torch-free like
// w4a16_kernels.h. It is what a bf16/fp16 checkpoint's linears run in the graphed decode step
// instead of cuBLAS, so that the FP16-vs-AWQ comparison runs both through the same kind of
// kernel: the same tiling, split K, fix-up and programmatic-dependent-launch prologue
// (gemv_common.cuh), only the weight format differs.
#pragma once

#include "kernels/w4a16_kernels.h"

#include <cstdint>

namespace medawq::cuda {

// Whether the kernel takes a weight of this shape (K % 64 == 0; any N >= 1).
bool denseDecodeSupports(int64_t n, int64_t k);

// The configuration denseDecode() uses when given none (unroll: 64-wide K chunks per
// iteration, 2 or 4: each is 128 bytes of each of a warp's 16 rows).
DecodeConfig defaultDenseDecodeConfig(int64_t n, int64_t k, int64_t m);

// y[M, N] = x[M, K] · W^T (+ bias[N]) for 1 <= M <= 16; W row-major [N, K] and x, bias, y all
// of type `act` (BFloat16 or Float16), fp32 accumulation; W and x 16-byte aligned. Workspace
// as for decode() (decodeWorkspaceFloats(N), decodeCounterInts(N), zero on entry and exit);
// `norm` as for decode() (FusedNorm: x is the residual row, one token).
void denseDecode(DType act, const void* w, int64_t n, int64_t k, const void* x, int64_t m, const void* bias, void* y,
                 float* workspace, int* counters, const DecodeConfig& config, int activation, void* stream,
                 const FusedNorm* norm = nullptr);

}  // namespace medawq::cuda
