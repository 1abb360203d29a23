// previewEvaluationPrompt and radgraphStatus (see evaluate_preview.h). The cases come from the
// job's own buildEvalCases and the leak check is the template's own, so the page can never show
// a prompt, a case count or a refusal that the run would not.
#include <medawq/errors.h>
#include <medawq/evaluate_preview.h>
#include <medawq/table.h>

#include "eval/radgraph_bridge.h"
#include "jobs/calibration_texts.h"
#include "jobs/eval_cases.h"

namespace medawq {

EvaluationPromptPreview previewEvaluationPrompt(const EvaluateParams& p) {
    EvaluationPromptPreview out;
    try {
        if (p.evalDataPath.empty()) throw Error("--eval_data", "no evaluation table given");
        const Table table = readTable(p.evalDataPath);
        out.rowsRead = int64_t(table.rows.size());
        out.referenceColumn = findReferenceColumn(table, p.referenceColumn, p.textColumn);
        if (p.promptFile.empty() && p.promptText.empty())
            throw Error("--prompt_file", "no prompt template chosen");
        const PromptTemplate tpl =
            !p.promptFile.empty() ? loadPromptTemplate(p.promptFile) : PromptTemplate{"--prompt_text", p.promptText};
        if (!out.referenceColumn.empty()) {
            try {
                tpl.checkNoLeak(out.referenceColumn, p.textColumn);
            } catch (const Error& e) {
                out.leak = e.what();
            }
        }
        if (out.leak.empty()) {
            // Everything else the job checks (columns, images, empty prompts), by the job's code.
            const EvalCases cases = buildEvalCases(table, p);
            out.cases = int64_t(cases.cases.size());
            out.firstRow = int64_t(cases.cases.front().row);
            out.filledPrompt = cases.cases.front().prompt;
        } else {
            // The job refuses to build cases now; still show what the model would have been given.
            const std::vector<size_t> rows = drawRows(table.rows.size(), p.numSamples, p.seed);
            out.cases = int64_t(rows.size());
            if (!rows.empty()) {
                out.firstRow = int64_t(rows.front());
                out.filledPrompt = tpl.fill(table, rows.front(), p.textColumn);
            }
        }
    } catch (const std::exception& e) {
        out.problem = e.what();
        out.filledPrompt.clear();
        out.firstRow = -1;
    }
    return out;
}

RadGraphStatus radgraphStatus(const std::string& modelType) {
    RadGraphStatus out;
    if (modelType.empty()) {
        out.reason = "RadGraph F1 is switched off";
        return out;
    }
    const RadGraphAvailability a = RadGraphBridge(modelType).probe();
    out.available = a.available;
    out.reason = a.available ? std::string() : a.reason;
    out.python = a.python;
    out.packageVersion = a.packageVersion;
    return out;
}

}  // namespace medawq
