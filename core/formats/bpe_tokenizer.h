// A Hugging Face tokenizer.json with a BPE model, read without the tokenizers library.
//
// Supported pipeline pieces (enough for Gemma 3 and Llama 3; anything else is refused with a
// medawq::Error naming the file, never silently mis-tokenized):
//   normalizer:     null, Replace (string pattern), Prepend, Sequence of these, NFC (taken as
//                   identity: input is assumed to be NFC already)
//   pre_tokenizer:  null, Split (string pattern: Isolated / MergedWithPrevious / MergedWithNext /
//                   Removed; regex pattern: Llama 3's or GPT-2's, see llama3_split.h),
//                   ByteLevel, Sequence of these
//   model:          BPE with merges as [a, b] pairs or "a b" strings, byte_fallback, fuse_unk,
//                   ignore_merges, unk_token
//   post_processor: TemplateProcessing (a leading special token is the BOS), ByteLevel, Sequence
//   decoder:        Replace, ByteFallback, Fuse, Strip, ByteLevel, Sequence of these
// added_tokens are matched in the raw text first (added_tokens.h).
#pragma once

#include "formats/added_tokens.h"
#include "formats/bpe_model.h"
#include "formats/llama3_split.h"
#include "medawq/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace medawq {

class BpeTokenizer final : public Tokenizer {
public:
    // Throws medawq::Error("<path>", ...) for a missing, corrupt or unsupported file.
    static std::unique_ptr<BpeTokenizer> load(const std::string& path);

    std::vector<int> encode(const std::string& text, bool addBos) const override;
    std::string decode(const std::vector<int>& ids, bool skipSpecial = true) const override;
    std::string idToPiece(int id) const override;
    int pieceToId(const std::string& piece) const override;
    int vocabSize() const override;
    bool isSpecial(int id) const override { return m_added.isSpecial(id); }

protected:
    void addSpecialToken(const std::string& content, int id, bool special) override;

private:
    struct NormalizeStep { enum Kind { Replace, Prepend } kind; std::string pattern, content; };
    struct PreTokenizeStep {
        enum Kind { SplitString, SplitRegex, ByteLevel } kind;
        std::string pattern;
        std::string behavior;      // SplitString
        SplitPattern regex{};      // SplitRegex, ByteLevel with use_regex
        bool useRegex = false;     // ByteLevel
        bool addPrefixSpace = false;
    };
    struct DecodeStep {
        enum Kind { Replace, ByteFallback, Fuse, Strip, ByteLevel } kind;
        std::string pattern, content;
        int start = 0, stop = 0;
    };
    friend class BpeTokenizerReader;

    std::vector<std::string> preTokenize(const std::string& normalized) const;
    void encodePlain(std::string_view text, std::vector<int>& out) const;

    std::string m_path;
    BpeModel m_model;
    AddedTokens m_added;
    std::vector<NormalizeStep> m_normalizer;
    std::vector<PreTokenizeStep> m_preTokenizer;
    std::vector<DecodeStep> m_decoder;
};

}  // namespace medawq
