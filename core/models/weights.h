// Reads a decoder's weights by name from a checkpoint, checks their shapes against config.json,
// and brings them to the compute device. AWQ GEMM layers (qweight/qzeros/scales) are
// dequantized on the way (the CPU reference path), or, with keepAwqPacked(true), repacked into
// the W4A16 tile layout (kernels/w4a16.h) and kept 4-bit (the CUDA runtime).
#pragma once

#include "formats/model_config.h"
#include "models/decoder_layer.h"

#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace medawq {

class Checkpoint;

class WeightLoader {
public:
    WeightLoader(const Checkpoint& checkpoint, const ModelConfig& config, at::Device device, at::ScalarType dtype);

    // Keep AWQ layers packed (Linear::packed) instead of dequantizing them; layers whose shape
    // the W4A16 layout does not take are still dequantized.
    void keepAwqPacked(bool on) { m_keepPacked = on; }

    bool has(const std::string& name) const;
    at::Tensor raw(const std::string& name) const;  // as stored, on the CPU
    at::Tensor tensor(const std::string& name, std::vector<int64_t> shape) const;
    // The same, on `device` instead of the loader's (an embedding table that stays on the host).
    at::Tensor tensorOn(const std::string& name, std::vector<int64_t> shape, const at::Device& device) const;
    Linear linear(const std::string& name, int64_t out, int64_t in, bool bias) const;
    RmsNorm norm(const std::string& name, int64_t dim) const;
    DecoderLayer layer(int64_t index) const;

    // "model.", "language_model.model." (MedGemma as published) or "model.language_model."
    // (transformers 5); and the matching lm_head name.
    const std::string& prefix() const { return m_prefix; }
    const std::string& lmHeadName() const { return m_lmHead; }
    std::string layerPrefix(int64_t index) const { return m_prefix + "layers." + std::to_string(index) + "."; }

private:
    const Checkpoint& m_checkpoint;
    const ModelConfig& m_config;
    at::Device m_device;
    at::ScalarType m_dtype;
    bool m_keepPacked = false;
    std::string m_prefix;
    std::string m_lmHead;
};

}  // namespace medawq
