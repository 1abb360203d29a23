// What a model folder's tokenizer_config.json, special_tokens_map.json and generation_config.json
// say about special tokens, BOS/EOS and the chat template. Missing files are simply absent.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace medawq {

struct TokenizerConfig {
    struct AddedToken { std::string content; int id; bool special; };

    std::optional<bool> addBos;
    std::string bosToken;          // "" when not given
    std::string eosToken;
    std::string chatTemplate;
    std::vector<AddedToken> addedTokens;
    std::vector<int> generationEosIds;

    // Throws medawq::Error naming the file when one exists but is not valid JSON.
    static TokenizerConfig readDirectory(const std::string& dir);
    // tokenizer_config.json alone (also used for loose files such as gemma3_tokenizer_config.json).
    static void readTokenizerConfig(const std::string& path, TokenizerConfig& config);
};

}  // namespace medawq
