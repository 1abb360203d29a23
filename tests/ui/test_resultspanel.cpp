// The Results page on the synthetic run (tests/fixtures/report/run): the case list's filters
// and order, the side-by-side view (panes, highlighted words, findings, scores, font size, copy,
// the case image), the charts (data as in results.json, hover text, export), the Export tab, and
// MainWindow::openResultsRun. Set MEDAWQ_SCREENSHOT_DIR to keep pictures of the page.
#include "chartdata.h"
#include "chartplot.h"
#include "language.h"
#include "mainwindow.h"
#include "reportdiffview.h"
#include "resultscharts.h"
#include "resultsexport.h"
#include "resultspanel.h"
#include "ui_test_support.h"
#include "xraypane.h"
#include "xrayview.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QListWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QMouseEvent>
#include <QToolTip>
#include <QtTest>

#include <qcustomplot.h>

using namespace medawq::ui;
using medawq::report::CaseQuery;

namespace {
QString fixtureRun() { return qEnvironmentVariable("MEDAWQ_FIXTURES_DIR") + QStringLiteral("/report/run"); }

void keepPicture(QWidget& w, const QString& name) {
    const QString dir = qEnvironmentVariable("MEDAWQ_SCREENSHOT_DIR");
    if (!dir.isEmpty()) w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}
}  // namespace

class TestResultsPanel : public QObject {
    Q_OBJECT
    std::optional<uitest::Sandbox> m_sandbox;

private Q_SLOTS:
    void initTestCase() { m_sandbox.emplace(); }

    void casesFilterAndOrder() {
        ResultsPanel p;
        QVERIFY2(p.openRun(fixtureRun()), qPrintable(p.problem()));
        QCOMPARE(p.caseList()->count(), 5);
        p.setOrder(CaseQuery::Order::LargestDrop);
        QCOMPARE(p.visibleCases(), (QList<int>{4, 1, 0, 2, 3}));
        QVERIFY(p.caseList()->item(0)->text().contains(QStringLiteral("-1.000")));
        p.setOnlyDisagreements(true);
        QCOMPARE(p.visibleCases(), (QList<int>{4, 1}));
        p.setComparedModel(2);
        QCOMPARE(p.visibleCases(), (QList<int>{2}));
        p.setOnlyDisagreements(false);
        p.setFilterText(QStringLiteral("catheter"));
        QCOMPARE(p.visibleCases(), (QList<int>{4}));
        p.setFilterText(QStringLiteral("nothing like this"));
        QCOMPARE(p.caseList()->count(), 0);
        QCOMPARE(p.diffView()->currentCase(), -1);
        QVERIFY(!p.openRun(m_sandbox->path(QStringLiteral("missing"))));
        QVERIFY(p.problem().contains(QStringLiteral("results.json")));
        QVERIFY(p.run());   // the open run stays
    }

