// AWQ (or RTN) for one decoder layer, on its calibration input: capture what each Linear sees,
// search the scales of every group on the original weights, fold them into the previous op,
// search clipping, quantize. The layer is left holding its quantized (dequantized) weights.
#pragma once

#include "formats/model_config.h"
#include "models/decoder_layer.h"
#include "quant/awq_search.h"
#include "quant/group_quantizer.h"

#include <ATen/ATen.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace medawq {

struct LayerQuantOptions {
    QuantSpec spec;
    bool searchScales = true;   // false: round-to-nearest baseline
    bool searchClip = true;
    bool qkvGroup = true;       // scale q/k/v against input_layernorm (llm-compressor drops it for Gemma 3)
    ScaleSearchOptions scale;
    ClipSearchOptions clip;
    int64_t batchChunk = 16;    // calibration blocks per module call (bounds attention memory)
    // Image calibration (Gemma 3 multimodal): the image-token run of every block, attended both ways.
    ImageBlocks images;
};

struct GroupReport {
    std::string name;           // e.g. "self_attn.q_proj,k_proj,v_proj"
    double ratio = 0;
    double lossBefore = 0;      // module output MSE with s = 1 (RTN)
    double lossAfter = 0;       // with the chosen scales
    bool fellBack = false;
};

struct LayerReport {
    int64_t index = 0;
    std::vector<GroupReport> groups;
    std::map<std::string, at::Tensor> scales;   // group name -> chosen scales (for checks)
    std::map<std::string, at::Tensor> clipMax;  // linear name -> [N, K/g] best max
};

// Names of the seven Linears relative to the layer prefix, in checkpoint order.
const std::vector<std::string>& layerLinearNames();
Linear& layerLinear(DecoderLayer& layer, const std::string& name);

// `x`: the layer's input [B, T, hidden] (undefined for RTN). `quantized` receives codes/scales/
// zeros per Linear name. `poll(statisticsDone)` is called between steps (true once the layer's
// activation statistics are gathered); when it returns true, Cancelled is thrown.
// `originalOutput` receives the layer's output before any change (AutoAWQ's next-layer input),
// from the same forward pass that gathers the statistics.
LayerReport quantizeLayer(const ModelConfig& config, DecoderLayer& layer, int64_t index, const at::Tensor& x,
                          const RopeTables& rope, const LayerQuantOptions& options,
                          std::map<std::string, GroupQuantized>& quantized, const std::function<bool(bool)>& poll,
                          at::Tensor* originalOutput = nullptr);

// The layer's output for input x, computed in chunks of blocks (no KV cache kept).
at::Tensor runLayer(const ModelConfig& config, const DecoderLayer& layer, const at::Tensor& x, const RopeTables& rope,
                    int64_t batchChunk, LayerTaps* taps = nullptr, const ImageBlocks& images = {});

}  // namespace medawq
