// The workbench's main window: a list of pages (Model, Calibration data, Quantization settings,
// Run, Evaluate, Test, Runs, Results) over the panels, the Run button with the reason it is disabled,
// menus with shortcuts, the language menu, and the wiring between panels. The panels do the
// work; this class only connects them and owns the engine thread (JobRunner).
#pragma once

#include <QMainWindow>

class QAction;
class QActionGroup;
class QFrame;
class QLabel;
class QListWidget;
class QMenu;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace medawq::ui {

class CalibrationPanel;
class EvaluatePanel;
class JobRunner;
class ModelPanel;
class ProblemLabel;
class QuantizeSettingsPanel;
class RunView;
class RunsPanel;
class ResultsPanel;
class TestPanel;
struct EvaluationOutcome;
struct QuantizeOutcome;
struct RunRecord;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { ModelPage, CalibrationPage, SettingsPage, RunPage, EvaluatePage, TestPage, RunsPage, ResultsPage, PageCount };

    // `resourcesDir` holds demo/model and demo/data (the source tree's resources/ or the
    // installed share/medawq).
    explicit MainWindow(const QString& resourcesDir, QWidget* parent = nullptr);
    ~MainWindow() override;

    // True when the workbench had never been used before this window was made.
    bool isFirstRun() const { return m_firstRun; }
    // First run: the demo model and its calibration data with quick settings, and a hint.
    // Otherwise the last session's model and data.
    void restoreSession();
    void openDemo();
    void openModel(const QString& dir);
    void showPage(Page page);
    Page currentPage() const;
    void setLanguage(const QString& code);  // "" = the system's
    // Loads an evaluation run folder into the Results page and shows it; false (the page shows
    // why) when it is not a readable run.
    bool openResultsRun(const QString& runDir);

    // Starts the quantization with the pages' choices; false (and nothing started) when the
    // Run action is disabled.
    bool startRun();
    QString runBlockedReason() const;
    QAction* runAction() const { return m_runAction; }
    QAction* cancelAction() const { return m_cancelAction; }
    QAction* evaluateAction() const { return m_evaluateAction; }
    // Shows a finished evaluation run (its folder). The one place that decides where a run opens.
    void openEvaluationRun(const QString& runDir);
    bool isHintVisible() const;

    ModelPanel* modelPanel() const { return m_modelPanel; }
    CalibrationPanel* calibrationPanel() const { return m_calibrationPanel; }
    QuantizeSettingsPanel* settingsPanel() const { return m_settingsPanel; }
    RunView* runView() const { return m_runView; }
    EvaluatePanel* evaluatePanel() const { return m_evaluatePanel; }
    TestPanel* testPanel() const { return m_testPanel; }
    RunsPanel* runsPanel() const { return m_runsPanel; }
    ResultsPanel* resultsPanel() const { return m_resultsPanel; }
    JobRunner* jobRunner() const { return m_runner; }

Q_SIGNALS:
    void runFinished(const medawq::ui::QuantizeOutcome& outcome);
    void evaluationRunFinished(const QString& runDir);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void retranslateUi();
    void updateRunState();
    void onRunFinished(const QuantizeOutcome& outcome);
    void onEvaluationFinished(const EvaluationOutcome& outcome);
    void openRunRecord(const RunRecord& record);
    void testModel(const QString& folder);
    QString pageTitle(Page page) const;

    QString m_resourcesDir;
    bool m_firstRun = false;
    JobRunner* m_runner = nullptr;
    QListWidget* m_nav = nullptr;
    QStackedWidget* m_pages = nullptr;
    QFrame* m_hint = nullptr;
    QLabel* m_hintText = nullptr;
    QToolButton* m_hintClose = nullptr;
    QPushButton* m_runButton = nullptr;
    ProblemLabel* m_runReason = nullptr;
    QLabel* m_runsFolderLabel = nullptr;

    ModelPanel* m_modelPanel = nullptr;
    CalibrationPanel* m_calibrationPanel = nullptr;
    QuantizeSettingsPanel* m_settingsPanel = nullptr;
    RunView* m_runView = nullptr;
    EvaluatePanel* m_evaluatePanel = nullptr;
    TestPanel* m_testPanel = nullptr;
    RunsPanel* m_runsPanel = nullptr;
    ResultsPanel* m_resultsPanel = nullptr;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_runMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_openModelAction = nullptr;
    QAction* m_openDataAction = nullptr;
    QAction* m_openDemoAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_generateAction = nullptr;
    QAction* m_evaluateAction = nullptr;
    QList<QAction*> m_pageActions;
    QActionGroup* m_languageGroup = nullptr;
    QAction* m_systemLanguageAction = nullptr;
    QList<QAction*> m_languageActions;
    QAction* m_aboutAction = nullptr;
    QString m_blockedReason;
};

}  // namespace medawq::ui
