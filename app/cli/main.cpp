// medawq: the headless command line. Every step of the workbench runs from here too.
#include "commands.h"

#include <medawq/errors.h>

#include <iostream>
#include <vector>

int main(int argc, char** argv) {
    CLI::App app{"MedAWQ: quantize medical report-generation LLMs to 4-bit AWQ and measure the cost"};
    app.require_subcommand(1);
    std::vector<std::pair<CLI::App*, medawq::cli::Action>> commands;
    auto add = [&](const char* name, const char* help, medawq::cli::Action (*make)(CLI::App&)) {
        CLI::App* sub = app.add_subcommand(name, help);
        commands.emplace_back(sub, make(*sub));
    };
    add("generate", "Generate text from a prompt and print tokens/s", medawq::cli::addGenerate);
    add("logits", "Write the float32 logits of every position for given token ids", medawq::cli::addLogits);
    add("quantize", "Quantize a model to 4-bit AWQ (five stages; flags of quantize_medgamma_awq.py)",
        medawq::cli::addQuantize);
    add("test", "Generate one sample report with a (quantized) model", medawq::cli::addTest);
    add("dequantize", "Write the decoder weights as the runtime computes them (float32), for format checks",
        medawq::cli::addDequantize);
    add("perplexity", "Perplexity of reference answers given their prompts", medawq::cli::addPerplexity);
    add("evaluate", "FP16 vs quantized models on an eval table: reports, F1 metrics, speed, GPU memory (evaluate_awq_model.py's flags)",
        medawq::cli::addEvaluate);
    add("score", "Score reports that already exist in a table (evaluate_f1_radgraph_csv.py's flags)", medawq::cli::addScore);
    add("label", "CheXpert-phrase labels (rule-based) for a table's reports; --iu-benchmark compares with IU X-ray MeSH terms",
        medawq::cli::addLabel);
    add("bench", "Prefill/decode speed, achieved GB/s against the GPU's limit, peak memory (a model folder or a random-weight shape)",
        medawq::cli::addBench);
    add("report", "The experiment report of an evaluation run: PDF, Markdown, CSV (runs medawq-report, built with Qt)",
        medawq::cli::addReport);
    add("inspect", "Describe a model folder: architecture, parameters, dtypes, sizes", medawq::cli::addInspect);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        for (auto& [sub, action] : commands)
            if (sub->parsed()) return action();
    } catch (const medawq::Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    } catch (const medawq::Cancelled&) {
        std::cerr << "cancelled\n";
        return 130;
    } catch (const std::exception& e) {
        std::cerr << "internal error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
