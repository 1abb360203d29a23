#include "casequery.h"

#include "findings.h"

#include <QHash>

#include <algorithm>

namespace medawq::report {

namespace {

bool containsText(const EvalCase& c, const QString& text) {
    const auto has = [&](const QString& s) { return s.contains(text, Qt::CaseInsensitive); };
    if (has(c.reference) || has(c.prompt)) return true;
    for (const auto& f : c.fields)
        if (has(f.second)) return true;
    for (const CaseReport& r : c.reports)
        if (has(r.text)) return true;
    return false;
}

}  // namespace

double caseChange(const EvalCase& c, const CaseQuery& q, const QString& metric) {
    return c.score(q.compared, metric) - c.score(q.baseline, metric);
}

QList<int> selectCases(const EvaluationRun& run, const CaseQuery& query) {
    const QString metric = query.metric.isEmpty() ? run.primaryMetric() : query.metric;
    const QString text = query.text.trimmed();
    QList<int> out;
    for (int i = 0; i < run.cases.size(); ++i) {
        const EvalCase& c = run.cases[i];
        if (query.onlyDisagreements && Findings::disagreements(c, {query.baseline, query.compared}).isEmpty()) continue;
        if (!text.isEmpty() && !containsText(c, text)) continue;
        out.append(i);
    }
    if (query.order == CaseQuery::Order::CaseNumber) return out;
    // Unscored cases (NaN) go last in either direction. Among equal changes, the case whose
    // findings differ more (a finding present in one report only counts most) comes first: a
    // metric can stay level while the reports disagree on what the image shows.
    const double sign = query.order == CaseQuery::Order::LargestDrop ? 1.0 : -1.0;
    QHash<int, int> weight;
    for (int i : out)
        for (const FindingDisagreement& d : Findings::disagreements(run.cases[i], {query.baseline, query.compared}))
            weight[i] += d.severity == 0 ? 100 : d.severity == 1 ? 10 : 1;
    std::stable_sort(out.begin(), out.end(), [&](int a, int b) {
        const double da = caseChange(run.cases[a], query, metric), db = caseChange(run.cases[b], query, metric);
        if (qIsNaN(da) || qIsNaN(db)) return !qIsNaN(da) && qIsNaN(db);
        if (qFuzzyCompare(1.0 + da, 1.0 + db)) return weight.value(a) > weight.value(b);
        return sign * da < sign * db;
    });
    return out;
}

}  // namespace medawq::report
