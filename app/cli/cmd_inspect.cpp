#include "commands.h"

#include <medawq/model.h>

#include <iostream>
#include <memory>

namespace medawq::cli {

Action addInspect(CLI::App& app) {
    auto model = std::make_shared<std::string>();
    app.add_option("--model", *model, "Model folder")->required();
    return [model]() {
        std::cout << formatModelInfo(inspectModel(*model));
        return 0;
    };
}

Action addDequantize(CLI::App& app) {
    auto model = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    app.add_option("--model", *model, "Model folder (AWQ or 16-bit)")->required();
    app.add_option("--output", *out, "Output .safetensors with every decoder Linear's weight in float32")->required();
    return [model, out]() {
        exportDenseWeights(*model, *out);
        std::cout << "wrote " << *out << "\n";
        return 0;
    };
}

}  // namespace medawq::cli
