// The Results page's Export tab: the experiment report of the open run as PDF (with charts and
// results.json attached), Markdown (charts as PNG next to it) or CSV, in the UI language, with a
// chosen number of case comparisons and the model they compare with the original.
#pragma once

#include "evaluationrun.h"
#include "experimentreport.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace medawq::ui {

class ResultsExport : public QWidget {
    Q_OBJECT
public:
    explicit ResultsExport(QWidget* parent = nullptr);

    void setRun(const medawq::report::EvaluationRun* run);
    void setCaseCount(int n);
    // Writes the report; the outcome is also shown on the tab.
    bool exportPdf(const QString& path);
    bool exportMarkdown(const QString& path);
    bool exportCsv(const QString& path);
    QString statusText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    medawq::report::ReportOptions options() const;
    void retranslateUi();
    void choose(const QString& suffix);
    bool finish(bool ok, const QString& path, const QString& error);

    const medawq::report::EvaluationRun* m_run = nullptr;
    QLabel* m_intro;
    QLabel* m_casesLabel;
    QSpinBox* m_cases;
    QLabel* m_comparedLabel;
    QComboBox* m_compared;
    QPushButton* m_pdf;
    QPushButton* m_markdown;
    QPushButton* m_csv;
    QLabel* m_status;
};

}  // namespace medawq::ui
