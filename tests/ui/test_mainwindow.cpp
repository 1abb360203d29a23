// The workbench's main window opens on a model folder and shows what the core says about it.
#include "mainwindow.h"

#include <QApplication>
#include <QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheDemoModel() {
        medawq::ui::MainWindow w;
        const QString src = qEnvironmentVariable("MEDAWQ_SOURCE_DIR", ".");
        w.openModel(src + "/resources/demo/model");
        w.setCalibrationData(src + "/resources/demo/data/calibration.csv");
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.summaryText().contains("Gemma3ForCausalLM"), qPrintable(w.summaryText()));
        QVERIFY(w.summaryText().contains("500 row"));
    }
    void namesTheProblemOfABadFolder() {
        medawq::ui::MainWindow w;
        w.openModel("/nonexistent/model");
        QVERIFY(w.summaryText().contains("/nonexistent/model"));
        QVERIFY(w.summaryText().contains("not a folder"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
