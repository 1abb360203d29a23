// The engine thread's worker: runs the core's long calls (the quantize job, the evaluate job,
// model loading and generation) one after another on the thread it was moved to, and reports back by signal.
// It owns the loaded test model, so the GPU (or the CPU's memory) has one user at a time.
// Cancel flags belong to the JobRunner, which sets them from the GUI thread; the core polls
// them through its callbacks (about once a second at worst).
#pragma once

#include "jobtypes.h"

#include <medawq/evaluate.h>
#include <medawq/quantize.h>

#include <QObject>

#include <atomic>
#include <memory>

namespace medawq {
class LanguageModel;
}

namespace medawq::ui {

class EngineWorker : public QObject {
    Q_OBJECT
public:
    EngineWorker(std::atomic<bool>* cancelQuantize, std::atomic<bool>* stopGeneration,
                 std::atomic<bool>* cancelEvaluation);
    ~EngineWorker() override;

public Q_SLOTS:
    void quantize(const medawq::QuantizeParams& params, const QString& logPath);
    void generate(const medawq::ui::GenerationRequest& request);
    void evaluate(const medawq::EvaluateParams& params, const QString& logPath);

Q_SIGNALS:
    void quantizeProgress(const medawq::ui::StageProgress& progress);
    void quantizeLog(const QString& line);
    void quantizeFinished(const medawq::ui::QuantizeOutcome& outcome);
    // `text` holds one or more pieces (batched to about 30 per second); `tokens` counts all so far.
    void generationText(const QString& text, int tokens, double decodeSeconds);
    void generationFinished(const medawq::ui::GenerationOutcome& outcome);
    void evaluationProgress(const medawq::ui::EvaluationProgress& progress);
    void evaluationLog(const QString& line);
    void evaluationFinished(const medawq::ui::EvaluationOutcome& outcome);

private:
    std::atomic<bool>* m_cancelQuantize;
    std::atomic<bool>* m_stopGeneration;
    std::atomic<bool>* m_cancelEvaluation;
    std::unique_ptr<medawq::LanguageModel> m_model;
    QString m_modelKey;  // path|device of m_model
};

}  // namespace medawq::ui

Q_DECLARE_METATYPE(medawq::QuantizeParams)
Q_DECLARE_METATYPE(medawq::EvaluateParams)
