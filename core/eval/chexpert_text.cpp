// Sentence splitting and tokenisation for the CheXpert-phrase labeler (see chexpert_text.h).
#include "eval/chexpert_text.h"

namespace medawq::chexpert {

namespace {

// Bytes that belong to a word. Non-ASCII bytes count as letters so that a UTF-8 word stays whole.
bool isWordByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Punctuation that matters to the rules: commas, semicolons and colons end or continue negation
// scopes; parentheses and slashes ("and/or") are kept so that they separate words visibly.
bool isKeptPunct(char c) { return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '/'; }

}  // namespace

std::vector<Sentence> splitReport(const std::string& report) {
    std::vector<Sentence> out;
    Sentence cur;
    std::string word;
    auto flushWord = [&]() {
        if (!word.empty()) cur.tokens.push_back({word, true});
        word.clear();
    };
    auto flushSentence = [&]() {
        flushWord();
        if (!cur.tokens.empty()) out.push_back(std::move(cur));
        cur = Sentence{};
    };
    const size_t n = report.size();
    for (size_t i = 0; i < n; ++i) {
        char c = report[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (isWordByte(static_cast<unsigned char>(c))) {
            word += c;
        } else if (c == '.' && !word.empty() && isDigit(word.back()) && i + 1 < n && isDigit(report[i + 1])) {
            word += c;  // a decimal point: "1.5 cm" is one sentence
        } else if (c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r') {
            flushSentence();
        } else if (isKeptPunct(c)) {
            flushWord();
            cur.tokens.push_back({std::string(1, c), false});
        } else {
            flushWord();  // spaces, hyphens, apostrophes, quotes, other marks
        }
    }
    flushSentence();
    return out;
}

std::string joinTokens(const std::vector<Token>& tokens, size_t begin, size_t end) {
    std::string s;
    for (size_t i = begin; i < end && i < tokens.size(); ++i) {
        if (!s.empty() && tokens[i].word) s += ' ';
        s += tokens[i].text;
    }
    return s;
}

}  // namespace medawq::chexpert
