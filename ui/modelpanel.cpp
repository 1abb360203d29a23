#include "modelpanel.h"

#include "formatting.h"
#include "preferences.h"
#include "problemlabel.h"

#include <medawq/errors.h>

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace medawq::ui {

namespace {
enum Field { Architecture, Layers, Parameters, Dtype, Disk, Fp16, Int4, Quantized, Vision, FieldCount };
}

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);
    m_folderLabel = new QLabel(this);
    m_folder = new QComboBox(this);
    m_folder->setObjectName(QStringLiteral("modelFolder"));
    m_folder->setEditable(true);
    m_folder->setInsertPolicy(QComboBox::NoInsert);
    m_folder->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_folderLabel->setBuddy(m_folder);
    m_browse = new QPushButton(this);
    m_browse->setObjectName(QStringLiteral("browseModel"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_folderLabel);
    row->addWidget(m_folder, 1);
    row->addWidget(m_browse);

    m_form = new QFormLayout;
    m_form->setLabelAlignment(Qt::AlignRight);
    for (int i = 0; i < FieldCount; ++i) {
        auto* name = new QLabel(this);
        auto* value = new QLabel(this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        value->setObjectName(QStringLiteral("modelField%1").arg(i));
        m_fieldNames.append(name);
        m_fieldValues.append(value);
        m_form->addRow(name, value);
    }
    m_problem = new ProblemLabel(this);
    m_problem->setObjectName(QStringLiteral("modelProblem"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_intro);
    layout->addSpacing(8);
    layout->addLayout(row);
    layout->addWidget(m_problem);
    layout->addSpacing(8);
    layout->addLayout(m_form);
    layout->addStretch(1);

    connect(m_browse, &QPushButton::clicked, this, &ModelPanel::browse);
    connect(m_folder, &QComboBox::activated, this, [this](int index) { openModel(m_folder->itemText(index)); });
    connect(m_folder->lineEdit(), &QLineEdit::returnPressed, this, [this] { openModel(m_folder->currentText()); });
    connect(&m_watcher, &QFutureWatcher<Inspection>::finished, this, &ModelPanel::showInspection);
    reloadRecent();
    retranslateUi();
}

void ModelPanel::openModel(const QString& dir) {
    m_path = dir.isEmpty() ? QString() : QDir::cleanPath(dir);
    m_info.reset();
    m_error.clear();
    if (m_folder->currentText() != m_path) m_folder->setEditText(m_path);
    m_inspecting = !m_path.isEmpty();
    if (m_inspecting) {
        const QString path = m_path;
        m_watcher.setFuture(QtConcurrent::run([path] {
            Inspection r;
            r.dir = path;
            try {
                r.info = medawq::inspectModel(path.toStdString());
            } catch (const std::exception& e) {
                r.error = QString::fromUtf8(e.what());
            }
            return r;
        }));
    }
    retranslateUi();
    Q_EMIT readinessChanged();
}

void ModelPanel::browse() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), m_path);
    if (!dir.isEmpty()) openModel(dir);
}

void ModelPanel::showInspection() {
    const Inspection r = m_watcher.result();
    if (r.dir != m_path) return;  // a later choice replaced this one
    m_inspecting = false;
    m_info = r.info;
    m_error = r.error;
    if (m_info) {
        rememberRecentModel(m_path);
        prefs::lastModel.setValue(m_path);
        reloadRecent();
    }
    retranslateUi();
    Q_EMIT modelChanged(m_path);
    Q_EMIT readinessChanged();
}

void ModelPanel::reloadRecent() {
    const QString current = m_folder->currentText();
    const QSignalBlocker block(m_folder);
    m_folder->clear();
    m_folder->addItems(prefs::recentModels.value());
    m_folder->setEditText(current);
}

QString ModelPanel::loadProblem() const {
    if (m_path.isEmpty()) return tr("Choose a model folder (Hugging Face layout: config.json and *.safetensors).");
    if (isInspecting()) return tr("Reading the model folder…");
    if (!m_error.isEmpty()) return m_error;
    return {};
}

