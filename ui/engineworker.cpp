#include "engineworker.h"

#include "runsfolder.h"

#include <medawq/errors.h>
#include <medawq/generation.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>


namespace medawq::ui {

namespace {

// The run's log file: every line the job logs, with a timestamp, flushed as it comes so that
// "Open log" shows everything up to a failure.
class RunLog {
public:
    explicit RunLog(const QString& path) : m_file(path) {
        if (!path.isEmpty() && m_file.open(QIODevice::WriteOnly | QIODevice::Text | QIODevice::Truncate))
            m_stream.setDevice(&m_file);
    }
    void write(const QString& line) {
        if (!m_file.isOpen()) return;
        m_stream << QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz ")) << line << '\n';
        m_stream.flush();
    }
    void close() {
        m_stream.flush();
        m_file.close();
    }

private:
    QFile m_file;
    QTextStream m_stream;
};

QString errorText(const std::exception& e) { return QString::fromUtf8(e.what()).trimmed(); }

// Runs a job's body; the core's exceptions become the outcome's status and message.
template <typename Outcome, typename Body>
void capture(Outcome& out, Body&& body) {
    try {
        body();
        out.status = JobStatus::Succeeded;
    } catch (const medawq::Cancelled&) {
        out.status = JobStatus::Cancelled;
        out.error = QStringLiteral("cancelled");
    } catch (const medawq::Error& e) {
        out.error = errorText(e);
    } catch (const std::bad_alloc&) {
        out.error = QStringLiteral("out of memory (std::bad_alloc)");
    } catch (const std::exception& e) {
        // libtorch's own errors (CUDA out of memory among them) arrive here.
        out.error = errorText(e);
    }
}

// Ends the job's log with its outcome; a finished job keeps its log in its output folder under
// `keptName` (the live copy goes).
template <typename Outcome>
void finishLog(RunLog& log, Outcome& out, double wallSeconds, const QString& liveLog, const QString& folder,
               const char* keptName) {
    out.wallSeconds = wallSeconds;
    log.write(out.status == JobStatus::Succeeded ? QStringLiteral("finished in %1 s").arg(out.wallSeconds, 0, 'f', 1)
              : out.status == JobStatus::Cancelled ? QStringLiteral("cancelled")
                                                   : QStringLiteral("failed: ") + out.error);
    log.close();
    if (out.status != JobStatus::Succeeded || liveLog.isEmpty()) return;
    const QString kept = folder + QLatin1Char('/') + QLatin1String(keptName);
    QFile::remove(kept);
    if (QFile::copy(liveLog, kept)) {
        QFile::remove(liveLog);
        out.logPath = kept;
    }
}

}  // namespace

EngineWorker::EngineWorker(std::atomic<bool>* cancelQuantize, std::atomic<bool>* stopGeneration,
                           std::atomic<bool>* cancelEvaluation)
    : m_cancelQuantize(cancelQuantize), m_stopGeneration(stopGeneration), m_cancelEvaluation(cancelEvaluation) {}

EngineWorker::~EngineWorker() = default;

void EngineWorker::quantize(const medawq::QuantizeParams& params, const QString& logPath) {
    m_model.reset();  // the job gets the memory a loaded test model held
    m_modelKey.clear();
    QuantizeOutcome out;
    out.logPath = logPath;
    RunLog log(logPath);
    log.write(QStringLiteral("quantize %1 -> %2 (%3, %4-bit, group %5, device %6)")
                  .arg(QString::fromStdString(params.modelPath), QString::fromStdString(params.outputPath),
                       QString::fromStdString(params.method))
                  .arg(params.bits)
                  .arg(params.groupSize)
                  .arg(QString::fromStdString(params.device)));
    QElapsedTimer wall;
    wall.start();
    QElapsedTimer sinceEmit;
    int lastStage = -1, lastLayer = -1;
    auto progress = [&](const medawq::QuantizeProgress& p) {
        if (m_cancelQuantize->load()) return false;
        // Throttle to about 10 reports a second, but never drop a new stage, a new layer or an end.
        const bool step = int(p.stage) != lastStage || p.layer != lastLayer || p.fraction >= 1.0;
        if (step || !sinceEmit.isValid() || sinceEmit.elapsed() >= 100) {
            lastStage = int(p.stage);
            lastLayer = p.layer;
            sinceEmit.start();
            Q_EMIT quantizeProgress(StageProgress{int(p.stage), p.fraction, p.layer, p.layers, p.stageElapsed,
                                                  p.etaSeconds, QString::fromStdString(p.message)});
        }
        return !m_cancelQuantize->load();
    };
    auto logLine = [&](const std::string& s) {
        const QString line = QString::fromStdString(s);
        log.write(line);
        Q_EMIT quantizeLog(line);
    };
    capture(out, [&] {
        const medawq::QuantizeSummary s = medawq::runQuantize(params, progress, logLine);
        out.outputPath = QString::fromStdString(s.outputPath);
        out.stageSeconds = s.stageSeconds;
        out.meanLossRtn = s.meanLossRtn;
        out.meanLossAwq = s.meanLossAwq;
        out.calibrationTokens = s.calibrationTokens;
        out.calibrationBlocks = s.calibrationBlocks;
    });
    finishLog(log, out, wall.elapsed() / 1000.0, logPath, out.outputPath, kRunLogFileName);
    if (out.status == JobStatus::Succeeded) readRunRecord(out.outputPath, out.record);
    Q_EMIT quantizeFinished(out);
}

void EngineWorker::generate(const GenerationRequest& r) {
    GenerationOutcome out;
    try {
        const QString key = r.modelPath + QLatin1Char('|') + r.device;
        if (!m_model || key != m_modelKey) {
            m_model.reset();
            m_modelKey.clear();
            QElapsedTimer load;
            load.start();
            medawq::LoadOptions lo;
            lo.device = r.device.toStdString();
            lo.progress = [this](int, int) { return !m_stopGeneration->load(); };
            m_model = medawq::LanguageModel::load(r.modelPath.toStdString(), lo);
            m_modelKey = key;
            out.loadSeconds = load.elapsed() / 1000.0;
        }
        out.device = QString::fromStdString(m_model->device());
        out.dtype = QString::fromStdString(m_model->dtype());
        const std::string prompt = r.chatFormat ? m_model->chatPrompt(r.prompt.toStdString()) : r.prompt.toStdString();
        medawq::GenerationOptions go;
        go.maxNewTokens = r.maxNewTokens;
        go.greedy = true;
        // Pieces are batched so that a fast model does not flood the GUI thread with signals.
        std::string pending;
        int tokens = 0;
        QElapsedTimer sinceFlush, decode;
        auto flush = [&] {
            Q_EMIT generationText(QString::fromStdString(pending), tokens, decode.isValid() ? decode.elapsed() / 1000.0 : 0.0);
            pending.clear();
            sinceFlush.start();
        };
        const medawq::GenerationResult g = m_model->generate(prompt, go, [&](const std::string& piece) {
            if (!decode.isValid()) decode.start();  // the first piece arrives after the prefill
            ++tokens;
            pending += piece;
            if (!sinceFlush.isValid() || sinceFlush.elapsed() >= 33) flush();
            return !m_stopGeneration->load();
        });
        if (!pending.empty()) flush();
        out.status = g.stoppedByCallback ? JobStatus::Cancelled : JobStatus::Succeeded;
        out.promptTokens = int(g.promptIds.size());
        out.newTokens = int(g.newIds.size());
        out.prefillSeconds = g.prefillSeconds;
        out.decodeSeconds = g.decodeSeconds;
        out.decodeTokensPerSecond = g.decodeTokensPerSecond();
    } catch (const medawq::Cancelled&) {
        out.status = JobStatus::Cancelled;
    } catch (const std::exception& e) {
        m_model.reset();
        m_modelKey.clear();
        out.error = errorText(e);
    }
    Q_EMIT generationFinished(out);
}

void EngineWorker::evaluate(const medawq::EvaluateParams& params, const QString& logPath) {
    m_model.reset();  // the job loads each model itself, one at a time; a test model would only take memory
    m_modelKey.clear();
    EvaluationOutcome out;
    out.logPath = logPath;
    RunLog log(logPath);
    QStringList quantized;
    for (const std::string& q : params.quantizedModels) quantized << QString::fromStdString(q);
    log.write(QStringLiteral("evaluate %1 vs %2 on %3 -> %4")
                  .arg(QString::fromStdString(params.originalModel), quantized.join(QStringLiteral(", ")),
                       QString::fromStdString(params.evalDataPath), QString::fromStdString(params.outputDir)));
    QElapsedTimer wall;
    wall.start();
    QElapsedTimer sinceEmit;
    int lastStage = -1, lastModel = -1;
    auto progress = [&](const medawq::EvaluateProgress& p) {
        if (m_cancelEvaluation->load()) return false;
        // About 10 reports a second (the job reports every token); a new stage, a new model or
        // a finished count always goes through so that no row is left behind.
        const bool step = int(p.stage) != lastStage || p.model != lastModel || (p.total > 0 && p.done >= p.total);
        if (step || !sinceEmit.isValid() || sinceEmit.elapsed() >= 100) {
            lastStage = int(p.stage);
            lastModel = p.model;
            sinceEmit.start();
            Q_EMIT evaluationProgress(EvaluationProgress{int(p.stage), p.model, p.models,
                                                         QString::fromStdString(p.modelLabel), qint64(p.done),
                                                         qint64(p.total), p.elapsedSeconds, p.etaSeconds,
                                                         QString::fromStdString(p.message)});
        }
        return !m_cancelEvaluation->load();
    };
    auto logLine = [&](const std::string& s) {
        const QString line = QString::fromStdString(s);
        log.write(line);
        Q_EMIT evaluationLog(line);
    };
    capture(out, [&] {
        const nlohmann::json results = medawq::runEvaluate(params, progress, logLine);
        out.runDir = QString::fromStdString(params.outputDir);
    });
    finishLog(log, out, wall.elapsed() / 1000.0, logPath, out.runDir, kEvaluationLogFileName);
    Q_EMIT evaluationFinished(out);
}

}  // namespace medawq::ui
