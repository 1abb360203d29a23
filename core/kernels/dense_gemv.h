// The decode GEMV for 16-bit weights (dense_gemv_kernels.cu) behind torch tensors. A 16-bit
// Linear runs it for 1..16 rows on CUDA, so a bf16 model's decode step has the same kernel
// structure as an AWQ model's (and both have their lm_head on it); prefill stays on cuBLAS.
#pragma once

#include "kernels/w4a16.h"

#include <ATen/ATen.h>

#include <string>

namespace medawq {

// Whether x · W^T takes the decode kernel: a build with the CUDA kernels, x and W on one GPU in
// the same 16-bit dtype, 1..16 rows, K % 64 == 0, W contiguous; and MEDAWQ_DENSE_GEMV is not 0
// (which sends these calls to cuBLAS, to compare).
bool denseDecodeTakes(const at::Tensor& x, const at::Tensor& weight);

// y = x · W^T (+ bias) through the decode kernel; the caller checked denseDecodeTakes.
at::Tensor denseDecodeLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias);

namespace dense_gemv {
// The decode kernel with an explicit launch (GemvLaunch: 0 = default; an activation makes W an
// interleaved gate|up and returns act(gate) * up).
at::Tensor decodeWith(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, const GemvLaunch& launch);
// The default configuration for a shape, as "wW kK sS uU".
std::string describeDefault(int64_t out, int64_t in, int64_t m);
}  // namespace dense_gemv

}  // namespace medawq
