// Stage 2 for Gemma 3 multimodal models (MedGemma) on a table with an image column: AWQ
// calibration on the conversations the model really sees, so the language model's activation
// statistics include the image tokens' features.
//
// Each drawn row with an image becomes one block of `seqlen` tokens: <bos>, the user turn holding
// the image run and the prompt template's text (when one is given), then the model turn holding
// the text columns' text (the report the model would write). Rows are
// never split across blocks, so the image-token run sits at the same positions in every block
// and one bidirectional-attention mask serves the whole batch. A block shorter than seqlen is
// filled with the other rows' text (text only, BOS each), as AutoAWQ's packing concatenates
// samples; a longer one is cut after the image run.
#pragma once

#include "formats/model_config.h"
#include "models/decoder_layer.h"

#include <medawq/table.h>

#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

namespace medawq {

class Tokenizer;

struct ImageCalibrationOptions {
    std::string imageColumn;                    // resolved (findImageColumn)
    std::vector<std::string> textColumns = {"text"};
    std::string promptFile, promptTemplate;     // the user turn's text
    int64_t numSamples = 500;
    uint64_t seed = 42;
    int64_t seqlen = 512;
    int64_t maxBlocks = 0;                      // 0: one block per usable row
};

struct ImageCalibration {
    at::Tensor ids;                             // int64 [blocks, seqlen]
    std::vector<std::string> imagePaths;        // one per block
    ImageBlocks imageRun;                       // the image-token positions, the same in every block
    int64_t rowsRead = 0, rowsDrawn = 0, rowsMissingImage = 0, rowsUsed = 0;
    int64_t truncated = 0;                      // conversations cut at seqlen (after their image)
    int64_t fillerTokens = 0;                   // text tokens from other rows filling short blocks
    std::string templateText;
    std::vector<std::string> warnings;          // missing images, by row and path
};

// Throws Error naming the file: no image column, every image missing, a seqlen too short for the
// image prompt, nothing to fill short blocks with.
ImageCalibration buildImageCalibration(const Table& table, const ModelConfig& config, const Tokenizer& tokenizer,
                                       const ImageCalibrationOptions& options);

}  // namespace medawq
