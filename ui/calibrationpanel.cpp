#include "calibrationpanel.h"

#include "formatting.h"
#include "preferences.h"
#include "problemlabel.h"

#include <medawq/errors.h>
#include <medawq/table.h>

#include <QCheckBox>
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
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace medawq::ui {

namespace {
constexpr int kPreviewRows = 20;

QLabel* headingLabel(QWidget* parent) {
    auto* l = new QLabel(parent);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    l->setFont(f);
    return l;
}
}  // namespace

CalibrationPanel::CalibrationPanel(QWidget* parent) : QWidget(parent) {
    m_heading = headingLabel(this);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);

    m_fileLabel = new QLabel(this);
    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("calibrationFile"));
    m_fileLabel->setBuddy(m_file);
    m_browseFile = new QPushButton(this);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileLabel);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browseFile);
    m_fileProblem = new ProblemLabel(this);
    m_fileProblem->setObjectName(QStringLiteral("calibrationFileProblem"));

    m_previewLabel = new QLabel(this);
    m_tableModel = new QStandardItemModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("calibrationPreview"));
    m_table->setModel(m_tableModel);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setDefaultSectionSize(150);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);

    // Text source.
    m_textBox = new QGroupBox(this);
    m_useColumns = new QRadioButton(m_textBox);
    m_useColumns->setObjectName(QStringLiteral("useColumns"));
    m_columns = new QListWidget(m_textBox);
    m_columns->setObjectName(QStringLiteral("textColumns"));
    m_useTemplate = new QRadioButton(m_textBox);
    m_useTemplate->setObjectName(QStringLiteral("useTemplate"));
    m_template = new QLineEdit(m_textBox);
    m_template->setObjectName(QStringLiteral("promptTemplate"));
    m_browseTemplate = new QPushButton(m_textBox);
    m_chat = new QCheckBox(m_textBox);
    m_chat->setObjectName(QStringLiteral("chatFormat"));
    auto* templateRow = new QHBoxLayout;
    templateRow->addWidget(m_template, 1);
    templateRow->addWidget(m_browseTemplate);
    auto* textLayout = new QVBoxLayout(m_textBox);
    textLayout->addWidget(m_useColumns);
    textLayout->addWidget(m_columns, 1);
    textLayout->addWidget(m_useTemplate);
    textLayout->addLayout(templateRow);
    textLayout->addWidget(m_chat);

    // Sampling and token statistics.
    m_samplingBox = new QGroupBox(this);
    m_samples = new QSpinBox(m_samplingBox);
    m_samples->setObjectName(QStringLiteral("numSamples"));
    m_samples->setRange(1, 10000000);
    m_seqlen = new QSpinBox(m_samplingBox);
    m_seqlen->setObjectName(QStringLiteral("seqlen"));
    m_seqlen->setRange(16, 131072);
    m_maxBlocks = new QSpinBox(m_samplingBox);
    m_maxBlocks->setObjectName(QStringLiteral("maxBlocks"));
    m_maxBlocks->setRange(0, 1000000);
    m_seed = new QSpinBox(m_samplingBox);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_samplesLabel = new QLabel(m_samplingBox);
    m_seqlenLabel = new QLabel(m_samplingBox);
    m_blocksLabel = new QLabel(m_samplingBox);
    m_seedLabel = new QLabel(m_samplingBox);
    m_stats = new QLabel(m_samplingBox);
    m_stats->setObjectName(QStringLiteral("tokenStatistics"));
    m_stats->setWordWrap(true);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stats->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* form = new QFormLayout;
    form->addRow(m_samplesLabel, m_samples);
    form->addRow(m_seqlenLabel, m_seqlen);
    form->addRow(m_blocksLabel, m_maxBlocks);
    form->addRow(m_seedLabel, m_seed);
    auto* samplingLayout = new QVBoxLayout(m_samplingBox);
    samplingLayout->addLayout(form);
    samplingLayout->addWidget(m_stats, 1);

    m_filledBox = new QGroupBox(this);
    m_filled = new QPlainTextEdit(m_filledBox);
    m_filled->setObjectName(QStringLiteral("filledPrompt"));
    m_filled->setReadOnly(true);
    m_filled->setFixedHeight(m_filled->fontMetrics().height() * 4 + 12);
    auto* filledLayout = new QVBoxLayout(m_filledBox);
    filledLayout->addWidget(m_filled);

    m_problem = new ProblemLabel(this);
    m_problem->setObjectName(QStringLiteral("calibrationProblem"));

    auto* middle = new QHBoxLayout;
    middle->addWidget(m_textBox, 1);
    middle->addWidget(m_samplingBox, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_intro);
    layout->addLayout(fileRow);
    layout->addWidget(m_fileProblem);
    layout->addWidget(m_previewLabel);
    m_table->setMinimumHeight(m_table->verticalHeader()->defaultSectionSize() * 8);
    m_columns->setMinimumHeight(m_columns->fontMetrics().height() * 6);
    layout->addWidget(m_table, 3);
    layout->addLayout(middle, 2);
    layout->addWidget(m_filledBox);
    layout->addWidget(m_problem);

    m_countDelay = new QTimer(this);
    m_countDelay->setSingleShot(true);
    m_countDelay->setInterval(250);  // typing a number does not start a count per keystroke
    connect(m_countDelay, &QTimer::timeout, this, &CalibrationPanel::startCount);
    connect(&m_headWatcher, &QFutureWatcher<TableHead>::finished, this, &CalibrationPanel::showTableHead);
    connect(&m_countWatcher, &QFutureWatcher<Counted>::finished, this, &CalibrationPanel::showCount);

    // Saved choices (defaults on first run).
    m_wantedColumns = prefs::textColumns.value();
    m_template->setText(prefs::promptFile.value());
    (prefs::useTemplate.value() ? m_useTemplate : m_useColumns)->setChecked(true);
    m_chat->setChecked(prefs::chatTemplate.value());
    m_samples->setValue(prefs::numSamples.value());
    m_seqlen->setValue(prefs::seqlen.value());
    m_maxBlocks->setValue(prefs::maxBlocks.value());
    m_seed->setValue(prefs::seed.value());

    connect(m_browseFile, &QPushButton::clicked, this, &CalibrationPanel::browseFile);
    connect(m_browseTemplate, &QPushButton::clicked, this, &CalibrationPanel::browseTemplate);
    connect(m_file, &QLineEdit::editingFinished, this, [this] {
        if (m_file->text() != m_head.path) setCalibrationFile(m_file->text());
    });
    connect(m_template, &QLineEdit::editingFinished, this, [this] { setPromptTemplateFile(m_template->text()); });
    connect(m_columns, &QListWidget::itemChanged, this, [this] {
        m_wantedColumns = textColumns();
        scheduleCount();
    });
    connect(m_useTemplate, &QRadioButton::toggled, this, [this] {
        m_columns->setEnabled(m_useColumns->isChecked());
        scheduleCount();
    });
    connect(m_chat, &QCheckBox::toggled, this, &CalibrationPanel::scheduleCount);
    for (QSpinBox* box : {m_samples, m_seqlen, m_maxBlocks, m_seed})
        connect(box, &QSpinBox::valueChanged, this, &CalibrationPanel::scheduleCount);
    m_columns->setEnabled(m_useColumns->isChecked());
    retranslateUi();
}

