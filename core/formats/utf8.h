// Small UTF-8 helpers for the tokenizers: code-point iteration, encoding, lossy repair.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace medawq::utf8 {

// Length of the sequence a lead byte starts; 1 for stray continuation or invalid bytes, so that
// iteration always advances.
inline size_t sequenceLength(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

// Decodes the code point at s[pos] and its byte length; invalid input gives U+FFFD, length 1.
inline uint32_t decodeAt(std::string_view s, size_t pos, size_t* length) {
    const auto lead = static_cast<unsigned char>(s[pos]);
    size_t n = sequenceLength(lead);
    if (n == 1 || pos + n > s.size()) {
        *length = 1;
        return lead < 0x80 ? lead : 0xFFFD;
    }
    uint32_t cp = lead & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[pos + k]);
        if ((c >> 6) != 0x2) { *length = 1; return 0xFFFD; }
        cp = (cp << 6) | (c & 0x3F);
    }
    *length = n;
    return cp;
}

inline void append(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

inline bool isValid(std::string_view s) {
    // decodeAt reports invalid bytes as U+FFFD of length 1; a real U+FFFD has length 3.
    for (size_t i = 0, n = 0; i < s.size(); i += n)
        if (decodeAt(s, i, &n) == 0xFFFD && n == 1) return false;
    return true;
}

// Invalid bytes become U+FFFD (one per byte), as a lossy conversion does.
inline std::string repair(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0, n = 0; i < s.size(); i += n) {
        const uint32_t cp = decodeAt(s, i, &n);
        if (cp == 0xFFFD && n == 1) out += "\xEF\xBF\xBD";
        else out.append(s.data() + i, n);
    }
    return out;
}

}  // namespace medawq::utf8
