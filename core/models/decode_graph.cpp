#include "models/decode_graph.h"

#include "kernels/decode_step.h"
#include "models/decoder.h"

#include <medawq/errors.h>

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace medawq {

struct DecodeGraph::Graph {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    at::cuda::CUDAGraph graph;
#endif
    bool captured = false;
};

DecodeGraph::DecodeGraph(const ModelConfig& config, DecoderInputs& inputs, const std::vector<DecoderLayer>& layers,
                         const RmsNorm& finalNorm, const Linear& lmHead, const KvCache& cache, bool captureGraph)
    : m_config(config), m_inputs(inputs), m_layers(layers), m_finalNorm(finalNorm), m_lmHead(lmHead),
      m_keys(cache.keys), m_values(cache.values), m_capture(captureGraph), m_graph(std::make_unique<Graph>()) {
    if (config.ropeGlobal.type == "dynamic" || config.ropeLocal.type == "dynamic")
        throw Error(config.path, "the graphed decode step does not take dynamic RoPE (its tables change with the length)");
    if (cache.keys.empty() || cache.keys[0].size(0) != 1) throw Error("decode step", "takes a batch-1 cache");
    const at::Device device = cache.keys[0].device();
    const int64_t capacity = cache.keys[0].size(2);
    m_ids = at::zeros({1, 1}, at::TensorOptions().dtype(at::kLong).device(device));
    m_pos = at::zeros({1}, at::TensorOptions().dtype(at::kLong).device(device));
    const RopeTables rope = inputs.rope(0, capacity, device);
    m_cosGlobal = rope.cosGlobal.contiguous(), m_sinGlobal = rope.sinGlobal.contiguous();
    m_cosLocal = rope.cosLocal.defined() ? rope.cosLocal.contiguous() : m_cosGlobal;
    m_sinLocal = rope.sinLocal.defined() ? rope.sinLocal.contiguous() : m_sinGlobal;
    m_attentionWorkspace = decodeAttentionWorkspace(config.numHeads, config.headDim, capacity, device);
#ifndef MEDAWQ_HAVE_CUDA_KERNELS
    m_capture = false;
#endif
    if (!device.is_cuda()) m_capture = false;
}

DecodeGraph::~DecodeGraph() = default;

bool DecodeGraph::serves(const KvCache& cache) const {
    if (cache.keys.size() != m_keys.size()) return false;
    for (size_t i = 0; i < m_keys.size(); ++i)
        if (!cache.keys[i].is_same(m_keys[i]) || !cache.values[i].is_same(m_values[i])) return false;
    return true;
}

bool DecodeGraph::captured() const { return m_graph->captured; }

namespace {

// `pending` normalised by `norm` (a sandwich norm), or as it is without one.
at::Tensor normed(at::Tensor pending, const RmsNorm* norm) {
    return norm && pending.defined() ? addRmsNorm(pending, {}, *norm) : pending;
}

}  // namespace

at::Tensor DecodeGraph::body() {
    const ModelConfig& c = m_config;
    at::Tensor x = m_inputs.embed(m_ids).contiguous();  // the residual stream
    // Added to x by the next norm, after its own norm when pendingNorm is set (Gemma's
    // post-feedforward norm). With MEDAWQ_FUSE_NORM=1 both norms and the add run inside the next
    // projection's kernel (normedProjection) and x moves to a new buffer; otherwise the norm
    // kernels do it in place.
    at::Tensor pending;
    const RmsNorm* pendingNorm = nullptr;
    for (size_t i = 0; i < m_layers.size(); ++i) {
        const DecoderLayer& l = m_layers[i];
        at::Tensor q, k, v;
        if (l.qkv.weight.defined() || l.qkv.packed.defined()) {
            at::Tensor next;
            at::Tensor all = normedProjection(x, pending, l.inputNorm, l.qkv, -1, next, pendingNorm);
            if (all.defined()) x = next;
            else all = l.qkv(addRmsNorm(x, normed(pending, pendingNorm), l.inputNorm));  // one row: slices contiguous
            const int64_t nq = c.numHeads * c.headDim, nkv = c.numKvHeads * c.headDim;
            q = all.narrow(-1, 0, nq), k = all.narrow(-1, nq, nkv), v = all.narrow(-1, nq + nkv, nkv);
        } else {
            const at::Tensor attnIn = addRmsNorm(x, normed(pending, pendingNorm), l.inputNorm);
            q = l.q(attnIn), k = l.k(attnIn), v = l.v(attnIn);
        }
        q = q.contiguous();
        const bool local = l.sliding && c.slidingWindow > 0;
        // Gemma 3's per-head q/k norms go in with the rotation (inside its kernel where it can).
        ropeAppend(q, k, v, local ? m_cosLocal : m_cosGlobal, local ? m_sinLocal : m_sinGlobal, m_pos, m_keys[i],
                   m_values[i], c.numHeads, c.headDim, c.qkNorm ? &l.qNorm : nullptr, c.qkNorm ? &l.kNorm : nullptr);
        const at::Tensor attention = decodeAttention(q, m_keys[i], m_values[i], m_pos, c.numHeads,
                                                     local ? c.slidingWindow : 0, c.attentionScale(), c.attnLogitSoftcap,
                                                     m_attentionWorkspace);
        const at::Tensor h = l.o(attention.view({1, 1, c.numHeads * c.headDim}));
        const RmsNorm* hNorm = c.sandwichNorms ? &l.postAttentionNorm : nullptr;
        const RmsNorm& mlpNorm = c.sandwichNorms ? l.preFeedforwardNorm : l.postAttentionNorm;
        const bool fused = l.gateUp.weight.defined() || l.gateUp.packed.defined();
        at::Tensor next, gated;
        if (fused) gated = normedProjection(x, h, mlpNorm, l.gateUp, activationCode(c.activation), next, hNorm);
        if (gated.defined()) {
            x = next;
        } else {
            const at::Tensor mlpIn = addRmsNorm(x, normed(h, hNorm), mlpNorm);
            gated = fused ? gatedProjection(l.gateUp, mlpIn, c.activation)
                          : gatedActivation(l.gate(mlpIn), l.up(mlpIn), c.activation);
        }
        pending = l.down(gated);
        pendingNorm = c.sandwichNorms ? &l.postFeedforwardNorm : nullptr;
    }
    x.add_(normed(pending, pendingNorm));
    return decoderHead(c, m_finalNorm, m_lmHead, x);
}

at::Tensor DecodeGraph::step(const at::Tensor& ids, int64_t position) {
    if (position < 0 || position >= m_keys[0].size(2))
        throw Error("decode step", "position " + std::to_string(position) + " is outside the cache of " +
                                       std::to_string(m_keys[0].size(2)));
    m_ids.copy_(ids.reshape({1, 1}));
    m_pos.fill_(position);
    if (!m_capture) return body();
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (!m_graph->captured) {
        // Warm up on a side stream (lazy workspaces and cuBLAS handles get made outside the
        // capture), then capture. The warm-up writes the same cache row the replay writes.
        const c10::cuda::CUDAStream current = c10::cuda::getCurrentCUDAStream();
        current.synchronize();
        c10::cuda::CUDAStream side = c10::cuda::getStreamFromPool();
        {
            c10::cuda::CUDAStreamGuard guard(side);
            body();
            side.synchronize();
            // Thread-local capture: the NVML sampler and other threads may keep calling CUDA.
            m_graph->graph.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
            m_logits = body();
            m_graph->graph.capture_end();
            side.synchronize();
        }
        m_graph->captured = true;
    }
    m_graph->graph.replay();
    return m_logits.clone();
#else
    return body();
#endif
}

}  // namespace medawq
