// A small phrase matcher over tokens, used for mention, unmention and cue phrases.
//
// A phrase is written as space-separated items; an item lists alternatives separated by '|'; an
// alternative ending in '*' matches any word starting with it; an item ending in '?' is optional:
//     "pleural effusion*"            "no interval|significant? change|changes"
// Punctuation items ("," or "/") match those punctuation tokens. The first item may not be optional.
// Compiled once; matching a sentence is a hash look-up per token plus the few prefix-led phrases.
#pragma once

#include "eval/chexpert_text.h"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace medawq::chexpert {

class Phrase {
public:
    explicit Phrase(const std::string& spec);  // throws std::logic_error on a malformed spec (a bug)
    // Number of tokens of the longest match starting at `pos`; 0 when there is none.
    size_t matchAt(const std::vector<Token>& tokens, size_t pos) const;
    const std::string& spec() const { return m_spec; }

    struct Alt {
        std::string text;
        bool prefix = false;
    };
    struct Item {
        std::vector<Alt> alts;
        bool optional = false;
    };
    const std::vector<Item>& items() const { return m_items; }

private:
    size_t longest(const std::vector<Token>& tokens, size_t pos, size_t item) const;  // end+1, 0 = none
    std::string m_spec;
    std::vector<Item> m_items;
};

// Many phrases, each with an integer id, indexed by their first word.
class PhraseSet {
public:
    void add(const std::string& spec, int id);
    struct Hit {
        size_t begin, end;  // token range [begin, end)
        int id;
    };
    // Appends every phrase matching at `pos` (its longest match) to `out`.
    void matchesAt(const std::vector<Token>& tokens, size_t pos, std::vector<Hit>& out) const;
    // All matches in the sentence, in order of position.
    std::vector<Hit> allMatches(const std::vector<Token>& tokens) const;
    size_t size() const { return m_phrases.size(); }

private:
    std::vector<Phrase> m_phrases;
    std::vector<int> m_ids;
    std::unordered_map<std::string, std::vector<size_t>> m_byFirstWord;
    std::vector<size_t> m_prefixLed;  // phrases whose first item has a prefix alternative
};

}  // namespace medawq::chexpert
