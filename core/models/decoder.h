// The decoder-only transformer for Llama, Mistral, Gemma, Gemma 2 and Gemma 3 (the text path of
// MedGemma too). The families differ only in switches carried by ModelConfig: norm convention,
// sandwich norms, q/k norms, windows, soft-capping, embedding scale, activation.
#pragma once

#include "formats/model_config.h"
#include "models/decoder_layer.h"
#include "models/rope.h"

#include <ATen/ATen.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace medawq {

class Checkpoint;
class DecodeGraph;

// Embedding lookup (Gemma: times sqrt(hidden) rounded to the model dtype) and rotary tables:
// shared by the runtime and the quantizer, which feeds layers one at a time.
class DecoderInputs {
public:
    DecoderInputs(const ModelConfig& config, at::Tensor embedding);
    at::Tensor embed(const at::Tensor& ids) const;
    RopeTables rope(int64_t start, int64_t length, const at::Device& device);
    const at::Tensor& embedding() const { return m_embed; }
    // Where lookups return rows (`computeDevice`) and where the table stays: on a GPU, an
    // untied table (onHost) goes to pinned host memory and embed() gathers rows over PCIe. A
    // token costs one row, a 2048-token prompt 16 MB of transfers, and the GPU keeps the whole
    // table's memory (262 MB for Mistral-7B, 1 GB for Llama-3-8B), as llama.cpp does. Otherwise
    // (or where this build has no CUDA kernels) the table moves to computeDevice. So a loader
    // may read the table to the CPU first and never upload it.
    void placeTable(const at::Device& computeDevice, bool onHost);
    bool tableOnHost() const { return m_embed.is_cpu() && m_computeDevice.is_cuda(); }

private:
    const ModelConfig& m_config;
    at::Tensor m_embed;
    at::Device m_computeDevice;  // where embed() returns rows: the table's device unless placeTable said
    at::Tensor m_scale;  // sqrt(hidden) for Gemma
    Rope m_global, m_local;
};

class DecoderModel {
public:
    // Loads the text decoder's weights from `checkpoint` to `device` in `dtype`. `progress`
    // (may be empty) is called after each layer; returning false throws Cancelled.
    DecoderModel(const ModelConfig& config, const Checkpoint& checkpoint, at::Device device, at::ScalarType dtype,
                 const std::function<bool(int, int)>& progress);
    // From weights already on `device` (the benchmark's random models).
    DecoderModel(const ModelConfig& config, at::Device device, at::ScalarType dtype, at::Tensor embedding,
                 std::vector<DecoderLayer> layers, RmsNorm finalNorm, Linear lmHead);
    ~DecoderModel();

    // On CUDA with the graphed decode step, batch-1 caches are one pooled static cache that
    // grows to the largest capacity asked for (so the captured step is reused across
    // generations): one generation at a time per model.
    KvCache newCache(int64_t batch, int64_t capacity);
    // ids [B, T] (int64) at positions cache.length..; appends to the cache; returns float32
    // logits [B, T, vocab] (or [B, 1, vocab] for the last position when lastOnly). One new token
    // of a batch-1 generation on CUDA replays the captured decode step (decodeGraphEnabled).
    // imageFeatures (Gemma 3 multimodal, batch 1): [images, mm_tokens_per_image, hidden] that
    // replace the embeddings of the image-token runs in ids, one run per image, in order.
    // A text prompt longer than prefillChunk() runs through the layers chunk by chunk.
    at::Tensor forward(const at::Tensor& ids, KvCache& cache, bool lastOnly = false,
                       const at::Tensor& imageFeatures = {});
    // One token through the graphed decode step's operations (captured as a CUDA graph on CUDA,
    // op by op elsewhere): ids [1, 1]; returns float32 logits [1, 1, vocab].
    at::Tensor decodeStep(const at::Tensor& ids, KvCache& cache);
    // CUDA, a batch-1 step the graph can express, and MEDAWQ_DECODE_GRAPH not "0".
    bool decodeGraphEnabled() const;
    // Tokens per prefill chunk: 2048 on CUDA (BENCHMARKS.md, "Chunked prefill"), 0 (whole prompt
    // at once) on the CPU;
    // MEDAWQ_PREFILL_CHUNK overrides (0 = off); always 0 with dynamic RoPE.
    int64_t prefillChunk() const;

    // Simulates activation quantization at the inputs of every AWQ-loaded Linear; returns how
    // many Linears it applies to (0 for a 16-bit checkpoint).
    int simulateActivationQuant(const ActivationQuant& q);

    const ModelConfig& config() const { return m_config; }
    at::Device device() const { return m_device; }
    at::ScalarType dtype() const { return m_dtype; }
    int64_t packedLinears() const;  // Linears holding 4-bit weights (Linear::packed)
    const std::vector<DecoderLayer>& layers() const { return m_layers; }
    const Linear& lmHead() const { return m_lmHead; }

private:
    enum class Head { None, Last, All };  // which positions' logits a pass computes
    at::Tensor forwardLayers(const at::Tensor& ids, KvCache& cache, const at::Tensor& imageFeatures, Head head);
    void fuseIfWanted();

    ModelConfig m_config;
    at::Device m_device;
    at::ScalarType m_dtype;
    std::unique_ptr<DecoderInputs> m_inputs;
    RmsNorm m_finalNorm;
    Linear m_lmHead;
    std::vector<DecoderLayer> m_layers;
    KvCache m_pooledCache;
    std::unique_ptr<DecodeGraph> m_decodeGraph;
};

// The runs of `imageTokenId` in ids [1, T] (positions offset by `start`).
ImageBlocks findImageBlocks(const at::Tensor& ids, int64_t imageTokenId, int64_t start);
// Embeddings x [1, T, hidden] with the image-token rows replaced by `features` [images, n, hidden];
// throws when the runs and the features disagree in number or length.
at::Tensor insertImageFeatures(const at::Tensor& x, const ImageBlocks& blocks, int64_t start, const at::Tensor& features);

// Final norm, lm_head and Gemma 2's final soft-cap: hidden [.., hidden] -> float32 logits.
at::Tensor decoderHead(const ModelConfig& c, const RmsNorm& finalNorm, const Linear& lmHead, const at::Tensor& x);

}  // namespace medawq
