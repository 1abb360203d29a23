#include "formats/model_config.h"

#include <medawq/errors.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace medawq {

const char* familyName(Family f) {
    switch (f) {
    case Family::Llama: return "llama";
    case Family::Mistral: return "mistral";
    case Family::Gemma: return "gemma";
    case Family::Gemma2: return "gemma2";
    case Family::Gemma3: return "gemma3";
    case Family::Gemma3Multimodal: return "gemma3-multimodal";
    }
    return "?";
}

bool ModelConfig::overflowsFloat16() const {
    return family == Family::Gemma2 || family == Family::Gemma3 || family == Family::Gemma3Multimodal;
}

double ModelConfig::attentionScale() const {
    const double d = queryPreAttnScalar > 0 ? queryPreAttnScalar : double(headDim);
    return 1.0 / std::sqrt(d);
}

namespace {

bool has(const json& j, const char* key) { return j.is_object() && j.contains(key) && !j.at(key).is_null(); }

template <typename T>
T get(const json& j, const char* key, T fallback) {
    if (!has(j, key)) return fallback;
    try {
        return j.at(key).get<T>();
    } catch (const json::exception&) {
        return fallback;
    }
}

json readJson(const fs::path& p) {
    std::ifstream in(p);
    if (!in) throw Error(p.string(), "cannot open file");
    try {
        return json::parse(in);
    } catch (const json::parse_error& e) {
        throw Error(p.string(), std::string("not valid JSON (") + e.what() + ")");
    }
}

Family detectFamily(const json& j, const std::string& path, std::string& architecture) {
    std::string modelType = get<std::string>(j, "model_type", "");
    if (has(j, "architectures") && j["architectures"].is_array() && !j["architectures"].empty())
        architecture = j["architectures"][0].get<std::string>();
    struct Known { const char* arch; const char* type; Family family; };
    static const Known known[] = {
        {"LlamaForCausalLM", "llama", Family::Llama},
        {"MistralForCausalLM", "mistral", Family::Mistral},
        {"GemmaForCausalLM", "gemma", Family::Gemma},
        {"Gemma2ForCausalLM", "gemma2", Family::Gemma2},
        {"Gemma3ForCausalLM", "gemma3_text", Family::Gemma3},
        {"Gemma3ForConditionalGeneration", "gemma3", Family::Gemma3Multimodal},
    };
    for (const Known& k : known)
        if (architecture == k.arch) return k.family;
    for (const Known& k : known)
        if (architecture.empty() && modelType == k.type) {
            architecture = k.arch;
            return k.family;
        }
    throw Error(path, "unsupported architecture '" + (architecture.empty() ? modelType : architecture) +
                          "'; MedAWQ runs Llama, Mistral, Gemma, Gemma 2, Gemma 3 and Gemma 3 multimodal (MedGemma)");
}

RopeParams parseRope(const json& params, double defaultTheta, const std::string& path) {
    RopeParams r;
    r.theta = get<double>(params, "rope_theta", defaultTheta);
    r.type = get<std::string>(params, "rope_type", get<std::string>(params, "type", "default"));
    r.factor = get<double>(params, "factor", 1.0);
    r.lowFreqFactor = get<double>(params, "low_freq_factor", 1.0);
    r.highFreqFactor = get<double>(params, "high_freq_factor", 4.0);
    r.originalMaxPositions = get<int64_t>(params, "original_max_position_embeddings", 0);
    if (r.type != "default" && r.type != "linear" && r.type != "dynamic" && r.type != "llama3")
        throw Error(path, "unsupported rope scaling type '" + r.type + "' (default, linear, dynamic, llama3)");
    if (r.factor <= 0) throw Error(path, "rope scaling factor must be positive");
    return r;
}

// A key written as null switches the feature off; an absent key takes the class default.
double nullableNumber(const json& j, const char* key, double fallback) {
    if (!j.is_object() || !j.contains(key)) return fallback;
    return j.at(key).is_number() ? j.at(key).get<double>() : 0.0;
}

std::vector<int> readIds(const json& v) {
    std::vector<int> ids;
    if (v.is_number_integer()) ids.push_back(v.get<int>());
    else if (v.is_array())
        for (const auto& e : v)
            if (e.is_number_integer()) ids.push_back(e.get<int>());
    return ids;
}

void parseAwq(const json& q, AwqConfig& awq, const std::string& path) {
    const std::string method = get<std::string>(q, "quant_method", "awq");
    if (method != "awq")
        throw Error(path, "quantization method '" + method + "' is not supported (MedAWQ reads AWQ checkpoints)");
    awq.present = true;
    awq.bits = get<int>(q, "bits", get<int>(q, "w_bit", 4));
    awq.groupSize = get<int>(q, "group_size", get<int>(q, "q_group_size", 128));
    awq.zeroPoint = get<bool>(q, "zero_point", true);
    awq.version = get<std::string>(q, "version", "gemm");
    for (char& c : awq.version) c = char(std::tolower(c));
    if (has(q, "modules_to_not_convert"))
        awq.modulesToNotConvert = q["modules_to_not_convert"].get<std::vector<std::string>>();
    if (awq.bits != 4) throw Error(path, "AWQ checkpoints with " + std::to_string(awq.bits) + " bits cannot be run (4 only)");
    if (awq.version != "gemm") throw Error(path, "AWQ version '" + awq.version + "' is not supported (GEMM only)");
    if (awq.groupSize <= 0) throw Error(path, "AWQ group size must be positive");
}

void parseVision(const json& top, VisionConfig& v) {
    const json& j = top["vision_config"];
    v.imageSize = get<int64_t>(j, "image_size", v.imageSize);
    v.patchSize = get<int64_t>(j, "patch_size", v.patchSize);
    v.hiddenSize = get<int64_t>(j, "hidden_size", v.hiddenSize);
    v.intermediateSize = get<int64_t>(j, "intermediate_size", v.intermediateSize);
    v.numLayers = get<int64_t>(j, "num_hidden_layers", v.numLayers);
    v.numHeads = get<int64_t>(j, "num_attention_heads", v.numHeads);
    v.numChannels = get<int64_t>(j, "num_channels", v.numChannels);
    v.layerNormEps = get<double>(j, "layer_norm_eps", v.layerNormEps);
    v.activation = get<std::string>(j, "hidden_act", v.activation);
    v.tokensPerImage = get<int64_t>(top, "mm_tokens_per_image", v.tokensPerImage);
    v.imageTokenId = get<int>(top, "image_token_index", get<int>(top, "image_token_id", v.imageTokenId));
    v.boiTokenId = get<int>(top, "boi_token_index", v.boiTokenId);
    v.eoiTokenId = get<int>(top, "eoi_token_index", v.eoiTokenId);
}

}  // namespace

