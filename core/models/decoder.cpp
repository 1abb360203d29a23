#include "models/decoder.h"

#include "kernels/decode_step.h"
#include "kernels/engine_switch.h"
#include "kernels/w4a16.h"
#include "models/decode_graph.h"
#include "models/weights.h"

#include <medawq/errors.h>
#include <medawq/safetensors.h>

#include <cmath>
#include <cstdlib>

namespace medawq {

namespace {
// An untied embedding table is only looked up: on CUDA it stays in pinned host memory
// (DecoderInputs::placeTable). MEDAWQ_EMBED_ON_HOST=0 keeps it on the GPU.
bool embeddingOnHostWanted(const ModelConfig& c, const at::Device& device) {
    return device.is_cuda() && !c.tieWordEmbeddings && engineSwitch("MEDAWQ_EMBED_ON_HOST", true);
}
}  // namespace

DecoderInputs::DecoderInputs(const ModelConfig& config, at::Tensor embedding)
    : m_config(config), m_embed(std::move(embedding)), m_computeDevice(m_embed.device()), m_global(config.ropeGlobal, config.headDim, config.maxPositions),
      m_local(config.ropeLocal, config.headDim, config.maxPositions) {
    // Gemma multiplies embeddings by sqrt(hidden) held in the model's dtype: transformers
    // creates that constant when the model is built in its stored dtype (sqrt(2560) is 50.5 in
    // bf16), and keeps the rounded value when the model is later upcast. Match that.
    at::ScalarType stored = at::kFloat;
    if (config.storedDtype == "bfloat16") stored = at::kBFloat16;
    else if (config.storedDtype == "float16") stored = at::kHalf;
    m_scale = at::scalar_tensor(std::sqrt(double(config.hiddenSize)), at::kDouble)
                  .to(stored)
                  .to(m_embed.scalar_type())
                  .to(m_embed.device());
}

void DecoderInputs::placeTable(const at::Device& computeDevice, bool onHost) {
    m_computeDevice = computeDevice;
    m_scale = m_scale.to(computeDevice);
    if (onHost && computeDevice.is_cuda() && w4a16KernelsBuilt() && m_embed.size(-1) * m_embed.element_size() % 16 == 0)
        m_embed = m_embed.is_pinned() ? m_embed : m_embed.to(at::kCPU).pin_memory();
    else
        m_embed = m_embed.to(computeDevice);
}

at::Tensor DecoderInputs::embed(const at::Tensor& ids) const {
    if (!ids.is_cuda() && ids.numel() > 0) {
        const int64_t lo = ids.min().item<int64_t>(), hi = ids.max().item<int64_t>();
        if (lo < 0 || hi >= m_embed.size(0))
            throw Error("input ids", "token id " + std::to_string(lo < 0 ? lo : hi) + " is outside the vocabulary of " +
                                         std::to_string(m_embed.size(0)));
    }
    at::Tensor x = tableOnHost() ? gatherRows(m_embed, ids.to(m_computeDevice))
                                 : at::embedding(m_embed, ids.to(m_embed.device()));
    if (m_config.scaleEmbeddings) x = x * m_scale;
    return x;
}

RopeTables DecoderInputs::rope(int64_t start, int64_t length, const at::Device& device) {
    RopeTables r;
    std::tie(r.cosGlobal, r.sinGlobal) = m_global.cosSin(start, length, device);
    std::tie(r.cosLocal, r.sinLocal) = m_local.cosSin(start, length, device);
    // Computed in float32 and rounded once to the model dtype, as transformers does; the layers
    // then apply them without casting again.
    const at::ScalarType dtype = m_embed.scalar_type();
    for (at::Tensor* t : {&r.cosGlobal, &r.sinGlobal, &r.cosLocal, &r.sinLocal}) *t = t->to(dtype);
    return r;
}

at::Tensor decoderHead(const ModelConfig& c, const RmsNorm& finalNorm, const Linear& lmHead, const at::Tensor& x) {
    at::Tensor logits = lmHead(finalNorm(x));
    if (c.finalLogitSoftcap > 0) logits = at::tanh(logits / c.finalLogitSoftcap) * c.finalLogitSoftcap;
    return logits.to(at::kFloat);
}

DecoderModel::DecoderModel(const ModelConfig& config, const Checkpoint& checkpoint, at::Device device,
                           at::ScalarType dtype, const std::function<bool(int, int)>& progress)
    : m_config(config), m_device(device), m_dtype(dtype) {
    const ModelConfig& c = m_config;
    WeightLoader load(checkpoint, c, device, dtype);
    // AWQ layers stay 4-bit on CUDA in 16-bit runs (the W4A16 kernels). float32 runs, the CPU,
    // and MEDAWQ_AWQ_DENSE=1 (to compare the kernels with the dense path) dequantize at load.
    load.keepAwqPacked(device.is_cuda() && w4a16KernelsBuilt() && (dtype == at::kBFloat16 || dtype == at::kHalf) &&
                       !engineSwitch("MEDAWQ_AWQ_DENSE", false));
    // An untied table that will stay on the host is read to the CPU and never uploaded.
    const bool tableOnHost = embeddingOnHostWanted(c, device);
    m_inputs = std::make_unique<DecoderInputs>(c, load.tensorOn(load.prefix() + "embed_tokens.weight", {c.vocabSize, c.hiddenSize},
                                                                tableOnHost ? at::Device(at::kCPU) : device));
    const int total = int(c.numLayers) + 1;
    for (int64_t i = 0; i < c.numLayers; ++i) {
        m_layers.push_back(load.layer(i));
        if (progress && !progress(int(i) + 1, total)) throw Cancelled();
    }
    m_finalNorm = load.norm(load.prefix() + "norm", c.hiddenSize);
    if (!c.tieWordEmbeddings && load.has(load.lmHeadName()))
        m_lmHead.weight = load.tensor(load.lmHeadName(), {c.vocabSize, c.hiddenSize});
    else if (!c.tieWordEmbeddings)
        throw Error(c.path, "tie_word_embeddings is false but the checkpoint has no " + load.lmHeadName());
    else
        m_lmHead.weight = m_inputs->embedding();
    m_inputs->placeTable(device, tableOnHost);
    fuseIfWanted();
    if (progress && !progress(total, total)) throw Cancelled();
}

void DecoderModel::fuseIfWanted() {
    // On CUDA a decode step is bound by the fixed cost of each weight call (BENCHMARKS.md,
    // "The decode engine"): 4 calls per layer instead of 7. The CPU keeps the separate
    // projections (the reference path) unless MEDAWQ_FUSE_PROJECTIONS=1 (the tests).
    if (!engineSwitch("MEDAWQ_FUSE_PROJECTIONS", m_device.is_cuda())) return;
    for (DecoderLayer& l : m_layers) fuseProjections(l);
}

DecoderModel::DecoderModel(const ModelConfig& config, at::Device device, at::ScalarType dtype, at::Tensor embedding,
                           std::vector<DecoderLayer> layers, RmsNorm finalNorm, Linear lmHead)
    : m_config(config), m_device(device), m_dtype(dtype), m_finalNorm(std::move(finalNorm)), m_lmHead(std::move(lmHead)),
      m_layers(std::move(layers)) {
    const bool tied = m_lmHead.weight.defined() && m_lmHead.weight.is_same(embedding);
    m_inputs = std::make_unique<DecoderInputs>(m_config, std::move(embedding));
    m_inputs->placeTable(device, !tied && embeddingOnHostWanted(m_config, device));
    fuseIfWanted();
}

DecoderModel::~DecoderModel() = default;

bool DecoderModel::decodeGraphEnabled() const {
    if (!engineSwitch("MEDAWQ_DECODE_GRAPH", true)) return false;
    return m_device.is_cuda() && m_config.ropeGlobal.type != "dynamic" && m_config.ropeLocal.type != "dynamic" &&
           m_config.headDim <= 256;
}

at::Tensor DecoderModel::decodeStep(const at::Tensor& ids, KvCache& cache) {
    if (cache.length + 1 > cache.capacity)
        throw Error("", "sequence of " + std::to_string(cache.length + 1) + " tokens exceeds the cache of " +
                            std::to_string(cache.capacity));
    if (!m_decodeGraph || !m_decodeGraph->serves(cache))
        m_decodeGraph = std::make_unique<DecodeGraph>(m_config, *m_inputs, m_layers, m_finalNorm, m_lmHead, cache,
                                                      m_device.is_cuda());
    at::Tensor logits = m_decodeGraph->step(ids, cache.length);
    cache.length += 1;
    return logits;
}

int DecoderModel::simulateActivationQuant(const ActivationQuant& q) {
    int count = 0;
    for (DecoderLayer& l : m_layers)
        for (Linear* lin : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down, &l.qkv, &l.gateUp})
            if (lin->awq) {
                lin->activationQuant = q;
                count += lin == &l.qkv ? 3 : lin == &l.gateUp ? 2 : 1;  // as the Linears of the checkpoint
            }
    return count;
}