QString CalibrationPanel::calibrationFile() const { return m_file->text(); }

void CalibrationPanel::setCalibrationFile(const QString& path) {
    m_file->setText(path);
    prefs::calibrationPath.setValue(path);
    readTableHead();
}

void CalibrationPanel::setModelPath(const QString& modelDir) {
    if (modelDir == m_modelPath) return;
    m_modelPath = modelDir;
    scheduleCount();
}

void CalibrationPanel::setRequired(bool required) {
    if (required == m_required) return;
    m_required = required;
    scheduleCount();
}

void CalibrationPanel::setPreset(const QString& preset, bool applyChoices) {
    m_preset = preset;
    if (applyChoices && preset == QLatin1String("autoawq")) {
        m_chat->setChecked(false);
        m_maxBlocks->setValue(0);
    }
    scheduleCount();
}

void CalibrationPanel::setTextColumns(const QStringList& columns) {
    m_wantedColumns = columns;
    m_useColumns->setChecked(true);
    const QSignalBlocker block(m_columns);
    for (int i = 0; i < m_columns->count(); ++i) {
        QListWidgetItem* item = m_columns->item(i);
        item->setCheckState(columns.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    scheduleCount();
}

QStringList CalibrationPanel::textColumns() const {
    QStringList out;
    for (int i = 0; i < m_columns->count(); ++i)
        if (m_columns->item(i)->checkState() == Qt::Checked) out << m_columns->item(i)->text();
    return out;
}

void CalibrationPanel::setPromptTemplateFile(const QString& path) {
    m_template->setText(path);
    (path.isEmpty() ? m_useColumns : m_useTemplate)->setChecked(true);
    scheduleCount();
}

void CalibrationPanel::setSampling(int numSamples, int seqlen, int maxBlocks, int seed) {
    m_samples->setValue(numSamples);
    m_seqlen->setValue(seqlen);
    m_maxBlocks->setValue(maxBlocks);
    m_seed->setValue(seed);
    scheduleCount();
}

void CalibrationPanel::browseFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Calibration data"), QFileInfo(m_file->text()).absolutePath(),
        tr("Tables (*.csv *.tsv *.xlsx *.jsonl *.txt);;All files (*)"));
    if (!path.isEmpty()) setCalibrationFile(path);
}

