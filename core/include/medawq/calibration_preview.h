// What the quantize job's stage 2 would make of a calibration set, before any run: the rows it
// draws, rendered and tokenized with the model's tokenizer and packed into blocks by the very
// code the job uses, so the numbers shown before a run are the numbers the run will get.
// Reads the table and the tokenizer only (no weights); thread-safe; call it off the GUI thread
// (a few hundred rows take milliseconds, a table of 100,000 rows some seconds).
//
//   medawq::QuantizeParams p;                 // modelPath, calibrationPath, textColumns or
//   p.modelPath = "resources/demo/model";     // promptFile, numSamples, seqlen, maxBlocks, seed,
//   p.calibrationPath = "calibration.csv";    // chatTemplate and the preset's truncateLong /
//   medawq::CalibrationPreview c = medawq::previewCalibration(p);   // bosPerBlock are read
//   printf("%lld blocks of %lld tokens\n", c.blocks, p.seqlen);
//
// Throws medawq::Error for everything the job would refuse in stage 2: an unreadable table, a
// missing column, a bad template, too little text for one block ("use more samples or a shorter
// --seqlen").
#pragma once

#include <medawq/quantize.h>

#include <cstdint>
#include <string>
#include <vector>

namespace medawq {

struct CalibrationPreview {
    int64_t rowsRead = 0;        // rows in the table
    int64_t rowsDrawn = 0;       // drawn with the seed (all when numSamples >= rows)
    int64_t rowsEmpty = 0;       // drawn rows whose text was empty
    int64_t textsUsed = 0;       // texts that went into blocks
    int64_t truncated = 0;       // longer than seqlen, cut (medawq preset)
    int64_t skippedTooLong = 0;  // longer than seqlen, dropped (autoawq preset)
    int64_t tokensMin = 0, tokensMax = 0;  // per rendered text, BOS included
    double tokensMean = 0;
    int64_t blocks = 0;          // blocks of seqlen tokens the activation statistics run on
    int64_t tokensUsed = 0;      // blocks * seqlen
    int64_t tokensDiscarded = 0; // the tail shorter than a block, or beyond maxBlocks
    std::string firstText;       // the first drawn text as the model sees it (template, chat format)
    std::vector<std::string> warnings;  // the table's (short rows, duplicate names)
};

CalibrationPreview previewCalibration(const QuantizeParams& params);

}  // namespace medawq
