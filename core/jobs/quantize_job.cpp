// The five-stage quantize job. One error boundary: any failure removes the temporary output.
#include <medawq/errors.h>
#include <medawq/quantize.h>
#include <medawq/safetensors.h>
#include <medawq/table.h>
#include <medawq/tokenizer.h>

#include "formats/awq_checkpoint_writer.h"
#include "formats/model_config.h"
#include "formats/sha256.h"
#include "jobs/calibration_texts.h"
#include "jobs/eval_cases.h"
#include "jobs/image_calibration.h"
#include "jobs/output_folder.h"
#include "jobs/run_info.h"
#include "jobs/stage_clock.h"
#include "models/decoder.h"
#include "models/device.h"
#include "models/device_memory.h"
#include "models/layer_prefetch.h"
#include "models/tensor_io.h"
#include "models/vision_tower.h"
#include "models/weights.h"
#include "quant/awq_layer.h"
#include "quant/calibration_set.h"
#include "quant/profile.h"
#include "vision/gemma3_image_processor.h"

#include <medawq/image.h>

#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace medawq {

const char* stageName(QuantizeStage s) {
    switch (s) {
    case QuantizeStage::LoadModel: return "Load model";
    case QuantizeStage::PrepareCalibration: return "Prepare calibration data";
    case QuantizeStage::ActivationStatistics: return "Activation statistics";
    case QuantizeStage::QuantizeWeights: return "Quantize weights";
    case QuantizeStage::Save: return "Save";
    }
    return "?";
}

void applyPreset(QuantizeParams& p, const std::string& preset) {
    if (preset == "autoawq") {
        // AutoAWQ 0.2.9's choices, so results can be compared with it one to one.
        p.identityScale = false;
        p.zeroRepresentable = false;
        p.quantizedPropagation = false;
        p.truncateLong = false;
        p.bosPerBlock = false;
        p.chatTemplate = false;
        p.gridSize = 20;
        p.clipSearch = true;
        p.maxBlocks = 0;
    } else if (preset == "medawq") {
        // The fixes of AutoAWQ's calibration faults; the flags that did not measure better
        // (identity scale, zero representable, quantized propagation, chat template) stay off.
        p.identityScale = false;
        p.truncateLong = true;
        p.bosPerBlock = true;
    } else {
        throw Error("--preset " + preset, "unknown preset (medawq, autoawq)");
    }
    p.preset = preset;
}

namespace {

// Progress per stage; stages 3 and 4 alternate per layer, each with its own clock.
class Reporter {
public:
    Reporter(const QuantizeProgressCallback& cb, const LogCallback& log) : m_cb(cb), m_log(log) {}
    void begin(QuantizeStage s, const std::string& message) {
        m_started[int(s)] = true;
        m_clocks[int(s)].start();
        log(std::string("[") + stageName(s) + "] " + message);
        report(s, 0, 0, 0, message);
    }
    // Throws Cancelled when the callback says stop.
    void report(QuantizeStage s, double fraction, int layer, int layers, const std::string& message = {}) {
        if (!m_started[int(s)]) {
            m_started[int(s)] = true;
            m_clocks[int(s)].start();
        }
        if (!m_cb) return;
        QuantizeProgress p;
        p.stage = s;
        p.fraction = fraction;
        p.layer = layer;
        p.layers = layers;
        p.stageElapsed = m_clocks[int(s)].elapsed();
        p.etaSeconds = m_clocks[int(s)].eta(fraction);
        p.message = message;
        if (!m_cb(p)) throw Cancelled();
    }
    double elapsed(QuantizeStage s) const { return m_clocks[int(s)].elapsed(); }
    void log(const std::string& line) const {
        if (m_log) m_log(line);
    }

private:
    const QuantizeProgressCallback& m_cb;
    const LogCallback& m_log;
    StageClock m_clocks[5];
    bool m_started[5] = {};
};

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

void dumpTensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
    std::vector<TensorSpec> specs;
    std::vector<at::Tensor> data;
    for (const auto& [name, t] : tensors) {
        at::Tensor c = t.to(at::kCPU).contiguous();
        if (c.is_floating_point()) c = c.to(at::kFloat);
        specs.push_back({name, toDType(c.scalar_type()), c.sizes().vec()});
        data.push_back(c);
    }
    fs::create_directories(fs::path(path).parent_path());
    SafetensorsWriter w(path, specs);
    for (const at::Tensor& c : data) w.write(c.data_ptr(), size_t(c.numel()) * c.element_size());
    w.finish();
}

