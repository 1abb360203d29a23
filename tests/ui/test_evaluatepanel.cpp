// The Evaluate page: the rules that enable Run (each with its reason), the table preview and the
// first case's filled prompt, the leak warning, RadGraph's availability with its reason; a real
// evaluation of the demo model against an RTN-quantized copy driven through the window (Ctrl+E)
// to results.json and the Runs page; cancel mid-run leaving no folder; reopening the run and the
// choices in a new window.
#include "evaluatepanel.h"
#include "evaluationinputs.h"
#include "evaluationprogressview.h"
#include "jobrunner.h"
#include "mainwindow.h"
#include "runrecord.h"
#include "runsmodel.h"
#include "runspanel.h"
#include "ui_test_support.h"

#include <medawq/quantize.h>

#include <QAction>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace medawq::ui;

class TestEvaluatePanel : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;
    QString m_rtn;      // a quantized demo model, outside the runs folder
    QString m_runDir;   // the finished evaluation

    static void waitForChecks(EvaluatePanel& p) { QTRY_VERIFY_WITH_TIMEOUT(!p.isChecking(), 20000); }
    static QPushButton* runButton(EvaluatePanel& p) { return p.findChild<QPushButton*>(QStringLiteral("evalRun")); }

    // Tiny settings: two cases of at most eight new tokens, RadGraph off.
    void tinySettings(EvaluatePanel& p) {
        p.setOriginalModel(uitest::demoModel());
        p.setQuantizedModels({m_rtn});
        p.setEvaluationTable(uitest::demoData("eval.csv"));
        p.setPromptFile(uitest::demoData("prompt.txt"));
        p.setReferenceColumn(QString());
        p.setNumSamples(2);
        p.setMaxNewTokens(8);
        p.setRadGraphEnabled(false);
        p.suggestOutputFolder();
    }

