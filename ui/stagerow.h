// One of the quantize job's five stages in the run view: state, progress bar, "layer i of N",
// elapsed time and ETA. The widgets go into the run view's grid so that the columns of all five
// rows line up; between reports the clocks tick on from the last report.
#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>

class QGridLayout;
class QLabel;
class QProgressBar;
class QWidget;

namespace medawq::ui {

class StageRow {
    Q_DECLARE_TR_FUNCTIONS(StageRow)
public:
    enum class State { Pending, Running, Done, Failed, Cancelled };

    StageRow(int stage, QGridLayout* grid, int row, QWidget* parent);

    void reset();
    // A progress report of this stage (core's clock and estimate).
    void report(double fraction, int layer, int layers, double elapsed, double eta);
    // Done, with the stage's own time from the job's summary.
    void finish(double seconds);
    void setState(State state);
    State state() const { return m_state; }
    // Redraws the clocks (called once a second while the run goes on).
    void tick();
    // Texts after a report; retranslateUi() also re-fits the column widths to the language.
    void refresh();
    void retranslateUi();

    static QString stageTitle(int stage);
    static QString stateText(State state);

    QString layerText() const;
    QString elapsedText() const;
    QString etaText() const;
    int progressPermille() const;

private:
    int m_stage;
    State m_state = State::Pending;
    QLabel* m_name;
    QLabel* m_status;
    QProgressBar* m_bar;
    QLabel* m_layer;
    QLabel* m_elapsed;
    QLabel* m_eta;
    double m_fraction = 0;
    int m_layerIndex = 0, m_layers = 0;
    double m_reportedElapsed = 0, m_reportedEta = -1;
    QElapsedTimer m_sinceReport;
    int m_styledState = -1;
};

}  // namespace medawq::ui
