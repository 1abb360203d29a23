#include "models/decoder_layer.h"

#include "kernels/decode_step.h"
#include "kernels/dense_gemv.h"
#include "models/rope.h"

#include <torch/version.h>

#include <limits>

namespace medawq {

at::Tensor fakeQuantizeActivation(const at::Tensor& x, const ActivationQuant& q) {
    const double qmax = double((1 << (q.bits - 1)) - 1), qmin = -double(1 << (q.bits - 1));
    at::Tensor xf = x.to(at::kFloat);
    at::Tensor absmax = q.perToken ? xf.abs().amax(-1, true) : xf.abs().max();
    at::Tensor scale = absmax.clamp_min(1e-8) / qmax;
    return (at::round(xf / scale).clamp(qmin, qmax) * scale).to(x.scalar_type());
}

at::Tensor Linear::operator()(const at::Tensor& input) const {
    const at::Tensor x = activationQuant.bits > 0 ? fakeQuantizeActivation(input, activationQuant) : input;
    if (packed.defined()) return w4a16Linear(x, packed, bias);
    if (denseDecodeTakes(x, weight)) return denseDecodeLinear(x, weight, bias);
    return at::linear(x, weight, bias);
}

at::Tensor Linear::denseWeight(at::ScalarType dtype) const {
    if (packed.defined()) return dequantizeW4A16(packed, dtype);
    return weight.to(dtype);
}

namespace {

bool concatenable(const std::vector<Linear*>& parts) {
    for (const Linear* l : parts) {
        if (l->activationQuant.bits != 0 || l->bias.defined() != parts[0]->bias.defined()) return false;
        if (l->weight.defined() != parts[0]->weight.defined()) return false;
        if (l->weight.defined() && l->weight.scalar_type() != parts[0]->weight.scalar_type()) return false;
        if (!l->weight.defined() && (!l->packed.defined() || l->packed.out % 16 != 0 || l->packed.in != parts[0]->packed.in ||
                                     l->packed.groupSize != parts[0]->packed.groupSize))
            return false;
    }
    return true;
}

// gate and up as one interleaved Linear (interleaveGateUp) needs whole blocks of 8 rows
// (16-row tiles when packed).
bool interleavable(Linear& gate, Linear& up) {
    if (!concatenable({&gate, &up})) return false;
    if (gate.weight.defined()) return gate.weight.sizes() == up.weight.sizes() && gate.weight.size(0) % 8 == 0;
    return gate.packed.out == up.packed.out;
}

Linear concatenate(const std::vector<Linear*>& parts) {
    Linear out;
    std::vector<at::Tensor> weights, biases, tiles, scales, zeros;
    for (Linear* l : parts) {
        if (l->bias.defined()) biases.push_back(l->bias);
        if (l->weight.defined()) {
            weights.push_back(l->weight);
        } else {
            tiles.push_back(l->packed.tiles);
            scales.push_back(l->packed.scales);
            zeros.push_back(l->packed.zeros);
            out.packed.out += l->packed.out;
        }
        out.awq = out.awq || l->awq;
        *l = Linear{};  // free the part as soon as the concatenation holds it
    }
    if (!biases.empty()) out.bias = at::cat(biases, 0);
    if (!weights.empty()) {
        out.weight = at::cat(weights, 0);
        return out;
    }
    // Tile layout (kernels/w4a16.h): 16-row tiles along dim 0 of the codes, dim 1 of scales/zeros.
    out.packed.tiles = at::cat(tiles, 0);
    out.packed.scales = at::cat(scales, 1);
    out.packed.zeros = at::cat(zeros, 1);
    out.packed.in = parts.empty() ? 0 : out.packed.tiles.size(1) * 64;
    return out;
}

// act(g) * u with torch ops (what transformers computes; the AWQ search's path).
at::Tensor gatedTorch(const at::Tensor& g, const at::Tensor& u, const std::string& activation) {
    const int code = activationCode(activation);
    const at::Tensor a = code == 0 ? at::silu(g) : code == 1 ? at::gelu(g) : at::gelu(g, "tanh");
    return a * u;
}

Linear interleave(Linear& gate, Linear& up) {
    Linear out;
    out.awq = gate.awq || up.awq;
    if (gate.bias.defined()) out.bias = interleaveGateUp(gate.bias, up.bias);
    if (gate.weight.defined()) out.weight = interleaveGateUp(gate.weight, up.weight);
    else out.packed = interleaveGateUp(gate.packed, up.packed);
    gate = Linear{};
    up = Linear{};
    return out;
}

}  // namespace

bool fuseProjections(DecoderLayer& layer) {
    const std::vector<Linear*> qkv = {&layer.q, &layer.k, &layer.v};
    const bool fuseQkv = concatenable(qkv), fuseGateUp = interleavable(layer.gate, layer.up);
    const int64_t groupSize = layer.q.packed.groupSize;
    if (fuseQkv) {
        layer.qkv = concatenate(qkv);
        if (layer.qkv.packed.defined()) layer.qkv.packed.groupSize = groupSize;
    }
    if (fuseGateUp) layer.gateUp = interleave(layer.gate, layer.up);
    return fuseQkv || fuseGateUp;
}

at::Tensor gatedProjection(const Linear& gateUp, const at::Tensor& x, const std::string& activation) {
    auto combine = [&](const at::Tensor& g, const at::Tensor& u) { return gatedTorch(g, u, activation); };
    if (gateUp.activationQuant.bits == 0) {
        const int64_t rows = x.numel() / gateUp.inFeatures();
        const bool decodeRows = x.is_cuda() && w4a16KernelsBuilt() && rows <= kW4A16DecodeMaxRows &&
                                (x.scalar_type() == at::kBFloat16 || x.scalar_type() == at::kHalf);
        GemvLaunch gated;
        gated.activation = activationCode(activation);
        // Decode: the GEMV's epilogue applies the activation (no [2I] product, no extra kernel).
        if (gateUp.packed.defined() && decodeRows) return w4a16::decodeWith(x, gateUp.packed, gateUp.bias, gated);
        if (gateUp.packed.defined() && x.is_cuda())
            return w4a16::pairedPrefill(x, gateUp.packed, gateUp.bias, kPrefillScratchElements, combine);
        if (gateUp.weight.defined() && denseDecodeTakes(x, gateUp.weight))
            return dense_gemv::decodeWith(x, gateUp.weight, gateUp.bias, gated);
    }
    const auto [g, u] = splitGateUp(gateUp(x));
    return combine(g, u);
}

at::Tensor RmsNorm::operator()(const at::Tensor& x) const {
    at::Tensor xf = x.to(at::kFloat);
    at::Tensor normed = xf * at::rsqrt(xf.pow(2).mean(-1, true) + eps);
    if (onePlus) return (normed * (1.0 + weight.to(at::kFloat))).to(x.scalar_type());
    return weight * normed.to(x.scalar_type());  // Llama: cast back first, then scale
}

namespace {

// Which cached positions [from, total) each query position [start, total) may attend to: causal,
// within the sliding window on local layers, and both ways inside an image's token run.
at::Tensor allowedPositions(const ModelConfig& c, int64_t start, int64_t total, int64_t from, bool local,
                            const at::Device& device, const ImageBlocks* images) {
    auto longOpts = at::TensorOptions().dtype(at::kLong).device(device);
    const at::Tensor qPos = at::arange(start, total, longOpts).unsqueeze(1);
    const at::Tensor kPos = at::arange(from, total, longOpts).unsqueeze(0);
    at::Tensor allowed = kPos <= qPos;
    if (local) allowed = allowed.logical_and(qPos - kPos < c.slidingWindow);
    if (images)
        for (const ImageBlock& blk : *images) {
            at::Tensor both = (qPos >= blk.begin).logical_and(qPos < blk.end).logical_and(kPos >= blk.begin).logical_and(kPos < blk.end);
            allowed = allowed.logical_or(both);
        }
    return allowed;
}

// The fused kernel covers what it can express exactly: CUDA, libtorch >= 2.1 (CI's 1.13 and
// every CPU run keep the explicit reference path), no logit soft-capping (Gemma 2), and either
// one query token attending to the whole (windowed) span or a causal prompt from an empty cache
// that fits in the sliding window.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define MEDAWQ_FUSED_ATTENTION 1
bool useFusedAttention(const ModelConfig& c, const at::Tensor& x, int64_t t, int64_t start, bool local) {
    if (!x.is_cuda() || c.attnLogitSoftcap > 0) return false;
    if (t == 1) return true;
    return start == 0 && (!local || t <= c.slidingWindow);
}

// The other prompts on CUDA (a chunk after the first in a chunked prefill, a prompt longer than
// the sliding window): the memory-efficient kernel with an explicit [T, span] boolean mask, so
// the [heads, T, span] fp32 scores of the reference path never exist.
bool useMaskedFusedAttention(const ModelConfig& c, const at::Tensor& x, int64_t t) {
    return x.is_cuda() && c.attnLogitSoftcap == 0 && t > 1;
}
#endif

}  // namespace

at::Tensor attentionBlock(const ModelConfig& c, const DecoderLayer& layer, const at::Tensor& x, at::Tensor& keysCache,
                          at::Tensor& valuesCache, int64_t start, const RopeTables& rope, at::Tensor* oInput,
                          const ImageBlocks* images) {
    const int64_t b = x.size(0), t = x.size(1), total = start + t;
    const int64_t groups = c.numHeads / c.numKvHeads;
    const auto device = x.device();
    at::Tensor qOut, kOut, vOut;
    if (layer.qkv.weight.defined() || layer.qkv.packed.defined()) {
        const at::Tensor all = layer.qkv(x);
        const int64_t nq = c.numHeads * c.headDim, nkv = c.numKvHeads * c.headDim;
        qOut = all.narrow(-1, 0, nq), kOut = all.narrow(-1, nq, nkv), vOut = all.narrow(-1, nq + nkv, nkv);
    } else {
        qOut = layer.q(x), kOut = layer.k(x), vOut = layer.v(x);
    }
    at::Tensor q = qOut.reshape({b, t, c.numHeads, c.headDim}).transpose(1, 2);
    at::Tensor k = kOut.reshape({b, t, c.numKvHeads, c.headDim}).transpose(1, 2);
    at::Tensor v = vOut.reshape({b, t, c.numKvHeads, c.headDim}).transpose(1, 2);
    if (c.qkNorm) {
        q = layer.qNorm(q);
        k = layer.kNorm(k);
    }
    const bool local = layer.sliding && c.slidingWindow > 0;
    const at::Tensor& cos = local ? rope.cosLocal : rope.cosGlobal;
    const at::Tensor& sin = local ? rope.sinLocal : rope.sinGlobal;
    q = applyRope(q, cos, sin);
    k = applyRope(k, cos, sin);
    keysCache.narrow(2, start, t).copy_(k);
    valuesCache.narrow(2, start, t).copy_(v);
    // Attend only to the filled part of the cache (and, for sliding layers, to its window).
    const int64_t from = local ? std::max<int64_t>(0, start - c.slidingWindow + 1) : 0;
    const int64_t span = total - from;
    at::Tensor keys = keysCache.narrow(2, from, span);
    at::Tensor values = valuesCache.narrow(2, from, span);

#ifdef MEDAWQ_FUSED_ATTENTION
    // Image tokens attend to each other both ways: a mask the fused kernel is not given.
    const bool imageMask = images && !images->empty();
    const bool causalFused = !imageMask && useFusedAttention(c, x, t, start, local);
    if (causalFused || (!imageMask && useMaskedFusedAttention(c, x, t))) {
        // Flash/memory-efficient attention on CUDA: the [T, T] scores never reach memory, which
        // is most of the attention cost in the AWQ search (21 evaluations of 65,536 tokens per
        // layer). K/V are expanded to every query head, a small copy next to the scores saved.
        auto expand = [&](const at::Tensor& kv) {
            return kv.unsqueeze(2).expand({b, c.numKvHeads, groups, span, c.headDim}).reshape({b, c.numHeads, span, c.headDim});
        };
        // No mask at all for the causal kernel (an undefined tensor would count as a given mask).
        const c10::optional<at::Tensor> mask =
            causalFused ? c10::optional<at::Tensor>() : c10::optional<at::Tensor>(allowedPositions(c, start, total, from, local, device, nullptr));
        at::Tensor out = at::scaled_dot_product_attention(q, expand(keys), expand(values), mask, 0.0,
                                                          /*is_causal=*/causalFused && t > 1, c.attentionScale());
        out = out.transpose(1, 2).reshape({b, t, c.numHeads * c.headDim});
        if (oInput) *oInput = out;
        return layer.o(out);
    }
#endif

    // Grouped-query attention without copying K/V: queries viewed as [B, kvHeads, groups, T, D].
    at::Tensor q5 = q.reshape({b, c.numKvHeads, groups, t, c.headDim});
    at::Tensor scores = at::matmul(q5, keys.unsqueeze(2).transpose(-1, -2)) * c.attentionScale();
    if (c.attnLogitSoftcap > 0) scores = at::tanh(scores / c.attnLogitSoftcap) * c.attnLogitSoftcap;

    const at::Tensor allowed = allowedPositions(c, start, total, from, local, device, images);
    at::Tensor mask = at::zeros({t, span}, at::TensorOptions().dtype(at::kFloat).device(device))
                          .masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
    at::Tensor probs = at::softmax(scores.to(at::kFloat) + mask, -1).to(x.scalar_type());
    at::Tensor out = at::matmul(probs, values.unsqueeze(2));  // [B, kvHeads, groups, T, D]
    out = out.reshape({b, c.numHeads, t, c.headDim}).transpose(1, 2).reshape({b, t, c.numHeads * c.headDim});
    if (oInput) *oInput = out;
    return layer.o(out);
}

at::Tensor mlpBlock(const ModelConfig& c, const DecoderLayer& layer, const at::Tensor& x, at::Tensor* downInput) {
    const bool fused = layer.gateUp.weight.defined() || layer.gateUp.packed.defined();
    const at::Tensor h = fused ? gatedProjection(layer.gateUp, x, c.activation)
                               : gatedTorch(layer.gate(x), layer.up(x), c.activation);
    if (downInput) *downInput = h;
    return layer.down(h);
}

at::Tensor layerForward(const ModelConfig& c, const DecoderLayer& l, const at::Tensor& x, at::Tensor& keys,
                        at::Tensor& values, int64_t start, const RopeTables& rope, LayerTaps* taps,
                        const ImageBlocks* images) {
    at::Tensor attnIn = l.inputNorm(x);
    at::Tensor h = attentionBlock(c, l, attnIn, keys, values, start, rope, taps ? &taps->oInput : nullptr, images);
    at::Tensor y;
    at::Tensor mlpIn;
    if (c.sandwichNorms) {
        y = x + l.postAttentionNorm(h);
        mlpIn = l.preFeedforwardNorm(y);
        y = y + l.postFeedforwardNorm(mlpBlock(c, l, mlpIn, taps ? &taps->downInput : nullptr));
    } else {
        y = x + h;
        mlpIn = l.postAttentionNorm(y);
        y = y + mlpBlock(c, l, mlpIn, taps ? &taps->downInput : nullptr);
    }
    if (taps) {
        taps->attnInput = attnIn;
        taps->mlpInput = mlpIn;
    }
    return y;
}

}  // namespace medawq
