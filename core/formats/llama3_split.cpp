#include "formats/llama3_split.h"

#include "formats/utf8.h"

#include <cstdint>
#include <string>

namespace medawq {
namespace {

struct Range { uint32_t lo, hi; };

// \p{L}, approximately: see the header for what is covered.
constexpr Range kLetters[] = {
    {0x41, 0x5A}, {0x61, 0x7A}, {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA}, {0xC0, 0xD6},
    {0xD8, 0xF6}, {0xF8, 0x2C1}, {0x2C6, 0x2D1}, {0x2E0, 0x2E4}, {0x370, 0x374}, {0x376, 0x37D},
    {0x386, 0x386}, {0x388, 0x3FF}, {0x400, 0x481}, {0x48A, 0x52F}, {0x531, 0x556},
    {0x561, 0x587}, {0x5D0, 0x5EA}, {0x620, 0x64A}, {0x671, 0x6D3}, {0x904, 0x939},
    {0x958, 0x961}, {0xE01, 0xE30}, {0x1E00, 0x1FFF}, {0x3041, 0x3096}, {0x30A1, 0x30FA},
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFF21, 0xFF3A},
    {0xFF41, 0xFF5A},
};
// \p{N}, approximately.
constexpr Range kNumbers[] = {
    {0x30, 0x39}, {0xB2, 0xB3}, {0xB9, 0xB9}, {0xBC, 0xBE}, {0x660, 0x669}, {0x6F0, 0x6F9},
    {0x966, 0x96F}, {0xE50, 0xE59}, {0x2070, 0x2070}, {0x2074, 0x2079}, {0x2080, 0x2089},
    {0x2150, 0x2189}, {0x2460, 0x249B}, {0xFF10, 0xFF19},
};

template <size_t N>
bool inRanges(uint32_t cp, const Range (&ranges)[N]) {
    for (const auto& r : ranges)
        if (cp >= r.lo && cp <= r.hi) return true;
    return false;
}

bool isLetter(uint32_t cp) {
    // The Latin-1 multiplication and division signs sit inside the letter ranges.
    return cp != 0xD7 && cp != 0xF7 && inRanges(cp, kLetters);
}
bool isNumber(uint32_t cp) { return inRanges(cp, kNumbers); }
bool isSpace(uint32_t cp) {  // Unicode White_Space, as regex \s
    return (cp >= 0x9 && cp <= 0xD) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}
bool isNewline(uint32_t cp) { return cp == '\r' || cp == '\n'; }
bool isOther(uint32_t cp) { return !isSpace(cp) && !isLetter(cp) && !isNumber(cp); }

class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {
        for (size_t i = 0, n = 0; i < text.size(); i += n) {
            m_cps.push_back(utf8::decodeAt(text, i, &n));
            m_offsets.push_back(i);
        }
        m_offsets.push_back(text.size());
    }
    size_t size() const { return m_cps.size(); }
    uint32_t at(size_t i) const { return i < m_cps.size() ? m_cps[i] : 0; }
    bool has(size_t i) const { return i < m_cps.size(); }
    std::string_view slice(size_t from, size_t to) const {
        return m_text.substr(m_offsets[from], m_offsets[to] - m_offsets[from]);
    }
    template <typename Pred>
    size_t skip(size_t i, Pred pred) const {
        while (has(i) && pred(at(i))) ++i;
        return i;
    }

    // 's 't 're 've 'm 'll 'd at i: the end, or i when none.
    size_t contraction(size_t i, bool ignoreCase) const {
        if (at(i) != '\'') return i;
        auto lower = [&](size_t k) { uint32_t c = at(k); return ignoreCase && c >= 'A' && c <= 'Z' ? c + 32 : c; };
        const uint32_t a = lower(i + 1), b = lower(i + 2);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return i + 2;
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return i + 3;
        return i;
    }

    // \s+(?!\S) then \s+ : a whitespace run leaves its last space to the word after it.
    size_t whitespace(size_t i) const {
        const size_t end = skip(i, isSpace);
        if (end == size() || end - i == 1) return end;
        return end - 1;
    }

    size_t llama3(size_t i) const {
        if (size_t e = contraction(i, true); e != i) return e;
        const uint32_t c = at(i);
        if (isLetter(c)) return skip(i, isLetter);
        if (!isNewline(c) && !isNumber(c) && isLetter(at(i + 1))) return skip(i + 1, isLetter);
        if (isNumber(c)) {
            size_t e = i;
            while (e < i + 3 && has(e) && isNumber(at(e))) ++e;
            return e;
        }
        const size_t j = c == ' ' ? i + 1 : i;
        if (has(j) && isOther(at(j))) return skip(skip(j, isOther), isNewline);
        // \s*[\r\n]+ : up to the last newline of the whitespace run.
        const size_t end = skip(i, isSpace);
        for (size_t k = end; k > i; --k)
            if (isNewline(at(k - 1))) return k;
        return whitespace(i);
    }

    size_t gpt2(size_t i) const {
        if (size_t e = contraction(i, false); e != i) return e;
        const size_t j = at(i) == ' ' ? i + 1 : i;
        if (has(j) && isLetter(at(j))) return skip(j, isLetter);
        if (has(j) && isNumber(at(j))) return skip(j, isNumber);
        if (has(j) && isOther(at(j))) return skip(j, isOther);
        return whitespace(i);
    }

private:
    std::string_view m_text;
    std::vector<uint32_t> m_cps;
    std::vector<size_t> m_offsets;
};

}  // namespace

std::vector<std::string_view> splitPretokens(std::string_view text, SplitPattern pattern) {
    const Scanner scanner(text);
    std::vector<std::string_view> out;
    for (size_t i = 0; i < scanner.size();) {
        size_t end = pattern == SplitPattern::Llama3 ? scanner.llama3(i) : scanner.gpt2(i);
        if (end <= i) end = i + 1;  // cannot happen with the classes above; never loop forever
        out.push_back(scanner.slice(i, end));
        i = end;
    }
    return out;
}

bool recognisePattern(const std::string& regex, SplitPattern* pattern) {
    static const std::string llama3 =
        R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    static const std::string gpt2 = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
    if (regex == llama3) { *pattern = SplitPattern::Llama3; return true; }
    if (regex == gpt2) { *pattern = SplitPattern::Gpt2; return true; }
    return false;
}

}  // namespace medawq
