#include "resultspanel.h"

#include "chartdata.h"
#include "experimentreport.h"
#include "findings.h"
#include "reportdiffview.h"
#include "resultscharts.h"
#include "resultsexport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QKeySequence>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace medawq::ui {

using namespace medawq::report;

ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent) {
    m_runLabel = new QLabel;
    m_runLabel->setWordWrap(true);
    m_runLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_open = new QPushButton;
    auto* header = new QHBoxLayout;
    header->addWidget(m_runLabel, 1);
    header->addWidget(m_open);

    // Cases tab: filters and the list on the left, the case on the right.
    m_search = new QLineEdit;
    m_search->setClearButtonEnabled(true);
    m_disagreements = new QCheckBox;
    m_orderLabel = new QLabel;
    m_order = new QComboBox;
    for (int i = 0; i < 3; ++i) m_order->addItem(QString());
    m_metricLabel = new QLabel;
    m_metric = new QComboBox;
    m_comparedLabel = new QLabel;
    m_compared = new QComboBox;
    m_cases = new QListWidget;
    m_cases->setObjectName(QStringLiteral("caseList"));
    m_count = new QLabel;
    m_previous = new QPushButton;
    m_next = new QPushButton;
    auto* nav = new QHBoxLayout;
    nav->addWidget(m_previous);
    nav->addWidget(m_next);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_disagreements);
    auto* grid = new QGridLayout;
    grid->addWidget(m_orderLabel, 0, 0);
    grid->addWidget(m_order, 0, 1);
    grid->addWidget(m_metricLabel, 1, 0);
    grid->addWidget(m_metric, 1, 1);
    grid->addWidget(m_comparedLabel, 2, 0);
    grid->addWidget(m_compared, 2, 1);
    leftLayout->addLayout(grid);
    leftLayout->addWidget(m_cases, 1);
    leftLayout->addWidget(m_count);
    leftLayout->addLayout(nav);

    m_fontLabel = new QLabel;
    m_fontSize = new QSpinBox;
    m_fontSize->setRange(7, 28);
    m_fontSize->setValue(10);
    m_copy = new QPushButton;
    m_diff = new ReportDiffView;
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* tools = new QHBoxLayout;
    tools->addStretch(1);
    tools->addWidget(m_fontLabel);
    tools->addWidget(m_fontSize);
    tools->addWidget(m_copy);
    rightLayout->addLayout(tools);
    rightLayout->addWidget(m_diff, 1);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 3);
    split->setSizes({260, 900});

    m_charts = new ResultsCharts;
    m_export = new ResultsExport;
    m_tabs = new QTabWidget;
    m_tabs->addTab(split, QString());
    m_tabs->addTab(m_charts, QString());
    m_tabs->addTab(m_export, QString());

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);

    connect(m_open, &QPushButton::clicked, this, &ResultsPanel::openInteractively);
    connect(m_search, &QLineEdit::textChanged, this, &ResultsPanel::refilter);
    connect(m_disagreements, &QCheckBox::toggled, this, &ResultsPanel::refilter);
    connect(m_order, &QComboBox::currentIndexChanged, this, &ResultsPanel::refilter);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &ResultsPanel::refilter);
    connect(m_compared, &QComboBox::currentIndexChanged, this, [this] {
        m_diff->setComparedModel(m_compared->currentData().toInt());
        refilter();
    });
    connect(m_cases, &QListWidget::currentRowChanged, this, [this](int row) {
        m_diff->showCase(m_visible.value(row, -1));
        m_previous->setEnabled(row > 0);
        m_next->setEnabled(row >= 0 && row + 1 < m_visible.size());
    });
    // Step through the cases without leaving the reports (the list keeps its own arrow keys).
    m_previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    connect(m_previous, &QPushButton::clicked, this, &ResultsPanel::showPreviousCase);
    connect(m_next, &QPushButton::clicked, this, &ResultsPanel::showNextCase);
    // A thumbnail or the image pane's previous/next: that case, in the list when it is shown there.
    connect(m_diff, &ReportDiffView::caseRequested, this, [this](int caseIndex) {
        const int row = m_visible.indexOf(caseIndex);
        if (row >= 0) m_cases->setCurrentRow(row);
        else m_diff->showCase(caseIndex);
    });
    connect(m_fontSize, &QSpinBox::valueChanged, m_diff, &ReportDiffView::setFontPointSize);
    connect(m_copy, &QPushButton::clicked, m_diff, &ReportDiffView::copyCase);
    retranslateUi();
}

ResultsPanel::~ResultsPanel() = default;

bool ResultsPanel::openRun(const QString& runDir) {
    QString error;
    auto run = EvaluationRun::load(runDir, &error);
    if (!run) {
        m_problem = error;
        m_runLabel->setText(QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(error.toHtmlEscaped()));
        return false;
    }
    m_run = std::move(run);  // the views' pointers into it are reset below, before any event
    m_problem.clear();
    {
        const QSignalBlocker a(m_metric), b(m_compared);
        m_metric->clear();
        for (const QString& k : m_run->metricKeys) m_metric->addItem(Charts::shortMetricName(*m_run, k), k);
        m_metric->setCurrentIndex(std::max(0, int(m_run->metricKeys.indexOf(m_run->primaryMetric()))));
        m_compared->clear();
        for (int i = 1; i < m_run->models.size(); ++i) m_compared->addItem(m_run->models[i].label, i);
    }
    m_diff->setRun(&*m_run);
    m_charts->setRun(&*m_run);
    m_export->setRun(&*m_run);
    retranslateUi();  // ends with refilter()
    return true;
}

