// The Porter stemmer in NLTK's default mode (NLTK_EXTENSIONS), the one Google's rouge_score
// applies to tokens longer than three characters when use_stemmer=True (RadEval's ROUGE).
// Written from the published algorithm (Porter 1980) and NLTK's documented departures from it:
// the irregular-form pool, "ies"/"ied" on four-letter words, step 1c's consonant rule, "bli",
// the recursive "alli" rule, "fulli" and "logi", and two-letter words.
#pragma once

#include <string>

namespace medawq {

std::string porterStem(const std::string& word);  // lower-cases first

}  // namespace medawq
