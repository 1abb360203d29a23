// The CheXpert-phrase labeler: mentions per sentence, their negation/uncertainty from trigger
// scopes, and CheXpert's aggregation per report. Tables: chexpert_phrases.cpp, chexpert_cues.cpp.
#include "eval/chexpert_cues.h"
#include "eval/chexpert_phrases.h"
#include "eval/chexpert_text.h"

#include <medawq/labeler.h>

#include <algorithm>

namespace medawq {

namespace {

using namespace chexpert;

struct Span {
    size_t begin, end;
    int id;  // mention phrase id or cue id
};

// Mentions of one sentence: phrase matches minus those overlapping an unmention phrase of the
// same observation; of overlapping matches of one observation the longest stays ("enlarged heart"
// over "heart", "pleural effusion" over "effusion").
std::vector<Span> sentenceMentions(const std::vector<Token>& tokens) {
    const auto& table = mentionPhrases();
    const auto& untable = unmentionPhrases();
    std::vector<PhraseSet::Hit> hits = mentionSet().allMatches(tokens);
    const std::vector<PhraseSet::Hit> unhits = unmentionSet().allMatches(tokens);
    auto overlaps = [](size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; };
    std::vector<PhraseSet::Hit> kept;
    for (const auto& h : hits) {
        bool dropped = false;
        for (const auto& u : unhits)
            dropped = dropped || (untable[static_cast<size_t>(u.id)].observation == table[static_cast<size_t>(h.id)].observation &&
                                  overlaps(h.begin, h.end, u.begin, u.end));
        if (!dropped) kept.push_back(h);
    }
    std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
        return a.end - a.begin > b.end - b.begin;
    });
    std::vector<Span> out;
    for (const auto& h : kept) {
        const Observation o = table[static_cast<size_t>(h.id)].observation;
        bool covered = false;
        for (const Span& s : out)
            covered = covered || (table[static_cast<size_t>(s.id)].observation == o && overlaps(h.begin, h.end, s.begin, s.end));
        if (!covered) out.push_back({h.begin, h.end, h.id});
    }
    std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    return out;
}

// Triggers, left to right, longest phrase first at each position (so "no new" is one trigger and
// "no" is not also found inside it); ties go to the earlier table entry.
std::vector<Span> sentenceCues(const std::vector<Token>& tokens) {
    std::vector<Span> out;
    std::vector<PhraseSet::Hit> hits;
    for (size_t pos = 0; pos < tokens.size();) {
        hits.clear();
        cueSet().matchesAt(tokens, pos, hits);
        const PhraseSet::Hit* best = nullptr;
        for (const auto& h : hits)
            if (!best || h.end > best->end || (h.end == best->end && h.id < best->id)) best = &h;
        if (best) {
            out.push_back({best->begin, best->end, best->id});
            pos = best->end;
        } else {
            ++pos;
        }
    }
    return out;
}

// CheXpert decides in three passes, the first that matches wins: pre-negation uncertainty, then
// negation, then uncertainty. Higher number = earlier pass; 0 = no trigger (positive).
constexpr int kPreNegUncertain = 3, kNegation = 2, kUncertain = 1;

int priority(CueKind k) {
    switch (k) {
        case CueKind::PreNegUncertain: return kPreNegUncertain;
        case CueKind::Negation: return kNegation;
        case CueKind::Uncertain: return kUncertain;
        default: return 0;
    }
}

class SentenceLabeler {
public:
    explicit SentenceLabeler(const std::vector<Token>& tokens)
        : m_t(tokens), m_mentions(sentenceMentions(tokens)), m_cues(sentenceCues(tokens)),
          m_cueAt(tokens.size(), -1), m_cueEndAt(tokens.size() + 1, -1), m_orAhead(tokens.size() + 1, false) {
        for (size_t k = tokens.size(); k-- > 0;) {
            const std::string& t = tokens[k].text;
            const bool boundary = isHardStop(t) || isVerbStop(t);
            m_orAhead[k] = !boundary && (m_orAhead[k + 1] || (k + 1 < tokens.size() && (tokens[k + 1].text == "or" || tokens[k + 1].text == "nor")));
        }
        for (size_t i = 0; i < m_cues.size(); ++i) {
            if (cues()[static_cast<size_t>(m_cues[i].id)].kind == CueKind::None &&
                cues()[static_cast<size_t>(m_cues[i].id)].structureKind == CueKind::None)
                continue;  // transparent: does not end other scopes
            m_cueAt[m_cues[i].begin] = static_cast<int>(i);
            m_cueEndAt[m_cues[i].end] = static_cast<int>(i);
        }
    }

