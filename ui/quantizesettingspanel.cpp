#include "quantizesettingspanel.h"

#include "preferences.h"
#include "problemlabel.h"
#include "runsfolder.h"

#include <medawq/devices.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace medawq::ui {

namespace {
QLabel* noteLabel(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color: #5f6368;"));
    return l;
}
void selectData(QComboBox* box, const QVariant& value) {
    const int i = box->findData(value);
    if (i >= 0) box->setCurrentIndex(i);
}
}  // namespace

QuantizeSettingsPanel::QuantizeSettingsPanel(QWidget* parent) : QWidget(parent) {
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    m_intro = new QLabel(this);
    m_intro->setWordWrap(true);

    m_methodBox = new QGroupBox(this);
    m_preset = new QComboBox(m_methodBox);
    m_preset->setObjectName(QStringLiteral("preset"));
    m_preset->addItem(QString(), QStringLiteral("medawq"));
    m_preset->addItem(QString(), QStringLiteral("autoawq"));
    m_presetNote = noteLabel(m_methodBox);
    m_method = new QComboBox(m_methodBox);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItem(QString(), QStringLiteral("awq"));
    m_method->addItem(QString(), QStringLiteral("rtn"));
    m_bits = new QComboBox(m_methodBox);
    m_bits->setObjectName(QStringLiteral("bits"));
    m_bits->addItem(QString(), 4);
    m_bits->addItem(QString(), 3);
    m_bitsNote = noteLabel(m_methodBox);
    m_group = new QComboBox(m_methodBox);
    m_group->setObjectName(QStringLiteral("groupSize"));
    for (int g : {32, 64, 128}) m_group->addItem(QString(), g);
    m_zeroPoint = new QCheckBox(m_methodBox);
    m_zeroPoint->setObjectName(QStringLiteral("zeroPoint"));
    m_grid = new QSpinBox(m_methodBox);
    m_grid->setObjectName(QStringLiteral("gridSize"));
    m_grid->setRange(1, 200);
    m_clip = new QCheckBox(m_methodBox);
    m_clip->setObjectName(QStringLiteral("clipSearch"));
    m_presetLabel = new QLabel(m_methodBox);
    m_methodLabel = new QLabel(m_methodBox);
    m_bitsLabel = new QLabel(m_methodBox);
    m_groupLabel = new QLabel(m_methodBox);
    m_gridLabel = new QLabel(m_methodBox);
    auto* methodForm = new QFormLayout(m_methodBox);
    methodForm->addRow(m_presetLabel, m_preset);
    methodForm->addRow(QString(), m_presetNote);
    methodForm->addRow(m_methodLabel, m_method);
    methodForm->addRow(m_bitsLabel, m_bits);
    methodForm->addRow(QString(), m_bitsNote);
    methodForm->addRow(m_groupLabel, m_group);
    methodForm->addRow(QString(), m_zeroPoint);
    methodForm->addRow(m_gridLabel, m_grid);
    methodForm->addRow(QString(), m_clip);

    m_whereBox = new QGroupBox(this);
    m_device = new QComboBox(m_whereBox);
    m_device->setObjectName(QStringLiteral("device"));
    for (const medawq::ComputeDevice& d : medawq::computeDevices()) m_device->addItem(QString(), QString::fromStdString(d.name));
    m_deviceNote = noteLabel(m_whereBox);
    m_output = new QLineEdit(m_whereBox);
    m_output->setObjectName(QStringLiteral("outputFolder"));
    m_browseOutput = new QPushButton(m_whereBox);
    m_suggest = new QPushButton(m_whereBox);
    m_suggest->setObjectName(QStringLiteral("suggestOutput"));
    m_overwrite = new QCheckBox(m_whereBox);
    m_overwrite->setObjectName(QStringLiteral("overwrite"));
    m_deviceLabel = new QLabel(m_whereBox);
    m_outputLabel = new QLabel(m_whereBox);
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browseOutput);
    outputRow->addWidget(m_suggest);
    auto* whereForm = new QFormLayout(m_whereBox);
    whereForm->addRow(m_deviceLabel, m_device);
    whereForm->addRow(QString(), m_deviceNote);
    whereForm->addRow(m_outputLabel, outputRow);
    whereForm->addRow(QString(), m_overwrite);

    m_problem = new ProblemLabel(this);
    m_problem->setObjectName(QStringLiteral("settingsProblem"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_intro);
    layout->addWidget(m_methodBox);
    layout->addWidget(m_whereBox);
    layout->addWidget(m_problem);
    layout->addStretch(1);

    // Saved choices.
    selectData(m_preset, prefs::preset.value());
    selectData(m_method, prefs::method.value());
    selectData(m_bits, prefs::bits.value());
    selectData(m_group, prefs::groupSize.value());
    m_zeroPoint->setChecked(prefs::zeroPoint.value());
    m_grid->setValue(prefs::gridSize.value());
    m_clip->setChecked(prefs::clipSearch.value());
    selectData(m_device, prefs::device.value());

    connect(m_preset, &QComboBox::activated, this, [this] {
        applyPresetChoices();
        Q_EMIT presetChanged(preset(), true);
        onChanged();
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        Q_EMIT methodChanged(method());
        onChanged();
    });
    for (QComboBox* box : {m_bits, m_group, m_device}) connect(box, &QComboBox::currentIndexChanged, this, &QuantizeSettingsPanel::onChanged);
    for (QCheckBox* box : {m_zeroPoint, m_clip, m_overwrite}) connect(box, &QCheckBox::toggled, this, &QuantizeSettingsPanel::onChanged);
    connect(m_grid, &QSpinBox::valueChanged, this, &QuantizeSettingsPanel::onChanged);
    connect(m_output, &QLineEdit::textEdited, this, [this] {
        m_outputSuggested = false;
        onChanged();
    });
    connect(m_suggest, &QPushButton::clicked, this, &QuantizeSettingsPanel::suggestOutputFolder);
    connect(m_browseOutput, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder to hold the output folder"), runsDirectory());
        if (dir.isEmpty()) return;
        const QString name = QFileInfo(m_output->text()).fileName();
        setOutputFolder(dir + QLatin1Char('/') + (name.isEmpty() ? QStringLiteral("quantized") : name));
    });
    retranslateUi();
}

