#include "runspanel.h"

#include "experimentreport.h"
#include "formatting.h"
#include "runsfolder.h"
#include "runsmodel.h"

#include <QDesktopServices>
#include <QEvent>
#include <QFileInfo>
#include <QLocale>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace medawq::ui {

RunsPanel::RunsPanel(QWidget* parent) : QWidget(parent) {
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    m_where = new QLabel(this);
    m_where->setWordWrap(true);
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("runsFilter"));
    m_filter->setClearButtonEnabled(true);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshRuns"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_refresh);

    m_model = new RunsModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(Qt::UserRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("runsTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunsModel::Date, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();

    m_problems = new QLabel(this);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("runDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_open = new QPushButton(this);
    m_open->setObjectName(QStringLiteral("openRun"));
    m_test = new QPushButton(this);
    m_test->setObjectName(QStringLiteral("testRun"));
    m_openFolder = new QPushButton(this);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_openFolder);
    buttons->addWidget(m_test);
    buttons->addWidget(m_open);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_where);
    layout->addLayout(top);
    layout->addWidget(m_view, 3);
    layout->addWidget(m_problems);
    layout->addWidget(m_details, 1);
    layout->addLayout(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& t) {
        m_proxy->setFilterFixedString(t);
        retranslateUi();
    });
    connect(m_refresh, &QPushButton::clicked, this, &RunsPanel::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::showDetails);
    connect(m_view, &QTableView::activated, this, &RunsPanel::openSelected);
    connect(m_open, &QPushButton::clicked, this, &RunsPanel::openSelected);
    connect(m_test, &QPushButton::clicked, this, [this] {
        if (const auto r = selectedRun()) Q_EMIT testRequested(r->folder);
    });
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        if (const auto r = selectedRun()) QDesktopServices::openUrl(QUrl::fromLocalFile(r->folder));
    });
    connect(&m_watcher, &QFutureWatcher<Scan>::finished, this, [this] {
        const Scan s = m_watcher.result();
        m_scanning = false;
        const QString keep = m_pendingSelection.isEmpty() && selectedRun() ? selectedRun()->folder : m_pendingSelection;
        m_scanProblems = s.problems;
        m_model->setRuns(s.runs);
        m_view->resizeColumnsToContents();
        m_pendingSelection.clear();
        if (!keep.isEmpty()) selectRun(keep);
        retranslateUi();
        Q_EMIT runsChanged(s.runs);
    });
    retranslateUi();
    refresh();
}

const QList<RunRecord>& RunsPanel::runs() const { return m_model->runs(); }
int RunsPanel::visibleRunCount() const { return m_proxy->rowCount(); }
void RunsPanel::setFilterText(const QString& text) { m_filter->setText(text); }

void RunsPanel::refresh() {
    const QString dir = runsDirectory();
    m_scanning = true;
    m_watcher.setFuture(QtConcurrent::run([dir] {
        Scan s;
        s.runs = scanRuns(dir, &s.problems);
        return s;
    }));
    retranslateUi();
}

bool RunsPanel::selectRun(const QString& folder) {
    if (isScanning()) {
        m_pendingSelection = folder;
        return false;
    }
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex src = m_proxy->mapToSource(m_proxy->index(row, 0));
        if (m_model->run(src.row()).folder == QFileInfo(folder).absoluteFilePath()) {
            m_view->selectRow(row);
            m_view->scrollTo(m_proxy->index(row, 0));
            return true;
        }
    }
    return false;
}

std::optional<RunRecord> RunsPanel::selectedRun() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) return std::nullopt;
    return m_model->run(m_proxy->mapToSource(rows.first()).row());
}

void RunsPanel::openSelected() {
    if (const auto r = selectedRun()) Q_EMIT openRequested(*r);
}

QString RunsPanel::detailsText() const { return m_details->text(); }

