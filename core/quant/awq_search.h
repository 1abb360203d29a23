// The AWQ searches of Lin et al. (arXiv 2306.00978) as AutoAWQ runs them (shared/AWQ.md):
// per group of Linears sharing one input, the per-channel scale s = x_mean^r / w_mean^(1-r)
// minimising the inspected module's output error after fake quantization; then, per Linear,
// the clipping threshold per (row, group) minimising the partial-dot-product error.
#pragma once

#include "quant/group_quantizer.h"

#include <ATen/ATen.h>

#include <functional>
#include <vector>

namespace medawq {

struct ScaleSearchOptions {
    int gridSize = 20;
    bool tryIdentity = false;   // also try s = 1 (llm-compressor); it can only lower the loss
};

struct ScaleSearchResult {
    at::Tensor scales;          // float32 [C]; ones when the search fell back
    double ratio = -1;          // the chosen grid point r; -1 for identity
    double lossBefore = 0;      // loss with identity scales and quantized weights
    double bestLoss = 0;
    bool fellBack = false;      // every grid loss was NaN/Inf
    std::vector<double> losses; // per grid point
};

// Mean |x| per input channel over every token, accumulated in float32. x [..., C].
at::Tensor activationMeans(const at::Tensor& x);
// AWQ's w_mean over the concatenated weights [sum N, C]: rows of `groupSize` scaled by their
// max |w|, then averaged per input channel.
at::Tensor weightMeans(const std::vector<at::Tensor>& weights, int64_t groupSize);

// `weights`: the group's Linear weights (modified in place during the search, restored after).
// `module(x)`: the inspected module computed with the current weights.
ScaleSearchResult searchScales(std::vector<at::Tensor*> weights, const at::Tensor& x,
                               const std::function<at::Tensor(const at::Tensor&)>& module, const at::Tensor& xMean,
                               const QuantSpec& spec, const ScaleSearchOptions& options);

struct ClipSearchOptions {
    int gridSize = 20;
    double maxShrink = 0.5;     // thresholds m0 * (1 - i / grid), i < maxShrink * grid
    int64_t sampleTokens = 512;
};

// Per (row, group) best max |w| for weight [N, K] given inputs x [tokens, K]; returns [N, K/g].
at::Tensor searchClip(const at::Tensor& weight, const at::Tensor& x, const QuantSpec& spec,
                      const ClipSearchOptions& options);
// Clamp each group to +-max.
at::Tensor applyClip(const at::Tensor& weight, const at::Tensor& maxValues, int64_t groupSize);

}  // namespace medawq