    void run(size_t sentence, std::vector<LabelMention>& out) const {
        const auto& table = mentionPhrases();
        std::vector<int> bestPriority(m_mentions.size(), 0);
        std::vector<std::string> bestCue(m_mentions.size());
        for (size_t ci = 0; ci < m_cues.size(); ++ci) {
            const Span& c = m_cues[ci];
            const Cue& cue = cues()[static_cast<size_t>(c.id)];
            std::vector<bool> reach = reached(c, cue);
            for (size_t mi = 0; mi < m_mentions.size(); ++mi) {
                if (!reach[mi]) continue;
                const bool structure = table[static_cast<size_t>(m_mentions[mi].id)].flags & kStructure;
                const int p = priority(structure ? cue.structureKind : cue.kind);
                if (p > bestPriority[mi]) {
                    bestPriority[mi] = p;
                    bestCue[mi] = joinTokens(m_t, c.begin, c.end);
                }
            }
        }
        for (size_t mi = 0; mi < m_mentions.size(); ++mi) {
            const Span& m = m_mentions[mi];
            const MentionPhrase& ph = table[static_cast<size_t>(m.id)];
            const int p = bestPriority[mi];
            const Label label = p == kNegation ? Label::Negative
                                : (p == kPreNegUncertain || p == kUncertain) ? Label::Uncertain
                                                                             : Label::Positive;
            // A structure ("heart size") with no trigger is a mention only if a size is stated.
            if (bestPriority[mi] == 0 && (ph.flags & kStructure) && !statesEnlargement(m)) continue;
            out.push_back({ph.observation, label, joinTokens(m_t, m.begin, m.end), bestCue[mi], sentence});
        }
    }

private:
    const std::vector<Token>& m_t;
    std::vector<Span> m_mentions, m_cues;
    std::vector<int> m_cueAt, m_cueEndAt;  // scope-ending trigger starting / ending at a token
    // An "or"/"nor" follows in the same clause: "no consolidation, large effusion, or pneumothorax"
    // is one negated list, although ", large" would otherwise start a new statement.
    std::vector<bool> m_orAhead;

    const std::string& w(size_t k) const { return m_t[k].text; }
    bool newClauseAfter(size_t k) const { return k + 1 < m_t.size() && isNewClauseStart(w(k + 1)); }

    // Does the forward scope of a trigger ending at `from` reach token `to` (exclusive)?
    bool forwardOpen(size_t from, size_t to, const Cue& cue, int window) const {
        if (static_cast<int>(to - from) > window) return false;
        const bool negList = cue.crossesLists && (cue.kind == CueKind::Negation || cue.kind == CueKind::PreNegUncertain);
        for (size_t k = from; k < to; ++k) {
            if (m_cueAt[k] >= 0) {
                // A hedge inside a negated list is an adjective of one item ("no consolidation,
                // suspicious opacity, or effusion"): the negation goes on. Elsewhere any other
                // trigger ends the scope ("no effusion, possible pneumonia").
                const Cue& other = cues()[static_cast<size_t>(m_cues[static_cast<size_t>(m_cueAt[k])].id)];
                const bool listItem = negList && other.kind == CueKind::Uncertain && m_orAhead[k] && k > 0 &&
                                      (w(k - 1) == "," || w(k - 1) == "or");
                // Likewise within the negated noun phrase itself: "no suspicious pulmonary opacity".
                bool samePhrase = negList && other.kind == CueKind::Uncertain;
                for (size_t j = from; j < k && samePhrase; ++j) samePhrase = !isConjunction(w(j));
                if (!listItem && !samePhrase) return false;
            }
            const std::string& t = w(k);
            if (isHardStop(t) || isVerbStop(t)) return false;
            if (t == "," && !cue.crossesLists) return false;
            if (t == "," && newClauseAfter(k) && !(cue.crossesLists && m_orAhead[k])) return false;
            if (t == "and" && newClauseAfter(k)) return false;
        }
        return true;
    }

    // Does the backward scope of a trigger starting at `from` reach back to token `to`?
    bool backwardOpen(size_t from, size_t to, int window) const {
        if (static_cast<int>(from - to) > window) return false;
        bool leading = true, list = false;
        for (size_t k = from; k-- > to;) {
            const std::string& t = w(k);
            if (m_cueEndAt[k + 1] >= 0) return false;
            if (leading && isLeadingFiller(t)) continue;
            leading = false;
            if (isHardStop(t) || isVerbStop(t)) return false;
            if (t == "and" || t == "or" || t == "nor" || t == ",") {
                if (newClauseAfter(k)) return false;
                if (t == "," && !list) return false;
                if (t != ",") list = true;
            }
        }
        // Across "and"/"or" the earlier part must be a plain list item ("heart, mediastinum, and
        // hila are normal"), not a clause of its own ("opacities are consistent with atelectasis,
        // and pneumonia is not excluded").
        if (list) {
            for (size_t k = to; k-- > 0;) {
                const std::string& t = w(k);
                if (isConjunction(t) || !m_t[k].word) break;  // a list separator, ";" or ":" (a header)
                if (m_cueEndAt[k + 1] >= 0 || isHardStop(t) || isVerbStop(t)) return false;
            }
        }
        return true;
    }

