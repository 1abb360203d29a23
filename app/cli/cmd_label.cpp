// medawq label: CheXpert-phrase labels (rule-based) for every row of a table, written back as the
// 14 CheXpert columns, and the agreement with the labels the table already carries (its own 14
// columns, or IU X-ray's MeSH terms). --iu-benchmark runs the labeler on IU X-ray's findings +
// impression against MeSH and prints the Markdown table kept in BENCHMARKS.md.
#include "commands.h"

#include <medawq/errors.h>
#include <medawq/labeler.h>
#include <medawq/table.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace medawq::cli {

namespace {

// Where the reference labels came from, and whether they say more than "positive".
struct Truth {
    std::vector<ReportLabels> labels;
    std::string source;       // empty: none
    bool positivesOnly = false;
};

Truth truthOf(const Table& t) {
    Truth tr;
    if (hasLabelColumns(t)) {
        tr.labels = readLabelColumns(t);
        tr.source = "the table's 14 CheXpert label columns";
    } else if (t.columnIndex("MeSH") >= 0) {
        for (size_t r = 0; r < t.rows.size(); ++r) tr.labels.push_back(labelsFromMesh(t.cell(r, "MeSH")));
        tr.source = "IU X-ray MeSH terms (positives only; mapping in core/eval/chexpert_mesh.cpp)";
        tr.positivesOnly = true;
    }
    return tr;
}

std::string csvField(const std::string& s, char sep) {
    if (s.find_first_of(std::string(1, sep) + "\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// The table as it was read, plus our 14 label columns. Where the table already has columns of
// those names (its own labels) ours are written as "<Observation> (rule-based)", so nothing is lost.
void writeLabelled(const Table& t, const std::vector<ReportLabels>& labels, const std::string& out) {
    const std::string ext = out.size() >= 4 ? out.substr(out.size() - 4) : "";
    if (ext != ".csv" && ext != ".tsv") throw Error(out, "the output must be a .csv or .tsv file");
    const char sep = ext == ".tsv" ? '\t' : ',';
    const bool suffix = hasLabelColumns(t);
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(out, "cannot be written");
    std::vector<std::string> header = t.columns;
    for (const auto& name : observationNames()) header.push_back(suffix ? name + " (rule-based)" : name);
    for (size_t i = 0; i < header.size(); ++i) f << (i ? std::string(1, sep) : "") << csvField(header[i], sep);
    f << "\n";
    for (size_t r = 0; r < t.rows.size(); ++r) {
        for (size_t i = 0; i < t.rows[r].size(); ++i) f << (i ? std::string(1, sep) : "") << csvField(t.rows[r][i], sep);
        for (size_t k = 0; k < kObservationCount; ++k) f << sep << labelCell(labels[r][k]);
        f << "\n";
    }
    if (!f.flush()) throw Error(out, "writing failed (disk full?)");
}

void printF1Line(const LabelF1& f) {
    std::printf("%s, %s, n=%zu: micro F1 %.3f, macro F1 %.3f, top-5 micro F1 %.3f, top-5 macro F1 %.3f, "
                "top-5 exact match %.3f\n",
                kLabelF1Name, uncertainAsName(f.uncertainAs), f.n, f.microF1, f.macroF1, f.top5MicroF1, f.top5MacroF1,
                f.top5ExactMatch);
}

// Per observation: how often the four labels agree (when the truth has all four), and precision,
// recall and F1 of the positive labels under both uncertain mappings.
void printAgreement(const Truth& truth, const std::vector<ReportLabels>& ours, UncertainAs chosen) {
    const LabelF1 asNeg = labelF1(truth.labels, ours, UncertainAs::Negative);
    const LabelF1 asPos = labelF1(truth.labels, ours, UncertainAs::Positive);
    std::printf("\nTruth: %s. Ours: %s. n = %zu reports.\n\n", truth.source.c_str(), kLabelerName, ours.size());
    if (truth.positivesOnly)
        std::printf("| observation | truth positive | ours positive | precision | recall | F1 | F1, our uncertain as positive |\n"
                    "|---|---:|---:|---:|---:|---:|---:|\n");
    else
        std::printf("| observation | 4-label agreement | truth positive | ours positive | precision | recall | F1 | F1, uncertain as positive |\n"
                    "|---|---:|---:|---:|---:|---:|---:|---:|\n");
    size_t agreeAll = 0;
    for (size_t k = 0; k < kObservationCount; ++k) {
        const PerLabelScore& n = asNeg.perLabel[k];
        const PerLabelScore& p = asPos.perLabel[k];
        std::printf("| %s | ", observationNames()[k].c_str());
        if (!truth.positivesOnly) {
            size_t agree = 0;
            for (size_t r = 0; r < ours.size(); ++r) agree += truth.labels[r][k] == ours[r][k];
            agreeAll += agree;
            std::printf("%zu/%zu | ", agree, ours.size());
        }
        std::printf("%zu | %zu | %.3f | %.3f | %.3f | %.3f |\n", n.truthPositive, n.predictedPositive,
                    n.counts.precision(), n.counts.recall(), n.counts.f1(), p.counts.f1());
    }
    std::printf("\n");
    if (!truth.positivesOnly)
        std::printf("4-label agreement over all cells: %zu/%zu = %.4f\n", agreeAll, ours.size() * kObservationCount,
                    ours.empty() ? 0.0 : double(agreeAll) / double(ours.size() * kObservationCount));
    if (truth.positivesOnly) {
        // The truth has only positives: uncertain-as-negative is "our positive labels".
        printF1Line(asNeg);
        printF1Line(asPos);
    } else {
        printF1Line(chosen == UncertainAs::Positive ? asPos : asNeg);
    }
}

void printDisagreements(const Truth& truth, const std::vector<ReportLabels>& ours, size_t maxRows) {
    size_t shown = 0, differing = 0;
    for (size_t r = 0; r < ours.size(); ++r) {
        ReportLabels expected = truth.labels[r], got = ours[r];
        if (truth.positivesOnly)  // compare what MeSH can say: positive or not
            for (size_t k = 0; k < kObservationCount; ++k)
                if (got[k] != Label::Positive) got[k] = Label::Blank;
        const auto diff = findingsDifference(expected, got, "truth", "ours");
        if (diff.empty()) continue;
        ++differing;
        if (shown++ >= maxRows) continue;
        std::printf("row %zu:", r + 1);
        for (const auto& d : diff) std::printf(" %s;", d.text.c_str());
        std::printf("\n");
    }
    std::printf("%zu of %zu rows differ from the truth%s\n", differing, ours.size(),
                differing > maxRows ? " (first ones shown)" : "");
}

std::vector<std::string> columnTexts(const Table& t, const std::vector<std::string>& columns) {
    for (const auto& c : columns)
        if (t.columnIndex(c) < 0) throw Error(t.path, "no column '" + c + "'; columns are: " + describeColumns(t.columns));
    std::vector<std::string> texts;
    for (size_t r = 0; r < t.rows.size(); ++r) {
        std::string s;
        for (const auto& c : columns) {
            const std::string& v = t.cell(r, c);
            if (!s.empty() && !v.empty()) s += '\n';  // a sentence boundary even when a section lacks its full stop
            s += v;
        }
        texts.push_back(s);
    }
    return texts;
}

std::vector<ReportLabels> timedLabels(const std::vector<std::string>& texts, double* seconds) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<ReportLabels> labels = labelReports(texts);
    *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return labels;
}

}  // namespace

Action addLabel(CLI::App& app) {
    struct Opts {
        std::string input, column, output, uncertain = "positive", iu;
        bool truthLabels = false;
    };
    auto o = std::make_shared<Opts>();
    app.add_option("-i,--input", o->input, "Table with report texts (CSV/TSV/XLSX/JSONL/TXT)");
    app.add_option("--column", o->column, "Column holding the report text");
    app.add_option("-o,--output", o->output, "Write the table back with the 14 CheXpert label columns (.csv or .tsv)");
    app.add_option("--uncertain", o->uncertain, "How uncertain labels count in F1: positive (vilmedic/RadEval) or negative (LLaVA-Rad)")
        ->check(CLI::IsMember({"positive", "negative"}));
    app.add_flag("--truth-labels", o->truthLabels,
                 "Require the table's own labels (14 CheXpert columns, or IU X-ray MeSH) and list the rows that disagree");
    app.add_option("--iu-benchmark", o->iu,
                   "IU X-ray indiana_reports.csv: label findings + impression and compare with the MeSH terms");
    return [o]() {
        const UncertainAs chosen = o->uncertain == "negative" ? UncertainAs::Negative : UncertainAs::Positive;
        if (!o->iu.empty()) {
            if (!o->input.empty()) throw Error("--iu-benchmark", "give either --iu-benchmark or -i, not both");
            const Table t = readTable(o->iu);
            if (t.columnIndex("MeSH") < 0)
                throw Error(o->iu, "no column 'MeSH' (is this IU X-ray's indiana_reports.csv?); columns are: " +
                                       describeColumns(t.columns));
            double seconds = 0;
            const auto ours = timedLabels(columnTexts(t, {"findings", "impression"}), &seconds);
            size_t noIndexing = 0;
            for (size_t r = 0; r < t.rows.size(); ++r) noIndexing += t.cell(r, "MeSH").rfind("No Indexing", 0) == 0;
            std::printf("%s on %s: findings + impression of %zu reports labelled in %.3f s; %zu reports have MeSH "
                        "'No Indexing' (no truth beyond it; kept)\n",
                        kLabelerName, o->iu.c_str(), t.rows.size(), seconds, noIndexing);
            const Truth truth = truthOf(t);
            printAgreement(truth, ours, chosen);
            if (o->truthLabels) printDisagreements(truth, ours, 40);
            return 0;
        }
        if (o->input.empty() || o->column.empty())
            throw Error("label", "give -i TABLE --column COLUMN (or --iu-benchmark indiana_reports.csv)");
        const Table t = readTable(o->input);
        double seconds = 0;
        const auto ours = timedLabels(columnTexts(t, {o->column}), &seconds);
        std::printf("%s: %zu rows of '%s' labelled in %.3f s\n", kLabelerName, t.rows.size(), o->column.c_str(), seconds);
        std::printf("| observation | positive | negative | uncertain | blank |\n|---|---:|---:|---:|---:|\n");
        for (size_t k = 0; k < kObservationCount; ++k) {
            size_t n[4] = {};
            for (const auto& l : ours) ++n[static_cast<int>(l[k])];
            std::printf("| %s | %zu | %zu | %zu | %zu |\n", observationNames()[k].c_str(), n[3], n[1], n[2], n[0]);
        }
        const Truth truth = truthOf(t);
        if (truth.source.empty() && o->truthLabels)
            throw Error(o->input, "--truth-labels: the table has neither the 14 CheXpert label columns nor a 'MeSH' column");
        if (!truth.source.empty()) printAgreement(truth, ours, chosen);
        if (o->truthLabels) printDisagreements(truth, ours, 40);
        if (!o->output.empty()) {
            writeLabelled(t, ours, o->output);
            std::printf("wrote %s (%s)\n", o->output.c_str(),
                        hasLabelColumns(t) ? "our labels as '<Observation> (rule-based)' next to the table's own"
                                           : "14 label columns: 1.0 positive, 0.0 negative, -1.0 uncertain, empty blank");
        }
        return 0;
    };
}

}  // namespace medawq::cli
