// BLEU-1..4, ROUGE-L (two flavours) and CIDEr with the tokenisation and arithmetic of the
// implementations report-generation papers use (shared/METRICS.md):
//  * BLEU: pycocoevalcap's BleuScorer ("closest" reference length, the 1e-15 / 1e-9 smoothing,
//    brevity penalty exp(1 - 1/ratio) when ratio < 1), per sentence and per corpus;
//  * ROUGE-L, COCO: LCS on space-separated tokens, F = (1+b^2)PR / (R + b^2 P), b = 1.2;
//  * ROUGE-1/2/L, rouge_score (RadEval): lower-case, [^a-z0-9]+ -> space, Porter stems of tokens
//    longer than 3 characters, F = 2PR / (P+R);
//  * CIDEr: pycocoevalcap's CiderScorer (n = 1..4, tf-idf over the evaluated references, clipped
//    products, Gaussian length penalty with sigma 6 where "length" counts bigrams, x10).
// Corpus statistics (BLEU, CIDEr) are exposed per case so that a bootstrap can recompute them on
// resampled cases.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace medawq {

using Tokens = std::vector<std::string>;

Tokens whitespaceTokens(const std::string& text);  // Python's str.split()
// Lower-cased, punctuation tokens removed: an approximation of COCO's PTBTokenizer (which
// needs Java and Stanford CoreNLP); named as such wherever it is used.
Tokens cocoTokens(const std::string& text);
Tokens rougeScoreTokens(const std::string& text, bool stem = true);

// BLEU --------------------------------------------------------------------------------------
struct BleuCase {
    int64_t testLength = 0, refLength = 0;  // refLength: the closest reference length
    std::array<int64_t, 4> guess{}, correct{};
};
BleuCase bleuCase(const Tokens& hyp, const std::vector<Tokens>& refs);
std::array<double, 4> bleuSentence(const BleuCase& c);                      // BLEU-1..4 of one case
std::array<double, 4> bleuCorpus(const std::vector<BleuCase>& cases);
std::array<double, 4> bleuCorpus(const std::vector<BleuCase>& cases, const std::vector<uint32_t>& subset);

// ROUGE -------------------------------------------------------------------------------------
struct Prf {
    double precision = 0, recall = 0, f = 0;
};
double rougeLCoco(const Tokens& hyp, const std::vector<Tokens>& refs, double beta = 1.2);
Prf rougeLScore(const Tokens& hyp, const Tokens& ref);            // rouge_score's LCS-based ROUGE-L
Prf rougeNScore(const Tokens& hyp, const Tokens& ref, int n);     // rouge_score's ROUGE-N

// CIDEr -------------------------------------------------------------------------------------
class CiderCorpus {
public:
    // One hypothesis and its references per case.
    CiderCorpus(const std::vector<Tokens>& hyps, const std::vector<std::vector<Tokens>>& refs, double sigma = 6.0);
    // Per-case CIDEr with document frequencies over all cases (pycocoevalcap), or over the
    // cases of `subset` (with repeats, as a resampled set would be scored).
    std::vector<double> scores() const;
    double corpus() const;
    double corpus(const std::vector<uint32_t>& subset) const;

    using Counts = std::unordered_map<std::string, int>;  // n-gram (words joined by ' ') -> count

private:
    std::vector<double> scoresWith(const std::vector<uint32_t>& subset) const;
    std::vector<Counts> m_hyps;
    std::vector<std::vector<Counts>> m_refs;
    double m_sigma;
};

}  // namespace medawq
