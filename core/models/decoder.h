// One decoder-only transformer covering Llama, Mistral, Gemma, Gemma 2 and Gemma 3 (text path
// of MedGemma too). The families differ only in switches carried by ModelConfig: norm
// convention, sandwich norms, q/k norms, windows, soft-capping, embedding scale, activation.
#pragma once

#include "formats/model_config.h"
#include "models/rope.h"

#include <ATen/ATen.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace medawq {

class Checkpoint;

struct Linear {
    at::Tensor weight;  // [out, in]
    at::Tensor bias;    // undefined when absent
    at::Tensor operator()(const at::Tensor& x) const;
};

struct RmsNorm {
    at::Tensor weight;
    double eps = 1e-6;
    bool onePlus = false;  // Gemma: x * (1 + w), all in float32
    at::Tensor operator()(const at::Tensor& x) const;
};

struct DecoderLayer {
    RmsNorm inputNorm, postAttentionNorm, preFeedforwardNorm, postFeedforwardNorm, qNorm, kNorm;
    Linear q, k, v, o, gate, up, down;
    bool sliding = false;
};

// Static key/value cache: [B, kvHeads, capacity, headDim] per layer.
struct KvCache {
    std::vector<at::Tensor> keys, values;
    int64_t length = 0;
    int64_t capacity = 0;
};

class DecoderModel {
public:
    // Loads the text decoder's weights from `checkpoint` to `device` in `dtype`. `progress`
    // (may be empty) is called after each layer; returning false throws Cancelled.
    DecoderModel(const ModelConfig& config, const Checkpoint& checkpoint, at::Device device, at::ScalarType dtype,
                 const std::function<bool(int, int)>& progress);

    KvCache newCache(int64_t batch, int64_t capacity) const;
    // ids [B, T] (int64) at positions cache.length..; appends to the cache; returns float32
    // logits [B, T, vocab] (or [B, 1, vocab] for the last position when lastOnly).
    at::Tensor forward(const at::Tensor& ids, KvCache& cache, bool lastOnly = false);

    const ModelConfig& config() const { return m_config; }
    at::Device device() const { return m_device; }
    at::ScalarType dtype() const { return m_dtype; }
    const std::string& tensorPrefix() const { return m_prefix; }

private:
    at::Tensor attention(const DecoderLayer& layer, const at::Tensor& x, KvCache& cache, size_t index,
                         const at::Tensor& cosG, const at::Tensor& sinG, const at::Tensor& cosL, const at::Tensor& sinL);
    at::Tensor mlp(const DecoderLayer& layer, const at::Tensor& x) const;

    ModelConfig m_config;
    at::Device m_device;
    at::ScalarType m_dtype;
    std::string m_prefix;  // "model.", "language_model.model." or "model.language_model."
    at::Tensor m_embed;
    RmsNorm m_finalNorm;
    Linear m_lmHead;
    std::vector<DecoderLayer> m_layers;
    std::unique_ptr<Rope> m_ropeGlobal, m_ropeLocal;
};

}  // namespace medawq
