// An evaluation run folder as the report code sees it: results.json (every figure, per model)
// and reports.jsonl (each case's prompt fields, reference, every model's report, per-case scores
// and labeler findings), plus each quantized model's quantization_info.json when its folder can
// be found from the path in results.json. Read once; everything else works on this value.
//
//   QString error;
//   auto run = medawq::report::EvaluationRun::load("evaluation_results", &error);
//   if (!run) qWarning() << error;
//   run->models[1].metric("chexpert_micro_f1").value;
#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace medawq::report {

// One corpus figure: the value and its bootstrap 95% interval over cases.
struct MetricValue {
    QString label;   // "CheXpert-phrase label F1 (micro, 14)"
    double value = qQNaN(), low = qQNaN(), high = qQNaN();
    bool headline = false;
    bool isValid() const { return !qIsNaN(value); }
};

// The paired change against the original model (same resampled cases).
struct MetricChange {
    double delta = qQNaN(), low = qQNaN(), high = qQNaN();
    bool isValid() const { return !qIsNaN(delta); }
};

struct ModelResult {
    QString label;            // "FP16", "AWQ W4 g128"
    QString role;             // original | quantized
    QString path;             // as given to evaluate
    QString resolvedPath;     // the folder found on this machine ("" when not found)
    QString method;           // fp16 | awq | rtn
    int bits = 16, groupSize = 0;
    QString device, dtype, precision;
    qint64 sizeBytes = -1;
    double loadSeconds = qQNaN();
    double prefillTokensPerSecond = qQNaN(), decodeTokensPerSecond = qQNaN();
    qint64 peakAllocatedBytes = -1, peakNvmlBytes = -1;   // -1 = not measured (CPU)
    QMap<QString, MetricValue> metrics;                    // vs the reference report
    QMap<QString, MetricChange> changes;                   // vs the original model
    QJsonObject quantizationInfo;                          // empty for the original model or when not found

    MetricValue metric(const QString& key) const { return metrics.value(key); }
    MetricChange change(const QString& key) const { return changes.value(key); }
};

// "Pleural Effusion" -> "positive" | "negative" | "uncertain"; absent = not mentioned.
using FindingLabels = QMap<QString, QString>;

struct CaseReport {
    QString model;
    QString text;
    int newTokens = 0;
    bool atTokenLimit = false;
    FindingLabels labels;
    QMap<QString, double> scores;   // vs the reference report; NaN = not scored
};

struct EvalCase {
    int index = 0;                  // position in the run (0-based)
    int row = 0;                    // row of the eval table
    QList<QPair<QString, QString>> fields;   // prompt fields, e.g. ("indication", "Cough.")
    QString prompt;
    QString reference;
    QString imagePath;              // absolute or relative to the eval table's folder; "" = none
    FindingLabels referenceLabels;
    FindingLabels tableLabels;      // from the eval table's label columns, when it had them
    QList<CaseReport> reports;      // one per model, in the order of EvaluationRun::models

    double score(int model, const QString& metric) const;
};

class EvaluationRun {
    Q_DECLARE_TR_FUNCTIONS(EvaluationRun)
public:
    // nullopt with a message naming the file when results.json is missing or is not a MedAWQ
    // evaluation; reports.jsonl is optional (an older run): then `cases` is empty.
    static std::optional<EvaluationRun> load(const QString& runDir, QString* error, bool withCases = true);

    QString directory;
    QJsonObject results;            // results.json as read
    QString created;                // ISO date of the run
    QList<ModelResult> models;      // [0] = the original model
    QStringList metricKeys;         // F1 metrics first, then lexical ones (a fixed order, not JSON key order)
    QList<EvalCase> cases;
    // Scores are against the table's reference reports when it had them, else against the
    // original model's reports (results.json "scored_against").
    bool scoredAgainstReference = true;
    QString scoreBasis() const { return scoredAgainstReference ? QStringLiteral("vs_reference") : QStringLiteral("vs_original"); }

    int modelIndex(const QString& label) const;
    // F1 metrics (label F1, RadGraph): the charts' and the PDF's headline figures.
    QStringList f1MetricKeys() const;
    // The metric cases are sorted by by default and the Runs list shows: RadGraph partial (the
    // figure the users report) when computed, else the micro CheXpert-phrase label F1, else the
    // first metric in the report's order.
    QString primaryMetric() const { return primaryMetricOf(metricKeys); }
    static QString primaryMetricOf(const QStringList& keys);
    QString metricLabel(const QString& key) const;
    // The image of a case resolved against the eval table's folder ("" when none).
    QString imageFile(const EvalCase& c) const;
};

}  // namespace medawq::report
