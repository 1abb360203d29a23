// The users' JSON configuration file (config_example.json of their scripts):
// quantization.{bits, group_size, zero_point, version}, calibration.{data_path, num_samples,
// random_seed, text_column}, model.{original_model_path, quantized_model_path},
// generation.{prompt_file, prompt_template, max_new_tokens, temperature, top_p, do_sample},
// evaluation.{eval_data_path, num_eval_samples, metrics, radgraph_model}.
// Every key is honoured, or named: informational keys ("comment", "hardware", "notes",
// quantization.method) are listed as ignored with the reason; any other key is an error.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace medawq {

struct UserConfig {
    std::optional<int> bits, groupSize;
    std::optional<bool> zeroPoint;
    std::optional<std::string> version, method;
    std::optional<std::string> dataPath, textColumn;
    std::optional<long> numSamples;
    std::optional<unsigned long long> randomSeed;
    std::optional<std::string> originalModelPath, quantizedModelPath;
    std::optional<std::string> promptFile, promptTemplate;
    std::optional<int> maxNewTokens;
    std::optional<double> temperature, topP;
    std::optional<bool> doSample;
    std::optional<std::string> evalDataPath, radgraphModel;
    std::optional<long> numEvalSamples;
    std::vector<std::string> metrics;
    std::vector<std::string> ignored;  // "model.trust_remote_code: MedAWQ never runs code from a model folder"
};

// Throws Error(path, "unknown key 'x.y' ...") or Error(path, "'x.y' must be a number").
UserConfig readUserConfig(const std::string& path);

}  // namespace medawq
