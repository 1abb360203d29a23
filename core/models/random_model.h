// Models with random weights built straight on the device, for the benchmark: the published
// shapes of the families MedAWQ serves, without a checkpoint on disk. Weights are never zeros
// (a zero weight would let hardware or kernels skip work and flatter the numbers).
#pragma once

#include "formats/model_config.h"
#include "models/decoder.h"

#include <memory>
#include <string>
#include <vector>

namespace medawq {

// config.json content of a named shape (mistral-7b, gemma3-4b, gemma3-27b: the text decoder of
// MedGemma 4B / 27B); throws Error for an unknown name.
ModelConfig benchShapeConfig(const std::string& shape);
std::vector<std::string> benchShapeNames();

// 16-bit Linears (dtype), or AWQ 4-bit Linears in the W4A16 tile layout with random codes,
// scales and zero points (group `groupSize`) when `awq`.
std::unique_ptr<DecoderModel> randomDecoder(const ModelConfig& config, at::Device device, at::ScalarType dtype, bool awq,
                                            int64_t groupSize, uint64_t seed);

}  // namespace medawq
