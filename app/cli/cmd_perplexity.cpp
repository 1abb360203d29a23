#include "commands.h"

#include <medawq/generation.h>
#include <medawq/perplexity.h>

#include <cstdio>
#include <memory>

namespace medawq::cli {

Action addPerplexity(CLI::App& app) {
    struct Opts { std::string model, data, promptFile, column = "text", device = "cpu", dtype = "auto"; size_t rows = 0; };
    auto o = std::make_shared<Opts>();
    app.add_option("--model", o->model, "Model folder (16-bit or AWQ)")->required();
    app.add_option("--eval_data", o->data, "Table with the prompts' columns and the reference answers")->required();
    app.add_option("--prompt_file", o->promptFile, "Prompt template with {column} placeholders")->required();
    app.add_option("--reference_column", o->column, "Column holding the reference answer (default text)");
    app.add_option("--num_samples", o->rows, "First N rows (default all)");
    app.add_option("--device", o->device, "cpu | cuda");
    app.add_option("--dtype", o->dtype, "auto | float32 | bfloat16 | float16");
    return [o]() {
        LoadOptions lo;
        lo.device = o->device;
        lo.dtype = o->dtype;
        auto model = LanguageModel::load(o->model, lo);
        const PerplexityResult r =
            answerPerplexity(*model, readTable(o->data), loadPromptTemplate(o->promptFile), o->column, o->rows);
        std::printf("perplexity %.6f (mean NLL %.6f nats over %lld answer tokens, %zu rows)\n", r.perplexity, r.meanNll,
                    r.tokens, r.rows);
        return 0;
    };
}

}  // namespace medawq::cli
