// Run page: a quantization as it happens (or a finished one reopened from the Runs page).
// Five stage rows, a live log, "last progress N s ago" so a stall shows, Cancel; on failure the
// message, a hint, "Open log" and "Copy diagnostics"; on success where it went and what it took.
#pragma once

#include "jobtypes.h"
#include "runrecord.h"
#include "stagerow.h"

#include <medawq/quantize.h>

#include <QElapsedTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QFrame;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace medawq::ui {

class RunView : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Empty, Live, Finished, Failed, Cancelled };

    explicit RunView(QWidget* parent = nullptr);
    ~RunView() override;

    void startLive(const medawq::QuantizeParams& params, const QString& logPath);
    void showRecord(const RunRecord& record);

    Mode mode() const { return m_mode; }
    const StageRow& stage(int i) const { return *m_rows[size_t(i)]; }
    QString heartbeatText() const;
    QString failureMessage() const;
    QString failureHintText() const;
    QString resultText() const;
    QString logText() const;
    QString diagnostics() const;
    QString outputFolder() const { return m_outputFolder; }

public Q_SLOTS:
    void onProgress(const medawq::ui::StageProgress& progress);
    void onLog(const QString& line);
    void onFinished(const medawq::ui::QuantizeOutcome& outcome);
    void copyDiagnostics();
    void openLog();

Q_SIGNALS:
    void cancelRequested();
    void testModelRequested(const QString& folder);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void tick();
    QString settingsSummary() const;

    QLabel* m_heading;
    QLabel* m_empty;
    QLabel* m_title;
    QLabel* m_settings;
    QWidget* m_stagesBox;
    std::vector<std::unique_ptr<StageRow>> m_rows;
    QLabel* m_heartbeat;
    QPushButton* m_cancel;
    QFrame* m_failureBox;
    QLabel* m_failureTitle;
    QLabel* m_failureMessage;
    QLabel* m_failureHint;
    QPushButton* m_openLog;
    QPushButton* m_copyDiagnostics;
    QFrame* m_doneBox;
    QLabel* m_doneText;
    QPushButton* m_openFolder;
    QPushButton* m_testModel;
    QLabel* m_logLabel;
    QPlainTextEdit* m_log;
    QTimer* m_ticker;

    Mode m_mode = Mode::Empty;
    medawq::QuantizeParams m_params;
    RunRecord m_record;          // for a reopened run
    QuantizeOutcome m_outcome;   // for a live run once finished
    QString m_logPath;
    QString m_outputFolder;
    bool m_cancelling = false;
    QElapsedTimer m_wall;         // since the run started
    QElapsedTimer m_lastProgress; // since the last report
    double m_wallSeconds = 0;
};

}  // namespace medawq::ui
