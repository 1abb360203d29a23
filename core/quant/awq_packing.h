// AutoAWQ "GEMM" packing: 8 4-bit values per int32 along the output dimension, nibble i of a
// word holding output column 8j + kAwqOrder[i]. Weights are stored transposed ([in, out]).
#pragma once

#include <ATen/ATen.h>

namespace medawq {

// q [K, N] integer codes in 0..15 -> packed int32 [K, N/8].
at::Tensor packAwq(const at::Tensor& q);
// packed int32 [K, N/8] -> codes int32 [K, N].
at::Tensor unpackAwq(const at::Tensor& packed);
// Dense weight [N, K] (Linear layout) in `dtype` from qweight [K, N/8], qzeros [K/g, N/8],
// scales [K/g, N]: W^T[k, n] = (q[k, n] - z[k/g, n]) * s[k/g, n].
at::Tensor dequantizeAwqGemm(const at::Tensor& qweight, const at::Tensor& qzeros, const at::Tensor& scales,
                             int64_t groupSize, at::ScalarType dtype);

}  // namespace medawq
