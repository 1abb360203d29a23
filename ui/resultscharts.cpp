#include "resultscharts.h"

#include "chartplot.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <qcustomplot.h>

namespace medawq::ui {

using namespace medawq::report;

namespace {
enum Chart { MetricBars, Prefill, Decode, Memory, Scatter, QualitySpeed, ChartKinds };
}

ResultsCharts::ResultsCharts(QWidget* parent) : QWidget(parent) {
    m_chart = new QComboBox;
    m_chart->setObjectName(QStringLiteral("chartChoice"));
    m_metricLabel = new QLabel;
    m_metric = new QComboBox;
    m_export = new QPushButton;
    m_addRun = new QPushButton;
    m_plot = new QCustomPlot;
    m_plot->setMinimumSize(480, 320);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_chart, 1);
    bar->addWidget(m_metricLabel);
    bar->addWidget(m_metric, 1);
    bar->addWidget(m_addRun);
    bar->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    for (int i = 0; i < ChartKinds; ++i) m_chart->addItem(QString());
    connect(m_chart, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_export, &QPushButton::clicked, this, &ResultsCharts::exportInteractively);
    connect(m_addRun, &QPushButton::clicked, this, &ResultsCharts::addRunInteractively);
    retranslateUi();
}

void ResultsCharts::setRun(const EvaluationRun* run) {
    m_run = run;
    const QSignalBlocker block(m_metric);
    m_metric->clear();
    if (run)
        for (const QString& k : run->metricKeys) m_metric->addItem(Charts::shortMetricName(*run, k), k);
    if (run) m_metric->setCurrentIndex(std::max(0, int(run->metricKeys.indexOf(run->primaryMetric()))));
    redraw();
}

bool ResultsCharts::addComparedRun(const QString& dir, QString* error) {
    auto run = EvaluationRun::load(dir, error);
    if (!run) return false;
    m_compared.push_back(std::make_unique<EvaluationRun>(std::move(*run)));
    showChart(QualitySpeed);  // redraws
    return true;
}

int ResultsCharts::chartCount() const { return m_chart->count(); }
void ResultsCharts::showChart(int index) {
    if (index == m_chart->currentIndex()) redraw();
    else m_chart->setCurrentIndex(index);
}
int ResultsCharts::currentChart() const { return m_chart->currentIndex(); }

void ResultsCharts::redraw() {
    const int chart = m_chart->currentIndex();
    m_metric->setEnabled(chart == Scatter || chart == QualitySpeed);
    m_addRun->setEnabled(chart == QualitySpeed && m_run);
    m_export->setEnabled(m_run != nullptr);
    if (!m_run) {
        m_data = ChartData{};
        m_plot->clearPlottables();
        m_plot->replot();
        return;
    }
    const QString metric = m_metric->currentData().toString();
    switch (chart) {
        case MetricBars: m_data = Charts::metricBars(*m_run); break;
        case Prefill: m_data = Charts::prefillSpeed(*m_run); break;
        case Decode: m_data = Charts::decodeSpeed(*m_run); break;
        case Memory: m_data = Charts::memory(*m_run); break;
        case Scatter: m_data = Charts::caseScatter(*m_run, metric, 0, std::min(1, int(m_run->models.size()) - 1)); break;
        default: {
            QList<const EvaluationRun*> runs{m_run};
            for (const auto& r : m_compared) runs.append(r.get());
            m_data = Charts::qualitySpeed(runs, metric);
        }
    }
    drawChart(m_plot, m_data, font());
}

bool ResultsCharts::exportChart(const QString& path, QString* error) {
    return ChartExport::save(m_plot, path, std::max(800, m_plot->width()), std::max(450, m_plot->height()), error);
}

void ResultsCharts::exportInteractively() {
    QStringList filters;
    for (const QString& f : ChartExport::formats()) filters << tr("%1 image (*.%2)").arg(f.toUpper(), f);
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), QString(), filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty()) return;
    QString error;
    if (!exportChart(path, &error)) QMessageBox::warning(this, tr("Export chart"), error);
}

void ResultsCharts::addRunInteractively() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add an evaluation run to compare"));
    if (dir.isEmpty()) return;
    QString error;
    if (!addComparedRun(dir, &error)) QMessageBox::warning(this, tr("Add run"), error);
}

void ResultsCharts::retranslateUi() {
    const QString names[ChartKinds] = {tr("F1 metrics by model"), tr("Prefill tokens/s"), tr("Decode tokens/s"),
                                       tr("Peak GPU memory and size on disk"), tr("Per-case scores: original vs quantized"),
                                       tr("Quality against speed (runs)")};
    for (int i = 0; i < ChartKinds; ++i) m_chart->setItemText(i, names[i]);
    m_metricLabel->setText(tr("Metric:"));
    m_export->setText(tr("Export chart…"));
    m_addRun->setText(tr("Add run…"));
    m_addRun->setToolTip(tr("Add another evaluation run (another bit width or group size) as points of the quality-against-speed chart"));
    if (m_run) setRun(m_run);
}

void ResultsCharts::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    // The language switch also changes the application font (CJK families for Chinese): the
    // chart's text is measured with the font it is drawn with, so draw again.
    if (event->type() == QEvent::FontChange) redraw();
    QWidget::changeEvent(event);
}

}  // namespace medawq::ui
