#include "models/vision_tower.h"

#include "models/weights.h"

#include <medawq/errors.h>
#include <medawq/safetensors.h>

#include <cmath>

namespace medawq {

at::Tensor LayerNorm::operator()(const at::Tensor& x) const {
    return at::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

namespace {

// The tower's and the projector's name prefixes in this checkpoint.
std::pair<std::string, std::string> visionPrefixes(const Checkpoint& ckpt, const std::string& path) {
    std::string tower, projector;
    for (const char* p : {"vision_tower.vision_model.", "model.vision_tower.vision_model.", "model.vision_tower.",
                          "vision_tower."})
        if (ckpt.contains(std::string(p) + "embeddings.patch_embedding.weight")) {
            tower = p;
            break;
        }
    for (const char* p : {"multi_modal_projector.", "model.multi_modal_projector."})
        if (ckpt.contains(std::string(p) + "mm_input_projection_weight")) {
            projector = p;
            break;
        }
    if (tower.empty() || projector.empty())
        throw Error(path, "config.json has a vision_config but the checkpoint has no vision tower and projector "
                          "(vision_tower.*embeddings.patch_embedding.weight, multi_modal_projector.mm_input_projection_weight)");
    return {tower, projector};
}

}  // namespace

VisionTower::VisionTower(const ModelConfig& config, const Checkpoint& checkpoint, at::Device device, at::ScalarType dtype)
    : m_cfg(config.vision), m_textHidden(config.hiddenSize), m_device(device), m_dtype(dtype) {
    const VisionConfig& v = m_cfg;
    if (const std::string problem = v.problem(); !problem.empty()) throw Error(config.path, problem);
    WeightLoader load(checkpoint, config, device, dtype);
    const auto [tower, projector] = visionPrefixes(checkpoint, config.path);
    const int64_t d = v.hiddenSize, patches = v.patchesPerSide() * v.patchesPerSide();
    m_patchWeight = load.tensor(tower + "embeddings.patch_embedding.weight", {d, v.numChannels, v.patchSize, v.patchSize});
    m_patchBias = load.tensor(tower + "embeddings.patch_embedding.bias", {d});
    m_positions = load.tensor(tower + "embeddings.position_embedding.weight", {patches, d});
    auto layerNorm = [&](const std::string& name) {
        return LayerNorm{load.tensor(name + ".weight", {d}), load.tensor(name + ".bias", {d}), v.layerNormEps};
    };
    for (int64_t i = 0; i < v.numLayers; ++i) {
        const std::string p = tower + "encoder.layers." + std::to_string(i) + ".";
        SiglipLayer l;
        l.norm1 = layerNorm(p + "layer_norm1");
        l.norm2 = layerNorm(p + "layer_norm2");
        l.q = load.linear(p + "self_attn.q_proj", d, d, true);
        l.k = load.linear(p + "self_attn.k_proj", d, d, true);
        l.v = load.linear(p + "self_attn.v_proj", d, d, true);
        l.out = load.linear(p + "self_attn.out_proj", d, d, true);
        l.fc1 = load.linear(p + "mlp.fc1", v.intermediateSize, d, true);
        l.fc2 = load.linear(p + "mlp.fc2", d, v.intermediateSize, true);
        m_layers.push_back(std::move(l));
    }
    m_postNorm = layerNorm(tower + "post_layernorm");
    m_softEmbNorm.weight = load.tensor(projector + "mm_soft_emb_norm.weight", {d});
    m_softEmbNorm.eps = v.layerNormEps;
    m_softEmbNorm.onePlus = true;
    m_projection = load.tensor(projector + "mm_input_projection_weight", {d, m_textHidden});
}

at::Tensor VisionTower::attention(const SiglipLayer& l, const at::Tensor& x) const {
    // Every patch attends to every patch: no mask, no rotary positions.
    const int64_t n = x.size(0), t = x.size(1), heads = m_cfg.numHeads, hd = m_cfg.hiddenSize / heads;
    auto split = [&](const at::Tensor& y) { return y.view({n, t, heads, hd}).transpose(1, 2); };
    at::Tensor q = split(l.q(x)), k = split(l.k(x)), v = split(l.v(x));
    at::Tensor scores = at::matmul(q, k.transpose(-1, -2)) * (1.0 / std::sqrt(double(hd)));
    at::Tensor probs = at::softmax(scores.to(at::kFloat), -1).to(x.scalar_type());
    at::Tensor out = at::matmul(probs, v).transpose(1, 2).reshape({n, t, m_cfg.hiddenSize});
    return l.out(out);
}

at::Tensor VisionTower::encode(const at::Tensor& pixelValues) const {
    const VisionConfig& v = m_cfg;
    if (pixelValues.dim() != 4 || pixelValues.size(1) != v.numChannels || pixelValues.size(2) != v.imageSize ||
        pixelValues.size(3) != v.imageSize)
        throw Error("pixel values", "expected [N, " + std::to_string(v.numChannels) + ", " + std::to_string(v.imageSize) +
                                        ", " + std::to_string(v.imageSize) + "], got " + c10::str(pixelValues.sizes()));
    at::Tensor px = pixelValues.to(m_device, m_dtype);
    // Patch embedding: a convolution with stride = kernel = patch size, then one row per patch.
    at::Tensor x = at::conv2d(px, m_patchWeight, m_patchBias, {v.patchSize, v.patchSize});
    x = x.flatten(2).transpose(1, 2) + m_positions.unsqueeze(0);
    for (const SiglipLayer& l : m_layers) {
        x = x + attention(l, l.norm1(x));
        at::Tensor h = l.fc1(l.norm2(x));
        h = v.activation == "gelu" ? at::gelu(h) : at::gelu(h, "tanh");
        x = x + l.fc2(h);
    }
    return m_postNorm(x);
}

at::Tensor VisionTower::project(const at::Tensor& hidden) const {
    // The patch grid, average-pooled to mm_tokens_per_image (16x16 -> 64x64 for MedGemma: 4x4 pools).
    const int64_t n = hidden.size(0), side = m_cfg.patchesPerSide();
    const int64_t tokensSide = int64_t(std::lround(std::sqrt(double(m_cfg.tokensPerImage))));
    const int64_t kernel = side / tokensSide;
    at::Tensor grid = hidden.transpose(1, 2).reshape({n, m_cfg.hiddenSize, side, side});
    at::Tensor pooled = at::avg_pool2d(grid, {kernel, kernel}, {kernel, kernel}).flatten(2).transpose(1, 2);
    return at::matmul(m_softEmbNorm(pooled), m_projection).to(hidden.scalar_type());
}

at::Tensor VisionTower::imageFeatures(const at::Tensor& pixelValues) const { return project(encode(pixelValues)); }

}  // namespace medawq
