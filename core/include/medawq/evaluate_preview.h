// What the evaluate job would make of its inputs, before any model loads: the reference column
// it would score against, the prompt of the first case filled from the table, whether the
// template would leak the reference into the prompt, how many cases it would draw, and whether
// RadGraph F1 can be computed on this machine (and why not). Made by the job's own code
// (jobs/eval_cases, eval/radgraph_bridge), so the page shows exactly what the run will do.
//
//   medawq::EvaluateParams p;
//   p.evalDataPath = "resources/demo/data/eval.csv";
//   p.promptFile = "resources/demo/data/prompt.txt";
//   medawq::EvaluationPromptPreview v = medawq::previewEvaluationPrompt(p);
//   if (!v.leak.empty()) puts(v.leak.c_str());          // the run would refuse this template
//   medawq::RadGraphStatus r = medawq::radgraphStatus("radgraph-xl");   // starts Python: seconds
//
// Both read files or start a process: call them off the GUI thread. Neither throws for a
// problem a user can cause; the problem is returned as text ("<file>: <problem>").
#pragma once

#include <medawq/evaluate.h>

#include <cstdint>
#include <string>

namespace medawq {

struct EvaluationPromptPreview {
    std::string referenceColumn;  // the column scored against; "" = against the original model only
    std::string filledPrompt;     // the first case's prompt, before the model's chat template
    int64_t firstRow = -1;        // its 0-based data row; -1 when no prompt could be filled
    int64_t rowsRead = 0;         // rows in the table
    int64_t cases = 0;            // rows the job would draw (numSamples, or all)
    // The run would refuse the template because it puts the reference into the prompt.
    std::string leak;
    // Anything else the run would refuse (unreadable table, unknown column, bad template).
    std::string problem;
};

// Reads params.evalDataPath, params.promptFile (or promptText), params.referenceColumn,
// params.textColumn, params.numSamples and params.seed.
EvaluationPromptPreview previewEvaluationPrompt(const EvaluateParams& params);

struct RadGraphStatus {
    bool available = false;
    std::string reason;          // why not, in one sentence; "" when available
    std::string python;          // the interpreter that was asked
    std::string packageVersion;  // the radgraph package's version when available
};

// Asks the user's Python whether the `radgraph` package and its `modelType` weights are there
// (the scorer script's --probe). modelType "" = RadGraph switched off: not available, with that
// as the reason.
RadGraphStatus radgraphStatus(const std::string& modelType);

}  // namespace medawq
