#include "testpanel.h"

#include "formatting.h"
#include "jobrunner.h"
#include "preferences.h"
#include "problemlabel.h"
#include "runrecord.h"

#include <medawq/devices.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextCursor>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace medawq::ui {

TestPanel::TestPanel(JobRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner) {
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);

    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("testModel"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_modelInfo = new QLabel(this);
    m_modelInfo->setObjectName(QStringLiteral("testModelInfo"));
    m_modelInfo->setWordWrap(true);
    m_modelInfo->setStyleSheet(QStringLiteral("color: #5f6368;"));
    m_device = new QComboBox(this);
    for (const medawq::ComputeDevice& d : medawq::computeDevices()) m_device->addItem(QString::fromStdString(d.name));
    m_maxNewTokens = new QSpinBox(this);
    m_maxNewTokens->setObjectName(QStringLiteral("maxNewTokens"));
    m_maxNewTokens->setRange(1, 8192);
    m_maxNewTokens->setValue(prefs::testMaxNewTokens.value());
    m_chat = new QCheckBox(this);
    m_chat->setChecked(prefs::testChatFormat.value());
    m_modelLabel = new QLabel(this);
    m_deviceLabel = new QLabel(this);
    m_tokensLabel = new QLabel(this);
    auto* options = new QHBoxLayout;
    options->addWidget(m_deviceLabel);
    options->addWidget(m_device);
    options->addSpacing(16);
    options->addWidget(m_tokensLabel);
    options->addWidget(m_maxNewTokens);
    options->addSpacing(16);
    options->addWidget(m_chat);
    options->addStretch(1);
    auto* form = new QFormLayout;
    form->addRow(m_modelLabel, m_model);
    form->addRow(QString(), m_modelInfo);

    m_promptLabel = new QLabel(this);
    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("testPrompt"));
    m_prompt->setPlainText(prefs::testPrompt.value());
    m_generate = new QPushButton(this);
    m_generate->setObjectName(QStringLiteral("generate"));
    m_stop = new QPushButton(this);
    m_stop->setObjectName(QStringLiteral("stopGeneration"));
    m_problem = new ProblemLabel(this);
    m_problem->setObjectName(QStringLiteral("testProblem"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_problem, 1);
    buttons->addWidget(m_generate, 0, Qt::AlignRight);
    buttons->addWidget(m_stop, 0, Qt::AlignRight);

    m_outputLabel = new QLabel(this);
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("testOutput"));
    m_output->setReadOnly(true);
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("testStats"));
    m_stats->setWordWrap(true);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addLayout(options);
    layout->addWidget(m_promptLabel);
    layout->addWidget(m_prompt, 2);
    layout->addLayout(buttons);
    layout->addWidget(m_outputLabel);
    layout->addWidget(m_output, 3);
    layout->addWidget(m_stats);

    connect(m_model, &QComboBox::currentTextChanged, this, [this] { inspect(); });
    connect(&m_watcher, &QFutureWatcher<Inspection>::finished, this, [this] {
        const Inspection r = m_watcher.result();
        if (r.dir != modelPath()) return;
        m_inspectedDir = r.dir;
        m_info = r.info;
        m_inspectError = r.error;
        retranslateUi();
    });
    // The prompt is saved when it is used and when the page goes, not per keystroke.
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] { retranslateUi(); });
    connect(m_maxNewTokens, &QSpinBox::valueChanged, this, [](int v) { prefs::testMaxNewTokens.setValue(v); });
    connect(m_chat, &QCheckBox::toggled, this, [](bool on) { prefs::testChatFormat.setValue(on); });
    connect(m_generate, &QPushButton::clicked, this, &TestPanel::generate);
    connect(m_stop, &QPushButton::clicked, this, &TestPanel::stop);
    connect(m_runner, &JobRunner::busyChanged, this, [this] { retranslateUi(); });
    connect(m_runner, &JobRunner::generationText, this, &TestPanel::onText);
    connect(m_runner, &JobRunner::generationFinished, this, &TestPanel::onFinished);
    retranslateUi();
}

