// One model's part of an evaluation: load it, generate a report for every case, then time a
// fixed-length speed pass, with peak GPU memory taken over the real generation. Models run one
// after another, each released (and the allocator's cache emptied) before the next loads.
#pragma once

#include "jobs/eval_cases.h"

#include <medawq/evaluate.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace medawq {

struct GeneratedReport {
    std::string text;                  // new tokens only, headers stripped when asked
    int64_t promptTokens = 0, newTokens = 0;
    double prefillSeconds = 0, decodeSeconds = 0;
    bool hitTokenLimit = false;        // stopped at max_new_tokens, not at end of turn
};

struct SpeedFigures {
    int prompts = 0;
    int newTokensEach = 0;
    int64_t prefillTokens = 0, decodeTokens = 0;
    double prefillSeconds = 0, decodeSeconds = 0;
    double prefillTokensPerSecond() const { return prefillSeconds > 0 ? prefillTokens / prefillSeconds : 0; }
    double decodeTokensPerSecond() const { return decodeSeconds > 0 ? decodeTokens / decodeSeconds : 0; }
};

struct ModelRun {
    std::string label;                 // "FP16", "AWQ W4 g128", ...
    std::string role;                  // original | quantized
    std::string path;
    std::string method;                // fp16 | awq | rtn | ... (from quantization_info.json when present)
    int bits = 16, groupSize = 0;
    std::string device, dtype, precision;
    int64_t sizeBytes = 0;             // *.safetensors on disk
    double loadSeconds = 0;
    std::vector<GeneratedReport> reports;
    double generationSeconds = 0;
    SpeedFigures speed;
    // Peak GPU memory over the generation pass, bytes; -1 = not measured (CPU / no NVML).
    int64_t peakAllocated = -1, peakReserved = -1, peakNvmlProcess = -1;
    int64_t allocatedAfterLoad = -1, reservedAfterLoad = -1;
};

using ModelProgress = std::function<bool(EvaluateStage stage, int64_t done, int64_t total, const std::string& message)>;

// Throws Cancelled when `progress` returns false.
ModelRun runModel(const std::string& path, const std::string& role, const EvalCases& cases, const EvaluateParams& params,
                  const ModelProgress& progress);

// "Findings:" / "Impression:" style section headers removed (the users' notebooks strip them).
std::string stripReportHeaders(const std::string& text);

// Sum of the sizes of the folder's *.safetensors files, bytes.
int64_t checkpointBytes(const std::string& directory);

}  // namespace medawq
