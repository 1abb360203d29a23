// FP16 vs AWQ (vs RTN, other bit widths) as one reproducible run: the same prompts through every
// model, one model at a time, the reports scored against the reference report and against the
// original model's report, speed and GPU memory measured the same way for each, every figure
// with n and a bootstrap 95% interval, and the paired change against the original model.
//
//   medawq::EvaluateParams p;
//   p.originalModel = "resources/demo/model";
//   p.quantizedModels = {"runs/demo-awq", "runs/demo-rtn"};
//   p.evalDataPath = "resources/demo/data/eval.csv";
//   p.promptFile = "resources/demo/data/prompt.txt";
//   nlohmann::json results = medawq::runEvaluate(p, progress, log);   // also written to outputDir
//
// The run folder (written to a temporary folder, renamed into place when complete):
//   results.json            every figure, the whole configuration, software versions
//   per_sample.csv          one row per case: every model's scores
//   reports.jsonl           one line per case: prompt, reference, each model's report and scores
//   evaluation_results.json the users' evaluate_awq_model.py layout (their notebooks read it)
//   generated_reports.csv   ground_truth, original_model, quantized_model (first quantized model)
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace medawq {

struct EvaluateParams {
    std::string originalModel;
    std::vector<std::string> quantizedModels;
    std::string evalDataPath;
    std::string outputDir = "./evaluation_results";
    bool overwrite = false;
    int64_t numSamples = 100;          // rows drawn with `seed`; 0 or more than the table: all rows
    uint64_t seed = 42;
    // The prompt: a template file or text with {column} placeholders (required; a template that
    // would show the model its reference is refused, naming the column).
    std::string promptFile, promptText;
    // The reference report: referenceColumn when given, else textColumn (the users' scripts score
    // against --text_column) when the table has it, else the first of Ground_Truth, ground_truth,
    // reference, report, findings; none = scored against the original model only.
    std::string textColumn = "text";
    std::string referenceColumn;
    // The image of each case (Gemma 3 multimodal models: one user turn holding the image, then
    // the prompt): imageColumn when given, else Image_Path when the table has it; "none" = text
    // only. Paths are absolute or relative to the table's folder; a case whose image is missing
    // is reported by row and path, skipped and counted (results.json data.rows_skipped_missing_image).
    std::string imageColumn;
    bool chatTemplate = true;          // wrap each prompt in the model's chat turn (the users' scripts do)
    int maxNewTokens = 256;
    bool doSample = false;
    float temperature = 1.0f, topP = 1.0f;
    uint64_t sampleSeed = 0;
    bool stripHeaders = false;         // drop "Findings:"/"Impression:" headers before scoring
    std::string device = "auto";       // auto = cuda when available, else cpu
    std::string dtype = "auto";
    // Speed: after one warm-up generation, `speedPrompts` prompts each generate exactly
    // `speedNewTokens` tokens (EOS ignored), prefill and decode timed separately.
    int speedPrompts = 5;
    int speedNewTokens = 0;            // 0 = maxNewTokens
    // Metrics.
    std::string radgraphModel = "radgraph-xl";  // the users' radgraph model_type; "" = skip RadGraph
    std::string radgraphRule = "0.1.18";        // "0.1.18" (released, case-sensitive) | "head" (lower-cased)
    std::string uncertainAs = "positive";       // CheXpert-phrase labels: uncertain counts as positive | negative
    // Simulated activation quantization of the quantized models (accuracy only): w4a16 | w4a8 | w4a4.
    std::string precision = "w4a16";
    bool perTokenActivations = false;
    int bootstrapResamples = 500;
    uint64_t bootstrapSeed = 20261125;
};

enum class EvaluateStage { Prepare = 0, LoadModel, Generate, Speed, Score, Save };
const char* evaluateStageName(EvaluateStage stage);

struct EvaluateProgress {
    EvaluateStage stage;
    int model = 0, models = 0;         // 1-based model index during per-model stages
    std::string modelLabel;
    int64_t done = 0, total = 0;       // cases (Generate), prompts (Speed), ...
    double elapsedSeconds = 0;
    double etaSeconds = -1;            // -1 = unknown
    std::string message;
};
// Return false to cancel (the run stops within one generated token and leaves no output).
using EvaluateProgressCallback = std::function<bool(const EvaluateProgress&)>;
using EvaluateLogCallback = std::function<void(const std::string&)>;

nlohmann::json runEvaluate(const EvaluateParams& params, const EvaluateProgressCallback& progress,
                           const EvaluateLogCallback& log);

// results.json of an earlier run (throws Error naming the file when it is missing or not ours).
nlohmann::json readEvaluationRun(const std::string& runDirectory);

// Scores reports that already exist (the users' evaluate_f1_radgraph_csv.py): every row's
// hypothesis against its reference. Writes the table back as CSV with one column per metric
// (default <input>_with_scores.csv) and returns the corpus figures with their intervals. A row
// with an empty reference or report is listed by row number and left unscored, never zeroed.
struct ScoreParams {
    std::string inputPath, outputPath;
    std::string refColumn = "Ground_Truth", hypColumn = "Generated_Report";
    std::string radgraphModel = "radgraph-xl";   // "" = skip
    std::string radgraphRule = "0.1.18";
    std::string uncertainAs = "positive";
    bool stripHeaders = false;
    int bootstrapResamples = 500;
    uint64_t bootstrapSeed = 20261125;
};
nlohmann::json runScore(const ScoreParams& params, const EvaluateLogCallback& log);
std::string formatScoreSummary(const nlohmann::json& scores);

// The summary table of a run's results: per model, each F1 metric with three decimals and its
// signed change against the original model, tok/s, peak GPU memory, size on disk. Markdown.
std::string formatEvaluationSummary(const nlohmann::json& results);

}  // namespace medawq
