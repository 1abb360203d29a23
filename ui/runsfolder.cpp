#include "runsfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace medawq::ui {

QString runsDirectory() {
    QString dir = qEnvironmentVariable("MEDAWQ_RUNS_DIR");
    if (dir.isEmpty()) dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
    QDir().mkpath(dir);
    return QDir::cleanPath(dir);
}

QString logsDirectory() {
    const QString dir = runsDirectory() + QStringLiteral("/.logs");
    QDir().mkpath(dir);
    return dir;
}

QString suggestRunFolder(const QString& modelDir, const QString& method, int bits, qint64 groupSize,
                         const QDateTime& when) {
    QString model = QFileInfo(QDir::cleanPath(modelDir)).fileName();
    if (model.isEmpty()) model = QStringLiteral("model");
    const QString base = QStringLiteral("%1/%2-%3-w%4-g%5-%6")
                             .arg(runsDirectory(), model, method.toLower())
                             .arg(bits)
                             .arg(groupSize)
                             .arg(when.toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QString candidate = base;
    for (int n = 2; QFileInfo::exists(candidate); ++n) candidate = base + QStringLiteral("-%1").arg(n);
    return candidate;
}

QString suggestEvaluationFolder(const QString& originalModelDir, const QDateTime& when) {
    QString model = QFileInfo(QDir::cleanPath(originalModelDir)).fileName();
    if (model.isEmpty()) model = QStringLiteral("model");
    const QString base = QStringLiteral("%1/eval-%2-%3")
                             .arg(runsDirectory(), model, when.toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QString candidate = base;
    for (int n = 2; QFileInfo::exists(candidate); ++n) candidate = base + QStringLiteral("-%1").arg(n);
    return candidate;
}

}  // namespace medawq::ui
