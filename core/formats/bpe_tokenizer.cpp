// Encoding and decoding with a loaded tokenizer.json (loading: bpe_tokenizer_reader.cpp).
#include "formats/bpe_tokenizer.h"

#include "formats/byte_level.h"
#include "formats/utf8.h"

#include <algorithm>

namespace medawq {
namespace {

void replaceAll(std::string& s, const std::string& pattern, const std::string& content) {
    if (pattern.empty()) return;
    std::string out;
    size_t from = 0;
    for (size_t at; (at = s.find(pattern, from)) != std::string::npos; from = at + pattern.size())
        out.append(s, from, at - from).append(content);
    out.append(s, from, std::string::npos);
    s.swap(out);
}

// Split on a literal pattern with tokenizers' SplitDelimiterBehavior.
void splitString(const std::string& s, const std::string& pattern, const std::string& behavior,
                 std::vector<std::string>& out) {
    std::string pending;  // MergedWithNext: the delimiter waiting for the text after it
    size_t from = 0;
    auto emit = [&](std::string piece) { if (!piece.empty()) out.push_back(std::move(piece)); };
    for (size_t at; (at = s.find(pattern, from)) != std::string::npos; from = at + pattern.size()) {
        std::string before = s.substr(from, at - from);
        if (behavior == "MergedWithPrevious") {
            emit(before + pattern);
        } else if (behavior == "MergedWithNext") {
            emit(pending + before);
            pending = pattern;
        } else if (behavior == "Isolated") {
            emit(before);
            emit(pattern);
        } else {  // Removed
            emit(before);
        }
    }
    emit(pending + s.substr(from));
}

std::string toByteLevel(std::string_view s) {
    std::string out;
    for (unsigned char c : s) utf8::append(out, byte_level::byteToCodePoint()[c]);
    return out;
}

std::string fromByteLevel(const std::string& s) {
    std::string out;
    for (size_t i = 0, n = 0; i < s.size(); i += n) {
        const uint32_t cp = utf8::decodeAt(s, i, &n);
        const auto& table = byte_level::codePointToByte();
        auto it = table.find(cp);
        if (it != table.end()) out += static_cast<char>(it->second);
        else out.append(s, i, n);  // not a mapped character (an added token's text): keep it
    }
    return out;
}

// "<0x41>" -> 0x41; -1 when the piece is not a byte token.
int byteOfPiece(const std::string& piece) {
    if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>') return -1;
    auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    const int hi = hex(piece[3]), lo = hex(piece[4]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

}  // namespace

std::vector<std::string> BpeTokenizer::preTokenize(const std::string& normalized) const {
    std::vector<std::string> pieces{normalized};
    for (const auto& step : m_preTokenizer) {
        std::vector<std::string> next;
        for (auto& piece : pieces) {
            switch (step.kind) {
            case PreTokenizeStep::SplitString:
                splitString(piece, step.pattern, step.behavior, next);
                break;
            case PreTokenizeStep::SplitRegex:
                for (auto part : splitPretokens(piece, step.regex)) next.emplace_back(part);
                break;
            case PreTokenizeStep::ByteLevel: {
                std::string text = step.addPrefixSpace && piece.rfind(' ', 0) != 0 ? " " + piece : piece;
                if (step.useRegex)
                    for (auto part : splitPretokens(text, step.regex)) next.push_back(toByteLevel(part));
                else
                    next.push_back(toByteLevel(text));
                break;
            }
            }
        }
        pieces.swap(next);
    }
    return pieces;
}

void BpeTokenizer::encodePlain(std::string_view text, std::vector<int>& out) const {
    std::string normalized(text);
    for (const auto& step : m_normalizer) {
        if (step.kind == NormalizeStep::Replace) replaceAll(normalized, step.pattern, step.content);
        else if (!normalized.empty()) normalized.insert(0, step.content);
    }
    for (const auto& word : preTokenize(normalized)) m_model.encodeWord(word, out);
}

std::vector<int> BpeTokenizer::encode(const std::string& text, bool addBos) const {
    return m_added.encode(text, m_bosId, addBos,
                          [this](std::string_view plain, std::vector<int>& out) { encodePlain(plain, out); });
}

std::string BpeTokenizer::decode(const std::vector<int>& ids, bool skipSpecial) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (int id : ids) {
        if (skipSpecial && m_added.isSpecial(id)) continue;
        tokens.push_back(idToPiece(id));
    }
    for (const auto& step : m_decoder) {
        switch (step.kind) {
        case DecodeStep::Replace:
            for (auto& t : tokens) replaceAll(t, step.pattern, step.content);
            break;
        case DecodeStep::ByteFallback: {
            // Runs of <0xNN> tokens become their bytes when those are valid UTF-8, else one U+FFFD
            // per token (what tokenizers' ByteFallback does).
            std::vector<std::string> next;
            std::string bytes;
            size_t runLength = 0;
            auto flushRun = [&] {
                if (runLength == 0) return;
                if (utf8::isValid(bytes)) next.push_back(bytes);
                else for (size_t k = 0; k < runLength; ++k) next.emplace_back("\xEF\xBF\xBD");
                bytes.clear();
                runLength = 0;
            };
            for (auto& t : tokens) {
                const int b = byteOfPiece(t);
                if (b >= 0) { bytes += static_cast<char>(b); ++runLength; continue; }
                flushRun();
                next.push_back(std::move(t));
            }
            flushRun();
            tokens.swap(next);
            break;
        }
        case DecodeStep::Fuse: {
            std::string all;
            for (const auto& t : tokens) all += t;
            tokens.assign(1, all);
            break;
        }
        case DecodeStep::Strip:
            for (auto& t : tokens) {
                for (int k = 0; k < step.start && t.rfind(step.content, 0) == 0; ++k) t.erase(0, step.content.size());
                for (int k = 0; k < step.stop && t.size() >= step.content.size() &&
                                t.compare(t.size() - step.content.size(), step.content.size(), step.content) == 0; ++k)
                    t.erase(t.size() - step.content.size());
            }
            break;
        case DecodeStep::ByteLevel:
            for (auto& t : tokens) t = fromByteLevel(t);
            break;
        }
    }
    std::string text;
    for (const auto& t : tokens) text += t;
    return utf8::repair(text);
}

std::string BpeTokenizer::idToPiece(int id) const {
    if (const std::string* s = m_added.contentOf(id)) return *s;
    const std::string* p = m_model.pieceOf(id);
    return p ? *p : std::string();
}

int BpeTokenizer::pieceToId(const std::string& piece) const {
    const int id = m_model.idOf(piece);
    return id >= 0 ? id : m_added.idOf(piece);
}

int BpeTokenizer::vocabSize() const { return std::max(m_model.maxId(), m_added.maxId()) + 1; }

void BpeTokenizer::addSpecialToken(const std::string& content, int id, bool special) {
    m_added.add(content, id, special);
}

}  // namespace medawq
