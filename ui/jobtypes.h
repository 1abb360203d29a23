// Value types that cross from the engine thread to the GUI thread by queued signal.
#pragma once

#include "runrecord.h"

#include <QMetaType>
#include <QString>

#include <array>

namespace medawq::ui {

// One progress report of the quantize job, already throttled to about 10 per second.
struct StageProgress {
    int stage = 0;              // medawq::QuantizeStage as int, 0..4
    double fraction = 0;        // of the stage
    int layer = 0, layers = 0;  // 1-based; 0 when the stage has no layers
    double elapsed = 0;         // seconds in this stage (the core's clock)
    double eta = -1;            // seconds, -1 unknown
    QString message;
};

enum class JobStatus { Succeeded, Failed, Cancelled };

struct QuantizeOutcome {
    JobStatus status = JobStatus::Failed;
    QString outputPath;
    QString error;              // medawq::Error's "<file>: <problem>", or the exception text
    QString logPath;            // the run's log (in the output folder when it succeeded)
    std::array<double, 5> stageSeconds{};
    double wallSeconds = 0;
    double meanLossRtn = 0, meanLossAwq = 0;
    qint64 calibrationTokens = 0, calibrationBlocks = 0;
    double cancelLatencySeconds = -1;  // from the cancel request to the job's end
    RunRecord record;                  // the finished run as the Runs page lists it (read off the GUI thread)
};

struct GenerationRequest {
    QString modelPath;
    QString device = QStringLiteral("cpu");
    QString prompt;
    int maxNewTokens = 256;
    bool chatFormat = true;
};

struct GenerationOutcome {
    JobStatus status = JobStatus::Failed;  // Cancelled: stopped by the user (text so far kept)
    QString error;
    QString device, dtype;
    int promptTokens = 0, newTokens = 0;
    double loadSeconds = 0;     // 0 when the model was already loaded
    double prefillSeconds = 0, decodeSeconds = 0;
    double decodeTokensPerSecond = 0;
};

// One progress report of the evaluate job (throttled like StageProgress). `model` is 1-based
// during a model's stages (load, generate, speed) and 0 for the shared ones (prepare, score, save).
struct EvaluationProgress {
    int stage = 0;              // medawq::EvaluateStage as int, 0..5
    int model = 0, models = 0;
    QString modelLabel;         // the model's label ("FP16", "AWQ W4 g128") once loaded, else its path
    qint64 done = 0, total = 0; // cases, prompts, ...; total <= 0 when unknown
    double elapsed = 0;         // seconds in this model's stages (or the shared stage)
    double eta = -1;            // seconds, -1 unknown
    QString message;
};

struct EvaluationOutcome {
    JobStatus status = JobStatus::Failed;
    QString runDir;             // the finished run folder (Succeeded)
    QString error;              // "<file>: <problem>" (Failed)
    QString logPath;
    double wallSeconds = 0;
    double cancelLatencySeconds = -1;
};

}  // namespace medawq::ui

Q_DECLARE_METATYPE(medawq::ui::StageProgress)
Q_DECLARE_METATYPE(medawq::ui::EvaluationProgress)
Q_DECLARE_METATYPE(medawq::ui::EvaluationOutcome)
Q_DECLARE_METATYPE(medawq::ui::QuantizeOutcome)
Q_DECLARE_METATYPE(medawq::ui::GenerationRequest)
Q_DECLARE_METATYPE(medawq::ui::GenerationOutcome)
