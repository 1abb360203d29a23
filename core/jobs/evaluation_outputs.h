// The evaluation run folder: results.json (ours, complete), per_sample.csv, reports.jsonl, and
// the users' evaluation_results.json + generated_reports.csv layout.
#pragma once

#include "eval/report_scoring.h"
#include "jobs/eval_cases.h"
#include "jobs/model_run.h"

#include <medawq/evaluate.h>
#include <medawq/table.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace medawq {

struct EvaluationRecord {
    const EvaluateParams& params;
    const Table& table;
    const EvalCases& cases;
    const std::vector<ModelRun>& runs;          // [0] is the original model
    const std::vector<MetricSet>& vsReference;  // per run; empty sets without a reference column
    const std::vector<MetricSet>& vsOriginal;   // per run; [0] empty
    const BootstrapPlan& plan;
    const ReportScorer& scorer;
    // Per case, from the table's 14 CheXpert label columns when it has them (the truth of the
    // label F1 against the reference); null otherwise.
    const std::vector<ReportLabels>* tableLabels = nullptr;
};

// Writes every file into `directory` and returns results.json's content.
nlohmann::json writeEvaluationRun(const std::string& directory, const EvaluationRecord& record);

}  // namespace medawq
