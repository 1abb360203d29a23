#include "formats/added_tokens.h"

namespace medawq {

void AddedTokens::add(const std::string& content, int id, bool special) {
    if (content.empty() || id < 0) return;
    int node = 0;
    for (unsigned char c : content) {
        const uint64_t key = (static_cast<uint64_t>(node) << 8) | c;
        auto it = m_edges.find(key);
        if (it == m_edges.end()) {
            it = m_edges.emplace(key, static_cast<int>(m_terminal.size())).first;
            m_terminal.push_back(-1);
        }
        node = it->second;
    }
    m_terminal[node] = id;
    m_contentToId[content] = id;
    m_idToContent[id] = content;
    if (special) m_special.insert(id); else m_special.erase(id);
    if (id > m_maxId) m_maxId = id;
}

std::vector<AddedTokens::Segment> AddedTokens::split(std::string_view text) const {
    std::vector<Segment> out;
    size_t plainStart = 0;
    size_t i = 0;
    while (i < text.size()) {
        // Longest added token starting at i.
        int node = 0, bestId = -1;
        size_t bestEnd = i;
        for (size_t j = i; j < text.size(); ++j) {
            auto it = m_edges.find((static_cast<uint64_t>(node) << 8) | static_cast<unsigned char>(text[j]));
            if (it == m_edges.end()) break;
            node = it->second;
            if (m_terminal[node] >= 0) { bestId = m_terminal[node]; bestEnd = j + 1; }
        }
        if (bestId < 0) { ++i; continue; }
        if (i > plainStart) out.push_back({text.substr(plainStart, i - plainStart), -1});
        out.push_back({text.substr(i, bestEnd - i), bestId});
        i = plainStart = bestEnd;
    }
    if (plainStart < text.size()) out.push_back({text.substr(plainStart), -1});
    return out;
}

int AddedTokens::idOf(const std::string& content) const {
    auto it = m_contentToId.find(content);
    return it == m_contentToId.end() ? -1 : it->second;
}

const std::string* AddedTokens::contentOf(int id) const {
    auto it = m_idToContent.find(id);
    return it == m_idToContent.end() ? nullptr : &it->second;
}

}  // namespace medawq
