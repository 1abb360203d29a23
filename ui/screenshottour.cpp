#include "screenshottour.h"

#include "calibrationpanel.h"
#include "evaluatepanel.h"
#include "evaluationprogressview.h"
#include "jobrunner.h"
#include "language.h"
#include "mainwindow.h"
#include "modelpanel.h"
#include "runspanel.h"
#include "runview.h"
#include "quantizesettingspanel.h"
#include "resultscharts.h"
#include "resultspanel.h"
#include "testpanel.h"


#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace medawq::ui {

namespace {

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired()) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
    return true;
}

void settle(int ms = 300) { waitFor([] { return false; }, ms); }

class Tour {
public:
    Tour(const QString& out, MainWindow& w) : m_out(out), m_window(w) {}

    bool shoot(const QString& name) {
        settle();
        const QString dir = m_out + QLatin1Char('/') + language::current();
        QDir().mkpath(dir);
        const QString path = QStringLiteral("%1/%2.png").arg(dir, name);
        // 256 colours keep a UI picture sharp and the file small (AppStream screenshots).
        const QImage image = m_window.grab().toImage().convertToFormat(QImage::Format_Indexed8, Qt::ThresholdDither);
        const bool ok = image.save(path, "PNG", 9);
        std::fprintf(stderr, "%s %s\n", ok ? "saved" : "FAILED", qPrintable(path));
        return ok;
    }
    void bothLanguages(const QString& name, const std::function<void()>& prepare = {}) {
        for (const QString& code : language::available()) {
            language::apply(code);
            if (prepare) prepare();
            shoot(name);
        }
        language::apply(QStringLiteral("en"));
    }

private:
    QString m_out;
    MainWindow& m_window;
};

}  // namespace

int runScreenshotTour(const QString& outputDir, const QString& resourcesDir) {
    QTemporaryDir sandbox;
    qputenv("MEDAWQ_RUNS_DIR", QFile::encodeName(sandbox.filePath(QStringLiteral("runs"))));
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    language::apply(QStringLiteral("en"));

    MainWindow w(resourcesDir);
    w.resize(1280, 800);
    w.restoreSession();
    w.show();
    Tour tour(outputDir, w);
    if (!waitFor([&] { return w.runAction()->isEnabled(); }, 60000)) {
        std::fprintf(stderr, "the demo did not become ready: %s\n", qPrintable(w.runBlockedReason()));
        return 1;
    }
    const std::pair<MainWindow::Page, const char*> setup[] = {{MainWindow::ModelPage, "01-model"},
                                                               {MainWindow::CalibrationPage, "02-calibration"},
                                                               {MainWindow::SettingsPage, "03-settings"},
                                                               {MainWindow::EvaluatePage, "05-evaluate"}};
    for (const auto& [page, name] : setup) {
        w.showPage(page);
        tour.bothLanguages(QLatin1String(name));
    }

    // A real run of the demo model, caught in the middle and at the end.
    if (!w.startRun()) return 1;
    bool caught = waitFor(
        [&] {
            const StageRow& s = w.runView()->stage(3);
            return s.state() == StageRow::State::Running && s.progressPermille() >= 300;
        },
        300000);
    if (caught) tour.bothLanguages(QStringLiteral("04-run-live"));
    if (!waitFor([&] { return !w.jobRunner()->isBusy(); }, 600000)) return 1;
    if (w.runView()->mode() != RunView::Mode::Finished) {
        std::fprintf(stderr, "the run did not finish: %s\n", qPrintable(w.runView()->failureMessage()));
        return 1;
    }
    tour.bothLanguages(QStringLiteral("04-run-done"));

    // A round-to-nearest run too, so that the Runs page has two methods to compare.
    w.settingsPanel()->setMethod(QStringLiteral("rtn"));
    waitFor([&] { return w.runAction()->isEnabled(); }, 30000);
    const QString awqRun = w.runView()->outputFolder();
    if (!w.startRun() || !waitFor([&] { return !w.jobRunner()->isBusy(); }, 600000)) return 1;
    const QString rtnRun = w.runView()->outputFolder();
    w.settingsPanel()->setMethod(QStringLiteral("awq"));
    w.runsPanel()->refresh();
    waitFor([&] { return !w.runsPanel()->isScanning(); }, 30000);
    w.runsPanel()->selectRun(awqRun);
    w.runsPanel()->openSelected();

    // The quantized model on the Test page.
    w.testPanel()->setModel(awqRun);
    w.showPage(MainWindow::TestPage);
    waitFor([&] { return w.testPanel()->problem().isEmpty(); }, 30000);
    w.testPanel()->generate();
    waitFor([&] { return !w.jobRunner()->isBusy(); }, 120000);
    tour.bothLanguages(QStringLiteral("06-test"));

    // An evaluation of the original against the AWQ run, caught generating and finished.
    EvaluatePanel* eval = w.evaluatePanel();
    eval->useDemo();
    eval->setQuantizedModels({awqRun, rtnRun});
    eval->setNumSamples(6);
    eval->setMaxNewTokens(64);
    w.showPage(MainWindow::EvaluatePage);
    if (!waitFor([&] { return eval->problem().isEmpty(); }, 30000) || !eval->startEvaluation()) {
        std::fprintf(stderr, "the evaluation did not start: %s\n", qPrintable(eval->problem()));
        return 1;
    }
    if (waitFor([&] { return eval->progressView()->state(1) == EvaluationProgressView::State::Running &&
                             eval->progressView()->progressPermille(1) >= 300; }, 300000))
        tour.bothLanguages(QStringLiteral("05-evaluate-live"));
    if (!waitFor([&] { return !w.jobRunner()->isBusy(); }, 600000) || eval->lastOutcome().status != JobStatus::Succeeded) {
        std::fprintf(stderr, "the evaluation did not finish: %s\n", qPrintable(eval->lastOutcome().error));
        return 1;
    }
    const QString evalRun = eval->lastOutcome().runDir;
    w.showPage(MainWindow::EvaluatePage);
    tour.bothLanguages(QStringLiteral("05-evaluate-done"));

    // The Runs page with the finished run selected, then the evaluation.
    w.showPage(MainWindow::RunsPage);
    waitFor([&] { return !w.runsPanel()->isScanning(); }, 30000);
    w.runsPanel()->selectRun(awqRun);
    tour.bothLanguages(QStringLiteral("07-runs"));
    w.runsPanel()->selectRun(evalRun);
    tour.bothLanguages(QStringLiteral("08-runs-evaluation"));

    // The Results page on that evaluation (AWQ and RTN against the demo model).
    if (!w.openResultsRun(evalRun)) return 1;
    w.resultsPanel()->setOrder(medawq::report::CaseQuery::Order::LargestDrop);
    w.resultsPanel()->showTab(ResultsPanel::CasesTab);
    tour.bothLanguages(QStringLiteral("09-results-cases"));
    w.resultsPanel()->showTab(ResultsPanel::ChartsTab);
    w.resultsPanel()->charts()->showChart(0);
    tour.bothLanguages(QStringLiteral("10-results-charts"));
    return 0;
}

}  // namespace medawq::ui
