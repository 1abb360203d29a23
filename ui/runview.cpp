#include "runview.h"

#include "failurehint.h"
#include "formatting.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFontDatabase>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSysInfo>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace medawq::ui {

namespace {
QFrame* resultFrame(QWidget* parent, const char* border) {
    auto* f = new QFrame(parent);
    f->setFrameShape(QFrame::StyledPanel);
    f->setObjectName(QStringLiteral("resultFrame"));
    f->setStyleSheet(QStringLiteral("QFrame#resultFrame { border: 1px solid %1; border-radius: 4px; }").arg(QLatin1String(border)));
    f->hide();
    return f;
}
}  // namespace

RunView::RunView(QWidget* parent) : QWidget(parent) {
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    m_empty = new QLabel(this);
    m_empty->setWordWrap(true);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("runTitle"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_settings = new QLabel(this);
    m_settings->setWordWrap(true);
    m_settings->setStyleSheet(QStringLiteral("color: #5f6368;"));

    m_stagesBox = new QWidget(this);
    auto* grid = new QGridLayout(m_stagesBox);
    grid->setColumnStretch(2, 1);
    grid->setHorizontalSpacing(16);
    for (int i = 0; i < 5; ++i) m_rows.push_back(std::make_unique<StageRow>(i, grid, i, m_stagesBox));

    m_heartbeat = new QLabel(this);
    m_heartbeat->setObjectName(QStringLiteral("heartbeat"));
    // Its text changes every second; its width must not move the layout.
    m_heartbeat->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelRun"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(m_heartbeat, 1);
    controls->addWidget(m_cancel);

    m_failureBox = resultFrame(this, "#b3261e");
    m_failureTitle = new QLabel(m_failureBox);
    m_failureTitle->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
    m_failureMessage = new QLabel(m_failureBox);
    m_failureMessage->setObjectName(QStringLiteral("failureMessage"));
    m_failureMessage->setWordWrap(true);
    m_failureMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_failureHint = new QLabel(m_failureBox);
    m_failureHint->setObjectName(QStringLiteral("failureHint"));
    m_failureHint->setWordWrap(true);
    m_openLog = new QPushButton(m_failureBox);
    m_openLog->setObjectName(QStringLiteral("openLog"));
    m_copyDiagnostics = new QPushButton(m_failureBox);
    m_copyDiagnostics->setObjectName(QStringLiteral("copyDiagnostics"));
    auto* failureButtons = new QHBoxLayout;
    failureButtons->addStretch(1);
    failureButtons->addWidget(m_openLog);
    failureButtons->addWidget(m_copyDiagnostics);
    auto* failureLayout = new QVBoxLayout(m_failureBox);
    failureLayout->addWidget(m_failureTitle);
    failureLayout->addWidget(m_failureMessage);
    failureLayout->addWidget(m_failureHint);
    failureLayout->addLayout(failureButtons);

    m_doneBox = resultFrame(this, "#188038");
    m_doneText = new QLabel(m_doneBox);
    m_doneText->setObjectName(QStringLiteral("resultText"));
    m_doneText->setWordWrap(true);
    m_doneText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openFolder = new QPushButton(m_doneBox);
    m_testModel = new QPushButton(m_doneBox);
    m_testModel->setObjectName(QStringLiteral("testThisModel"));
    auto* doneButtons = new QHBoxLayout;
    doneButtons->addStretch(1);
    doneButtons->addWidget(m_openFolder);
    doneButtons->addWidget(m_testModel);
    auto* doneLayout = new QVBoxLayout(m_doneBox);
    doneLayout->addWidget(m_doneText);
    doneLayout->addLayout(doneButtons);

    m_logLabel = new QLabel(this);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(20000);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_empty);
    layout->addWidget(m_title);
    layout->addWidget(m_settings);
    layout->addWidget(m_stagesBox);
    layout->addLayout(controls);
    layout->addWidget(m_failureBox);
    layout->addWidget(m_doneBox);
    layout->addWidget(m_logLabel);
    layout->addWidget(m_log, 1);

    m_ticker = new QTimer(this);
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &RunView::tick);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancelling = true;
        retranslateUi();
        Q_EMIT cancelRequested();
    });
    connect(m_openLog, &QPushButton::clicked, this, &RunView::openLog);
    connect(m_copyDiagnostics, &QPushButton::clicked, this, &RunView::copyDiagnostics);
    connect(m_openFolder, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_outputFolder)); });
    connect(m_testModel, &QPushButton::clicked, this, [this] { Q_EMIT testModelRequested(m_outputFolder); });
    retranslateUi();
}

