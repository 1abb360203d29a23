// Test page: a report from the demo model, streamed, with tokens per second; stop; and what
// blocks Generate (no model, a bad folder, no prompt).
#include "jobrunner.h"
#include "runrecord.h"
#include "testpanel.h"
#include "ui_test_support.h"

#include <QLabel>
#include <QPushButton>
#include <QtTest>

using namespace medawq::ui;

class TestTestPanel : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;

    static QString demoPrompt() {
        return QStringLiteral(
            "You are an expert radiologist. Describe this PA view chest X-ray.\nIndication: Fever and cough.\n"
            "Comparison: None.\nKey findings: RLL consol c/w pneumonia\nProvide a concise report consisting of "
            "Findings and Impression.");
    }

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }

    void generatesAStreamedReportWithItsSpeed() {
        JobRunner runner;
        TestPanel p(&runner);
        p.show();
        auto* generate = p.findChild<QPushButton*>(QStringLiteral("generate"));
        p.setOriginalModel(uitest::demoModel());
        p.setPrompt(demoPrompt());
        p.setMaxNewTokens(96);
        QTRY_VERIFY_WITH_TIMEOUT(generate->isEnabled(), 10000);
        QSignalSpy text(&runner, &JobRunner::generationText);
        QSignalSpy finished(&p, &TestPanel::finished);
        QTest::mouseClick(generate, Qt::LeftButton);
        QVERIFY(p.isGenerating());
        QVERIFY(!generate->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        const GenerationOutcome& o = p.lastOutcome();
        QVERIFY2(o.status == JobStatus::Succeeded, qPrintable(o.error));
        QVERIFY(o.newTokens > 5);
        QVERIFY(o.decodeTokensPerSecond > 0);
        QVERIFY(text.count() >= 2);  // streamed in pieces, not at the end
        QVERIFY2(p.output().contains(QStringLiteral("FINDINGS:")), qPrintable(p.output()));
        QVERIFY2(p.output().contains(QStringLiteral("pneumonia"), Qt::CaseInsensitive), qPrintable(p.output()));
        const QString stats = p.statsText();
        QVERIFY2(stats.contains(QStringLiteral(" tokens/s (decode)")), qPrintable(stats));
        QVERIFY2(stats.contains(QStringLiteral("cpu, float32")), qPrintable(stats));
        qInfo("demo model: %s", qPrintable(stats));
        QVERIFY(generate->isEnabled());
    }

    void stopEndsTheReport() {
        JobRunner runner;
        TestPanel p(&runner);
        p.setOriginalModel(uitest::demoModel());
        p.setPrompt(demoPrompt());
        QTRY_VERIFY_WITH_TIMEOUT(p.problem().isEmpty(), 10000);
        QSignalSpy finished(&p, &TestPanel::finished);
        p.generate();
        p.stop();  // before the model has even loaded: loading is cancelled too
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(int(p.lastOutcome().status), int(JobStatus::Cancelled));
        QVERIFY(!p.isGenerating());
    }

    void generateIsBlockedWithAReason() {
        JobRunner runner;
        TestPanel p(&runner);
        p.show();
        auto* generate = p.findChild<QPushButton*>(QStringLiteral("generate"));
        auto* problem = p.findChild<QLabel*>(QStringLiteral("testProblem"));
        QVERIFY(!generate->isEnabled());
        QVERIFY(problem->text().startsWith(QStringLiteral("Choose a model")));
        p.setModel(QStringLiteral("/nonexistent/model"));
        QTRY_VERIFY_WITH_TIMEOUT(problem->text().contains(QStringLiteral("/nonexistent/model")), 10000);
        QVERIFY(!generate->isEnabled());
        p.setModel(uitest::demoModel());
        p.setPrompt(QStringLiteral("   "));
        QTRY_COMPARE_WITH_TIMEOUT(problem->text(), QStringLiteral("Write a prompt."), 10000);
        QVERIFY(!generate->isEnabled());
        p.setPrompt(demoPrompt());
        QVERIFY(generate->isEnabled());
        QVERIFY(problem->isHidden());
    }
};

QTEST_MAIN(TestTestPanel)
#include "test_testpanel.moc"