    std::vector<bool> reached(const Span& c, const Cue& cue) const {
        std::vector<bool> r(m_mentions.size(), false);
        const bool fwd = cue.dir == CueDir::Forward || cue.dir == CueDir::Both || cue.dir == CueDir::ForwardFirst;
        // After a comma a hedge introduces an interpretation of what came before, which itself
        // stays positive: "right lower lobe opacity, likely atelectasis".
        const bool appositive = cue.dir == CueDir::ForwardFirst && c.begin > 0 && w(c.begin - 1) == ",";
        const bool back = !appositive && (cue.dir == CueDir::Backward || cue.dir == CueDir::Both || cue.dir == CueDir::ForwardFirst);
        bool anyForward = false;
        if (cue.dir == CueDir::Neighbours) {
            // The nearest mention on each side (all mentions sharing that nearest position).
            size_t bestEnd = 0, bestBegin = m_t.size() + 1;
            for (const Span& m : m_mentions) {
                if (m.end <= c.begin && backwardOpen(c.begin, m.end, cue.backwardWindow)) bestEnd = std::max(bestEnd, m.end);
                if (m.begin >= c.end && forwardOpen(c.end, m.begin, cue, cue.forwardWindow)) bestBegin = std::min(bestBegin, m.begin);
            }
            for (size_t i = 0; i < m_mentions.size(); ++i)
                r[i] = (bestEnd > 0 && m_mentions[i].end == bestEnd) || m_mentions[i].begin == bestBegin;
            return r;
        }
        if (fwd) {
            for (size_t i = 0; i < m_mentions.size(); ++i) {
                const Span& m = m_mentions[i];
                if (m.begin >= c.end && forwardOpen(c.end, m.begin, cue, cue.forwardWindow)) r[i] = anyForward = true;
            }
        }
        if (back && !(cue.dir == CueDir::ForwardFirst && anyForward)) {
            for (size_t i = 0; i < m_mentions.size(); ++i) {
                const Span& m = m_mentions[i];
                if (m.end <= c.begin && backwardOpen(c.begin, m.end, cue.backwardWindow)) r[i] = true;
            }
        }
        return r;
    }

    // "The heart is mildly enlarged", "enlargement of the cardiac silhouette", "widened mediastinum".
    bool statesEnlargement(const Span& m) const {
        std::vector<PhraseSet::Hit> hits;
        auto isEnlargement = [&](size_t k) {
            hits.clear();
            enlargementSet().matchesAt(m_t, k, hits);
            return !hits.empty();
        };
        for (size_t k = m.end; k < m_t.size() && k < m.end + 6; ++k) {
            const std::string& t = w(k);
            if (m_cueAt[k] >= 0 || isHardStop(t) || ((t == "," || t == "and") && newClauseAfter(k))) break;
            if (isEnlargement(k)) return true;
        }
        for (size_t k = m.begin; k-- > 0 && k + 4 >= m.begin;) {
            const std::string& t = w(k);
            if (m_cueEndAt[k + 1] >= 0 || isHardStop(t) || isVerbStop(t) || t == ",") break;
            if (isEnlargement(k)) return true;
        }
        return false;
    }
};

bool isHeartFailurePhrase(const std::string& phrase) {
    return phrase == "chf" || phrase.find("heart failure") != std::string::npos;
}

}  // namespace

std::vector<LabelMention> findMentions(const std::string& report) {
    std::vector<LabelMention> out;
    const std::vector<Sentence> sentences = splitReport(report);
    for (size_t s = 0; s < sentences.size(); ++s) SentenceLabeler(sentences[s].tokens).run(s, out);
    return out;
}

ReportLabels aggregateMentions(const std::vector<LabelMention>& mentions) {
    ReportLabels labels = blankLabels();
    auto merge = [&](Observation o, Label l) {
        // Positive beats uncertain beats negative beats blank: the enum order.
        Label& cur = labels[index(o)];
        if (static_cast<int>(l) > static_cast<int>(cur)) cur = l;
    };
    bool otherFinding = false;
    for (const LabelMention& m : mentions) {
        const bool present = m.label == Label::Positive || m.label == Label::Uncertain;
        if (m.observation == Observation::NoFinding) {
            otherFinding = otherFinding || present;
            continue;
        }
        merge(m.observation, m.label);
        if (present && isHeartFailurePhrase(m.phrase)) merge(Observation::Cardiomegaly, Label::Uncertain);
    }
    bool finding = otherFinding;
    for (size_t i = 0; i < kObservationCount; ++i) {
        const auto o = static_cast<Observation>(i);
        if (o == Observation::SupportDevices || o == Observation::NoFinding) continue;
        finding = finding || labels[i] == Label::Positive || labels[i] == Label::Uncertain;
    }
    labels[index(Observation::NoFinding)] = finding ? Label::Blank : Label::Positive;
    return labels;
}

ReportLabels labelReport(const std::string& report) { return aggregateMentions(findMentions(report)); }

std::vector<ReportLabels> labelReports(const std::vector<std::string>& reports) {
    std::vector<ReportLabels> out;
    out.reserve(reports.size());
    for (const auto& r : reports) out.push_back(labelReport(r));
    return out;
}

}  // namespace medawq
