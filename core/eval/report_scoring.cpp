#include "eval/report_scoring.h"

#include <medawq/labeler.h>
#include "eval/lexical_metrics.h"
#include "eval/radgraph_bridge.h"

#include <medawq/errors.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

using nlohmann::json;

namespace medawq {

struct ReportScorer::Impl {
    ScoringOptions options;
    RadGraphAvailability radgraph;
    RadGraphRule rule = RadGraphRule::Released0118;
    std::map<std::string, RadGraphAnnotation> annotations;
    mutable std::map<std::string, ReportLabels> labels;
    json radgraphCrossCheck;

    const ReportLabels& labelsOf(const std::string& text) const {
        auto it = labels.find(text);
        if (it == labels.end()) it = labels.emplace(text, labelReport(text)).first;
        return it->second;
    }
};

ReportScorer::ReportScorer(const ScoringOptions& options) : m(std::make_unique<Impl>()) {
    m->options = options;
    m->rule = options.radgraphRule == "head" ? RadGraphRule::Head : RadGraphRule::Released0118;
    if (options.radgraphModel.empty()) m->radgraph.reason = "not requested (--radgraph_model none)";
    else m->radgraph = RadGraphBridge(options.radgraphModel).probe();
}

ReportScorer::~ReportScorer() = default;

void ReportScorer::prepare(const std::vector<std::string>& texts, const std::function<bool(int64_t, int64_t)>& progress) {
    std::vector<std::string> fresh;
    for (const std::string& t : texts) {
        m->labelsOf(t);
        if (m->radgraph.available && !m->annotations.count(t)) {
            m->annotations.emplace(t, RadGraphAnnotation{});
            fresh.push_back(t);
        }
    }
    if (fresh.empty()) return;
    const auto result = RadGraphBridge(m->options.radgraphModel).annotate(fresh, progress);
    for (size_t i = 0; i < fresh.size(); ++i) m->annotations[fresh[i]] = result[i];
}

namespace {

double meanOf(const std::vector<double>& v) {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

MetricSeries meanMetric(std::string key, std::string label, std::string variant, bool headline, std::vector<double> perCase) {
    MetricSeries s{std::move(key), std::move(label), std::move(variant), headline, meanOf(perCase), perCase, {}};
    auto values = std::make_shared<std::vector<double>>(std::move(perCase));
    s.corpus = [values](const std::vector<uint32_t>& idx) { return meanOver(*values, idx); };
    return s;
}

}  // namespace

MetricSet ReportScorer::score(const std::vector<std::string>& refs, const std::vector<std::string>& hyps,
                              const std::vector<ReportLabels>* truthLabels) const {
    if (refs.size() != hyps.size()) throw Error("scoring", "references and reports differ in number");
    if (truthLabels && truthLabels->size() != refs.size()) throw Error("scoring", "label rows and references differ in number");
    const size_t n = refs.size();
    MetricSet out;

    // RadGraph: only from the real package's annotations.
    if (m->radgraph.available) {
        std::vector<double> simple(n), partial(n), complete(n);
        for (size_t i = 0; i < n; ++i) {
            RadGraphReward r;
            // F1RadGraph scores a pair with an empty text 0 and keeps it in the mean.
            if (!refs[i].empty() && !hyps[i].empty())
                r = radgraphReward(m->annotations.at(hyps[i]), m->annotations.at(refs[i]), m->rule);
            simple[i] = r.simple, partial[i] = r.partial, complete[i] = r.complete;
        }
        const std::string variant = m->options.radgraphModel + " annotations (radgraph " + m->radgraph.packageVersion +
                                    "), " + radgraphRuleName(m->rule);
        out.push_back(meanMetric("radgraph_simple", "RadGraph F1 simple (RG_E)", variant, true, simple));
        out.push_back(meanMetric("radgraph_partial", "RadGraph F1 partial (RG_ER)", variant, true, partial));
        out.push_back(meanMetric("radgraph_complete", "RadGraph F1 complete (RG_ER-bar)", variant, true, complete));
    }

    // CheXpert-phrase label F1.
    const UncertainAs uncertain = m->options.uncertainAs == "negative" ? UncertainAs::Negative : UncertainAs::Positive;
    auto truth = std::make_shared<std::vector<ReportLabels>>(), pred = std::make_shared<std::vector<ReportLabels>>();
    for (size_t i = 0; i < n; ++i) {
        truth->push_back(truthLabels ? (*truthLabels)[i] : m->labelsOf(refs[i]));
        pred->push_back(m->labelsOf(hyps[i]));
    }
    const LabelF1 all = labelF1(*truth, *pred, uncertain);
    const std::string labelVariant =
        std::string(kLabelerName) + (truthLabels ? " on the reports, the table's 14 label columns as truth; "
                                                 : " on both texts; ") + uncertainAsName(uncertain);
    auto labelMetric = [&](std::string key, std::string label, bool headline, double LabelF1::*field) {
        MetricSeries s{std::move(key), std::move(label), labelVariant, headline, all.*field, all.perSampleF1, {}};
        s.corpus = [truth, pred, uncertain, field](const std::vector<uint32_t>& idx) {
            std::vector<ReportLabels> t, p;
            for (uint32_t i : idx) t.push_back((*truth)[i]), p.push_back((*pred)[i]);
            return labelF1(t, p, uncertain).*field;
        };
        out.push_back(std::move(s));
    };
    labelMetric("chexpert_micro_f1", "CheXpert-phrase label F1 (micro, 14)", true, &LabelF1::microF1);
    labelMetric("chexpert_macro_f1", "CheXpert-phrase label F1 (macro, 14)", true, &LabelF1::macroF1);
    labelMetric("chexpert_top5_micro_f1", "CheXpert-phrase label F1 (micro, top 5)", true, &LabelF1::top5MicroF1);
    labelMetric("chexpert_top5_macro_f1", "CheXpert-phrase label F1 (macro, top 5)", false, &LabelF1::top5MacroF1);

    // Lexical.
    auto bleuCases = std::make_shared<std::vector<BleuCase>>();
    std::vector<Tokens> hypCoco, refCoco;
    std::vector<double> rougeL(n), rougeLCocoValues(n);
    for (size_t i = 0; i < n; ++i) {
        bleuCases->push_back(bleuCase(whitespaceTokens(hyps[i]), {whitespaceTokens(refs[i])}));
        rougeL[i] = rougeLScore(rougeScoreTokens(hyps[i]), rougeScoreTokens(refs[i])).f;
        hypCoco.push_back(cocoTokens(hyps[i]));
        refCoco.push_back(cocoTokens(refs[i]));
        rougeLCocoValues[i] = rougeLCoco(hypCoco.back(), {refCoco.back()});
    }
    const auto bleu = bleuCorpus(*bleuCases);
    for (int k = 0; k < 4; ++k) {
        std::vector<double> perCase(n);
        for (size_t i = 0; i < n; ++i) perCase[i] = bleuSentence((*bleuCases)[i])[size_t(k)];
        MetricSeries s{"bleu" + std::to_string(k + 1), "BLEU-" + std::to_string(k + 1),
                       "pycocoevalcap BleuScorer (closest ref length), corpus; raw whitespace tokens (RadEval)", k == 3,
                       bleu[size_t(k)], perCase, {}};
        s.corpus = [bleuCases, k](const std::vector<uint32_t>& idx) { return bleuCorpus(*bleuCases, idx)[size_t(k)]; };
        out.push_back(std::move(s));
    }
    out.push_back(meanMetric("rougeL", "ROUGE-L", "rouge_score F (Porter stemmer, lower-case alphanumeric tokens), mean; as RadEval", true, rougeL));
    out.push_back(meanMetric("rougeL_coco", "ROUGE-L (COCO)", "pycocoevalcap Rouge (beta 1.2), mean; lower-cased tokens without punctuation (PTB approximation)", false, rougeLCocoValues));
    std::vector<std::vector<Tokens>> refSets;
    for (const Tokens& r : refCoco) refSets.push_back({r});
    auto cider = std::make_shared<CiderCorpus>(hypCoco, refSets);
    MetricSeries c{"cider", "CIDEr", "pycocoevalcap CiderScorer (sigma 6, df over the evaluated references); lower-cased tokens without punctuation (PTB approximation)",
                   false, cider->corpus(), cider->scores(), {}};
    c.corpus = [cider](const std::vector<uint32_t>& idx) { return cider->corpus(idx); };
    out.push_back(std::move(c));
    return out;
}

std::string ReportScorer::crossCheckRadGraph(const std::vector<std::string>& refs, const std::vector<std::string>& hyps,
                                             size_t maxPairs) {
    if (!m->radgraph.available || refs.size() != hyps.size()) return "";
    // Evenly spaced pairs with two non-empty texts (an empty text scores 0 by rule, not by the model).
    std::vector<size_t> usable;
    for (size_t i = 0; i < refs.size(); ++i)
        if (!refs[i].empty() && !hyps[i].empty()) usable.push_back(i);
    std::vector<std::pair<std::string, std::string>> pairs;
    std::vector<size_t> cases;
    const size_t take = std::min(maxPairs, usable.size());
    for (size_t k = 0; k < take; ++k) {
        const size_t i = usable[k * usable.size() / take];
        cases.push_back(i);
        pairs.emplace_back(hyps[i], refs[i]);
    }
    json& out = m->radgraphCrossCheck;
    out = {{"what", "our rewards from the package's annotations vs the package's own F1RadGraph(reward_level='all') on the same pairs"},
           {"cases", cases}};
    try {
        const std::vector<RadGraphReward> theirs = RadGraphBridge(m->options.radgraphModel).packageRewards(pairs);
        for (RadGraphRule rule : {RadGraphRule::Released0118, RadGraphRule::Head}) {
            double worst = 0;
            for (size_t k = 0; k < pairs.size(); ++k) {
                const RadGraphReward ours = radgraphReward(m->annotations.at(pairs[k].first), m->annotations.at(pairs[k].second), rule);
                worst = std::max({worst, std::fabs(ours.simple - theirs[k].simple), std::fabs(ours.partial - theirs[k].partial),
                                  std::fabs(ours.complete - theirs[k].complete)});
            }
            out[rule == RadGraphRule::Head ? "max_abs_diff_head_rule" : "max_abs_diff_0118_rule"] = worst;
        }
        const double used = out[m->rule == RadGraphRule::Head ? "max_abs_diff_head_rule" : "max_abs_diff_0118_rule"].get<double>();
        out["agrees"] = used <= 1e-9;
        char line[200];
        std::snprintf(line, sizeof line, "  RadGraph cross-check on %zu pairs: max |ours - package| = %.3g under the rule used (%s)%s",
                      pairs.size(), used, radgraphRuleName(m->rule), used <= 1e-9 ? "" : " -- DISAGREES, see results.json");
        return line;
    } catch (const Error& e) {
        out["error"] = e.what();
        return std::string("  RadGraph cross-check could not run: ") + e.what();
    }
}

json ReportScorer::availability() const {
    json j;
    j["radgraph"] = {{"available", m->radgraph.available},
                     {"reason", m->radgraph.available ? "" : m->radgraph.reason},
                     {"model", m->options.radgraphModel},
                     {"package_version", m->radgraph.packageVersion},
                     {"python", m->radgraph.python},
                     {"rule", radgraphRuleName(m->rule)}};
    if (!m->radgraphCrossCheck.is_null()) j["radgraph"]["cross_check"] = m->radgraphCrossCheck;
    j["chexpert_phrase_labels"] = {{"available", true}, {"uncertain_as", m->options.uncertainAs},
                                   {"note", "MedAWQ's rule-based labeler, not CheXbert; accuracy in BENCHMARKS.md"}};
    for (const char* name : {"bertscore", "chexbert", "ratescore", "green", "radcliq"})
        j[name] = {{"available", false}, {"reason", "needs model weights that MedAWQ does not ship"}};
    return j;
}

json ReportScorer::labelsOf(const std::string& text) const {
    json j = json::object();
    const ReportLabels& l = m->labelsOf(text);
    for (size_t i = 0; i < kObservationCount; ++i)
        if (l[i] != Label::Blank) j[observationNames()[i]] = labelName(l[i]);
    return j;
}

json ReportScorer::findingDifferences(const std::string& a, const std::string& b) const {
    json out = json::array();
    for (const FindingDifference& d : findingsDifference(m->labelsOf(a), m->labelsOf(b)))
        out.push_back({{"observation", observationName(d.observation)}, {"a", labelName(d.a)}, {"b", labelName(d.b)}, {"text", d.text}});
    return out;
}

json metricsJson(const MetricSet& metrics, const BootstrapPlan& plan) {
    json j = json::object();
    for (const MetricSeries& s : metrics) {
        const Interval ci = plan.interval(s.corpus);
        j[s.key] = {{"label", s.label}, {"variant", s.variant}, {"headline", s.headline}, {"value", s.value},
                    {"low", ci.low}, {"high", ci.high}, {"n", plan.cases()}};
    }
    return j;
}

json pairedDeltaJson(const MetricSet& a, const MetricSet& b, const BootstrapPlan& plan) {
    json j = json::object();
    for (const MetricSeries& s : a)
        for (const MetricSeries& t : b)
            if (s.key == t.key) {
                const Interval ci = plan.interval([&](const std::vector<uint32_t>& idx) { return s.corpus(idx) - t.corpus(idx); });
                j[s.key] = {{"delta", s.value - t.value}, {"low", ci.low}, {"high", ci.high}};
            }
    return j;
}

}  // namespace medawq
