// The GUI side of the engine thread: owns the QThread and its EngineWorker, starts one job at a
// time by queued signal, and cancels by flipping an atomic the core polls through its callbacks.
// Everything here is called on the GUI thread and returns at once.
#pragma once

#include "engineworker.h"
#include "jobtypes.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>

#include <atomic>

namespace medawq::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    enum class Job { None, Quantize, Generate, Evaluate };

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;  // cancels what runs and waits for the engine thread (about a second)

    Job currentJob() const { return m_job; }
    bool isBusy() const { return m_job != Job::None; }
    // Both return false (and start nothing) while another job runs.
    bool startQuantize(const medawq::QuantizeParams& params, const QString& logPath);
    bool startGeneration(const GenerationRequest& request);
    bool startEvaluation(const medawq::EvaluateParams& params, const QString& logPath);
    void cancel();

Q_SIGNALS:
    void busyChanged(bool busy);
    void quantizeProgress(const medawq::ui::StageProgress& progress);
    void quantizeLog(const QString& line);
    void quantizeFinished(const medawq::ui::QuantizeOutcome& outcome);
    void generationText(const QString& text, int tokens, double decodeSeconds);
    void generationFinished(const medawq::ui::GenerationOutcome& outcome);
    void evaluationProgress(const medawq::ui::EvaluationProgress& progress);
    void evaluationLog(const QString& line);
    void evaluationFinished(const medawq::ui::EvaluationOutcome& outcome);

    // To the worker (queued).
    void requestQuantize(const medawq::QuantizeParams& params, const QString& logPath);
    void requestGeneration(const medawq::ui::GenerationRequest& request);
    void requestEvaluation(const medawq::EvaluateParams& params, const QString& logPath);

private:
    void setJob(Job job);

    QThread m_thread;
    EngineWorker* m_worker = nullptr;
    std::atomic<bool> m_cancelQuantize{false};
    std::atomic<bool> m_stopGeneration{false};
    std::atomic<bool> m_cancelEvaluation{false};
    Job m_job = Job::None;
    QElapsedTimer m_cancelClock;
};

}  // namespace medawq::ui
