#include "reportdiffview.h"

#include "xraypane.h"
#include "experimentreport.h"
#include "findings.h"
#include "worddiff.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QFontMetrics>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace medawq::ui {

using namespace medawq::report;

ReportDiffView::ReportDiffView(QWidget* parent) : QWidget(parent) {
    m_heading = new QLabel;
    QFont bold = m_heading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_heading->setFont(bold);
    m_fields = new QLabel;
    m_fields->setWordWrap(true);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings = new QLabel;
    m_findings->setObjectName(QStringLiteral("findings"));
    m_findings->setWordWrap(true);
    m_findings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_scores = new QTableWidget;
    m_scores->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scores->verticalHeader()->hide();
    m_scores->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_scores->horizontalHeader()->setStretchLastSection(true);
    m_scores->setMaximumHeight(170);

    m_paneSplitter = new QSplitter(Qt::Horizontal);
    m_paneSplitter->setChildrenCollapsible(false);
    m_image = new XRayPane;
    m_image->hide();
    connect(m_image, &XRayPane::caseRequested, this, &ReportDiffView::caseRequested);

    auto* outer = new QSplitter(Qt::Vertical);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_heading);
    topLayout->addWidget(m_fields);
    topLayout->addWidget(m_findings);
    topLayout->addWidget(m_scores, 1);
    outer->addWidget(top);
    auto* reports = new QSplitter(Qt::Horizontal);
    reports->addWidget(m_image);
    reports->addWidget(m_paneSplitter);
    reports->setStretchFactor(1, 3);
    outer->addWidget(reports);
    outer->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(outer);
}

void ReportDiffView::setRun(const EvaluationRun* run) {
    m_run = run;
    QStringList images;
    bool anyImage = false;
    if (run)
        for (const EvalCase& c : run->cases) {
            images << run->imageFile(c);
            anyImage = anyImage || !images.back().isEmpty();
        }
    m_image->setImages(anyImage ? images : QStringList());
    m_image->setVisible(anyImage);
    m_case = -1;
    m_compared = run && run->models.size() > 1 ? 1 : 0;
    rebuildPanes();
    fill();
}

void ReportDiffView::setComparedModel(int model) {
    m_compared = model;
    fill();
}

void ReportDiffView::showCase(int caseIndex) {
    m_case = m_run && caseIndex >= 0 && caseIndex < m_run->cases.size() ? caseIndex : -1;
    fill();
}

void ReportDiffView::setFontPointSize(int points) {
    m_fontPoints = points;
    for (QTextBrowser* p : m_panes) {
        QFont f = p->font();
        f.setPointSize(points);
        p->setFont(f);
        p->document()->setDefaultFont(f);
    }
}

QString ReportDiffView::paneTitle(int i) const { return m_paneTitles.value(i) ? m_paneTitles[i]->text() : QString(); }

QString ReportDiffView::findingsText() const { return m_findings->text(); }

void ReportDiffView::rebuildPanes() {
    while (m_paneSplitter->count() > 0) delete m_paneSplitter->widget(0);
    m_panes.clear();
    m_paneTitles.clear();
    const int n = 1 + (m_run ? m_run->models.size() : 0);
    for (int i = 0; i < n; ++i) {
        auto* box = new QWidget;
        auto* l = new QVBoxLayout(box);
        l->setContentsMargins(2, 0, 2, 0);
        auto* title = new QLabel;
        title->setWordWrap(true);  // a long model label must not widen its pane
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        // Two lines for every title, so that the panes' first lines stay level.
        title->setMinimumHeight(2 * QFontMetrics(bold).lineSpacing());
        title->setAlignment(Qt::AlignLeft | Qt::AlignBottom);
        auto* pane = new QTextBrowser;
        pane->setOpenLinks(false);
        l->addWidget(title);
        l->addWidget(pane, 1);
        m_paneSplitter->addWidget(box);
        m_paneSplitter->setStretchFactor(i, 1);
        m_paneTitles.append(title);
        m_panes.append(pane);
        connect(pane->verticalScrollBar(), &QScrollBar::valueChanged, this, [this, i](int v) { syncScroll(i, v); });
    }
    m_paneSplitter->setSizes(QList<int>(n, 1000));  // equal widths: the reference is read as much as the reports
    setFontPointSize(m_fontPoints);
}

// Panes of different lengths scroll to the same fraction, so that aligned sentences stay level.
void ReportDiffView::syncScroll(int fromPane, int value) {
    if (m_syncing) return;
    m_syncing = true;
    const QScrollBar* from = m_panes[fromPane]->verticalScrollBar();
    const double fraction = from->maximum() > 0 ? double(value) / from->maximum() : 0.0;
    for (int i = 0; i < m_panes.size(); ++i) {
        if (i == fromPane) continue;
        QScrollBar* bar = m_panes[i]->verticalScrollBar();
        bar->setValue(int(std::lround(fraction * bar->maximum())));
    }
    m_syncing = false;
}

