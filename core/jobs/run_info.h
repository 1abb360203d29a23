// quantization_info.json: every parameter, the calibration file's name and SHA-256, rows used,
// per-stage wall time, per-layer losses, software versions, device; plus the keys the users'
// own tooling reads (original_model, quantization_method, config.{zero_point, q_group_size,
// w_bit, version}, num_calibration_samples, text_column, prompt_template).
#pragma once

#include <medawq/quantize.h>

#include "formats/model_config.h"

#include <nlohmann/json.hpp>

namespace medawq {

nlohmann::json softwareVersions();
// A byte count, or null for "not measured" (negative): never a 0 that reads as a measurement.
nlohmann::json bytesOrNull(int64_t bytes);
std::string utcNow();  // ISO 8601, e.g. 2026-11-25T07:40:00Z
nlohmann::json quantizationInfo(const QuantizeParams& p, const ModelConfig& config, const QuantizeSummary& summary,
                                const std::string& templateText, const nlohmann::json& layerReports,
                                const std::string& device);

}  // namespace medawq
