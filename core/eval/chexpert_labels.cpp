// Observation names, label cells, ground-truth label columns of a table, and the per-report
// findings difference (labeler.h).
#include <medawq/errors.h>
#include <medawq/labeler.h>

#include <algorithm>

namespace medawq {

const std::array<std::string, kObservationCount>& observationNames() {
    static const std::array<std::string, kObservationCount> names = {
        "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity", "Lung Lesion", "Edema",
        "Consolidation", "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion",
        "Pleural Other", "Fracture", "Support Devices", "No Finding"};
    return names;
}

const std::string& observationName(Observation o) { return observationNames()[index(o)]; }

int observationIndex(const std::string& name) {
    const auto& n = observationNames();
    const auto it = std::find(n.begin(), n.end(), name);
    return it == n.end() ? -1 : static_cast<int>(it - n.begin());
}

const std::array<Observation, 5>& topFiveObservations() {
    static const std::array<Observation, 5> top = {Observation::Cardiomegaly, Observation::Edema,
                                                   Observation::Consolidation, Observation::Atelectasis,
                                                   Observation::PleuralEffusion};
    return top;
}

const char* labelName(Label l) {
    switch (l) {
        case Label::Positive: return "positive";
        case Label::Negative: return "negative";
        case Label::Uncertain: return "uncertain";
        case Label::Blank: break;
    }
    return "blank";
}

const char* labelCell(Label l) {
    switch (l) {
        case Label::Positive: return "1.0";
        case Label::Negative: return "0.0";
        case Label::Uncertain: return "-1.0";
        case Label::Blank: break;
    }
    return "";
}

bool parseLabelCell(const std::string& cell, Label* out) {
    size_t b = cell.find_first_not_of(" \t\r\n");
    size_t e = cell.find_last_not_of(" \t\r\n");
    const std::string v = b == std::string::npos ? std::string() : cell.substr(b, e - b + 1);
    // The spellings pandas and spreadsheets write for 1, 0, -1 and a missing value.
    if (v.empty() || v == "nan" || v == "NaN" || v == "NA") *out = Label::Blank;
    else if (v == "1" || v == "1.0" || v == "1.00") *out = Label::Positive;
    else if (v == "0" || v == "0.0" || v == "0.00" || v == "-0.0") *out = Label::Negative;
    else if (v == "-1" || v == "-1.0" || v == "-1.00") *out = Label::Uncertain;
    else return false;
    return true;
}

ReportLabels blankLabels() {
    ReportLabels l;
    l.fill(Label::Blank);
    return l;
}

std::array<int, kObservationCount> labelColumnIndices(const Table& t) {
    std::array<int, kObservationCount> idx{};
    for (size_t i = 0; i < kObservationCount; ++i) idx[i] = t.columnIndex(observationNames()[i]);
    return idx;
}

bool hasLabelColumns(const Table& t) {
    const auto idx = labelColumnIndices(t);
    return std::all_of(idx.begin(), idx.end(), [](int i) { return i >= 0; });
}

std::vector<ReportLabels> readLabelColumns(const Table& t) {
    const auto idx = labelColumnIndices(t);
    for (size_t i = 0; i < kObservationCount; ++i)
        if (idx[i] < 0)
            throw Error(t.path, "no column '" + observationNames()[i] + "' (the 14 CheXpert label columns are needed); columns are: " +
                                    describeColumns(t.columns));
    std::vector<ReportLabels> out;
    out.reserve(t.rows.size());
    for (size_t r = 0; r < t.rows.size(); ++r) {
        ReportLabels l;
        for (size_t i = 0; i < kObservationCount; ++i) {
            const std::string& cell = t.rows[r][static_cast<size_t>(idx[i])];
            if (!parseLabelCell(cell, &l[i]))
                throw Error(t.path, "row " + std::to_string(r + 1) + ", column '" + observationNames()[i] + "': '" + cell +
                                        "' is not a CheXpert label (1.0, 0.0, -1.0 or empty)");
        }
        out.push_back(l);
    }
    return out;
}

std::vector<FindingDifference> findingsDifference(const ReportLabels& a, const ReportLabels& b,
                                                  const std::string& nameA, const std::string& nameB) {
    // Group 0: a finding present on one side only; 1: hedged on one side only; 2: stated absent
    // on one side, not mentioned on the other. The viewer shows the clinically loud ones first.
    auto group = [](Label x, Label y) {
        if ((x == Label::Positive) != (y == Label::Positive)) return 0;
        if ((x == Label::Uncertain) != (y == Label::Uncertain)) return 1;
        return 2;
    };
    std::vector<FindingDifference> out;
    for (int g = 0; g < 3; ++g) {
        for (size_t i = 0; i < kObservationCount; ++i) {
            if (a[i] == b[i] || group(a[i], b[i]) != g) continue;
            const auto o = static_cast<Observation>(i);
            out.push_back({o, a[i], b[i],
                           observationName(o) + ": " + labelName(a[i]) + " in " + nameA + ", " + labelName(b[i]) + " in " + nameB});
        }
    }
    return out;
}

}  // namespace medawq
