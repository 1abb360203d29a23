// medawq label: the CheXpert-phrase labeler over a table's report column(s). With -o, the
// table is written back with 14 label columns (1.0 / 0.0 / -1.0 / empty, CheXpert's coding);
// with --mesh-column, the labels are compared with MeSH terms (IU X-ray's indexing), which is
// how the labeler's agreement with an independent annotation is measured (BENCHMARKS.md).
#include "commands.h"

#include <medawq/labeler.h>

#include <medawq/errors.h>
#include <medawq/table.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

namespace medawq::cli {

namespace {

// MeSH main headings (IU X-ray's "MeSH" column, items separated by ';', qualifiers by '/')
// that name one of the 14 observations. Headings without a counterpart (granulomas,
// calcinosis, spine findings, emphysema, ...) are ignored.
const std::map<std::string, std::string>& meshToObservation() {
    static const std::map<std::string, std::string> m = {
        {"normal", "No Finding"},
        {"Cardiomegaly", "Cardiomegaly"},
        {"Mediastinum", "Enlarged Cardiomediastinum"},
        {"Opacity", "Lung Opacity"}, {"Density", "Lung Opacity"}, {"Airspace Disease", "Lung Opacity"},
        {"Infiltrate", "Lung Opacity"}, {"Markings", "Lung Opacity"}, {"Cicatrix", "Lung Opacity"},
        {"Nodule", "Lung Lesion"}, {"Mass", "Lung Lesion"},
        {"Pulmonary Edema", "Edema"}, {"Pulmonary Congestion", "Edema"},
        {"Consolidation", "Consolidation"},
        {"Pneumonia", "Pneumonia"},
        {"Pulmonary Atelectasis", "Atelectasis"},
        {"Pneumothorax", "Pneumothorax"},
        {"Pleural Effusion", "Pleural Effusion"},
        {"Fractures, Bone", "Fracture"},
        {"Catheters, Indwelling", "Support Devices"}, {"Surgical Instruments", "Support Devices"},
        {"Implanted Medical Device", "Support Devices"}, {"Tube, Inserted", "Support Devices"},
        {"Medical Device", "Support Devices"}, {"Stents", "Support Devices"}};
    return m;
}

std::vector<bool> meshPositives(const std::string& cell) {
    std::vector<bool> pos(kObservationCount, false);
    std::stringstream items(cell);
    std::string item;
    while (std::getline(items, item, ';')) {
        std::string head = item.substr(0, item.find('/'));
        while (!head.empty() && head.front() == ' ') head.erase(0, 1);
        while (!head.empty() && head.back() == ' ') head.pop_back();
        const auto it = meshToObservation().find(head);
        // "Cardiac Shadow/enlarged" is cardiomegaly; "Thickening/pleural" is pleural other.
        if (it != meshToObservation().end()) pos[size_t(observationIndex(it->second))] = true;
        else if (head == "Cardiac Shadow" && item.find("enlarged") != std::string::npos) pos[size_t(observationIndex("Cardiomegaly"))] = true;
        else if (head == "Thickening" && item.find("pleura") != std::string::npos) pos[size_t(observationIndex("Pleural Other"))] = true;
    }
    return pos;
}

std::string coded(Mention m) {
    return m == Mention::Positive ? "1.0" : m == Mention::Negative ? "0.0" : m == Mention::Uncertain ? "-1.0" : "";
}

}  // namespace

Action addLabel(CLI::App& app) {
    struct Opts {
        std::string input, output, mesh, uncertain = "positive";
        std::vector<std::string> columns = {"text"};
    };
    auto o = std::make_shared<Opts>();
    app.add_option("-i,--input", o->input, "Table of reports (CSV, XLSX, JSONL)")->required();
    app.add_option("--column", o->columns, "Report column(s), joined with a space (default text)");
    app.add_option("-o,--output", o->output, "Write the table back with 14 label columns (CSV)");
    app.add_option("--mesh-column", o->mesh, "Compare with MeSH terms in this column (IU X-ray: MeSH)");
    app.add_option("--uncertain", o->uncertain, "Uncertain counts as positive | negative in the comparison")
        ->check(CLI::IsMember({"positive", "negative"}));
    return [o]() {
        const Table t = readTable(o->input);
        for (const std::string& c : o->columns)
            if (t.columnIndex(c) < 0) throw Error(o->input, "no column '" + c + "'; columns are: " + describeColumns(t.columns));
        if (!o->mesh.empty() && t.columnIndex(o->mesh) < 0)
            throw Error(o->input, "no column '" + o->mesh + "'; columns are: " + describeColumns(t.columns));
        std::vector<ReportLabels> labels;
        for (size_t r = 0; r < t.rows.size(); ++r) {
            std::string text;
            for (const std::string& c : o->columns) text += (text.empty() ? "" : " ") + t.cell(r, c);
            labels.push_back(labelReport(text));
        }
        if (!o->output.empty()) {
            std::vector<std::string> header = t.columns;
            for (const std::string& n : observationNames()) header.push_back("labeler: " + n);
            std::vector<std::vector<std::string>> rows = t.rows;
            for (size_t r = 0; r < rows.size(); ++r)
                for (Mention m : labels[r]) rows[r].push_back(coded(m));
            writeCsv(o->output, header, rows);
            std::cerr << "wrote " << o->output << "\n";
        }
        if (o->mesh.empty()) return 0;
        // Per observation: our positives (uncertain as chosen) against MeSH positives.
        const bool uncertainPositive = o->uncertain == "positive";
        std::vector<int64_t> tp(kObservationCount), fp(kObservationCount), fn(kObservationCount);
        for (size_t r = 0; r < t.rows.size(); ++r) {
            const std::vector<bool> truth = meshPositives(t.cell(r, o->mesh));
            for (int k = 0; k < kObservationCount; ++k) {
                const Mention m = labels[r][size_t(k)];
                const bool p = m == Mention::Positive || (uncertainPositive && m == Mention::Uncertain);
                tp[size_t(k)] += p && truth[size_t(k)];
                fp[size_t(k)] += p && !truth[size_t(k)];
                fn[size_t(k)] += !p && truth[size_t(k)];
            }
        }
        std::printf("| observation | MeSH positives | labeler positives | precision | recall | F1 |\n|---|---|---|---|---|---|\n");
        int64_t TP = 0, FP = 0, FN = 0;
        for (int k = 0; k < kObservationCount; ++k) {
            const double a = double(tp[size_t(k)]), b = double(fp[size_t(k)]), c = double(fn[size_t(k)]);
            TP += tp[size_t(k)], FP += fp[size_t(k)], FN += fn[size_t(k)];
            std::printf("| %s | %lld | %lld | %.3f | %.3f | %.3f |\n", observationNames()[size_t(k)].c_str(), (long long)(a + c),
                        (long long)(a + b), a + b > 0 ? a / (a + b) : 0.0, a + c > 0 ? a / (a + c) : 0.0,
                        a > 0 ? 2 * a / (2 * a + b + c) : 0.0);
        }
        std::printf("| **micro** | %lld | %lld | %.3f | %.3f | %.3f |\n", (long long)(TP + FN), (long long)(TP + FP),
                    TP + FP ? double(TP) / double(TP + FP) : 0.0, TP + FN ? double(TP) / double(TP + FN) : 0.0,
                    TP ? 2.0 * double(TP) / double(2 * TP + FP + FN) : 0.0);
        std::printf("\n%zu reports of %s; uncertain counted as %s\n", t.rows.size(), o->input.c_str(), o->uncertain.c_str());
        return 0;
    };
}

}  // namespace medawq::cli
