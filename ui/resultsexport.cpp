#include "resultsexport.h"

#include "pdfreport.h"
#include "reportexport.h"
#include "xrayimage.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace medawq::ui {

using namespace medawq::report;

ResultsExport::ResultsExport(QWidget* parent) : QWidget(parent) {
    m_intro = new QLabel;
    m_intro->setWordWrap(true);
    m_casesLabel = new QLabel;
    m_cases = new QSpinBox;
    m_cases->setRange(0, 500);
    m_cases->setValue(5);
    m_comparedLabel = new QLabel;
    m_compared = new QComboBox;
    m_pdf = new QPushButton;
    m_markdown = new QPushButton;
    m_csv = new QPushButton;
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* form = new QFormLayout;
    form->addRow(m_casesLabel, m_cases);
    form->addRow(m_comparedLabel, m_compared);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_pdf);
    buttons->addWidget(m_markdown);
    buttons->addWidget(m_csv);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addStretch(1);
    connect(m_pdf, &QPushButton::clicked, this, [this] { choose(QStringLiteral("pdf")); });
    connect(m_markdown, &QPushButton::clicked, this, [this] { choose(QStringLiteral("md")); });
    connect(m_csv, &QPushButton::clicked, this, [this] { choose(QStringLiteral("csv")); });
    retranslateUi();
    setRun(nullptr);
}

void ResultsExport::setRun(const EvaluationRun* run) {
    m_run = run;
    m_compared->clear();
    if (run)
        for (int i = 1; i < run->models.size(); ++i) m_compared->addItem(run->models[i].label, i);
    for (QWidget* w : {static_cast<QWidget*>(m_pdf), static_cast<QWidget*>(m_markdown), static_cast<QWidget*>(m_csv)}) w->setEnabled(run);
    m_status->clear();
}

void ResultsExport::setCaseCount(int n) { m_cases->setValue(n); }
QString ResultsExport::statusText() const { return m_status->text(); }

bool ResultsExport::finish(bool ok, const QString& path, const QString& error) {
    m_status->setText(ok ? tr("Written: %1").arg(QDir::toNativeSeparators(path)) : error);
    return ok;
}

ReportOptions ResultsExport::options() const {
    ReportOptions o;
    o.caseCount = m_cases->value();
    o.comparedModel = m_compared->currentData().isValid() ? m_compared->currentData().toInt() : 0;
    o.loadImage = readXRay;  // DICOM too
    return o;
}

bool ResultsExport::exportPdf(const QString& path) {
    if (!m_run) return false;
    const ReportOptions o = options();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    PdfReport pdf(*m_run, o);
    QString error;
    const bool ok = pdf.write(path, &error);
    QApplication::restoreOverrideCursor();
    return finish(ok, path, error);
}

bool ResultsExport::exportMarkdown(const QString& path) {
    if (!m_run) return false;
    const ReportOptions o = options();
    QString error;
    return finish(ReportExport::writeMarkdown(*m_run, o, path, &error), path, error);
}

bool ResultsExport::exportCsv(const QString& path) {
    if (!m_run) return false;
    const ReportOptions o = options();
    QString error;
    return finish(ReportExport::writeCsv(*m_run, o, path, &error), path, error);
}

void ResultsExport::choose(const QString& suffix) {
    if (!m_run) return;
    const QString suggested = QDir(m_run->directory).filePath(QStringLiteral("report.") + suffix);
    const QString filter = suffix == QLatin1String("pdf") ? tr("PDF (*.pdf)")
                           : suffix == QLatin1String("md") ? tr("Markdown (*.md)")
                                                           : tr("CSV (*.csv)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the report"), suggested, filter);
    if (path.isEmpty()) return;
    if (suffix == QLatin1String("pdf")) exportPdf(path);
    else if (suffix == QLatin1String("md")) exportMarkdown(path);
    else exportCsv(path);
}

void ResultsExport::retranslateUi() {
    m_intro->setText(tr("The experiment report of this run: settings, calibration data, the metrics table with changes against "
                        "the original model, the charts and case comparisons, in the UI language. The PDF carries the run's "
                        "results.json as an attachment. Outputs are for research, not for clinical use."));
    m_casesLabel->setText(tr("Case comparisons (largest drop first):"));
    m_comparedLabel->setText(tr("Compared with the original:"));
    m_pdf->setText(tr("Save PDF…"));
    m_markdown->setText(tr("Save Markdown…"));
    m_csv->setText(tr("Save CSV…"));
}

void ResultsExport::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

}  // namespace medawq::ui
