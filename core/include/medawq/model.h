// What a model folder holds, without loading its weights: architecture, sizes, dtypes, whether
// it is already AWQ. Cheap (reads config.json and safetensors headers only); thread-safe.
//
//   medawq::ModelInfo info = medawq::inspectModel("resources/demo/model");
//   std::cout << medawq::formatModelInfo(info);
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace medawq {

struct ModelInfo {
    std::string directory;
    std::string architecture;      // e.g. "Gemma3ForCausalLM"
    std::string family;            // llama, mistral, gemma, gemma2, gemma3, gemma3-multimodal
    int64_t numLayers = 0;
    int64_t hiddenSize = 0;
    int64_t vocabSize = 0;
    int64_t parameterCount = 0;    // elements as stored (packed AWQ weights counted unpacked)
    std::map<std::string, int64_t> bytesByDtype;  // stored tensor bytes per dtype
    uint64_t diskBytes = 0;        // sum of the *.safetensors files
    // Weights a GPU run holds: all in 16 bit; or the decoder linears at 4 bit g128 + fp16 scales
    // and zeros, the rest 16 bit. Neither counts an untied embedding table, which a CUDA run keeps
    // in pinned host memory (embeddingOnHostBytes; 0 when the lm_head shares the table).
    uint64_t estimatedFp16Bytes = 0;
    uint64_t estimatedInt4Bytes = 0;
    uint64_t embeddingOnHostBytes = 0;
    bool isAwq = false;
    int awqBits = 0;
    int awqGroupSize = 0;
    std::string storedDtype;       // config's torch_dtype / dtype
    bool hasVision = false;
};

// Throws medawq::Error naming the file on any problem (missing config, unknown architecture,
// corrupt safetensors header, pickle-only checkpoint).
ModelInfo inspectModel(const std::string& directory);

// Multi-line human-readable summary with units.
std::string formatModelInfo(const ModelInfo& info);

}  // namespace medawq

namespace medawq {

// Writes every decoder Linear's weight as this runtime uses it (AWQ layers dequantized) to a
// float32 safetensors file, under "<name>.weight": how a checkpoint's decoding is checked
// against an independent reader.
void exportDenseWeights(const std::string& directory, const std::string& outputPath);

}  // namespace medawq
