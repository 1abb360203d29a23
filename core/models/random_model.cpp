#include "models/random_model.h"

#include <medawq/errors.h>

#include <nlohmann/json.hpp>

#include <limits>

namespace medawq {

namespace {

nlohmann::json gemma3Text(int64_t hidden, int64_t intermediate, int64_t layers, int64_t heads, int64_t kvHeads,
                          int64_t headDim, double queryPreAttnScalar) {
    return {{"architectures", {"Gemma3ForCausalLM"}}, {"model_type", "gemma3_text"}, {"hidden_size", hidden},
            {"intermediate_size", intermediate}, {"num_hidden_layers", layers}, {"num_attention_heads", heads},
            {"num_key_value_heads", kvHeads}, {"head_dim", headDim}, {"vocab_size", 262208},
            {"query_pre_attn_scalar", queryPreAttnScalar}, {"sliding_window", 1024}, {"sliding_window_pattern", 6},
            {"rope_theta", 1000000.0}, {"rope_local_base_freq", 10000.0},
            {"rope_scaling", {{"rope_type", "linear"}, {"factor", 8.0}}}, {"hidden_activation", "gelu_pytorch_tanh"},
            {"rms_norm_eps", 1e-6}, {"max_position_embeddings", 131072}, {"tie_word_embeddings", true},
            {"torch_dtype", "bfloat16"}, {"bos_token_id", 2}, {"eos_token_id", 1}};
}

}  // namespace

std::vector<std::string> benchShapeNames() { return {"mistral-7b", "gemma3-4b", "gemma3-27b"}; }

ModelConfig benchShapeConfig(const std::string& shape) {
    nlohmann::json j;
    if (shape == "mistral-7b")
        j = {{"architectures", {"MistralForCausalLM"}}, {"model_type", "mistral"}, {"hidden_size", 4096},
             {"intermediate_size", 14336}, {"num_hidden_layers", 32}, {"num_attention_heads", 32},
             {"num_key_value_heads", 8}, {"head_dim", 128}, {"vocab_size", 32000}, {"max_position_embeddings", 32768},
             {"rms_norm_eps", 1e-5}, {"rope_theta", 1000000.0}, {"sliding_window", nullptr}, {"hidden_act", "silu"},
             {"tie_word_embeddings", false}, {"torch_dtype", "bfloat16"}, {"bos_token_id", 1}, {"eos_token_id", 2}};
    else if (shape == "gemma3-4b") j = gemma3Text(2560, 10240, 34, 8, 4, 256, 256);
    else if (shape == "gemma3-27b") j = gemma3Text(5376, 21504, 62, 32, 16, 128, 168);
    else throw Error("--shape", "unknown shape '" + shape + "' (mistral-7b, gemma3-4b, gemma3-27b)");
    return parseModelConfig(j, "shape " + shape);
}

std::unique_ptr<DecoderModel> randomDecoder(const ModelConfig& c, at::Device device, at::ScalarType dtype, bool awq,
                                            int64_t groupSize, uint64_t seed) {
    at::manual_seed(seed);
    const auto opts = at::TensorOptions().device(device);
    auto dense = [&](int64_t rows, int64_t cols) { return (at::randn({rows, cols}, opts) * 0.02).to(dtype); };
    auto linear = [&](int64_t out, int64_t in) {
        Linear l;
        if (!awq || !w4a16Supports(out, in, groupSize)) {
            l.weight = dense(out, in);
            return l;
        }
        // Random nibbles in every code (full int32 range), scales ~ 1e-3, zero points 0..15.
        const int64_t tiles16 = (out + 15) / 16, groups = in / groupSize;
        l.packed.tiles = at::randint(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(),
                                     {tiles16, in / 64, 128}, opts.dtype(at::kInt));
        l.packed.scales = (at::rand({groups, tiles16, 8, 2}, opts) * 2e-3 + 1e-4).to(at::kHalf);
        l.packed.zeros = at::randint(0, 16, {groups, tiles16, 8, 2}, opts.dtype(at::kByte));
        l.packed.out = out, l.packed.in = in, l.packed.groupSize = groupSize;
        l.awq = true;
        return l;
    };
    auto norm = [&](int64_t dim) {
        RmsNorm n;
        n.eps = c.rmsNormEps;
        n.onePlus = c.gemmaNorms;
        n.weight = (at::randn({dim}, opts) * 0.02 + (c.gemmaNorms ? 0.0 : 1.0)).to(dtype);
        return n;
    };
    std::vector<DecoderLayer> layers;
    const int64_t qOut = c.numHeads * c.headDim, kvOut = c.numKvHeads * c.headDim;
    for (int64_t i = 0; i < c.numLayers; ++i) {
        DecoderLayer l;
        l.inputNorm = norm(c.hiddenSize);
        l.postAttentionNorm = norm(c.hiddenSize);
        if (c.sandwichNorms) {
            l.preFeedforwardNorm = norm(c.hiddenSize);
            l.postFeedforwardNorm = norm(c.hiddenSize);
        }
        if (c.qkNorm) {
            l.qNorm = norm(c.headDim);
            l.kNorm = norm(c.headDim);
        }
        l.q = linear(qOut, c.hiddenSize);
        l.k = linear(kvOut, c.hiddenSize);
        l.v = linear(kvOut, c.hiddenSize);
        l.o = linear(c.hiddenSize, qOut);
        l.gate = linear(c.intermediateSize, c.hiddenSize);
        l.up = linear(c.intermediateSize, c.hiddenSize);
        l.down = linear(c.hiddenSize, c.intermediateSize);
        l.sliding = size_t(i) < c.layerIsSliding.size() && c.layerIsSliding[size_t(i)];
        layers.push_back(std::move(l));
    }
    at::Tensor embedding = dense(c.vocabSize, c.hiddenSize);
    Linear lmHead;
    lmHead.weight = c.tieWordEmbeddings ? embedding : dense(c.vocabSize, c.hiddenSize);  // lm_head stays 16-bit
    return std::make_unique<DecoderModel>(c, device, dtype, embedding, std::move(layers), norm(c.hiddenSize),
                                          std::move(lmHead));
}

}  // namespace medawq
