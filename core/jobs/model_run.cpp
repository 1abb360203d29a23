#include "jobs/model_run.h"

#include "jobs/stage_clock.h"
#include "models/device.h"
#include "models/device_memory.h"

#include <medawq/errors.h>
#include <medawq/generation.h>

#include <ATen/Context.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>

namespace fs = std::filesystem;

namespace medawq {

int64_t checkpointBytes(const std::string& directory) {
    int64_t total = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(directory, ec))
        if (e.is_regular_file() && e.path().extension() == ".safetensors") total += int64_t(e.file_size());
    return total;
}

std::string stripReportHeaders(const std::string& text) {
    static const std::regex header(R"((^|\n)[ \t]*(FINDINGS|IMPRESSION|Findings|Impression|findings|impression)[ \t]*:[ \t]*)");
    std::string out = std::regex_replace(text, header, "$1");
    const size_t first = out.find_first_not_of(" \t\r\n"), last = out.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? "" : out.substr(first, last - first + 1);
}

namespace {

// Label and method of a model folder, from quantization_info.json (ours) or config.json.
void describe(ModelRun& run) {
    std::ifstream infoFile(fs::path(run.path) / "quantization_info.json");
    nlohmann::json info = nlohmann::json::parse(infoFile, nullptr, false);
    std::ifstream cfgFile(fs::path(run.path) / "config.json");
    nlohmann::json cfg = nlohmann::json::parse(cfgFile, nullptr, false);
    const nlohmann::json* q = nullptr;
    if (cfg.is_object() && cfg.contains("quantization_config")) q = &cfg["quantization_config"];
    if (info.is_object() && info.contains("method")) {
        run.method = info.value("method", "awq");
        run.bits = info.value("bits", 4);
        run.groupSize = info.value("group_size", 128);
    } else if (q && q->is_object()) {
        run.method = q->value("quant_method", "awq");
        run.bits = q->value("bits", q->value("w_bit", 4));
        run.groupSize = q->value("group_size", q->value("q_group_size", 128));
    } else {
        run.method = "fp16";
    }
    std::string upper = run.method;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    run.label = run.role == "original" ? "FP16" : upper + " W" + std::to_string(run.bits) + " g" + std::to_string(run.groupSize);
}

// The case's prompt as the model sees it: in the chat turn (with the image first when the case
// has one), or as it is.
std::string promptOf(const LanguageModel& model, const EvalCase& c, bool chatTemplate) {
    if (c.imagePath.empty()) return chatTemplate ? model.chatPrompt(c.prompt) : c.prompt;
    if (!chatTemplate) throw Error("--no_chat_template", "image prompts need the chat template (the image sits in the user turn)");
    return model.imageChatPrompt(c.prompt);
}

}  // namespace

