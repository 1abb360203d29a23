// Tokenizer factories, configuration files, chat formats. The back ends live in core/formats.
#include "medawq/tokenizer.h"

#include "formats/bpe_tokenizer.h"
#include "formats/sentencepiece_tokenizer.h"
#include "formats/tokenizer_config.h"
#include "medawq/errors.h"

#include <algorithm>
#include <fstream>

namespace medawq {

namespace {

bool fileExists(const std::string& path) { return static_cast<bool>(std::ifstream(path)); }

}  // namespace

// Applies what the configuration files say to a freshly loaded back end (friend of Tokenizer).
class TokenizerConfigurator {
public:
    static void apply(Tokenizer& tok, const TokenizerConfig& config) {
        for (const auto& t : config.addedTokens) tok.addSpecialToken(t.content, t.id, t.special);
        if (!config.bosToken.empty())
            if (int id = tok.pieceToId(config.bosToken); id >= 0) tok.m_bosId = id;
        if (!config.eosToken.empty())
            if (int id = tok.pieceToId(config.eosToken); id >= 0) tok.m_eosId = id;
        if (config.addBos) tok.m_addsBos = *config.addBos;
        tok.m_extraStopIds = config.generationEosIds;
        tok.m_chatFormat = detectChatFormat(tok, config.chatTemplate);
    }

    static ChatFormat detectChatFormat(const Tokenizer& tok, const std::string& chatTemplate) {
        if (!chatTemplate.empty()) {
            if (chatTemplate.find("<start_of_turn>") != std::string::npos) return ChatFormat::Gemma;
            if (chatTemplate.find("<|start_header_id|>") != std::string::npos) return ChatFormat::Llama3;
            if (chatTemplate.find("[INST]") != std::string::npos) return ChatFormat::Llama2;
        }
        // No (known) template: the vocabulary's turn markers tell the family. A bare Llama 2 or
        // Mistral tokenizer.model has none; callers that know the architecture use setChatFormat.
        if (tok.pieceToId("<start_of_turn>") >= 0 && tok.pieceToId("<end_of_turn>") >= 0) return ChatFormat::Gemma;
        if (tok.pieceToId("<|start_header_id|>") >= 0 && tok.pieceToId("<|eot_id|>") >= 0) return ChatFormat::Llama3;
        if (tok.pieceToId("[INST]") >= 0 && tok.pieceToId("[/INST]") >= 0) return ChatFormat::Llama2;
        return ChatFormat::None;
    }

    static void applyDefaults(Tokenizer& tok) { tok.m_chatFormat = detectChatFormat(tok, {}); }
};

Tokenizer::~Tokenizer() = default;

std::unique_ptr<Tokenizer> Tokenizer::fromSentencePieceFile(const std::string& path) {
    std::unique_ptr<Tokenizer> tok = SentencePieceTokenizer::load(path);
    TokenizerConfigurator::applyDefaults(*tok);
    return tok;
}

std::unique_ptr<Tokenizer> Tokenizer::fromTokenizerJsonFile(const std::string& path) {
    std::unique_ptr<Tokenizer> tok = BpeTokenizer::load(path);
    TokenizerConfigurator::applyDefaults(*tok);
    return tok;
}

std::unique_ptr<Tokenizer> Tokenizer::fromModelDirectory(const std::string& dir) {
    std::unique_ptr<Tokenizer> tok;
    if (fileExists(dir + "/tokenizer.model")) tok = SentencePieceTokenizer::load(dir + "/tokenizer.model");
    else if (fileExists(dir + "/tokenizer.json")) tok = BpeTokenizer::load(dir + "/tokenizer.json");
    else throw Error(dir, "no tokenizer.model or tokenizer.json in the model folder");
    TokenizerConfigurator::apply(*tok, TokenizerConfig::readDirectory(dir));
    return tok;
}

std::vector<int> Tokenizer::stopIds() const {
    std::vector<int> ids;
    auto add = [&](int id) {
        if (id >= 0 && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    add(m_eosId);
    for (int id : m_extraStopIds) add(id);
    // Only as special tokens: Gemma's vocabulary also holds "</s>" as ordinary text (id 212).
    for (const char* marker : {"<end_of_turn>", "<|eot_id|>", "<|eom_id|>", "<|end_of_text|>", "<eos>", "</s>"})
        if (int id = pieceToId(marker); id >= 0 && isSpecial(id)) add(id);
    return ids;
}

std::string Tokenizer::endOfTurnText() const {
    switch (m_chatFormat) {
    case ChatFormat::Gemma: return "<end_of_turn>\n";
    case ChatFormat::Llama2: return "</s>";
    case ChatFormat::Llama3: return "<|eot_id|>";
    case ChatFormat::None: break;
    }
    return "";
}

std::string Tokenizer::chatPrompt(const std::string& userText) const {
    switch (m_chatFormat) {
    case ChatFormat::Gemma:
        return "<start_of_turn>user\n" + userText + "<end_of_turn>\n<start_of_turn>model\n";
    case ChatFormat::Llama2:
        return "[INST] " + userText + " [/INST]";
    case ChatFormat::Llama3:
        return "<|start_header_id|>user<|end_header_id|>\n\n" + userText +
               "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
    case ChatFormat::None:
        break;
    }
    return userText;
}

}  // namespace medawq
