// Test page: one report generated from a prompt by the quantized (or the original) model,
// streamed as it is produced, with the measured tokens per second.
#pragma once

#include "jobtypes.h"

#include <medawq/model.h>

#include <QFutureWatcher>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace medawq::ui {

class JobRunner;
class ProblemLabel;
struct RunRecord;

class TestPanel : public QWidget {
    Q_OBJECT
public:
    explicit TestPanel(JobRunner* runner, QWidget* parent = nullptr);
    ~TestPanel() override;

    // The combo box offers the original model and every finished run.
    void setOriginalModel(const QString& dir);
    void setRuns(const QList<RunRecord>& runs);
    void setModel(const QString& dir);
    QString modelPath() const;
    void setPrompt(const QString& prompt);
    QString prompt() const;
    void setMaxNewTokens(int n);

    QString problem() const;
    bool isGenerating() const { return m_generating; }
    QString output() const;
    QString statsText() const;
    const GenerationOutcome& lastOutcome() const { return m_outcome; }

public Q_SLOTS:
    void generate();
    void stop();

Q_SIGNALS:
    void readinessChanged();
    void finished(const medawq::ui::GenerationOutcome& outcome);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Inspection {
        QString dir;
        std::optional<medawq::ModelInfo> info;
        QString error;
    };
    void retranslateUi();
    void inspect();
    void rebuildModelList();
    void onText(const QString& text, int tokens, double decodeSeconds);
    void onFinished(const GenerationOutcome& outcome);

    JobRunner* m_runner;
    QLabel* m_heading;
    QLabel* m_intro;
    QLabel* m_modelLabel;
    QComboBox* m_model;
    QLabel* m_modelInfo;
    QLabel* m_deviceLabel;
    QComboBox* m_device;
    QLabel* m_tokensLabel;
    QSpinBox* m_maxNewTokens;
    QCheckBox* m_chat;
    QLabel* m_promptLabel;
    QPlainTextEdit* m_prompt;
    QPushButton* m_generate;
    QPushButton* m_stop;
    ProblemLabel* m_problem;
    QLabel* m_outputLabel;
    QPlainTextEdit* m_output;
    QLabel* m_stats;

    QString m_original;
    QStringList m_runFolders;
    QString m_inspectedDir;
    std::optional<medawq::ModelInfo> m_info;
    QString m_inspectError;
    QFutureWatcher<Inspection> m_watcher;
    bool m_generating = false;
    int m_liveTokens = 0;
    double m_liveDecodeSeconds = 0;
    GenerationOutcome m_outcome;
    bool m_hasOutcome = false;
};

}  // namespace medawq::ui