ModelRun runModel(const std::string& path, const std::string& role, const EvalCases& cases, const EvaluateParams& p,
                  const ModelProgress& progress) {
    ModelRun run;
    run.path = path;
    run.role = role;
    describe(run);
    run.sizeBytes = checkpointBytes(path);
    run.precision = role == "original" ? "w16a16" : p.precision;

    std::string deviceName = p.device;
    if (deviceName == "auto") deviceName = at::hasCUDA() ? "cuda" : "cpu";
    const at::Device device = parseDevice(deviceName);
    const int deviceIndex = device.is_cuda() ? std::max<int>(0, device.index()) : -1;

    // Load.
    LoadOptions lo;
    lo.device = deviceName;
    lo.dtype = p.dtype;
    if (role == "quantized" && p.precision != "w4a16") {
        lo.activationBits = p.precision == "w4a8" ? 8 : p.precision == "w4a4" ? 4 : -1;
        if (lo.activationBits < 0) throw Error("--precision " + p.precision, "expected w4a16, w4a8 or w4a4");
        lo.perTokenActivationScales = p.perTokenActivations;
    }
    lo.progress = [&](int done, int total) { return progress(EvaluateStage::LoadModel, done, total, "loading " + path); };
    StageClock clock;
    std::unique_ptr<LanguageModel> model = LanguageModel::load(path, lo);
    run.loadSeconds = clock.elapsed();
    run.device = model->device();
    run.dtype = model->dtype();
    if (const auto m = allocatorMemory(deviceIndex)) {
        run.allocatedAfterLoad = m->allocated;
        run.reservedAfterLoad = m->reserved;
    }

    // The reports: greedy (unless sampling was asked for), stopping at the end of the turn.
    GenerationOptions go;
    go.maxNewTokens = p.maxNewTokens;
    go.greedy = !p.doSample;
    go.temperature = p.temperature;
    go.topP = p.topP;
    go.seed = p.sampleSeed;
    bool cancelled = false;
    auto keepGoing = [&](const std::string&) {
        if (!progress(EvaluateStage::Generate, -1, -1, "")) cancelled = true;
        return !cancelled;
    };
    PeakMemoryWatch peakMemory(deviceIndex);
    clock.start();
    for (size_t i = 0; i < cases.cases.size(); ++i) {
        if (!progress(EvaluateStage::Generate, int64_t(i), int64_t(cases.cases.size()), run.label)) throw Cancelled();
        go.imagePath = cases.cases[i].imagePath;
        const GenerationResult g = model->generate(promptOf(*model, cases.cases[i], p.chatTemplate), go, keepGoing);
        if (cancelled) throw Cancelled();
        GeneratedReport r;
        r.text = p.stripHeaders ? stripReportHeaders(g.text) : g.text;
        r.promptTokens = int64_t(g.promptIds.size());
        r.newTokens = int64_t(g.newIds.size());
        r.prefillSeconds = g.prefillSeconds;
        r.decodeSeconds = g.decodeSeconds;
        r.hitTokenLimit = r.newTokens >= p.maxNewTokens;
        run.reports.push_back(std::move(r));
    }
    run.generationSeconds = clock.elapsed();
    progress(EvaluateStage::Generate, int64_t(cases.cases.size()), int64_t(cases.cases.size()), run.label);
    const PeakMemory peak = peakMemory.finish();
    run.peakAllocated = peak.allocated;
    run.peakReserved = peak.reserved;
    run.peakNvmlProcess = peak.nvmlProcess;

    // Speed: one warm-up, then the same prompts and the same number of new tokens for every model.
    GenerationOptions so;
    so.maxNewTokens = p.speedNewTokens > 0 ? p.speedNewTokens : p.maxNewTokens;
    so.greedy = true;
    so.stopAtEos = false;
    const int prompts = int(std::min<size_t>(size_t(std::max(0, p.speedPrompts)), cases.cases.size()));
    run.speed.newTokensEach = so.maxNewTokens;
    if (prompts > 0) {
        // Warm-up: one whole timed-length generation, not counted. A 16-token warm-up left the
        // first model of a run about 1.3-2x slower than the next on the H100 (allocator growth,
        // kernel selection), which would have read as a speed-up of the quantized model.
        so.imagePath = cases.cases[0].imagePath;
        model->generate(promptOf(*model, cases.cases[0], p.chatTemplate), so, keepGoing);
        if (cancelled) throw Cancelled();
    }
    for (int i = 0; i < prompts; ++i) {
        if (!progress(EvaluateStage::Speed, i, prompts, run.label)) throw Cancelled();
        so.imagePath = cases.cases[size_t(i)].imagePath;
        const GenerationResult g = model->generate(promptOf(*model, cases.cases[size_t(i)], p.chatTemplate), so, keepGoing);
        if (cancelled) throw Cancelled();
        run.speed.prompts++;
        run.speed.prefillTokens += int64_t(g.promptIds.size());
        run.speed.prefillSeconds += g.prefillSeconds;
        run.speed.decodeTokens += std::max<int64_t>(0, int64_t(g.newIds.size()) - 1);  // the first comes from prefill
        run.speed.decodeSeconds += g.decodeSeconds;
    }
    model.reset();
    releaseCachedMemory();
    return run;
}

}  // namespace medawq
