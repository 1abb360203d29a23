#include "commands.h"

#include <medawq/errors.h>
#include <medawq/generation.h>

#include <iostream>
#include <memory>
#include <sstream>

namespace medawq::cli {

std::vector<int> parseIdList(const std::string& text) {
    std::vector<int> ids;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        try {
            size_t used = 0;
            const long v = std::stol(item, &used);
            if (used != item.size() || v < 0 || v > INT32_MAX) throw std::invalid_argument(item);
            ids.push_back(int(v));
        } catch (const std::exception&) {
            throw Error("--input-ids", "'" + item + "' is not a token id (expected e.g. 2,651,1234)");
        }
    }
    if (ids.empty()) throw Error("--input-ids", "no ids given");
    return ids;
}

Action addLogits(CLI::App& app) {
    struct Opts { std::string model, ids, output, device = "cpu", dtype = "float32", image; };
    auto o = std::make_shared<Opts>();
    app.add_option("--model", o->model, "Model folder")->required();
    app.add_option("--input-ids", o->ids, "Comma-separated token ids")->required();
    app.add_option("--output", o->output, "Output .safetensors (tensor 'logits' F32 [1, T, vocab])")->required();
    app.add_option("--device", o->device, "cpu | cuda | cuda:N");
    app.add_option("--dtype", o->dtype, "float32 (default: weights upcast) | bfloat16 | float16");
    app.add_option("--image", o->image,
                   "Image (PNG, JPEG or DICOM) whose features fill the image-token run already in --input-ids");
    return [o]() {
        const std::vector<int> ids = parseIdList(o->ids);
        LoadOptions lo;
        lo.device = o->device;
        lo.dtype = o->dtype;
        auto model = LanguageModel::load(o->model, lo);
        model->writeLogits(ids, o->output, o->image);
        std::cout << "wrote logits [1, " << ids.size() << ", " << model->vocabSize() << "] (" << model->dtype()
                  << " on " << model->device() << ") to " << o->output;
        if (!o->image.empty()) std::cout << " with image " << o->image;
        if (model->packedLinears() > 0) std::cout << "; " << model->packedLinears() << " linears 4-bit (W4A16 kernels)";
        std::cout << "\n";
        return 0;
    };
}

}  // namespace medawq::cli
