#include "jobs/eval_cases.h"

#include "jobs/calibration_texts.h"

#include <medawq/errors.h>

namespace medawq {

std::string findReferenceColumn(const Table& table, const std::string& requested) {
    if (!requested.empty()) {
        if (table.columnIndex(requested) < 0)
            throw Error(table.path, "no reference column '" + requested + "'; columns are: " + describeColumns(table.columns));
        return requested;
    }
    // The users' sheets name it Ground_Truth; MIMIC-style tables findings or report.
    for (const char* name : {"Ground_Truth", "ground_truth", "reference", "Reference", "report", "findings"})
        if (table.columnIndex(name) >= 0) return name;
    return "";
}

EvalCases buildEvalCases(const Table& table, const EvaluateParams& p) {
    EvalCases out;
    out.rowsRead = int64_t(table.rows.size());
    out.warnings = table.warnings;
    out.referenceColumn = findReferenceColumn(table, p.referenceColumn);

    PromptTemplate tpl;
    const bool useTemplate = !p.promptFile.empty() || !p.promptText.empty();
    if (!p.promptFile.empty()) tpl = loadPromptTemplate(p.promptFile);
    else if (useTemplate) tpl = PromptTemplate{"--prompt_text", p.promptText};
    if (useTemplate) {
        // A prompt that contains the answer measures nothing: refuse, naming the column.
        if (!out.referenceColumn.empty()) tpl.checkNoLeak(out.referenceColumn, p.textColumn);
        out.templateText = tpl.text;
    } else {
        if (table.columnIndex(p.textColumn) < 0)
            throw Error(table.path, "no column '" + p.textColumn + "' (--text_column) to use as the prompt; columns are: " +
                                        describeColumns(table.columns) + " (or give --prompt_file)");
        if (p.textColumn == out.referenceColumn)
            throw Error(table.path, "the prompt column '" + p.textColumn +
                                        "' is also the reference report: the models would be shown the answer");
    }
    const std::vector<std::string> placeholders = useTemplate ? tpl.placeholders() : std::vector<std::string>{};
    for (size_t r : drawRows(table.rows.size(), p.numSamples, p.seed)) {
        EvalCase c;
        c.row = r;
        c.prompt = useTemplate ? tpl.fill(table, r, p.textColumn) : table.cell(r, p.textColumn);
        if (c.prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
            ++out.rowsSkipped;
            continue;
        }
        if (!out.referenceColumn.empty()) c.reference = table.cell(r, out.referenceColumn);
        for (const std::string& name : placeholders)
            if (table.columnIndex(name) >= 0) c.fields.emplace_back(name, table.cell(r, name));
        out.cases.push_back(std::move(c));
    }
    if (out.cases.empty()) throw Error(table.path, "no row gives a non-empty prompt");
    return out;
}

}  // namespace medawq
