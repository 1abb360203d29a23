// The evaluate job: cases -> every model's reports, speed and memory -> scores with intervals
// and paired changes -> the run folder. Models run one at a time so none shares GPU memory.
#include <medawq/errors.h>
#include <medawq/evaluate.h>
#include <medawq/table.h>

#include "eval/bootstrap.h"
#include "eval/report_scoring.h"
#include "jobs/eval_cases.h"
#include "jobs/evaluation_outputs.h"
#include "jobs/model_run.h"
#include "jobs/output_folder.h"
#include "jobs/stage_clock.h"

#include <set>

namespace medawq {

const char* evaluateStageName(EvaluateStage stage) {
    switch (stage) {
    case EvaluateStage::Prepare: return "prepare";
    case EvaluateStage::LoadModel: return "load model";
    case EvaluateStage::Generate: return "generate";
    case EvaluateStage::Speed: return "speed";
    case EvaluateStage::Score: return "score";
    case EvaluateStage::Save: return "save";
    }
    return "?";
}

namespace {

std::vector<std::string> reportTexts(const ModelRun& run) {
    std::vector<std::string> out;
    for (const GeneratedReport& r : run.reports) out.push_back(r.text);
    return out;
}

}  // namespace

nlohmann::json runEvaluate(const EvaluateParams& p, const EvaluateProgressCallback& progress,
                           const EvaluateLogCallback& log) {
    auto say = [&](const std::string& line) {
        if (log) log(line);
    };
    StageClock total;
    auto report = [&](EvaluateStage stage, int model, const std::string& label, int64_t done, int64_t all,
                      const StageClock& clock, const std::string& message) {
        if (!progress) return true;
        EvaluateProgress pr;
        pr.stage = stage;
        pr.model = model;
        pr.models = int(p.quantizedModels.size()) + 1;
        pr.modelLabel = label;
        pr.done = done;
        pr.total = all;
        pr.elapsedSeconds = clock.elapsed();
        pr.etaSeconds = all > 0 && done > 0 ? clock.eta(double(done) / double(all)) : -1;
        pr.message = message;
        return progress(pr);
    };

    // Prepare: validate everything a user can get wrong before any model loads.
    if (p.originalModel.empty()) throw Error("--original_model", "no original model given");
    if (p.evalDataPath.empty()) throw Error("--eval_data", "no evaluation table given");
    if (p.precision != "w4a16" && p.precision != "w4a8" && p.precision != "w4a4")
        throw Error("--precision " + p.precision, "expected w4a16, w4a8 or w4a4");
    if (p.radgraphRule != "0.1.18" && p.radgraphRule != "head")
        throw Error("--radgraph_rule " + p.radgraphRule, "expected 0.1.18 (released package) or head");
    if (p.uncertainAs != "positive" && p.uncertainAs != "negative")
        throw Error("--uncertain " + p.uncertainAs, "expected positive or negative");
    if (p.maxNewTokens < 1) throw Error("--max_new_tokens", "must be at least 1");
    std::set<std::string> seen{p.originalModel};
    for (const std::string& q : p.quantizedModels)
        if (!seen.insert(q).second) throw Error(q, "this model is listed twice");
    StageClock clock;
    report(EvaluateStage::Prepare, 0, "", 0, 1, clock, "reading " + p.evalDataPath);
    const Table table = readTable(p.evalDataPath);
    const EvalCases cases = buildEvalCases(table, p);
    say("  " + std::to_string(cases.rowsRead) + " rows read, " + std::to_string(cases.cases.size()) + " cases drawn (seed " +
        std::to_string(p.seed) + ")" + (cases.rowsSkipped ? ", " + std::to_string(cases.rowsSkipped) + " with an empty prompt skipped" : "") +
        "; reference column: " + (cases.referenceColumn.empty() ? "none (scored against the original model only)" : "'" + cases.referenceColumn + "'"));
    if (!cases.imageColumn.empty())
        say("  image column: '" + cases.imageColumn + "'" +
            (cases.rowsMissingImage ? ", " + std::to_string(cases.rowsMissingImage) + " drawn rows skipped (image missing)" : ""));
    for (const std::string& w : cases.warnings) say("  warning: " + w);
    OutputFolder output(p.outputDir, p.overwrite);

    // Generate, one model at a time.
    std::vector<ModelRun> runs;
    std::vector<std::pair<std::string, std::string>> models = {{p.originalModel, "original"}};
    for (const std::string& q : p.quantizedModels) models.emplace_back(q, "quantized");
    for (size_t m = 0; m < models.size(); ++m) {
        StageClock modelClock;
        const int index = int(m) + 1;
        std::string label = models[m].first;
        ModelRun run = runModel(models[m].first, models[m].second, cases, p,
                                [&](EvaluateStage stage, int64_t done, int64_t all, const std::string& message) {
                                    if (done < 0) return report(stage, index, label, -1, -1, modelClock, "");
                                    if (!message.empty() && stage != EvaluateStage::LoadModel) label = message;
                                    return report(stage, index, label, done, all, modelClock,
                                                  stage == EvaluateStage::LoadModel ? message : "");
                                });
        char line[256];
        std::snprintf(line, sizeof line, "  %s: %zu reports in %.1f s; speed %.1f tok/s prefill, %.1f tok/s decode",
                      run.label.c_str(), run.reports.size(), run.generationSeconds, run.speed.prefillTokensPerSecond(),
                      run.speed.decodeTokensPerSecond());
        say(line);
        runs.push_back(std::move(run));
    }
    // Two quantized models with the same label (two AWQ runs) get their folder names appended.
    for (size_t i = 1; i < runs.size(); ++i)
        for (size_t j = i + 1; j < runs.size(); ++j)
            if (runs[i].label == runs[j].label) {
                for (size_t k : {i, j}) runs[k].label += " (" + std::filesystem::path(runs[k].path).filename().string() + ")";
            }

    // Score.
    clock.start();
    report(EvaluateStage::Score, 0, "", 0, 1, clock, "scoring");
    ScoringOptions so;
    so.radgraphModel = p.radgraphModel;
    so.radgraphRule = p.radgraphRule;
    so.uncertainAs = p.uncertainAs;
    ReportScorer scorer(so);
    std::vector<std::string> refs;
    for (const EvalCase& c : cases.cases) refs.push_back(c.reference);
    std::vector<std::string> allTexts = refs;
    for (const ModelRun& r : runs)
        for (const GeneratedReport& g : r.reports) allTexts.push_back(g.text);
    scorer.prepare(allTexts, [&](int64_t done, int64_t all) { return report(EvaluateStage::Score, 0, "", done, all, clock, "annotating reports"); });
    const BootstrapPlan plan(cases.cases.size(), p.bootstrapResamples, p.bootstrapSeed);
    const bool haveReference = !cases.referenceColumn.empty();
    // The table's own CheXpert label columns (the demo data and CheXpert-labelled MIMIC sheets
    // have them) are better truth for the label F1 than our labeler run on the reference; they
    // also measure the labeler itself (results.json "labeler_check").
    std::vector<ReportLabels> tableLabels;
    if (haveReference && hasLabelColumns(table)) {
        const std::vector<ReportLabels> rows = readLabelColumns(table);
        for (const EvalCase& c : cases.cases) tableLabels.push_back(rows[c.row]);
        say("  label F1 truth: the table's 14 CheXpert label columns");
    }
    const std::vector<ReportLabels>* truth = tableLabels.empty() ? nullptr : &tableLabels;
    std::vector<MetricSet> vsReference(runs.size()), vsOriginal(runs.size());
    const std::vector<std::string> original = reportTexts(runs[0]);
    for (size_t i = 0; i < runs.size(); ++i) {
        if (haveReference) vsReference[i] = scorer.score(refs, reportTexts(runs[i]), truth);
        if (i > 0) vsOriginal[i] = scorer.score(original, reportTexts(runs[i]));
    }
    // Against the package's own numbers, on the last quantized model's reports.
    if (const std::string checked = scorer.crossCheckRadGraph(haveReference ? refs : original, reportTexts(runs.back()));
        !checked.empty())
        say(checked);

    // Save.
    report(EvaluateStage::Save, 0, "", 0, 1, clock, "writing " + p.outputDir);
    EvaluationRecord record{p, table, cases, runs, vsReference, vsOriginal, plan, scorer, truth};
    nlohmann::json results = writeEvaluationRun(output.path(), record);
    output.commit();
    say("  saved " + p.outputDir + " in " + std::to_string(int(total.elapsed())) + " s");
    report(EvaluateStage::Save, 0, "", 1, 1, clock, "saved " + p.outputDir);
    return results;
}

}  // namespace medawq