void ResultsPanel::showTab(Tab tab) { m_tabs->setCurrentIndex(int(tab)); }
void ResultsPanel::setFilterText(const QString& text) { m_search->setText(text); }
void ResultsPanel::setOnlyDisagreements(bool on) { m_disagreements->setChecked(on); }
void ResultsPanel::setOrder(CaseQuery::Order order) { m_order->setCurrentIndex(int(order)); }

void ResultsPanel::setComparedModel(int model) {
    const int i = m_compared->findData(model);
    if (i >= 0) m_compared->setCurrentIndex(i);
}

void ResultsPanel::selectCase(int caseIndex) { m_cases->setCurrentRow(int(m_visible.indexOf(caseIndex))); }
void ResultsPanel::showNextCase() { m_cases->setCurrentRow(std::min(m_cases->currentRow() + 1, m_cases->count() - 1)); }
void ResultsPanel::showPreviousCase() { m_cases->setCurrentRow(std::max(m_cases->currentRow() - 1, 0)); }

CaseQuery ResultsPanel::query() const {
    CaseQuery q;
    q.order = CaseQuery::Order(std::max(0, m_order->currentIndex()));
    q.metric = m_metric->currentData().toString();
    q.compared = m_compared->currentData().isValid() ? m_compared->currentData().toInt() : 0;
    q.onlyDisagreements = m_disagreements->isChecked();
    q.text = m_search->text();
    return q;
}

void ResultsPanel::refilter() {
    const int keep = m_diff->currentCase();
    m_cases->clear();
    m_visible.clear();
    if (!m_run) {
        m_count->clear();
        return;
    }
    const CaseQuery q = query();
    m_visible = selectCases(*m_run, q);
    const QString metric = q.metric.isEmpty() ? m_run->primaryMetric() : q.metric;
    for (int i : m_visible) {
        const EvalCase& c = m_run->cases[i];
        const int disagreements = int(Findings::disagreements(c, {q.baseline, q.compared}).size());
        QString text = tr("Case %1 · row %2 · %3").arg(c.index + 1).arg(c.row).arg(formatDelta(caseChange(c, q, metric)));
        if (disagreements > 0) text += QStringLiteral(" · ") + tr("%n finding(s) differ", nullptr, disagreements);
        auto* item = new QListWidgetItem(text, m_cases);
        if (disagreements > 0) item->setForeground(QColor(0xb0, 0x00, 0x20));
        item->setToolTip(c.reference);
    }
    m_count->setText(tr("%1 of %n case(s)", nullptr, int(m_run->cases.size())).arg(m_visible.size()));
    const int row = int(m_visible.indexOf(keep));
    m_cases->setCurrentRow(row >= 0 ? row : (m_visible.isEmpty() ? -1 : 0));
    if (m_visible.isEmpty()) m_diff->showCase(-1);
}

void ResultsPanel::openInteractively() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open an evaluation run"),
                                                          m_run ? QDir(m_run->directory + QStringLiteral("/..")).absolutePath() : QString());
    if (!dir.isEmpty()) openRun(dir);
}

void ResultsPanel::retranslateUi() {
    if (m_run)  // the metric names follow the language too
        for (int i = 0; i < m_metric->count(); ++i)
            m_metric->setItemText(i, Charts::shortMetricName(*m_run, m_metric->itemData(i).toString()));
    if (m_run) {
        QStringList models;
        for (const ModelResult& m : m_run->models) models << m.label;
        m_runLabel->setText(tr("<b>%1</b> · %2 · %n case(s) · created %3", nullptr, int(m_run->cases.size()))
                                .arg(QDir::toNativeSeparators(m_run->directory).toHtmlEscaped(), models.join(QStringLiteral(" / ")).toHtmlEscaped(),
                                     m_run->created.toHtmlEscaped()));
    } else if (m_problem.isEmpty()) {
        m_runLabel->setText(tr("No evaluation run open. Open a run folder (it holds results.json and reports.jsonl)."));
    }
    m_open->setText(tr("Open run…"));
    m_tabs->setTabText(CasesTab, tr("Cases"));
    m_tabs->setTabText(ChartsTab, tr("Charts"));
    m_tabs->setTabText(ExportTab, tr("Export"));
    m_search->setPlaceholderText(tr("Search the reports and prompts"));
    m_disagreements->setText(tr("Only cases whose findings differ"));
    m_orderLabel->setText(tr("Order:"));
    m_order->setItemText(int(CaseQuery::Order::CaseNumber), tr("Case number"));
    m_order->setItemText(int(CaseQuery::Order::LargestDrop), tr("Largest drop first"));
    m_order->setItemText(int(CaseQuery::Order::LargestGain), tr("Largest gain first"));
    m_metricLabel->setText(tr("Metric:"));
    m_comparedLabel->setText(tr("Compare:"));
    m_previous->setText(tr("◀ Previous"));
    m_next->setText(tr("Next ▶"));
    m_previous->setToolTip(tr("Previous case in the list (Alt+Up)"));
    m_next->setToolTip(tr("Next case in the list (Alt+Down)"));
    m_fontLabel->setText(tr("Font size:"));
    m_copy->setText(tr("Copy case"));
    m_copy->setToolTip(tr("Copy this case (prompt, reference, reports, findings, scores) as text"));
    if (m_run) refilter();
}

void ResultsPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

}  // namespace medawq::ui
