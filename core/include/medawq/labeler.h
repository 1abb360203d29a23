// CheXpert-phrase labeler (rule-based) and the label F1 computed from its labels.
//
// What it is: our own re-implementation of the idea of the rule-based CheXpert labeler (mention
// phrases per observation, "unmention" phrases, negation and uncertainty, CheXpert's aggregation
// per report), with our own phrase tables and with trigger-word scopes instead of the original's
// constituency parse + NegBio dependency patterns. It is NOT CheXbert and not the original
// labeler: scores computed from it must be shown as "CheXpert-phrase label F1 (rule-based)"
// (kLabelerName), with the uncertain mapping used. Its accuracy on hand-labelled sentences is
// measured in tests/core/test_labeler.cpp.
//
//   medawq::ReportLabels a = medawq::labelReport("Small left pleural effusion. No pneumothorax.");
//   // a[index(Observation::PleuralEffusion)] == Label::Positive, Pneumothorax Negative, rest Blank
//   medawq::LabelF1 f = medawq::labelF1(truth, predicted, medawq::UncertainAs::Positive);
//
// No torch, no Qt. Labelling is pure string work: about 1,000 reports in well under a second.
#pragma once

#include <medawq/table.h>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace medawq {

inline constexpr const char* kLabelerName = "CheXpert-phrase labeler (rule-based)";
inline constexpr const char* kLabelF1Name = "CheXpert-phrase label F1 (rule-based)";

// The 14 CheXpert observations in the order of ../shared/METRICS.md (and of CheXbert's output).
enum class Observation {
    EnlargedCardiomediastinum, Cardiomegaly, LungOpacity, LungLesion, Edema, Consolidation,
    Pneumonia, Atelectasis, Pneumothorax, PleuralEffusion, PleuralOther, Fracture, SupportDevices,
    NoFinding
};
inline constexpr size_t kObservationCount = 14;
inline constexpr size_t index(Observation o) { return static_cast<size_t>(o); }

// "Enlarged Cardiomediastinum", ..., "No Finding": exactly the CheXpert column names.
const std::array<std::string, kObservationCount>& observationNames();
const std::string& observationName(Observation o);
// -1 when `name` is not one of the 14 names (compared exactly).
int observationIndex(const std::string& name);
// Top-5 of the CheXpert competition: Cardiomegaly, Edema, Consolidation, Atelectasis, Pleural Effusion.
const std::array<Observation, 5>& topFiveObservations();

// Label of one observation in one report. Blank = not mentioned.
enum class Label { Blank, Negative, Uncertain, Positive };
using ReportLabels = std::array<Label, kObservationCount>;  // indexed by index(Observation)

const char* labelName(Label l);            // "blank", "negative", "uncertain", "positive"
const char* labelCell(Label l);            // CheXpert CSV cell: "", "0.0", "-1.0", "1.0"
// Reads a CheXpert CSV cell: "1", "1.0", "0", "0.0", "-1", "-1.0" (surrounding spaces allowed),
// "" / "nan" / "NaN" = Blank. Returns false for anything else.
bool parseLabelCell(const std::string& cell, Label* out);
ReportLabels blankLabels();

// ---- The labeler ------------------------------------------------------------------------------

// One mention found in a report, with the rule that decided its label; for explanations and tests.
// Mentions of findings outside the 13 observations (emphysema, scoliosis, granuloma, ...) are
// reported with observation NoFinding: positive or uncertain ones keep "No Finding" blank.
struct LabelMention {
    Observation observation;
    Label label;                 // Positive, Negative or Uncertain (never Blank)
    std::string phrase;          // the matched words, e.g. "pleural effusion"
    std::string cue;             // the trigger that set the label ("" for positive), e.g. "no"
    size_t sentence = 0;         // 0-based sentence number in the report
};

// Every mention in the report, in text order.
std::vector<LabelMention> findMentions(const std::string& report);

