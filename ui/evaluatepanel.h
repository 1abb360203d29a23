// Evaluate page: the original model and one or more quantized ones (from the runs or folders),
// the evaluation table with a preview and its reference column, the prompt template with the
// first case's filled prompt and a warning when it would leak the reference, the number of cases
// and new tokens, the metrics (RadGraph's availability with its reason, its rule, how uncertain
// CheXpert labels count), the output folder; then the run on the engine thread with one progress
// row per model, ETA and cancel. Reading the table, filling the prompt and asking Python about
// RadGraph happen on worker threads; the page never waits for them.
#pragma once

#include "evaluationinputs.h"
#include "jobtypes.h"

#include <medawq/evaluate_preview.h>

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QToolButton;

namespace medawq::ui {

class EvaluationProgressView;
class JobRunner;
class ProblemLabel;
struct RunRecord;

class EvaluatePanel : public QWidget {
    Q_OBJECT
public:
    // `resourcesDir` holds demo/model and demo/data: the page starts on the demo when the user
    // has not chosen anything yet.
    EvaluatePanel(JobRunner* runner, const QString& resourcesDir, QWidget* parent = nullptr);
    ~EvaluatePanel() override;

    void setOriginalModel(const QString& dir);
    // The Model page's model: taken unless the user picked an original model on this page.
    void setDefaultOriginalModel(const QString& dir);
    void setQuantizedModels(const QStringList& dirs);
    void addQuantizedModel(const QString& dir);
    void setEvaluationTable(const QString& path);
    void setReferenceColumn(const QString& column);  // "" = the job's automatic choice
    void setPromptFile(const QString& path);
    void setNumSamples(int n);                       // 0 = every row
    void setMaxNewTokens(int n);
    void setRadGraphEnabled(bool on);
    void setOutputFolder(const QString& dir);
    // Finished runs, offered by "Add from runs" (quantizations only).
    void setRuns(const QList<RunRecord>& runs);
    // The demo model, its eval.csv and prompt.txt, with settings that finish in minutes on a CPU.
    void useDemo();

    EvaluationInputs inputs() const;
    // Why Run is disabled ("" when it is not).
    QString problem() const { return m_problem; }
    bool isChecking() const;   // the table/prompt preview is being made
    bool isRunning() const { return m_running; }
    QString filledPrompt() const;
    QString leakWarning() const;
    QString radgraphText() const;
    QString statusText() const;
    bool isRadGraphKnown() const { return m_radgraphKnown; }
    QStringList referenceColumns() const;  // the table's columns offered in the combo
    int previewRowCount() const;
    EvaluationProgressView* progressView() const { return m_progress; }
    const EvaluationOutcome& lastOutcome() const { return m_outcome; }

public Q_SLOTS:
    // False (and nothing started) when Run is disabled.
    bool startEvaluation();
    void cancel();
    void suggestOutputFolder();

Q_SIGNALS:
    void readinessChanged();
    void started(const QString& runDir);
    void finished(const medawq::ui::EvaluationOutcome& outcome);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Preview {
        QString table;             // the inputs it was made for
        QStringList columns;
        QList<QStringList> rows;   // the table's first rows
        QString tableProblem;
        medawq::EvaluationPromptPreview prompt;
    };
    void buildUi();
    void retranslateUi();
    void updateRadGraphStatus();
    void schedulePreview();
    void showPreview(const Preview& preview);
    void probeRadGraph();
    void updateState();
    void rememberChoices() const;
    void browseOriginal();
    void browseQuantized();
    void browseTable();
    void browsePrompt();
    void browseOutput();
    void fillRunsMenu();
    void onProgress(const EvaluationProgress& progress);
    void onLog(const QString& line);
    void onFinished(const EvaluationOutcome& outcome);
    // The status line is made anew on a language switch.
    void setStatus(std::function<QString()> text);

    JobRunner* m_runner;
    QString m_resourcesDir;
    bool m_originalChosen = false;   // the user (or the saved session) picked the original model
    bool m_quantizedChosen = false;
    bool m_outputChosen = false;
    bool m_running = false;
    bool m_radgraphKnown = false;
    QString m_problem;
    QString m_promptProblem;         // from the last preview
    QString m_referenceColumn;       // the chosen one ("" = automatic), kept while the combo is rebuilt
    QList<RunRecord> m_runs;
    EvaluationOutcome m_outcome;
    int m_previewSerial = 0, m_shownSerial = 0;
    medawq::RadGraphStatus m_radgraph;

    QLabel* m_heading;
    QLabel* m_intro;
    QGroupBox* m_modelsBox;
    QLabel* m_originalLabel;
    QLineEdit* m_original;
    QPushButton* m_browseOriginal;
    QLabel* m_quantizedLabel;
    QListWidget* m_quantized;
    QToolButton* m_addFromRuns;
    QPushButton* m_addFolder;
    QPushButton* m_remove;
    QGroupBox* m_dataBox;
    QLabel* m_tableLabel;
    QLineEdit* m_table;
    QPushButton* m_browseTable;
    QLabel* m_referenceLabel;
    QComboBox* m_reference;
    QLabel* m_promptLabel;
    QLineEdit* m_prompt;
    QPushButton* m_browsePrompt;
    QLabel* m_samplesLabel;
    QSpinBox* m_samples;
    QLabel* m_tokensLabel;
    QSpinBox* m_tokens;
    QGroupBox* m_metricsBox;
    QCheckBox* m_radgraphCheck;
    QLabel* m_radgraphStatus;
    QLabel* m_ruleLabel;
    QComboBox* m_rule;
    QLabel* m_uncertainLabel;
    QComboBox* m_uncertain;
    QGroupBox* m_outputBox;
    QLineEdit* m_output;
    QPushButton* m_browseOutput;
    QGroupBox* m_previewBox;
    QLabel* m_previewNote;
    QTableView* m_tableView;
    QStandardItemModel* m_tableModel;
    QLabel* m_filledLabel;
    QPlainTextEdit* m_filled;
    ProblemLabel* m_leak;
    QGroupBox* m_progressBox;
    EvaluationProgressView* m_progress;
    QLabel* m_status;
    std::function<QString()> m_statusText;
    QPlainTextEdit* m_log;
    ProblemLabel* m_reason;
    QPushButton* m_run;
    QPushButton* m_cancel;

    QTimer m_previewTimer;
    QFutureWatcher<Preview> m_previewWatcher;
    QFutureWatcher<medawq::RadGraphStatus> m_radgraphWatcher;
};

}  // namespace medawq::ui
