#include "evaluatepanel.h"

#include "evaluationprogressview.h"
#include "formatting.h"
#include "jobrunner.h"
#include "preferences.h"
#include "problemlabel.h"
#include "runrecord.h"
#include "runsfolder.h"

#include <medawq/table.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QStandardItemModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace medawq::ui {

namespace {

constexpr int kPreviewRows = 20;
constexpr int kMaxLogLines = 2000;

QString demoFile(const QString& resources, const char* name) {
    return resources + QStringLiteral("/demo/data/") + QLatin1String(name);
}

QLabel* heading(QWidget* parent) {
    auto* l = new QLabel(parent);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    l->setFont(f);
    return l;
}

// A line edit with its Browse button, as one row of a form.
QHBoxLayout* pathRow(QLineEdit* edit, QPushButton* browse) {
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
}

}  // namespace

EvaluatePanel::EvaluatePanel(JobRunner* runner, const QString& resourcesDir, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_resourcesDir(resourcesDir) {
    buildUi();

    // The last session's choices, else the demo (usable out of the box).
    const bool demoThere = QFileInfo::exists(demoFile(m_resourcesDir, "eval.csv"));
    const QString original = prefs::evalOriginalModel.value();
    m_originalChosen = !original.isEmpty();
    m_original->setText(original.isEmpty() && demoThere ? m_resourcesDir + QStringLiteral("/demo/model") : original);
    m_quantizedChosen = prefs::evalQuantizedModels.isSet();
    for (const QString& q : prefs::evalQuantizedModels.value()) m_quantized->addItem(q);
    const QString table = prefs::evalTable.value();
    m_table->setText(table.isEmpty() && demoThere ? demoFile(m_resourcesDir, "eval.csv") : table);
    const QString prompt = prefs::evalPromptFile.value();
    m_prompt->setText(prompt.isEmpty() && demoThere ? demoFile(m_resourcesDir, "prompt.txt") : prompt);
    m_referenceColumn = prefs::evalReferenceColumn.value();
    m_samples->setValue(prefs::evalNumSamples.value());
    m_tokens->setValue(prefs::evalMaxNewTokens.value());
    m_radgraphCheck->setChecked(prefs::evalRadGraph.value());
    m_rule->setCurrentIndex(std::max(0, m_rule->findData(prefs::evalRadGraphRule.value())));
    m_uncertain->setCurrentIndex(std::max(0, m_uncertain->findData(prefs::evalUncertainAs.value())));
    suggestOutputFolder();

    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(150);  // one preview after a burst of typing, not one per key
    connect(&m_previewTimer, &QTimer::timeout, this, [this] {
        const EvaluationInputs in = inputs();
        ++m_previewSerial;
        m_previewWatcher.setFuture(QtConcurrent::run([in] {
            Preview p;
            p.table = in.evalTable;
            try {
                const medawq::Table t = medawq::readTable(in.evalTable.toStdString(), kPreviewRows);
                for (const std::string& c : t.columns) p.columns << QString::fromStdString(c);
                for (const auto& row : t.rows) {
                    QStringList cells;
                    for (const std::string& c : row) cells << QString::fromStdString(c);
                    p.rows << cells;
                }
            } catch (const std::exception& e) {
                p.tableProblem = QString::fromUtf8(e.what());
            }
            p.prompt = medawq::previewEvaluationPrompt(in.toParams());
            return p;
        }));
        updateState();
    });
    connect(&m_previewWatcher, &QFutureWatcher<Preview>::finished, this, [this] {
        m_shownSerial = m_previewSerial;
        showPreview(m_previewWatcher.result());
    });
    connect(&m_radgraphWatcher, &QFutureWatcher<medawq::RadGraphStatus>::finished, this, [this] {
        m_radgraph = m_radgraphWatcher.result();
        m_radgraphKnown = true;
        updateRadGraphStatus();
    });

    connect(m_runner, &JobRunner::busyChanged, this, &EvaluatePanel::updateState);
    connect(m_runner, &JobRunner::evaluationProgress, this, &EvaluatePanel::onProgress);
    connect(m_runner, &JobRunner::evaluationLog, this, &EvaluatePanel::onLog);
    connect(m_runner, &JobRunner::evaluationFinished, this, &EvaluatePanel::onFinished);

    retranslateUi();
    if (m_radgraphCheck->isChecked()) probeRadGraph();
    schedulePreview();
}

EvaluatePanel::~EvaluatePanel() {
    // The workers hold copies of their inputs only; waiting keeps their results from arriving
    // at a deleted page.
    m_previewWatcher.waitForFinished();
    m_radgraphWatcher.waitForFinished();
}

void EvaluatePanel::buildUi() {
    m_heading = heading(this);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);

    // Models.
    m_modelsBox = new QGroupBox(this);
    m_originalLabel = new QLabel(m_modelsBox);
    m_original = new QLineEdit(m_modelsBox);
    m_original->setObjectName(QStringLiteral("evalOriginalModel"));
    m_browseOriginal = new QPushButton(m_modelsBox);
    m_quantizedLabel = new QLabel(m_modelsBox);
    m_quantized = new QListWidget(m_modelsBox);
    m_quantized->setObjectName(QStringLiteral("evalQuantizedModels"));
    m_quantized->setMaximumHeight(90);
    m_addFromRuns = new QToolButton(m_modelsBox);
    m_addFromRuns->setObjectName(QStringLiteral("evalAddFromRuns"));
    m_addFromRuns->setPopupMode(QToolButton::InstantPopup);
    m_addFromRuns->setMenu(new QMenu(m_addFromRuns));
    m_addFolder = new QPushButton(m_modelsBox);
    m_remove = new QPushButton(m_modelsBox);
    auto* quantizedButtons = new QVBoxLayout;
    quantizedButtons->addWidget(m_addFromRuns);
    quantizedButtons->addWidget(m_addFolder);
    quantizedButtons->addWidget(m_remove);
    quantizedButtons->addStretch(1);
    auto* quantizedRow = new QHBoxLayout;
    quantizedRow->addWidget(m_quantized, 1);
    quantizedRow->addLayout(quantizedButtons);
    auto* models = new QFormLayout(m_modelsBox);
    models->addRow(m_originalLabel, pathRow(m_original, m_browseOriginal));
    models->addRow(m_quantizedLabel, quantizedRow);

    // Data and prompt.
    m_dataBox = new QGroupBox(this);
    m_tableLabel = new QLabel(m_dataBox);
    m_table = new QLineEdit(m_dataBox);
    m_table->setObjectName(QStringLiteral("evalTable"));
    m_browseTable = new QPushButton(m_dataBox);
    m_referenceLabel = new QLabel(m_dataBox);
    m_reference = new QComboBox(m_dataBox);
    m_reference->setObjectName(QStringLiteral("evalReferenceColumn"));
    m_reference->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_reference->setMinimumContentsLength(16);
    m_promptLabel = new QLabel(m_dataBox);
    m_prompt = new QLineEdit(m_dataBox);
    m_prompt->setObjectName(QStringLiteral("evalPromptFile"));
    m_browsePrompt = new QPushButton(m_dataBox);
    m_samplesLabel = new QLabel(m_dataBox);
    m_samples = new QSpinBox(m_dataBox);
    m_samples->setObjectName(QStringLiteral("evalNumSamples"));
    m_samples->setRange(0, 1000000);
    m_tokensLabel = new QLabel(m_dataBox);
    m_tokens = new QSpinBox(m_dataBox);
    m_tokens->setObjectName(QStringLiteral("evalMaxNewTokens"));
    m_tokens->setRange(1, 8192);
    auto* counts = new QHBoxLayout;
    counts->addWidget(m_samples);
    counts->addSpacing(12);
    counts->addWidget(m_tokensLabel);
    counts->addWidget(m_tokens);
    counts->addStretch(1);
    auto* data = new QFormLayout(m_dataBox);
    data->addRow(m_tableLabel, pathRow(m_table, m_browseTable));
    data->addRow(m_referenceLabel, m_reference);
    data->addRow(m_promptLabel, pathRow(m_prompt, m_browsePrompt));
    data->addRow(m_samplesLabel, counts);

    // Metrics.
    m_metricsBox = new QGroupBox(this);
    m_radgraphCheck = new QCheckBox(m_metricsBox);
    m_radgraphCheck->setObjectName(QStringLiteral("evalRadGraph"));
    m_radgraphStatus = new QLabel(m_metricsBox);
    m_radgraphStatus->setObjectName(QStringLiteral("evalRadGraphStatus"));
    m_radgraphStatus->setWordWrap(true);
    m_radgraphStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ruleLabel = new QLabel(m_metricsBox);
    m_rule = new QComboBox(m_metricsBox);
    m_rule->addItem(QString(), QStringLiteral("0.1.18"));
    m_rule->addItem(QString(), QStringLiteral("head"));
    m_uncertainLabel = new QLabel(m_metricsBox);
    m_uncertain = new QComboBox(m_metricsBox);
    m_uncertain->setObjectName(QStringLiteral("evalUncertainAs"));
    m_uncertain->addItem(QString(), QStringLiteral("positive"));
    m_uncertain->addItem(QString(), QStringLiteral("negative"));
    auto* metrics = new QFormLayout(m_metricsBox);
    metrics->addRow(m_radgraphCheck, m_radgraphStatus);
    metrics->addRow(m_ruleLabel, m_rule);
    metrics->addRow(m_uncertainLabel, m_uncertain);

    // Output.
    m_outputBox = new QGroupBox(this);
    m_output = new QLineEdit(m_outputBox);
    m_output->setObjectName(QStringLiteral("evalOutputFolder"));
    m_browseOutput = new QPushButton(m_outputBox);
    auto* output = new QVBoxLayout(m_outputBox);
    output->addLayout(pathRow(m_output, m_browseOutput));

    // Preview: the table's first rows and the first case's prompt.
    m_previewBox = new QGroupBox(this);
    m_previewNote = new QLabel(m_previewBox);
    m_previewNote->setWordWrap(true);
    m_tableModel = new QStandardItemModel(this);
    m_tableView = new QTableView(m_previewBox);
    m_tableView->setObjectName(QStringLiteral("evalTablePreview"));
    m_tableView->setModel(m_tableModel);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setWordWrap(false);
    m_tableView->verticalHeader()->setDefaultSectionSize(m_tableView->fontMetrics().height() + 6);
    m_filledLabel = new QLabel(m_previewBox);
    m_filled = new QPlainTextEdit(m_previewBox);
    m_filled->setObjectName(QStringLiteral("evalFilledPrompt"));
    m_filled->setReadOnly(true);
    m_filled->setMaximumHeight(130);
    m_leak = new ProblemLabel(m_previewBox);
    m_leak->setObjectName(QStringLiteral("evalLeakWarning"));
    auto* preview = new QVBoxLayout(m_previewBox);
    preview->addWidget(m_previewNote);
    preview->addWidget(m_tableView, 1);
    preview->addWidget(m_filledLabel);
    preview->addWidget(m_filled);
    preview->addWidget(m_leak);

    // Progress and log (shown from the first run on).
    m_progressBox = new QGroupBox(this);
    m_progress = new EvaluationProgressView(m_progressBox);
    m_progress->setObjectName(QStringLiteral("evalProgress"));
    m_status = new QLabel(m_progressBox);
    m_status->setObjectName(QStringLiteral("evalStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_log = new QPlainTextEdit(m_progressBox);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxLogLines);
    m_log->setMaximumHeight(90);
    auto* progress = new QVBoxLayout(m_progressBox);
    progress->addWidget(m_progress);
    progress->addWidget(m_status);
    progress->addWidget(m_log);
    m_progressBox->hide();

    m_reason = new ProblemLabel(this);
    m_reason->setObjectName(QStringLiteral("evalReason"));
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("evalRun"));
    m_run->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName(QStringLiteral("evalCancel"));
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    for (QPushButton* b : {m_run, m_cancel}) b->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_run->setMinimumWidth(160);
    auto* runBar = new QHBoxLayout;
    runBar->addWidget(m_reason, 1);
    runBar->addWidget(m_cancel);
    runBar->addWidget(m_run);

    // Inputs on the left, what they give on the right; the inputs scroll on small screens.
    auto* inputsWidget = new QWidget;
    auto* left = new QVBoxLayout(inputsWidget);
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(m_modelsBox);
    left->addWidget(m_dataBox);
    left->addWidget(m_metricsBox);
    left->addWidget(m_outputBox);
    left->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(inputsWidget);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* columns = new QHBoxLayout;
    columns->addWidget(scroll, 1);
    columns->addWidget(m_previewBox, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_intro);
    layout->addLayout(columns, 1);
    layout->addWidget(m_progressBox);
    layout->addLayout(runBar);

    // Edits.
    connect(m_original, &QLineEdit::textEdited, this, [this] { m_originalChosen = true; });
    connect(m_original, &QLineEdit::textChanged, this, [this] {
        if (!m_outputChosen) suggestOutputFolder();
        updateState();
    });
    connect(m_output, &QLineEdit::textEdited, this, [this] { m_outputChosen = true; });
    connect(m_output, &QLineEdit::textChanged, this, &EvaluatePanel::updateState);
    for (QLineEdit* e : {m_table, m_prompt}) connect(e, &QLineEdit::textChanged, this, &EvaluatePanel::schedulePreview);
    connect(m_reference, &QComboBox::activated, this, [this] {
        m_referenceColumn = m_reference->currentData().toString();
        schedulePreview();
    });
    connect(m_samples, &QSpinBox::valueChanged, this, &EvaluatePanel::schedulePreview);
    connect(m_tokens, &QSpinBox::valueChanged, this, &EvaluatePanel::updateState);
    connect(m_radgraphCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (on && !m_radgraphKnown) probeRadGraph();
        updateRadGraphStatus();
    });
    for (QComboBox* c : {m_rule, m_uncertain}) connect(c, &QComboBox::activated, this, &EvaluatePanel::updateState);
    connect(m_browseOriginal, &QPushButton::clicked, this, &EvaluatePanel::browseOriginal);
    connect(m_addFolder, &QPushButton::clicked, this, &EvaluatePanel::browseQuantized);
    connect(m_addFromRuns->menu(), &QMenu::aboutToShow, this, &EvaluatePanel::fillRunsMenu);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_quantized->selectedItems());
        m_quantizedChosen = true;
        updateState();
    });
    connect(m_quantized, &QListWidget::itemSelectionChanged, this, &EvaluatePanel::updateState);
    connect(m_browseTable, &QPushButton::clicked, this, &EvaluatePanel::browseTable);
    connect(m_browsePrompt, &QPushButton::clicked, this, &EvaluatePanel::browsePrompt);
    connect(m_browseOutput, &QPushButton::clicked, this, &EvaluatePanel::browseOutput);
    connect(m_run, &QPushButton::clicked, this, &EvaluatePanel::startEvaluation);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluatePanel::cancel);
}

