#include "commands.h"

#include <medawq/errors.h>
#include <medawq/generation.h>

#include <cstdio>
#include <iostream>
#include <memory>

namespace medawq::cli {

Action addGenerate(CLI::App& app) {
    struct Opts {
        std::string model, prompt, inputIds, device = "cpu", dtype = "auto", image;
        int maxNew = 128;
        bool greedy = false, raw = false, ignoreEos = false;
        float temperature = 0, topP = 1.0f;
        uint64_t seed = 0;
    };
    auto o = std::make_shared<Opts>();
    app.add_option("--model", o->model, "Model folder (Hugging Face layout)")->required();
    auto* prompt = app.add_option("--prompt", o->prompt, "User prompt (wrapped in the model's chat format unless --raw)");
    auto* ids = app.add_option("--input-ids", o->inputIds,
                               "Token ids instead of a prompt (comma-separated, used as is); prints the new ids");
    prompt->excludes(ids);
    auto* maxNew = app.add_option("--max-new-tokens", o->maxNew, "Maximum new tokens (default 128; 300 with --image, "
                                                                 "the MedGemma users' setting)")
                       ->check(CLI::Range(1, 32768));
    app.add_option("--device", o->device, "cpu | cuda | cuda:N");
    app.add_option("--dtype", o->dtype, "auto | float32 | bfloat16 | float16");
    app.add_flag("--greedy", o->greedy, "Greedy decoding (the default unless --temperature is given)");
    app.add_option("--temperature", o->temperature, "Sampling temperature (> 0 enables sampling)");
    app.add_option("--top-p", o->topP, "Nucleus sampling mass")->check(CLI::Range(0.0, 1.0));
    app.add_option("--seed", o->seed, "Sampling seed");
    app.add_option("--image", o->image,
                   "Image for the prompt (PNG, JPEG or DICOM; Gemma 3 multimodal models): one user turn "
                   "holding the image, then the prompt");
    app.add_flag("--raw", o->raw, "Use the prompt as is, without the chat format");
    app.add_flag("--ignore-eos", o->ignoreEos, "Always generate --max-new-tokens tokens");
    return [o, maxNew]() {
        if (!o->image.empty() && maxNew->count() == 0) o->maxNew = 300;
        LoadOptions lo;
        lo.device = o->device;
        lo.dtype = o->dtype;
        auto model = LanguageModel::load(o->model, lo);
        GenerationOptions go;
        go.maxNewTokens = o->maxNew;
        go.greedy = o->greedy || o->temperature <= 0;
        go.temperature = o->temperature > 0 ? o->temperature : 1.0f;
        go.topP = o->topP;
        go.seed = o->seed;
        go.stopAtEos = !o->ignoreEos;
        go.imagePath = o->image;
        if (o->prompt.empty() && o->inputIds.empty()) throw Error("generate", "give --prompt or --input-ids");
        GenerationResult r;
        if (!o->inputIds.empty()) {
            // The ids are used as they are (with --image they must hold the image-token run).
            r = model->generateIds(parseIdList(o->inputIds), go, {});
            std::string line = "new_ids:";
            for (size_t i = 0; i < r.newIds.size(); ++i) line += (i ? "," : " ") + std::to_string(r.newIds[i]);
            std::cout << line << "\n";
        } else {
            // --raw with --image: the prompt must already hold the image-token run.
            const std::string text = o->raw ? o->prompt
                                     : o->image.empty() ? model->chatPrompt(o->prompt)
                                                        : model->imageChatPrompt(o->prompt);
            r = model->generate(text, go, [](const std::string& piece) {
                std::cout << piece << std::flush;
                return true;
            });
            std::cout << "\n";
        }
        std::fprintf(stderr,
                     "[%s, %s on %s] prompt %zu tokens, prefill %.1f ms (%.1f tokens/s); %zu new tokens, decode %.2f "
                     "tokens/s\n",
                     model->family().c_str(), model->dtype().c_str(), model->device().c_str(), r.promptIds.size(),
                     r.prefillSeconds * 1e3, r.prefillSeconds > 0 ? r.promptIds.size() / r.prefillSeconds : 0.0,
                     r.newIds.size(), r.decodeTokensPerSecond());
        return 0;
    };
}

}  // namespace medawq::cli
