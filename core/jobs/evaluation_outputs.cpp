#include "jobs/evaluation_outputs.h"

#include "formats/csv_writer.h"
#include "formats/sha256.h"
#include "jobs/run_info.h"

#include <medawq/errors.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace medawq {

namespace {

double gib(int64_t bytes) { return bytes >= 0 ? double(bytes) / 1073741824.0 : 0.0; }

std::string number(double v) {
    if (std::isnan(v)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void writeJson(const fs::path& path, const json& j) {
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    if (!out) throw Error(path.string(), "write failed (disk full?)");
}

json configJson(const EvaluateParams& p) {
    return {{"original_model", p.originalModel},
            {"quantized_models", p.quantizedModels},
            {"eval_data", p.evalDataPath},
            {"num_samples", p.numSamples},
            {"seed", p.seed},
            {"prompt_file", p.promptFile},
            {"prompt_text", p.promptText},
            {"text_column", p.textColumn},
            {"reference_column", p.referenceColumn},
            {"image_column", p.imageColumn},
            {"chat_template", p.chatTemplate},
            {"max_new_tokens", p.maxNewTokens},
            {"do_sample", p.doSample},
            {"temperature", p.temperature},
            {"top_p", p.topP},
            {"sample_seed", p.sampleSeed},
            {"strip_headers", p.stripHeaders},
            {"device", p.device},
            {"dtype", p.dtype},
            {"speed_prompts", p.speedPrompts},
            {"speed_new_tokens", p.speedNewTokens > 0 ? p.speedNewTokens : p.maxNewTokens},
            {"radgraph_model", p.radgraphModel},
            {"radgraph_rule", p.radgraphRule},
            {"uncertain_as", p.uncertainAs},
            {"precision", p.precision},
            {"activation_scales", p.perTokenActivations ? "per token" : "per tensor"},
            {"bootstrap_resamples", p.bootstrapResamples},
            {"bootstrap_seed", p.bootstrapSeed}};
}

json modelJson(const ModelRun& r, const MetricSet& vsRef, const MetricSet& vsOrig, const MetricSet* originalVsRef,
               const BootstrapPlan& plan) {
    int64_t newTokens = 0, atLimit = 0;
    for (const GeneratedReport& g : r.reports) {
        newTokens += g.newTokens;
        atLimit += g.hitTokenLimit;
    }
    const double n = double(std::max<size_t>(1, r.reports.size()));
    const double decodeRate = r.speed.decodeTokensPerSecond();
    json m = {{"label", r.label},
              {"role", r.role},
              {"path", r.path},
              {"method", r.method},
              {"bits", r.bits},
              {"group_size", r.groupSize},
              {"device", r.device},
              {"dtype", r.dtype},
              {"precision", r.precision},
              {"precision_note", r.precision == "w4a8" || r.precision == "w4a4"
                                     ? "simulated activation quantization: accuracy only, no speed-up"
                                     : ""},
              {"size_bytes", r.sizeBytes},
              {"load_seconds", r.loadSeconds},
              {"generation",
               {{"cases", r.reports.size()},
                {"seconds", r.generationSeconds},
                {"avg_new_tokens", double(newTokens) / n},
                {"avg_seconds_per_report", r.generationSeconds / n},
                {"reports_at_token_limit", atLimit}}},
              {"speed",
               {{"prompts", r.speed.prompts},
                {"new_tokens_each", r.speed.newTokensEach},
                {"prefill_tokens_per_second", r.speed.prefillTokensPerSecond()},
                {"decode_tokens_per_second", decodeRate},
                {"ms_per_token", decodeRate > 0 ? 1000.0 / decodeRate : 0.0},
                {"seconds_per_report", r.speed.prompts ? (r.speed.prefillSeconds + r.speed.decodeSeconds) / r.speed.prompts : 0.0},
                {"method", "after one warm-up; the same prompts and exactly new_tokens_each new tokens for every model "
                           "(end of turn ignored); prefill = prompt to first token, decode = the rest; tokenization excluded"}}},
              {"memory",
               {{"peak_allocated_bytes", bytesOrNull(r.peakAllocated)},
                {"peak_reserved_bytes", bytesOrNull(r.peakReserved)},
                {"nvml_process_peak_bytes", bytesOrNull(r.peakNvmlProcess)},
                {"allocated_after_load_bytes", bytesOrNull(r.allocatedAfterLoad)},
                {"measured_over", r.peakAllocated >= 0 ? "the generation of every case" : "n/a (CPU)"}}}};
    m["scores"] = {{"vs_reference", vsRef.empty() ? json(nullptr) : metricsJson(vsRef, plan)},
                   {"vs_original", vsOrig.empty() ? json(nullptr) : metricsJson(vsOrig, plan)}};
    if (originalVsRef && !vsRef.empty()) m["change_vs_original"] = pairedDeltaJson(vsRef, *originalVsRef, plan);
    else m["change_vs_original"] = nullptr;
    return m;
}

// The users' evaluate_awq_model.py layout for the original and the first quantized model. Their
// f1_entities / f1_relations / f1_combined are RadGraph's simple / partial / complete rewards.
json usersLayout(const EvaluationRecord& rec) {
    const ModelRun& o = rec.runs[0];
    const ModelRun* q = rec.runs.size() > 1 ? &rec.runs[1] : nullptr;
    auto memory = [](const ModelRun& r) {
        return json{{"allocated_gb", gib(r.allocatedAfterLoad)}, {"reserved_gb", gib(r.peakReserved)}, {"peak_gb", gib(r.peakAllocated)}};
    };
    auto speed = [](const ModelRun& r) {
        const double t = r.speed.prompts ? (r.speed.prefillSeconds + r.speed.decodeSeconds) / r.speed.prompts : 0.0;
        const double tokens = r.speed.newTokensEach;
        return json{{"avg_time_sec", t}, {"avg_tokens", tokens}, {"tokens_per_sec", t > 0 ? tokens / t : 0.0}};
    };
    auto f1 = [&](size_t i) -> json {
        const MetricSet& s = rec.vsReference[i];
        auto find = [&](const std::string& key) -> const MetricSeries* {
            for (const MetricSeries& m : s)
                if (m.key == key) return &m;
            return nullptr;
        };
        const MetricSeries *simple = find("radgraph_simple"), *partial = find("radgraph_partial"), *complete = find("radgraph_complete");
        if (!simple || !partial || !complete) return json{{"f1_entities", nullptr}, {"f1_relations", nullptr}, {"f1_combined", nullptr},
                                                          {"individual_scores", json::array()},
                                                          {"note", "RadGraph F1 was not computed: see results.json metric_availability"}};
        return json{{"f1_entities", simple->value},
                    {"f1_relations", partial->value},
                    {"f1_combined", complete->value},
                    {"individual_scores", complete->perCase},
                    {"note", "f1_entities = RadGraph simple (RG_E), f1_relations = partial (RG_ER), f1_combined = complete (RG_ER-bar)"}};
    };
    json j;
    j["load_times"] = {{"original_load_time", o.loadSeconds}, {"quantized_load_time", q ? json(q->loadSeconds) : json(nullptr)}};
    if (!q) return j;
    const json mo = memory(o), mq = memory(*q), so = speed(o), sq = speed(*q);
    const double po = mo["peak_gb"], pq = mq["peak_gb"];
    j["memory"] = {{"original", mo}, {"quantized", mq}, {"reduction_percent", po > 0 ? (po - pq) / po * 100.0 : 0.0}};
    const double to = so["tokens_per_sec"], tq = sq["tokens_per_sec"];
    j["inference_speed"] = {{"original", so}, {"quantized", sq}, {"speedup", to > 0 ? tq / to : 0.0}};
    if (!rec.vsReference[0].empty()) {
        json fo = f1(0), fq = f1(1);
        json degradation = nullptr;
        if (fo["f1_combined"].is_number() && fo["f1_combined"].get<double>() > 0)
            degradation = (fo["f1_combined"].get<double>() - fq["f1_combined"].get<double>()) / fo["f1_combined"].get<double>() * 100.0;
        j["f1_scores"] = {{"original", fo}, {"quantized", fq}, {"degradation_percent", degradation}};
    }
    return j;
}

// {"Pleural Effusion": "positive", ...}: the mentioned (non-blank) observations.
json labelsJson(const ReportLabels& labels) {
    json j = json::object();
    for (size_t o = 0; o < labels.size(); ++o)
        if (labels[o] != Label::Blank) j[observationNames()[o]] = labelName(labels[o]);
    return j;
}

// The labeler run on each reference report, scored against the table's label columns: how far
// the label F1 of the models can be trusted, reported with every run that has such columns.
json labelerCheckJson(const EvaluationRecord& rec) {
    std::vector<ReportLabels> labelled;
    for (const EvalCase& c : rec.cases.cases) labelled.push_back(labelReport(c.reference));
    json out = {{"what", std::string(kLabelerName) + " on the reference reports vs the table's 14 label columns"}};
    size_t cells = 0, agree = 0;
    for (size_t c = 0; c < labelled.size(); ++c)
        for (size_t o = 0; o < labelled[c].size(); ++o, ++cells) agree += labelled[c][o] == (*rec.tableLabels)[c][o];
    out["cases"] = labelled.size();
    out["cells_agreeing"] = agree;
    out["cells"] = cells;
    for (UncertainAs u : {UncertainAs::Positive, UncertainAs::Negative}) {
        const LabelF1 f = labelF1(*rec.tableLabels, labelled, u);
        out[uncertainAsName(u)] = {{"micro_f1", f.microF1}, {"macro_f1", f.macroF1}, {"top5_micro_f1", f.top5MicroF1},
                                   {"exact_match", f.exactMatch}};
    }
    return out;
}

}  // namespace

json writeEvaluationRun(const std::string& directory, const EvaluationRecord& rec) {
    const EvaluateParams& p = rec.params;
    const fs::path dir(directory);
    std::vector<size_t> rows;
    for (const EvalCase& c : rec.cases.cases) rows.push_back(c.row);

    json results = {{"tool", "MedAWQ"},
                    {"kind", "evaluation"},
                    {"format_version", 1},
                    {"created", utcNow()},
                    {"software", softwareVersions()},
                    {"config", configJson(p)}};
    results["data"] = {{"path", p.evalDataPath},
                       {"file_name", fs::path(p.evalDataPath).filename().string()},
                       {"sha256", sha256File(p.evalDataPath)},
                       {"rows_read", rec.cases.rowsRead},
                       {"cases", rec.cases.cases.size()},
                       {"rows_skipped_empty_prompt", rec.cases.rowsSkipped},
                       {"image_column", rec.cases.imageColumn},
                       {"rows_skipped_missing_image", rec.cases.rowsMissingImage},
                       {"row_indices", rows},
                       {"reference_column", rec.cases.referenceColumn},
                       {"prompt_template", rec.cases.templateText},
                       {"warnings", rec.cases.warnings}};
    results["scored_against"] = rec.cases.referenceColumn.empty()
                                    ? json{{"vs_original", "the original model's report"}}
                                    : json{{"vs_reference", "the table's '" + rec.cases.referenceColumn + "' column (the human report)"},
                                           {"vs_original", "the original model's report (the users' guide calls it the ground truth)"}};
    results["metric_availability"] = rec.scorer.availability();
    if (rec.tableLabels) results["labeler_check"] = labelerCheckJson(rec);
    results["bootstrap"] = {{"resamples", rec.plan.resamples()}, {"seed", p.bootstrapSeed},
                            {"interval", "95% percentile bootstrap over cases; changes are paired (same resampled cases)"}};
    json models = json::array();
    for (size_t i = 0; i < rec.runs.size(); ++i)
        models.push_back(modelJson(rec.runs[i], rec.vsReference[i], rec.vsOriginal[i], i > 0 ? &rec.vsReference[0] : nullptr, rec.plan));
    results["models"] = models;
    writeJson(dir / "results.json", results);

    // per_sample.csv: one row per case, every model's new tokens and per-case scores.
    std::vector<std::string> header = {"case", "row"};
    for (const ModelRun& r : rec.runs) header.push_back(r.label + ":new_tokens");
    for (size_t i = 0; i < rec.runs.size(); ++i) {
        for (const MetricSeries& m : rec.vsReference[i]) header.push_back(rec.runs[i].label + ":" + m.key);
        for (const MetricSeries& m : rec.vsOriginal[i]) header.push_back(rec.runs[i].label + ":vs_original:" + m.key);
    }
    std::vector<std::vector<std::string>> table;
    for (size_t c = 0; c < rec.cases.cases.size(); ++c) {
        std::vector<std::string> row = {std::to_string(c), std::to_string(rec.cases.cases[c].row)};
        for (const ModelRun& r : rec.runs) row.push_back(std::to_string(r.reports[c].newTokens));
        for (size_t i = 0; i < rec.runs.size(); ++i) {
            for (const MetricSeries& m : rec.vsReference[i]) row.push_back(number(m.perCase[c]));
            for (const MetricSeries& m : rec.vsOriginal[i]) row.push_back(number(m.perCase[c]));
        }
        table.push_back(std::move(row));
    }
    writeCsv((dir / "per_sample.csv").string(), header, table);

    // reports.jsonl: everything the side-by-side viewer shows for a case.
    {
        std::ofstream out(dir / "reports.jsonl");
        for (size_t c = 0; c < rec.cases.cases.size(); ++c) {
            const EvalCase& ec = rec.cases.cases[c];
            json fields = json::object();
            for (const auto& [k, v] : ec.fields) fields[k] = v;
            json line = {{"case", c}, {"row", ec.row}, {"fields", fields}, {"prompt", ec.prompt}, {"reference", ec.reference}};
            if (!ec.imagePath.empty()) line["image"] = ec.imagePath;
            if (!ec.reference.empty()) line["reference_labels"] = rec.scorer.labelsOf(ec.reference);
            if (rec.tableLabels) line["table_labels"] = labelsJson((*rec.tableLabels)[c]);
            json reports = json::array();
            for (size_t i = 0; i < rec.runs.size(); ++i) {
                const GeneratedReport& g = rec.runs[i].reports[c];
                json scoresRef = json::object(), scoresOrig = json::object();
                for (const MetricSeries& m : rec.vsReference[i]) scoresRef[m.key] = std::isnan(m.perCase[c]) ? json(nullptr) : json(m.perCase[c]);
                for (const MetricSeries& m : rec.vsOriginal[i]) scoresOrig[m.key] = std::isnan(m.perCase[c]) ? json(nullptr) : json(m.perCase[c]);
                json r = {{"model", rec.runs[i].label},
                          {"text", g.text},
                          {"new_tokens", g.newTokens},
                          {"prompt_tokens", g.promptTokens},
                          {"at_token_limit", g.hitTokenLimit},
                          {"labels", rec.scorer.labelsOf(g.text)},
                          {"scores_vs_reference", scoresRef},
                          {"scores_vs_original", scoresOrig}};
                if (i > 0) r["finding_differences_vs_original"] = rec.scorer.findingDifferences(rec.runs[0].reports[c].text, g.text);
                reports.push_back(r);
            }
            line["reports"] = reports;
            out << line.dump() << "\n";
        }
        if (!out) throw Error((dir / "reports.jsonl").string(), "write failed (disk full?)");
    }

    // The users' files.
    writeJson(dir / "evaluation_results.json", usersLayout(rec));
    std::vector<std::vector<std::string>> generated;
    for (size_t c = 0; c < rec.cases.cases.size(); ++c)
        generated.push_back({rec.cases.cases[c].reference, rec.runs[0].reports[c].text,
                             rec.runs.size() > 1 ? rec.runs[1].reports[c].text : ""});
    writeCsv((dir / "generated_reports.csv").string(), {"ground_truth", "original_model", "quantized_model"}, generated);
    return results;
}

json readEvaluationRun(const std::string& runDirectory) {
    const fs::path path = fs::path(runDirectory) / "results.json";
    std::ifstream in(path);
    if (!in) throw Error(path.string(), "not found (is this an evaluation run folder?)");
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded()) throw Error(path.string(), "is not valid JSON");
    if (j.value("tool", "") != "MedAWQ" || j.value("kind", "") != "evaluation" || !j.contains("models"))
        throw Error(path.string(), "is not a MedAWQ evaluation results file");
    return j;
}

}  // namespace medawq
