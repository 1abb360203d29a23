// Rotary position embeddings with the scalings transformers implements for our families:
// default, linear (positions / factor), dynamic NTK (base grows once the sequence outgrows
// max_position_embeddings) and llama3 (wavelength-dependent frequency scaling).
#pragma once

#include "formats/model_config.h"

#include <ATen/ATen.h>

namespace medawq {

class Rope {
public:
    Rope(const RopeParams& params, int64_t headDim, int64_t maxPositions);
    // cos and sin [T, headDim] in float32 for positions start..start+T-1.
    std::pair<at::Tensor, at::Tensor> cosSin(int64_t start, int64_t length, const at::Device& device);

private:
    at::Tensor invFreq(double base) const;
    RopeParams m_params;
    int64_t m_headDim;
    int64_t m_maxPositions;
    at::Tensor m_invFreq;          // float32, CPU
    int64_t m_dynamicCachedLength;  // dynamic NTK: the longest sequence seen so far
};

// x [B, H, T, D] rotated by cos/sin [T, D] (rotate_half convention of transformers).
at::Tensor applyRope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

}  // namespace medawq
