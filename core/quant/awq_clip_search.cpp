#include "quant/awq_search.h"

#include <limits>

namespace medawq {

at::Tensor searchClip(const at::Tensor& weight, const at::Tensor& x, const QuantSpec& spec,
                      const ClipSearchOptions& options) {
    const int64_t n = weight.size(0), k = weight.size(1), g = spec.groupSize, groups = k / g;
    at::Tensor xs = x.reshape({-1, k});
    const int64_t step = std::max<int64_t>(1, xs.size(0) / options.sampleTokens);
    xs = xs.slice(0, 0, xs.size(0), step).to(at::kFloat);                 // [T', K]
    at::Tensor xg = xs.view({xs.size(0), groups, g}).permute({1, 0, 2});   // [groups, T', g]
    at::Tensor w = weight.to(at::kFloat);
    // Rows are independent, so the batch only trades memory for kernel launches: the partial
    // products [groups, T', rows] are kept to about 64 M elements.
    const int64_t rowBatch = std::max<int64_t>(64, (int64_t(64) << 20) / std::max<int64_t>(1, groups * xs.size(0)) / 64 * 64);
    const int steps = int(options.maxShrink * options.gridSize);
    std::vector<at::Tensor> bestParts;
    for (int64_t r0 = 0; r0 < n; r0 += rowBatch) {
        const int64_t rows = std::min(rowBatch, n - r0);
        at::Tensor wb = w.narrow(0, r0, rows).view({rows, groups, g});         // [rows, groups, g]
        // Partial dot products per group as batched matmuls: [groups, T', g] x [groups, g, rows].
        auto partial = [&](const at::Tensor& wq) { return at::bmm(xg, wq.permute({1, 2, 0})); };
        const at::Tensor reference = partial(wb);                               // [groups, T', rows]
        const at::Tensor maxAbs = wb.abs().amax(-1, true);                      // [rows, groups, 1]
        at::Tensor bestMax = maxAbs.clone();
        at::Tensor bestErr = at::full({rows, groups, 1}, std::numeric_limits<float>::infinity(), w.options());
        for (int i = 0; i < steps; ++i) {
            const at::Tensor m = maxAbs * (1.0 - double(i) / options.gridSize);
            at::Tensor clipped = at::max(at::min(wb, m), -m);
            at::Tensor q = fakeQuantize(clipped.reshape({rows, k}), spec).view({rows, groups, g});
            at::Tensor err = (partial(q) - reference).pow(2).mean(1);             // [groups, rows]
            err = err.t().unsqueeze(-1);                                           // [rows, groups, 1]
            at::Tensor better = err < bestErr;
            bestErr = at::where(better, err, bestErr);
            bestMax = at::where(better, m, bestMax);
        }
        bestParts.push_back(bestMax.squeeze(-1));
    }
    return at::cat(bestParts, 0);  // [N, groups]
}

at::Tensor applyClip(const at::Tensor& weight, const at::Tensor& maxValues, int64_t groupSize) {
    const int64_t n = weight.size(0), k = weight.size(1);
    at::Tensor w = weight.to(at::kFloat).view({n, k / groupSize, groupSize});
    at::Tensor m = maxValues.to(at::kFloat).unsqueeze(-1);
    return at::max(at::min(w, m), -m).view({n, k}).to(weight.scalar_type());
}

}  // namespace medawq
