#include "models/decoder.h"

#include "models/tensor_io.h"
#include "quant/awq_packing.h"

#include <medawq/errors.h>
#include <medawq/safetensors.h>

#include <cmath>
#include <limits>

namespace medawq {

at::Tensor Linear::operator()(const at::Tensor& x) const { return at::linear(x, weight, bias); }

at::Tensor RmsNorm::operator()(const at::Tensor& x) const {
    at::Tensor xf = x.to(at::kFloat);
    at::Tensor normed = xf * at::rsqrt(xf.pow(2).mean(-1, true) + eps);
    if (onePlus) return (normed * (1.0 + weight.to(at::kFloat))).to(x.scalar_type());
    return weight * normed.to(x.scalar_type());  // Llama: cast back first, then scale
}

namespace {

struct Loader {
    const Checkpoint& checkpoint;
    const ModelConfig& config;
    at::Device device;
    at::ScalarType dtype;

    bool has(const std::string& name) const { return checkpoint.contains(name); }
    at::Tensor raw(const std::string& name) const {
        if (!checkpoint.contains(name))
            throw Error(config.path, "the checkpoint has no tensor '" + name + "' that this " +
                                         familyName(config.family) + " config needs (does config.json match the weights?)");
        return toTensor(checkpoint.tensor(name));
    }
    at::Tensor tensor(const std::string& name, std::vector<int64_t> shape) const {
        at::Tensor t = raw(name);
        if (t.sizes() != at::IntArrayRef(shape))
            throw Error(config.path, "tensor '" + name + "' has shape " + c10::str(t.sizes()) + " but config.json implies " +
                                         c10::str(at::IntArrayRef(shape)));
        return t.to(device, dtype);
    }
    Linear linear(const std::string& name, int64_t out, int64_t in, bool bias) const {
        Linear l;
        if (has(name + ".qweight")) {
            if (!config.awq.present)
                throw Error(config.path, "'" + name + ".qweight' is AWQ-packed but config.json has no quantization_config");
            try {
                l.weight = dequantizeAwqGemm(raw(name + ".qweight"), raw(name + ".qzeros"), raw(name + ".scales"),
                                             config.awq.groupSize, dtype)
                               .to(device);
            } catch (const Error& e) {
                throw Error(config.path, name + ": " + e.problem());
            }
            if (l.weight.size(0) != out || l.weight.size(1) != in)
                throw Error(config.path, "AWQ layer '" + name + "' has the wrong shape for config.json");
        } else {
            l.weight = tensor(name + ".weight", {out, in});
        }
        if (bias || has(name + ".bias")) l.bias = tensor(name + ".bias", {out});
        return l;
    }
    RmsNorm norm(const std::string& name, int64_t dim) const {
        RmsNorm n;
        n.weight = tensor(name + ".weight", {dim});
        n.eps = config.rmsNormEps;
        n.onePlus = config.gemmaNorms;
        return n;
    }
};

std::string detectPrefix(const Checkpoint& ckpt, const ModelConfig& config, std::string& lmHead) {
    // Text models: model.*; MedGemma as published: language_model.model.*; transformers 5
    // writes model.language_model.*.
    const char* candidates[][2] = {{"model.", "lm_head.weight"},
                                   {"language_model.model.", "language_model.lm_head.weight"},
                                   {"model.language_model.", "lm_head.weight"}};
    for (auto& c : candidates) {
        if (ckpt.contains(std::string(c[0]) + "embed_tokens.weight")) {
            lmHead = c[1];
            return c[0];
        }
    }
    throw Error(config.path, "cannot find the token embeddings (model.embed_tokens.weight or its multimodal names) "
                             "in the checkpoint");
}

}  // namespace

DecoderModel::DecoderModel(const ModelConfig& config, const Checkpoint& checkpoint, at::Device device,
                           at::ScalarType dtype, const std::function<bool(int, int)>& progress)
    : m_config(config), m_device(device), m_dtype(dtype) {
    const ModelConfig& c = config;
    Loader load{checkpoint, c, device, dtype};
    std::string lmHead;
    m_prefix = detectPrefix(checkpoint, c, lmHead);
    m_embed = load.tensor(m_prefix + "embed_tokens.weight", {c.vocabSize, c.hiddenSize});
    const int64_t qDim = c.numHeads * c.headDim, kvDim = c.numKvHeads * c.headDim;
    const int total = int(c.numLayers) + 1;
    for (int64_t i = 0; i < c.numLayers; ++i) {
        const std::string p = m_prefix + "layers." + std::to_string(i) + ".";
        DecoderLayer l;
        l.inputNorm = load.norm(p + "input_layernorm", c.hiddenSize);
        l.postAttentionNorm = load.norm(p + "post_attention_layernorm", c.hiddenSize);
        if (c.sandwichNorms) {
            l.preFeedforwardNorm = load.norm(p + "pre_feedforward_layernorm", c.hiddenSize);
            l.postFeedforwardNorm = load.norm(p + "post_feedforward_layernorm", c.hiddenSize);
        }
        if (c.qkNorm) {
            l.qNorm = load.norm(p + "self_attn.q_norm", c.headDim);
            l.kNorm = load.norm(p + "self_attn.k_norm", c.headDim);
        }
        l.q = load.linear(p + "self_attn.q_proj", qDim, c.hiddenSize, c.attentionBias);
        l.k = load.linear(p + "self_attn.k_proj", kvDim, c.hiddenSize, c.attentionBias);
        l.v = load.linear(p + "self_attn.v_proj", kvDim, c.hiddenSize, c.attentionBias);
        l.o = load.linear(p + "self_attn.o_proj", c.hiddenSize, qDim, c.attentionBias);
        l.gate = load.linear(p + "mlp.gate_proj", c.intermediateSize, c.hiddenSize, c.mlpBias);
        l.up = load.linear(p + "mlp.up_proj", c.intermediateSize, c.hiddenSize, c.mlpBias);
        l.down = load.linear(p + "mlp.down_proj", c.hiddenSize, c.intermediateSize, c.mlpBias);
        l.sliding = c.layerIsSliding[size_t(i)];
        m_layers.push_back(std::move(l));
        if (progress && !progress(int(i) + 1, total)) throw Cancelled();
    }
    m_finalNorm = load.norm(m_prefix + "norm", c.hiddenSize);
    if (!c.tieWordEmbeddings && load.has(lmHead)) m_lmHead.weight = load.tensor(lmHead, {c.vocabSize, c.hiddenSize});
    else if (!c.tieWordEmbeddings) throw Error(c.path, "tie_word_embeddings is false but the checkpoint has no " + lmHead);
    else m_lmHead.weight = m_embed;
    m_ropeGlobal = std::make_unique<Rope>(c.ropeGlobal, c.headDim, c.maxPositions);
    m_ropeLocal = std::make_unique<Rope>(c.ropeLocal, c.headDim, c.maxPositions);
    if (progress && !progress(total, total)) throw Cancelled();
}

KvCache DecoderModel::newCache(int64_t batch, int64_t capacity) const {
    KvCache cache;
    cache.capacity = capacity;
    auto opts = at::TensorOptions().dtype(m_dtype).device(m_device);
    for (size_t i = 0; i < m_layers.size(); ++i) {
        cache.keys.push_back(at::zeros({batch, m_config.numKvHeads, capacity, m_config.headDim}, opts));
        cache.values.push_back(at::zeros({batch, m_config.numKvHeads, capacity, m_config.headDim}, opts));
    }
    return cache;
}

at::Tensor DecoderModel::attention(const DecoderLayer& layer, const at::Tensor& x, KvCache& cache, size_t index,
                                   const at::Tensor& cosG, const at::Tensor& sinG, const at::Tensor& cosL,
                                   const at::Tensor& sinL) {
    const ModelConfig& c = m_config;
    const int64_t b = x.size(0), t = x.size(1), start = cache.length, total = start + t;
    const int64_t groups = c.numHeads / c.numKvHeads;
    at::Tensor q = layer.q(x).view({b, t, c.numHeads, c.headDim}).transpose(1, 2);
    at::Tensor k = layer.k(x).view({b, t, c.numKvHeads, c.headDim}).transpose(1, 2);
    at::Tensor v = layer.v(x).view({b, t, c.numKvHeads, c.headDim}).transpose(1, 2);
    if (c.qkNorm) {
        q = layer.qNorm(q);
        k = layer.kNorm(k);
    }
    const bool local = layer.sliding;
    q = applyRope(q, local ? cosL : cosG, local ? sinL : sinG);
    k = applyRope(k, local ? cosL : cosG, local ? sinL : sinG);
    cache.keys[index].narrow(2, start, t).copy_(k);
    cache.values[index].narrow(2, start, t).copy_(v);
    // Attend only to the filled part of the cache (and, for sliding layers, to its window).
    int64_t from = 0;
    if (local && c.slidingWindow > 0) from = std::max<int64_t>(0, start - c.slidingWindow + 1);
    const int64_t span = total - from;
    at::Tensor keys = cache.keys[index].narrow(2, from, span);
    at::Tensor values = cache.values[index].narrow(2, from, span);

    // Grouped-query attention without copying K/V: queries viewed as [B, kvHeads, groups, T, D].
    at::Tensor q5 = q.reshape({b, c.numKvHeads, groups, t, c.headDim});
    at::Tensor scores = at::matmul(q5, keys.unsqueeze(2).transpose(-1, -2)) * c.attentionScale();
    if (c.attnLogitSoftcap > 0) scores = at::tanh(scores / c.attnLogitSoftcap) * c.attnLogitSoftcap;

    at::Tensor qPos = at::arange(start, total, at::TensorOptions().dtype(at::kLong).device(m_device)).unsqueeze(1);
    at::Tensor kPos = at::arange(from, total, at::TensorOptions().dtype(at::kLong).device(m_device)).unsqueeze(0);
    at::Tensor allowed = kPos <= qPos;
    if (local && c.slidingWindow > 0) allowed = allowed.logical_and(qPos - kPos < c.slidingWindow);
    at::Tensor mask = at::zeros({t, span}, at::TensorOptions().dtype(at::kFloat).device(m_device))
                          .masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
    at::Tensor probs = at::softmax(scores.to(at::kFloat) + mask, -1).to(m_dtype);
    at::Tensor out = at::matmul(probs, values.unsqueeze(2));  // [B, kvHeads, groups, T, D]
    out = out.reshape({b, c.numHeads, t, c.headDim}).transpose(1, 2).reshape({b, t, c.numHeads * c.headDim});
    return layer.o(out);
}

at::Tensor DecoderModel::mlp(const DecoderLayer& layer, const at::Tensor& x) const {
    at::Tensor g = layer.gate(x);
    const std::string& act = m_config.activation;
    if (act == "silu") g = at::silu(g);
    else if (act == "gelu") g = at::gelu(g);
    else g = at::gelu(g, "tanh");
    return layer.down(g * layer.up(x));
}

at::Tensor DecoderModel::forward(const at::Tensor& ids, KvCache& cache, bool lastOnly) {
    const ModelConfig& c = m_config;
    const int64_t t = ids.size(1), start = cache.length;
    if (start + t > cache.capacity)
        throw Error("", "sequence of " + std::to_string(start + t) + " tokens exceeds the cache of " +
                            std::to_string(cache.capacity));
    at::Tensor x = at::embedding(m_embed, ids.to(m_device));
    if (c.scaleEmbeddings)  // sqrt(hidden) first rounded to the model dtype, as Gemma does
        x = x * at::scalar_tensor(std::sqrt(double(c.hiddenSize)), at::TensorOptions().dtype(m_dtype).device(m_device));
    auto [cosG, sinG] = m_ropeGlobal->cosSin(start, t, m_device);
    auto [cosL, sinL] = m_ropeLocal->cosSin(start, t, m_device);
    for (size_t i = 0; i < m_layers.size(); ++i) {
        const DecoderLayer& l = m_layers[i];
        at::Tensor h = attention(l, l.inputNorm(x), cache, i, cosG, sinG, cosL, sinL);
        if (c.sandwichNorms) {
            x = x + l.postAttentionNorm(h);
            x = x + l.postFeedforwardNorm(mlp(l, l.preFeedforwardNorm(x)));
        } else {
            x = x + h;
            x = x + mlp(l, l.postAttentionNorm(x));
        }
    }
    cache.length = start + t;
    if (lastOnly) x = x.narrow(1, t - 1, 1);
    at::Tensor logits = m_lmHead(m_finalNorm(x));
    if (c.finalLogitSoftcap > 0) logits = at::tanh(logits / c.finalLogitSoftcap) * c.finalLogitSoftcap;
    return logits.to(at::kFloat);
}

}  // namespace medawq
