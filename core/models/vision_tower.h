// MedGemma's image path: the SigLIP vision encoder and Gemma 3's multi-modal projector, which turn
// pixel values into one embedding per image token of the language model. Kept in the checkpoint's
// 16-bit weights (the quantizer never touches vision_tower / multi_modal_projector).
#pragma once

#include "formats/model_config.h"
#include "models/decoder_layer.h"

#include <ATen/ATen.h>

#include <vector>

namespace medawq {

class Checkpoint;

struct LayerNorm {
    at::Tensor weight, bias;
    double eps = 1e-6;
    at::Tensor operator()(const at::Tensor& x) const;
};

struct SiglipLayer {
    LayerNorm norm1, norm2;
    Linear q, k, v, out, fc1, fc2;
};

class VisionTower {
public:
    // Reads the tower and projector under any of the three checkpoint layouts (transformers 5
    // save names, in-memory names, the published google/medgemma-4b-it names).
    VisionTower(const ModelConfig& config, const Checkpoint& checkpoint, at::Device device, at::ScalarType dtype);

    // pixel values [N, 3, S, S] -> image token embeddings [N, mm_tokens_per_image, text hidden],
    // in the model dtype on the model device.
    at::Tensor imageFeatures(const at::Tensor& pixelValues) const;
    // The encoder alone: [N, patches, vision hidden] after the post-layernorm.
    at::Tensor encode(const at::Tensor& pixelValues) const;

private:
    at::Tensor attention(const SiglipLayer& l, const at::Tensor& x) const;
    at::Tensor project(const at::Tensor& hidden) const;

    VisionConfig m_cfg;
    int64_t m_textHidden;
    at::Device m_device;
    at::ScalarType m_dtype;
    at::Tensor m_patchWeight, m_patchBias, m_positions;
    std::vector<SiglipLayer> m_layers;
    LayerNorm m_postNorm;
    RmsNorm m_softEmbNorm;       // Gemma's (1 + w) RMSNorm, eps = vision layer_norm_eps
    at::Tensor m_projection;     // [vision hidden, text hidden]: used as x @ W, not a Linear
};

}  // namespace medawq
