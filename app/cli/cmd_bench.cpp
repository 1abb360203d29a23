#include "commands.h"

#include <medawq/bench.h>
#include <medawq/errors.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

namespace medawq::cli {

Action addBench(CLI::App& app) {
    struct Opts { BenchParams p; std::string format = "md", output; };
    auto o = std::make_shared<Opts>();
    auto* model = app.add_option("--model", o->p.modelDir, "Model folder (16-bit or AWQ)");
    auto* shape = app.add_option("--shape", o->p.shape, "Random-weight model built in memory: mistral-7b | gemma3-4b | gemma3-27b");
    model->excludes(shape);
    app.add_option("--quant", o->p.quant, "With --shape: awq (W4 g128) | bf16")->check(CLI::IsMember({"awq", "bf16"}));
    app.add_option("--prompt", o->p.prompt, "Prompt tokens (random ids; default 512)");
    app.add_option("--new", o->p.newTokens, "New tokens per run, EOS ignored (default 256)");
    app.add_option("--batch", o->p.batch, "Sequences at once (default 1; the graphed decode step takes batch 1)");
    app.add_option("--repeat", o->p.repeats, "Timed runs after one warm-up (default 3)");
    app.add_option("--device", o->p.device, "cuda (default) | cpu");
    app.add_option("--format", o->format, "md | csv | json")->check(CLI::IsMember({"md", "csv", "json"}));
    app.add_option("-o,--output", o->output, "Also write the result as JSON to this file");
    app.add_option("--trace", o->p.tracePath,
                   "After the timed runs, profile one more run and write its Chrome trace (every kernel) here (CUDA builds)");
    app.add_option("--trace-new", o->p.traceTokens, "New tokens of the traced run (default 32)");
    return [o]() {
        const nlohmann::json r = runBench(o->p, [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
        std::fputs(formatBench(r, o->format).c_str(), stdout);
        if (!o->output.empty()) {  // written beside, then renamed: an earlier result is never half-replaced
            const std::string partial = o->output + ".partial";
            {
                std::ofstream out(partial);
                if (!(out << r.dump(2) << "\n")) throw Error(o->output, "cannot write the result");
            }
            std::error_code ec;
            std::filesystem::rename(partial, o->output, ec);
            if (ec) throw Error(o->output, "cannot write the result: " + ec.message());
        }
        return 0;
    };
}

}  // namespace medawq::cli
