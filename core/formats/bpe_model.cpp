#include "formats/bpe_model.h"

#include "formats/utf8.h"

#include <cstdio>
#include <queue>
#include <stdexcept>

namespace medawq {

BpeModel::BpeModel() {
    for (int& id : m_byteIds) id = -1;
}

void BpeModel::addToken(const std::string& piece, int id) {
    if (id < 0) return;
    m_vocab[piece] = id;
    if (static_cast<size_t>(id) >= m_pieces.size()) m_pieces.resize(id + 1);
    m_pieces[id] = piece;
    // "<0x41>": the byte-fallback token of byte 0x41.
    unsigned int byte = 0;
    char tail = 0;
    if (piece.size() == 6 && piece[0] == '<' && std::sscanf(piece.c_str(), "<0x%2X%c", &byte, &tail) == 2 && tail == '>')
        m_byteIds[byte & 0xFF] = id;
}

void BpeModel::addMerge(const std::string& left, const std::string& right) {
    const int a = idOf(left), b = idOf(right), r = idOf(left + right);
    if (a < 0 || b < 0 || r < 0)
        throw std::invalid_argument("merge \"" + left + "\" + \"" + right + "\" uses a piece missing from the vocabulary");
    // First occurrence wins: its rank is the lower one.
    m_merges.emplace(pairKey(a, b), Merge{static_cast<int>(m_merges.size()), r});
}

int BpeModel::idOf(std::string_view piece) const {
    auto it = m_vocab.find(std::string(piece));
    return it == m_vocab.end() ? -1 : it->second;
}

const std::string* BpeModel::pieceOf(int id) const {
    if (id < 0 || static_cast<size_t>(id) >= m_pieces.size() || m_pieces[id].empty()) return nullptr;
    return &m_pieces[id];
}

const BpeModel::Merge* BpeModel::findMerge(int a, int b) const {
    auto it = m_merges.find(pairKey(a, b));
    return it == m_merges.end() ? nullptr : &it->second;
}

void BpeModel::encodeWord(std::string_view word, std::vector<int>& out) const {
    if (word.empty()) return;
    if (m_ignoreMerges) {  // Llama 3: a word that is a whole vocabulary entry is taken as is
        if (int id = idOf(word); id >= 0) { out.push_back(id); return; }
    }
    struct Symbol { int id; int prev; int next; bool alive; };
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    auto push = [&](int id) {
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({id, index - 1, -1, true});
        if (index > 0) symbols[index - 1].next = index;
    };
    bool lastWasUnk = false;
    for (size_t i = 0, n = 0; i < word.size(); i += n) {
        utf8::decodeAt(word, i, &n);
        const std::string_view ch = word.substr(i, n);
        if (int id = idOf(ch); id >= 0) {
            push(id);
            lastWasUnk = false;
            continue;
        }
        if (m_byteFallback) {
            bool all = true;
            for (unsigned char c : ch) all = all && m_byteIds[c] >= 0;
            if (all) {
                for (unsigned char c : ch) push(m_byteIds[c]);
                lastWasUnk = false;
                continue;
            }
        }
        if (m_unkId < 0) continue;  // no unknown token: the character is dropped, as tokenizers does
        if (!(m_fuseUnk && lastWasUnk)) push(m_unkId);
        lastWasUnk = true;
    }

    struct Candidate {
        int rank, pos, result;
        bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
    auto consider = [&](int pos) {
        if (pos < 0) return;
        const int next = symbols[pos].next;
        if (next < 0) return;
        if (const Merge* m = findMerge(symbols[pos].id, symbols[next].id)) queue.push({m->rank, pos, m->result});
    };
    for (int i = 0; i + 1 < static_cast<int>(symbols.size()); ++i) consider(i);
    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = symbols[top.pos];
        if (!left.alive || left.next < 0) continue;
        // Stale entry: one side was merged into something else since it was queued.
        const Merge* m = findMerge(left.id, symbols[left.next].id);
        if (!m || m->rank != top.rank || m->result != top.result) continue;
        Symbol& right = symbols[left.next];
        right.alive = false;
        left.id = top.result;
        left.next = right.next;
        if (left.next >= 0) symbols[left.next].prev = top.pos;
        consider(left.prev);
        consider(top.pos);
    }
    for (int i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[i].next) out.push_back(symbols[i].id);
}

}  // namespace medawq
