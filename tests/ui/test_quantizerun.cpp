// A quantization of the demo model driven through the window, from the Run action to the files
// on disk, with the GUI thread's responsiveness measured throughout; cancel mid-run; reopening
// the finished run from the Runs page.
#include "calibrationpanel.h"
#include "jobrunner.h"
#include "mainwindow.h"
#include "quantizesettingspanel.h"
#include "runrecord.h"
#include "runspanel.h"
#include "runview.h"
#include "ui_test_support.h"

#include <QAction>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

#include <ctime>

using medawq::ui::JobStatus;
using medawq::ui::MainWindow;
using medawq::ui::QuantizeOutcome;
using medawq::ui::RunView;
using medawq::ui::StageRow;

// Measures the largest gap between iterations of the GUI thread's event loop: a 5 ms timer
// that should fire every 5 ms fires late by however long the loop was away. For the worst gap
// it also records how much CPU time the GUI thread itself used in it, which tells a thread busy
// in our code (CPU time close to the gap) from one that was ready but not scheduled.
class LoopProbe : public QObject {
public:
    LoopProbe() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double cpu = threadCpuMs();
            if (m_clock.isValid()) {
                const double gap = m_clock.nsecsElapsed() / 1e6;
                if (gap > m_maxGapMs) {
                    m_maxGapMs = gap;
                    m_cpuInMaxGapMs = cpu - m_lastCpuMs;
                    m_maxGapAtMs = m_since.elapsed();
                }
                if (gap > 50) ++m_gapsOver50;
                if (gap > 30) qInfo("gap %.1f ms (GUI CPU %.1f ms) ending at %lld ms", gap, cpu - m_lastCpuMs, m_since.elapsed());
            }
            m_clock.start();
            m_lastCpuMs = cpu;
            ++m_ticks;
        });
        m_timer.start();
        m_since.start();
        m_startCpuMs = threadCpuMs();
    }
    double cpuSinceStartMs() const { return threadCpuMs() - m_startCpuMs; }
    double maxGapAtMs() const { return m_maxGapAtMs; }
    double sinceStartMs() const { return m_since.elapsed(); }
    double maxGapMs() const { return m_maxGapMs; }
    double cpuInMaxGapMs() const { return m_cpuInMaxGapMs; }
    int gapsOver50() const { return m_gapsOver50; }
    int ticks() const { return m_ticks; }

private:
    static double threadCpuMs() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    }
    QTimer m_timer;
    QElapsedTimer m_clock, m_since;
    double m_maxGapAtMs = 0, m_startCpuMs = 0;
    double m_maxGapMs = 0, m_cpuInMaxGapMs = 0, m_lastCpuMs = 0;
    int m_gapsOver50 = 0;
    int m_ticks = 0;
};

