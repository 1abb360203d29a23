#include "evaluationinputs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace medawq::ui {

namespace {
// The rules' sentences are translated in the "EvaluationInputs" context.
class Text {
    Q_DECLARE_TR_FUNCTIONS(EvaluationInputs)
};
QString clean(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }
}  // namespace

bool isModelFolder(const QString& dir) { return !dir.isEmpty() && QFileInfo(dir + QStringLiteral("/config.json")).isFile(); }

medawq::EvaluateParams EvaluationInputs::toParams() const {
    medawq::EvaluateParams p;
    p.originalModel = originalModel.toStdString();
    for (const QString& q : quantizedModels) p.quantizedModels.push_back(q.toStdString());
    p.evalDataPath = evalTable.toStdString();
    p.referenceColumn = referenceColumn.toStdString();
    p.promptFile = promptFile.toStdString();
    p.numSamples = numSamples;
    p.maxNewTokens = maxNewTokens;
    p.radgraphModel = radgraph ? p.radgraphModel : std::string();
    p.radgraphRule = radgraphRule.toStdString();
    p.uncertainAs = uncertainAs.toStdString();
    p.outputDir = outputDir.toStdString();
    p.device = device.toStdString();
    return p;
}

QString evaluationProblem(const EvaluationInputs& in, const QString& promptProblem) {
    if (in.originalModel.isEmpty()) return Text::tr("Choose the original model.");
    if (!isModelFolder(in.originalModel))
        return Text::tr("%1: not a model folder (it has no config.json).").arg(in.originalModel);
    if (in.quantizedModels.isEmpty())
        return Text::tr("Add at least one quantized model to compare with (from the runs or a folder).");
    QSet<QString> seen{clean(in.originalModel)};
    for (const QString& q : in.quantizedModels) {
        if (!isModelFolder(q)) return Text::tr("%1: not a model folder (it has no config.json).").arg(q);
        if (seen.contains(clean(q))) return Text::tr("%1 is listed twice; each model is evaluated once.").arg(q);
        seen.insert(clean(q));
    }
    if (in.evalTable.isEmpty()) return Text::tr("Choose the evaluation table.");
    if (!QFileInfo(in.evalTable).isFile()) return Text::tr("%1: file not found.").arg(in.evalTable);
    if (in.promptFile.isEmpty()) return Text::tr("Choose the prompt template.");
    if (!QFileInfo(in.promptFile).isFile()) return Text::tr("%1: file not found.").arg(in.promptFile);
    if (!promptProblem.isEmpty()) return promptProblem;
    if (in.maxNewTokens < 1) return Text::tr("Max new tokens must be at least 1.");
    if (in.outputDir.isEmpty()) return Text::tr("Choose the output folder.");
    if (QFileInfo::exists(in.outputDir)) return Text::tr("%1 already exists; choose a new output folder.").arg(in.outputDir);
    return {};
}

}  // namespace medawq::ui
