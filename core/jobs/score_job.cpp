// medawq score: metrics for reports that already exist in a table.
#include <medawq/errors.h>
#include <medawq/evaluate.h>
#include <medawq/table.h>

#include "eval/bootstrap.h"
#include "eval/report_scoring.h"
#include "formats/csv_writer.h"
#include "jobs/model_run.h"
#include "jobs/run_info.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;
using nlohmann::json;

namespace medawq {

json runScore(const ScoreParams& p, const EvaluateLogCallback& log) {
    const Table table = readTable(p.inputPath);
    for (const std::string& c : {p.refColumn, p.hypColumn})
        if (table.columnIndex(c) < 0)
            throw Error(p.inputPath, "no column '" + c + "'; columns are: " + describeColumns(table.columns));
    std::vector<std::string> refs, hyps;
    std::vector<size_t> scoredRows;
    json unscored = json::array();
    for (size_t r = 0; r < table.rows.size(); ++r) {
        std::string ref = table.cell(r, p.refColumn), hyp = table.cell(r, p.hypColumn);
        if (p.stripHeaders) ref = stripReportHeaders(ref), hyp = stripReportHeaders(hyp);
        const bool emptyRef = ref.find_first_not_of(" \t\r\n") == std::string::npos;
        const bool emptyHyp = hyp.find_first_not_of(" \t\r\n") == std::string::npos;
        if (emptyRef || emptyHyp) {
            // Data row r is line r + 2 of a CSV (after the header); the users see spreadsheet rows.
            unscored.push_back({{"row", r + 2}, {"reason", emptyRef && emptyHyp ? "both texts are empty" : emptyRef ? "empty reference" : "empty report"}});
            continue;
        }
        refs.push_back(ref);
        hyps.push_back(hyp);
        scoredRows.push_back(r);
    }
    if (refs.empty()) throw Error(p.inputPath, "no row has both a reference and a report to score");
    if (log)
        for (const json& u : unscored) log("  row " + std::to_string(u["row"].get<size_t>()) + " not scored: " + u["reason"].get<std::string>());

    ScoringOptions so;
    so.radgraphModel = p.radgraphModel;
    so.radgraphRule = p.radgraphRule;
    so.uncertainAs = p.uncertainAs;
    ReportScorer scorer(so);
    std::vector<std::string> texts = refs;
    texts.insert(texts.end(), hyps.begin(), hyps.end());
    scorer.prepare(texts, {});
    const MetricSet metrics = scorer.score(refs, hyps);
    if (const std::string checked = scorer.crossCheckRadGraph(refs, hyps); !checked.empty() && log) log(checked);
    const BootstrapPlan plan(refs.size(), p.bootstrapResamples, p.bootstrapSeed);

    // The table back, one column per metric.
    std::vector<std::string> header = table.columns;
    for (const MetricSeries& m : metrics) header.push_back(m.key);
    std::vector<std::vector<std::string>> rows = table.rows;
    for (auto& row : rows) row.resize(header.size());
    for (size_t i = 0; i < scoredRows.size(); ++i)
        for (size_t k = 0; k < metrics.size(); ++k) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6g", metrics[k].perCase[i]);
            rows[scoredRows[i]][table.columns.size() + k] = buf;
        }
    std::string out = p.outputPath;
    if (out.empty()) {
        const fs::path in(p.inputPath);
        out = (in.parent_path() / (in.stem().string() + "_with_scores.csv")).string();
    }
    const std::string temp = out + ".partial";
    writeCsv(temp, header, rows);
    fs::rename(temp, out);
    return {{"tool", "MedAWQ"},
            {"kind", "scores"},
            {"created", utcNow()},
            {"software", softwareVersions()},
            {"input", p.inputPath},
            {"output", out},
            {"reference_column", p.refColumn},
            {"report_column", p.hypColumn},
            {"rows", table.rows.size()},
            {"scored", refs.size()},
            {"unscored", unscored},
            {"metric_availability", scorer.availability()},
            {"bootstrap", {{"resamples", plan.resamples()}, {"seed", p.bootstrapSeed}}},
            {"metrics", metricsJson(metrics, plan)}};
}

std::string formatScoreSummary(const json& s) {
    std::string out = "| metric | value | 95% interval | variant |\n|---|---|---|---|\n";
    for (auto it = s["metrics"].begin(); it != s["metrics"].end(); ++it) {
        const json& m = it.value();
        char line[512];
        std::snprintf(line, sizeof line, "| %s | %.3f | [%.3f, %.3f] | %s |\n", m.value("label", it.key()).c_str(),
                      m.value("value", 0.0), m.value("low", 0.0), m.value("high", 0.0), m.value("variant", std::string()).c_str());
        out += line;
    }
    const json& rg = s["metric_availability"]["radgraph"];
    if (!rg.value("available", false)) out += "\nRadGraph F1: unavailable — " + rg.value("reason", std::string()) + "\n";
    out += std::to_string(s.value("scored", 0)) + " of " + std::to_string(s.value("rows", 0)) + " rows scored; written to " +
           s.value("output", std::string()) + "\n";
    return out;
}

}  // namespace medawq