// CheXpert's aggregation of one report's mentions: per observation any positive wins, else any
// uncertain (negative + uncertain -> uncertain), else negative; a positive or uncertain mention of
// "chf" / "heart failure" adds an uncertain Cardiomegaly; "No Finding" is positive when no
// observation other than Support Devices (and no other finding, see LabelMention) is positive or
// uncertain, and blank otherwise (never negative).
ReportLabels aggregateMentions(const std::vector<LabelMention>& mentions);

// findMentions + aggregateMentions. An empty report gets No Finding positive, as CheXpert does.
ReportLabels labelReport(const std::string& report);
std::vector<ReportLabels> labelReports(const std::vector<std::string>& reports);

// ---- Ground-truth label columns -----------------------------------------------------------------

// Column index of each observation in the table (exact name match), -1 where absent.
std::array<int, kObservationCount> labelColumnIndices(const Table& t);
// True when all 14 label columns are present.
bool hasLabelColumns(const Table& t);
// Labels of every row from the 14 columns. Throws Error(t.path, "no column 'X'; ...") when a
// column is missing and Error(t.path, "row N, column 'X': 'v' is not a CheXpert label ...") for a
// bad cell (N = 1-based data row).
std::vector<ReportLabels> readLabelColumns(const Table& t);

// Positive labels implied by an IU X-ray (Open-i) MeSH cell such as
// "Cardiomegaly/borderline;Pulmonary Atelectasis/base/left" or "normal"; terms outside the mapping
// are ignored, everything not implied is Blank. The mapping is documented in chexpert_mesh.cpp.
ReportLabels labelsFromMesh(const std::string& mesh);

// ---- Label F1 -------------------------------------------------------------------------------

// How an uncertain label counts when labels are made binary: vilmedic / RadEval count it as
// positive (default), LLaVA-Rad's evaluator as negative. Blank and negative are always negative.
enum class UncertainAs { Positive, Negative };
const char* uncertainAsName(UncertainAs u);  // "uncertain=positive" / "uncertain=negative"
bool isPositive(Label l, UncertainAs u);

struct LabelCounts {
    size_t tp = 0, fp = 0, fn = 0, tn = 0;
    double precision() const;  // 0 when nothing predicted positive
    double recall() const;     // 0 when nothing truly positive
    double f1() const;         // 2tp / (2tp + fp + fn); 0 when that is 0/0 (scikit-learn's rule)
};

struct PerLabelScore {
    Observation observation;
    LabelCounts counts;
    size_t truthPositive = 0;      // support: reports whose truth is positive (after the mapping)
    size_t predictedPositive = 0;
};

struct LabelF1 {
    UncertainAs uncertainAs = UncertainAs::Positive;
    size_t n = 0;                                // reports
    std::vector<PerLabelScore> perLabel;         // 14, in observation order
    double microF1 = 0, macroF1 = 0;             // over the 14 observations
    double top5MicroF1 = 0, top5MacroF1 = 0;     // over topFiveObservations()
    double top5ExactMatch = 0;                   // share of reports whose 5 binary labels all agree
    double exactMatch = 0;                       // share of reports whose 14 binary labels all agree
    // Per report, for bootstrapping: counts over the 14 binary labels and their F1
    // (2tp / (2tp + fp + fn), 1 when neither side has a positive: the two reports agree).
    std::vector<LabelCounts> perSampleCounts;
    std::vector<double> perSampleF1;
};

// Truth and predicted must have the same size (else Error("label F1", ...)).
LabelF1 labelF1(const std::vector<ReportLabels>& truth, const std::vector<ReportLabels>& predicted,
                UncertainAs uncertainAs = UncertainAs::Positive);

// ---- Findings difference (side-by-side viewer) ------------------------------------------------

struct FindingDifference {
    Observation observation;
    Label a, b;
    std::string text;  // e.g. "Pleural Effusion: positive in FP16, blank in AWQ"
};

// Observations whose label differs between two reports, ordered clinically: first those positive
// on exactly one side, then uncertain on exactly one side, then negative vs blank; within a group
// in observation order (so No Finding comes last).
std::vector<FindingDifference> findingsDifference(const ReportLabels& a, const ReportLabels& b,
                                                  const std::string& nameA = "A",
                                                  const std::string& nameB = "B");

}  // namespace medawq
