// medawq evaluate: a drop-in for the users' evaluate_awq_model.py (same flags and defaults),
// with every model on the same prompts, speed and memory measured fairly, and each figure
// with its interval. medawq score: their evaluate_f1_radgraph_csv.py for reports that exist.
#include "commands.h"
#include "progress_display.h"

#include <medawq/errors.h>
#include <medawq/evaluate.h>
#include <medawq/user_config.h>

#include <cstdio>
#include <iostream>
#include <memory>

namespace medawq::cli {

Action addEvaluate(CLI::App& app) {
    struct Opts {
        EvaluateParams p;
        std::string config, activationScales = "tensor";
        bool noChatTemplate = false;
        std::map<std::string, CLI::Option*> given;
    };
    auto o = std::make_shared<Opts>();
    auto add = [&](const char* name, auto& target, const char* help) {
        o->given[name] = app.add_option(name, target, help);
        return o->given[name];
    };
    EvaluateParams& p = o->p;
    // The users' flags, with their defaults.
    add("--original_model", p.originalModel, "Original (16-bit) model folder");
    add("--quantized_model", p.quantizedModels, "Quantized model folder (repeat for several: AWQ, RTN, other bits)");
    add("--eval_data", p.evalDataPath, "Evaluation table: CSV, XLSX or JSONL");
    add("--output_dir", p.outputDir, "Run folder (default ./evaluation_results)");
    add("--num_samples", p.numSamples, "Cases drawn with --seed (default 100; 0 = all rows)");
    add("--prompt_file", p.promptFile, "Prompt template file with {column} placeholders");
    add("--prompt_text", p.promptText, "Inline prompt template");
    add("--text_column", p.textColumn, "Reference report column, as in evaluate_awq_model.py (default text)");
    add("--radgraph_model", p.radgraphModel, "radgraph-xl | modern-radgraph-xl | radgraph (your radgraph package); none = skip");
    add("--config", o->config, "JSON configuration (the users' config_example.json layout)");
    // MedAWQ's own.
    add("--reference_column", p.referenceColumn, "Reference report column (overrides --text_column)");
    add("--image_column", p.imageColumn,
        "Image path column (PNG, JPEG, DICOM; relative to the table's folder or absolute). Default: Image_Path "
        "when present; none = text only");
    add("--max_new_tokens", p.maxNewTokens, "New tokens per report (default 256)");
    add("--seed", p.seed, "Seed of the case draw (default 42)");
    add("--device", p.device, "auto | cpu | cuda | cuda:N");
    add("--dtype", p.dtype, "auto | float32 | bfloat16 | float16");
    add("--temperature", p.temperature, "Sampling temperature (with --do_sample)");
    add("--top_p", p.topP, "Nucleus mass (with --do_sample)");
    add("--speed_prompts", p.speedPrompts, "Prompts in the timed pass (default 5)");
    add("--speed_new_tokens", p.speedNewTokens, "New tokens per timed prompt (default --max_new_tokens)");
    add("--radgraph_rule", p.radgraphRule, "0.1.18 (released package, default) | head (lower-cased tokens)");
    add("--uncertain", p.uncertainAs, "CheXpert-phrase labels: uncertain counts as positive (default) | negative");
    add("--precision", p.precision, "w4a16 | w4a8 | w4a4 (simulated activation quantization of the quantized models)")
        ->check(CLI::IsMember({"w4a16", "w4a8", "w4a4"}));
    add("--activation_scales", o->activationScales, "tensor | token (for --precision w4a8/w4a4)")
        ->check(CLI::IsMember({"tensor", "token"}));
    add("--bootstrap", p.bootstrapResamples, "Bootstrap resamples (default 500)");
    app.add_flag("--do_sample", p.doSample, "Sample instead of greedy decoding");
    app.add_flag("--strip_headers", p.stripHeaders, "Drop Findings:/Impression: headers before scoring");
    app.add_flag("--no_chat_template", o->noChatTemplate, "Give the prompt as raw text, not as a chat turn");
    app.add_flag("--overwrite", p.overwrite, "Replace an existing run folder");

    return [o]() {
        EvaluateParams& p = o->p;
        auto given = [&](const char* n) { return o->given.at(n)->count() > 0; };
        if (!o->config.empty()) {
            const UserConfig c = readUserConfig(o->config);
            for (const std::string& note : c.ignored) std::fprintf(stderr, "config: ignored %s\n", note.c_str());
            if (!given("--original_model") && c.originalModelPath) p.originalModel = *c.originalModelPath;
            if (!given("--quantized_model") && c.quantizedModelPath) p.quantizedModels = {*c.quantizedModelPath};
            if (!given("--eval_data") && c.evalDataPath) p.evalDataPath = *c.evalDataPath;
            if (!given("--num_samples") && c.numEvalSamples) p.numSamples = *c.numEvalSamples;
            if (!given("--seed") && c.randomSeed) p.seed = *c.randomSeed;
            if (!given("--text_column") && c.textColumn) p.textColumn = *c.textColumn;
            if (!given("--prompt_file") && c.promptFile) p.promptFile = *c.promptFile;
            if (!given("--prompt_text") && c.promptTemplate) p.promptText = *c.promptTemplate;
            if (!given("--max_new_tokens") && c.maxNewTokens) p.maxNewTokens = *c.maxNewTokens;
            if (!given("--radgraph_model") && c.radgraphModel) p.radgraphModel = *c.radgraphModel;
            if (!given("--temperature") && c.temperature) p.temperature = float(*c.temperature);
            if (!given("--top_p") && c.topP) p.topP = float(*c.topP);
            if (c.doSample && !p.doSample) p.doSample = *c.doSample;
        }
        if (!p.promptFile.empty() && !p.promptText.empty())
            throw Error("--prompt_file / --prompt_text", "give one prompt template, not both");
        if (p.radgraphModel == "none") p.radgraphModel.clear();
        p.chatTemplate = !o->noChatTemplate;
        p.perTokenActivations = o->activationScales == "token";
        installInterruptHandler();
        ProgressDisplay display;
        const nlohmann::json results = runEvaluate(
            p, [&display](const EvaluateProgress& pr) { return display(pr); }, [&display](const std::string& line) { display.log(line); });
        std::fprintf(stderr, "\n");
        std::cout << formatEvaluationSummary(results);
        std::cout << "saved " << p.outputDir << "\n";
        return 0;
    };
}

}  // namespace medawq::cli

