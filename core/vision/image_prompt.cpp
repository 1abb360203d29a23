#include "vision/image_prompt.h"

#include <medawq/errors.h>
#include <medawq/tokenizer.h>

namespace medawq {

namespace {
std::string piece(const ModelConfig& config, const Tokenizer& tokenizer, int id) {
    const std::string p = tokenizer.idToPiece(id);
    if (p.empty() || tokenizer.pieceToId(p) != id)
        throw Error(config.path, "the tokenizer has no token for id " + std::to_string(id) +
                                     " that config.json names (image_token_index, boi/eoi_token_index)");
    return p;
}
}  // namespace

std::string imageChatPrompt(const ModelConfig& config, const Tokenizer& tokenizer, const std::string& userText) {
    if (!config.hasVision)
        throw Error(config.path, std::string("this model takes no images (") + familyName(config.family) +
                                     " without a vision tower)");
    const VisionConfig& v = config.vision;
    std::string image = "\n\n" + piece(config, tokenizer, v.boiTokenId);
    const std::string token = piece(config, tokenizer, v.imageTokenId);
    for (int64_t i = 0; i < v.tokensPerImage; ++i) image += token;
    image += piece(config, tokenizer, v.eoiTokenId) + "\n\n";
    return tokenizer.chatPrompt(image + userText);
}

}  // namespace medawq