// ---- inputs -------------------------------------------------------------------------------

void EvaluatePanel::setOriginalModel(const QString& dir) {
    m_originalChosen = true;
    m_original->setText(dir);
}

void EvaluatePanel::setDefaultOriginalModel(const QString& dir) {
    if (m_originalChosen || dir.isEmpty()) return;
    m_original->setText(dir);
}

void EvaluatePanel::setQuantizedModels(const QStringList& dirs) {
    m_quantizedChosen = true;
    m_quantized->clear();
    for (const QString& d : dirs) m_quantized->addItem(d);
    updateState();
}

void EvaluatePanel::addQuantizedModel(const QString& dir) {
    m_quantizedChosen = true;
    if (dir.isEmpty() || !m_quantized->findItems(dir, Qt::MatchExactly).isEmpty()) return;
    m_quantized->addItem(dir);
    updateState();
}

void EvaluatePanel::setEvaluationTable(const QString& path) { m_table->setText(path); }
void EvaluatePanel::setReferenceColumn(const QString& column) {
    m_referenceColumn = column;
    const int i = m_reference->findData(column);
    if (i >= 0) m_reference->setCurrentIndex(i);
    schedulePreview();
}
void EvaluatePanel::setPromptFile(const QString& path) { m_prompt->setText(path); }
void EvaluatePanel::setNumSamples(int n) { m_samples->setValue(n); }
void EvaluatePanel::setMaxNewTokens(int n) { m_tokens->setValue(n); }
void EvaluatePanel::setRadGraphEnabled(bool on) { m_radgraphCheck->setChecked(on); }
void EvaluatePanel::setOutputFolder(const QString& dir) {
    m_outputChosen = true;
    m_output->setText(dir);
}

