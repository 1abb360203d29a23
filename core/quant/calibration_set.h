// Calibration tokens for AWQ: texts tokenized and packed into blocks of `seqlen` tokens.
// AutoAWQ's rule (shared/AWQ.md): each text tokenized with BOS, texts longer than seqlen are
// dropped, the first N kept are concatenated and cut into floor(total / seqlen) blocks, the tail
// discarded. Our defaults fix its faults: long texts are truncated, every block starts with BOS.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace medawq {

class Tokenizer;

struct CalibrationOptions {
    int64_t seqlen = 512;
    bool truncateLong = true;    // false: drop texts longer than seqlen (AutoAWQ)
    bool bosPerBlock = true;     // false: only the stream's first block starts with BOS (AutoAWQ)
    int64_t maxBlocks = 0;       // 0: every full block
};

struct CalibrationStats {
    int64_t textsGiven = 0;
    int64_t textsUsed = 0;
    int64_t skippedEmpty = 0;
    int64_t skippedTooLong = 0;
    int64_t truncated = 0;
    int64_t tokensUsed = 0;      // tokens inside the blocks
    int64_t tokensDiscarded = 0; // tail shorter than a block, or beyond maxBlocks
    int64_t blocks = 0;
};

struct CalibrationBlocks {
    at::Tensor ids;              // int64 [blocks, seqlen]
    CalibrationStats stats;
};

CalibrationBlocks packCalibration(const std::vector<std::string>& texts, const Tokenizer& tokenizer,
                                  const CalibrationOptions& options);

}  // namespace medawq