void ReportDiffView::fill() {
    const bool have = m_run && m_case >= 0;
    m_scores->clear();
    m_scores->setRowCount(0);
    if (!have) {
        m_heading->setText(m_run ? tr("No case selected") : tr("No run open"));
        m_fields->clear();
        m_findings->clear();
        for (QTextBrowser* p : m_panes) p->clear();
        return;
    }
    const EvalCase& c = m_run->cases[m_case];
    m_heading->setText(tr("Case %1 of %2 (table row %3)").arg(c.index + 1).arg(m_run->cases.size()).arg(c.row));
    QStringList fields;
    for (const auto& f : c.fields)
        fields << QStringLiteral("<b>%1:</b> %2").arg(f.first.toHtmlEscaped(), f.second.toHtmlEscaped());
    m_fields->setText(fields.join(QStringLiteral("<br/>")));

    QStringList labels;
    for (const ModelResult& m : m_run->models) labels << m.label;
    const QList<FindingDisagreement> findings = Findings::disagreements(c);
    if (findings.isEmpty()) {
        m_findings->setText(tr("Findings: the reports agree."));
    } else {
        QStringList lines;
        for (const FindingDisagreement& d : findings) {
            const QString colour = d.severity == 0 ? QStringLiteral("#b00020") : d.severity == 1 ? QStringLiteral("#a05a00") : QStringLiteral("#555555");
            lines << QStringLiteral("<span style=\"color:%1\">%2</span>").arg(colour, Findings::describe(d, labels).toHtmlEscaped());
        }
        m_findings->setText(tr("Findings that differ:") + QStringLiteral("<br/>") + lines.join(QStringLiteral("<br/>")));
    }

    const ReportTable scores = ExperimentReport::caseScores(*m_run, m_case, m_compared);
    m_scores->setColumnCount(scores.header.size());
    m_scores->setHorizontalHeaderLabels(scores.header);
    m_scores->setRowCount(scores.rows.size());
    for (int r = 0; r < scores.rows.size(); ++r)
        for (int col = 0; col < scores.rows[r].size(); ++col) {
            auto* item = new QTableWidgetItem(scores.rows[r][col]);
            if (col == scores.rows[r].size() - 1 && scores.rows[r][col].startsWith(QLatin1Char('-')))
                item->setForeground(QColor(0xb0, 0x00, 0x20));
            m_scores->setItem(r, col, item);
        }

    m_paneTitles[0]->setText(tr("Reference"));
    m_panes[0]->setHtml(c.reference.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br/>")));
    const QList<DiffSegment> diff = diffWords(c.reports.value(0).text, c.reports.value(m_compared).text);
    for (int i = 0; i < c.reports.size() && i + 1 < m_panes.size(); ++i) {
        const CaseReport& r = c.reports[i];
        QString title = r.model;
        if (r.atTokenLimit) title += tr(" (stopped at the token limit)");
        m_paneTitles[i + 1]->setText(title);
        QString html = r.text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br/>"));
        if (m_compared != 0 && i == 0) html = diffHtml(diff, DiffSide::A);
        else if (m_compared != 0 && i == m_compared) html = diffHtml(diff, DiffSide::B);
        m_panes[i + 1]->setHtml(html);
    }
    setFontPointSize(m_fontPoints);

    if (!m_image->isHidden()) m_image->showCase(m_case);
}

QString ReportDiffView::caseText() const {
    if (!m_run || m_case < 0) return {};
    const EvalCase& c = m_run->cases[m_case];
    QStringList out{m_heading->text()};
    for (const auto& f : c.fields) out << QStringLiteral("%1: %2").arg(f.first, f.second);
    out << QString() << tr("Reference") + QStringLiteral(":") << c.reference;
    for (const CaseReport& r : c.reports) out << QString() << r.model + QStringLiteral(":") << r.text;
    QStringList labels;
    for (const ModelResult& m : m_run->models) labels << m.label;
    out << QString();
    for (const FindingDisagreement& d : Findings::disagreements(c)) out << Findings::describe(d, labels);
    const ReportTable scores = ExperimentReport::caseScores(*m_run, m_case, m_compared);
    out << scores.header.join(QLatin1Char('\t'));
    for (const QStringList& row : scores.rows) out << row.join(QLatin1Char('\t'));
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void ReportDiffView::copyCase() const { QApplication::clipboard()->setText(caseText()); }

void ReportDiffView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) fill();
    QWidget::changeEvent(event);
}

}  // namespace medawq::ui
