#include "jobrunner.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace medawq::ui {

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    qRegisterMetaType<medawq::QuantizeParams>();
    qRegisterMetaType<StageProgress>();
    qRegisterMetaType<QuantizeOutcome>();
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<GenerationOutcome>();
    qRegisterMetaType<medawq::EvaluateParams>();
    qRegisterMetaType<EvaluationProgress>();
    qRegisterMetaType<EvaluationOutcome>();
    m_thread.setObjectName(QStringLiteral("medawq-engine"));
    // The engine computes at a lower priority than the GUI (nice +5, inherited by libtorch's
    // OpenMP threads, which this thread creates): the window stays responsive while a job keeps
    // every core busy. QThread::setPriority cannot do this on Linux (SCHED_OTHER has one level).
    connect(&m_thread, &QThread::started, this, [] { setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5); },
            Qt::DirectConnection);
    m_worker = new EngineWorker(&m_cancelQuantize, &m_stopGeneration, &m_cancelEvaluation);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &JobRunner::requestQuantize, m_worker, &EngineWorker::quantize, Qt::QueuedConnection);
    connect(this, &JobRunner::requestGeneration, m_worker, &EngineWorker::generate, Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::quantizeProgress, this, &JobRunner::quantizeProgress, Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::quantizeLog, this, &JobRunner::quantizeLog, Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::generationText, this, &JobRunner::generationText, Qt::QueuedConnection);
    connect(this, &JobRunner::requestEvaluation, m_worker, &EngineWorker::evaluate, Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::evaluationProgress, this, &JobRunner::evaluationProgress, Qt::QueuedConnection);
    connect(m_worker, &EngineWorker::evaluationLog, this, &JobRunner::evaluationLog, Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::evaluationFinished, this,
        [this](EvaluationOutcome out) {
            if (out.status == JobStatus::Cancelled && m_cancelClock.isValid())
                out.cancelLatencySeconds = m_cancelClock.elapsed() / 1000.0;
            setJob(Job::None);
            Q_EMIT evaluationFinished(out);
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::quantizeFinished, this,
        [this](QuantizeOutcome out) {
            if (out.status == JobStatus::Cancelled && m_cancelClock.isValid())
                out.cancelLatencySeconds = m_cancelClock.elapsed() / 1000.0;
            setJob(Job::None);
            Q_EMIT quantizeFinished(out);
        },
        Qt::QueuedConnection);
    connect(
        m_worker, &EngineWorker::generationFinished, this,
        [this](const GenerationOutcome& out) {
            setJob(Job::None);
            Q_EMIT generationFinished(out);
        },
        Qt::QueuedConnection);
    m_thread.start();
}

JobRunner::~JobRunner() {
    m_cancelQuantize = true;
    m_stopGeneration = true;
    m_cancelEvaluation = true;
    m_thread.quit();
    m_thread.wait();
}

bool JobRunner::startQuantize(const medawq::QuantizeParams& params, const QString& logPath) {
    if (isBusy()) return false;
    m_cancelQuantize = false;
    m_cancelClock.invalidate();
    setJob(Job::Quantize);
    Q_EMIT requestQuantize(params, logPath);
    return true;
}

bool JobRunner::startGeneration(const GenerationRequest& request) {
    if (isBusy()) return false;
    m_stopGeneration = false;
    setJob(Job::Generate);
    Q_EMIT requestGeneration(request);
    return true;
}

bool JobRunner::startEvaluation(const medawq::EvaluateParams& params, const QString& logPath) {
    if (isBusy()) return false;
    m_cancelEvaluation = false;
    m_cancelClock.invalidate();
    setJob(Job::Evaluate);
    Q_EMIT requestEvaluation(params, logPath);
    return true;
}

void JobRunner::cancel() {
    if (m_job == Job::Quantize && !m_cancelQuantize.exchange(true)) m_cancelClock.start();
    if (m_job == Job::Evaluate && !m_cancelEvaluation.exchange(true)) m_cancelClock.start();
    if (m_job == Job::Generate) m_stopGeneration = true;
}

void JobRunner::setJob(Job job) {
    const bool wasBusy = isBusy();
    m_job = job;
    if (wasBusy != isBusy()) Q_EMIT busyChanged(isBusy());
}

}  // namespace medawq::ui
