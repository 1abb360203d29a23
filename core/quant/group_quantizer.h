// Group-wise integer quantization of a Linear weight [N out, K in], groups of `groupSize`
// consecutive input channels per output row, as AWQ.md records AutoAWQ's quantizer:
//   asymmetric: scale = max(max - min, 1e-5) / (2^b - 1), zero = clamp(-round(min / scale), 0, 2^b - 1)
//   symmetric:  scale = max(|w|max, 1e-5) / (2^(b-1) - 1), codes in [-2^(b-1), 2^(b-1) - 1]
// round() is half-to-even (at::round), as torch's is. Scales are rounded to fp16 (how the
// checkpoint stores them) before the codes are computed.
#pragma once

#include <ATen/ATen.h>

namespace medawq {

struct QuantSpec {
    int bits = 4;
    int64_t groupSize = 128;
    bool zeroPoint = true;          // asymmetric with zero point (AutoAWQ default)
    bool zeroRepresentable = false; // widen [min, max] to contain 0 (compressed-tensors' rule)
};

struct GroupQuantized {
    at::Tensor codes;   // int32 [N, K], 0..2^b-1 (symmetric codes stored offset by 2^(b-1))
    at::Tensor scales;  // float32 [N, K/g]
    at::Tensor zeros;   // int32 [N, K/g] (2^(b-1) for symmetric)
};

GroupQuantized quantizeGroups(const at::Tensor& weight, const QuantSpec& spec);
// Q(w) back in w's dtype: what the quantized layer computes with.
at::Tensor fakeQuantize(const at::Tensor& weight, const QuantSpec& spec);
at::Tensor dequantizeGroups(const GroupQuantized& q, int64_t groupSize, at::ScalarType dtype);

}  // namespace medawq