class TestQuantizeRun : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;
    QString m_finishedRun;

    // The window on the demo with the small CI settings: 32 rows, blocks of 128 tokens.
    std::unique_ptr<MainWindow> demoWindow(int samples, int seqlen, int maxBlocks) {
        auto w = std::make_unique<MainWindow>(uitest::resourcesDir());
        w->restoreSession();
        w->calibrationPanel()->setSampling(samples, seqlen, maxBlocks, 42);
        w->show();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(w->runAction()->isEnabled(), 30000); }();
        return w;
    }

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }

    void quantizesTheDemoThroughTheWindow() {
        auto w = demoWindow(32, 128, 0);
        QVERIFY2(w->runAction()->isEnabled(), qPrintable(w->runBlockedReason()));
        const QString output = w->settingsPanel()->outputFolder();
        QSignalSpy finished(w.get(), &MainWindow::runFinished);
        QSignalSpy progress(w->jobRunner(), &medawq::ui::JobRunner::quantizeProgress);

        LoopProbe probe;
        QTest::keyClick(w.get(), Qt::Key_R, Qt::ControlModifier);  // the shortcut, as a user would
        QCOMPARE(w->currentPage(), MainWindow::RunPage);
        QCOMPARE(w->runView()->mode(), RunView::Mode::Live);
        QVERIFY(!w->runAction()->isEnabled());
        QVERIFY(w->runBlockedReason().contains(QStringLiteral("running")));
        bool sawLayer = false, sawHeartbeat = false;
        QElapsedTimer clock;
        clock.start();
        while (finished.isEmpty() && clock.elapsed() < 600000) {
            QTest::qWait(50);
            sawLayer |= w->runView()->stage(2).layerText().endsWith(QStringLiteral(" of 6"));
            sawHeartbeat |= w->runView()->heartbeatText().startsWith(QStringLiteral("Last progress"));
        }
        const double maxGap = probe.maxGapMs();
        qInfo("worst gap ended %.0f ms after the start, finished at %.0f ms; GUI thread CPU time during the run %.0f ms",
              probe.maxGapAtMs(), probe.sinceStartMs(), probe.cpuSinceStartMs());
        qInfo("GUI thread: largest gap between event-loop iterations %.1f ms (GUI thread CPU time in it %.1f ms), "
              "%d gaps over 50 ms, %d ticks in %.1f s of quantization",
              maxGap, probe.cpuInMaxGapMs(), probe.gapsOver50(), probe.ticks(), clock.elapsed() / 1000.0);
        QCOMPARE(finished.count(), 1);
        const auto outcome = finished.first().first().value<QuantizeOutcome>();
        QVERIFY2(outcome.status == JobStatus::Succeeded, qPrintable(outcome.error));
        m_finishedRun = output;  // for the tests below, whatever else is checked here
        QVERIFY2(maxGap < 50.0, qPrintable(QStringLiteral("GUI thread blocked for %1 ms").arg(maxGap)));
        QVERIFY(sawLayer);
        QVERIFY(sawHeartbeat);
        QVERIFY(progress.count() > 10);

        // Every stage done, with its time.
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(int(w->runView()->stage(i).state()), int(StageRow::State::Done));
            QVERIFY(!w->runView()->stage(i).elapsedText().isEmpty());
        }
        QCOMPARE(w->runView()->mode(), RunView::Mode::Finished);
        QVERIFY2(w->runView()->resultText().startsWith(QStringLiteral("Saved to ") + output), qPrintable(w->runView()->resultText()));
        QVERIFY(w->runView()->logText().contains(QStringLiteral("layer 6/6")));

        // The output folder: an AutoAWQ checkpoint, the run's info and its log.
        QFile config(output + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QJsonObject q = QJsonDocument::fromJson(config.readAll()).object().value("quantization_config").toObject();
        QCOMPARE(q.value("quant_method").toString(), QStringLiteral("awq"));
        QCOMPARE(q.value("bits").toInt(), 4);
        QCOMPARE(q.value("group_size").toInt(), 128);
        medawq::ui::RunRecord record;
        QString error;
        QVERIFY2(medawq::ui::readRunRecord(output, record, &error), qPrintable(error));
        QCOMPARE(record.method, QStringLiteral("awq"));
        QCOMPARE(record.calibrationRows, 32);
        QCOMPARE(record.seqlen, 128);
        QVERIFY(record.sizeBytes > 0);
        QVERIFY(QFileInfo::exists(output + QStringLiteral("/quantize.log")));
        QVERIFY(QDir(m_sandbox->runsDir() + QStringLiteral("/.logs")).isEmpty());  // the live log moved with the run
        // Run is possible again, into a new folder.
        QTRY_VERIFY_WITH_TIMEOUT(w->runAction()->isEnabled(), 30000);
        QVERIFY(w->settingsPanel()->outputFolder() != output);
    }

    void reopensTheFinishedRunFromTheRunsPage() {
        QVERIFY(!m_finishedRun.isEmpty());
        auto w = demoWindow(32, 128, 0);
        auto* runs = w->runsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(!runs->isScanning() && runs->runs().size() == 1, 10000);
        w->showPage(MainWindow::RunsPage);
        auto* table = runs->view();
        // One click on the row shows the run's summary.
        const QRect row = table->visualRect(table->model()->index(0, 1));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(runs->selectedRun()->folder, m_finishedRun);
        QVERIFY2(runs->detailsText().contains(m_finishedRun), qPrintable(runs->detailsText()));
        QVERIFY2(runs->detailsText().contains(QStringLiteral("AWQ, 4 bit, group 128")), qPrintable(runs->detailsText()));
        // "Open in Run view" shows its five stages as done, and its log.
        QTest::mouseClick(runs->findChild<QPushButton*>(QStringLiteral("openRun")), Qt::LeftButton);
        QCOMPARE(w->currentPage(), MainWindow::RunPage);
        QCOMPARE(w->runView()->mode(), RunView::Mode::Finished);
        QCOMPARE(w->runView()->outputFolder(), m_finishedRun);
        for (int i = 0; i < 5; ++i) QCOMPARE(int(w->runView()->stage(i).state()), int(StageRow::State::Done));
        QVERIFY(w->runView()->logText().contains(QStringLiteral("layer 6/6")));
        QVERIFY(w->runView()->resultText().contains(m_finishedRun));
    }

    void cancelMidRunLeavesNothing() {
        // Twice the rows of the first run, so that some layers are left when cancel comes.
        auto w = demoWindow(64, 128, 0);
        const QString output = w->settingsPanel()->outputFolder();
        QSignalSpy finished(w.get(), &MainWindow::runFinished);
        QVERIFY(w->startRun());
        QTRY_VERIFY_WITH_TIMEOUT(w->runView()->stage(3).state() == StageRow::State::Running &&
                                     w->runView()->stage(3).progressPermille() > 0,
                                 300000);
        QTest::mouseClick(w->runView()->findChild<QPushButton*>(QStringLiteral("cancelRun")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const auto outcome = finished.first().first().value<QuantizeOutcome>();
        QCOMPARE(int(outcome.status), int(JobStatus::Cancelled));
        qInfo("cancel took effect %.3f s after the click", outcome.cancelLatencySeconds);
        QVERIFY2(outcome.cancelLatencySeconds < 1.0, qPrintable(QString::number(outcome.cancelLatencySeconds)));
        QCOMPARE(w->runView()->mode(), RunView::Mode::Cancelled);
        QCOMPARE(int(w->runView()->stage(0).state()), int(StageRow::State::Done));
        QCOMPARE(int(w->runView()->stage(3).state()), int(StageRow::State::Cancelled));
        QCOMPARE(int(w->runView()->stage(4).state()), int(StageRow::State::Pending));
        // No output, no partial folder; the log of the cancelled run stays for reading.
        QVERIFY(!QFileInfo::exists(output));
        const QStringList leftovers = QDir(m_sandbox->runsDir()).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
        QCOMPARE(leftovers, (QStringList{QStringLiteral(".logs"), QFileInfo(m_finishedRun).fileName()}));
        QTRY_VERIFY_WITH_TIMEOUT(w->runAction()->isEnabled(), 30000);
    }
};

QTEST_MAIN(TestQuantizeRun)
#include "test_quantizerun.moc"
