// Text preparation for the CheXpert-phrase labeler: a report becomes sentences of lower-case tokens.
// Phrase matching works on tokens, not on regular expressions over characters: it is fast (no
// std::regex) and a phrase can never match inside a longer word ("line" in "midline").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace medawq::chexpert {

struct Token {
    std::string text;   // lower-case word ("effusion", "1.5", "xxxx") or one punctuation mark
    bool word = true;   // false for the punctuation marks kept: , ; : ( ) /
};

struct Sentence {
    std::vector<Token> tokens;
};

// Splits at . ! ? (not inside numbers such as "1.5") and at line breaks; lower-cases ASCII;
// hyphens and apostrophes separate words ("air-space" -> "air space"); punctuation other than
// , ; : ( ) / is dropped. Empty sentences are skipped.
std::vector<Sentence> splitReport(const std::string& report);

// The words of tokens [begin, end) joined by single spaces (punctuation kept as is).
std::string joinTokens(const std::vector<Token>& tokens, size_t begin, size_t end);

}  // namespace medawq::chexpert
