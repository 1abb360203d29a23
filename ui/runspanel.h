// Runs page: every quantization and evaluation run in the runs folder (date, model, method, bits,
// group, time, size, calibration, module error; for evaluations the cases and the headline F1
// with its change against the original), sortable and filterable. Clicking a run shows its summary;
// "Open in Run view" (or a double click) reopens it there, "Test this model" takes it to the
// Test page. The folder is scanned on a worker thread.
#pragma once

#include "runrecord.h"

#include <QFutureWatcher>

#include <optional>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace medawq::ui {

class RunsModel;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);

    bool isScanning() const { return m_scanning; }
    const QList<RunRecord>& runs() const;
    int visibleRunCount() const;
    void setFilterText(const QString& text);
    // Selects the run in `folder` (after a refresh has listed it); false when it is not listed.
    bool selectRun(const QString& folder);
    std::optional<RunRecord> selectedRun() const;
    QString detailsText() const;
    QTableView* view() const { return m_view; }

public Q_SLOTS:
    void refresh();
    void openSelected();

Q_SIGNALS:
    void runsChanged(const QList<medawq::ui::RunRecord>& runs);
    void openRequested(const medawq::ui::RunRecord& run);
    void testRequested(const QString& folder);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Scan {
        QList<RunRecord> runs;
        QStringList problems;
    };
    void retranslateUi();
    void showDetails();

    QLabel* m_heading;
    QLabel* m_where;
    QLineEdit* m_filter;
    QPushButton* m_refresh;
    QTableView* m_view;
    RunsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLabel* m_problems;
    QLabel* m_details;
    QPushButton* m_open;
    QPushButton* m_test;
    QPushButton* m_openFolder;
    QStringList m_scanProblems;
    QString m_pendingSelection;
    bool m_scanning = false;
    QFutureWatcher<Scan> m_watcher;
};

}  // namespace medawq::ui
