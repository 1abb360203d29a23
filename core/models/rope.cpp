#include "models/rope.h"

#include <cmath>

namespace medawq {

Rope::Rope(const RopeParams& params, int64_t headDim, int64_t maxPositions)
    : m_params(params), m_headDim(headDim), m_maxPositions(maxPositions), m_dynamicCachedLength(maxPositions) {
    m_invFreq = invFreq(params.theta);
    if (params.type == "linear") m_invFreq = m_invFreq / params.factor;
    if (params.type == "llama3") {
        // Long wavelengths are slowed by `factor`, short ones kept, the band between blended.
        const double oldLen = double(params.originalMaxPositions);
        const double lowWavelen = oldLen / params.lowFreqFactor;
        const double highWavelen = oldLen / params.highFreqFactor;
        at::Tensor wavelen = 2 * M_PI / m_invFreq;
        at::Tensor scaled = at::where(wavelen > lowWavelen, m_invFreq / params.factor, m_invFreq);
        at::Tensor smooth = (oldLen / wavelen - params.lowFreqFactor) / (params.highFreqFactor - params.lowFreqFactor);
        at::Tensor blended = (1 - smooth) * scaled / params.factor + smooth * scaled;
        at::Tensor medium = (wavelen >= highWavelen).logical_and(wavelen <= lowWavelen);
        m_invFreq = at::where(medium, blended, scaled);
    }
}

at::Tensor Rope::invFreq(double base) const {
    at::Tensor idx = at::arange(0, m_headDim, 2, at::TensorOptions().dtype(at::kLong)).to(at::kFloat);
    return 1.0 / at::pow(at::scalar_tensor(base, at::kFloat), idx / double(m_headDim));
}

std::pair<at::Tensor, at::Tensor> Rope::cosSin(int64_t start, int64_t length, const at::Device& device) {
    if (m_params.type == "dynamic") {
        // As transformers does: the base is recomputed whenever a longer sequence arrives, and
        // reset once the sequence is back within the original length.
        const int64_t seqLen = start + length;
        const int64_t original = m_params.originalMaxPositions > 0 ? m_params.originalMaxPositions : m_maxPositions;
        if (seqLen > m_dynamicCachedLength) {
            const double f = m_params.factor;
            const double base = m_params.theta * std::pow(f * seqLen / double(original) - (f - 1),
                                                          double(m_headDim) / double(m_headDim - 2));
            m_invFreq = invFreq(base);
            m_dynamicCachedLength = seqLen;
        } else if (seqLen < original && m_dynamicCachedLength > original) {
            m_invFreq = invFreq(m_params.theta);
            m_dynamicCachedLength = original;
        }
    }
    at::Tensor pos = at::arange(start, start + length, at::TensorOptions().dtype(at::kLong)).to(at::kFloat);
    at::Tensor freqs = pos.unsqueeze(1) * m_invFreq.unsqueeze(0);
    at::Tensor emb = at::cat({freqs, freqs}, -1).to(device);
    return {emb.cos(), emb.sin()};
}

at::Tensor applyRope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    const int64_t half = x.size(-1) / 2;
    at::Tensor c = cos.to(x.scalar_type());
    at::Tensor s = sin.to(x.scalar_type());
    at::Tensor rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    return x * c + rotated * s;
}

}  // namespace medawq
