// One decoder layer of any supported family, as plain weights plus free functions, so the
// runtime (with a KV cache) and the AWQ search (on calibration batches, module by module)
// compute exactly the same thing.
#pragma once

#include "formats/model_config.h"
#include "kernels/w4a16.h"

#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace medawq {

// Simulated activation quantization (the users' W4A8 / W4A4 experiments): the Linear's input
// is rounded to `bits` signed levels with a symmetric scale per tensor or per token, then
// multiplied back. It measures accuracy only; nothing runs faster.
struct ActivationQuant {
    int bits = 0;          // 0: off; 8 -> [-128, 127]; 4 -> [-8, 7]
    bool perToken = false;
};
at::Tensor fakeQuantizeActivation(const at::Tensor& x, const ActivationQuant& q);

// A linear layer holds either a dense weight (everywhere by default: the CPU reference path,
// 16-bit checkpoints, and every Linear the AWQ search works on) or, for AWQ checkpoints run on
// CUDA, the packed 4-bit weights (`packed`, kernels/w4a16.h) with `weight` left undefined.
struct Linear {
    at::Tensor weight;       // [out, in]; undefined when packed
    at::Tensor bias;         // undefined when absent
    QuantizedWeight packed;  // defined only when `weight` is not
    bool awq = false;        // loaded from AWQ qweight/qzeros/scales (the Linears W4A8 simulation touches)
    ActivationQuant activationQuant;
    // Dense: at::linear, or on CUDA for <= 16 rows the dense decode kernel (kernels/dense_gemv.h).
    // Packed: the W4A16 kernels (decode for <= 16 rows, else dequantize + cuBLAS).
    at::Tensor operator()(const at::Tensor& x) const;
    // [out, in] in `dtype`: `weight` itself, or the packed weights dequantized (a new tensor).
    at::Tensor denseWeight(at::ScalarType dtype) const;
    int64_t outFeatures() const { return weight.defined() ? weight.size(0) : packed.out; }
    int64_t inFeatures() const { return weight.defined() ? weight.size(1) : packed.in; }
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
    // Runtime only (fuseProjections): q|k|v and gate|up as one Linear each, so a decode step
    // makes 4 weight calls instead of 7; the separate Linears are then empty. gateUp's output
    // rows interleave gate and up in blocks of 8 (interleaveGateUp, kernels/w4a16.h).
    Linear qkv, gateUp;
    bool sliding = false;
    // The norm whose output feeds gate/up: post_attention_layernorm, or pre_feedforward_layernorm
    // in the sandwich-norm families (Gemma 2, 3).
    RmsNorm& mlpInputNorm(const ModelConfig& c) { return c.sandwichNorms ? preFeedforwardNorm : postAttentionNorm; }
};

// Concatenates the projections that share an input into `qkv` and `gateUp` when their storage
// allows (all dense in one dtype, or all packed with 16-row-aligned outputs; biases on all or
// none; gate and up in whole blocks of 8 rows); returns whether it fused either. The fused
// weights replace the separate ones (no copy kept).
bool fuseProjections(DecoderLayer& layer);

// act(gate(x)) * up(x) through a fused gateUp: on CUDA for <= 16 rows one decode GEMV whose
// epilogue applies the activation, for more rows packed weights slab by slab
// (w4a16::pairedPrefill), elsewhere the product split and combined with torch ops.
at::Tensor gatedProjection(const Linear& gateUp, const at::Tensor& x, const std::string& activation);

// Static key/value cache: [B, kvHeads, capacity, headDim] per layer.
struct KvCache {
    std::vector<at::Tensor> keys, values;
    int64_t length = 0;
    int64_t capacity = 0;
};

struct RopeTables {
    at::Tensor cosGlobal, sinGlobal, cosLocal, sinLocal;  // [T, headDim], in the model dtype
};

// What a layer's Linears saw during a forward pass (for activation statistics).
struct LayerTaps {
    at::Tensor attnInput;  // input_layernorm(x): q, k, v
    at::Tensor oInput;     // attention output before o_proj
    at::Tensor mlpInput;   // the normed residual: gate, up
    at::Tensor downInput;  // act(gate) * up
};

// Gemma 3 image tokens: the positions [begin, end) of one image's token run. Tokens of the same
// image attend to each other in both directions (what the processor's token_type_ids make
// transformers do), on sliding and global layers alike; everything else stays causal.
struct ImageBlock {
    int64_t begin = 0, end = 0;
};
using ImageBlocks = std::vector<ImageBlock>;

// Self-attention on normed input x [B, T, hidden] at positions cache.length.. (appends K/V
// to `keys`/`values` of the cache slot), including o_proj.
at::Tensor attentionBlock(const ModelConfig& c, const DecoderLayer& layer, const at::Tensor& x, at::Tensor& keys,
                          at::Tensor& values, int64_t start, const RopeTables& rope, at::Tensor* oInput = nullptr,
                          const ImageBlocks* images = nullptr);
at::Tensor mlpBlock(const ModelConfig& c, const DecoderLayer& layer, const at::Tensor& x, at::Tensor* downInput = nullptr);
// Whole layer: residual stream in, residual stream out.
at::Tensor layerForward(const ModelConfig& c, const DecoderLayer& layer, const at::Tensor& x, at::Tensor& keys,
                        at::Tensor& values, int64_t start, const RopeTables& rope, LayerTaps* taps = nullptr,
                        const ImageBlocks* images = nullptr);

}  // namespace medawq