void dumpLayerSearch(const std::string& dir, int index, const at::Tensor& input, const LayerReport& r) {
    std::vector<std::pair<std::string, at::Tensor>> t = {{"input", input}};
    for (const auto& [group, s] : r.scales) t.push_back({"scales/" + group, s});
    for (const GroupReport& g : r.groups) t.push_back({"ratio/" + g.name, at::scalar_tensor(g.ratio, at::kFloat)});
    for (const auto& [name, m] : r.clipMax) t.push_back({"clip/" + name, m});
    dumpTensors(dir + "/layer_" + std::to_string(index) + ".safetensors", t);
}

}  // namespace

QuantizeSummary runQuantize(const QuantizeParams& params, const QuantizeProgressCallback& progress,
                            const LogCallback& logCallback) {
    QuantizeParams p = params;
    Reporter rep(progress, logCallback);
    QuantizeSummary summary;
    const bool awq = p.method == "awq";
    if (!awq && p.method != "rtn") throw Error("--method " + p.method, "unknown method (awq, rtn)");
    if (p.bits != 4 && p.bits != 3) throw Error("--w_bit " + std::to_string(p.bits), "supported widths are 4 and 3 bits");
    if (p.groupSize != 32 && p.groupSize != 64 && p.groupSize != 128)
        throw Error("--group_size " + std::to_string(p.groupSize), "supported group sizes are 32, 64 and 128");

    // 1. Load model (lazily: config, memory-mapped weights, tokenizer, embeddings).
    rep.begin(QuantizeStage::LoadModel, "opening " + p.modelPath);
    const ModelConfig config = loadModelConfig(p.modelPath);
    if (config.awq.present) throw Error(p.modelPath, "this checkpoint is already AWQ-quantized");
    const Checkpoint checkpoint = Checkpoint::open(p.modelPath);
    std::unique_ptr<Tokenizer> tokenizer = Tokenizer::fromModelDirectory(p.modelPath);
    const at::Device device = parseDevice(p.device);
    // Searches run in float32 on the CPU; on CUDA in bfloat16 for Gemma 2/3 (fp16 overflows)
    // and float16 elsewhere, as AutoAWQ does.
    const bool gemma23 = config.overflowsFloat16();
    at::ScalarType computeType = device.is_cpu() ? at::kFloat : (gemma23 ? at::kBFloat16 : at::kHalf);
    if (p.dtype != "auto") computeType = parseDtypeName(p.dtype, "--dtype");
    if (computeType == at::kHalf && gemma23)
        throw Error("--dtype float16", std::string(familyName(config.family)) + " overflows float16; use bfloat16 or float32");
    OutputFolder output(p.outputPath, p.overwrite);
    const int deviceIndex = device.is_cuda() ? std::max<int>(0, device.index()) : -1;
    PeakMemoryWatch peakMemory(deviceIndex);
    WeightLoader loader(checkpoint, config, device, computeType);
    DecoderInputs inputs(config, loader.tensor(loader.prefix() + "embed_tokens.weight", {config.vocabSize, config.hiddenSize}));
    rep.report(QuantizeStage::LoadModel, 1.0, 0, 0, config.architecture + ", " + std::to_string(config.numLayers) + " layers");
    summary.stageSeconds[0] = rep.elapsed(QuantizeStage::LoadModel);

    // 2. Calibration data.
    rep.begin(QuantizeStage::PrepareCalibration, awq ? "reading " + p.calibrationPath : "not needed for RTN");
    CalibrationBlocks calib;
    CalibrationTexts texts;
    ImageCalibration images;
    std::string imageColumn;
    if (awq) {
        if (p.calibrationPath.empty()) throw Error("--calibration_data", "AWQ needs calibration data (or use --method rtn)");
        const Table table = readTable(p.calibrationPath);
        imageColumn = findImageColumn(table, p.imageColumn);
        if (!imageColumn.empty() && !config.hasVision) {
            if (!p.imageColumn.empty())
                throw Error(p.modelPath, "--image_column " + p.imageColumn + ": this model (" + familyName(config.family) +
                                             ") has no vision tower");
            rep.log("  note: the table's " + imageColumn + " column is ignored: the model takes no images");
            imageColumn.clear();
        }
        if (!imageColumn.empty()) {
            ImageCalibrationOptions io{imageColumn, p.textColumns, p.promptFile, p.promptTemplate, p.numSamples,
                                       p.seed, p.seqlen, p.maxBlocks};
            images = buildImageCalibration(table, config, *tokenizer, io);
            for (const std::string& w : images.warnings) rep.log("  warning: " + w);
            texts.templateText = images.templateText;
            calib.ids = images.ids;
            summary.rowsRead = images.rowsRead;
            summary.rowsUsed = images.rowsUsed;
            summary.calibrationBlocks = images.ids.size(0);
            summary.calibrationTokens = images.ids.numel();
            summary.calibrationImages = int64_t(images.imagePaths.size());
            summary.rowsMissingImage = images.rowsMissingImage;
            std::ostringstream m;
            m << images.rowsRead << " rows read, " << images.rowsDrawn << " drawn (seed " << p.seed << "), "
              << images.rowsMissingImage << " skipped for a missing image, " << images.rowsUsed
              << " image conversations used (column " << imageColumn << "), " << images.truncated << " truncated; "
              << summary.calibrationTokens << " tokens in " << summary.calibrationBlocks << " blocks of " << p.seqlen
              << " (" << images.fillerTokens << " of them other rows' text filling short blocks)";
            rep.log("  " + m.str());
        } else {
            CalibrationTextOptions to{p.textColumns, p.promptFile, p.promptTemplate, p.chatTemplate, p.numSamples, p.seed};
            texts = renderCalibrationTexts(table, to, tokenizer.get());
            for (const std::string& w : texts.warnings) rep.log("  warning: " + w);
            rep.report(QuantizeStage::PrepareCalibration, 0.5, 0, 0, std::to_string(texts.texts.size()) + " texts");
            CalibrationOptions co;
            co.seqlen = p.seqlen;
            co.truncateLong = p.truncateLong;
            co.bosPerBlock = p.bosPerBlock;
            co.maxBlocks = p.maxBlocks;
            calib = packCalibration(texts.texts, *tokenizer, co);
            const CalibrationStats& s = calib.stats;
            summary.rowsRead = texts.rowsRead;
            summary.rowsUsed = s.textsUsed;
            summary.calibrationTokens = s.tokensUsed;
            summary.calibrationBlocks = s.blocks;
            std::ostringstream m;
            m << texts.rowsRead << " rows read, " << texts.rowsDrawn << " drawn (seed " << p.seed << "), " << texts.rowsEmpty
              << " empty skipped, " << s.skippedTooLong << " too long skipped, " << s.truncated << " truncated, "
              << s.textsUsed << " used; " << s.tokensUsed << " tokens in " << s.blocks << " blocks of " << p.seqlen
              << " (" << s.tokensDiscarded << " discarded)";
            rep.log("  " + m.str());
        }
        if (p.numSamples > 0 && summary.rowsRead < p.numSamples)
            rep.log("  note: asked for " + std::to_string(p.numSamples) + " samples, the table has " +
                    std::to_string(summary.rowsRead) + " rows");
    }
    at::Tensor imageFeatures;  // [blocks, image tokens, hidden]
    if (!images.imagePaths.empty()) {
        // The vision tower and projector (16-bit, never quantized) give each block's image
        // tokens their features, inserted after the token embedding as the model's forward
        // pass does; the tower is freed before the layers come.
        const VisionTower tower(config, checkpoint, device, computeType);
        std::vector<at::Tensor> features;
        for (size_t b = 0; b < images.imagePaths.size(); ++b) {
            rep.report(QuantizeStage::PrepareCalibration, double(b) / images.imagePaths.size(), 0, 0,
                       "image " + std::to_string(b + 1) + "/" + std::to_string(images.imagePaths.size()));
            features.push_back(tower.imageFeatures(gemma3PixelValues(loadImage(images.imagePaths[b]), config.vision)));
        }
        imageFeatures = at::cat(features, 0);
    }
    rep.report(QuantizeStage::PrepareCalibration, 1.0, 0, 0);
    summary.stageSeconds[1] = rep.elapsed(QuantizeStage::PrepareCalibration);

    // 3 + 4. Per layer: activation statistics, then the searches and quantization.
    LayerQuantOptions lq;
    lq.spec.bits = p.bits;
    lq.spec.groupSize = p.groupSize;
    lq.spec.zeroPoint = p.zeroPoint;
    lq.spec.zeroRepresentable = p.zeroRepresentable;
    lq.searchScales = awq;
    lq.searchClip = awq && p.clipSearch;
    lq.qkvGroup = p.qkvGroup != 0;
    lq.scale.gridSize = p.gridSize;
    lq.scale.tryIdentity = p.identityScale;
    AwqOutputOptions oo;
    oo.spec = lq.spec;
    oo.fakeQuantized = p.bits != 4;
    oo.dtype = gemma23 ? at::kBFloat16 : at::kHalf;
    if (config.family == Family::Gemma3Multimodal) oo.modulesToNotConvert = {"vision_tower", "multi_modal_projector"};
    AwqCheckpointWriter writer(output.path(), config, checkpoint, loader, oo);

    const int layers = int(config.numLayers);
    c10::AutoGradMode noGrad(false);
    at::Tensor x;
    RopeTables rope;
    if (!p.dumpSearchDir.empty() && awq) dumpTensors(p.dumpSearchDir + "/calibration_ids.safetensors", {{"ids", calib.ids}});
    if (awq) {
        x = inputs.embed(calib.ids.to(device));
        rope = inputs.rope(0, p.seqlen, device);
    }
    if (imageFeatures.defined()) {
        const ImageBlock run = images.imageRun.front();
        x.narrow(1, run.begin, run.end - run.begin).copy_(imageFeatures);
        imageFeatures = at::Tensor();
        lq.images = images.imageRun;
    }
    LayerPrefetch prefetch(checkpoint, config, device, computeType, layers);
    json layerReports = json::array();
    double lossRtn = 0, lossAwq = 0;
    int lossCount = 0;
    double statsSeconds = 0, quantSeconds = 0;
    rep.begin(QuantizeStage::ActivationStatistics, awq ? "running calibration through each layer" : "not needed for RTN");
    rep.begin(QuantizeStage::QuantizeWeights, awq ? "scale search, clip search, quantize" : "round to nearest");
    for (int i = 0; i < layers; ++i) {
        StageClock layerClock, phaseClock;
        rep.report(QuantizeStage::ActivationStatistics, double(i) / layers, i + 1, layers);
        DecoderLayer layer;
        {
            profile::Section timed("load layer (wait)", x);
            layer = prefetch.take(i);
        }
        at::Tensor next;
        std::map<std::string, GroupQuantized> q;
        bool statsDone = false;
        auto poll = [&](bool statistics) {
            if (statistics && !statsDone) {
                statsDone = true;
                statsSeconds += phaseClock.elapsed();
                phaseClock.start();
                rep.report(QuantizeStage::ActivationStatistics, double(i + 1) / layers, i + 1, layers);
            }
            rep.report(QuantizeStage::QuantizeWeights, double(i) / layers, i + 1, layers);
            return false;
        };
        // AutoAWQ feeds the next layer this layer's output before any change; it comes from the
        // same forward pass that gathers the statistics.
        LayerReport lr = quantizeLayer(config, layer, i, x, rope, lq, q, poll,
                                       awq && !p.quantizedPropagation ? &next : nullptr);
        if (awq && p.quantizedPropagation) {
            profile::Section timed("quantized propagation", x);
            next = runLayer(config, layer, x, rope, lq.batchChunk, nullptr, lq.images);
        }
        if (awq && !at::isfinite(next).all().item<bool>())
            throw Error("layer " + std::to_string(i), "the layer's output contains NaN/Inf (try float32 or bfloat16 on this model)");
        {
            profile::Section timed("write layer", x);
            writer.writeLayer(i, layer, q);
        }
        if (!p.dumpSearchDir.empty()) dumpLayerSearch(p.dumpSearchDir, i, x, lr);
        quantSeconds += phaseClock.elapsed();
        x = next;
        json groups = json::array();
        for (const GroupReport& g : lr.groups) {
            groups.push_back({{"group", g.name}, {"ratio", g.ratio}, {"loss_rtn", g.lossBefore}, {"loss_awq", g.lossAfter},
                              {"fell_back", g.fellBack}});
            lossRtn += g.lossBefore;
            lossAwq += g.lossAfter;
            ++lossCount;
        }
        layerReports.push_back({{"layer", i}, {"seconds", layerClock.elapsed()}, {"groups", groups}});
        std::string line = "  layer " + std::to_string(i + 1) + "/" + std::to_string(layers) + fmt(" %.1f s", layerClock.elapsed());
        for (const GroupReport& g : lr.groups)
            line += "; " + g.name + fmt(" r=%.2f", g.ratio) + fmt(" loss %.3g", g.lossBefore) + fmt(" -> %.3g", g.lossAfter);
        rep.log(line);
        if (profile::enabled())
            for (const auto& [section, seconds] : profile::take()) rep.log(fmt("    %7.3f s  ", seconds) + section);
        if (profile::enabled())
            if (const auto m = allocatorMemory(deviceIndex))
                rep.log(fmt("    peak allocated %.2f GiB", m->peakAllocated / 1073741824.0) +
                        fmt(", reserved %.2f GiB", m->peakReserved / 1073741824.0));
        rep.report(QuantizeStage::ActivationStatistics, double(i + 1) / layers, i + 1, layers);
        rep.report(QuantizeStage::QuantizeWeights, double(i + 1) / layers, i + 1, layers);
    }
    // Statistics and quantization interleave per layer; each stage gets its own share of the time.
    summary.stageSeconds[2] = statsSeconds;
    summary.stageSeconds[3] = quantSeconds;
    summary.meanLossRtn = lossCount ? lossRtn / lossCount : 0;
    summary.meanLossAwq = lossCount ? lossAwq / lossCount : 0;
    summary.fakeQuantized = oo.fakeQuantized;
    const PeakMemory peak = peakMemory.finish();
    summary.peakAllocatedBytes = peak.allocated;
    summary.peakReservedBytes = peak.reserved;
    summary.peakProcessBytes = peak.nvmlProcess;

    // 5. Save.
    rep.begin(QuantizeStage::Save, "writing " + p.outputPath);
    StageClock saveClock;
    writer.finish(p.modelPath);
    summary.stageSeconds[4] = saveClock.elapsed();
    json info = quantizationInfo(p, config, summary, texts.templateText, layerReports, device.str());
    std::ofstream(fs::path(output.path()) / "quantization_info.json") << info.dump(2) << "\n";
    rep.report(QuantizeStage::Save, 0.9, 0, 0);
    output.commit();
    summary.outputPath = p.outputPath;
    rep.report(QuantizeStage::Save, 1.0, 0, 0, "saved " + p.outputPath);
    return summary;
}

}  // namespace medawq