private Q_SLOTS:
    void initTestCase() {
        m_sandbox = std::make_unique<uitest::Sandbox>();
        // RadGraph's availability must not depend on this machine: a Python that is not there.
        qputenv("MEDAWQ_PYTHON", "/nonexistent/python3");
        // Round to nearest is quick and gives a real 4-bit checkpoint the evaluate job loads.
        medawq::QuantizeParams q;
        q.modelPath = uitest::demoModel().toStdString();
        q.outputPath = m_sandbox->path(QStringLiteral("demo-rtn")).toStdString();
        q.calibrationPath = uitest::demoData("calibration.csv").toStdString();
        q.method = "rtn";
        medawq::runQuantize(q, {}, {});
        m_rtn = QString::fromStdString(q.outputPath);
        QVERIFY(isModelFolder(m_rtn));
    }

    void rulesGiveTheReason() {
        EvaluationInputs in;
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("original model")));
        in.originalModel = m_sandbox->path(QStringLiteral("nowhere"));
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("not a model folder")));
        in.originalModel = uitest::demoModel();
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("quantized model")));
        in.quantizedModels = {m_rtn, m_rtn + QStringLiteral("/")};
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("listed twice")));
        in.quantizedModels = {m_rtn};
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("evaluation table")));
        in.evalTable = m_sandbox->path(QStringLiteral("missing.csv"));
        QCOMPARE(evaluationProblem(in, {}), in.evalTable + QStringLiteral(": file not found."));
        in.evalTable = uitest::demoData("eval.csv");
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("prompt template")));
        in.promptFile = uitest::demoData("prompt.txt");
        QCOMPARE(evaluationProblem(in, QStringLiteral("prompt.txt: leaks")), QStringLiteral("prompt.txt: leaks"));
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("output folder")));
        in.outputDir = m_sandbox->runsDir();  // exists
        QVERIFY(evaluationProblem(in, {}).contains(QStringLiteral("already exists")));
        in.outputDir = m_sandbox->path(QStringLiteral("new-eval"));
        QCOMPARE(evaluationProblem(in, {}), QString());
        const medawq::EvaluateParams p = in.toParams();
        QCOMPARE(p.quantizedModels.size(), size_t(1));
        QCOMPARE(p.radgraphModel, std::string("radgraph-xl"));
        in.radgraph = false;
        QCOMPARE(in.toParams().radgraphModel, std::string());
    }

    void runIsEnabledOnlyForValidInputs() {
        JobRunner runner;
        EvaluatePanel p(&runner, uitest::resourcesDir());
        p.setQuantizedModels({});
        waitForChecks(p);
        QVERIFY(!runButton(p)->isEnabled());
        QVERIFY2(p.problem().contains(QStringLiteral("quantized")), qPrintable(p.problem()));
        tinySettings(p);
        waitForChecks(p);
        QVERIFY2(p.problem().isEmpty(), qPrintable(p.problem()));
        QVERIFY(runButton(p)->isEnabled());
        p.setEvaluationTable(m_sandbox->path(QStringLiteral("absent.csv")));
        waitForChecks(p);
        QVERIFY(!runButton(p)->isEnabled());
        QVERIFY2(p.problem().contains(QStringLiteral("absent.csv")), qPrintable(p.problem()));
        p.setEvaluationTable(uitest::demoData("eval.csv"));
        p.setOutputFolder(m_sandbox->runsDir());
        waitForChecks(p);
        QVERIFY(p.problem().contains(QStringLiteral("already exists")));
        p.suggestOutputFolder();
        waitForChecks(p);
        QVERIFY(runButton(p)->isEnabled());
    }

    void previewAndLeakWarning() {
        JobRunner runner;
        EvaluatePanel p(&runner, uitest::resourcesDir());
        tinySettings(p);
        waitForChecks(p);
        QVERIFY(p.previewRowCount() > 0);
        QVERIFY(p.referenceColumns().contains(QStringLiteral("text")));
        QVERIFY2(p.filledPrompt().contains(QStringLiteral("Indication: ")), qPrintable(p.filledPrompt()));
        QVERIFY(!p.filledPrompt().contains(QStringLiteral("{indication}")));
        QVERIFY(p.leakWarning().isEmpty());
        // The template shows {indication}: scoring against that column would leak the answer.
        p.setReferenceColumn(QStringLiteral("indication"));
        waitForChecks(p);
        QVERIFY2(p.leakWarning().contains(QStringLiteral("reference column 'indication'")), qPrintable(p.leakWarning()));
        QVERIFY(!runButton(p)->isEnabled());
        QCOMPARE(p.problem(), p.leakWarning());
        p.setReferenceColumn(QStringLiteral("findings"));
        waitForChecks(p);
        QVERIFY(p.leakWarning().isEmpty());
        QVERIFY(runButton(p)->isEnabled());
    }

    void radgraphAvailabilityWithReason() {
        JobRunner runner;
        EvaluatePanel p(&runner, uitest::resourcesDir());
        p.setRadGraphEnabled(true);
        QTRY_VERIFY_WITH_TIMEOUT(p.isRadGraphKnown(), 20000);
        QVERIFY2(p.radgraphText().contains(QStringLiteral("Not available")), qPrintable(p.radgraphText()));
        QVERIFY2(p.radgraphText().contains(QStringLiteral("/nonexistent/python3")), qPrintable(p.radgraphText()));
    }

    void progressRowsFollowTheJob() {
        EvaluationProgressView v;
        v.start({QStringLiteral("/m/orig"), QStringLiteral("/m/q")});
        QCOMPARE(v.rowCount(), 3);
        v.report(EvaluationProgress{0, 0, 2, {}, 0, 1, 0.1, -1, {}});
        QCOMPARE(v.state(2), EvaluationProgressView::State::Running);
        v.report(EvaluationProgress{2, 1, 2, QStringLiteral("FP16"), 2, 4, 3.0, 3.0, {}});
        QCOMPARE(v.state(2), EvaluationProgressView::State::Pending);  // preparation over, scoring later
        QCOMPARE(v.progressPermille(0), 500);
        QCOMPARE(v.countText(0), QStringLiteral("2 of 4"));
        QVERIFY(v.etaText(0).contains(QStringLiteral("ETA")));
        v.report(EvaluationProgress{2, 1, 2, QStringLiteral("FP16"), -1, -1, 3.5, -1, {}});  // a per-token heartbeat
        QCOMPARE(v.progressPermille(0), 500);
        v.report(EvaluationProgress{1, 2, 2, {}, 0, 1, 0.0, -1, {}});
        QCOMPARE(v.state(0), EvaluationProgressView::State::Done);
        QCOMPARE(v.stageText(1), EvaluationProgressView::stageName(1));
        v.finish(JobStatus::Cancelled);
        QCOMPARE(v.state(1), EvaluationProgressView::State::Cancelled);
        QCOMPARE(v.state(2), EvaluationProgressView::State::Cancelled);
        QCOMPARE(v.state(0), EvaluationProgressView::State::Done);
    }

    void evaluationRunsToCompletionThroughTheWindow() {
        MainWindow w(uitest::resourcesDir());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        EvaluatePanel& p = *w.evaluatePanel();
        tinySettings(p);
        waitForChecks(p);
        QVERIFY2(p.problem().isEmpty(), qPrintable(p.problem()));
        QSignalSpy finished(&w, &MainWindow::evaluationRunFinished);
        const QString runDir = p.inputs().outputDir;
        QTest::keyClick(&w, Qt::Key_E, Qt::ControlModifier);  // Ctrl+E
        QCOMPARE(w.currentPage(), MainWindow::EvaluatePage);
        QVERIFY(p.isRunning());
        QCOMPARE(w.jobRunner()->currentJob(), JobRunner::Job::Evaluate);
        QVERIFY(!runButton(p)->isEnabled());
        QVERIFY(!w.runAction()->isEnabled());  // one job at a time
        QCOMPARE(p.progressView()->rowCount(), 3);  // FP16, RTN, scoring
        QVERIFY(finished.wait(300000) || finished.count() == 1);
        QCOMPARE(p.lastOutcome().status, JobStatus::Succeeded);
        QCOMPARE(finished.at(0).at(0).toString(), runDir);
        QVERIFY(p.statusText().startsWith(QStringLiteral("Finished in")));
        w.setLanguage(QStringLiteral("zh_CN"));
        QTRY_VERIFY(p.statusText().contains(QStringLiteral("完成")));
        w.setLanguage(QStringLiteral("en"));
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/results.json")));
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/evaluate.log")));
        for (int row = 0; row < 3; ++row) QCOMPARE(p.progressView()->state(row), EvaluationProgressView::State::Done);
        // The run opens in the comparison view, and is selected on the Runs page with its key
        // figures in the list.
        QCOMPARE(w.currentPage(), MainWindow::ResultsPage);
        QTRY_VERIFY_WITH_TIMEOUT(w.runsPanel()->selectedRun().has_value(), 10000);
        const RunRecord r = *w.runsPanel()->selectedRun();
        QVERIFY(r.isEvaluation());
        QCOMPARE(r.folder, QFileInfo(runDir).absoluteFilePath());
        QCOMPARE(r.cases, qint64(2));
        QCOMPARE(r.evaluatedModels.size(), 2);
        QVERIFY(!r.keyMetric.isEmpty());
        QVERIFY(r.hasKeyDelta);
        // (after the language switch above has reached every widget)
        QTRY_VERIFY_WITH_TIMEOUT(w.runsPanel()->detailsText().contains(QStringLiteral("Decode (tokens/s)")), 5000);
        w.setLanguage(QStringLiteral("zh_CN"));  // the table follows the language
        QTRY_VERIFY(!w.runsPanel()->detailsText().contains(QStringLiteral("Decode (tokens/s)")));
        w.setLanguage(QStringLiteral("en"));
        // The next run gets a new folder.
        QVERIFY(p.inputs().outputDir != runDir);
        m_runDir = runDir;
    }

    void cancelLeavesNoFolder() {
        JobRunner runner;
        EvaluatePanel p(&runner, uitest::resourcesDir());
        tinySettings(p);
        p.setNumSamples(20);
        p.setMaxNewTokens(200);
        waitForChecks(p);
        const QString runDir = p.inputs().outputDir;
        QSignalSpy finished(&p, &EvaluatePanel::finished);
        QVERIFY(p.startEvaluation());
        // Cancel while the original model generates.
        QTRY_VERIFY_WITH_TIMEOUT(p.progressView()->state(0) == EvaluationProgressView::State::Running &&
                                     p.progressView()->stageText(0) == EvaluationProgressView::stageName(2),
                                 60000);
        p.cancel();
        QVERIFY(finished.wait(30000) || finished.count() == 1);
        QCOMPARE(p.lastOutcome().status, JobStatus::Cancelled);
        QVERIFY2(p.lastOutcome().cancelLatencySeconds < 1.0, qPrintable(QString::number(p.lastOutcome().cancelLatencySeconds)));
        QVERIFY(!QFileInfo::exists(runDir));
        // Nor a partial folder left beside it.
        for (const QFileInfo& fi : QDir(m_sandbox->runsDir()).entryInfoList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
            QVERIFY2(!fi.fileName().contains(QFileInfo(runDir).fileName()), qPrintable(fi.filePath()));
        QCOMPARE(p.progressView()->state(0), EvaluationProgressView::State::Cancelled);
        QVERIFY(runButton(p)->isEnabled());
    }

    void reopeningTheRunAndTheChoices() {
        QVERIFY(!m_runDir.isEmpty());
        MainWindow w(uitest::resourcesDir());
        // The choices of the last run are back.
        const EvaluationInputs in = w.evaluatePanel()->inputs();
        QCOMPARE(in.quantizedModels, QStringList{m_rtn});
        QCOMPARE(in.maxNewTokens, 200);  // the cancelled run's choice was the last one made
        QCOMPARE(in.radgraph, false);
        // The Runs page lists the evaluation; opening it from there shows it in the comparison view.
        QTRY_VERIFY_WITH_TIMEOUT(!w.runsPanel()->isScanning(), 10000);
        w.runsPanel()->setFilterText(QStringLiteral("Evaluation"));
        QCOMPARE(w.runsPanel()->visibleRunCount(), 1);
        QTableView* view = w.runsPanel()->view();
        QCOMPARE(view->model()->index(0, RunsModel::Cases).data().toString(), QStringLiteral("2"));
        QVERIFY(!view->model()->index(0, RunsModel::KeyMetric).data().toString().isEmpty());
        w.runsPanel()->setFilterText(QString());
        QVERIFY(w.runsPanel()->selectRun(m_runDir));
        w.showPage(MainWindow::EvaluatePage);
        w.runsPanel()->openSelected();
        QCOMPARE(w.currentPage(), MainWindow::ResultsPage);
        QTRY_VERIFY_WITH_TIMEOUT(!w.runsPanel()->isScanning(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(w.runsPanel()->selectedRun().value_or(RunRecord{}).folder, QFileInfo(m_runDir).absoluteFilePath(), 10000);
        // "Test this model" makes no sense for an evaluation folder.
        QVERIFY(!w.runsPanel()->findChild<QPushButton*>(QStringLiteral("testRun"))->isEnabled());
    }
};

QTEST_MAIN(TestEvaluatePanel)
#include "test_evaluatepanel.moc"
