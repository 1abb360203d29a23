#include "evaluationprogressview.h"

#include "formatting.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>

#include <algorithm>

namespace medawq::ui {

EvaluationProgressView::EvaluationProgressView(QWidget* parent) : QWidget(parent) {
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setColumnStretch(2, 1);
    for (int c = 0; c < 6; ++c) {
        auto* h = new QLabel(this);
        QFont f = h->font();
        f.setBold(true);
        h->setFont(f);
        m_grid->addWidget(h, 0, c);
        m_headers << h;
    }
    // The running row's clock moves between reports (a model load can be silent for seconds).
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (m_running >= 0) refresh(m_running);
    });
    retranslateUi();
}

QString EvaluationProgressView::stageName(int stage) {
    switch (stage) {
    case 0: return tr("Preparing");
    case 1: return tr("Loading model");
    case 2: return tr("Generating reports");
    case 3: return tr("Measuring speed");
    case 4: return tr("Scoring");
    case 5: return tr("Saving");
    }
    return {};
}

void EvaluationProgressView::clearRows() {
    for (Row& r : m_rows)
        for (QWidget* w : std::initializer_list<QWidget*>{r.name, r.stage, r.bar, r.count, r.elapsed, r.eta}) delete w;
    m_rows.clear();
    m_running = -1;
}

void EvaluationProgressView::start(const QStringList& models) {
    clearRows();
    for (int i = 0; i <= models.size(); ++i) {
        Row r;
        r.name = new QLabel(this);
        r.stage = new QLabel(this);
        r.bar = new QProgressBar(this);
        r.bar->setRange(0, 1000);
        r.bar->setTextVisible(false);
        r.count = new QLabel(this);
        r.elapsed = new QLabel(this);
        r.eta = new QLabel(this);
        r.modelPath = i < models.size() ? models.at(i) : QString();
        r.name->setToolTip(r.modelPath);
        const int gridRow = i + 1;
        m_grid->addWidget(r.name, gridRow, 0);
        m_grid->addWidget(r.stage, gridRow, 1);
        m_grid->addWidget(r.bar, gridRow, 2);
        m_grid->addWidget(r.count, gridRow, 3);
        m_grid->addWidget(r.elapsed, gridRow, 4);
        m_grid->addWidget(r.eta, gridRow, 5);
        m_rows.append(r);
    }
    for (int i = 0; i < m_rows.size(); ++i) refresh(i);
    m_tick.start();
}

void EvaluationProgressView::report(const EvaluationProgress& p) {
    if (m_rows.isEmpty()) return;
    // Model stages go to that model's row; prepare, score and save to the shared (last) row.
    const int row = p.model >= 1 && p.model < m_rows.size() ? p.model - 1 : int(m_rows.size()) - 1;
    const int last = int(m_rows.size()) - 1;
    if (row < last) {
        // The job runs the models in order: the rows before this one are finished, and the
        // shared row's preparation is over (its scoring comes after the last model).
        for (int i = 0; i < row; ++i)
            if (m_rows[i].state != State::Done) {
                m_rows[i].state = State::Done;
                refresh(i);
            }
        if (m_rows[last].state == State::Running) {
            m_rows[last].state = State::Pending;
            refresh(last);
        }
    } else if (p.stage >= 4) {  // scoring: every model has generated its reports
        for (int i = 0; i < last; ++i)
            if (m_rows[i].state != State::Done) {
                m_rows[i].state = State::Done;
                refresh(i);
            }
    }
    Row& r = m_rows[row];
    r.state = State::Running;
    if (!p.modelLabel.isEmpty() && p.model >= 1) r.modelLabel = p.modelLabel;
    r.reportedElapsed = p.elapsed;
    // Per-token heartbeats (done < 0, sent so that cancel is prompt) carry no count: keep the
    // last count and estimate, unless the stage changed.
    if (p.done >= 0 || r.stageIndex != p.stage) {
        r.done = p.done;
        r.total = p.total;
        r.reportedEta = p.eta;
    }
    r.stageIndex = p.stage;
    r.sinceReport.start();
    m_running = row;
    refresh(row);
}

void EvaluationProgressView::finish(JobStatus status) {
    m_tick.stop();
    for (int i = 0; i < m_rows.size(); ++i) {
        Row& r = m_rows[i];
        if (status == JobStatus::Succeeded) {
            r.state = State::Done;
            r.done = r.total;
        } else if (r.state == State::Running || (status == JobStatus::Cancelled && r.state == State::Pending)) {
            r.state = status == JobStatus::Cancelled ? State::Cancelled : State::Failed;
        }
        r.reportedElapsed += r.sinceReport.isValid() && i == m_running ? r.sinceReport.elapsed() / 1000.0 : 0.0;
        r.sinceReport.invalidate();
        r.reportedEta = -1;
        refresh(i);
    }
    m_running = -1;
}

QString EvaluationProgressView::stageText(int row) const {
    const Row& r = m_rows.at(row);
    if (r.state == State::Running && r.stageIndex >= 0) return stageName(r.stageIndex);
    return StageRow::stateText(r.state);
}

QString EvaluationProgressView::countText(int row) const {
    const Row& r = m_rows.at(row);
    if (r.state != State::Running || r.total <= 0 || r.done < 0) return {};
    return tr("%1 of %2").arg(r.done).arg(r.total);
}

QString EvaluationProgressView::etaText(int row) const {
    const Row& r = m_rows.at(row);
    if (r.state != State::Running) return {};
    if (r.reportedEta < 0) return tr("ETA —");
    const double left = std::max(0.0, r.reportedEta - (r.sinceReport.isValid() ? r.sinceReport.elapsed() / 1000.0 : 0.0));
    return tr("ETA %1").arg(formatSeconds(left));
}

int EvaluationProgressView::progressPermille(int row) const {
    const Row& r = m_rows.at(row);
    if (r.state == State::Done) return 1000;
    if (r.total <= 0 || r.done < 0) return 0;
    return int(std::clamp(1000.0 * double(r.done) / double(r.total), 0.0, 1000.0));
}

void EvaluationProgressView::refresh(int i) {
    Row& r = m_rows[i];
    const bool shared = i == m_rows.size() - 1;
    const QString fallback = QFileInfo(QDir::cleanPath(r.modelPath)).fileName();
    const QString label = shared ? tr("Preparation, scoring, saving")
                          : i == 0 ? tr("Original: %1").arg(r.modelLabel.isEmpty() ? fallback : r.modelLabel)
                                   : tr("Quantized: %1").arg(r.modelLabel.isEmpty() ? fallback : r.modelLabel);
    if (r.name->text() != label) r.name->setText(label);
    r.stage->setText(stageText(i));
    r.bar->setValue(progressPermille(i));
    r.count->setText(countText(i));
    const double elapsed =
        r.reportedElapsed + (r.state == State::Running && r.sinceReport.isValid() ? r.sinceReport.elapsed() / 1000.0 : 0.0);
    r.elapsed->setText(r.state == State::Pending ? QString() : formatSeconds(elapsed));
    r.eta->setText(etaText(i));
}

void EvaluationProgressView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void EvaluationProgressView::retranslateUi() {
    const QString titles[] = {tr("Model"), tr("Stage"), tr("Progress"), tr("Count"), tr("Elapsed"), tr("Remaining")};
    for (int c = 0; c < m_headers.size(); ++c) m_headers[c]->setText(titles[c]);
    for (int i = 0; i < m_rows.size(); ++i) refresh(i);
}

}  // namespace medawq::ui
