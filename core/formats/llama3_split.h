// The pre-tokenizer split of Llama 3 (and GPT-4's cl100k), hand-written instead of a regex
// engine, because std::regex has no \p{L}/\p{N}:
//
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*
//   |\s*[\r\n]+|\s+(?!\S)|\s+
//
// and GPT-2's older pattern (ByteLevel use_regex):
//
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
// Limits: the letter / number classes are tables of ranges covering ASCII, Latin-1, Latin
// Extended, IPA, Greek, Cyrillic, Armenian, Hebrew, Arabic, Devanagari, Thai, Hangul, kana and
// CJK ideographs, and the common digit blocks. Letters of other scripts count as "other" (like
// punctuation), which changes where words split for those scripts, not whether text round-trips.
// Combining marks are "other", as in Unicode.
#pragma once

#include <string_view>
#include <vector>

namespace medawq {

enum class SplitPattern { Llama3, Gpt2 };

// The pieces of `text` in order; they concatenate back to `text` exactly.
std::vector<std::string_view> splitPretokens(std::string_view text, SplitPattern pattern);

// Which of the known patterns a tokenizer.json regex is; false when it is none of them.
bool recognisePattern(const std::string& regex, SplitPattern* pattern);

}  // namespace medawq
