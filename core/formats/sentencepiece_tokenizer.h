// A sentencepiece tokenizer.model, used through the dlopen()ed medawq_spm module (trap 1).
// Added/special tokens registered from tokenizer_config.json are cut out of the text first,
// because sentencepiece alone would split "<start_of_turn>" into pieces; each plain run between
// them is encoded on its own (as transformers' slow, legacy sentencepiece tokenizers do).
#pragma once

#include "formats/added_tokens.h"
#include "medawq/tokenizer.h"

#include <memory>
#include <string>

struct medawq_spm;

namespace medawq {

struct SpmFunctions;

class SentencePieceTokenizer final : public Tokenizer {
public:
    // Throws medawq::Error("<path>", ...) when the module or the model cannot be loaded.
    static std::unique_ptr<SentencePieceTokenizer> load(const std::string& path);
    ~SentencePieceTokenizer() override;

    std::vector<int> encode(const std::string& text, bool addBos) const override;
    std::string decode(const std::vector<int>& ids, bool skipSpecial = true) const override;
    std::string idToPiece(int id) const override;
    int pieceToId(const std::string& piece) const override;
    int vocabSize() const override;
    bool isSpecial(int id) const override;

protected:
    void addSpecialToken(const std::string& content, int id, bool special) override;

private:
    SentencePieceTokenizer(const SpmFunctions& spm, medawq_spm* handle, std::string path);
    void encodePlain(std::string_view text, std::vector<int>& out) const;
    std::string decodePlain(const std::vector<int>& ids) const;

    const SpmFunctions& m_spm;
    medawq_spm* m_handle;
    std::string m_path;
    AddedTokens m_added;
    int m_pieceCount = 0;
};

}  // namespace medawq
