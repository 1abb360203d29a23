// Token phrase matcher (see chexpert_matcher.h).
#include "eval/chexpert_matcher.h"

#include <stdexcept>

namespace medawq::chexpert {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

bool isPunct(const std::string& s) { return s.size() == 1 && (s[0] == ',' || s[0] == ';' || s[0] == ':' || s[0] == '/' || s[0] == '(' || s[0] == ')'); }

bool altMatches(const Phrase::Alt& a, const Token& t) {
    if (t.word == isPunct(a.text)) return false;  // words match words, punctuation punctuation
    if (a.prefix) return t.text.compare(0, a.text.size(), a.text) == 0;
    return t.text == a.text;
}

}  // namespace

Phrase::Phrase(const std::string& spec) : m_spec(spec) {
    for (std::string item : split(spec, ' ')) {
        Item it;
        if (item.size() > 1 && item.back() == '?') {
            it.optional = true;
            item.pop_back();
        }
        for (std::string alt : split(item, '|')) {
            Alt a;
            if (alt.size() > 1 && alt.back() == '*') {
                a.prefix = true;
                alt.pop_back();
            }
            a.text = alt;
            it.alts.push_back(a);
        }
        if (it.alts.empty()) throw std::logic_error("labeler phrase '" + spec + "': empty item");
        m_items.push_back(std::move(it));
    }
    if (m_items.empty() || m_items.front().optional)
        throw std::logic_error("labeler phrase '" + spec + "': empty, or starts with an optional item");
}

size_t Phrase::longest(const std::vector<Token>& tokens, size_t pos, size_t item) const {
    if (item == m_items.size()) return pos + 1;
    const Item& it = m_items[item];
    size_t best = 0;
    if (pos < tokens.size()) {
        for (const Alt& a : it.alts) {
            if (altMatches(a, tokens[pos])) {
                best = longest(tokens, pos + 1, item + 1);
                if (best) break;
            }
        }
    }
    if (it.optional) {
        const size_t skip = longest(tokens, pos, item + 1);
        if (skip > best) best = skip;
    }
    return best;
}

size_t Phrase::matchAt(const std::vector<Token>& tokens, size_t pos) const {
    const size_t endPlusOne = longest(tokens, pos, 0);
    return endPlusOne ? endPlusOne - 1 - pos : 0;
}

void PhraseSet::add(const std::string& spec, int id) {
    const size_t k = m_phrases.size();
    m_phrases.emplace_back(spec);
    m_ids.push_back(id);
    bool prefixLed = false;
    for (const Phrase::Alt& a : m_phrases.back().items().front().alts) {
        if (a.prefix)
            prefixLed = true;
        else
            m_byFirstWord[a.text].push_back(k);
    }
    if (prefixLed) m_prefixLed.push_back(k);
}

void PhraseSet::matchesAt(const std::vector<Token>& tokens, size_t pos, std::vector<Hit>& out) const {
    auto tryPhrase = [&](size_t k) {
        const size_t len = m_phrases[k].matchAt(tokens, pos);
        if (len) out.push_back({pos, pos + len, m_ids[k]});
    };
    const auto it = m_byFirstWord.find(tokens[pos].text);
    if (it != m_byFirstWord.end())
        for (size_t k : it->second) tryPhrase(k);
    for (size_t k : m_prefixLed) {
        // A phrase with both exact and prefix alternatives first may be in both lists: try it once.
        bool listed = false;
        if (it != m_byFirstWord.end())
            for (size_t j : it->second) listed = listed || j == k;
        if (!listed) tryPhrase(k);
    }
}

std::vector<PhraseSet::Hit> PhraseSet::allMatches(const std::vector<Token>& tokens) const {
    std::vector<Hit> out;
    for (size_t pos = 0; pos < tokens.size(); ++pos) matchesAt(tokens, pos, out);
    return out;
}

}  // namespace medawq::chexpert
