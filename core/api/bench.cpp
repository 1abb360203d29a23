// medawq bench (medawq/bench.h): prefill and decode speed, achieved bandwidth against the GPU's
// limit, and peak memory, with the same forward pass generation uses (the graphed decode step
// on CUDA for batch 1).
#include <medawq/bench.h>

#include <medawq/errors.h>
#include <medawq/safetensors.h>

#include "formats/model_config.h"
#include "models/decoder.h"
#include "models/device.h"
#include "models/device_memory.h"
#include "models/random_model.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
#include <ATen/cuda/CUDAContext.h>
#include <torch/csrc/autograd/profiler_kineto.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <set>

using nlohmann::json;

namespace medawq {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int64_t bytesOf(const at::Tensor& t) { return t.defined() ? int64_t(t.numel()) * int64_t(t.element_size()) : 0; }

int64_t linearBytes(const Linear& l) {
    return bytesOf(l.weight) + bytesOf(l.bias) + bytesOf(l.packed.tiles) + bytesOf(l.packed.scales) + bytesOf(l.packed.zeros);
}

// The GPU and its memory bandwidth limit. Data sheets, by product name: CUDA 13 no longer
// reports the memory clock. MEDAWQ_PEAK_GBPS overrides.
json gpuInfo(const at::Device& device) {
    json g = {{"name", device.str()}, {"peak_gb_per_s", nullptr}, {"peak_source", "unknown GPU"}};
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (device.is_cuda()) {
        const cudaDeviceProp* p = at::cuda::getDeviceProperties(device.index() < 0 ? 0 : device.index());
        const std::string name = p->name;
        g["name"] = name;
        g["memory_gib"] = double(p->totalGlobalMem) / 1073741824.0;
        g["multiprocessors"] = p->multiProcessorCount;
        struct Sheet { const char* match; double gbps; };
        for (const Sheet& s : {Sheet{"H200", 4800}, Sheet{"H100 PCIe", 2000}, Sheet{"H100 NVL", 3900}, Sheet{"H100", 3350},
                               Sheet{"A100-SXM4-80GB", 2039}, Sheet{"A100", 1555}, Sheet{"L40S", 864}})
            if (name.find(s.match) != std::string::npos) {
                g["peak_gb_per_s"] = s.gbps;
                g["peak_source"] = std::string("data sheet (") + s.match + ")";
                break;
            }
    }
#endif
    if (const char* env = std::getenv("MEDAWQ_PEAK_GBPS"); env && *env) {
        g["peak_gb_per_s"] = std::atof(env);
        g["peak_source"] = "MEDAWQ_PEAK_GBPS";
    }
    return g;
}

// The engine switches set in the environment (README, "Benchmark the engine"), so a result
// says which variant of the engine it measured.
json engineSwitches() {
    json set = json::object();
    for (const char* name : {"MEDAWQ_DECODE_GRAPH", "MEDAWQ_PDL", "MEDAWQ_DENSE_GEMV", "MEDAWQ_GEMV_CLUSTER", "MEDAWQ_ATTN_EARLY_LAUNCH",
                             "MEDAWQ_ATTN_BATCHED_LOADS", "MEDAWQ_ATTN_SPLITS", "MEDAWQ_GEMV_PREFETCH_AHEAD", "MEDAWQ_GEMV_RING", "MEDAWQ_FUSE_NORM",
                             "MEDAWQ_FUSE_QK_NORM", "MEDAWQ_EMBED_ON_HOST", "MEDAWQ_PREFILL_CHUNK", "MEDAWQ_FUSE_PROJECTIONS", "MEDAWQ_AWQ_DENSE",
                             "PYTORCH_CUDA_ALLOC_CONF"})
        if (const char* v = std::getenv(name)) set[name] = v;
    return set;
}

void synchronize(const at::Tensor& t) { (void)t.sum().item<double>(); }

// Runs `body` under the Kineto profiler (CPU ops and CUDA kernels, graph replays included) and
// writes the Chrome trace to `path` (beside it first, then renamed).
void traceTo(const std::string& path, const std::function<void()>& body) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    namespace prof = torch::profiler::impl;
    const prof::ProfilerConfig config(prof::ProfilerState::KINETO);
    const std::set<prof::ActivityType> activities{prof::ActivityType::CPU, prof::ActivityType::CUDA};
    torch::autograd::profiler::prepareProfiler(config, activities);
    torch::autograd::profiler::enableProfiler(config, activities);
    try {
        body();
    } catch (...) {
        torch::autograd::profiler::disableProfiler();
        throw;
    }
    const std::string partial = path + ".partial";
    torch::autograd::profiler::disableProfiler()->save(partial);
    std::error_code ec;
    std::filesystem::rename(partial, path, ec);
    if (ec) throw Error(path, "cannot write the trace: " + ec.message());
#else
    (void)body;
    throw Error(path, "--trace needs a build with the CUDA kernels (the Kineto profiler of a CUDA libtorch)");
#endif
}

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }
double spread(const std::vector<double>& v) {  // sample standard deviation
    if (v.size() < 2) return 0;
    const double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / double(v.size() - 1));
}

}  // namespace