// Checked when an image is used, not when the config is read: a vision_config stripped of its
// sizes (SigLIP's 224-pixel defaults then apply) must not stop text-only use of the model.
std::string VisionConfig::problem() const {
    if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0)
        return "vision_config: image_size " + std::to_string(imageSize) + " must be a positive multiple of patch_size " +
               std::to_string(patchSize);
    if (hiddenSize <= 0 || numHeads <= 0 || hiddenSize % numHeads != 0 || numLayers < 0)
        return "vision_config: hidden_size must be a positive multiple of num_attention_heads";
    if (activation != "gelu_pytorch_tanh" && activation != "gelu")
        return "vision_config: unsupported hidden_act '" + activation + "'";
    // The projector average-pools the square patch grid to a square grid of tokens.
    const int64_t side = int64_t(std::lround(std::sqrt(double(tokensPerImage))));
    if (tokensPerImage <= 0 || side * side != tokensPerImage || patchesPerSide() % side != 0)
        return "mm_tokens_per_image " + std::to_string(tokensPerImage) +
               " must be a square whose side divides the patch grid side " + std::to_string(patchesPerSide());
    return "";
}

ModelConfig parseModelConfig(const json& top, const std::string& path) {
    if (!top.is_object()) throw Error(path, "config.json is not a JSON object");
    ModelConfig c;
    c.path = path;
    c.raw = top;
    c.family = detectFamily(top, path, c.architecture);
    const bool multimodal = c.family == Family::Gemma3Multimodal;
    const json& j = multimodal ? (has(top, "text_config") ? top["text_config"] : json::object()) : top;
    c.hasVision = multimodal && has(top, "vision_config");

    // Family defaults, from each transformers config class.
    struct Defaults {
        int64_t vocab, hidden, inter, layers, heads, kvHeads, headDim, maxPos, window;
        double theta, eps, softcapAttn, softcapFinal, qScalar;
        bool tie;
        const char* act;
    };
    Defaults d{};
    switch (c.family) {
    case Family::Llama: d = {32000, 4096, 11008, 32, 32, 0, 0, 2048, 0, 1e4, 1e-6, 0, 0, 0, false, "silu"}; break;
    case Family::Mistral: d = {32000, 4096, 14336, 32, 32, 8, 0, 131072, 4096, 1e4, 1e-6, 0, 0, 0, false, "silu"}; break;
    case Family::Gemma: d = {256000, 3072, 24576, 28, 16, 16, 256, 8192, 0, 1e4, 1e-6, 0, 0, 0, true, "gelu_pytorch_tanh"}; break;
    case Family::Gemma2: d = {256000, 2304, 9216, 26, 8, 4, 256, 8192, 4096, 1e4, 1e-6, 50, 30, 256, true, "gelu_pytorch_tanh"}; break;
    case Family::Gemma3:
    case Family::Gemma3Multimodal: d = {262208, 2304, 9216, 26, 8, 4, 256, 131072, 4096, 1e6, 1e-6, 0, 0, 256, true, "gelu_pytorch_tanh"}; break;
    }

    c.vocabSize = get<int64_t>(j, "vocab_size", d.vocab);
    c.hiddenSize = get<int64_t>(j, "hidden_size", d.hidden);
    c.intermediateSize = get<int64_t>(j, "intermediate_size", d.inter);
    c.numLayers = get<int64_t>(j, "num_hidden_layers", d.layers);
    c.numHeads = get<int64_t>(j, "num_attention_heads", d.heads);
    c.numKvHeads = get<int64_t>(j, "num_key_value_heads", d.kvHeads ? d.kvHeads : c.numHeads);
    c.maxPositions = get<int64_t>(j, "max_position_embeddings", d.maxPos);
    c.rmsNormEps = get<double>(j, "rms_norm_eps", d.eps);
    c.attentionBias = get<bool>(j, "attention_bias", false);
    c.mlpBias = get<bool>(j, "mlp_bias", false);
    const bool isGemma = c.family != Family::Llama && c.family != Family::Mistral;
    // Gemma reads hidden_activation (its hidden_act is a legacy field); the others hidden_act.
    c.activation = isGemma ? get<std::string>(j, "hidden_activation", d.act) : get<std::string>(j, "hidden_act", d.act);
    // Multimodal Gemma 3 ties through the top level config.
    c.tieWordEmbeddings = get<bool>(top, "tie_word_embeddings", get<bool>(j, "tie_word_embeddings", d.tie));

    if (c.hiddenSize <= 0 || c.numLayers <= 0 || c.numHeads <= 0 || c.numKvHeads <= 0 || c.vocabSize <= 0 ||
        c.intermediateSize <= 0)
        throw Error(path, "sizes must be positive (hidden_size, num_hidden_layers, num_attention_heads, vocab_size, ...)");
    if (c.numHeads % c.numKvHeads != 0)
        throw Error(path, "num_attention_heads must be a multiple of num_key_value_heads");
    c.headDim = get<int64_t>(j, "head_dim", d.headDim ? d.headDim : c.hiddenSize / c.numHeads);
    if (c.headDim <= 0 || c.headDim % 2 != 0) throw Error(path, "head_dim must be a positive even number");
    if (c.activation != "silu" && c.activation != "gelu_pytorch_tanh" && c.activation != "gelu" &&
        c.activation != "gelu_new")
        throw Error(path, "unsupported activation '" + c.activation + "'");

    // Rotary embeddings: transformers 4 (rope_theta + rope_scaling) or 5 (rope_parameters,
    // per layer type for Gemma 3).
    const double theta = get<double>(j, "rope_theta", d.theta);
    const double localTheta = get<double>(j, "rope_local_base_freq", 1e4);
    if (has(j, "rope_parameters")) {
        const json& rp = j["rope_parameters"];
        if (has(rp, "full_attention") || has(rp, "sliding_attention")) {
            c.ropeGlobal = parseRope(has(rp, "full_attention") ? rp["full_attention"] : json::object(), theta, path);
            c.ropeLocal = parseRope(has(rp, "sliding_attention") ? rp["sliding_attention"] : json::object(), localTheta, path);
        } else {
            c.ropeGlobal = parseRope(rp, theta, path);
            c.ropeLocal = c.ropeGlobal;
        }
    } else {
        c.ropeGlobal = parseRope(has(j, "rope_scaling") ? j["rope_scaling"] : json::object(), theta, path);
        c.ropeGlobal.theta = theta;
        c.ropeLocal = c.ropeGlobal;
        if (c.family == Family::Gemma3 || c.family == Family::Gemma3Multimodal) {
            c.ropeLocal = RopeParams{};  // Gemma 3 scales only its global layers
            c.ropeLocal.theta = localTheta;
        }
    }
    for (RopeParams* r : {&c.ropeGlobal, &c.ropeLocal})
        if (r->originalMaxPositions == 0) r->originalMaxPositions = c.maxPositions;

    // Attention windows per layer.
    c.slidingWindow = int64_t(nullableNumber(j, "sliding_window", double(d.window)));
    if (c.family == Family::Mistral && has(j, "use_sliding_window") && !j["use_sliding_window"].get<bool>())
        c.slidingWindow = 0;
    c.layerIsSliding.assign(size_t(c.numLayers), false);
    if (has(j, "layer_types")) {
        const auto types = j["layer_types"].get<std::vector<std::string>>();
        if (int64_t(types.size()) != c.numLayers) throw Error(path, "layer_types must list one type per layer");
        for (size_t i = 0; i < types.size(); ++i) c.layerIsSliding[i] = types[i] == "sliding_attention";
    } else if (c.family == Family::Gemma2) {
        for (int64_t i = 0; i < c.numLayers; ++i) c.layerIsSliding[size_t(i)] = (i + 1) % 2 != 0;
    } else if (c.family == Family::Gemma3 || c.family == Family::Gemma3Multimodal) {
        const int64_t pattern = get<int64_t>(j, "sliding_window_pattern", 6);
        for (int64_t i = 0; i < c.numLayers; ++i) c.layerIsSliding[size_t(i)] = pattern > 0 && (i + 1) % pattern != 0;
    } else if (c.family == Family::Mistral && c.slidingWindow > 0) {
        c.layerIsSliding.assign(size_t(c.numLayers), true);
    }
    if (c.slidingWindow <= 0) c.layerIsSliding.assign(size_t(c.numLayers), false);

    c.gemmaNorms = isGemma;
    c.scaleEmbeddings = isGemma;
    c.sandwichNorms = c.family == Family::Gemma2 || c.family == Family::Gemma3 || c.family == Family::Gemma3Multimodal;
    c.qkNorm = c.family == Family::Gemma3 || c.family == Family::Gemma3Multimodal;
    c.queryPreAttnScalar = get<double>(j, "query_pre_attn_scalar", d.qScalar);
    c.attnLogitSoftcap = nullableNumber(j, "attn_logit_softcapping", d.softcapAttn);
    c.finalLogitSoftcap = nullableNumber(j, "final_logit_softcapping", d.softcapFinal);

    c.eosIds = readIds(has(top, "eos_token_id") ? top["eos_token_id"] : (has(j, "eos_token_id") ? j["eos_token_id"] : json()));
    c.bosId = get<int>(top, "bos_token_id", get<int>(j, "bos_token_id", -1));
    if (has(top, "torch_dtype")) {
        c.storedDtype = top["torch_dtype"].get<std::string>();
    } else if (has(top, "dtype")) {
        c.storedDtype = top["dtype"].get<std::string>();
        c.dtypeKey = "dtype";
    } else if (has(j, "torch_dtype")) {
        c.storedDtype = j["torch_dtype"].get<std::string>();
    } else if (has(j, "dtype")) {
        c.storedDtype = j["dtype"].get<std::string>();
        c.dtypeKey = "dtype";
    }
    if (has(top, "quantization_config")) parseAwq(top["quantization_config"], c.awq, path);
    if (c.hasVision) parseVision(top, c.vision);
    return c;
}

ModelConfig loadModelConfig(const std::string& dir) {
    const fs::path root(dir);
    if (!fs::is_directory(root)) throw Error(dir, "not a folder (expected a Hugging Face model folder)");
    const fs::path cfg = root / "config.json";
    if (!fs::exists(cfg)) throw Error(cfg.string(), "missing: a model folder needs config.json");
    ModelConfig c = parseModelConfig(readJson(cfg), cfg.string());
    // Older AutoAWQ releases and other tools keep the quantization settings in their own file.
    for (const char* name : {"quant_config.json", "quantize_config.json"}) {
        const fs::path q = root / name;
        if (!c.awq.present && fs::exists(q)) parseAwq(readJson(q), c.awq, q.string());
    }
    const fs::path gen = root / "generation_config.json";
    if (fs::exists(gen)) {
        const json g = readJson(gen);
        if (has(g, "eos_token_id")) {
            for (int id : readIds(g["eos_token_id"]))
                if (std::find(c.eosIds.begin(), c.eosIds.end(), id) == c.eosIds.end()) c.eosIds.push_back(id);
        }
        if (c.bosId < 0) c.bosId = get<int>(g, "bos_token_id", -1);
    }
    return c;
}

}  // namespace medawq
