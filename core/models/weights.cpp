#include "models/weights.h"

#include "kernels/w4a16.h"
#include "models/tensor_io.h"
#include "quant/awq_packing.h"

#include <medawq/errors.h>
#include <medawq/safetensors.h>

namespace medawq {

WeightLoader::WeightLoader(const Checkpoint& checkpoint, const ModelConfig& config, at::Device device,
                           at::ScalarType dtype)
    : m_checkpoint(checkpoint), m_config(config), m_device(device), m_dtype(dtype) {
    const char* candidates[][2] = {{"model.", "lm_head.weight"},
                                   {"language_model.model.", "language_model.lm_head.weight"},
                                   {"model.language_model.", "lm_head.weight"}};
    for (auto& c : candidates) {
        if (checkpoint.contains(std::string(c[0]) + "embed_tokens.weight")) {
            m_prefix = c[0];
            m_lmHead = c[1];
            return;
        }
    }
    throw Error(config.path, "cannot find the token embeddings (model.embed_tokens.weight or its multimodal names) "
                             "in the checkpoint");
}

bool WeightLoader::has(const std::string& name) const { return m_checkpoint.contains(name); }

at::Tensor WeightLoader::raw(const std::string& name) const {
    if (!m_checkpoint.contains(name))
        throw Error(m_config.path, "the checkpoint has no tensor '" + name + "' that this " +
                                       familyName(m_config.family) + " config needs (does config.json match the weights?)");
    return toTensor(m_checkpoint.tensor(name));
}

at::Tensor WeightLoader::tensor(const std::string& name, std::vector<int64_t> shape) const {
    return tensorOn(name, std::move(shape), m_device);
}

at::Tensor WeightLoader::tensorOn(const std::string& name, std::vector<int64_t> shape, const at::Device& device) const {
    at::Tensor t = raw(name);
    if (t.sizes() != at::IntArrayRef(shape))
        throw Error(m_config.path, "tensor '" + name + "' has shape " + c10::str(t.sizes()) +
                                       " but config.json implies " + c10::str(at::IntArrayRef(shape)));
    return t.to(device, m_dtype);
}

Linear WeightLoader::linear(const std::string& name, int64_t out, int64_t in, bool bias) const {
    Linear l;
    if (has(name + ".qweight")) {
        if (!m_config.awq.present)
            throw Error(m_config.path, "'" + name + ".qweight' is AWQ-packed but config.json has no quantization_config");
        const int64_t groupSize = m_config.awq.groupSize;
        try {
            if (m_keepPacked && w4a16Supports(out, in, groupSize)) {
                // Repacked on the device (torch ops, fast there); the checkpoint tensors are dropped.
                l.packed = packW4A16(raw(name + ".qweight").to(m_device), raw(name + ".qzeros").to(m_device),
                                     raw(name + ".scales").to(m_device), groupSize);
            } else {
                l.weight = dequantizeAwqGemm(raw(name + ".qweight"), raw(name + ".qzeros"), raw(name + ".scales"),
                                             groupSize, m_dtype)
                               .to(m_device);
            }
            l.awq = true;
        } catch (const Error& e) {
            throw Error(m_config.path, name + ": " + e.problem());
        }
        if (l.outFeatures() != out || l.inFeatures() != in)
            throw Error(m_config.path, "AWQ layer '" + name + "' has the wrong shape for config.json");
    } else {
        l.weight = tensor(name + ".weight", {out, in});
    }
    if (bias || has(name + ".bias")) l.bias = tensor(name + ".bias", {out});
    return l;
}

RmsNorm WeightLoader::norm(const std::string& name, int64_t dim) const {
    RmsNorm n;
    n.weight = tensor(name + ".weight", {dim});
    n.eps = m_config.rmsNormEps;
    n.onePlus = m_config.gemmaNorms;
    return n;
}

DecoderLayer WeightLoader::layer(int64_t i) const {
    const ModelConfig& c = m_config;
    const std::string p = layerPrefix(i);
    const int64_t qDim = c.numHeads * c.headDim, kvDim = c.numKvHeads * c.headDim;
    DecoderLayer l;
    l.inputNorm = norm(p + "input_layernorm", c.hiddenSize);
    l.postAttentionNorm = norm(p + "post_attention_layernorm", c.hiddenSize);
    if (c.sandwichNorms) {
        l.preFeedforwardNorm = norm(p + "pre_feedforward_layernorm", c.hiddenSize);
        l.postFeedforwardNorm = norm(p + "post_feedforward_layernorm", c.hiddenSize);
    }
    if (c.qkNorm) {
        l.qNorm = norm(p + "self_attn.q_norm", c.headDim);
        l.kNorm = norm(p + "self_attn.k_norm", c.headDim);
    }
    l.q = linear(p + "self_attn.q_proj", qDim, c.hiddenSize, c.attentionBias);
    l.k = linear(p + "self_attn.k_proj", kvDim, c.hiddenSize, c.attentionBias);
    l.v = linear(p + "self_attn.v_proj", kvDim, c.hiddenSize, c.attentionBias);
    l.o = linear(p + "self_attn.o_proj", c.hiddenSize, qDim, c.attentionBias);
    l.gate = linear(p + "mlp.gate_proj", c.intermediateSize, c.hiddenSize, c.mlpBias);
    l.up = linear(p + "mlp.up_proj", c.intermediateSize, c.hiddenSize, c.mlpBias);
    l.down = linear(p + "mlp.down_proj", c.hiddenSize, c.intermediateSize, c.mlpBias);
    l.sliding = c.layerIsSliding[size_t(i)];
    return l;
}

}  // namespace medawq
