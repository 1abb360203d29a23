// Where quantization runs live: one folder per run under the runs folder, so that every finished
// run survives a crash of the workbench and the Runs page can list them from disk.
// The runs folder is $MEDAWQ_RUNS_DIR when set (tests), else <AppDataLocation>/runs.
#pragma once

#include <QDateTime>
#include <QString>

namespace medawq::ui {

QString runsDirectory();
// Live logs of runs in progress or failed (a finished run keeps its log as quantize.log).
QString logsDirectory();
// "<runs>/<model>-awq-w4-g128-20250102-153000", made unique with "-2", "-3" if taken.
QString suggestRunFolder(const QString& modelDir, const QString& method, int bits, qint64 groupSize,
                         const QDateTime& when = QDateTime::currentDateTime());
// "<runs>/eval-<model>-20250102-153000": an evaluation run folder, unique like the above.
QString suggestEvaluationFolder(const QString& originalModelDir, const QDateTime& when = QDateTime::currentDateTime());
// The file name a finished run keeps its log under.
inline constexpr const char* kRunLogFileName = "quantize.log";
inline constexpr const char* kEvaluationLogFileName = "evaluate.log";

}  // namespace medawq::ui
