// `medawq bench`: how fast the engine prefills and decodes, how close that is to the GPU's
// memory-bandwidth limit, and how much GPU memory it holds. A model folder, or a named shape
// (mistral-7b, gemma3-4b, gemma3-27b) built in memory with random weights (never zeros), as
// 16-bit or 4-bit AWQ (group 128). A benchmark, not a test: the numbers go to BENCHMARKS.md.
//
//   medawq::BenchParams p;
//   p.shape = "mistral-7b";
//   nlohmann::json r = medawq::runBench(p, log);
//   std::puts(medawq::formatBench(r, "md").c_str());
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace medawq {

struct BenchParams {
    std::string modelDir;            // a checkpoint folder, or
    std::string shape;               // mistral-7b | gemma3-4b | gemma3-27b
    std::string quant = "awq";       // shapes only: awq | bf16
    int64_t prompt = 512;            // prompt tokens (random ids)
    int64_t newTokens = 256;         // decoded tokens per run (EOS ignored)
    int64_t batch = 1;
    int repeats = 3;
    std::string device = "cuda";
    uint64_t seed = 1234;
    // After the timed runs, one more run of traceTokens new tokens under the Kineto profiler
    // (CUDA builds), written here as a Chrome trace: every kernel of every decode step, with
    // its start and duration (tests/gpu/trace_budget.py sums them into a per-step budget).
    std::string tracePath;
    int64_t traceTokens = 32;
};

// Shape names runBench takes.
std::vector<std::string> benchShapes();

// {"model": {...}, "gpu": {...}, "runs": [{prefill_s, decode_s, ...}], "summary": {...}}.
nlohmann::json runBench(const BenchParams& params, const std::function<void(const std::string&)>& log);

// md | csv | json.
std::string formatBench(const nlohmann::json& result, const std::string& format);

}  // namespace medawq
