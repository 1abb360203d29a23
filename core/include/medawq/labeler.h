// "CheXpert-phrase labeler (rule-based)": MedAWQ's own labeler for the 14 CheXpert observations.
// It follows the structure of the CheXpert labeler (mention phrases per observation, unmention
// phrases that cancel a mention, negation and uncertainty, report-level aggregation) but
// classifies mentions with trigger words in a clause window instead of a dependency parse, so
// it is an approximation and is named as one; its accuracy is measured on hand-labelled
// sentences (tests/fixtures/labeler) and on IU X-ray's MeSH terms (BENCHMARKS.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace medawq {

enum class Mention : int8_t { Blank = 0, Positive, Negative, Uncertain };

constexpr int kObservationCount = 14;
// CheXpert's order: Enlarged Cardiomediastinum, Cardiomegaly, Lung Opacity, Lung Lesion, Edema,
// Consolidation, Pneumonia, Atelectasis, Pneumothorax, Pleural Effusion, Pleural Other,
// Fracture, Support Devices, No Finding.
const std::array<std::string, kObservationCount>& observationNames();
int observationIndex(const std::string& name);  // -1 when unknown
const char* mentionName(Mention m);              // "positive", "negative", "uncertain", "blank"

using ReportLabels = std::array<Mention, kObservationCount>;

ReportLabels labelReport(const std::string& text);

// Label F1 as vilmedic/RadEval compute it: labels made binary (positive = 1; uncertain = 1 or 0
// as chosen; negative and blank = 0), micro F1 from summed TP/FP/FN, macro F1 the unweighted
// mean of per-label F1 (a label with no positives on either side scores 0, as scikit-learn),
// and the same over the top-5 observations, plus their exact-match accuracy.
struct LabelScores {
    double microF1 = 0, macroF1 = 0, top5MicroF1 = 0, top5MacroF1 = 0, top5ExactMatch = 0;
    std::array<double, kObservationCount> f1{}, precision{}, recall{};
    std::array<int64_t, kObservationCount> truePositives{}, falsePositives{}, falseNegatives{};
};
LabelScores labelScores(const std::vector<ReportLabels>& truth, const std::vector<ReportLabels>& predicted,
                        bool uncertainPositive, const std::vector<uint32_t>* subset = nullptr);
// One case's micro F1 over the 14 binary labels (1 when neither side has a positive).
double caseLabelF1(const ReportLabels& truth, const ReportLabels& predicted, bool uncertainPositive);

// Observations whose labels differ between two reports, those where one side is positive first:
// "Pleural Effusion: positive in A, blank in B".
struct FindingDifference {
    int observation;
    Mention a, b;
};
std::vector<FindingDifference> findingDifferences(const ReportLabels& a, const ReportLabels& b);

}  // namespace medawq