std::vector<std::string> benchShapes() { return benchShapeNames(); }

json runBench(const BenchParams& p, const std::function<void(const std::string&)>& log) {
    auto say = [&](const std::string& s) { if (log) log(s); };
    if (p.modelDir.empty() == p.shape.empty()) throw Error("bench", "give either --model or --shape");
    if (p.prompt < 1 || p.newTokens < 1 || p.batch < 1 || p.repeats < 1)
        throw Error("bench", "--prompt, --new, --batch and --repeat must be at least 1");
#ifndef MEDAWQ_HAVE_CUDA_KERNELS
    if (!p.tracePath.empty()) traceTo(p.tracePath, {});  // refuses at once, before the model loads
#endif
    c10::AutoGradMode noGrad(false);
    const at::Device device = parseDevice(p.device);
    const at::ScalarType dtype = device.is_cuda() ? at::kBFloat16 : at::kFloat;
    const int deviceIndex = device.is_cuda() ? std::max<int>(0, device.index()) : -1;

    std::unique_ptr<DecoderModel> model;
    ModelConfig config;
    std::string label;
    const auto loadStart = Clock::now();
    if (!p.shape.empty()) {
        if (p.quant != "awq" && p.quant != "bf16") throw Error("--quant", "awq or bf16, not '" + p.quant + "'");
        config = benchShapeConfig(p.shape);
        model = randomDecoder(config, device, dtype, p.quant == "awq", 128, p.seed);
        label = p.shape + " (random weights, " + (p.quant == "awq" ? "AWQ W4 g128" : "bf16") + ")";
    } else {
        config = loadModelConfig(p.modelDir);
        model = std::make_unique<DecoderModel>(config, Checkpoint::open(p.modelDir), device, dtype, nullptr);
        label = p.modelDir + (config.awq.present ? " (AWQ)" : "");
    }
    const double loadSeconds = since(loadStart);
    say("bench: " + label + " on " + device.str() + ", loaded in " + std::to_string(loadSeconds) + " s");

    // Bytes a decode step must read: every linear's weights (packed or dense) and the lm_head.
    int64_t weightBytes = 0;
    for (const DecoderLayer& l : model->layers())
        for (const Linear* lin : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up, &l.down, &l.qkv, &l.gateUp})
            weightBytes += linearBytes(*lin);
    weightBytes += linearBytes(model->lmHead());
    // KV rows read at the mean context of the decode phase (sliding layers: their window).
    const double meanContext = double(p.prompt) + double(p.newTokens) / 2.0;
    double kvBytes = 0;
    for (size_t i = 0; i < model->layers().size(); ++i) {
        const bool local = model->layers()[i].sliding && config.slidingWindow > 0;
        const double rows = local ? std::min<double>(meanContext, double(config.slidingWindow)) : meanContext;
        kvBytes += 2.0 * rows * double(config.numKvHeads * config.headDim) * double(at::elementSize(dtype)) * double(p.batch);
    }
    const json gpu = gpuInfo(device);

    at::manual_seed(p.seed);
    const at::Tensor promptIds =
        at::randint(0, config.vocabSize, {p.batch, p.prompt}, at::TensorOptions().dtype(at::kLong)).to(device);
    auto run = [&](int64_t newTokens, double* prefillSeconds, double* decodeSeconds) {
        KvCache cache = model->newCache(p.batch, p.prompt + newTokens);
        synchronize(promptIds);
        auto t0 = Clock::now();
        at::Tensor logits = model->forward(promptIds, cache, true);
        at::Tensor next = logits.argmax(-1);  // [B, 1]
        synchronize(next);
        *prefillSeconds = since(t0);
        t0 = Clock::now();
        for (int64_t s = 1; s < newTokens; ++s) {
            logits = model->forward(next, cache, true);
            next = logits.argmax(-1);
            (void)next.select(0, 0).item<int64_t>();  // read back each token, as generation does
        }
        *decodeSeconds = since(t0);
    };

    PeakMemoryWatch watch(deviceIndex);
    double warmPrefill = 0, warmDecode = 0;
    run(std::min<int64_t>(p.newTokens, 8), &warmPrefill, &warmDecode);  // captures the decode graph
    json runs = json::array();
    std::vector<double> prefillRates, decodeRates, msPerToken;
    for (int r = 0; r < p.repeats; ++r) {
        double prefill = 0, decode = 0;
        run(p.newTokens, &prefill, &decode);
        const double steps = double(p.newTokens - 1);
        prefillRates.push_back(double(p.prompt * p.batch) / prefill);
        decodeRates.push_back(steps * double(p.batch) / decode);
        msPerToken.push_back(1000.0 * decode / steps);
        runs.push_back({{"prefill_s", prefill}, {"decode_s", decode}, {"decode_steps", int64_t(steps)}});
        char line[200];
        std::snprintf(line, sizeof line, "  run %d: prefill %.1f tok/s, decode %.1f tok/s (%.3f ms/token)", r + 1,
                      prefillRates.back(), decodeRates.back(), msPerToken.back());
        say(line);
    }
    const PeakMemory peak = watch.finish();
    if (!p.tracePath.empty()) {
        double prefill = 0, decode = 0;
        traceTo(p.tracePath, [&] { run(std::max<int64_t>(2, std::min(p.traceTokens, p.newTokens)), &prefill, &decode); });
        say("bench: trace of " + std::to_string(std::min(p.traceTokens, p.newTokens)) + " new tokens written to " + p.tracePath);
    }

    const double stepSeconds = mean(msPerToken) / 1000.0;
    const double achieved = (double(weightBytes) + kvBytes) / stepSeconds / 1e9;
    json summary = {{"prefill_tokens_per_s", mean(prefillRates)}, {"prefill_tokens_per_s_sd", spread(prefillRates)},
                    {"decode_tokens_per_s", mean(decodeRates)}, {"decode_tokens_per_s_sd", spread(decodeRates)},
                    {"ms_per_token", mean(msPerToken)}, {"ms_per_token_sd", spread(msPerToken)},
                    {"bytes_per_step", double(weightBytes) + kvBytes}, {"achieved_gb_per_s", achieved},
                    {"peak_allocated_bytes", peak.allocated < 0 ? json(nullptr) : json(peak.allocated)},
                    {"peak_reserved_bytes", peak.reserved < 0 ? json(nullptr) : json(peak.reserved)},
                    {"nvml_process_peak_bytes", peak.nvmlProcess < 0 ? json(nullptr) : json(peak.nvmlProcess)}};
    if (gpu["peak_gb_per_s"].is_number()) {
        const double limit = gpu["peak_gb_per_s"].get<double>();
        summary["roofline_percent"] = 100.0 * achieved / limit;
        summary["roofline_tokens_per_s"] = limit * 1e9 / (double(weightBytes) + kvBytes) * double(p.batch);
    }
    return {{"tool", "MedAWQ"}, {"kind", "bench"},
            {"model", {{"label", label}, {"family", familyName(config.family)}, {"layers", config.numLayers},
                       {"hidden", config.hiddenSize}, {"weight_bytes_per_step", weightBytes}, {"kv_bytes_per_step", kvBytes},
                       {"packed_linears", model->packedLinears()}, {"dtype", dtype == at::kBFloat16 ? "bfloat16" : "float32"},
                       {"load_s", loadSeconds}}},
            {"setup", {{"prompt", p.prompt}, {"new_tokens", p.newTokens}, {"batch", p.batch}, {"repeats", p.repeats},
                       {"graphed_decode", model->decodeGraphEnabled() && p.batch == 1}, {"switches", engineSwitches()}}},
            {"gpu", gpu}, {"runs", runs}, {"summary", summary}};
}

