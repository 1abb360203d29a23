// Text <-> token ids for the supported model families, without torch, Qt or sentencepiece types.
//
//   auto tok = medawq::Tokenizer::fromModelDirectory("models/medgemma-4b-it");
//   std::vector<int> ids = tok->encode(tok->chatPrompt("Describe this X-ray"), tok->addsBos());
//   medawq::StreamingDecoder stream(*tok);
//   for (int id : generated) std::cout << stream.push(id);
//   std::cout << stream.flush();
//
// Two back ends: sentencepiece `tokenizer.model` files (Llama 2, Mistral; through the medawq_spm
// module, see core/spm/spm_shim.h) and Hugging Face `tokenizer.json` BPE files (Gemma 3's
// sentencepiece-style BPE with byte fallback, Llama 3's byte-level BPE). Special tokens written
// in the text ("<start_of_turn>") become their ids. A Tokenizer is immutable after loading and
// may be used from several threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace medawq {

// Gemma:  "<start_of_turn>user\n{text}<end_of_turn>\n<start_of_turn>model\n"
// Llama2:  "[INST] {text} [/INST]" (Llama 2 chat, Mistral instruct)
// Llama3:  "<|start_header_id|>user<|end_header_id|>\n\n{text}<|eot_id|>"
//          "<|start_header_id|>assistant<|end_header_id|>\n\n"
enum class ChatFormat { None, Gemma, Llama2, Llama3 };

class Tokenizer {
public:
    // tokenizer.model (sentencepiece) preferred, else tokenizer.json. Special tokens, BOS/EOS and
    // the chat format come from tokenizer_config.json (add_bos_token, bos_token, eos_token,
    // added_tokens_decoder, chat_template), special_tokens_map.json and generation_config.json
    // (eos_token_id, int or list) when present. Throws medawq::Error naming the file.
    static std::unique_ptr<Tokenizer> fromModelDirectory(const std::string& dir);
    static std::unique_ptr<Tokenizer> fromSentencePieceFile(const std::string& path);
    static std::unique_ptr<Tokenizer> fromTokenizerJsonFile(const std::string& path);
    virtual ~Tokenizer();

    // Special tokens written in `text` become their ids; BOS is prepended when addBos.
    virtual std::vector<int> encode(const std::string& text, bool addBos) const = 0;
    // Invalid UTF-8 (a split multi-byte character) comes out as U+FFFD.
    virtual std::string decode(const std::vector<int>& ids, bool skipSpecial = true) const = 0;
    virtual std::string idToPiece(int id) const = 0;           // "" when out of range
    virtual int pieceToId(const std::string& piece) const = 0;  // -1 if unknown
    virtual int vocabSize() const = 0;                          // highest id + 1, added tokens included
    virtual bool isSpecial(int id) const = 0;                   // what decode(skipSpecial) drops

    int bosId() const { return m_bosId; }   // -1 when none
    int eosId() const { return m_eosId; }   // -1 when none
    std::vector<int> stopIds() const;       // eos + <end_of_turn>/<|eot_id|> etc. when present
    bool addsBos() const { return m_addsBos; }
    ChatFormat chatFormat() const { return m_chatFormat; }
    // For a caller that knows better (config.json's architecture when no chat template exists).
    void setChatFormat(ChatFormat format) { m_chatFormat = format; }
    // One user turn with the generation prompt appended; BOS is NOT in the text (encode adds it).
    std::string chatPrompt(const std::string& userText) const;
    // What closes the model's turn in text: "<end_of_turn>\n", "</s>", "<|eot_id|>", or "".
    std::string endOfTurnText() const;

protected:
    Tokenizer() = default;
    // Lets the configuration files teach the back end about tokens it must match in text.
    virtual void addSpecialToken(const std::string& content, int id, bool special) = 0;

    int m_bosId = -1;
    int m_eosId = -1;
    std::vector<int> m_extraStopIds;   // generation_config.json eos_token_id
    bool m_addsBos = true;
    ChatFormat m_chatFormat = ChatFormat::None;

private:
    friend class TokenizerConfigurator;
};

// Incremental detokenizer for streaming generation. push(id) returns the text completed by that
// id: never half a UTF-8 character, and with sentencepiece's leading-space rule respected
// (it decodes the pending suffix together with some context and returns the difference).
class StreamingDecoder {
public:
    explicit StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecial = true);
    std::string push(int id);
    std::string flush();  // what is still held back (an incomplete character decodes as U+FFFD)

private:
    const Tokenizer& m_tokenizer;
    bool m_skipSpecial;
    std::vector<int> m_ids;
    size_t m_prefixOffset = 0;  // context start: decoded again but not emitted again
    size_t m_readOffset = 0;    // everything before this has been emitted
};

}  // namespace medawq
