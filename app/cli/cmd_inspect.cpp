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

}  // namespace medawq::cli
