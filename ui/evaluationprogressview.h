// The evaluate job's progress, one row per model (the original first) and one for the shared
// work (reading the table, scoring, saving): the stage it is in, a progress bar over that
// stage's cases or prompts, "done of total", the time spent on that model and the job's ETA for
// the stage. Between reports the running row's clock ticks on (once a second).
#pragma once

#include "jobtypes.h"
#include "stagerow.h"

#include <QElapsedTimer>
#include <QList>
#include <QTimer>
#include <QWidget>

class QGridLayout;
class QLabel;
class QProgressBar;

namespace medawq::ui {

class EvaluationProgressView : public QWidget {
    Q_OBJECT
public:
    using State = StageRow::State;  // the quantize run's row states and their names

    explicit EvaluationProgressView(QWidget* parent = nullptr);

    // A new run: one row per model path, then the shared row; all pending.
    void start(const QStringList& models);
    void report(const EvaluationProgress& progress);
    // The end: the running row (and those after it) take the outcome's state.
    void finish(JobStatus status);

    int rowCount() const { return int(m_rows.size()); }  // models + 1
    State state(int row) const { return m_rows.at(row).state; }
    QString stageText(int row) const;
    QString countText(int row) const;
    QString etaText(int row) const;
    int progressPermille(int row) const;

    static QString stageName(int stage);  // medawq::EvaluateStage as int

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Row {
        QLabel* name = nullptr;
        QLabel* stage = nullptr;
        QProgressBar* bar = nullptr;
        QLabel* count = nullptr;
        QLabel* elapsed = nullptr;
        QLabel* eta = nullptr;
        QString modelPath, modelLabel;
        State state = State::Pending;
        int stageIndex = -1;
        qint64 done = 0, total = 0;
        double reportedElapsed = 0, reportedEta = -1;
        QElapsedTimer sinceReport;
    };
    void clearRows();
    void refresh(int row);
    void retranslateUi();

    QGridLayout* m_grid;
    QList<QLabel*> m_headers;
    QList<Row> m_rows;
    QTimer m_tick;
    int m_running = -1;
};

}  // namespace medawq::ui
