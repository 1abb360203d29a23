#include "jobs/run_info.h"

#include "formats/sha256.h"

#include <torch/version.h>

#include <chrono>
#include <ctime>
#include <filesystem>

namespace medawq {

nlohmann::json softwareVersions() {
    return {{"medawq", MEDAWQ_VERSION}, {"libtorch", TORCH_VERSION}, {"compiler", __VERSION__}};
}

nlohmann::json bytesOrNull(int64_t bytes) { return bytes >= 0 ? nlohmann::json(bytes) : nlohmann::json(nullptr); }

std::string utcNow() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

nlohmann::json quantizationInfo(const QuantizeParams& p, const ModelConfig& config, const QuantizeSummary& s,
                                const std::string& templateText, const nlohmann::json& layerReports,
                                const std::string& device) {
    using nlohmann::json;
    const bool awq = p.method == "awq";
    json calibration = nullptr;
    if (awq) {
        calibration = {{"file", std::filesystem::path(p.calibrationPath).filename().string()},
                       {"path", p.calibrationPath},
                       {"sha256", sha256File(p.calibrationPath)},
                       {"rows_read", s.rowsRead},
                       {"rows_used", s.rowsUsed},
                       {"tokens", s.calibrationTokens},
                       {"blocks", s.calibrationBlocks},
                       {"seqlen", p.seqlen},
                       {"seed", p.seed},
                       {"text_columns", p.textColumns},
                       {"prompt_file", p.promptFile},
                       {"prompt_template", templateText},
                       {"chat_template", p.chatTemplate},
                       {"truncate_long", p.truncateLong},
                       {"bos_per_block", p.bosPerBlock}};
        // Image calibration: how many conversations carried an image, how many rows lacked one.
        calibration["images"] = s.calibrationImages > 0
                                    ? json{{"used", s.calibrationImages}, {"rows_missing_image", s.rowsMissingImage}}
                                    : json(nullptr);
    }
    const char* stages[] = {"load_model", "prepare_calibration", "activation_statistics", "quantize_weights", "save"};
    json times = json::object();
    for (int i = 0; i < 5; ++i) times[stages[i]] = s.stageSeconds[size_t(i)];
    json info = {
        {"created", utcNow()},
        {"tool", "MedAWQ"},
        {"software", softwareVersions()},
        {"device", device},
        {"compute_dtype", p.dtype},
        {"source_model", {{"path", p.modelPath}, {"architecture", config.architecture}, {"family", familyName(config.family)}}},
        {"method", p.method},
        {"preset", p.preset},
        {"bits", p.bits},
        {"group_size", p.groupSize},
        {"zero_point", p.zeroPoint},
        {"format", s.fakeQuantized ? "fake-quantized 16-bit (no AWQ kernel runs 3-bit); weights are Q(W) in 16 bit"
                                   : "AutoAWQ GEMM"},
        {"fake_quantized", s.fakeQuantized},
        {"search", {{"grid_size", p.gridSize}, {"clip_search", awq && p.clipSearch}, {"identity_scale", p.identityScale},
                    {"zero_representable", p.zeroRepresentable}, {"quantized_propagation", p.quantizedPropagation},
                    {"qkv_group", p.qkvGroup != 0}}},
        {"calibration", calibration},
        {"stage_seconds", times},
        {"mean_group_loss", {{"rtn", s.meanLossRtn}, {"awq", s.meanLossAwq}}},
        {"peak_gpu_memory_bytes", {{"allocated", bytesOrNull(s.peakAllocatedBytes)},
                                   {"reserved", bytesOrNull(s.peakReservedBytes)},
                                   {"nvml_process", bytesOrNull(s.peakProcessBytes)}}},
        {"layers", layerReports},
        // Keys read by the users' existing notebooks (quantize_medgamma_awq.py's info file).
        {"original_model", p.modelPath},
        {"quantization_method", p.method == "awq" ? "AWQ" : "RTN"},
        {"config", {{"zero_point", p.zeroPoint}, {"q_group_size", p.groupSize}, {"w_bit", p.bits}, {"version", "GEMM"}}},
        {"num_calibration_samples", awq ? s.rowsUsed : 0},
        {"text_column", p.textColumns.empty() ? "" : p.textColumns.front()},
        {"prompt_template", templateText},
    };
    return info;
}

}  // namespace medawq