int64_t DecoderModel::packedLinears() const {
    int64_t count = 0;
    for (const DecoderLayer& l : m_layers) {
        for (const Linear* lin : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down}) count += lin->packed.defined();
        count += 3 * l.qkv.packed.defined() + 2 * l.gateUp.packed.defined();  // counted as the Linears they replace
    }
    return count;
}

KvCache DecoderModel::newCache(int64_t batch, int64_t capacity) {
    if (batch == 1 && decodeGraphEnabled()) {
        if (m_pooledCache.capacity < capacity) {
            m_decodeGraph.reset();
            m_pooledCache = KvCache{};
            const int64_t rounded = (capacity + 255) / 256 * 256;  // fewer re-captures as prompts vary
            auto opts = at::TensorOptions().dtype(m_dtype).device(m_device);
            for (size_t i = 0; i < m_layers.size(); ++i) {
                m_pooledCache.keys.push_back(at::zeros({1, m_config.numKvHeads, rounded, m_config.headDim}, opts));
                m_pooledCache.values.push_back(at::zeros({1, m_config.numKvHeads, rounded, m_config.headDim}, opts));
            }
            m_pooledCache.capacity = rounded;
        }
        KvCache cache = m_pooledCache;
        cache.length = 0;
        return cache;
    }
    KvCache cache;
    cache.capacity = capacity;
    auto opts = at::TensorOptions().dtype(m_dtype).device(m_device);
    for (size_t i = 0; i < m_layers.size(); ++i) {
        cache.keys.push_back(at::zeros({batch, m_config.numKvHeads, capacity, m_config.headDim}, opts));
        cache.values.push_back(at::zeros({batch, m_config.numKvHeads, capacity, m_config.headDim}, opts));
    }
    return cache;
}

