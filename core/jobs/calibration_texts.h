// Stage 2's first half: rows drawn from a calibration table with a fixed seed and rendered to
// text (a prompt template, or the chosen text columns joined by newlines).
#pragma once

#include <medawq/table.h>

#include <cstdint>
#include <string>
#include <vector>

namespace medawq {

class Tokenizer;

struct CalibrationTextOptions {
    std::vector<std::string> textColumns = {"text"};
    std::string promptFile;
    std::string promptTemplate;
    bool chatTemplate = false;
    int64_t numSamples = 500;
    uint64_t seed = 42;
};

struct CalibrationTexts {
    std::vector<std::string> texts;
    int64_t rowsRead = 0;
    int64_t rowsDrawn = 0;
    int64_t rowsEmpty = 0;
    std::string templateText;   // what was used, for quantization_info.json
    std::vector<std::string> warnings;
};

// Seeded draw without replacement (all rows when numSamples >= rows), in drawn order.
std::vector<size_t> drawRows(size_t rows, int64_t numSamples, uint64_t seed);

CalibrationTexts renderCalibrationTexts(const Table& table, const CalibrationTextOptions& options,
                                        const Tokenizer* chatTokenizer);

}  // namespace medawq