RunView::~RunView() = default;

void RunView::startLive(const medawq::QuantizeParams& params, const QString& logPath) {
    m_mode = Mode::Live;
    m_params = params;
    m_record = RunRecord{};
    m_outcome = QuantizeOutcome{};
    m_logPath = logPath;
    m_outputFolder = QString::fromStdString(params.outputPath);
    m_cancelling = false;
    for (auto& row : m_rows) row->reset();
    m_log->clear();
    m_wall.start();
    m_lastProgress.start();
    m_ticker->start();
    retranslateUi();
}

void RunView::showRecord(const RunRecord& record) {
    m_ticker->stop();
    m_mode = Mode::Finished;
    m_record = record;
    m_outcome = QuantizeOutcome{};
    m_outcome.status = JobStatus::Succeeded;
    m_outcome.stageSeconds = record.stageSeconds;
    m_outcome.outputPath = record.folder;
    m_outcome.meanLossRtn = record.lossRtn;
    m_outcome.meanLossAwq = record.lossAwq;
    m_wallSeconds = record.totalSeconds;
    m_outputFolder = record.folder;
    m_logPath = record.logPath();
    for (size_t i = 0; i < 5; ++i) m_rows[i]->finish(record.stageSeconds[i]);
    m_log->clear();
    QFile log(m_logPath);
    if (log.open(QIODevice::ReadOnly | QIODevice::Text)) m_log->setPlainText(QString::fromUtf8(log.readAll()));
    retranslateUi();
}

void RunView::onProgress(const StageProgress& p) {
    if (m_mode != Mode::Live || p.stage < 0 || p.stage > 4) return;
    m_rows[size_t(p.stage)]->report(p.fraction, p.layer, p.layers, p.elapsed, p.eta);
    m_lastProgress.restart();
    m_heartbeat->setText(heartbeatText());
}

void RunView::onLog(const QString& line) {
    if (m_mode == Mode::Live) m_log->appendPlainText(line);
}

void RunView::onFinished(const QuantizeOutcome& out) {
    if (m_mode != Mode::Live) return;
    m_ticker->stop();
    m_outcome = out;
    m_wallSeconds = out.wallSeconds;
    m_logPath = out.logPath;
    if (out.status == JobStatus::Succeeded) {
        m_mode = Mode::Finished;
        for (size_t i = 0; i < 5; ++i) m_rows[i]->finish(out.stageSeconds[i]);
        m_record = out.record;
    } else {
        m_mode = out.status == JobStatus::Cancelled ? Mode::Cancelled : Mode::Failed;
        for (auto& row : m_rows)
            if (row->state() == StageRow::State::Running)
                row->setState(out.status == JobStatus::Cancelled ? StageRow::State::Cancelled : StageRow::State::Failed);
        m_log->appendPlainText(out.status == JobStatus::Cancelled ? tr("Cancelled: nothing was written to %1.").arg(m_outputFolder)
                                                                  : tr("Failed: %1").arg(out.error));
    }
    retranslateUi();
}

void RunView::tick() {
    for (auto& row : m_rows) row->tick();
    m_heartbeat->setText(heartbeatText());
}

QString RunView::heartbeatText() const {
    if (m_mode != Mode::Live) return {};
    const double since = m_lastProgress.elapsed() / 1000.0;
    return tr("Last progress %1 ago · %2 in total").arg(formatSeconds(since), formatSeconds(m_wall.elapsed() / 1000.0));
}

QString RunView::failureMessage() const { return m_mode == Mode::Failed ? m_outcome.error : QString(); }
QString RunView::failureHintText() const { return m_mode == Mode::Failed ? failureHint(m_outcome.error) : QString(); }
QString RunView::resultText() const { return m_doneText->text(); }
QString RunView::logText() const { return m_log->toPlainText(); }

