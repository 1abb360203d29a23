#include "eval/lexical_metrics.h"

#include "eval/porter_stemmer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

namespace medawq {

Tokens whitespaceTokens(const std::string& text) {
    Tokens out;
    std::string cur;
    for (unsigned char c : text) {
        if (std::isspace(c)) {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += char(c);
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

Tokens cocoTokens(const std::string& text) {
    // Words and numbers stay (with inner apostrophes and hyphens, and decimal points); every other
    // ASCII punctuation mark separates tokens and is dropped, as PTBTokenizer's punctuation
    // filter does. Non-ASCII bytes are kept inside words.
    Tokens out;
    std::string cur;
    auto flush = [&] {
        while (!cur.empty() && (cur.back() == '-' || cur.back() == '.' || cur.back() == '\'')) cur.pop_back();
        size_t start = 0;
        while (start < cur.size() && (cur[start] == '-' || cur[start] == '.' || cur[start] == '\'')) ++start;
        if (start < cur.size()) out.push_back(cur.substr(start));
        cur.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = (unsigned char)text[i];
        const bool next = i + 1 < text.size() && std::isalnum((unsigned char)text[i + 1]);
        const bool inner = !cur.empty() && next &&
                           (c == '\'' || c == '-' ||
                            (c == '.' && std::isdigit((unsigned char)cur.back()) && std::isdigit((unsigned char)text[i + 1])));
        if (std::isalnum(c) || c >= 0x80) cur += char(std::tolower(c));
        else if (inner) cur += char(c);
        else flush();
    }
    flush();
    return out;
}

Tokens rougeScoreTokens(const std::string& text, bool stem) {
    std::string cleaned;
    for (unsigned char c : text) {
        const char l = char(std::tolower(c));
        cleaned += (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') ? l : ' ';
    }
    Tokens out = whitespaceTokens(cleaned);
    if (stem)
        for (std::string& t : out)
            if (t.size() > 3) t = porterStem(t);
    return out;
}

namespace {

using Counts = CiderCorpus::Counts;

Counts ngramCounts(const Tokens& words, int maxN) {
    Counts counts;
    for (int k = 1; k <= maxN; ++k)
        for (size_t i = 0; i + size_t(k) <= words.size(); ++i) {
            std::string g = words[i];
            for (int j = 1; j < k; ++j) g += ' ' + words[i + size_t(j)];
            ++counts[g];
        }
    return counts;
}

int order(const std::string& ngram) { return 1 + int(std::count(ngram.begin(), ngram.end(), ' ')); }

size_t lcs(const Tokens& a, const Tokens& b) {
    std::vector<size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

Prf fromCounts(double overlap, double hypCount, double refCount) {
    Prf s;
    s.precision = hypCount > 0 ? overlap / hypCount : 0;
    s.recall = refCount > 0 ? overlap / refCount : 0;
    s.f = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    return s;
}

constexpr double kTiny = 1e-15, kSmall = 1e-9;

std::array<double, 4> bleuFrom(double testLength, double refLength, const std::array<double, 4>& correct,
                               const std::array<double, 4>& guess) {
    std::array<double, 4> out{};
    double product = 1;
    for (int k = 0; k < 4; ++k) {
        product *= (correct[size_t(k)] + kTiny) / (guess[size_t(k)] + kSmall);
        out[size_t(k)] = std::pow(product, 1.0 / (k + 1));
    }
    const double ratio = (testLength + kTiny) / (refLength + kSmall);
    if (ratio < 1)
        for (double& b : out) b *= std::exp(1 - 1 / ratio);
    return out;
}

}  // namespace

BleuCase bleuCase(const Tokens& hyp, const std::vector<Tokens>& refs) {
    BleuCase c;
    c.testLength = int64_t(hyp.size());
    // "closest": the reference length nearest the hypothesis length, the shorter on a tie.
    int64_t best = -1;
    Counts maxRef;
    for (const Tokens& r : refs) {
        const int64_t len = int64_t(r.size());
        if (best < 0 || std::llabs(len - c.testLength) < std::llabs(best - c.testLength) ||
            (std::llabs(len - c.testLength) == std::llabs(best - c.testLength) && len < best))
            best = len;
        for (const auto& [g, n] : ngramCounts(r, 4)) maxRef[g] = std::max(maxRef[g], n);
    }
    c.refLength = std::max<int64_t>(0, best);
    for (int k = 0; k < 4; ++k) c.guess[size_t(k)] = std::max<int64_t>(0, c.testLength - k);
    for (const auto& [g, n] : ngramCounts(hyp, 4)) {
        const auto it = maxRef.find(g);
        if (it != maxRef.end()) c.correct[size_t(order(g) - 1)] += std::min(n, it->second);
    }
    return c;
}

std::array<double, 4> bleuSentence(const BleuCase& c) {
    std::array<double, 4> correct{}, guess{};
    for (size_t k = 0; k < 4; ++k) {
        correct[k] = double(c.correct[k]);
        guess[k] = double(c.guess[k]);
    }
    return bleuFrom(double(c.testLength), double(c.refLength), correct, guess);
}

std::array<double, 4> bleuCorpus(const std::vector<BleuCase>& cases, const std::vector<uint32_t>& subset) {
    double test = 0, ref = 0;
    std::array<double, 4> correct{}, guess{};
    for (uint32_t i : subset) {
        const BleuCase& c = cases[i];
        test += double(c.testLength);
        ref += double(c.refLength);
        for (size_t k = 0; k < 4; ++k) {
            correct[k] += double(c.correct[k]);
            guess[k] += double(c.guess[k]);
        }
    }
    return bleuFrom(test, ref, correct, guess);
}

std::array<double, 4> bleuCorpus(const std::vector<BleuCase>& cases) {
    std::vector<uint32_t> all(cases.size());
    std::iota(all.begin(), all.end(), 0u);
    return bleuCorpus(cases, all);
}

double rougeLCoco(const Tokens& hyp, const std::vector<Tokens>& refs, double beta) {
    double pMax = 0, rMax = 0;
    for (const Tokens& r : refs) {
        const double l = double(lcs(r, hyp));
        pMax = std::max(pMax, hyp.empty() ? 0.0 : l / double(hyp.size()));
        rMax = std::max(rMax, r.empty() ? 0.0 : l / double(r.size()));
    }
    if (pMax == 0 || rMax == 0) return 0;
    return (1 + beta * beta) * pMax * rMax / (rMax + beta * beta * pMax);
}

Prf rougeLScore(const Tokens& hyp, const Tokens& ref) {
    if (hyp.empty() || ref.empty()) return {};
    return fromCounts(double(lcs(ref, hyp)), double(hyp.size()), double(ref.size()));
}

Prf rougeNScore(const Tokens& hyp, const Tokens& ref, int n) {
    auto grams = [n](const Tokens& t) {
        Counts c;
        for (size_t i = 0; i + size_t(n) <= t.size(); ++i) {
            std::string g = t[i];
            for (int j = 1; j < n; ++j) g += ' ' + t[i + size_t(j)];
            ++c[g];
        }
        return c;
    };
    const Counts h = grams(hyp), r = grams(ref);
    double overlap = 0, hn = 0, rn = 0;
    for (const auto& [g, c] : h) {
        hn += c;
        const auto it = r.find(g);
        if (it != r.end()) overlap += std::min(c, it->second);
    }
    for (const auto& [g, c] : r) rn += c;
    return fromCounts(overlap, hn, rn);
}

CiderCorpus::CiderCorpus(const std::vector<Tokens>& hyps, const std::vector<std::vector<Tokens>>& refs, double sigma)
    : m_sigma(sigma) {
    for (const Tokens& h : hyps) m_hyps.push_back(ngramCounts(h, 4));
    for (const auto& rs : refs) {
        std::vector<Counts> counts;
        for (const Tokens& r : rs) counts.push_back(ngramCounts(r, 4));
        m_refs.push_back(std::move(counts));
    }
}

std::vector<double> CiderCorpus::scoresWith(const std::vector<uint32_t>& subset) const {
    // Document frequency: in how many cases' reference sets each n-gram occurs.
    std::unordered_map<std::string, double> df;
    for (uint32_t i : subset) {
        std::unordered_map<std::string, bool> seen;
        for (const Counts& r : m_refs[i])
            for (const auto& kv : r) seen[kv.first] = true;
        for (const auto& kv : seen) df[kv.first] += 1;
    }
    const double refLen = std::log(double(subset.size()));
    struct Vec {
        std::array<std::unordered_map<std::string, double>, 4> v;
        std::array<double, 4> norm{};
        double length = 0;
    };
    auto toVec = [&](const Counts& counts) {
        Vec out;
        for (const auto& [g, tf] : counts) {
            const auto it = df.find(g);
            const double d = std::log(std::max(1.0, it == df.end() ? 0.0 : it->second));
            const size_t n = size_t(order(g) - 1);
            const double w = double(tf) * (refLen - d);
            out.v[n][g] = w;
            out.norm[n] += w * w;
            if (n == 1) out.length += tf;  // pycocoevalcap's length: the bigram count
        }
        for (double& x : out.norm) x = std::sqrt(x);
        return out;
    };
    std::vector<double> scores;
    for (uint32_t i : subset) {
        const Vec h = toVec(m_hyps[i]);
        std::array<double, 4> total{};
        for (const Counts& rc : m_refs[i]) {
            const Vec r = toVec(rc);
            const double delta = h.length - r.length;
            for (size_t n = 0; n < 4; ++n) {
                double val = 0;
                for (const auto& [g, w] : h.v[n]) {
                    const auto it = r.v[n].find(g);
                    const double wr = it == r.v[n].end() ? 0.0 : it->second;
                    val += std::min(w, wr) * wr;
                }
                if (h.norm[n] != 0 && r.norm[n] != 0) val /= h.norm[n] * r.norm[n];
                total[n] += val * std::exp(-(delta * delta) / (2 * m_sigma * m_sigma));
            }
        }
        const double avg = (total[0] + total[1] + total[2] + total[3]) / 4.0;
        scores.push_back(m_refs[i].empty() ? 0.0 : avg / double(m_refs[i].size()) * 10.0);
    }
    return scores;
}

std::vector<double> CiderCorpus::scores() const {
    std::vector<uint32_t> all(m_hyps.size());
    std::iota(all.begin(), all.end(), 0u);
    return scoresWith(all);
}

double CiderCorpus::corpus() const {
    const std::vector<double> s = scores();
    return s.empty() ? 0.0 : std::accumulate(s.begin(), s.end(), 0.0) / double(s.size());
}

double CiderCorpus::corpus(const std::vector<uint32_t>& subset) const {
    const std::vector<double> s = scoresWith(subset);
    return s.empty() ? 0.0 : std::accumulate(s.begin(), s.end(), 0.0) / double(s.size());
}

}  // namespace medawq
