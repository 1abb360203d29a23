// The run view on its own: stage rows following progress reports, the heartbeat, and what a
// failure shows (message, hint, Open log, Copy diagnostics). The reports are made here, as the
// engine thread would send them, so each state can be checked exactly.
#include "failurehint.h"
#include "runview.h"
#include "ui_test_support.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QtTest>

using namespace medawq::ui;

class TestRunView : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;

    medawq::QuantizeParams params() const {
        medawq::QuantizeParams p;
        p.modelPath = "resources/demo/model";
        p.outputPath = m_sandbox->path(QStringLiteral("out")).toStdString();
        p.calibrationPath = "resources/demo/data/calibration.csv";
        p.numSamples = 32;
        p.seqlen = 128;
        return p;
    }

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }

    void stageRowsFollowTheReports() {
        RunView v;
        QCOMPARE(v.mode(), RunView::Mode::Empty);
        v.startLive(params(), QString());
        for (int i = 0; i < 5; ++i) QCOMPARE(int(v.stage(i).state()), int(StageRow::State::Pending));
        v.onProgress({0, 1.0, 0, 0, 0.4, -1, {}});
        v.onProgress({1, 0.5, 0, 0, 0.2, 0.2, {}});
        v.onProgress({2, 0.5, 3, 6, 12.0, 12.0, {}});
        QCOMPARE(int(v.stage(0).state()), int(StageRow::State::Done));
        QCOMPARE(int(v.stage(1).state()), int(StageRow::State::Running));
        QCOMPARE(int(v.stage(2).state()), int(StageRow::State::Running));
        QCOMPARE(v.stage(2).layerText(), QStringLiteral("layer 3 of 6"));
        QCOMPARE(v.stage(2).progressPermille(), 500);
        QCOMPARE(v.stage(2).elapsedText(), QStringLiteral("12 s"));
        QCOMPARE(v.stage(2).etaText(), QStringLiteral("ETA 12 s"));
        QCOMPARE(v.stage(1).etaText(), QStringLiteral("ETA 200 ms"));
        QCOMPARE(v.stage(4).elapsedText(), QString());
        QVERIFY2(v.heartbeatText().startsWith(QStringLiteral("Last progress ")), qPrintable(v.heartbeatText()));
        // The clocks run on between reports.
        QTest::qWait(1100);
        QCOMPARE(v.stage(2).elapsedText(), QStringLiteral("13 s"));
        QVERIFY2(v.heartbeatText().startsWith(QStringLiteral("Last progress 1.")), qPrintable(v.heartbeatText()));
    }

    void outOfMemoryShowsTheHintAndDiagnostics() {
        const QString logPath = m_sandbox->path(QStringLiteral("failed.log"));
        {
            QFile log(logPath);
            QVERIFY(log.open(QIODevice::WriteOnly));
            log.write("[Load model] opening resources/demo/model\n");
        }
        RunView v;
        v.show();
        v.startLive(params(), logPath);
        v.onLog(QStringLiteral("[Load model] opening resources/demo/model"));
        v.onProgress({0, 1.0, 0, 0, 0.4, -1, {}});
        v.onProgress({2, 0.0, 1, 6, 0.0, -1, {}});
        QuantizeOutcome out;
        out.status = JobStatus::Failed;
        out.error = QStringLiteral("CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.1 GiB total capacity)");
        out.logPath = logPath;
        v.onFinished(out);
        QCOMPARE(v.mode(), RunView::Mode::Failed);
        QCOMPARE(int(v.stage(0).state()), int(StageRow::State::Done));
        QCOMPARE(int(v.stage(2).state()), int(StageRow::State::Failed));
        QCOMPARE(int(v.stage(4).state()), int(StageRow::State::Pending));
        QCOMPARE(v.findChild<QLabel*>(QStringLiteral("failureMessage"))->text(), out.error);
        const QString hint = v.findChild<QLabel*>(QStringLiteral("failureHint"))->text();
        QVERIFY2(hint.contains(QStringLiteral("fewer calibration samples, a shorter sequence length")), qPrintable(hint));
        QVERIFY(v.findChild<QLabel*>(QStringLiteral("failureHint"))->isVisible());
        QVERIFY(v.findChild<QPushButton*>(QStringLiteral("openLog"))->isEnabled());
        QVERIFY(!v.findChild<QPushButton*>(QStringLiteral("cancelRun"))->isVisible());
        QTest::mouseClick(v.findChild<QPushButton*>(QStringLiteral("copyDiagnostics")), Qt::LeftButton);
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY2(copied.contains(out.error), qPrintable(copied));
        QVERIFY(copied.contains(QStringLiteral("samples 32, seqlen 128")));
        QVERIFY(copied.contains(QStringLiteral("stage 3: Failed")));
        QVERIFY(copied.contains(QStringLiteral("[Load model] opening")));
        QVERIFY(copied.contains(logPath));
    }

    void hintsNameWhatToChange() {
        QVERIFY(failureHint(QStringLiteral("DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes"))
                    .contains(QStringLiteral("fewer calibration samples")));
        QVERIFY(failureHint(QStringLiteral("calibration data: too little usable text: 12 tokens"))
                    .contains(QStringLiteral("shorter sequence length")));
        QVERIFY(failureHint(QStringLiteral("/out: already exists; choose another output folder or allow overwriting"))
                    .contains(QStringLiteral("Replace an existing folder")));
        QVERIFY(failureHint(QStringLiteral("--device cuda: CUDA is not available")).contains(QStringLiteral("CPU")));
        QVERIFY(failureHint(QStringLiteral("something else")).contains(QStringLiteral("Copy diagnostics")));
    }

    void cancelButtonAsksOnceAndSaysSo() {
        RunView v;
        v.show();
        v.startLive(params(), QString());
        QSignalSpy cancel(&v, &RunView::cancelRequested);
        auto* button = v.findChild<QPushButton*>(QStringLiteral("cancelRun"));
        QVERIFY(button->isVisible() && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(cancel.count(), 1);
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->text(), QStringLiteral("Cancelling…"));
    }
};

QTEST_MAIN(TestRunView)
#include "test_runview.moc"
