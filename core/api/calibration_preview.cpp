// previewCalibration: stage 2 of the quantize job without the job (see calibration_preview.h).
// It calls the job's own renderCalibrationTexts and packCalibration rather than counting anew,
// so a preview can never disagree with the run.
#include <medawq/calibration_preview.h>
#include <medawq/errors.h>
#include <medawq/table.h>
#include <medawq/tokenizer.h>

#include "jobs/calibration_texts.h"
#include "quant/calibration_set.h"

#include <algorithm>

namespace medawq {

CalibrationPreview previewCalibration(const QuantizeParams& p) {
    if (p.calibrationPath.empty()) throw Error("--calibration_data", "no calibration data chosen");
    const std::unique_ptr<Tokenizer> tokenizer = Tokenizer::fromModelDirectory(p.modelPath);
    const Table table = readTable(p.calibrationPath);
    const CalibrationTextOptions to{p.textColumns, p.promptFile, p.promptTemplate, p.chatTemplate, p.numSamples, p.seed};
    const CalibrationTexts texts = renderCalibrationTexts(table, to, tokenizer.get());

    CalibrationPreview out;
    out.rowsRead = texts.rowsRead;
    out.rowsDrawn = texts.rowsDrawn;
    out.rowsEmpty = texts.rowsEmpty;
    out.warnings = texts.warnings;
    if (!texts.texts.empty()) out.firstText = texts.texts.front();
    const bool addBos = tokenizer->addsBos() && tokenizer->bosId() >= 0;
    int64_t sum = 0;
    out.tokensMin = texts.texts.empty() ? 0 : INT64_MAX;
    for (const std::string& t : texts.texts) {
        const int64_t n = int64_t(tokenizer->encode(t, addBos).size());
        out.tokensMin = std::min(out.tokensMin, n);
        out.tokensMax = std::max(out.tokensMax, n);
        sum += n;
    }
    out.tokensMean = texts.texts.empty() ? 0.0 : double(sum) / double(texts.texts.size());

    CalibrationOptions co;
    co.seqlen = p.seqlen;
    co.truncateLong = p.truncateLong;
    co.bosPerBlock = p.bosPerBlock;
    co.maxBlocks = p.maxBlocks;
    const CalibrationBlocks blocks = packCalibration(texts.texts, *tokenizer, co);
    out.textsUsed = blocks.stats.textsUsed;
    out.truncated = blocks.stats.truncated;
    out.skippedTooLong = blocks.stats.skippedTooLong;
    out.blocks = blocks.stats.blocks;
    out.tokensUsed = blocks.stats.tokensUsed;
    out.tokensDiscarded = blocks.stats.tokensDiscarded;
    return out;
}

}  // namespace medawq
