// config.json of the decoder families MedAWQ runs, normalised into one struct. Reads both key
// styles: transformers 4 (rope_scaling, rope_theta, torch_dtype) and 5 (rope_parameters, dtype),
// and Gemma 3 multimodal configs (text_config + vision_config). Missing keys take the defaults
// of the family's transformers config class, because published configs omit keys that equal them
// (MedGemma's text_config lists almost nothing).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace medawq {

enum class Family { Llama, Mistral, Gemma, Gemma2, Gemma3, Gemma3Multimodal };

const char* familyName(Family f);

struct RopeParams {
    std::string type = "default";  // default | linear | dynamic | llama3
    double theta = 10000.0;
    double factor = 1.0;
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    int64_t originalMaxPositions = 0;
};

struct AwqConfig {
    bool present = false;
    int bits = 4;
    int groupSize = 128;
    bool zeroPoint = true;
    std::string version = "gemm";
    std::vector<std::string> modulesToNotConvert;
};

// Gemma 3's SigLIP vision tower and multi-modal projector (vision_config and the top level of a
// Gemma3ForConditionalGeneration config). Missing keys take SiglipVisionConfig's and
// Gemma3Config's defaults, as transformers does.
struct VisionConfig {
    int64_t imageSize = 224;
    int64_t patchSize = 16;
    int64_t hiddenSize = 768;
    int64_t intermediateSize = 3072;
    int64_t numLayers = 12;
    int64_t numHeads = 12;
    int64_t numChannels = 3;
    double layerNormEps = 1e-6;
    std::string activation = "gelu_pytorch_tanh";
    int64_t tokensPerImage = 256;  // mm_tokens_per_image: the patch grid is average-pooled to this
    int imageTokenId = 262144;     // image_token_index: the run of these ids receives the image features
    int boiTokenId = 255999;       // <start_of_image>
    int eoiTokenId = 256000;       // <end_of_image>
    int64_t patchesPerSide() const { return patchSize > 0 ? imageSize / patchSize : 0; }
    std::string problem() const;  // "" when the tower and projector geometry is usable
};

struct ModelConfig {
    std::string path;               // the config.json it came from
    std::string architecture;
    Family family = Family::Llama;

    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;
    int64_t maxPositions = 0;
    double rmsNormEps = 1e-6;
    std::string activation = "silu";  // silu | gelu_pytorch_tanh | gelu
    bool attentionBias = false;
    bool mlpBias = false;
    bool tieWordEmbeddings = false;

    RopeParams ropeGlobal;           // full-attention layers (all layers outside Gemma 3)
    RopeParams ropeLocal;            // Gemma 3 sliding layers
    int64_t slidingWindow = 0;       // 0: none
    std::vector<bool> layerIsSliding;

    // Gemma specifics
    bool gemmaNorms = false;         // RMSNorm multiplies by (1 + w), computed in fp32
    bool scaleEmbeddings = false;    // embeddings * sqrt(hidden), rounded to the model dtype
    bool sandwichNorms = false;      // post_attention / pre_ / post_feedforward norms (Gemma 2, 3)
    bool qkNorm = false;             // Gemma 3
    double queryPreAttnScalar = 0;   // 0: head_dim
    double attnLogitSoftcap = 0;     // 0: none
    double finalLogitSoftcap = 0;

    std::vector<int> eosIds;
    int bosId = -1;
    std::string storedDtype;         // float32 | float16 | bfloat16
    std::string dtypeKey = "torch_dtype";

    AwqConfig awq;
    bool hasVision = false;
    VisionConfig vision;             // meaningful when hasVision
    nlohmann::json raw;              // the whole file, for writing back with changes

    double attentionScale() const;
    // Gemma 2 and 3 activations overflow float16: they run and are saved in bfloat16.
    bool overflowsFloat16() const;
};

// Throws medawq::Error(path, problem) for missing/invalid files and unknown architectures.
ModelConfig loadModelConfig(const std::string& modelDirectory);
ModelConfig parseModelConfig(const nlohmann::json& j, const std::string& path);

}  // namespace medawq
