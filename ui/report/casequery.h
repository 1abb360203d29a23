// Which cases to show and in what order: the Cases tab's list and the PDF's case comparisons
// both ask this. Sorting by the largest drop puts the cases where the quantized model lost most
// against the original first; "only disagreements" keeps cases whose reports differ in the
// labeler's findings; the text search looks in the prompt fields, the reference and every report.
#pragma once

#include "evaluationrun.h"

#include <QList>
#include <QString>

namespace medawq::report {

struct CaseQuery {
    enum class Order { CaseNumber, LargestDrop, LargestGain };
    Order order = Order::CaseNumber;
    QString metric;                 // for the drop; "" = the run's primary metric
    int baseline = 0;               // model index the drop is measured from (the original)
    int compared = 1;               // model index the drop is measured to
    bool onlyDisagreements = false; // findings differ between baseline and compared
    QString text;                   // case-insensitive; "" = no text filter
};

// Score of `compared` minus score of `baseline` on one case (NaN when either is unscored).
double caseChange(const EvalCase& c, const CaseQuery& q, const QString& metric);

// Indices into run.cases, filtered and ordered; equal changes: more findings disagreements
// first, then case order.
QList<int> selectCases(const EvaluationRun& run, const CaseQuery& query);

}  // namespace medawq::report