void EvaluatePanel::setRuns(const QList<RunRecord>& runs) {
    m_runs.clear();
    for (const RunRecord& r : runs)
        if (!r.isEvaluation()) m_runs << r;
    // Until the user makes a list, the newest quantization of the original model is the one to
    // compare with: after a first quantization of the demo, Evaluate is one click away.
    if (!m_quantizedChosen && m_quantized->count() == 0) {
        const QString original = QDir::cleanPath(m_original->text());
        for (const RunRecord& r : m_runs)  // newest first
            if (QDir::cleanPath(r.modelPath) == original || QFileInfo(r.modelPath).canonicalFilePath() == QFileInfo(original).canonicalFilePath()) {
                m_quantized->addItem(r.folder);
                break;
            }
    }
    m_addFromRuns->setEnabled(!m_runs.isEmpty());
    updateState();
}

void EvaluatePanel::useDemo() {
    setOriginalModel(m_resourcesDir + QStringLiteral("/demo/model"));
    setEvaluationTable(demoFile(m_resourcesDir, "eval.csv"));
    setPromptFile(demoFile(m_resourcesDir, "prompt.txt"));
    setReferenceColumn(QString());
    // 20 cases of at most 128 new tokens: a few minutes for two demo models on a laptop CPU.
    setNumSamples(20);
    setMaxNewTokens(128);
}

