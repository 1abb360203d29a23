// The numbers behind each chart, taken from a run (results.json and reports.jsonl) without any
// drawing: the charts draw exactly these, the tests compare them with results.json, and the
// Markdown/CSV exports list them.
#pragma once

#include "evaluationrun.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVector>

namespace medawq::report {

struct ChartSeries {
    QString name;                 // the model ("FP16"), or the run for quality-vs-speed
    QVector<double> x, y;         // bars: x = category index; scatter: x, y of each point
    QVector<double> low, high;    // bars: the 95% interval (empty = no error bars)
    QStringList pointLabels;      // hover text per point (case number, model name)
};

struct ChartData {
    enum class Kind { MetricBars, PrefillSpeed, DecodeSpeed, Memory, CaseScatter, QualitySpeed };
    enum class Style { Bars, Scatter };
    Kind kind = Kind::MetricBars;
    Style style = Style::Bars;
    QString title, xLabel, yLabel;
    QStringList categories;       // bars: the x axis' labels
    QList<ChartSeries> series;
    bool diagonal = false;        // scatter of scores: draw y = x
};

class Charts {
    Q_DECLARE_TR_FUNCTIONS(Charts)
public:
    // Every F1 metric, one bar per model, error bars = the bootstrap 95% interval over cases.
    static ChartData metricBars(const EvaluationRun& run);
    static ChartData prefillSpeed(const EvaluationRun& run);
    static ChartData decodeSpeed(const EvaluationRun& run);
    // Peak GPU memory (allocator) and size on disk, GB; a model without a measurement has NaN.
    static ChartData memory(const EvaluationRun& run);
    // Each case's score under `metric`: x = model `a`, y = model `b`.
    static ChartData caseScatter(const EvaluationRun& run, const QString& metric, int a = 0, int b = 1);
    // One point per model of each run: x = decode tokens/s, y = `metric` (the primary one when "").
    static ChartData qualitySpeed(const QList<const EvaluationRun*>& runs, const QString& metric = {});
    // The charts of one run in the order the Charts tab and the PDF show them.
    static QList<ChartData> all(const EvaluationRun& run);
    // A short metric name for an axis: "label F1 micro" instead of the full label.
    static QString shortMetricName(const EvaluationRun& run, const QString& key);
};

}  // namespace medawq::report
