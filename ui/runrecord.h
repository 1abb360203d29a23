// One finished run as the Runs page shows it: a quantization, read from the quantization_info.json
// the core's quantize job writes into every output folder (keys: core/jobs/run_info.cpp), or an
// evaluation, read from its results.json through the core's readEvaluationRun.
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <array>

namespace medawq::ui {

enum class RunKind { Quantization, Evaluation };

struct RunRecord {
    RunKind kind = RunKind::Quantization;
    QString folder;             // the run's output folder (absolute)
    QDateTime created;          // UTC, from "created"
    QString modelPath;          // source_model.path
    QString modelName;          // its last path component
    QString architecture;
    QString method;             // "awq" | "rtn"
    QString preset;
    QString device;
    int bits = 0;
    qint64 groupSize = 0;
    bool zeroPoint = false;
    bool fakeQuantized = false;
    int gridSize = 0;
    bool clipSearch = false;
    std::array<double, 5> stageSeconds{};
    double totalSeconds = 0;
    quint64 sizeBytes = 0;      // *.safetensors in the folder
    QString calibrationFile;
    qint64 calibrationRows = 0, calibrationTokens = 0, calibrationBlocks = 0, seqlen = 0;
    double lossRtn = 0, lossAwq = 0;  // mean module-output MSE with s = 1 and with the chosen scales

    // Evaluation runs (modelPath/modelName: the original model; bits, groupSize, method: the first
    // quantized model's; device: the original's; totalSeconds: loading and generating, all models).
    QStringList evaluatedModels;      // the models' labels, the original first
    qint64 cases = 0;
    QString keyMetric;                // the headline F1 shown in the list ("" when none was scored)
    double keyValue = 0;              // of the first quantized model
    double keyDelta = 0;              // its paired change against the original
    bool hasKeyDelta = false;
    QString summary;                  // the core's summary table (formatEvaluationSummary)

    bool isEvaluation() const { return kind == RunKind::Evaluation; }

    bool hasLog() const;
    QString logPath() const;
};

// Reads <folder>/quantization_info.json. On failure returns false with `error` naming the file.
bool readRunRecord(const QString& folder, RunRecord& record, QString* error = nullptr);
// Reads <folder>/results.json of an evaluation run (the core's readEvaluationRun).
bool readEvaluationRecord(const QString& folder, RunRecord& record, QString* error = nullptr);
// Every direct subfolder of `runsDir` that holds a quantization_info.json or (evaluations) a
// results.json, newest first.
// Unreadable ones are skipped and described in `problems`. Plain file I/O: run it off the GUI thread.
QList<RunRecord> scanRuns(const QString& runsDir, QStringList* problems = nullptr);

}  // namespace medawq::ui

Q_DECLARE_METATYPE(medawq::ui::RunRecord)
