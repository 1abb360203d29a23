#include "jobs/calibration_texts.h"

#include <medawq/errors.h>
#include <medawq/tokenizer.h>

#include <numeric>
#include <random>

namespace medawq {

std::vector<size_t> drawRows(size_t rows, int64_t numSamples, uint64_t seed) {
    std::vector<size_t> order(rows);
    std::iota(order.begin(), order.end(), size_t(0));
    std::mt19937_64 rng(seed);
    // Fisher-Yates with our own index draw: the same seed gives the same rows on every platform.
    for (size_t i = rows; i > 1; --i) std::swap(order[i - 1], order[size_t(rng() % i)]);
    if (numSamples > 0 && size_t(numSamples) < rows) order.resize(size_t(numSamples));
    return order;
}

CalibrationTexts renderCalibrationTexts(const Table& table, const CalibrationTextOptions& o,
                                        const Tokenizer* chatTokenizer) {
    CalibrationTexts out;
    out.rowsRead = int64_t(table.rows.size());
    out.warnings = table.warnings;
    PromptTemplate tpl;
    const bool useTemplate = !o.promptFile.empty() || !o.promptTemplate.empty();
    if (!o.promptFile.empty()) tpl = loadPromptTemplate(o.promptFile);
    else if (!o.promptTemplate.empty()) tpl = PromptTemplate{"<inline>", o.promptTemplate};
    if (!useTemplate) {
        if (o.textColumns.empty()) throw Error(table.path, "no text column chosen");
        for (const std::string& c : o.textColumns)
            if (table.columnIndex(c) < 0)
                throw Error(table.path, "no column '" + c + "' (--text_column); columns are: " + describeColumns(table.columns));
    }
    out.templateText = useTemplate ? tpl.text : "";
    const std::vector<size_t> rows = drawRows(table.rows.size(), o.numSamples, o.seed);
    out.rowsDrawn = int64_t(rows.size());
    for (size_t r : rows) {
        std::string text;
        if (useTemplate) {
            text = tpl.fill(table, r, o.textColumns.empty() ? "text" : o.textColumns.front());
        } else {
            for (const std::string& c : o.textColumns) {
                const std::string& cell = table.cell(r, c);
                if (cell.empty()) continue;
                if (!text.empty()) text += "\n";
                text += cell;
            }
        }
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
            ++out.rowsEmpty;
            continue;
        }
        if (o.chatTemplate && chatTokenizer) text = chatTokenizer->chatPrompt(text);
        out.texts.push_back(std::move(text));
    }
    return out;
}

}  // namespace medawq
