// The Results page: an evaluation run (results.json + reports.jsonl) opened for reading, in
// three tabs. Cases: the case list, sortable (largest drop first) and filterable (only findings
// disagreements, text search), beside the side-by-side ReportDiffView. Charts: ResultsCharts.
// Export: ResultsExport (PDF, Markdown, CSV).
#pragma once

#include "casequery.h"
#include "evaluationrun.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace medawq::ui {

class ReportDiffView;
class ResultsCharts;
class ResultsExport;

class ResultsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ResultsPanel(QWidget* parent = nullptr);
    ~ResultsPanel() override;

    // Loads the run; false (and the reason shown on the page) when it cannot be read.
    bool openRun(const QString& runDir);
    const medawq::report::EvaluationRun* run() const { return m_run ? &*m_run : nullptr; }
    QString problem() const { return m_problem; }

    enum Tab { CasesTab, ChartsTab, ExportTab };
    void showTab(Tab tab);

    // The Cases tab's controls.
    void setFilterText(const QString& text);
    void setOnlyDisagreements(bool on);
    void setOrder(medawq::report::CaseQuery::Order order);
    void setComparedModel(int model);
    QList<int> visibleCases() const { return m_visible; }
    void selectCase(int caseIndex);
    void showNextCase();
    void showPreviousCase();

    ReportDiffView* diffView() const { return m_diff; }
    ResultsCharts* charts() const { return m_charts; }
    ResultsExport* exporter() const { return m_export; }
    QListWidget* caseList() const { return m_cases; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void refilter();
    void openInteractively();
    medawq::report::CaseQuery query() const;

    std::optional<medawq::report::EvaluationRun> m_run;
    QString m_problem;
    QList<int> m_visible;

    QLabel* m_runLabel;
    QPushButton* m_open;
    QTabWidget* m_tabs;
    QLineEdit* m_search;
    QCheckBox* m_disagreements;
    QLabel* m_orderLabel;
    QComboBox* m_order;
    QLabel* m_metricLabel;
    QComboBox* m_metric;
    QLabel* m_comparedLabel;
    QComboBox* m_compared;
    QListWidget* m_cases;
    QLabel* m_count;
    QPushButton* m_previous;
    QPushButton* m_next;
    QLabel* m_fontLabel;
    QSpinBox* m_fontSize;
    QPushButton* m_copy;
    ReportDiffView* m_diff;
    ResultsCharts* m_charts;
    ResultsExport* m_export;
};

}  // namespace medawq::ui
