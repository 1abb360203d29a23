// The BPE "model" of a Hugging Face tokenizer.json: vocabulary, ranked merges, byte fallback.
// Turns one pre-tokenized word into ids. Merging is a priority queue over a linked list of
// symbols (lowest rank first, leftmost on ties), as in tokenizers' Word::merge_all, so a word of
// n symbols costs O(n log n) instead of rescanning all pairs after every merge.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace medawq {

class BpeModel {
public:
    BpeModel();
    // Sizes the tables up front: rehashing half a million merges costs a visible part of loading.
    void reserve(size_t vocab, size_t merges) { m_vocab.reserve(vocab); m_pieces.reserve(vocab); m_merges.reserve(merges); }
    void addToken(const std::string& piece, int id);
    // Throws std::invalid_argument when a part or the merged piece is not in the vocabulary.
    void addMerge(const std::string& left, const std::string& right);
    void setUnknown(int id, bool fuse) { m_unkId = id; m_fuseUnk = fuse; }
    void setByteFallback(bool on) { m_byteFallback = on; }
    void setIgnoreMerges(bool on) { m_ignoreMerges = on; }

    void encodeWord(std::string_view word, std::vector<int>& out) const;

    int idOf(std::string_view piece) const;   // -1 if not in the vocabulary
    const std::string* pieceOf(int id) const;  // nullptr if none
    int maxId() const { return static_cast<int>(m_pieces.size()) - 1; }
    size_t mergeCount() const { return m_merges.size(); }

private:
    struct Merge { int rank; int result; };
    static uint64_t pairKey(int a, int b) { return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b); }
    const Merge* findMerge(int a, int b) const;

    std::unordered_map<std::string, int> m_vocab;
    std::vector<std::string> m_pieces;  // by id; "" for holes
    std::unordered_map<uint64_t, Merge> m_merges;
    int m_byteIds[256];  // id of "<0xNN>" per byte, -1 when absent (byte fallback)
    int m_unkId = -1;
    bool m_fuseUnk = false;
    bool m_byteFallback = false;
    bool m_ignoreMerges = false;
};

}  // namespace medawq