void RunsPanel::showDetails() {
    const auto sel = selectedRun();
    m_open->setEnabled(sel.has_value());
    m_open->setText(sel && sel->isEvaluation() ? tr("&Open in Results") : tr("&Open in Run view"));
    m_test->setEnabled(sel.has_value() && !sel->isEvaluation());  // an evaluation folder holds no model
    m_openFolder->setEnabled(sel.has_value());
    if (!sel) {
        m_details->setTextFormat(Qt::PlainText);
        m_details->setText(tr("Click a run to see its summary."));
        return;
    }
    const RunRecord& r = *sel;
    if (r.isEvaluation()) {
        // The metrics table of the experiment report, in the UI's language (results.json only:
        // a few milliseconds); the core's own summary if the run cannot be read that way.
        const QString heading = tr("Evaluation of %1 on %n case(s), in %2", nullptr, int(r.cases))
                                    .arg(r.evaluatedModels.join(tr(" vs ")), r.folder);
        QString error;
        if (const auto run = medawq::report::EvaluationRun::load(r.folder, &error, /*withCases=*/false)) {
            const medawq::report::ExperimentReport report(*run, medawq::report::ReportOptions{});
            m_details->setTextFormat(Qt::RichText);
            m_details->setText(QStringLiteral("<p>%1</p>").arg(heading.toHtmlEscaped()) +
                               medawq::report::ExperimentReport::tableHtml(report.metricsTable()));
        } else {
            m_details->setTextFormat(Qt::MarkdownText);
            m_details->setText(heading + QStringLiteral("\n\n") + r.summary);
        }
        return;
    }
    m_details->setTextFormat(Qt::PlainText);
    QStringList lines;
    lines << tr("%1 from %2 (%3)").arg(r.folder, r.modelPath, r.architecture);
    lines << tr("%1, %2 bit, group %3, %4; preset %5; search grid %6, clipping %7; on %8")
                 .arg(r.method.toUpper())
                 .arg(r.bits)
                 .arg(r.groupSize)
                 .arg(r.zeroPoint ? tr("zero point") : tr("symmetric"), r.preset)
                 .arg(r.gridSize)
                 .arg(r.clipSearch ? tr("on") : tr("off"), r.device);
    if (r.method == QLatin1String("awq"))
        lines << tr("Calibration %1: %2 rows, %3 blocks of %4 tokens (%5 tokens)")
                     .arg(r.calibrationFile, formatCount(r.calibrationRows), formatCount(r.calibrationBlocks),
                          formatCount(r.seqlen), formatCount(r.calibrationTokens));
    lines << tr("Took %1: load %2, calibration %3, statistics %4, quantization %5, save %6")
                 .arg(formatSeconds(r.totalSeconds), formatSeconds(r.stageSeconds[0]), formatSeconds(r.stageSeconds[1]),
                      formatSeconds(r.stageSeconds[2]), formatSeconds(r.stageSeconds[3]), formatSeconds(r.stageSeconds[4]));
    if (r.method == QLatin1String("awq"))
        lines << tr("%1 of weights on disk; mean module MSE %2 with plain rounding, %3 with the chosen scales")
                     .arg(formatBytes(r.sizeBytes), QLocale().toString(r.lossRtn, 'g', 4), QLocale().toString(r.lossAwq, 'g', 4));
    else
        lines << tr("%1 of weights on disk").arg(formatBytes(r.sizeBytes));
    m_details->setText(lines.join(QLatin1Char('\n')));
}

void RunsPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        m_model->retranslate();
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void RunsPanel::retranslateUi() {
    m_heading->setText(tr("Runs"));
    const QString dir = runsDirectory();
    if (isScanning()) m_where->setText(tr("Reading %1…").arg(dir));
    else if (m_proxy->rowCount() == m_model->rowCount())
        m_where->setText(tr("%n run(s) in %1", nullptr, int(m_model->rowCount())).arg(dir));
    else
        m_where->setText(tr("%1 of %n run(s) in %2 shown (filter)", nullptr, int(m_model->rowCount()))
                             .arg(m_proxy->rowCount())
                             .arg(dir));
    m_filter->setPlaceholderText(tr("Filter: model, method, device, date…"));
    m_refresh->setText(tr("&Refresh"));
    m_refresh->setToolTip(tr("Read the runs folder again (F5)"));
    m_problems->setText(m_scanProblems.isEmpty() ? QString() : tr("Unreadable: %1").arg(m_scanProblems.join(QStringLiteral("; "))));
    m_problems->setVisible(!m_scanProblems.isEmpty());
    m_test->setText(tr("&Test this model"));
    m_openFolder->setText(tr("Open &folder"));
    showDetails();
}

}  // namespace medawq::ui