void CalibrationPanel::browseTemplate() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Prompt template"), QFileInfo(m_template->text()).absolutePath(),
                                                      tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty()) setPromptTemplateFile(path);
}

void CalibrationPanel::fillParams(medawq::QuantizeParams& p) const {
    p.calibrationPath = m_file->text().toStdString();
    p.textColumns.clear();
    for (const QString& c : textColumns()) p.textColumns.push_back(c.toStdString());
    if (p.textColumns.empty()) p.textColumns = {"text"};
    p.promptFile = m_useTemplate->isChecked() ? m_template->text().toStdString() : std::string();
    p.promptTemplate.clear();
    p.chatTemplate = m_chat->isChecked();
    p.numSamples = m_samples->value();
    p.seqlen = m_seqlen->value();
    p.maxBlocks = m_maxBlocks->value();
    p.seed = uint64_t(m_seed->value());
}

medawq::QuantizeParams CalibrationPanel::previewParams() const {
    medawq::QuantizeParams p;
    medawq::applyPreset(p, m_preset.toStdString());
    p.modelPath = m_modelPath.toStdString();
    fillParams(p);
    return p;
}

bool CalibrationPanel::isBusy() const { return m_headPending || m_countPending; }

int CalibrationPanel::previewRowCount() const { return m_tableModel->rowCount(); }

void CalibrationPanel::readTableHead() {
    m_head = TableHead{};
    m_head.path = m_file->text();
    m_tableModel->clear();
    m_preview.reset();
    m_countError.clear();
    m_headPending = !m_head.path.isEmpty();
    if (m_headPending) {
        const QString path = m_head.path;
        m_headWatcher.setFuture(QtConcurrent::run([path] {
            TableHead h;
            h.path = path;
            try {
                const medawq::Table t = medawq::readTable(path.toStdString(), kPreviewRows);
                for (const std::string& c : t.columns) h.columns << QString::fromStdString(c);
                for (const auto& row : t.rows) {
                    QStringList cells;
                    for (const std::string& c : row) cells << QString::fromStdString(c);
                    h.rows << cells;
                }
                for (const std::string& w : t.warnings) h.warnings << QString::fromStdString(w);
            } catch (const std::exception& e) {
                h.error = QString::fromUtf8(e.what());
            }
            return h;
        }));
    }
    retranslateUi();
    scheduleCount();
}

void CalibrationPanel::showTableHead() {
    TableHead h = m_headWatcher.result();
    if (h.path != m_file->text()) return;
    m_headPending = false;
    m_head = h;
    m_tableModel->clear();
    m_tableModel->setHorizontalHeaderLabels(h.columns);
    for (const QStringList& cells : h.rows) {
        QList<QStandardItem*> items;
        for (const QString& c : cells) {
            auto* item = new QStandardItem(QString(c).replace(QLatin1Char('\n'), QStringLiteral(" ⏎ ")));
            item->setToolTip(c);
            items << item;
        }
        m_tableModel->appendRow(items);
    }
    {
        const QSignalBlocker block(m_columns);
        m_columns->clear();
        for (const QString& c : h.columns) {
            auto* item = new QListWidgetItem(c, m_columns);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(m_wantedColumns.contains(c) ? Qt::Checked : Qt::Unchecked);
        }
    }
    retranslateUi();
    scheduleCount();
}