QString RunView::settingsSummary() const {
    const medawq::QuantizeParams& p = m_params;
    if (m_mode == Mode::Finished && !m_record.folder.isEmpty()) {
        const RunRecord& r = m_record;
        QString s = tr("%1, %2 bit, group %3, %4, preset %5, on %6")
                        .arg(r.method.toUpper())
                        .arg(r.bits)
                        .arg(r.groupSize)
                        .arg(r.zeroPoint ? tr("zero point") : tr("symmetric"), r.preset, r.device);
        if (r.method == QLatin1String("awq"))
            s += tr("; calibration %1: %2 rows, %3 blocks of %4 tokens")
                     .arg(r.calibrationFile, formatCount(r.calibrationRows), formatCount(r.calibrationBlocks), formatCount(r.seqlen));
        return s;
    }
    QString s = tr("%1, %2 bit, group %3, %4, preset %5, on %6")
                    .arg(QString::fromStdString(p.method).toUpper())
                    .arg(p.bits)
                    .arg(p.groupSize)
                    .arg(p.zeroPoint ? tr("zero point") : tr("symmetric"), QString::fromStdString(p.preset),
                         QString::fromStdString(p.device));
    if (p.method == "awq")
        s += tr("; calibration %1: %2 samples, sequences of %3 tokens")
                 .arg(QFileInfo(QString::fromStdString(p.calibrationPath)).fileName(), formatCount(p.numSamples),
                      formatCount(p.seqlen));
    return s;
}

QString RunView::diagnostics() const {
    QStringList d;
    d << QStringLiteral("MedAWQ Workbench %1 (Qt %2) on %3 (%4)")
             .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()), QSysInfo::prettyProductName(),
                  QSysInfo::currentCpuArchitecture());
    d << QStringLiteral("model: %1").arg(QString::fromStdString(m_params.modelPath));
    d << QStringLiteral("output: %1").arg(m_outputFolder);
    d << QStringLiteral("calibration: %1, columns %2, template '%3', samples %4, seqlen %5, max blocks %6, seed %7, chat %8")
             .arg(QString::fromStdString(m_params.calibrationPath))
             .arg(QString::fromStdString([&] {
                 std::string c;
                 for (const std::string& s : m_params.textColumns) c += (c.empty() ? "" : ",") + s;
                 return c;
             }()))
             .arg(QString::fromStdString(m_params.promptFile))
             .arg(m_params.numSamples)
             .arg(m_params.seqlen)
             .arg(m_params.maxBlocks)
             .arg(m_params.seed)
             .arg(m_params.chatTemplate);
    d << QStringLiteral("settings: method %1, bits %2, group %3, zero point %4, grid %5, clip %6, device %7, preset %8")
             .arg(QString::fromStdString(m_params.method))
             .arg(m_params.bits)
             .arg(m_params.groupSize)
             .arg(m_params.zeroPoint)
             .arg(m_params.gridSize)
             .arg(m_params.clipSearch)
             .arg(QString::fromStdString(m_params.device), QString::fromStdString(m_params.preset));
    for (int i = 0; i < 5; ++i)
        d << QStringLiteral("stage %1: %2 %3").arg(i + 1).arg(StageRow::stateText(m_rows[size_t(i)]->state()), m_rows[size_t(i)]->elapsedText());
    d << QStringLiteral("error: %1").arg(m_outcome.error);
    d << QStringLiteral("log: %1").arg(m_logPath);
    const QStringList log = m_log->toPlainText().split(QLatin1Char('\n'));
    d << QStringLiteral("--- last %1 log lines ---").arg(qMin(40, int(log.size())));
    d << log.mid(qMax(0, int(log.size()) - 40));
    return d.join(QLatin1Char('\n'));
}

void RunView::copyDiagnostics() { QApplication::clipboard()->setText(diagnostics()); }

void RunView::openLog() {
    if (!m_logPath.isEmpty()) QDesktopServices::openUrl(QUrl::fromLocalFile(m_logPath));
}

