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
};

struct EvalCases {
    std::vector<EvalCase> cases;
    std::string referenceColumn;       // "" when none
    std::string templateText;          // "" when the text column is the prompt
    int64_t rowsRead = 0;
    int64_t rowsSkipped = 0;           // empty prompt
    std::vector<std::string> warnings;
};

// Throws Error naming the file: unknown columns, a template that puts the reference column into
// the prompt, no usable rows.
EvalCases buildEvalCases(const Table& table, const EvaluateParams& params);

// The reference column: `requested` when given (must exist), else `textColumn` when present,
// else the first of the usual names; "" when none.
std::string findReferenceColumn(const Table& table, const std::string& requested, const std::string& textColumn);

}  // namespace medawq