TestPanel::~TestPanel() { prefs::testPrompt.setValue(m_prompt->toPlainText()); }

void TestPanel::setOriginalModel(const QString& dir) {
    const bool follow = modelPath().isEmpty() || modelPath() == m_original;
    m_original = dir;
    rebuildModelList();
    if (follow) setModel(dir);
}

void TestPanel::setRuns(const QList<RunRecord>& runs) {
    m_runFolders.clear();
    for (const RunRecord& r : runs)
        if (!r.isEvaluation()) m_runFolders << r.folder;  // evaluation folders hold no model
    rebuildModelList();
}

void TestPanel::rebuildModelList() {
    const QString current = modelPath();
    const QSignalBlocker block(m_model);
    m_model->clear();
    if (!m_original.isEmpty()) m_model->addItem(m_original);
    for (const QString& f : m_runFolders) m_model->addItem(f);
    m_model->setEditText(current);
}

void TestPanel::setModel(const QString& dir) {
    m_model->setEditText(dir);
    inspect();
}

QString TestPanel::modelPath() const { return m_model->currentText().trimmed(); }
void TestPanel::setPrompt(const QString& prompt) { m_prompt->setPlainText(prompt); }
QString TestPanel::prompt() const { return m_prompt->toPlainText(); }
void TestPanel::setMaxNewTokens(int n) { m_maxNewTokens->setValue(n); }
QString TestPanel::output() const { return m_output->toPlainText(); }
QString TestPanel::statsText() const { return m_stats->text(); }

void TestPanel::inspect() {
    const QString dir = modelPath();
    m_info.reset();
    m_inspectError.clear();
    m_inspectedDir.clear();
    if (!dir.isEmpty()) {
        m_watcher.setFuture(QtConcurrent::run([dir] {
            Inspection r;
            r.dir = dir;
            try {
                r.info = medawq::inspectModel(dir.toStdString());
            } catch (const std::exception& e) {
                r.error = QString::fromUtf8(e.what());
            }
            return r;
        }));
    }
    retranslateUi();
}

QString TestPanel::problem() const {
    if (modelPath().isEmpty()) return tr("Choose a model: the original, a run's output folder, or any model folder.");
    if (m_inspectedDir != modelPath()) return tr("Reading the model folder…");
    if (!m_inspectError.isEmpty()) return m_inspectError;
    if (m_prompt->toPlainText().trimmed().isEmpty()) return tr("Write a prompt.");
    if (m_runner->currentJob() == JobRunner::Job::Quantize)
        return tr("A quantization is running; the engine runs one job at a time.");
    return {};
}

void TestPanel::generate() {
    if (m_generating || !problem().isEmpty()) return;
    GenerationRequest r;
    r.modelPath = modelPath();
    r.device = m_device->currentText();
    r.prompt = m_prompt->toPlainText();
    r.maxNewTokens = m_maxNewTokens->value();
    r.chatFormat = m_chat->isChecked();
    if (!m_runner->startGeneration(r)) return;
    prefs::testPrompt.setValue(r.prompt);
    m_generating = true;
    m_hasOutcome = false;
    m_liveTokens = 0;
    m_liveDecodeSeconds = 0;
    m_output->clear();
    retranslateUi();
}

void TestPanel::stop() {
    if (m_generating) m_runner->cancel();
}

void TestPanel::onText(const QString& text, int tokens, double decodeSeconds) {
    if (!m_generating) return;
    QTextCursor c(m_output->document());
    c.movePosition(QTextCursor::End);
    c.insertText(text);
    m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
    m_liveTokens = tokens;
    m_liveDecodeSeconds = decodeSeconds;
    retranslateUi();
}