EvaluationInputs EvaluatePanel::inputs() const {
    EvaluationInputs in;
    in.originalModel = m_original->text().trimmed();
    for (int i = 0; i < m_quantized->count(); ++i) in.quantizedModels << m_quantized->item(i)->text();
    in.evalTable = m_table->text().trimmed();
    in.referenceColumn = m_referenceColumn;
    in.promptFile = m_prompt->text().trimmed();
    in.numSamples = m_samples->value();
    in.maxNewTokens = m_tokens->value();
    in.radgraph = m_radgraphCheck->isChecked();
    in.radgraphRule = m_rule->currentData().toString();
    in.uncertainAs = m_uncertain->currentData().toString();
    in.outputDir = m_output->text().trimmed();
    return in;
}

void EvaluatePanel::rememberChoices() const {
    const EvaluationInputs in = inputs();
    if (m_originalChosen) prefs::evalOriginalModel.setValue(in.originalModel);
    if (m_quantizedChosen) prefs::evalQuantizedModels.setValue(in.quantizedModels);
    prefs::evalTable.setValue(in.evalTable);
    prefs::evalReferenceColumn.setValue(in.referenceColumn);
    prefs::evalPromptFile.setValue(in.promptFile);
    prefs::evalNumSamples.setValue(in.numSamples);
    prefs::evalMaxNewTokens.setValue(in.maxNewTokens);
    prefs::evalRadGraph.setValue(in.radgraph);
    prefs::evalRadGraphRule.setValue(in.radgraphRule);
    prefs::evalUncertainAs.setValue(in.uncertainAs);
}

