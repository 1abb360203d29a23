// The main window: first run on the demo, the next run restores the session, the Run action and
// its reason, the language switch at run time, the keyboard shortcuts, the Evaluate page's demo defaults.
#include "calibrationpanel.h"
#include "evaluatepanel.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "ui_test_support.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QtTest>

using medawq::ui::MainWindow;

class TestMainWindow : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }
    void init() { m_sandbox->reset(); }

    void firstRunOpensTheDemoReadyToRun() {
        MainWindow w(uitest::resourcesDir());
        QVERIFY(w.isFirstRun());
        w.restoreSession();
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.isHintVisible());
        QCOMPARE(w.modelPanel()->modelPath(), QDir::cleanPath(uitest::demoModel()));
        QCOMPARE(w.calibrationPanel()->calibrationFile(), uitest::demoData("calibration.csv"));
        QTRY_VERIFY_WITH_TIMEOUT(w.runAction()->isEnabled(), 30000);
        QCOMPARE(w.runBlockedReason(), QString());
        auto* reason = w.findChild<QLabel*>(QStringLiteral("runReason"));
        QVERIFY(reason && reason->isHidden());
        // The demo's quick settings: 16 blocks of 256 tokens.
        QVERIFY(w.calibrationPanel()->preview().has_value());
        QCOMPARE(w.calibrationPanel()->preview()->blocks, 16);
    }

    void laterRunsRestoreTheSession() {
        {
            MainWindow first(uitest::resourcesDir());
            first.restoreSession();
            QTRY_VERIFY_WITH_TIMEOUT(first.runAction()->isEnabled(), 30000);
            first.close();
        }
        MainWindow w(uitest::resourcesDir());
        QVERIFY(!w.isFirstRun());
        w.restoreSession();
        QVERIFY(!w.isHintVisible());
        QCOMPARE(w.modelPanel()->modelPath(), QDir::cleanPath(uitest::demoModel()));
        QTRY_VERIFY_WITH_TIMEOUT(w.runAction()->isEnabled(), 30000);
    }

    void aBadModelFolderDisablesRunAndSaysWhy() {
        MainWindow w(uitest::resourcesDir());
        w.restoreSession();
        QTRY_VERIFY_WITH_TIMEOUT(w.runAction()->isEnabled(), 30000);
        w.openModel(QStringLiteral("/nonexistent/model"));
        QTRY_VERIFY_WITH_TIMEOUT(!w.modelPanel()->isInspecting(), 10000);
        QVERIFY(!w.runAction()->isEnabled());
        QVERIFY(!w.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());
        const QString reason = w.findChild<QLabel*>(QStringLiteral("runReason"))->text();
        QVERIFY2(reason.startsWith(QStringLiteral("Model: ")), qPrintable(reason));
        QVERIFY2(reason.contains(QStringLiteral("/nonexistent/model")), qPrintable(reason));
        QVERIFY(!w.startRun());
        // Back to a good folder: Run comes back.
        w.openModel(uitest::demoModel());
        QTRY_VERIFY_WITH_TIMEOUT(w.runAction()->isEnabled(), 30000);
    }

    void switchesLanguageAtRunTime() {
        MainWindow w(uitest::resourcesDir());
        w.restoreSession();
        w.show();
        auto* run = w.findChild<QPushButton*>(QStringLiteral("runButton"));
        auto* pages = w.findChild<QListWidget*>(QStringLiteral("pageList"));
        QCOMPARE(run->text(), QStringLiteral("&Run quantization"));
        QCOMPARE(pages->item(MainWindow::ModelPage)->text(), QStringLiteral("Model"));
        w.setLanguage(QStringLiteral("zh_CN"));
        QTRY_COMPARE(pages->item(MainWindow::ModelPage)->text(), QStringLiteral("模型"));
        QCOMPARE(run->text(), QStringLiteral("运行量化(&R)"));
        QCOMPARE(w.windowTitle(), QStringLiteral("MedAWQ 工作台"));
        // A panel's own text follows too.
        auto* evalRun = w.evaluatePanel()->findChild<QPushButton*>(QStringLiteral("evalRun"));
        QVERIFY2(evalRun->text().contains(QStringLiteral("评估")), qPrintable(evalRun->text()));
        w.setLanguage(QStringLiteral("en"));
        QTRY_COMPARE(pages->item(MainWindow::ModelPage)->text(), QStringLiteral("Model"));
        QCOMPARE(run->text(), QStringLiteral("&Run quantization"));
    }

    void mainActionsHaveShortcuts() {
        MainWindow w(uitest::resourcesDir());
        QCOMPARE(w.runAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        QCOMPARE(w.cancelAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Period));
        QCOMPARE(w.evaluateAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::keyClick(&w, Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), MainWindow::RunsPage);
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), MainWindow::CalibrationPage);
    }

    void evaluatePageStartsOnTheDemo() {
        MainWindow w(uitest::resourcesDir());
        const medawq::ui::EvaluationInputs in = w.evaluatePanel()->inputs();
        QCOMPARE(QDir::cleanPath(in.originalModel), QDir::cleanPath(uitest::demoModel()));
        QCOMPARE(QDir::cleanPath(in.evalTable), QDir::cleanPath(uitest::demoData("eval.csv")));
        QCOMPARE(QDir::cleanPath(in.promptFile), QDir::cleanPath(uitest::demoData("prompt.txt")));
        QVERIFY(in.outputDir.startsWith(QDir::cleanPath(qEnvironmentVariable("MEDAWQ_RUNS_DIR"))));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