ImageBlocks findImageBlocks(const at::Tensor& ids, int64_t imageTokenId, int64_t start) {
    ImageBlocks blocks;
    const at::Tensor row = ids.to(at::kCPU).to(at::kLong).contiguous();
    const int64_t* p = row.data_ptr<int64_t>();
    const int64_t t = row.numel();
    for (int64_t i = 0; i < t; ++i) {
        if (p[i] != imageTokenId) continue;
        int64_t j = i;
        while (j < t && p[j] == imageTokenId) ++j;
        blocks.push_back({start + i, start + j});
        i = j - 1;
    }
    return blocks;
}

at::Tensor insertImageFeatures(const at::Tensor& x, const ImageBlocks& blocks, int64_t start, const at::Tensor& features) {
    if (features.dim() != 3 || features.size(2) != x.size(2))
        throw Error("image features", "expected [images, tokens, " + std::to_string(x.size(2)) + "], got " +
                                          c10::str(features.sizes()));
    if (int64_t(blocks.size()) != features.size(0))
        throw Error("input ids", "the prompt holds " + std::to_string(blocks.size()) + " image-token runs but " +
                                     std::to_string(features.size(0)) + " image(s) were given");
    at::Tensor out = x.clone();
    for (size_t i = 0; i < blocks.size(); ++i) {
        const int64_t len = blocks[i].end - blocks[i].begin;
        if (len != features.size(1))
            throw Error("input ids", "an image-token run of " + std::to_string(len) + " tokens at position " +
                                         std::to_string(blocks[i].begin) + ", but an image gives " +
                                         std::to_string(features.size(1)) + " (mm_tokens_per_image)");
        // Image features go in as they are: the sqrt(hidden) scale applies to token embeddings only.
        out[0].narrow(0, blocks[i].begin - start, len).copy_(features[int64_t(i)]);
    }
    return out;
}