void EvaluatePanel::suggestOutputFolder() {
    m_outputChosen = false;
    const QString original = m_original->text().trimmed();
    m_output->setText(suggestEvaluationFolder(original.isEmpty() ? QStringLiteral("model") : original));
}

void EvaluatePanel::browseOriginal() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Original model folder"), m_original->text());
    if (!dir.isEmpty()) setOriginalModel(dir);
}

void EvaluatePanel::browseQuantized() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Quantized model folder"), runsDirectory());
    if (!dir.isEmpty()) addQuantizedModel(dir);
}

void EvaluatePanel::browseTable() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Evaluation table"), QFileInfo(m_table->text()).path(),
                                                      tr("Tables (*.csv *.tsv *.xlsx *.jsonl);;All files (*)"));
    if (!file.isEmpty()) m_table->setText(file);
}

void EvaluatePanel::browsePrompt() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Prompt template"), QFileInfo(m_prompt->text()).path(),
                                                      tr("Text files (*.txt);;All files (*)"));
    if (!file.isEmpty()) m_prompt->setText(file);
}

void EvaluatePanel::browseOutput() {
    const QString dir = QFileDialog::getSaveFileName(this, tr("Output folder (created by the run)"), m_output->text());
    if (!dir.isEmpty()) setOutputFolder(dir);
}

