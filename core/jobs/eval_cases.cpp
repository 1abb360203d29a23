#include "jobs/eval_cases.h"

#include "jobs/calibration_texts.h"

#include <medawq/errors.h>

#include <filesystem>

namespace medawq {

std::string findImageColumn(const Table& table, const std::string& requested) {
    if (requested == "none") return "";
    if (!requested.empty()) {
        if (table.columnIndex(requested) < 0)
            throw Error(table.path, "no image column '" + requested + "'; columns are: " + describeColumns(table.columns));
        return requested;
    }
    return table.columnIndex("Image_Path") >= 0 ? "Image_Path" : "";
}

std::string resolveImagePath(const Table& table, const std::string& cell) {
    namespace fs = std::filesystem;
    const fs::path p(cell);
    if (p.is_absolute()) return p.lexically_normal().string();
    return (fs::path(table.path).parent_path() / p).lexically_normal().string();
}

std::string rowImage(const Table& table, size_t row, const std::string& imageColumn, std::string& warning) {
    const std::string cell = table.cell(row, imageColumn);
    const bool empty = cell.find_first_not_of(" \t\r\n") == std::string::npos;
    const std::string path = empty ? std::string() : resolveImagePath(table, cell);
    std::error_code ec;
    if (!empty && std::filesystem::is_regular_file(path, ec)) return path;
    warning = "data row " + std::to_string(row + 1) + " (sheet row " + std::to_string(row + 2) + "): image " +
              (empty ? std::string("path is empty") : "'" + cell + "' not found (" + path + ")") + "; row skipped";
    return {};
}

std::string findReferenceColumn(const Table& table, const std::string& requested, const std::string& textColumn) {
    if (!requested.empty()) {
        if (table.columnIndex(requested) < 0)
            throw Error(table.path, "no reference column '" + requested + "'; columns are: " + describeColumns(table.columns));
        return requested;
    }
    if (!textColumn.empty() && table.columnIndex(textColumn) >= 0) return textColumn;
    // The users' sheets name it Ground_Truth; MIMIC-style tables findings or report.
    for (const char* name : {"Ground_Truth", "ground_truth", "reference", "Reference", "report", "findings"})
        if (table.columnIndex(name) >= 0) return name;
    return "";
}

EvalCases buildEvalCases(const Table& table, const EvaluateParams& p) {
    EvalCases out;
    out.rowsRead = int64_t(table.rows.size());
    out.warnings = table.warnings;
    out.referenceColumn = findReferenceColumn(table, p.referenceColumn, p.textColumn);
    out.imageColumn = findImageColumn(table, p.imageColumn);

    if (p.promptFile.empty() && p.promptText.empty())
        throw Error("--prompt_file", "no prompt template: give --prompt_file or --prompt_text with {column} placeholders "
                                     "filled from " + table.path + " (columns: " + describeColumns(table.columns) + ")");
    const PromptTemplate tpl = !p.promptFile.empty() ? loadPromptTemplate(p.promptFile) : PromptTemplate{"--prompt_text", p.promptText};
    // A prompt that contains the answer measures nothing: refuse, naming the column. (A template
    // without placeholders gets the row's text column appended, as the users' script did.)
    if (!out.referenceColumn.empty()) tpl.checkNoLeak(out.referenceColumn, p.textColumn);
    out.templateText = tpl.text;
    const std::vector<std::string> placeholders = tpl.placeholders();
    for (size_t r : drawRows(table.rows.size(), p.numSamples, p.seed)) {
        EvalCase c;
        c.row = r;
        c.prompt = tpl.fill(table, r, p.textColumn);
        if (c.prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
            ++out.rowsSkipped;
            continue;
        }
        if (!out.imageColumn.empty()) {
            std::string warning;
            c.imagePath = rowImage(table, r, out.imageColumn, warning);
            if (c.imagePath.empty()) {
                ++out.rowsMissingImage;
                out.warnings.push_back(warning);
                continue;
            }
        }
        if (!out.referenceColumn.empty()) c.reference = table.cell(r, out.referenceColumn);
        for (const std::string& name : placeholders)
            if (table.columnIndex(name) >= 0) c.fields.emplace_back(name, table.cell(r, name));
        out.cases.push_back(std::move(c));
    }
    if (out.cases.empty())
        throw Error(table.path, out.rowsMissingImage ? "no drawn row has an image file that exists (column '" + out.imageColumn + "')"
                                                     : std::string("no row gives a non-empty prompt"));
    return out;
}

}  // namespace medawq
