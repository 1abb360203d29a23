// The medawq subcommands. Each `add*` registers its options on the app and returns the action
// to run when that subcommand was chosen. Errors are medawq::Error (exit code 2).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace medawq::cli {

using Action = std::function<int()>;

// "2,651,1234" -> ids (Error naming --input-ids for anything else).
std::vector<int> parseIdList(const std::string& text);

Action addGenerate(CLI::App& app);
Action addLogits(CLI::App& app);
Action addInspect(CLI::App& app);
Action addQuantize(CLI::App& app);
Action addTest(CLI::App& app);
Action addDequantize(CLI::App& app);
Action addPerplexity(CLI::App& app);
Action addEvaluate(CLI::App& app);
Action addScore(CLI::App& app);
Action addLabel(CLI::App& app);
Action addBench(CLI::App& app);
Action addReport(CLI::App& app);  // runs medawq-report (Qt) from the same folder

}  // namespace medawq::cli