void EvaluatePanel::fillRunsMenu() {
    QMenu* menu = m_addFromRuns->menu();
    menu->clear();
    for (const RunRecord& r : m_runs) {
        const QString text = tr("%1 — %2 %3 bit, group %4 — %5")
                                 .arg(QFileInfo(r.folder).fileName(), r.method.toUpper())
                                 .arg(r.bits)
                                 .arg(r.groupSize)
                                 .arg(r.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        QAction* a = menu->addAction(text, this, [this, folder = r.folder] { addQuantizedModel(folder); });
        a->setToolTip(r.folder);
        a->setEnabled(m_quantized->findItems(r.folder, Qt::MatchExactly).isEmpty());
    }
    if (m_runs.isEmpty()) menu->addAction(tr("No quantization runs yet"))->setEnabled(false);
}

// ---- previews -----------------------------------------------------------------------------

bool EvaluatePanel::isChecking() const {
    return m_previewTimer.isActive() || m_previewWatcher.isRunning() || m_shownSerial != m_previewSerial;
}

void EvaluatePanel::schedulePreview() {
    m_previewTimer.start();
    updateState();
}

void EvaluatePanel::showPreview(const Preview& p) {
    // The table's first rows.
    m_tableModel->clear();
    m_tableModel->setHorizontalHeaderLabels(p.columns);
    for (const QStringList& row : p.rows) {
        QList<QStandardItem*> items;
        for (const QString& cell : row) {
            auto* item = new QStandardItem(cell.left(200));
            item->setToolTip(cell.left(2000));
            items << item;
        }
        m_tableModel->appendRow(items);
    }
    // The reference column: automatic (naming what the job picks) or one of the table's columns.
    m_reference->blockSignals(true);
    m_reference->clear();
    const QString automatic = QString::fromStdString(p.prompt.referenceColumn);
    m_reference->addItem(m_referenceColumn.isEmpty() && !automatic.isEmpty() ? tr("Automatic (%1)").arg(automatic)
                         : m_referenceColumn.isEmpty() ? tr("Automatic (none: scored against the original model)")
                                                       : tr("Automatic"),
                         QString());
    for (const QString& c : p.columns) m_reference->addItem(c, c);
    const int chosen = m_reference->findData(m_referenceColumn);
    m_reference->setCurrentIndex(chosen >= 0 ? chosen : 0);
    m_reference->blockSignals(false);

    m_filled->setPlainText(QString::fromStdString(p.prompt.filledPrompt));
    m_promptProblem = !p.prompt.leak.empty() ? QString::fromStdString(p.prompt.leak) : QString::fromStdString(p.prompt.problem);
    m_leak->setProblem(QString::fromStdString(p.prompt.leak));
    if (!p.tableProblem.isEmpty()) m_previewNote->setText(p.tableProblem);
    else if (p.prompt.problem.empty())
        m_previewNote->setText(tr("%1 rows; %2 cases will be drawn (seed 42). The first rows:")
                                   .arg(formatCount(p.prompt.rowsRead), formatCount(p.prompt.cases)));
    else
        m_previewNote->setText(tr("The first rows:"));
    m_filledLabel->setText(p.prompt.firstRow >= 0
                               ? tr("The prompt of the first case (table row %1), before the model's chat template:")
                                     .arg(p.prompt.firstRow + 1)
                               : tr("The prompt of the first case:"));
    m_tableView->resizeColumnsToContents();
    for (int c = 0; c < m_tableModel->columnCount(); ++c)
        m_tableView->setColumnWidth(c, std::min(m_tableView->columnWidth(c), 220));
    rememberChoices();
    updateState();
}

void EvaluatePanel::probeRadGraph() {
    if (m_radgraphWatcher.isRunning()) return;
    // The same model type the job asks for: the job's default.
    const std::string modelType = medawq::EvaluateParams{}.radgraphModel;
    m_radgraphWatcher.setFuture(QtConcurrent::run([modelType] { return medawq::radgraphStatus(modelType); }));
}

// ---- state --------------------------------------------------------------------------------

void EvaluatePanel::updateState() {
    QString reason;
    bool waiting = false;
    if (m_running) {
        reason = tr("Evaluating…");
        waiting = true;
    } else if (m_runner->isBusy()) {
        switch (m_runner->currentJob()) {
        case JobRunner::Job::Quantize: reason = tr("A quantization is running (Run page)."); break;
        case JobRunner::Job::Generate: reason = tr("A report is being generated (Test page)."); break;
        default: reason = tr("Evaluating…"); break;
        }
        waiting = true;
    } else {
        // A finished preview's problem only counts while it describes the current inputs.
        const bool checking = isChecking();
        reason = evaluationProblem(inputs(), checking ? QString() : m_promptProblem);
        if (reason.isEmpty() && checking) {
            reason = tr("Checking the table and the prompt template…");
            waiting = true;
        }
    }
    if (reason != m_problem) {
        m_problem = reason;
        Q_EMIT readinessChanged();
    }
    m_reason->setProblem(reason, waiting ? ProblemLabel::Kind::Note : ProblemLabel::Kind::Problem);
    m_run->setEnabled(reason.isEmpty());
    m_cancel->setEnabled(m_running);
    m_remove->setEnabled(!m_running && !m_quantized->selectedItems().isEmpty());
    for (QWidget* w : std::initializer_list<QWidget*>{m_modelsBox, m_dataBox, m_metricsBox, m_outputBox})
        w->setEnabled(!m_running);
}

bool EvaluatePanel::startEvaluation() {
    updateState();
    if (!m_problem.isEmpty()) return false;
    const EvaluationInputs in = inputs();
    const QString log = logsDirectory() + QLatin1Char('/') + QFileInfo(in.outputDir).fileName() + QStringLiteral(".log");
    if (!m_runner->startEvaluation(in.toParams(), log)) return false;
    rememberChoices();
    m_running = true;
    m_outcome = EvaluationOutcome{};
    QStringList models{in.originalModel};
    models << in.quantizedModels;
    m_progress->start(models);
    m_log->clear();
    setStatus([n = int(models.size()), table = QFileInfo(in.evalTable).fileName()] {
        return tr("Evaluating %n model(s) on %1…", nullptr, n).arg(table);
    });
    m_progressBox->show();
    updateState();
    Q_EMIT started(in.outputDir);
    return true;
}

void EvaluatePanel::cancel() {
    if (!m_running) return;
    m_runner->cancel();
    setStatus([] { return tr("Cancelling…"); });
}

void EvaluatePanel::onProgress(const EvaluationProgress& p) {
    if (!m_running) return;
    m_progress->report(p);
}

void EvaluatePanel::onLog(const QString& line) {
    if (m_running) m_log->appendPlainText(line);
}

void EvaluatePanel::onFinished(const EvaluationOutcome& out) {
    if (!m_running) return;
    m_running = false;
    m_outcome = out;
    m_progress->finish(out.status);
    switch (out.status) {
    case JobStatus::Succeeded:
        setStatus([out] { return tr("Finished in %1; saved %2").arg(formatSeconds(out.wallSeconds), out.runDir); });
        suggestOutputFolder();  // the next run gets a new folder
        break;
    case JobStatus::Cancelled: setStatus([] { return tr("Cancelled; nothing was written."); }); break;
    case JobStatus::Failed: setStatus([error = out.error] { return tr("Failed: %1").arg(error); }); break;
    }
    updateState();
    Q_EMIT finished(out);
}

void EvaluatePanel::setStatus(std::function<QString()> text) {
    m_statusText = std::move(text);
    m_status->setText(m_statusText ? m_statusText() : QString());
}

QString EvaluatePanel::statusText() const { return m_status->text(); }
QString EvaluatePanel::filledPrompt() const { return m_filled->toPlainText(); }
QString EvaluatePanel::leakWarning() const { return m_leak->problem(); }
QString EvaluatePanel::radgraphText() const { return m_radgraphStatus->text(); }
int EvaluatePanel::previewRowCount() const { return m_tableModel->rowCount(); }
QStringList EvaluatePanel::referenceColumns() const {
    QStringList out;
    for (int i = 1; i < m_reference->count(); ++i) out << m_reference->itemData(i).toString();
    return out;
}

void EvaluatePanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

// The RadGraph line alone: the probe's answer and the checkbox change only it.
void EvaluatePanel::updateRadGraphStatus() {
    if (!m_radgraphCheck->isChecked()) m_radgraphStatus->setText(tr("Off: the run will not compute it."));
    else if (!m_radgraphKnown) m_radgraphStatus->setText(tr("Checking whether Python has the radgraph package…"));
    else if (m_radgraph.available)
        m_radgraphStatus->setText(tr("Available (radgraph %1, %2)")
                                      .arg(QString::fromStdString(m_radgraph.packageVersion), QString::fromStdString(m_radgraph.python)));
    else
        m_radgraphStatus->setText(tr("Not available: %1. The other metrics are computed; RadGraph F1 is left out, never "
                                     "replaced by another number.")
                                      .arg(QString::fromStdString(m_radgraph.reason)));
    m_radgraphStatus->setStyleSheet(m_radgraphCheck->isChecked() && m_radgraphKnown && !m_radgraph.available
                                        ? QStringLiteral("color: #b3261e;")
                                        : QString());
}

void EvaluatePanel::retranslateUi() {
    m_heading->setText(tr("Evaluate"));
    m_intro->setText(tr("Compare the original model with its quantized versions on an evaluation table: the same prompts "
                        "through every model, the reports scored against the reference column, speed measured the "
                        "same way. Outputs are not for clinical use."));
    m_modelsBox->setTitle(tr("Models"));
    m_originalLabel->setText(tr("Original model:"));
    m_original->setPlaceholderText(tr("The unquantized model folder"));
    m_browseOriginal->setText(tr("Browse…"));
    m_quantizedLabel->setText(tr("Quantized models:"));
    m_addFromRuns->setText(tr("Add from runs"));
    m_addFromRuns->setToolTip(tr("Add a finished quantization run"));
    m_addFolder->setText(tr("Add folder…"));
    m_remove->setText(tr("Remove"));
    m_dataBox->setTitle(tr("Evaluation data"));
    m_tableLabel->setText(tr("Evaluation table:"));
    m_table->setPlaceholderText(tr("CSV, XLSX or JSONL with the prompt's columns and the reference report"));
    m_browseTable->setText(tr("Browse…"));
    m_referenceLabel->setText(tr("Reference column:"));
    m_reference->setToolTip(tr("The human report the generated reports are scored against"));
    m_promptLabel->setText(tr("Prompt template:"));
    m_prompt->setPlaceholderText(tr("A text file with {column} placeholders"));
    m_browsePrompt->setText(tr("Browse…"));
    m_samplesLabel->setText(tr("Cases:"));
    m_samples->setSpecialValueText(tr("all rows"));
    m_samples->setToolTip(tr("Rows drawn from the table with a fixed seed; 0 = every row"));
    m_tokensLabel->setText(tr("Max new tokens:"));
    m_metricsBox->setTitle(tr("Metrics"));
    m_radgraphCheck->setText(tr("RadGraph F1"));
    updateRadGraphStatus();
    m_ruleLabel->setText(tr("RadGraph rule:"));
    m_rule->setItemText(0, tr("0.1.18 (released package, case-sensitive)"));
    m_rule->setItemText(1, tr("head (development version, lower-cased)"));
    m_uncertainLabel->setText(tr("Uncertain CheXpert labels count as:"));
    m_uncertain->setItemText(0, tr("positive"));
    m_uncertain->setItemText(1, tr("negative"));
    m_outputBox->setTitle(tr("Output folder"));
    m_browseOutput->setText(tr("Browse…"));
    m_previewBox->setTitle(tr("Preview"));
    m_progressBox->setTitle(tr("Progress"));
    m_run->setText(tr("Run &evaluation"));
    m_run->setToolTip(tr("Evaluate the models with these choices (Ctrl+E)"));
    m_cancel->setText(tr("Cancel"));
    if (m_statusText) m_status->setText(m_statusText());
    if (m_previewWatcher.isFinished() && m_shownSerial == m_previewSerial && m_previewSerial > 0)
        showPreview(m_previewWatcher.result());
    updateState();
}

}  // namespace medawq::ui