int64_t DecoderModel::prefillChunk() const {
    // Long prompts go through the layers in chunks: activations and the dequantized weight
    // scratch then scale with the chunk, not the prompt (a 4096-token prefill of a 7B model
    // otherwise holds ~0.5 GB of MLP activations at once). Not with dynamic RoPE, whose
    // frequencies depend on the length seen so far, nor on the CPU reference path unless asked.
    if (m_config.ropeGlobal.type == "dynamic" || m_config.ropeLocal.type == "dynamic") return 0;
    if (const char* env = std::getenv("MEDAWQ_PREFILL_CHUNK")) return std::max(0L, std::atol(env));
    return m_device.is_cuda() ? 2048 : 0;
}

at::Tensor DecoderModel::forward(const at::Tensor& ids, KvCache& cache, bool lastOnly, const at::Tensor& imageFeatures) {
    const int64_t t = ids.size(1), start = cache.length;
    if (start + t > cache.capacity)
        throw Error("", "sequence of " + std::to_string(start + t) + " tokens exceeds the cache of " +
                            std::to_string(cache.capacity));
    if (t == 1 && ids.size(0) == 1 && !imageFeatures.defined() && decodeGraphEnabled() && m_pooledCache.capacity > 0 &&
        !cache.keys.empty() && cache.keys[0].is_same(m_pooledCache.keys[0]))
        return decodeStep(ids, cache);
    // Image tokens attend to each other both ways, so an image prompt is never cut into chunks.
    // (One token, the eager decode step, never asks.)
    const int64_t chunk = t == 1 || imageFeatures.defined() ? 0 : prefillChunk();
    if (chunk > 0 && t > chunk) {
        std::vector<at::Tensor> logits;
        for (int64_t s = 0; s < t; s += chunk) {
            const int64_t n = std::min(chunk, t - s);
            const bool last = s + n == t;
            at::Tensor l = forwardLayers(ids.narrow(1, s, n), cache, {}, lastOnly && !last ? Head::None
                                                                         : lastOnly      ? Head::Last
                                                                                         : Head::All);
            if (l.defined()) logits.push_back(l);
        }
        return logits.size() == 1 ? logits.front() : at::cat(logits, 1);
    }
    return forwardLayers(ids, cache, imageFeatures, lastOnly ? Head::Last : Head::All);
}

at::Tensor DecoderModel::forwardLayers(const at::Tensor& ids, KvCache& cache, const at::Tensor& imageFeatures, Head head) {
    const int64_t t = ids.size(1), start = cache.length;
    at::Tensor x = m_inputs->embed(ids);
    ImageBlocks images;
    if (imageFeatures.defined()) {
        if (!m_config.hasVision || ids.size(0) != 1)
            throw Error(m_config.path, "image features need a Gemma 3 multimodal model and a batch of one prompt");
        images = findImageBlocks(ids, m_config.vision.imageTokenId, start);
        x = insertImageFeatures(x, images, start, imageFeatures.to(x.device(), x.scalar_type()));
    }
    const RopeTables rope = m_inputs->rope(start, t, m_device);
    for (size_t i = 0; i < m_layers.size(); ++i)
        x = layerForward(m_config, m_layers[i], x, cache.keys[i], cache.values[i], start, rope, nullptr,
                         images.empty() ? nullptr : &images);
    cache.length = start + t;
    if (head == Head::None) return {};
    if (head == Head::Last) x = x.narrow(1, t - 1, 1);
    return decoderHead(m_config, m_finalNorm, m_lmHead, x);
}

}  // namespace medawq
