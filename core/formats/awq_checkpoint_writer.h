// Writes an AutoAWQ "GEMM" checkpoint (shared/AWQ.md): per quantized Linear `qweight` I32
// [K, N/8], `qzeros` I32 [K/g, N/8], `scales` F16 [K/g, N]; everything else in 16 bit under the
// source's own names (vision tower and projector copied bit for bit); config.json with
// quantization_config; tokenizer, chat template, processor and generation files copied.
// Layers are streamed to disk as they are quantized, so the model is never held in memory.
#pragma once

#include "formats/model_config.h"
#include "models/decoder_layer.h"
#include "quant/group_quantizer.h"

#include <medawq/safetensors.h>

#include <ATen/ATen.h>

#include <map>
#include <memory>
#include <string>

namespace medawq {

class WeightLoader;

struct AwqOutputOptions {
    QuantSpec spec;
    bool fakeQuantized = false;          // 3-bit: dense 16-bit weights, no quantization_config
    at::ScalarType dtype = at::kHalf;    // bfloat16 for Gemma 2/3
    std::vector<std::string> modulesToNotConvert;
    uint64_t maxShardBytes = ShardedCheckpointWriter::kDefaultMaxShardBytes;
};

class AwqCheckpointWriter {
public:
    AwqCheckpointWriter(const std::string& directory, const ModelConfig& config, const Checkpoint& source,
                        const WeightLoader& names, const AwqOutputOptions& options);
    // Layers must come in order 0..L-1.
    void writeLayer(int64_t index, const DecoderLayer& layer, const std::map<std::string, GroupQuantized>& quantized);
    // Writes every other tensor, config.json and the copied files.
    void finish(const std::string& sourceDirectory);
    uint64_t bytesWritten() const { return m_writer->bytesWritten(); }
    uint64_t totalBytes() const { return m_writer->totalBytes(); }

private:
    void writeTensor(const at::Tensor& t, DType dtype);
    std::vector<std::pair<std::string, DType>> m_rest;  // non-layer tensors and their output dtype, in write order
    std::string m_directory;
    const ModelConfig& m_config;
    const Checkpoint& m_source;
    std::string m_prefix;
    AwqOutputOptions m_options;
    std::unique_ptr<ShardedCheckpointWriter> m_writer;
};

// True for files a quantized checkpoint copies from its source unchanged.
bool isCopiedModelFile(const std::string& fileName);

}  // namespace medawq
