// The transformers Gemma 3 multimodal fixture with its language model widened from hidden size
// 48 (which fits no AWQ group) to 64, with seeded random weights; the vision tower's tensors are
// copied. Tests that quantize a MedGemma-shaped model use it.
#pragma once

#include "test_support.h"

#include <medawq/errors.h>
#include <medawq/safetensors.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace medawq::test {

// Writes the widened checkpoint into `dir` (created) and returns `dir`.
inline std::string widenGemma3Multimodal(const std::string& dir) {
    const std::string src = fixturesDir() + "/models/gemma3_mm";
    std::filesystem::create_directories(dir);
    for (const char* f : {"tokenizer.model", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json"})
        std::filesystem::copy_file(src + "/" + f, dir + "/" + f, std::filesystem::copy_options::overwrite_existing);
    std::ifstream cfgIn(src + "/config.json");
    nlohmann::json cfg = nlohmann::json::parse(cfgIn);
    cfg["text_config"]["hidden_size"] = 64;
    std::ofstream(dir + "/config.json") << cfg.dump(2);
    const auto file = SafetensorsFile::open(src + "/model.safetensors");
    std::vector<TensorSpec> specs;
    std::vector<std::vector<uint16_t>> data;
    uint32_t state = 12345;
    for (const std::string& name : file->names()) {
        const TensorView v = file->tensor(name);
        TensorSpec spec{name, v.dtype, v.shape};
        const bool language = name.rfind("language_model.", 0) == 0 || name == "multi_modal_projector.mm_input_projection_weight";
        // 48 is the hidden size everywhere but in k/v's outputs (2 KV heads x 24).
        const bool kv = name.find("k_proj") != std::string::npos || name.find("v_proj") != std::string::npos;
        if (language)
            for (size_t i = kv ? 1 : 0; i < spec.shape.size(); ++i) spec.shape[i] = spec.shape[i] == 48 ? 64 : spec.shape[i];
        std::vector<uint16_t> bytes(size_t(tensorBytes(spec) / 2));
        if (!language) {
            std::memcpy(bytes.data(), v.data, v.nbytes);
        } else {
            for (uint16_t& b : bytes) {  // bf16 of uniform values in [-0.05, 0.05): weights, and norms near 0
                state = state * 1664525u + 1013904223u;
                const float x = (float(state >> 8) / float(1 << 24) - 0.5f) * 0.1f;
                uint32_t bits;
                std::memcpy(&bits, &x, 4);
                b = uint16_t(bits >> 16);
            }
        }
        specs.push_back(spec);
        data.push_back(std::move(bytes));
    }
    SafetensorsWriter w(dir + "/model.safetensors", specs);
    for (const auto& d : data) w.write(d.data(), d.size() * 2);
    w.finish();
    return dir;
}

}  // namespace medawq::test
