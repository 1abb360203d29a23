// Gemma 3's image prompt: the user turn holds "\n\n<start_of_image>", mm_tokens_per_image image
// tokens and "<end_of_image>\n\n" before the text, as the processor expands one <start_of_image>.
// One definition for generation, logits and image calibration, so the image-token run always
// sits where the vision features are inserted.
#pragma once

#include "formats/model_config.h"

#include <string>

namespace medawq {

class Tokenizer;

// The chat prompt (one user turn: the image, then `userText`; the model turn opened). Throws
// Error naming config.json when the tokenizer lacks a token the config names.
std::string imageChatPrompt(const ModelConfig& config, const Tokenizer& tokenizer, const std::string& userText);

}  // namespace medawq
