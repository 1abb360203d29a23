#include "findings.h"

#include <QSet>

#include <algorithm>

namespace medawq::report {

QList<FindingDisagreement> Findings::disagreements(const EvalCase& c, QList<int> models) {
    if (models.isEmpty())
        for (int i = 0; i < c.reports.size(); ++i) models.append(i);
    QStringList observations;
    for (int m : models)
        for (const QString& o : c.reports.value(m).labels.keys())
            if (!observations.contains(o)) observations.append(o);
    observations.sort();
    QList<FindingDisagreement> out;
    for (const QString& o : observations) {
        FindingDisagreement d{o, {}, 2};
        for (int m : models) d.labels.append(c.reports.value(m).labels.value(o));
        const QSet<QString> distinct(d.labels.begin(), d.labels.end());
        if (distinct.size() < 2) continue;
        const auto has = [&](const char* label) { return distinct.contains(QLatin1String(label)); };
        d.severity = has("positive") ? 0 : has("uncertain") ? 1 : 2;  // the models part on it
        out.append(d);
    }
    std::stable_sort(out.begin(), out.end(), [](const FindingDisagreement& a, const FindingDisagreement& b) {
        return a.severity < b.severity;
    });
    return out;
}

QString Findings::labelText(const QString& label) {
    if (label == QLatin1String("positive")) return tr("positive");
    if (label == QLatin1String("negative")) return tr("absent");
    if (label == QLatin1String("uncertain")) return tr("uncertain");
    return tr("not mentioned");
}

QString Findings::describe(const FindingDisagreement& d, const QStringList& modelLabels) {
    QStringList parts;
    for (int i = 0; i < d.labels.size(); ++i)
        parts.append(tr("%1 in %2").arg(labelText(d.labels[i]), modelLabels.value(i)));
    return tr("%1: %2").arg(d.observation, parts.join(QStringLiteral(", ")));
}

}  // namespace medawq::report
