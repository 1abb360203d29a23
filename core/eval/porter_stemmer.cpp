#include "eval/porter_stemmer.h"

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

namespace medawq {

namespace {

bool endsWith(const std::string& w, const std::string& s) {
    return w.size() >= s.size() && w.compare(w.size() - s.size(), s.size(), s) == 0;
}
std::string dropSuffix(const std::string& w, size_t n) { return w.substr(0, w.size() - n); }

bool consonant(const std::string& w, size_t i) {
    const char c = w[i];
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') return false;
    if (c == 'y') return i == 0 ? true : !consonant(w, i - 1);
    return true;
}

// m in [C](VC)^m[V]: the number of vowel-consonant transitions.
int measure(const std::string& s) {
    int m = 0;
    for (size_t i = 1; i < s.size(); ++i)
        if (!consonant(s, i - 1) && consonant(s, i)) ++m;
    return m;
}

bool containsVowel(const std::string& s) {
    for (size_t i = 0; i < s.size(); ++i)
        if (!consonant(s, i)) return true;
    return false;
}

bool endsDoubleConsonant(const std::string& w) {
    return w.size() >= 2 && w[w.size() - 1] == w[w.size() - 2] && consonant(w, w.size() - 1);
}

bool endsCvc(const std::string& w) {
    const size_t n = w.size();
    if (n >= 3 && consonant(w, n - 3) && !consonant(w, n - 2) && consonant(w, n - 1) && w[n - 1] != 'w' &&
        w[n - 1] != 'x' && w[n - 1] != 'y')
        return true;
    return n == 2 && !consonant(w, 0) && consonant(w, 1);  // NLTK: "at", "is", ...
}

struct Rule {
    std::string suffix;  // "*d": ends in a double consonant
    std::string replacement;
    std::function<bool(const std::string& stem)> condition;  // empty: always
};

// The first rule whose suffix matches decides, whether or not its condition holds.
std::string applyRules(const std::string& w, const std::vector<Rule>& rules) {
    for (const Rule& r : rules) {
        if (r.suffix == "*d") {
            if (!endsDoubleConsonant(w)) continue;
            const std::string stem = dropSuffix(w, 2);
            return !r.condition || r.condition(stem) ? stem + r.replacement : w;
        }
        if (!endsWith(w, r.suffix)) continue;
        const std::string stem = dropSuffix(w, r.suffix.size());
        return !r.condition || r.condition(stem) ? stem + r.replacement : w;
    }
    return w;
}

bool positive(const std::string& s) { return measure(s) > 0; }
bool aboveOne(const std::string& s) { return measure(s) > 1; }

std::string step1a(const std::string& w) {
    if (endsWith(w, "ies") && w.size() == 4) return dropSuffix(w, 3) + "ie";
    return applyRules(w, {{"sses", "ss", {}}, {"ies", "i", {}}, {"ss", "ss", {}}, {"s", "", {}}});
}

std::string step1b(const std::string& w) {
    if (endsWith(w, "ied")) return dropSuffix(w, 3) + (w.size() == 4 ? "ie" : "i");
    if (endsWith(w, "eed")) {
        const std::string stem = dropSuffix(w, 3);
        return measure(stem) > 0 ? stem + "ee" : w;
    }
    std::string stem;
    bool removed = false;
    for (const char* suffix : {"ed", "ing"}) {
        if (endsWith(w, suffix)) {
            const std::string s = dropSuffix(w, std::string(suffix).size());
            if (containsVowel(s)) {
                stem = s;
                removed = true;
                break;
            }
        }
    }
    if (!removed) return w;
    const char last = stem.empty() ? '\0' : stem.back();
    return applyRules(stem, {{"at", "ate", {}},
                             {"bl", "ble", {}},
                             {"iz", "ize", {}},
                             {"*d", std::string(1, last), [last](const std::string&) { return last != 'l' && last != 's' && last != 'z'; }},
                             {"", "e", [](const std::string& s) { return measure(s) == 1 && endsCvc(s); }}});
}

std::string step1c(const std::string& w) {
    return applyRules(w, {{"y", "i", [](const std::string& s) { return s.size() > 1 && consonant(s, s.size() - 1); }}});
}

std::string step2(const std::string& w) {
    if (endsWith(w, "alli") && positive(dropSuffix(w, 4))) return step2(dropSuffix(w, 4) + "al");
    const std::string word = w;
    return applyRules(w, {{"ational", "ate", positive}, {"tional", "tion", positive}, {"enci", "ence", positive},
                          {"anci", "ance", positive},   {"izer", "ize", positive},    {"bli", "ble", positive},
                          {"alli", "al", positive},     {"entli", "ent", positive},   {"eli", "e", positive},
                          {"ousli", "ous", positive},   {"ization", "ize", positive}, {"ation", "ate", positive},
                          {"ator", "ate", positive},    {"alism", "al", positive},    {"iveness", "ive", positive},
                          {"fulness", "ful", positive}, {"ousness", "ous", positive}, {"aliti", "al", positive},
                          {"iviti", "ive", positive},   {"biliti", "ble", positive},  {"fulli", "ful", positive},
                          // The 'l' stays with the stem, so short stems (geo-, theo-) behave like long ones.
                          {"logi", "log", [word](const std::string&) { return positive(dropSuffix(word, 3)); }}});
}

std::string step3(const std::string& w) {
    return applyRules(w, {{"icate", "ic", positive}, {"ative", "", positive}, {"alize", "al", positive},
                          {"iciti", "ic", positive}, {"ical", "ic", positive}, {"ful", "", positive},
                          {"ness", "", positive}});
}

std::string step4(const std::string& w) {
    return applyRules(w, {{"al", "", aboveOne},   {"ance", "", aboveOne}, {"ence", "", aboveOne},
                          {"er", "", aboveOne},   {"ic", "", aboveOne},   {"able", "", aboveOne},
                          {"ible", "", aboveOne}, {"ant", "", aboveOne},  {"ement", "", aboveOne},
                          {"ment", "", aboveOne}, {"ent", "", aboveOne},
                          {"ion", "", [](const std::string& s) { return measure(s) > 1 && !s.empty() && (s.back() == 's' || s.back() == 't'); }},
                          {"ou", "", aboveOne},   {"ism", "", aboveOne},  {"ate", "", aboveOne},
                          {"iti", "", aboveOne},  {"ous", "", aboveOne},  {"ive", "", aboveOne},
                          {"ize", "", aboveOne}});
}

std::string step5a(const std::string& w) {
    if (!endsWith(w, "e")) return w;
    const std::string stem = dropSuffix(w, 1);
    const int m = measure(stem);
    return m > 1 || (m == 1 && !endsCvc(stem)) ? stem : w;
}

std::string step5b(const std::string& w) {
    return applyRules(w, {{"ll", "l", [w](const std::string&) { return measure(dropSuffix(w, 1)) > 1; }}});
}

}  // namespace

std::string porterStem(const std::string& input) {
    std::string w = input;
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    // NLTK's pool of irregular forms.
    static const std::map<std::string, std::string> pool = {
        {"sky", "sky"},         {"skies", "sky"},     {"dying", "die"},       {"lying", "lie"},
        {"tying", "tie"},       {"news", "news"},     {"innings", "inning"},  {"inning", "inning"},
        {"outings", "outing"},  {"outing", "outing"}, {"cannings", "canning"}, {"canning", "canning"},
        {"howe", "howe"},       {"proceed", "proceed"}, {"exceed", "exceed"}, {"succeed", "succeed"}};
    if (const auto it = pool.find(w); it != pool.end()) return it->second;
    if (w.size() <= 2) return w;
    return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(w))))))));
}

}  // namespace medawq