QString ModelPanel::problem() const {
    const QString p = loadProblem();
    if (!p.isEmpty()) return p;
    if (m_info && m_info->isAwq)
        return tr("%1 is already AWQ-quantized (%2-bit, group %3): choose the original model to quantize it.")
            .arg(m_path)
            .arg(m_info->awqBits)
            .arg(m_info->awqGroupSize);
    return {};
}

void ModelPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void ModelPanel::retranslateUi() {
    m_heading->setText(tr("Model"));
    m_intro->setText(tr("The original (16-bit) model to quantize, as a Hugging Face folder. Only config.json and "
                        "the safetensors headers are read here; the weights load when a run starts."));
    m_folderLabel->setText(tr("&Folder:"));
    m_browse->setText(tr("&Browse…"));
    m_folder->lineEdit()->setPlaceholderText(tr("Model folder"));
    const char* names[FieldCount] = {
        QT_TR_NOOP("Architecture:"), QT_TR_NOOP("Layers:"), QT_TR_NOOP("Parameters:"),
        QT_TR_NOOP("Stored as:"), QT_TR_NOOP("Size on disk:"), QT_TR_NOOP("GPU memory, 16-bit:"),
        QT_TR_NOOP("GPU memory, 4-bit:"), QT_TR_NOOP("Quantization:"), QT_TR_NOOP("Vision:")};
    for (int i = 0; i < FieldCount; ++i) m_fieldNames[i]->setText(tr(names[i]));

    const bool show = m_info.has_value();
    for (int i = 0; i < FieldCount; ++i) {
        m_fieldNames[i]->setVisible(show);
        m_fieldValues[i]->setVisible(show);
    }
    m_problem->setProblem(m_path.isEmpty() ? QString() : problem(),
                          isInspecting() ? ProblemLabel::Kind::Note : ProblemLabel::Kind::Problem);
    if (!show) return;
    const medawq::ModelInfo& m = *m_info;
    m_fieldValues[Architecture]->setText(
        QStringLiteral("%1 (%2)").arg(QString::fromStdString(m.architecture), QString::fromStdString(m.family)));
    m_fieldValues[Layers]->setText(tr("%1 decoder layers, hidden size %2, vocabulary of %3 tokens")
                                       .arg(m.numLayers)
                                       .arg(m.hiddenSize)
                                       .arg(formatCount(m.vocabSize)));
    m_fieldValues[Parameters]->setText(formatParameters(m.parameterCount));
    QStringList dtypes;
    for (const auto& [dtype, bytes] : m.bytesByDtype)
        dtypes << QStringLiteral("%1 %2").arg(QString::fromStdString(dtype), formatBytes(quint64(bytes)));
    m_fieldValues[Dtype]->setText(tr("%1 (config.json); tensors: %2")
                                      .arg(QString::fromStdString(m.storedDtype.empty() ? "?" : m.storedDtype),
                                           dtypes.join(QStringLiteral(", "))));
    m_fieldValues[Disk]->setText(formatBytes(m.diskBytes));
    QString fp16 = tr("%1 for the weights (estimate; activations and the KV cache come on top)")
                       .arg(formatBytes(m.estimatedFp16Bytes));
    if (m.embeddingOnHostBytes > 0)
        fp16 += QLatin1Char(' ') + tr("The %1 embedding table stays in host memory (both sizes leave it out).")
                                       .arg(formatBytes(m.embeddingOnHostBytes));
    m_fieldValues[Fp16]->setText(fp16);
    m_fieldValues[Int4]->setText(tr("%1 for the weights (estimate, AWQ 4-bit, group 128)").arg(formatBytes(m.estimatedInt4Bytes)));
    m_fieldValues[Quantized]->setText(m.isAwq ? tr("Already AWQ: %1-bit, group %2").arg(m.awqBits).arg(m.awqGroupSize)
                                              : tr("Not quantized"));
    m_fieldValues[Vision]->setText(m.hasVision ? tr("Vision tower and projector (kept in 16 bit)") : tr("Text only"));
}

}  // namespace medawq::ui