void RunView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void RunView::retranslateUi() {
    m_heading->setText(tr("Run"));
    m_empty->setText(tr("No run yet. When the Model, Calibration data and Quantization settings pages show no "
                        "problem, press Run (Ctrl+R); the five stages then show here as they happen."));
    const bool any = m_mode != Mode::Empty;
    m_empty->setVisible(!any);
    for (QWidget* w : {static_cast<QWidget*>(m_title), static_cast<QWidget*>(m_settings), m_stagesBox,
                       static_cast<QWidget*>(m_logLabel), static_cast<QWidget*>(m_log)})
        w->setVisible(any);
    const QString model = m_mode == Mode::Finished && !m_record.folder.isEmpty() ? m_record.modelPath
                                                                                : QString::fromStdString(m_params.modelPath);
    m_title->setText(tr("%1 → %2").arg(model, m_outputFolder));
    m_settings->setText(any ? settingsSummary() : QString());
    for (auto& row : m_rows) row->retranslateUi();
    m_heartbeat->setText(heartbeatText());
    m_cancel->setVisible(m_mode == Mode::Live);
    m_cancel->setEnabled(!m_cancelling);
    m_cancel->setText(m_cancelling ? tr("Cancelling…") : tr("&Cancel"));
    m_cancel->setToolTip(tr("Stops the run within about a second; nothing is written (Ctrl+.)"));

    m_failureBox->setVisible(m_mode == Mode::Failed);
    m_failureTitle->setText(tr("The run failed"));
    m_failureMessage->setText(failureMessage());
    m_failureHint->setText(failureHintText().isEmpty() ? QString() : tr("What to try: %1").arg(failureHintText()));
    m_openLog->setText(tr("Open &log"));
    m_openLog->setEnabled(QFileInfo::exists(m_logPath));
    m_copyDiagnostics->setText(tr("Copy &diagnostics"));

    m_doneBox->setVisible(m_mode == Mode::Finished || m_mode == Mode::Cancelled);
    const QString doneStyle = QStringLiteral("QFrame#resultFrame { border: 1px solid %1; border-radius: 4px; }")
                                  .arg(m_mode == Mode::Cancelled ? QLatin1String("#b06000") : QLatin1String("#188038"));
    if (m_doneBox->styleSheet() != doneStyle) m_doneBox->setStyleSheet(doneStyle);
    m_openFolder->setVisible(m_mode == Mode::Finished);
    m_testModel->setVisible(m_mode == Mode::Finished);
    if (m_mode == Mode::Cancelled) {
        m_doneText->setText(tr("Cancelled after %1 (took effect in %2); nothing was written to %3.")
                                .arg(formatSeconds(m_wallSeconds), formatSeconds(qMax(0.0, m_outcome.cancelLatencySeconds)),
                                     m_outputFolder));
    } else if (m_mode == Mode::Finished) {
        QStringList lines;
        lines << tr("Saved to %1: %2 of weights on disk.").arg(m_outputFolder, formatBytes(m_record.sizeBytes));
        const auto& s = m_outcome.stageSeconds;
        lines << tr("Took %1 in total: load %2, calibration %3, statistics %4, quantization %5, save %6.")
                     .arg(formatSeconds(m_wallSeconds), formatSeconds(s[0]), formatSeconds(s[1]), formatSeconds(s[2]),
                          formatSeconds(s[3]), formatSeconds(s[4]));
        if (m_outcome.meanLossRtn > 0 && m_outcome.meanLossAwq > 0 && m_record.method == QLatin1String("awq"))
            lines << tr("Mean module output error (MSE): %1 with plain rounding, %2 with AWQ's scales (%3 % lower).")
                         .arg(QLocale().toString(m_outcome.meanLossRtn, 'g', 4), QLocale().toString(m_outcome.meanLossAwq, 'g', 4),
                              QLocale().toString(100.0 * (1.0 - m_outcome.meanLossAwq / m_outcome.meanLossRtn), 'f', 1));
        m_doneText->setText(lines.join(QLatin1Char('\n')));
    } else {
        m_doneText->clear();
    }
    m_openFolder->setText(tr("Open &folder"));
    m_testModel->setText(tr("&Test this model"));
    m_logLabel->setText(m_logPath.isEmpty() ? tr("Log") : tr("Log (%1)").arg(m_logPath));
}

}  // namespace medawq::ui
