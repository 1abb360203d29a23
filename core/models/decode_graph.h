// One decode step (one new token, batch 1) written so that it can be captured once as a CUDA
// graph and replayed for every token: the token id and its position live in device tensors,
// the KV cache is static, attention reads only the filled (and windowed) rows, and the norms,
// residual adds, RoPE + KV append and gated activation are fused kernels (kernels/decode_step.h).
// Without a graph (CPU, or capture off) the same step runs op by op: that is how CI checks that
// it computes what DecoderModel::forward computes.
#pragma once

#include "formats/model_config.h"
#include "models/decoder_layer.h"

#include <ATen/ATen.h>

#include <memory>
#include <vector>

namespace medawq {

class DecoderInputs;

class DecodeGraph {
public:
    // The model's parts are borrowed and must outlive this object; `cache` is the static cache
    // the step reads and appends to (its tensors are captured by address).
    DecodeGraph(const ModelConfig& config, DecoderInputs& inputs, const std::vector<DecoderLayer>& layers,
                const RmsNorm& finalNorm, const Linear& lmHead, const KvCache& cache, bool captureGraph);
    ~DecodeGraph();

    // Whether this step was built for `cache` (the same tensors).
    bool serves(const KvCache& cache) const;
    // ids [1, 1] at `position` (rows 0..position-1 of the cache are filled): float32 logits
    // [1, 1, vocab], a tensor of its own.
    at::Tensor step(const at::Tensor& ids, int64_t position);
    bool captured() const;

private:
    at::Tensor body();

    const ModelConfig& m_config;
    DecoderInputs& m_inputs;
    const std::vector<DecoderLayer>& m_layers;
    const RmsNorm& m_finalNorm;
    const Linear& m_lmHead;
    std::vector<at::Tensor> m_keys, m_values;
    at::Tensor m_ids, m_pos;  // [1, 1] and [1], int64, on the model's device
    at::Tensor m_cosGlobal, m_sinGlobal, m_cosLocal, m_sinLocal;  // [capacity, D]
    at::Tensor m_attentionWorkspace;
    at::Tensor m_logits;
    bool m_capture;
    struct Graph;
    std::unique_ptr<Graph> m_graph;
};

}  // namespace medawq
