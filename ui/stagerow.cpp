#include "stagerow.h"

#include "formatting.h"

#include <QFontMetrics>
#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>

#include <algorithm>

namespace medawq::ui {

StageRow::StageRow(int stage, QGridLayout* grid, int row, QWidget* parent) : m_stage(stage) {
    m_name = new QLabel(parent);
    m_status = new QLabel(parent);
    m_status->setObjectName(QStringLiteral("stageStatus%1").arg(stage));
    m_bar = new QProgressBar(parent);
    m_bar->setObjectName(QStringLiteral("stageProgress%1").arg(stage));
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_layer = new QLabel(parent);
    m_layer->setObjectName(QStringLiteral("stageLayer%1").arg(stage));
    m_elapsed = new QLabel(parent);
    m_elapsed->setObjectName(QStringLiteral("stageElapsed%1").arg(stage));
    m_eta = new QLabel(parent);
    m_eta->setObjectName(QStringLiteral("stageEta%1").arg(stage));
    grid->addWidget(m_name, row, 0);
    grid->addWidget(m_status, row, 1);
    grid->addWidget(m_bar, row, 2);
    grid->addWidget(m_layer, row, 3);
    grid->addWidget(m_elapsed, row, 4);
    grid->addWidget(m_eta, row, 5);
    retranslateUi();
}

QString StageRow::stageTitle(int stage) {
    switch (stage) {
    case 0: return tr("1. Load model");
    case 1: return tr("2. Prepare calibration data");
    case 2: return tr("3. Activation statistics");
    case 3: return tr("4. Quantize weights");
    case 4: return tr("5. Save");
    }
    return {};
}

QString StageRow::stateText(State s) {
    switch (s) {
    case State::Pending: return tr("Pending");
    case State::Running: return tr("Running");
    case State::Done: return tr("Done");
    case State::Failed: return tr("Failed");
    case State::Cancelled: return tr("Cancelled");
    }
    return {};
}

void StageRow::reset() {
    m_fraction = 0;
    m_layerIndex = m_layers = 0;
    m_reportedElapsed = 0;
    m_reportedEta = -1;
    m_sinceReport.invalidate();
    setState(State::Pending);
}

void StageRow::report(double fraction, int layer, int layers, double elapsed, double eta) {
    m_fraction = std::clamp(fraction, 0.0, 1.0);
    m_layerIndex = layer;
    m_layers = layers;
    m_reportedElapsed = elapsed;
    m_reportedEta = eta;
    m_sinceReport.start();
    setState(m_fraction >= 1.0 ? State::Done : State::Running);
}

void StageRow::finish(double seconds) {
    m_fraction = 1.0;
    m_reportedElapsed = seconds;
    m_reportedEta = -1;
    m_sinceReport.invalidate();
    setState(State::Done);
}

void StageRow::setState(State state) {
    if (state != State::Running) m_sinceReport.invalidate();
    m_state = state;
    refresh();
}

void StageRow::tick() {
    if (m_state == State::Running) refresh();
}

QString StageRow::layerText() const {
    return m_layers > 0 ? tr("layer %1 of %2").arg(m_layerIndex).arg(m_layers) : QString();
}

QString StageRow::elapsedText() const {
    if (m_state == State::Pending) return {};
    const double since = m_sinceReport.isValid() ? m_sinceReport.elapsed() / 1000.0 : 0.0;
    return formatSeconds(m_reportedElapsed + since);
}

QString StageRow::etaText() const {
    if (m_state != State::Running) return {};
    if (m_reportedEta < 0) return tr("ETA unknown");
    const double since = m_sinceReport.isValid() ? m_sinceReport.elapsed() / 1000.0 : 0.0;
    return tr("ETA %1").arg(formatSeconds(std::max(0.0, m_reportedEta - since)));
}

int StageRow::progressPermille() const { return int(m_fraction * 1000 + 0.5); }

void StageRow::retranslateUi() {
    m_name->setText(stageTitle(m_stage));
    // Fixed widths, wide enough for the longest text of each column in this language: a label
    // that grows re-lays out and repaints the whole grid, ten times a second during a run.
    const QFontMetrics fm(m_layer->font());
    m_layer->setFixedWidth(fm.horizontalAdvance(tr("layer %1 of %2").arg(888).arg(888)) + 12);
    m_elapsed->setFixedWidth(fm.horizontalAdvance(formatSeconds(3599)) + 12);
    m_eta->setFixedWidth(fm.horizontalAdvance(tr("ETA %1").arg(formatSeconds(3599))) + 12);
    QFont bold = m_status->font();
    bold.setBold(true);
    int statusWidth = 0;
    for (State s : {State::Pending, State::Running, State::Done, State::Failed, State::Cancelled})
        statusWidth = std::max(statusWidth, QFontMetrics(bold).horizontalAdvance(stateText(s)));
    m_status->setFixedWidth(statusWidth + 12);
    refresh();
}

void StageRow::refresh() {
    m_status->setText(stateText(m_state));
    if (m_styledState != int(m_state)) {  // a style sheet re-polishes: only when the state changes
        m_styledState = int(m_state);
        const char* colour = "#5f6368";
        if (m_state == State::Running) colour = "#1a73e8";
        if (m_state == State::Done) colour = "#188038";
        if (m_state == State::Failed) colour = "#b3261e";
        if (m_state == State::Cancelled) colour = "#b06000";
        m_status->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(QLatin1String(colour)));
    }
    m_bar->setValue(progressPermille());
    m_layer->setText(layerText());
    m_elapsed->setText(elapsedText());
    m_eta->setText(etaText());
}

}  // namespace medawq::ui