void TestPanel::onFinished(const GenerationOutcome& outcome) {
    if (!m_generating) return;
    m_generating = false;
    m_outcome = outcome;
    m_hasOutcome = true;
    retranslateUi();
    Q_EMIT finished(outcome);
}

void TestPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void TestPanel::retranslateUi() {
    m_heading->setText(tr("Test"));
    m_intro->setText(tr("Generate one report with the quantized model (or the original, to compare): greedy decoding, "
                        "streamed as it comes, with the measured speed."));
    m_modelLabel->setText(tr("&Model:"));
    m_modelLabel->setBuddy(m_model);
    m_model->lineEdit()->setPlaceholderText(tr("Model folder"));
    if (m_info && m_inspectedDir == modelPath()) {
        const medawq::ModelInfo& m = *m_info;
        m_modelInfo->setText(tr("%1, %2, %3 on disk")
                                 .arg(QString::fromStdString(m.architecture),
                                      m.isAwq ? tr("AWQ %1-bit, group %2").arg(m.awqBits).arg(m.awqGroupSize)
                                              : QString::fromStdString(m.storedDtype),
                                      formatBytes(m.diskBytes)));
    } else {
        m_modelInfo->clear();
    }
    m_deviceLabel->setText(tr("&Device:"));
    m_deviceLabel->setBuddy(m_device);
    m_tokensLabel->setText(tr("Ma&x new tokens:"));
    m_tokensLabel->setBuddy(m_maxNewTokens);
    m_chat->setText(tr("Wrap the prompt in the model's chat format"));
    m_promptLabel->setText(tr("&Prompt:"));
    m_promptLabel->setBuddy(m_prompt);
    m_generate->setText(tr("&Generate"));
    m_generate->setToolTip(tr("Generate a report (Ctrl+G)"));
    m_stop->setText(tr("&Stop"));
    const QString p = problem();
    m_generate->setEnabled(!m_generating && p.isEmpty());
    m_stop->setVisible(m_generating);
    const bool reading = !modelPath().isEmpty() && m_inspectedDir != modelPath();
    m_problem->setProblem(m_generating ? QString() : p, reading ? ProblemLabel::Kind::Note : ProblemLabel::Kind::Problem);
    m_outputLabel->setText(tr("Report:"));

    if (m_generating) {
        if (m_liveTokens == 0) m_stats->setText(tr("Loading the model and reading the prompt…"));
        else
            m_stats->setText(tr("%n token(s) so far", nullptr, m_liveTokens) +
                             (m_liveDecodeSeconds > 0 && m_liveTokens > 1
                                  ? tr(" · %1").arg(formatRate((m_liveTokens - 1) / m_liveDecodeSeconds, tr("tokens")))
                                  : QString()));
    } else if (m_hasOutcome) {
        const GenerationOutcome& o = m_outcome;
        if (o.status == JobStatus::Failed) {
            m_stats->setText(tr("Failed: %1").arg(o.error));
        } else {
            QString s = tr("%n new token(s) in %1: %2 (decode)", nullptr, o.newTokens)
                            .arg(formatSeconds(o.decodeSeconds), formatRate(o.decodeTokensPerSecond, tr("tokens")));
            s += tr("; prompt of %n token(s) read in %1", nullptr, o.promptTokens)
                     .arg(formatSeconds(o.prefillSeconds));
            if (o.prefillSeconds > 0) s += tr(" (%1)").arg(formatRate(o.promptTokens / o.prefillSeconds, tr("tokens")));
            s += tr("; %1, %2").arg(o.device, o.dtype);
            if (o.loadSeconds > 0) s += tr("; model loaded in %1").arg(formatSeconds(o.loadSeconds));
            if (o.status == JobStatus::Cancelled) s += tr(" (stopped)");
            m_stats->setText(s);
        }
    } else {
        m_stats->setText(tr("Speed figures appear here after a report."));
    }
    Q_EMIT readinessChanged();
}

}  // namespace medawq::ui
