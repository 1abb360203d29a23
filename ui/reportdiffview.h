// One case of an evaluation run side by side: the prompt fields, the labeler's disagreements
// between the reports (the clinically meaningful ones first), each metric's per-case score with
// the compared model's change, and the reference and every model's report in aligned panes that
// scroll together, with the words the compared model lost (in the original's pane) and added
// (in its own pane) highlighted; MedGemma runs show the case's X-ray beside them. Font size
// adjustable; the case copies as plain text.
#pragma once

#include "evaluationrun.h"
#include "experimentreport.h"

#include <QList>
#include <QWidget>


class QLabel;
class QSplitter;
class QTableWidget;
class QTextBrowser;

namespace medawq::ui {

class XRayPane;

class ReportDiffView : public QWidget {
    Q_OBJECT
public:
    explicit ReportDiffView(QWidget* parent = nullptr);

    // `run` must outlive the view (ResultsPanel owns it). Clears the view.
    void setRun(const medawq::report::EvaluationRun* run);
    void setComparedModel(int model);
    void showCase(int caseIndex);   // -1 = none
    int currentCase() const { return m_case; }

    void setFontPointSize(int points);
    int fontPointSize() const { return m_fontPoints; }

    // Panes: the reference, then one per model. Titles and shown (highlighted) HTML.
    int paneCount() const { return m_panes.size(); }
    QTextBrowser* pane(int i) const { return m_panes.value(i); }
    QString paneTitle(int i) const;
    QString findingsText() const;
    QTableWidget* scoresTable() const { return m_scores; }
    // The X-rays of the run (hidden when no case has one): the current case's image, every
    // case's thumbnail, previous/next.
    XRayPane* imageView() const { return m_image; }

    // The case as plain text (fields, reference, reports, findings, scores) for the clipboard.
    QString caseText() const;
    void copyCase() const;

Q_SIGNALS:
    void caseRequested(int caseIndex);  // from the image pane's thumbnails or previous/next

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuildPanes();
    void fill();
    void syncScroll(int fromPane, int value);

    const medawq::report::EvaluationRun* m_run = nullptr;
    // The per-case score tables come from here: made once per run and compared model.
    int m_case = -1;
    int m_compared = 1;
    int m_fontPoints = 10;
    bool m_syncing = false;
    QLabel* m_heading;
    QLabel* m_fields;
    QLabel* m_findings;
    QTableWidget* m_scores;
    QSplitter* m_paneSplitter;
    XRayPane* m_image;
    QList<QLabel*> m_paneTitles;
    QList<QTextBrowser*> m_panes;
};

}  // namespace medawq::ui
