// The cases of an evaluation: rows drawn from the eval table with a fixed seed, each with the
// prompt the models see, the reference report (when the table has one) and the prompt's fields
// (indication, view, ...) for the side-by-side viewer.
#pragma once

#include <medawq/evaluate.h>
#include <medawq/table.h>

#include <string>
#include <utility>
#include <vector>

namespace medawq {

struct EvalCase {
    size_t row = 0;                    // 0-based data row of the table
    std::string prompt;                // before the chat template
    std::string reference;             // "" when the table has no reference column
    std::vector<std::pair<std::string, std::string>> fields;  // the template's placeholders, filled
    std::string imagePath;             // resolved; "" when the evaluation has no image column
};

struct EvalCases {
    std::vector<EvalCase> cases;
    std::string referenceColumn;       // "" when none
    std::string templateText;          // "" when the text column is the prompt
    int64_t rowsRead = 0;
    int64_t rowsSkipped = 0;           // empty prompt
    std::string imageColumn;           // "" when the prompts have no image
    int64_t rowsMissingImage = 0;      // drawn rows skipped because their image file is missing
    std::vector<std::string> warnings;
};

// Throws Error naming the file: unknown columns, a template that puts the reference column into
// the prompt, no usable rows.
EvalCases buildEvalCases(const Table& table, const EvaluateParams& params);

// The image column: `requested` when given (must exist; "none" = no images), else Image_Path
// when the table has it; "" when none.
std::string findImageColumn(const Table& table, const std::string& requested);
// A table cell's image path made absolute: relative paths are relative to the table's folder.
std::string resolveImagePath(const Table& table, const std::string& cell);
// Row `row`'s image: its resolved path, or "" with `warning` naming the row and the path when the
// cell is empty or the file is missing (the users' most common sheet error: the row is skipped).
std::string rowImage(const Table& table, size_t row, const std::string& imageColumn, std::string& warning);

// The reference column: `requested` when given (must exist), else `textColumn` when present,
// else the first of the usual names; "" when none.
std::string findReferenceColumn(const Table& table, const std::string& requested, const std::string& textColumn);

}  // namespace medawq