QString QuantizeSettingsPanel::preset() const { return m_preset->currentData().toString(); }
QString QuantizeSettingsPanel::method() const { return m_method->currentData().toString(); }
QString QuantizeSettingsPanel::outputFolder() const { return m_output->text(); }
bool QuantizeSettingsPanel::overwrite() const { return m_overwrite->isChecked(); }
void QuantizeSettingsPanel::setOverwrite(bool on) { m_overwrite->setChecked(on); }
void QuantizeSettingsPanel::setMethod(const QString& method) { selectData(m_method, method); }
void QuantizeSettingsPanel::setBits(int bits) { selectData(m_bits, bits); }
void QuantizeSettingsPanel::setGroupSize(int groupSize) { selectData(m_group, groupSize); }
void QuantizeSettingsPanel::setDevice(const QString& device) { selectData(m_device, device); }

void QuantizeSettingsPanel::setPreset(const QString& preset) {
    selectData(m_preset, preset);
    applyPresetChoices();
    Q_EMIT presetChanged(this->preset(), true);
    onChanged();
}

void QuantizeSettingsPanel::applyPresetChoices() {
    // What applyPreset() fixes for AutoAWQ's preset and this page shows; the calibration page
    // takes its share through presetChanged().
    if (preset() == QLatin1String("autoawq")) {
        m_grid->setValue(20);
        m_clip->setChecked(true);
    }
}

void QuantizeSettingsPanel::setModelPath(const QString& modelDir) {
    m_modelPath = modelDir;
    if (m_outputSuggested) suggestOutputFolder();
}

void QuantizeSettingsPanel::setOutputFolder(const QString& folder) {
    if (folder.isEmpty()) {
        suggestOutputFolder();
        return;
    }
    m_outputSuggested = false;
    m_output->setText(folder);
    onChanged();
}

void QuantizeSettingsPanel::suggestOutputFolder() {
    m_outputSuggested = true;
    m_output->setText(m_modelPath.isEmpty() ? QString()
                                            : suggestRunFolder(m_modelPath, method(), m_bits->currentData().toInt(),
                                                               m_group->currentData().toInt()));
    onChanged();
}

void QuantizeSettingsPanel::onChanged() {
    const bool awq = method() == QLatin1String("awq");
    m_grid->setEnabled(awq);
    m_clip->setEnabled(awq);
    if (m_outputSuggested && !m_modelPath.isEmpty()) {
        // Keep the suggested name in step with the choices it is made of.
        const QSignalBlocker block(m_output);
        const QString want = suggestRunFolder(m_modelPath, method(), m_bits->currentData().toInt(), m_group->currentData().toInt());
        const QString base = QFileInfo(want).fileName().section(QLatin1Char('-'), 0, -3);
        if (!QFileInfo(m_output->text()).fileName().startsWith(base)) m_output->setText(want);
    }
    saveChoices();
    retranslateUi();
    Q_EMIT readinessChanged();
}

void QuantizeSettingsPanel::saveChoices() {
    prefs::preset.setValue(preset());
    prefs::method.setValue(method());
    prefs::bits.setValue(m_bits->currentData().toInt());
    prefs::groupSize.setValue(m_group->currentData().toInt());
    prefs::zeroPoint.setValue(m_zeroPoint->isChecked());
    prefs::gridSize.setValue(m_grid->value());
    prefs::clipSearch.setValue(m_clip->isChecked());
    prefs::device.setValue(m_device->currentData().toString());
}

