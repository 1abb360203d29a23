// The Results page's Charts tab: one chart at a time (F1 bars with intervals, prefill and
// decode speed, memory and size, per-case scatter, quality against speed), values on hover,
// export as PNG/SVG/PDF, and other runs added to the quality-against-speed chart so that a
// bits/group-size sweep reads at a glance.
#pragma once

#include "chartdata.h"
#include "evaluationrun.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;

namespace medawq::ui {

class ResultsCharts : public QWidget {
    Q_OBJECT
public:
    explicit ResultsCharts(QWidget* parent = nullptr);

    void setRun(const medawq::report::EvaluationRun* run);
    // Adds a run folder to quality vs speed; false with a message when it is not a run.
    bool addComparedRun(const QString& dir, QString* error);
    int chartCount() const;
    void showChart(int index);
    int currentChart() const;
    const medawq::report::ChartData& currentData() const { return m_data; }
    QCustomPlot* plot() const { return m_plot; }
    bool exportChart(const QString& path, QString* error);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void redraw();
    void exportInteractively();
    void addRunInteractively();

    const medawq::report::EvaluationRun* m_run = nullptr;
    std::vector<std::unique_ptr<medawq::report::EvaluationRun>> m_compared;
    medawq::report::ChartData m_data;
    QComboBox* m_chart;
    QComboBox* m_metric;
    QLabel* m_metricLabel;
    QPushButton* m_export;
    QPushButton* m_addRun;
    QCustomPlot* m_plot;
};

}  // namespace medawq::ui
