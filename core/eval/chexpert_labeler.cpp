// The labeler: sentences -> clauses -> tokens; mention phrases per observation (minus
// unmention phrases); each mention takes the negation/uncertainty cues that reach it inside its
// clause (pre-cues reach later mentions, post-cues earlier ones, "both" cues every mention);
// then CheXpert's report-level aggregation. Phrase tables are MedAWQ's own, written for the
// vocabulary of chest X-ray reports; a word ending in '*' matches any word with that prefix.
#include <medawq/labeler.h>

#include <algorithm>
#include <cctype>

namespace medawq {

const std::array<std::string, kObservationCount>& observationNames() {
    static const std::array<std::string, kObservationCount> names = {
        "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity", "Lung Lesion", "Edema",
        "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion",
        "Pleural Other", "Fracture", "Support Devices", "No Finding"};
    return names;
}

int observationIndex(const std::string& name) {
    const auto& n = observationNames();
    const auto it = std::find(n.begin(), n.end(), name);
    return it == n.end() ? -1 : int(it - n.begin());
}

const char* mentionName(Mention m) {
    switch (m) {
    case Mention::Positive: return "positive";
    case Mention::Negative: return "negative";
    case Mention::Uncertain: return "uncertain";
    case Mention::Blank: return "blank";
    }
    return "blank";
}

namespace {

enum Obs { EnlargedCM, Cardiomegaly, LungOpacity, LungLesion, Edema, Consolidation, Pneumonia, Atelectasis,
           Pneumothorax, PleuralEffusion, PleuralOther, Fracture, SupportDevices, NoFinding };

using Words = std::vector<std::string>;
using Phrase = Words;

std::vector<Phrase> phrases(std::initializer_list<const char*> list) {
    std::vector<Phrase> out;
    for (const char* p : list) {
        Phrase words;
        std::string cur;
        for (const char* c = p;; ++c) {
            if (*c == ' ' || *c == '\0') {
                if (!cur.empty()) words.push_back(cur);
                cur.clear();
                if (*c == '\0') break;
            } else {
                cur += *c;
            }
        }
        out.push_back(words);
    }
    return out;
}

struct Table {
    std::array<std::vector<Phrase>, kObservationCount> mentions, unmentions;
    std::vector<Phrase> uncPre, uncPost, uncBoth, negPre, negPost, negBoth, sizeNormal, sizeUncertain;
    // Heart and mediastinum: "heart size", "mediastinal contours" name a structure, not a finding;
    // such a mention is positive only next to a word of enlargement ("stable cardiac silhouette"
    // is no finding). Mentions that are findings themselves ("cardiomegaly") need none.
    std::vector<Phrase> sizeFindings, enlargement;
};

const Table& table() {
    static const Table t = [] {
        Table t;
        t.mentions[EnlargedCM] = phrases({"mediastin*", "cardiomediastin*", "hilar contour*", "widened mediastinum"});
        t.unmentions[EnlargedCM] = phrases({"mediastinal shift", "mediastinal clip*", "mediastinal drain*", "mediastinal wire*",
                                            "pneumomediastinum", "mediastinal emphysema"});
        t.mentions[Cardiomegaly] = phrases({"cardiomegaly", "heart size", "the heart", "heart is", "cardiac silhouette",
                                            "cardiac contour*", "cardiac size", "cardiac enlargement", "enlarged heart",
                                            "cardiac shadow", "heart silhouette", "enlargement of the heart"});
        t.unmentions[Cardiomegaly] = phrases({"over the heart", "overlying the heart", "over the cardiac silhouette",
                                              "overlying the cardiac silhouette", "heart border*", "heart borders"});
        t.mentions[LungOpacity] = phrases({"opacit*", "opacif*", "airspace disease", "air space disease", "airspace opacit*",
                                           "infiltrat*", "densit*", "haziness", "hazy", "interstitial marking*",
                                           "interstitial pattern", "reticular*", "reticulonodular", "ground glass",
                                           "parenchymal scarring", "scarring", "peribronchial thickening"});
        t.unmentions[LungOpacity] = phrases({"pleural scarring", "bone densit*", "osseous densit*"});
        t.mentions[LungLesion] = phrases({"nodule", "nodules", "nodular*", "mass", "masses", "neoplasm*", "tumor*",
                                          "tumour*", "cavitary lesion*", "lung lesion*", "pulmonary lesion*",
                                          "carcinoma", "metastas*"});
        t.mentions[Edema] = phrases({"edema", "oedema", "vascular congestion", "pulmonary congestion",
                                     "vascular engorgement", "heart failure", "chf", "fluid overload",
                                     "vascular redistribution", "cephalization"});
        t.unmentions[Edema] = phrases({"soft tissue edema", "subcutaneous edema"});
        t.mentions[Consolidation] = phrases({"consolidat*"});
        t.mentions[Pneumonia] = phrases({"pneumonia", "pneumonias", "infection", "infectious", "bronchopneumonia"});
        t.mentions[Atelectasis] = phrases({"atelecta*", "collapse", "collapsed"});
        t.unmentions[Atelectasis] = phrases({"vertebral body collapse", "compression collapse"});
        t.mentions[Pneumothorax] = phrases({"pneumothora*", "hydropneumothorax"});
        t.mentions[PleuralEffusion] = phrases({"effusion", "effusions", "pleural fluid", "hydrothorax", "hydropneumothorax"});
        t.unmentions[PleuralEffusion] = phrases({"pericardial effusion*", "joint effusion*"});
        t.mentions[PleuralOther] = phrases({"pleural thickening", "pleural scarring", "fibrothorax", "pleural plaque*",
                                            "pleural calcification*", "pleural based", "pleural-based", "pleural reaction",
                                            "pleuroparenchymal scarring", "pleural parenchymal scarring"});
        t.mentions[Fracture] = phrases({"fracture*", "fx"});
        t.mentions[SupportDevices] = phrases({"tube", "tubes", "catheter*", "line", "lines", "picc", "pacemaker*", "pacer",
                                              "leads", "sternotomy", "wire", "wires", "port", "portacath", "device*",
                                              "clip", "clips", "drain", "drains", "stent*", "prosthe*", "hardware",
                                              "icd", "defibrillator", "endotracheal", "swan", "electrode*", "staples",
                                              "valve replacement", "cabg"});
        t.unmentions[SupportDevices] = phrases({"septal lines", "kerley lines", "kerley b lines", "b lines",
                                                "midclavicular line", "fissural line", "pleural line", "skin line"});

        t.uncPre = phrases({"may", "might", "could", "possible", "possibly", "probable", "probably", "likely",
                            "questionable", "question of", "cannot exclude", "can not exclude", "cannot rule out",
                            "can not rule out", "concerning for", "concern for", "suspicious for", "suspicion for",
                            "suggestive of", "suggests", "suggesting", "worrisome for", "equivocal", "suspected",
                            "presumed", "presumably", "indeterminate", "differential", "not exclude", "?"});
        t.uncPost = phrases({"cannot be excluded", "can not be excluded", "cannot be ruled out", "can not be ruled out",
                             "not excluded", "not be excluded", "not be ruled out", "is possible", "are possible",
                             "is suspected", "are suspected", "is questioned", "is likely", "are likely", "may be", "might be",
                             "could be", "?"});
        t.uncBoth = phrases({"versus", "vs"});
        t.negPre = phrases({"no", "without", "negative for", "free of", "absence of", "clear of", "no longer",
                            "removal of", "resolution of", "rather than"});
        t.negPost = phrases({"is not seen", "are not seen", "not seen", "not identified", "not visualized", "not present",
                             "not appreciated", "not evident", "not demonstrated", "not noted", "is absent", "are absent",
                             "not enlarged", "not widened", "has resolved", "have resolved", "resolved", "removed",
                             "no longer", "has been removed", "have been removed"});
        // "resolved" reaches back ("effusions have resolved"), "resolution of" forward: neither
        // may reach a device in the same clause ("resolved after chest tube placement").
        t.negBoth = {};
        t.sizeNormal = phrases({"normal", "unremarkable", "within normal limits", "not enlarged", "normal in size",
                                "stable in size", "upper normal"});
        t.sizeFindings = phrases({"cardiomegaly", "cardiac enlargement", "enlarged heart", "enlargement of the heart",
                                  "widened mediastinum"});
        t.enlargement = phrases({"enlarged", "enlargement", "enlarging", "widened", "widening", "wide", "increased",
                                 "large", "larger", "cardiomegaly"});
        t.sizeUncertain = phrases({"borderline", "top normal", "top-normal", "upper limits of normal",
                                   "upper limit of normal", "mildly prominent", "prominent", "upper normal"});
        return t;
    }();
    return t;
}

bool wordMatches(const std::string& pattern, const std::string& word) {
    if (!pattern.empty() && pattern.back() == '*')
        return word.size() >= pattern.size() - 1 && word.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
    return pattern == word;
}

struct Span {
    size_t begin, end;  // tokens [begin, end)
};

std::vector<Span> find(const Words& tokens, const std::vector<Phrase>& list) {
    std::vector<Span> out;
    for (const Phrase& p : list)
        for (size_t i = 0; i + p.size() <= tokens.size(); ++i) {
            bool ok = true;
            for (size_t j = 0; j < p.size() && ok; ++j) ok = wordMatches(p[j], tokens[i + j]);
            if (ok) out.push_back({i, i + p.size()});
        }
    return out;
}

// "no change in the effusion", "no interval change": "no" negates the change, not the finding.
bool negatesChange(const Words& tokens, const Span& s) {
    if (tokens[s.begin] != "no" || s.end - s.begin != 1) return false;
    for (size_t j = s.end; j < tokens.size() && j < s.end + 3; ++j) {
        const std::string& w = tokens[j];
        if (w == "change" || w == "changes" || w == "worsening" || w == "increase" || w == "progression") return true;
        if (w != "interval" && w != "significant" && w != "appreciable" && w != "substantial" && w != "definite") return false;
    }
    return false;
}

// Lower-cased text -> clauses of word tokens ("?" and "," kept as tokens while splitting).
std::vector<Words> clauses(const std::string& text) {
    std::string t;
    for (unsigned char c : text) t += char(std::tolower(c));
    // Section headers end a sentence.
    for (const char* h : {"findings:", "impression:", "indication:", "comparison:", "history:", "technique:", "conclusion:"})
        for (size_t p = t.find(h); p != std::string::npos; p = t.find(h, p + 1)) t.replace(p, std::string(h).size(), std::string(std::string(h).size() - 1, ' ') + ".");
    std::vector<Words> out;
    Words cur;
    std::string word;
    static const std::vector<std::string> splitWords = {"with", "but", "however", "which", "although", "though", "whereas", "except"};
    auto endWord = [&] {
        if (!word.empty()) cur.push_back(word);
        word.clear();
    };
    auto endClause = [&] {
        endWord();
        // Split further at the clause words and at ", <uncertainty cue>".
        Words part;
        for (size_t i = 0; i < cur.size(); ++i) {
            const std::string& w = cur[i];
            const bool split = std::find(splitWords.begin(), splitWords.end(), w) != splitWords.end();
            const bool commaCue = w == "," && i + 1 < cur.size() &&
                                  !find(Words(cur.begin() + long(i) + 1, cur.begin() + long(std::min(cur.size(), i + 3))), table().uncPre).empty();
            if (split || commaCue) {
                if (!part.empty()) out.push_back(part);
                part.clear();
                continue;
            }
            if (w != ",") part.push_back(w);
        }
        if (!part.empty()) out.push_back(part);
        cur.clear();
    };
    for (size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        const bool decimal = c == '.' && i > 0 && i + 1 < t.size() && std::isdigit((unsigned char)t[i - 1]) && std::isdigit((unsigned char)t[i + 1]);
        if (std::isalnum((unsigned char)c) || decimal || (c == '-' && !word.empty()) || (unsigned char)c >= 0x80) {
            word += c;
        } else if (c == '.' || c == '!' || c == '\n' || c == ';' || c == ':') {
            endClause();
        } else if (c == '?') {
            endWord();
            cur.push_back("?");
            endClause();
        } else if (c == ',') {
            endWord();
            cur.push_back(",");
        } else {
            endWord();
        }
    }
    endClause();
    return out;
}

Mention statusOf(int obs, const Span& m, const Words& tokens, const Table& t) {
    auto reaches = [&](const std::vector<Phrase>& pre, const std::vector<Phrase>& post, const std::vector<Phrase>& both,
                       bool negation) {
        for (const Span& s : find(tokens, pre))
            if (s.end <= m.begin && !(negation && negatesChange(tokens, s))) return true;
        for (const Span& s : find(tokens, post))
            if (s.begin >= m.end) return true;
        // "versus" joins the alternatives next to it, not every finding of the clause.
        for (const Span& s : find(tokens, both))
            if ((s.end <= m.begin && m.begin - s.end <= 3) || (s.begin >= m.end && s.begin - m.end <= 3)) return true;
        return false;
    };
    if (reaches(t.uncPre, t.uncPost, t.uncBoth, false)) return Mention::Uncertain;
    const bool sizeObs = obs == Cardiomegaly || obs == EnlargedCM;
    if (sizeObs && !find(tokens, t.sizeUncertain).empty()) return Mention::Uncertain;
    if (reaches(t.negPre, t.negPost, t.negBoth, true)) return Mention::Negative;
    if (sizeObs && !find(tokens, t.sizeNormal).empty()) return Mention::Negative;
    if (sizeObs) {
        const Words mention(tokens.begin() + long(m.begin), tokens.begin() + long(m.end));
        if (find(mention, t.sizeFindings).empty() && find(tokens, t.enlargement).empty()) return Mention::Blank;
    }
    return Mention::Positive;
}

void merge(Mention& into, Mention m) {
    // Across the mentions of one report: positive beats uncertain beats negative.
    auto rank = [](Mention x) { return x == Mention::Positive ? 3 : x == Mention::Uncertain ? 2 : x == Mention::Negative ? 1 : 0; };
    if (rank(m) > rank(into)) into = m;
}

}  // namespace

ReportLabels labelReport(const std::string& text) {
    ReportLabels labels;
    labels.fill(Mention::Blank);
    const Table& t = table();
    bool any = false;
    for (const Words& clause : clauses(text)) {
        any = true;
        for (int obs = 0; obs < NoFinding; ++obs) {
            const std::vector<Span> unmentioned = find(clause, t.unmentions[size_t(obs)]);
            for (const Span& m : find(clause, t.mentions[size_t(obs)])) {
                const bool cancelled = std::any_of(unmentioned.begin(), unmentioned.end(),
                                                   [&](const Span& u) { return u.begin <= m.begin && m.end <= u.end; });
                if (cancelled) continue;
                const Mention status = statusOf(obs, m, clause, t);
                merge(labels[size_t(obs)], status);
                // Heart failure implies an enlarged heart is possible (CheXpert's rule).
                const bool heartFailure = obs == Edema && (clause[m.begin] == "chf" || (clause[m.begin] == "heart" && m.end - m.begin == 2));
                if (heartFailure && status != Mention::Negative) merge(labels[Cardiomegaly], Mention::Uncertain);
            }
        }
    }
    if (!any) return labels;
    bool finding = false;
    for (int obs = 0; obs < NoFinding; ++obs)
        if (obs != SupportDevices && (labels[size_t(obs)] == Mention::Positive || labels[size_t(obs)] == Mention::Uncertain)) finding = true;
    if (!finding) labels[NoFinding] = Mention::Positive;
    return labels;
}

namespace {
bool binary(Mention m, bool uncertainPositive) {
    return m == Mention::Positive || (uncertainPositive && m == Mention::Uncertain);
}
const int kTop5[5] = {Cardiomegaly, Edema, Consolidation, Atelectasis, PleuralEffusion};
double f1Of(double tp, double fp, double fn) { return tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0.0; }
}  // namespace

LabelScores labelScores(const std::vector<ReportLabels>& truth, const std::vector<ReportLabels>& predicted,
                        bool uncertainPositive, const std::vector<uint32_t>* subset) {
    LabelScores s;
    int64_t exact = 0, cases = 0;
    auto visit = [&](size_t i) {
        ++cases;
        bool top5Equal = true;
        for (int k = 0; k < kObservationCount; ++k) {
            const bool t = binary(truth[i][size_t(k)], uncertainPositive), p = binary(predicted[i][size_t(k)], uncertainPositive);
            s.truePositives[size_t(k)] += t && p;
            s.falsePositives[size_t(k)] += !t && p;
            s.falseNegatives[size_t(k)] += t && !p;
            if (std::find(std::begin(kTop5), std::end(kTop5), k) != std::end(kTop5) && t != p) top5Equal = false;
        }
        exact += top5Equal;
    };
    if (subset) for (uint32_t i : *subset) visit(i);
    else for (size_t i = 0; i < truth.size(); ++i) visit(i);
    double tp = 0, fp = 0, fn = 0, tp5 = 0, fp5 = 0, fn5 = 0, macro = 0, macro5 = 0;
    for (int k = 0; k < kObservationCount; ++k) {
        const double a = double(s.truePositives[size_t(k)]), b = double(s.falsePositives[size_t(k)]), c = double(s.falseNegatives[size_t(k)]);
        s.precision[size_t(k)] = a + b > 0 ? a / (a + b) : 0;
        s.recall[size_t(k)] = a + c > 0 ? a / (a + c) : 0;
        s.f1[size_t(k)] = f1Of(a, b, c);
        tp += a, fp += b, fn += c, macro += s.f1[size_t(k)];
        if (std::find(std::begin(kTop5), std::end(kTop5), k) != std::end(kTop5)) tp5 += a, fp5 += b, fn5 += c, macro5 += s.f1[size_t(k)];
    }
    s.microF1 = f1Of(tp, fp, fn);
    s.macroF1 = macro / kObservationCount;
    s.top5MicroF1 = f1Of(tp5, fp5, fn5);
    s.top5MacroF1 = macro5 / 5;
    s.top5ExactMatch = cases ? double(exact) / double(cases) : 0;
    return s;
}

double caseLabelF1(const ReportLabels& truth, const ReportLabels& predicted, bool uncertainPositive) {
    double tp = 0, fp = 0, fn = 0;
    for (size_t k = 0; k < size_t(kObservationCount); ++k) {
        const bool t = binary(truth[k], uncertainPositive), p = binary(predicted[k], uncertainPositive);
        tp += t && p, fp += !t && p, fn += t && !p;
    }
    return tp + fp + fn == 0 ? 1.0 : f1Of(tp, fp, fn);
}

std::vector<FindingDifference> findingDifferences(const ReportLabels& a, const ReportLabels& b) {
    std::vector<FindingDifference> out;
    for (int k = 0; k < kObservationCount; ++k)
        if (a[size_t(k)] != b[size_t(k)]) out.push_back({k, a[size_t(k)], b[size_t(k)]});
    // One side positive first (a finding present in one report only), then uncertain changes.
    auto weight = [](const FindingDifference& d) {
        return (d.a == Mention::Positive || d.b == Mention::Positive) ? 0 : (d.a == Mention::Uncertain || d.b == Mention::Uncertain) ? 1 : 2;
    };
    std::stable_sort(out.begin(), out.end(), [&](const FindingDifference& x, const FindingDifference& y) { return weight(x) < weight(y); });
    return out;
}

}  // namespace medawq
