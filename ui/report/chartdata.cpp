#include "chartdata.h"

#include <QFileInfo>

#include <functional>

namespace medawq::report {

namespace {

double gigabytes(qint64 bytes) { return bytes >= 0 ? double(bytes) / 1e9 : qQNaN(); }

ChartData barsPerModel(const EvaluationRun& run, ChartData::Kind kind, const QString& title, const QString& yLabel,
                       const QStringList& categories, const std::function<double(const ModelResult&, int)>& value) {
    ChartData d;
    d.kind = kind;
    d.style = ChartData::Style::Bars;
    d.title = title;
    d.yLabel = yLabel;
    d.categories = categories;
    for (const ModelResult& m : run.models) {
        ChartSeries s;
        s.name = m.label;
        for (int c = 0; c < categories.size(); ++c) {
            s.x.append(c);
            s.y.append(value(m, c));
            s.pointLabels.append(categories[c]);
        }
        d.series.append(s);
    }
    return d;
}

}  // namespace

QString Charts::shortMetricName(const EvaluationRun& run, const QString& key) {
    if (key == QLatin1String("radgraph_simple")) return tr("RadGraph simple");
    if (key == QLatin1String("radgraph_partial")) return tr("RadGraph partial");
    if (key == QLatin1String("radgraph_complete")) return tr("RadGraph complete");
    if (key == QLatin1String("chexpert_micro_f1")) return tr("Label F1 micro");
    if (key == QLatin1String("chexpert_macro_f1")) return tr("Label F1 macro");
    if (key == QLatin1String("chexpert_top5_micro_f1")) return tr("Label F1 top-5 micro");
    if (key == QLatin1String("chexpert_top5_macro_f1")) return tr("Label F1 top-5 macro");
    return run.metricLabel(key);
}

ChartData Charts::metricBars(const EvaluationRun& run) {
    const QStringList keys = run.f1MetricKeys();
    QStringList names;
    for (const QString& k : keys) names.append(shortMetricName(run, k));
    ChartData d = barsPerModel(run, ChartData::Kind::MetricBars, run.scoredAgainstReference ? tr("F1 against the reference reports (95% interval over cases)")
                                                                      : tr("F1 against the original model's reports (95% interval over cases)"),
                               tr("F1"), names, [&](const ModelResult& m, int c) { return m.metric(keys[c]).value; });
    for (int i = 0; i < d.series.size(); ++i)
        for (const QString& k : keys) {
            d.series[i].low.append(run.models[i].metric(k).low);
            d.series[i].high.append(run.models[i].metric(k).high);
        }
    return d;
}

ChartData Charts::prefillSpeed(const EvaluationRun& run) {
    return barsPerModel(run, ChartData::Kind::PrefillSpeed, tr("Prefill speed"), tr("tokens/s"), {tr("prefill")},
                        [](const ModelResult& m, int) { return m.prefillTokensPerSecond; });
}

ChartData Charts::decodeSpeed(const EvaluationRun& run) {
    return barsPerModel(run, ChartData::Kind::DecodeSpeed, tr("Decode speed"), tr("tokens/s"), {tr("decode")},
                        [](const ModelResult& m, int) { return m.decodeTokensPerSecond; });
}

ChartData Charts::memory(const EvaluationRun& run) {
    return barsPerModel(run, ChartData::Kind::Memory, tr("Peak GPU memory and size on disk"), tr("GB"),
                        {tr("peak GPU memory"), tr("size on disk")}, [](const ModelResult& m, int c) {
                            return gigabytes(c == 0 ? m.peakAllocatedBytes : m.sizeBytes);
                        });
}

ChartData Charts::caseScatter(const EvaluationRun& run, const QString& metric, int a, int b) {
    ChartData d;
    d.kind = ChartData::Kind::CaseScatter;
    d.style = ChartData::Style::Scatter;
    d.diagonal = true;
    const QString name = shortMetricName(run, metric);
    const QString la = run.models.value(a).label, lb = run.models.value(b).label;
    d.title = tr("%1 per case: %2 vs %3").arg(name, lb, la);
    d.xLabel = la;
    d.yLabel = lb;
    ChartSeries s;
    s.name = tr("cases");
    for (const EvalCase& c : run.cases) {
        const double x = c.score(a, metric), y = c.score(b, metric);
        if (qIsNaN(x) || qIsNaN(y)) continue;
        s.x.append(x);
        s.y.append(y);
        s.pointLabels.append(tr("case %1 (row %2)").arg(c.index + 1).arg(c.row));
    }
    d.series.append(s);
    return d;
}

ChartData Charts::qualitySpeed(const QList<const EvaluationRun*>& runs, const QString& metric) {
    ChartData d;
    d.kind = ChartData::Kind::QualitySpeed;
    d.style = ChartData::Style::Scatter;
    const EvaluationRun* first = runs.value(0);
    const QString key = metric.isEmpty() && first ? first->primaryMetric() : metric;
    const QString name = first ? shortMetricName(*first, key) : key;
    d.title = tr("Quality against speed (%1)").arg(name);
    d.xLabel = tr("decode tokens/s");
    d.yLabel = name;
    for (const EvaluationRun* run : runs) {
        ChartSeries s;
        s.name = runs.size() > 1 ? QFileInfo(run->directory).fileName() : tr("models");
        for (const ModelResult& m : run->models) {
            const double x = m.decodeTokensPerSecond, y = m.metric(key).value;
            if (qIsNaN(x) || qIsNaN(y)) continue;
            s.x.append(x);
            s.y.append(y);
            s.pointLabels.append(m.label);
        }
        d.series.append(s);
    }
    return d;
}

QList<ChartData> Charts::all(const EvaluationRun& run) {
    QList<ChartData> out = {metricBars(run), prefillSpeed(run), decodeSpeed(run), memory(run)};
    if (run.models.size() > 1 && !run.cases.isEmpty()) out.append(caseScatter(run, run.primaryMetric(), 0, 1));
    out.append(qualitySpeed({&run}));
    return out;
}

}  // namespace medawq::report