std::string formatBench(const json& r, const std::string& format) {
    if (format == "json") return r.dump(2) + "\n";
    const json& s = r["summary"];
    auto num = [](const json& v, const char* f, double scale = 1.0) {
        if (!v.is_number()) return std::string("n/a");
        char b[64];
        std::snprintf(b, sizeof b, f, v.get<double>() * scale);
        return std::string(b);
    };
    const double gib = 1.0 / 1073741824.0;
    std::vector<std::pair<std::string, std::string>> rows = {
        {"model", r["model"]["label"].get<std::string>()},
        {"GPU", r["gpu"]["name"].get<std::string>()},
        {"prompt / new tokens / batch", std::to_string(r["setup"]["prompt"].get<int64_t>()) + " / " +
                                             std::to_string(r["setup"]["new_tokens"].get<int64_t>()) + " / " +
                                             std::to_string(r["setup"]["batch"].get<int64_t>())},
        {"prefill (tokens/s)", num(s["prefill_tokens_per_s"], "%.0f") + " ± " + num(s["prefill_tokens_per_s_sd"], "%.0f")},
        {"decode (tokens/s)", num(s["decode_tokens_per_s"], "%.1f") + " ± " + num(s["decode_tokens_per_s_sd"], "%.1f")},
        {"decode (ms/token)", num(s["ms_per_token"], "%.3f") + " ± " + num(s["ms_per_token_sd"], "%.3f")},
        {"bytes read per step (GB)", num(s["bytes_per_step"], "%.3f", 1e-9)},
        {"achieved (GB/s)", num(s["achieved_gb_per_s"], "%.0f")},
        {"roofline (GB/s, " + r["gpu"]["peak_source"].get<std::string>() + ")", num(r["gpu"]["peak_gb_per_s"], "%.0f")},
        {"of the roofline (%)", num(s.value("roofline_percent", json()), "%.1f")},
        {"roofline decode (tokens/s)", num(s.value("roofline_tokens_per_s", json()), "%.0f")},
        {"peak GPU memory, allocator (GiB)", num(s["peak_allocated_bytes"], "%.2f", gib)},
        {"peak GPU memory, reserved (GiB)", num(s["peak_reserved_bytes"], "%.2f", gib)},
        {"peak GPU memory, NVML process (GiB)", num(s["nvml_process_peak_bytes"], "%.2f", gib)},
        {"runs", std::to_string(r["runs"].size())},
    };
    std::string switches;
    const json set = r["setup"].value("switches", json::object());  // a local: items() keeps no copy
    for (const auto& [name, value] : set.items())
        switches += (switches.empty() ? "" : ", ") + name + "=" + value.get<std::string>();
    if (!switches.empty()) rows.push_back({"engine switches", switches});
    std::string out;
    if (format == "csv") {
        out = "quantity,value\n";
        for (const auto& [k, v] : rows) out += "\"" + k + "\",\"" + v + "\"\n";
        return out;
    }
    out = "| quantity | value |\n| --- | --- |\n";
    for (const auto& [k, v] : rows) out += "| " + k + " | " + v + " |\n";
    return out;
}

}  // namespace medawq
