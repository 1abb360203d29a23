// The labeler's findings compared across the reports of one case: where the models disagree on
// an observation ("Pleural Effusion: positive in FP16, not mentioned in AWQ W4 g128"), ordered so
// that the clinically loud disagreements come first (a finding present in one report only, then
// hedged vs certain, then stated absent vs not mentioned), as the core's findingsDifference does.
#pragma once

#include "evaluationrun.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace medawq::report {

struct FindingDisagreement {
    QString observation;
    QStringList labels;    // per model: positive | negative | uncertain | "" (not mentioned)
    int severity = 0;      // 0 = present vs not, 1 = hedged vs certain, 2 = absent vs not mentioned
};

class Findings {
    Q_DECLARE_TR_FUNCTIONS(Findings)
public:
    // Disagreements among `models` (indices into the case's reports); an empty list = all.
    static QList<FindingDisagreement> disagreements(const EvalCase& c, QList<int> models = {});
    // "Pleural Effusion: positive in FP16, not mentioned in AWQ W4 g128" (translated).
    static QString describe(const FindingDisagreement& d, const QStringList& modelLabels);
    // "positive", "not mentioned", ... in the UI language.
    static QString labelText(const QString& label);
};

}  // namespace medawq::report