void CalibrationPanel::scheduleCount() {
    ++m_generation;
    m_countPending = true;
    m_countDelay->start();
    saveChoices();
    updateProblem();
}

void CalibrationPanel::startCount() {
    const bool chosen = m_useTemplate->isChecked() ? !m_template->text().isEmpty() : !textColumns().isEmpty();
    if (m_modelPath.isEmpty() || m_head.path.isEmpty() || m_headPending || !m_head.error.isEmpty() ||
        !chosen || !m_required) {
        // Nothing to count yet; whatever is missing is the problem shown. A pending table read
        // schedules another count when it finishes.
        m_countPending = m_headPending;
        m_preview.reset();
        m_countError.clear();
        retranslateUi();
        return;
    }
    const medawq::QuantizeParams p = previewParams();
    const int generation = m_generation;
    m_countWatcher.setFuture(QtConcurrent::run([p, generation] {
        Counted c;
        c.generation = generation;
        try {
            c.preview = medawq::previewCalibration(p);
        } catch (const std::exception& e) {
            c.error = QString::fromUtf8(e.what());
        }
        return c;
    }));
}

void CalibrationPanel::showCount() {
    const Counted c = m_countWatcher.result();
    if (c.generation != m_generation) return;  // the choices changed meanwhile; a newer count runs
    m_countPending = false;
    m_preview = c.preview;
    m_countError = c.error;
    retranslateUi();
}

void CalibrationPanel::saveChoices() {
    prefs::textColumns.setValue(m_wantedColumns);
    prefs::useTemplate.setValue(m_useTemplate->isChecked());
    prefs::promptFile.setValue(m_template->text());
    prefs::chatTemplate.setValue(m_chat->isChecked());
    prefs::numSamples.setValue(m_samples->value());
    prefs::seqlen.setValue(m_seqlen->value());
    prefs::maxBlocks.setValue(m_maxBlocks->value());
    prefs::seed.setValue(m_seed->value());
}

QString CalibrationPanel::problem() const {
    if (!m_required) return {};
    const QString file = m_file->text();
    if (file.isEmpty()) return tr("Choose a calibration data file (CSV, XLSX, JSONL or TXT).");
    if (m_headPending) return tr("Reading %1…").arg(file);
    if (!m_head.error.isEmpty()) return m_head.error;
    if (m_useTemplate->isChecked()) {
        if (m_template->text().isEmpty()) return tr("Choose a prompt template file, or use text columns.");
    } else if (textColumns().isEmpty()) {
        QStringList missing;
        for (const QString& c : m_wantedColumns)
            if (!m_head.columns.contains(c)) missing << QStringLiteral("'%1'").arg(c);
        if (!missing.isEmpty())
            return tr("%1: no column %2; choose the text column(s) below.").arg(file, missing.join(QStringLiteral(", ")));
        return tr("Choose at least one text column, or a prompt template.");
    }
    if (m_modelPath.isEmpty()) return tr("Counting tokens needs the model's tokenizer: choose a usable model on the Model page.");
    if (m_countPending) return tr("Counting calibration tokens…");
    if (!m_countError.isEmpty()) return m_countError;
    return {};
}

void CalibrationPanel::updateProblem() {
    const QString p = problem();
    const bool waiting = isBusy() && !p.isEmpty() && (m_countPending || m_headPending);
    if (!m_required) m_problem->setProblem(tr("RTN does not use calibration data."), ProblemLabel::Kind::Note);
    else m_problem->setProblem(p, waiting ? ProblemLabel::Kind::Note : ProblemLabel::Kind::Problem);
    Q_EMIT readinessChanged();
}

void CalibrationPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void CalibrationPanel::retranslateUi() {
    m_heading->setText(tr("Calibration data"));
    m_intro->setText(tr("AWQ chooses its scales from the activations these texts cause: use text like what the "
                        "model will see in use (for report generation, your prompts or your reports)."));
    m_fileLabel->setText(tr("&File:"));
    m_file->setPlaceholderText(tr("CSV, TSV, XLSX, JSONL or TXT"));
    m_browseFile->setText(tr("Bro&wse…"));
    m_textBox->setTitle(tr("Text of each row"));
    m_useColumns->setText(tr("Text &columns (joined with line breaks):"));
    m_useTemplate->setText(tr("Prompt &template file ({column} placeholders filled from each row):"));
    m_template->setPlaceholderText(tr("prompt.txt"));
    m_browseTemplate->setText(tr("Browse…"));
    m_chat->setText(tr("Wrap each text in the model's chat format"));
    m_samplingBox->setTitle(tr("Sampling"));
    m_samplesLabel->setText(tr("&Samples:"));
    m_samplesLabel->setBuddy(m_samples);
    m_samples->setSuffix(tr(" rows"));
    m_samples->setToolTip(tr("Rows drawn at random (with the seed) from the table; all rows when it has fewer."));
    m_seqlenLabel->setText(tr("Se&quence length:"));
    m_seqlenLabel->setBuddy(m_seqlen);
    m_seqlen->setSuffix(tr(" tokens"));
    m_blocksLabel->setText(tr("At most:"));
    m_blocksLabel->setBuddy(m_maxBlocks);
    m_maxBlocks->setSuffix(tr(" blocks"));
    m_maxBlocks->setSpecialValueText(tr("all blocks"));
    m_seedLabel->setText(tr("S&eed:"));
    m_seedLabel->setBuddy(m_seed);
    m_filledBox->setTitle(tr("First calibration text, as the model sees it"));

    // File-level messages: the read error, else the table's warnings (usable data).
    if (!m_head.error.isEmpty()) {
        m_fileProblem->setProblem(m_head.error);
    } else if (!m_head.warnings.isEmpty()) {
        QStringList shown = m_head.warnings.mid(0, 3);
        if (m_head.warnings.size() > 3) shown << tr("(%n more warning(s))", nullptr, int(m_head.warnings.size() - 3));
        m_fileProblem->setProblem(tr("Warnings: %1").arg(shown.join(QStringLiteral("; "))), ProblemLabel::Kind::Note);
    } else {
        m_fileProblem->setProblem({});
    }
    if (m_head.path.isEmpty() || !m_head.error.isEmpty()) m_previewLabel->setText(tr("Preview: no table read."));
    else if (m_headPending) m_previewLabel->setText(tr("Preview: reading…"));
    else
        m_previewLabel->setText(tr("Preview: the first %n row(s);", nullptr, int(m_head.rows.size())) + QLatin1Char(' ') +
                                tr("%n column(s).", nullptr, int(m_head.columns.size())));

    if (m_preview) {
        const medawq::CalibrationPreview& c = *m_preview;
        const int seqlen = m_seqlen->value();
        QStringList lines;
        lines << tr("%1 rows in the file; %2 drawn (seed %3); %4 empty.")
                     .arg(formatCount(c.rowsRead), formatCount(c.rowsDrawn))
                     .arg(m_seed->value())
                     .arg(formatCount(c.rowsEmpty));
        lines << tr("%n text(s) used, %1 to %2 tokens each (mean %3).", nullptr, int(c.textsUsed))
                     .arg(formatCount(c.tokensMin), formatCount(c.tokensMax), QLocale().toString(c.tokensMean, 'f', 1));
        lines << tr("%n block(s) of %1 tokens: %2 tokens go through the model, %3 tokens left over.", nullptr, int(c.blocks))
                     .arg(formatCount(seqlen), formatCount(c.tokensUsed), formatCount(c.tokensDiscarded));
        if (c.truncated > 0)
            lines << tr("%n text(s) longer than %1 tokens cut to that length.", nullptr, int(c.truncated)).arg(seqlen);
        if (c.skippedTooLong > 0)
            lines << tr("%n text(s) longer than %1 tokens left out (autoawq preset).", nullptr, int(c.skippedTooLong)).arg(seqlen);
        m_stats->setText(lines.join(QLatin1Char('\n')));
        m_filled->setPlainText(QString::fromStdString(c.firstText));
    } else {
        m_stats->setText(m_countPending ? tr("Counting tokens…") : tr("Token statistics appear here."));
        m_filled->clear();
    }
    updateProblem();
}

}  // namespace medawq::ui
