#include "quant/group_quantizer.h"

#include <medawq/errors.h>

#include <string>

namespace medawq {

namespace {

// weight [N, K] -> float32 view [N * K/g, g]
at::Tensor grouped(const at::Tensor& weight, int64_t groupSize) {
    if (weight.dim() != 2 || weight.size(1) % groupSize != 0)
        throw Error("", "cannot quantize a weight of shape " + c10::str(weight.sizes()) + " with group size " +
                            std::to_string(groupSize) + " (in_features must be a multiple of it)");
    return weight.to(at::kFloat).reshape({-1, groupSize});
}

at::Tensor fp16Exact(const at::Tensor& scale) { return scale.to(at::kHalf).to(at::kFloat); }

}  // namespace

GroupQuantized quantizeGroups(const at::Tensor& weight, const QuantSpec& spec) {
    const int64_t n = weight.size(0), k = weight.size(1);
    at::Tensor w = grouped(weight, spec.groupSize);
    GroupQuantized out;
    at::Tensor scale, zero, q;
    if (spec.zeroPoint) {
        const double levels = double((1 << spec.bits) - 1);
        at::Tensor mx = w.amax(1, true), mn = w.amin(1, true);
        if (spec.zeroRepresentable) {
            mx = mx.clamp_min(0);
            mn = mn.clamp_max(0);
        }
        // Divide by a tensor, not a scalar: CUDA turns scalar division into a multiplication by
        // float32(1/15), which moves the scale's last bit, and clipped groups sit exactly on a
        // round-half-to-even tie (min/scale = -7.5). The scale is then rounded to fp16, the
        // precision it is stored in, so the saved weights are exactly those the search evaluated.
        scale = fp16Exact((mx - mn).clamp_min(1e-5) / at::full({1}, levels, mx.options()));
        zero = (-at::round(mn / scale)).clamp(0, levels);
        q = (at::round(w / scale) + zero).clamp(0, levels);
    } else {
        const double maxCode = double((1 << (spec.bits - 1)) - 1), minCode = -double(1 << (spec.bits - 1));
        scale = fp16Exact(w.abs().amax(1, true).clamp_min(1e-5) / at::full({1}, maxCode, w.options()));
        q = at::round(w / scale).clamp(minCode, maxCode) - minCode;  // stored offset: zero = 2^(b-1)
        zero = at::full_like(scale, -minCode);
    }
    out.codes = q.to(at::kInt).view({n, k});
    out.scales = scale.view({n, k / spec.groupSize});
    out.zeros = zero.to(at::kInt).view({n, k / spec.groupSize});
    return out;
}

at::Tensor dequantizeGroups(const GroupQuantized& q, int64_t groupSize, at::ScalarType dtype) {
    const int64_t n = q.codes.size(0), k = q.codes.size(1);
    at::Tensor codes = q.codes.to(at::kFloat).view({-1, groupSize});
    at::Tensor w = (codes - q.zeros.to(at::kFloat).reshape({-1, 1})) * q.scales.reshape({-1, 1});
    return w.view({n, k}).to(dtype);
}

at::Tensor fakeQuantize(const at::Tensor& weight, const QuantSpec& spec) {
    return dequantizeGroups(quantizeGroups(weight, spec), spec.groupSize, weight.scalar_type());
}

}  // namespace medawq
