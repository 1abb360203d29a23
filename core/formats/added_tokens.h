// Added tokens (special or not) are cut out of the input text before the model sees it, as
// Hugging Face tokenizers do: leftmost match first, the longest token where several start at the
// same place ("<start_of_turn>" -> 105 whole, never "<", "start", ...).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace medawq {

class AddedTokens {
public:
    struct Segment {
        std::string_view text;  // a plain run of text (id < 0) or an added token's content
        int id = -1;
    };

    void add(const std::string& content, int id, bool special);
    bool empty() const { return m_contentToId.empty(); }
    // Splits `text` into plain runs and added tokens, in order. Views point into `text`.
    std::vector<Segment> split(std::string_view text) const;

    int idOf(const std::string& content) const;           // -1 if not an added token
    const std::string* contentOf(int id) const;           // nullptr if not an added token
    bool isSpecial(int id) const { return m_special.count(id) > 0; }
    int maxId() const { return m_maxId; }
    // BOS (when asked and known), then each added token's id and each plain run through
    // `encodePlain`: the encode loop both back ends share.
    template <typename EncodePlain>
    std::vector<int> encode(std::string_view text, int bosId, bool addBos, EncodePlain encodePlain) const {
        std::vector<int> ids;
        if (addBos && bosId >= 0) ids.push_back(bosId);
        for (const Segment& segment : split(text)) {
            if (segment.id >= 0) ids.push_back(segment.id);
            else encodePlain(segment.text, ids);
        }
        return ids;
    }

private:
    // Byte trie: a node's child for byte b is m_edges[(node << 8) | b]; m_terminal[node] is the id.
    std::unordered_map<uint64_t, int> m_edges;
    std::vector<int> m_terminal{-1};
    std::unordered_map<std::string, int> m_contentToId;
    std::unordered_map<int, std::string> m_idToContent;
    std::unordered_set<int> m_special;
    int m_maxId = -1;
};

}  // namespace medawq