void QuantizeSettingsPanel::fillParams(medawq::QuantizeParams& p) const {
    p.method = method().toStdString();
    p.bits = m_bits->currentData().toInt();
    p.groupSize = m_group->currentData().toInt();
    p.zeroPoint = m_zeroPoint->isChecked();
    p.gridSize = m_grid->value();
    p.clipSearch = m_clip->isChecked();
    p.device = m_device->currentData().toString().toStdString();
    p.outputPath = m_output->text().toStdString();
    p.overwrite = m_overwrite->isChecked();
}

QString QuantizeSettingsPanel::problem() const {
    const QString out = m_output->text().trimmed();
    if (out.isEmpty()) return tr("Choose an output folder.");
    const QFileInfo fi(out);
    if (fi.exists() && !fi.isDir()) return tr("%1 is a file; the output must be a folder.").arg(out);
    if (fi.exists() && !m_overwrite->isChecked())
        return tr("%1 already exists: choose another output folder, or tick “Replace an existing folder”.").arg(out);
    // The nearest existing ancestor must be writable, since the job creates the rest.
    QFileInfo parent(fi.absolutePath());
    while (!parent.exists() && parent.absoluteFilePath() != parent.absolutePath()) parent = QFileInfo(parent.absolutePath());
    if (!parent.isWritable()) return tr("%1: cannot write there (no permission).").arg(parent.absoluteFilePath());
    return {};
}

void QuantizeSettingsPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void QuantizeSettingsPanel::retranslateUi() {
    m_heading->setText(tr("Quantization settings"));
    m_intro->setText(tr("4-bit weights with one scale and zero point per group of input channels are what AutoAWQ "
                        "GEMM kernels (vLLM, transformers) load. The defaults suit most models."));
    m_methodBox->setTitle(tr("Method"));
    m_presetLabel->setText(tr("&Preset:"));
    m_presetLabel->setBuddy(m_preset);
    m_preset->setItemText(0, tr("MedAWQ (recommended)"));
    m_preset->setItemText(1, tr("AutoAWQ 0.2.9 (identical choices)"));
    m_presetNote->setText(preset() == QLatin1String("autoawq")
                              ? tr("Reproduces AutoAWQ's choices exactly, for comparisons: long texts are dropped, only the "
                                   "first block starts with BOS, scales are searched on the grid only.")
                              : tr("Long texts are cut instead of dropped, every block starts with BOS, and the search also "
                                   "tries leaving a layer's scales at 1."));
    m_methodLabel->setText(tr("&Method:"));
    m_methodLabel->setBuddy(m_method);
    m_method->setItemText(0, tr("AWQ (activation-aware scales from calibration data)"));
    m_method->setItemText(1, tr("RTN (round to nearest, the baseline; no calibration data)"));
    m_bitsLabel->setText(tr("&Bits:"));
    m_bitsLabel->setBuddy(m_bits);
    m_bits->setItemText(0, tr("4 bit"));
    m_bits->setItemText(1, tr("3 bit"));
    m_bitsNote->setText(m_bits->currentData().toInt() == 3
                            ? tr("No kernel runs 3-bit AWQ: the weights are saved rounded but in 16 bit (no memory saved); "
                                 "for measuring quality only.")
                            : tr("Saved as an AutoAWQ GEMM checkpoint."));
    m_groupLabel->setText(tr("&Group size:"));
    m_groupLabel->setBuddy(m_group);
    for (int i = 0; i < m_group->count(); ++i)
        m_group->setItemText(i, tr("%1 input channels").arg(m_group->itemData(i).toInt()));
    m_zeroPoint->setText(tr("&Zero point (asymmetric range per group)"));
    m_gridLabel->setText(tr("Search &grid:"));
    m_gridLabel->setBuddy(m_grid);
    m_grid->setSuffix(tr(" points"));
    m_clip->setText(tr("&Clipping search (shrinks each group's range where that lowers the error)"));
    m_whereBox->setTitle(tr("Where"));
    m_deviceLabel->setText(tr("&Device:"));
    m_deviceLabel->setBuddy(m_device);
    for (int i = 0; i < m_device->count(); ++i) {
        const QString name = m_device->itemData(i).toString();
        m_device->setItemText(i, name == QLatin1String("cpu") ? tr("CPU") : tr("GPU %1").arg(name));
    }
    m_deviceNote->setText(medawq::cudaAvailable()
                              ? QString()
                              : tr("No GPU: this build of libtorch or this machine has no CUDA device, so runs use the CPU."));
    m_deviceNote->setVisible(!m_deviceNote->text().isEmpty());
    m_outputLabel->setText(tr("&Output folder:"));
    m_outputLabel->setBuddy(m_output);
    m_browseOutput->setText(tr("Browse…"));
    m_suggest->setText(tr("&New name"));
    m_suggest->setToolTip(tr("A fresh folder in the runs folder, named after the model and these settings"));
    m_overwrite->setText(tr("&Replace an existing folder"));
    m_problem->setProblem(problem());
}

}  // namespace medawq::ui