namespace medawq::cli {

Action addScore(CLI::App& app) {
    auto p = std::make_shared<ScoreParams>();
    app.add_option("-i,--input", p->inputPath, "Table with reference and generated reports (CSV, XLSX, JSONL)")->required();
    app.add_option("-o,--output", p->outputPath, "Scored table (default <input>_with_scores.csv)");
    app.add_option("--ref-column,--ref_column", p->refColumn, "Reference column (default Ground_Truth)");
    app.add_option("--hyp-column,--hyp_column", p->hypColumn, "Generated report column (default Generated_Report)");
    app.add_option("--radgraph_model,--model", p->radgraphModel, "radgraph-xl | modern-radgraph-xl | radgraph; none = skip");
    app.add_option("--radgraph_rule", p->radgraphRule, "0.1.18 (default) | head");
    app.add_option("--uncertain", p->uncertainAs, "CheXpert-phrase labels: uncertain counts as positive | negative")
        ->check(CLI::IsMember({"positive", "negative"}));
    app.add_option("--bootstrap", p->bootstrapResamples, "Bootstrap resamples (default 500)");
    app.add_flag("--strip_headers", p->stripHeaders, "Drop Findings:/Impression: headers before scoring");
    return [p]() {
        if (p->radgraphModel == "none") p->radgraphModel.clear();
        const nlohmann::json s = runScore(*p, [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
        std::cout << formatScoreSummary(s);
        return 0;
    };
}

}  // namespace medawq::cli