    void sideBySide() {
        ResultsPanel p;
        p.resize(1200, 800);
        QVERIFY(p.openRun(fixtureRun()));
        p.selectCase(1);
        ReportDiffView* v = p.diffView();
        QCOMPARE(v->currentCase(), 1);
        QCOMPARE(v->paneCount(), 4);
        QCOMPARE(v->paneTitle(0), QStringLiteral("Reference"));
        QCOMPARE(v->paneTitle(2), QStringLiteral("AWQ W4 g128"));
        // FP16's words that AWQ lost are struck through in FP16's pane; AWQ added nothing.
        QVERIFY(v->pane(1)->toHtml().contains(QStringLiteral("line-through")));
        QVERIFY(!v->pane(2)->toHtml().contains(QStringLiteral("underline")));
        QCOMPARE(v->pane(2)->toPlainText(), QStringLiteral("No pneumothorax."));
        QVERIFY(v->findingsText().contains(QStringLiteral("Pleural Effusion: positive in FP16, not mentioned in AWQ W4 g128")));
        QCOMPARE(v->scoresTable()->rowCount(), 4);
        QCOMPARE(v->scoresTable()->item(0, 4)->text(), QStringLiteral("-1.000"));
        v->setFontPointSize(16);
        QCOMPARE(v->pane(3)->font().pointSize(), 16);
        v->copyCase();
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(copied.contains(QStringLiteral("Small left pleural effusion. No pneumothorax.")));
        QVERIFY(copied.contains(QStringLiteral("indication: Shortness of breath.")));
        QVERIFY(copied.contains(QStringLiteral("Label F1 micro\t1.000\t0.000\t1.000\t-1.000")));
        p.showNextCase();
        QCOMPARE(v->currentCase(), 2);
        p.showPreviousCase();
        p.showPreviousCase();
        QCOMPARE(v->currentCase(), 0);
        // Case 1 has an image (the fixture's checker board), decoded by the core on a worker
        // thread; the pane shows it with window/level and zoom, and a thumbnail per case.
        XRayPane* xray = v->imageView();
        QVERIFY(xray->isVisibleTo(v));
        QCOMPARE(xray->thumbnails()->count(), 5);
        QTRY_VERIFY_WITH_TIMEOUT(xray->view()->hasImage(), 10000);
        QVERIFY(!xray->view()->image().description.empty());
        QVERIFY(xray->view()->canWindow());
        xray->view()->zoomAt(2, QPointF(10, 10));
        QCOMPARE(xray->view()->zoom(), 2.0);
        p.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p));
        keepPicture(p, QStringLiteral("results-case-image"));
        p.selectCase(1);
        QVERIFY(!xray->view()->hasImage());
        QVERIFY(xray->view()->message().contains(QStringLiteral("no image")));
        keepPicture(p, QStringLiteral("results-cases"));
        // A thumbnail click opens its case.
        QTest::mouseClick(xray->thumbnails()->viewport(), Qt::LeftButton, Qt::NoModifier,
                          xray->thumbnails()->visualItemRect(xray->thumbnails()->item(0)).center());
        QCOMPARE(v->currentCase(), 0);
    }

    void charts() {
        ResultsPanel p;
        p.resize(1200, 800);
        QVERIFY(p.openRun(fixtureRun()));
        p.showTab(ResultsPanel::ChartsTab);
        ResultsCharts* c = p.charts();
        QCOMPARE(c->chartCount(), 6);
        c->showChart(0);
        const auto expected = medawq::report::Charts::metricBars(*p.run());
        QCOMPARE(c->currentData().series.size(), 3);
        QCOMPARE(c->currentData().series[1].y, expected.series[1].y);
        QCOMPARE(c->plot()->plottableCount(), 6);   // three bar series, three error bars
        QCOMPARE(medawq::report::pointText(c->currentData(), 1, 0), QStringLiteral("AWQ W4 g128, Label F1 micro: 0.600 (0.110–1.000)"));
        for (const QString& format : medawq::report::ChartExport::formats()) {
            const QString path = m_sandbox->path(QStringLiteral("chart.") + format);
            QString error;
            QVERIFY2(c->exportChart(path, &error), qPrintable(error));
            QVERIFY(QFileInfo(path).size() > 500);
        }
        // Hover: the values of the bar under the mouse (AWQ, the middle bar of the first group).
        p.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p));
        c->showChart(0);
        c->plot()->replot();   // the layout at the shown size
        const QPoint bar(int(c->plot()->xAxis->coordToPixel(0.0)), int(c->plot()->yAxis->coordToPixel(0.3)));
        QMouseEvent move(QEvent::MouseMove, QPointF(bar), QPointF(c->plot()->mapToGlobal(bar)), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(c->plot(), &move);
        QTRY_COMPARE(QToolTip::text(), QStringLiteral("AWQ W4 g128, Label F1 micro: 0.600 (0.110–1.000)"));
        c->showChart(5);
        QCOMPARE(c->currentData().kind, medawq::report::ChartData::Kind::QualitySpeed);
        QString error;
        QVERIFY(c->addComparedRun(fixtureRun(), &error));
        QCOMPARE(c->currentData().series.size(), 2);
        p.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p));
        c->showChart(0);
        keepPicture(p, QStringLiteral("results-charts"));
    }

    void exportTab() {
        ResultsPanel p;
        QVERIFY(p.openRun(fixtureRun()));
        p.exporter()->setCaseCount(2);
        const QString pdf = m_sandbox->path(QStringLiteral("panel.pdf"));
        QVERIFY2(p.exporter()->exportPdf(pdf), qPrintable(p.exporter()->statusText()));
        QVERIFY(p.exporter()->statusText().contains(QStringLiteral("panel.pdf")));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.contains("/EmbeddedFiles"));
        QVERIFY(p.exporter()->exportCsv(m_sandbox->path(QStringLiteral("panel.csv"))));
        QVERIFY(!p.exporter()->exportCsv(m_sandbox->path(QStringLiteral("no/such/folder/panel.csv"))));
    }

    // Switching the language renames what the page shows, the metric choices included.
    void followsTheLanguage() {
        ResultsPanel p;
        QVERIFY(p.openRun(fixtureRun()));
        QComboBox* metric = nullptr;
        for (QComboBox* c : p.findChildren<QComboBox*>())
            if (c->findData(QStringLiteral("chexpert_micro_f1")) >= 0) metric = c;
        QVERIFY(metric);
        const int i = metric->findData(QStringLiteral("chexpert_micro_f1"));
        QCOMPARE(metric->itemText(i), QStringLiteral("Label F1 micro"));
        medawq::ui::language::apply(QStringLiteral("zh_CN"));
        QTRY_VERIFY(metric->itemText(i) != QStringLiteral("Label F1 micro"));
        QVERIFY(metric->itemText(i).contains(QStringLiteral("F1")));
        medawq::ui::language::apply(QStringLiteral("en"));
        QTRY_COMPARE(metric->itemText(i), QStringLiteral("Label F1 micro"));
    }

    void mainWindowOpensResults() {
        MainWindow w(uitest::resourcesDir());
        QVERIFY(w.openResultsRun(fixtureRun()));
        QCOMPARE(w.currentPage(), MainWindow::ResultsPage);
        QCOMPARE(w.resultsPanel()->run()->cases.size(), 5);
        QVERIFY(!w.openResultsRun(m_sandbox->path(QStringLiteral("missing"))));
    }
};

QTEST_MAIN(TestResultsPanel)
#include "test_resultspanel.moc"
