// Every metric of one set of reports against one set of references, in a form the statistics
// need: the corpus value, the per-case values, and a function that recomputes the corpus value
// on a resampled list of cases (BLEU, CIDEr and label F1 are corpus statistics, not means).
#pragma once

#include "eval/bootstrap.h"

#include <medawq/labeler.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace medawq {

struct MetricSeries {
    std::string key;        // "bleu4", "rougeL", "cider", "radgraph_partial", "chexpert_micro_f1", ...
    std::string label;      // "BLEU-4", "RadGraph F1 (partial, RG_ER)", ...
    std::string variant;    // implementation, tokenisation, options: shown next to every number
    bool headline = false;  // shown in the summary table
    double value = 0;       // on all cases
    std::vector<double> perCase;  // per-case value (for per_sample.csv and the viewer)
    BootstrapPlan::Statistic corpus;
};
using MetricSet = std::vector<MetricSeries>;

struct ScoringOptions {
    std::string radgraphModel = "radgraph-xl";   // "" = skip RadGraph
    std::string radgraphRule = "0.1.18";          // 0.1.18 | head
    std::string uncertainAs = "positive";         // positive | negative
};

// Report texts -> whatever the metrics precompute per text (RadGraph annotations, CheXpert-phrase
// labels), computed once for every distinct text of a run.
class ReportScorer {
public:
    explicit ReportScorer(const ScoringOptions& options);
    ~ReportScorer();

    // Runs the external RadGraph scorer (when available) and the labeler over all texts.
    // `progress(done, total)` returning false cancels (throws Cancelled).
    void prepare(const std::vector<std::string>& texts, const std::function<bool(int64_t, int64_t)>& progress);

    // Scores hyps[i] against refs[i]. Ground-truth labels (from the table's label columns) are
    // used for the label F1 when given (one per case), else the references are labelled.
    MetricSet score(const std::vector<std::string>& refs, const std::vector<std::string>& hyps,
                    const std::vector<ReportLabels>* truthLabels = nullptr) const;

    // Recomputes up to `maxPairs` (reference, report) pairs with the package's own F1RadGraph and
    // compares them with our rewards (under both rules); the outcome goes into availability()'s
    // radgraph "cross_check". Nothing happens when RadGraph is unavailable. Returns a line for the log.
    std::string crossCheckRadGraph(const std::vector<std::string>& refs, const std::vector<std::string>& hyps,
                                   size_t maxPairs = 16);

    // {"radgraph": {"available": bool, "reason": "...", "model": "...", "rule": "..."}, ...}
    nlohmann::json availability() const;
    // The CheXpert-phrase labels of a text as {"Pleural Effusion": "positive", ...} (mentioned only).
    nlohmann::json labelsOf(const std::string& text) const;
    // Observations whose labels differ between two texts, clinically significant first.
    nlohmann::json findingDifferences(const std::string& a, const std::string& b) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// {"key": {"label", "variant", "value", "low", "high", "n"}} with bootstrap intervals.
nlohmann::json metricsJson(const MetricSet& metrics, const BootstrapPlan& plan);
// {"key": {"delta", "low", "high"}}: a - b on the same resampled cases.
nlohmann::json pairedDeltaJson(const MetricSet& a, const MetricSet& b, const BootstrapPlan& plan);

}  // namespace medawq
