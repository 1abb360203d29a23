#include "quant/awq_search.h"

#include "quant/profile.h"

#include <cmath>
#include <limits>

namespace medawq {

at::Tensor activationMeans(const at::Tensor& x) {
    at::Tensor flat = x.reshape({-1, x.size(-1)});
    at::Tensor sum = at::zeros({x.size(-1)}, at::TensorOptions().dtype(at::kFloat).device(x.device()));
    const int64_t chunk = 8192;
    for (int64_t r = 0; r < flat.size(0); r += chunk)
        sum += flat.narrow(0, r, std::min(chunk, flat.size(0) - r)).abs().to(at::kFloat).sum(0);
    return sum / double(flat.size(0));
}

at::Tensor weightMeans(const std::vector<at::Tensor>& weights, int64_t groupSize) {
    at::Tensor w = at::cat(weights, 0).to(at::kFloat);
    const auto shape = w.sizes().vec();
    at::Tensor g = w.reshape({-1, groupSize}).abs();
    g = g / (g.amax(1, true) + 1e-6);
    return g.reshape(shape).mean(0);
}

namespace {

// The module's output, clipped to the dtype's finite range (fp16 overflow must not become Inf).
at::Tensor runClipped(const std::function<at::Tensor(const at::Tensor&)>& module, const at::Tensor& x) {
    at::Tensor y = module(x);
    return y.scalar_type() == at::kHalf ? y.clamp(-65504.0, 65504.0) : y;
}

double mse(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(at::kFloat) - b.to(at::kFloat)).pow(2).mean().item<double>();
}

}  // namespace

ScaleSearchResult searchScales(std::vector<at::Tensor*> weights, const at::Tensor& x,
                               const std::function<at::Tensor(const at::Tensor&)>& module, const at::Tensor& xMean,
                               const QuantSpec& spec, const ScaleSearchOptions& options) {
    ScaleSearchResult result;
    std::vector<at::Tensor> originals;
    for (at::Tensor* w : weights) originals.push_back(w->clone());
    const at::Tensor wMean = weightMeans(originals, spec.groupSize).to(xMean.device());
    const at::Tensor y0 = runClipped(module, x);

    auto lossFor = [&](const at::Tensor& s) {
        {
            profile::Section timed("scale: quantize weights", x);
            for (size_t i = 0; i < weights.size(); ++i) {
                at::Tensor sw = s.to(originals[i].scalar_type()).unsqueeze(0);
                *weights[i] = fakeQuantize(originals[i] * sw, spec) / sw;
            }
        }
        at::Tensor y;
        {
            profile::Section timed("scale: module", x);
            y = runClipped(module, x);
        }
        profile::Section timed("scale: loss", x);
        return mse(y0, y);
    };

    const at::Tensor ones = at::ones_like(xMean);
    result.lossBefore = lossFor(ones);
    double best = std::numeric_limits<double>::infinity();
    at::Tensor bestScales = ones;
    if (options.tryIdentity) {
        best = result.lossBefore;
        result.ratio = -1;
    }
    for (int i = 0; i < options.gridSize; ++i) {
        const double r = double(i) / options.gridSize;
        at::Tensor s = (xMean.pow(r) / (wMean.pow(1 - r) + 1e-4)).clamp_min(1e-4);
        s = s / (s.max() * s.min()).sqrt();
        s = at::where(at::isfinite(s), s, at::ones_like(s));
        const double loss = lossFor(s);
        result.losses.push_back(loss);
        if (std::isfinite(loss) && loss < best) {  // the first strict minimum wins
            best = loss;
            bestScales = s;
            result.ratio = r;
        }
    }
    for (size_t i = 0; i < weights.size(); ++i) *weights[i] = originals[i];
    if (!std::isfinite(best)) {
        result.fellBack = true;
        best = result.lossBefore;
    }
    result.scales = bestScales.to(at::kFloat);
    result.bestLoss = best;
    return result;
}

}  // namespace medawq
