// The quantize job: five stages (load model, prepare calibration data, activation statistics,
// quantize weights, save) from a Hugging Face checkpoint to an AutoAWQ "GEMM" checkpoint plus
// quantization_info.json. Decoder layers come to the device one at a time.
//
//   medawq::QuantizeParams p;
//   p.modelPath = "resources/demo/model"; p.outputPath = "out/demo-awq";
//   p.calibrationPath = "resources/demo/data/calibration.csv";
//   medawq::QuantizeSummary s = medawq::runQuantize(p,
//       [](const medawq::QuantizeProgress& pr) { return !userPressedCancel; },
//       [](const std::string& line) { std::cerr << line << "\n"; });
//
// runQuantize blocks; call it on a worker thread. The progress callback runs on that thread;
// returning false cancels within about a second (Cancelled is thrown, nothing is left behind).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace medawq {

struct QuantizeParams {
    std::string modelPath;
    std::string outputPath;
    bool overwrite = false;
    // Calibration data: CSV, XLSX, JSONL or TXT; the text column(s) joined by newlines, or a
    // prompt template whose {column} placeholders are filled from each row.
    std::string calibrationPath;
    std::vector<std::string> textColumns = {"text"};
    std::string promptFile;        // template file
    std::string promptTemplate;    // inline template (used when promptFile is empty)
    bool chatTemplate = false;     // wrap each row in the model's chat format
    // Gemma 3 multimodal models (MedGemma): the image column of the table ("" = Image_Path when
    // the table has it, "none" = text only). Each row becomes a conversation: the user turn holds
    // the image and the template's text, the model turn the text columns' text; the vision tower
    // (16-bit, never quantized) supplies the image tokens' features. Paths are absolute or
    // relative to the table's folder; rows whose image is missing are skipped and counted.
    std::string imageColumn;
    int64_t numSamples = 500;
    int64_t seqlen = 512;
    int64_t maxBlocks = 0;         // 0: all full blocks
    uint64_t seed = 42;
    // Quantization
    std::string method = "awq";    // awq | rtn
    int bits = 4;                  // 4, or 3 (saved fake-quantized in 16 bit)
    int64_t groupSize = 128;
    bool zeroPoint = true;
    int gridSize = 20;
    bool clipSearch = true;
    std::string device = "cpu";
    // Compute dtype of the searches: auto = float32 on CPU; on CUDA bfloat16 for Gemma 2/3
    // (fp16 overflows) and float16 otherwise, as AutoAWQ does.
    std::string dtype = "auto";
    std::string preset = "medawq"; // medawq | autoawq (reproduces AutoAWQ's choices exactly)
    // Improvements over AutoAWQ (the "medawq" preset's defaults; "autoawq" turns them off)
    bool identityScale = false;    // measured not to help (BENCHMARKS.md, "AWQ flags"); a flag to try
    bool zeroRepresentable = false;
    bool quantizedPropagation = false;
    bool truncateLong = true;
    bool bosPerBlock = true;
    int qkvGroup = -1;             // -1: family default (on), 0: off, 1: on
    // For verification: per layer, the layer's input, the chosen scales and clip thresholds
    // (layer_<i>.safetensors) and the calibration ids, written here.
    std::string dumpSearchDir;
};

enum class QuantizeStage { LoadModel = 0, PrepareCalibration, ActivationStatistics, QuantizeWeights, Save };
const char* stageName(QuantizeStage stage);

struct QuantizeProgress {
    QuantizeStage stage = QuantizeStage::LoadModel;
    double fraction = 0;           // of this stage, 0..1
    int layer = 0;                 // 1-based layer being processed (stages 3, 4)
    int layers = 0;
    double stageElapsed = 0;       // seconds
    double etaSeconds = -1;        // -1: unknown
    std::string message;
};

using QuantizeProgressCallback = std::function<bool(const QuantizeProgress&)>;
using LogCallback = std::function<void(const std::string&)>;

struct QuantizeSummary {
    std::string outputPath;
    std::array<double, 5> stageSeconds{};
    int64_t rowsRead = 0, rowsUsed = 0, calibrationTokens = 0, calibrationBlocks = 0;
    int64_t calibrationImages = 0, rowsMissingImage = 0;  // image calibration only
    double meanLossRtn = 0;        // per-group module output MSE with s = 1, averaged
    double meanLossAwq = 0;        // with the chosen scales
    bool fakeQuantized = false;    // 3-bit: saved as 16-bit weights
    // Peak GPU memory over the whole job, bytes; -1 when not measured (CPU, or no NVML).
    int64_t peakAllocatedBytes = -1;  // tensors, from the caching allocator
    int64_t peakReservedBytes = -1;   // what the allocator took from the driver
    int64_t peakProcessBytes = -1;    // this process as NVML lists it (nvidia-smi's number)
};

QuantizeSummary runQuantize(const QuantizeParams& params, const QuantizeProgressCallback& progress,
                            const LogCallback& log);

// Applies a preset's choices to params ("autoawq" or "medawq"); throws Error on an unknown name.
void applyPreset(QuantizeParams& params, const std::string& preset);

}  // namespace medawq
