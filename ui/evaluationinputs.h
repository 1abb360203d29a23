// The Evaluate page's choices as one value, the reason (if any) they cannot be run, and their
// translation into the core's EvaluateParams. Kept apart from the widgets so that the rules for
// "Run is disabled because…" are one function that a test can call directly.
#pragma once

#include <medawq/evaluate.h>

#include <QString>
#include <QStringList>

namespace medawq::ui {

struct EvaluationInputs {
    QString originalModel;
    QStringList quantizedModels;
    QString evalTable;
    QString referenceColumn;        // "" = the job's automatic choice
    QString promptFile;
    int numSamples = 20;            // 0 = every row
    int maxNewTokens = 128;
    bool radgraph = true;           // RadGraph F1 (computed when the user's Python has it)
    QString radgraphRule = QStringLiteral("0.1.18");
    QString uncertainAs = QStringLiteral("positive");
    QString outputDir;
    QString device = QStringLiteral("auto");

    medawq::EvaluateParams toParams() const;
};

// Why these inputs cannot be evaluated, in one sentence naming the input (and the file when a
// file is at fault); "" when they can. `promptProblem` is what the prompt preview found (the
// leak refusal, a bad template or table): the job would refuse it too. Only stats files: cheap
// enough for the GUI thread.
QString evaluationProblem(const EvaluationInputs& inputs, const QString& promptProblem);

// A folder the model loader can open (it holds config.json).
bool isModelFolder(const QString& dir);

}  // namespace medawq::ui
