// GPT-2's byte <-> printable character mapping used by byte-level BPE (Llama 3, GPT-2): every byte
// becomes one visible code point so merges never see spaces or control bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace medawq::byte_level {

// Bytes 33-126, 161-172 and 174-255 map to themselves; the rest to 256, 257, ... in byte order.
inline const std::array<uint32_t, 256>& byteToCodePoint() {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        uint32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            t[b] = printable ? static_cast<uint32_t>(b) : next++;
        }
        return t;
    }();
    return table;
}

inline const std::unordered_map<uint32_t, unsigned char>& codePointToByte() {
    static const std::unordered_map<uint32_t, unsigned char> table = [] {
        std::unordered_map<uint32_t, unsigned char> t;
        for (int b = 0; b < 256; ++b) t[byteToCodePoint()[b]] = static_cast<unsigned char>(b);
        return t;
    }();
    return table;
}

}  // namespace medawq::byte_level
