// medawq quantize: a drop-in for the users' quantize_medgamma_awq.py (same flags and defaults),
// plus MedAWQ's own options. `--mode test` and `medawq test` generate one sample report.
#include "commands.h"
#include "progress_display.h"

#include <medawq/errors.h>
#include <medawq/generation.h>
#include <medawq/quantize.h>
#include <medawq/table.h>
#include <medawq/user_config.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>

namespace medawq::cli {

namespace {

bool parseBool(const std::string& flag, const std::string& v) {
    if (v == "true" || v == "True" || v == "1") return true;
    if (v == "false" || v == "False" || v == "0") return false;
    throw Error(flag, "expected true or false, got '" + v + "'");
}

struct GenerationFlags {
    std::string prompt, promptFile, promptTemplate, device = "cpu", image;
    int maxNewTokens = 256;
    double temperature = 0.7, topP = 0.9;
    bool doSample = false;
    uint64_t seed = 42;
};

// The users' script printed the prompt with the output; we print only the new text.
int runTest(const std::string& modelPath, const GenerationFlags& g) {
    LoadOptions lo;
    lo.device = g.device;
    auto model = LanguageModel::load(modelPath, lo);
    std::string prompt = g.prompt;
    if (prompt.empty() && !g.promptTemplate.empty()) prompt = g.promptTemplate;
    if (prompt.empty() && !g.promptFile.empty()) prompt = loadPromptTemplate(g.promptFile).text;
    if (prompt.empty()) prompt = "INDICATION: Chest pain and shortness of breath\n\nFINDINGS:";  // their default
    GenerationOptions go;
    go.maxNewTokens = g.maxNewTokens;
    go.greedy = !g.doSample;
    go.temperature = float(g.temperature);
    go.topP = float(g.topP);
    go.seed = g.seed;
    go.imagePath = g.image;
    const std::string chat = g.image.empty() ? model->chatPrompt(prompt) : model->imageChatPrompt(prompt);
    GenerationResult r = model->generate(chat, go, [](const std::string& piece) {
        std::cout << piece << std::flush;
        return !interruptFlag();
    });
    std::cout << "\n";
    std::fprintf(stderr, "[%s on %s] %zu new tokens, %.2f tokens/s (decode), prefill %.1f ms\n", model->dtype().c_str(),
                 model->device().c_str(), r.newIds.size(), r.decodeTokensPerSecond(), r.prefillSeconds * 1e3);
    return 0;
}

}  // namespace

Action addQuantize(CLI::App& app) {
    struct Opts {
        QuantizeParams p;
        std::string zeroPoint = "true", version = "GEMM", mode = "quantize", config, textColumn = "text";
        std::vector<std::string> extraColumns;
        GenerationFlags gen;
        std::map<std::string, CLI::Option*> given;
        std::vector<std::function<void(QuantizeParams&)>> choices;
    };
    auto o = std::make_shared<Opts>();
    o->p.outputPath = "./medgamma-awq-4bit";  // the users' default
    auto add = [&](const char* name, auto& target, const char* help) {
        o->given[name] = app.add_option(name, target, help);
        return o->given[name];
    };
    // The users' flags, with their defaults.
    add("--model_path", o->p.modelPath, "Original model folder");
    add("--output_path", o->p.outputPath, "Output folder (default ./medgamma-awq-4bit)");
    add("--calibration_data", o->p.calibrationPath, "Calibration table: CSV, XLSX, JSONL or TXT");
    add("--num_samples", o->p.numSamples, "Calibration rows drawn (default 500)");
    add("--text_column", o->textColumn, "Text column (default text)");
    add("--w_bit", o->p.bits, "Bits: 4, or 3 (saved fake-quantized)");
    add("--group_size", o->p.groupSize, "Group size: 32, 64, 128 (default 128)");
    add("--zero_point", o->zeroPoint, "true | false (asymmetric with zero point, default true)");
    add("--version", o->version, "Kernel layout: GEMM");
    add("--prompt_file", o->p.promptFile, "Prompt template file with {column} placeholders");
    add("--prompt_template", o->p.promptTemplate, "Inline prompt template");
    add("--config", o->config, "JSON configuration (the users' config_example.json layout)");
    add("--mode", o->mode, "quantize | test")->check(CLI::IsMember({"quantize", "test"}));
    // MedAWQ's own.
    add("--seqlen", o->p.seqlen, "Tokens per calibration block (default 512)");
    add("--max_blocks", o->p.maxBlocks, "At most this many calibration blocks (0: all)");
    add("--seed", o->p.seed, "Seed of the calibration row draw (default 42)");
    add("--method", o->p.method, "awq | rtn (round-to-nearest baseline)")->check(CLI::IsMember({"awq", "rtn"}));
    add("--preset", o->p.preset, "medawq (default) | autoawq (AutoAWQ 0.2.9's exact choices)");
    add("--device", o->p.device, "cpu | cuda | cuda:N");
    add("--dtype", o->p.dtype, "Search dtype: auto | float32 | bfloat16 | float16");
    add("--grid", o->p.gridSize, "Scale search grid points (default 20)");
    add("--dump_search", o->p.dumpSearchDir, "Write each layer's input and search choices here (verification)");
    add("--extra_text_column", o->extraColumns, "More text columns, joined with newlines");
    add("--image_column", o->p.imageColumn,
        "Gemma 3 multimodal: image column of the calibration table (default Image_Path when present; none = text only)");
    // Choices a preset also makes: recorded at parse time, applied after the preset, so that
    // "--preset autoawq --zero_representable" measures exactly one change against the preset.
    auto choice = [&](const char* name, std::function<void(QuantizeParams&)> set, const char* help) {
        app.add_flag_callback(name, [o, set] { o->choices.push_back(set); }, help);
    };
    choice("--no_clip", [](QuantizeParams& q) { q.clipSearch = false; }, "Skip the clipping search");
    choice("--chat_template", [](QuantizeParams& q) { q.chatTemplate = true; }, "Render each calibration row in the model's chat format");
    choice("--quantized_propagation", [](QuantizeParams& q) { q.quantizedPropagation = true; },
           "Feed the next layer the quantized layer's output");
    choice("--zero_representable", [](QuantizeParams& q) { q.zeroRepresentable = true; }, "Widen each group's range to contain 0");
    choice("--no_qkv_group", [](QuantizeParams& q) { q.qkvGroup = 0; }, "Do not scale q/k/v against input_layernorm");
    choice("--identity_scale", [](QuantizeParams& q) { q.identityScale = true; }, "Also try s = 1 in the scale search");
    choice("--bos_per_block", [](QuantizeParams& q) { q.bosPerBlock = true; }, "Start every calibration block with BOS");
    choice("--truncate_long", [](QuantizeParams& q) { q.truncateLong = true; }, "Truncate long rows instead of dropping them");
    app.add_flag("--overwrite", o->p.overwrite, "Replace an existing output folder");
    add("--prompt", o->gen.prompt, "Prompt for --mode test");
    add("--max_new_tokens", o->gen.maxNewTokens, "Tokens for --mode test (default 256)");

    return [o]() {
        QuantizeParams& p = o->p;
        auto given = [&](const char* n) { return o->given.at(n)->count() > 0; };
        // Preset first, then the config file, then explicit flags win.
        applyPreset(p, p.preset);
        for (const auto& set : o->choices) set(p);
        if (!o->config.empty()) {
            const UserConfig c = readUserConfig(o->config);
            for (const std::string& note : c.ignored) std::fprintf(stderr, "config: ignored %s\n", note.c_str());
            if (!given("--model_path") && c.originalModelPath) p.modelPath = *c.originalModelPath;
            if (!given("--output_path") && c.quantizedModelPath) p.outputPath = *c.quantizedModelPath;
            if (!given("--calibration_data") && c.dataPath) p.calibrationPath = *c.dataPath;
            if (!given("--num_samples") && c.numSamples) p.numSamples = *c.numSamples;
            if (!given("--seed") && c.randomSeed) p.seed = *c.randomSeed;
            if (!given("--text_column") && c.textColumn) o->textColumn = *c.textColumn;
            if (!given("--w_bit") && c.bits) p.bits = *c.bits;
            if (!given("--group_size") && c.groupSize) p.groupSize = *c.groupSize;
            if (!given("--zero_point") && c.zeroPoint) o->zeroPoint = *c.zeroPoint ? "true" : "false";
            if (!given("--method") && c.method) p.method = *c.method;
            if (!given("--prompt_file") && c.promptFile) p.promptFile = *c.promptFile;
            if (!given("--prompt_template") && c.promptTemplate) p.promptTemplate = *c.promptTemplate;
            if (!given("--max_new_tokens") && c.maxNewTokens) o->gen.maxNewTokens = *c.maxNewTokens;
            if (c.temperature) o->gen.temperature = *c.temperature;
            if (c.topP) o->gen.topP = *c.topP;
            if (c.doSample) o->gen.doSample = *c.doSample;
        }
        p.zeroPoint = parseBool("--zero_point", o->zeroPoint);
        std::string v = o->version;
        for (char& ch : v) ch = char(std::tolower(ch));
        if (v != "gemm") throw Error("--version " + o->version, "only the GEMM layout is written (what vLLM and transformers load)");
        p.textColumns = {o->textColumn};
        p.textColumns.insert(p.textColumns.end(), o->extraColumns.begin(), o->extraColumns.end());
        o->gen.device = p.device;
        o->gen.promptFile = p.promptFile;
        o->gen.promptTemplate = p.promptTemplate;
        installInterruptHandler();
        if (o->mode == "test") return runTest(p.outputPath, o->gen);
        if (p.modelPath.empty()) throw Error("--model_path", "no model given (flag or model.original_model_path in --config)");

        ProgressDisplay display;
        const QuantizeSummary s = runQuantize(p, std::ref(display), [&display](const std::string& line) { display.log(line); });
        std::fprintf(stderr, "\n");
        const char* names[] = {"load model", "prepare calibration", "activation statistics", "quantize weights", "save"};
        for (int i = 0; i < 5; ++i) std::fprintf(stderr, "  %-22s %8.2f s\n", names[i], s.stageSeconds[size_t(i)]);
        if (p.method == "awq")
            std::fprintf(stderr, "  mean module output MSE: RTN %.4g -> AWQ %.4g\n", s.meanLossRtn, s.meanLossAwq);
        if (s.peakAllocatedBytes >= 0)
            std::fprintf(stderr, "  peak GPU memory: %.2f GiB allocated, %.2f GiB reserved, %s (NVML, process)\n",
                         s.peakAllocatedBytes / 1073741824.0, s.peakReservedBytes / 1073741824.0,
                         s.peakProcessBytes >= 0 ? (std::to_string(s.peakProcessBytes >> 20) + " MiB").c_str() : "n/a");
        std::cout << "saved " << s.outputPath << (s.fakeQuantized ? " (fake-quantized 16-bit weights)" : " (AutoAWQ GEMM)")
                  << "\n";
        return 0;
    };
}

Action addTest(CLI::App& app) {
    auto model = std::make_shared<std::string>();
    auto g = std::make_shared<GenerationFlags>();
    app.add_option("--model_path", *model, "Model folder (quantized or original)")->required();
    app.add_option("--prompt", g->prompt, "Prompt text (default: the users' example)");
    auto* maxNew = app.add_option("--max_new_tokens", g->maxNewTokens, "New tokens (default 256; 300 with --image)");
    app.add_option("--device", g->device, "cpu | cuda");
    app.add_option("--image", g->image, "Image for the prompt (PNG, JPEG or DICOM; Gemma 3 multimodal models)");
    app.add_flag("--do_sample", g->doSample, "Sample (temperature 0.7, top-p 0.9) instead of greedy");
    app.add_option("--temperature", g->temperature, "Sampling temperature");
    app.add_option("--top_p", g->topP, "Nucleus mass");
    app.add_option("--seed", g->seed, "Sampling seed");
    return [model, g, maxNew]() {
        installInterruptHandler();
        if (!g->image.empty() && maxNew->count() == 0) g->maxNewTokens = 300;  // the MedGemma users' setting
        return runTest(*model, *g);
    };
}

}  // namespace medawq::cli
