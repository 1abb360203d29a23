// Calibration data page: preview, column and template choices, token statistics computed with
// the job's own code, and every bad input disabling Run with the reason (naming the file).
#include "calibrationpanel.h"
#include "formatting.h"
#include "mainwindow.h"
#include "quantizesettingspanel.h"
#include "ui_test_support.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTableView>
#include <QtTest>

using medawq::ui::CalibrationPanel;
using medawq::ui::MainWindow;

class TestCalibrationPanel : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;
    std::unique_ptr<MainWindow> m_window;

    CalibrationPanel* panel() { return m_window->calibrationPanel(); }
    QString reason() { return m_window->runBlockedReason(); }
    // Waits until the page has finished reading and counting.
    void settle() { QTRY_VERIFY_WITH_TIMEOUT(!panel()->isBusy(), 30000); }
    void writeFile(const QString& path, const QByteArray& text) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }
    void init() {
        m_sandbox->reset();
        m_window = std::make_unique<MainWindow>(uitest::resourcesDir());
        m_window->restoreSession();  // the demo
        QTRY_VERIFY_WITH_TIMEOUT(m_window->runAction()->isEnabled(), 30000);
    }
    void cleanup() { m_window.reset(); }

    void previewsTheDemoTableAndCountsTokens() {
        auto* table = panel()->findChild<QTableView*>(QStringLiteral("calibrationPreview"));
        QCOMPARE(table->model()->rowCount(), 20);
        QCOMPARE(table->model()->columnCount(), 25);
        QCOMPARE(panel()->textColumns(), QStringList{QStringLiteral("text")});
        const auto& p = *panel()->preview();
        QCOMPARE(p.rowsRead, 500);
        QCOMPARE(p.rowsDrawn, 500);
        QCOMPARE(p.blocks, 16);
        QCOMPARE(p.tokensUsed, 16 * 256);
        QVERIFY(p.tokensMin > 10 && p.tokensMax < 256 && p.tokensMean > p.tokensMin);
        const QString stats = panel()->findChild<QLabel*>(QStringLiteral("tokenStatistics"))->text();
        QVERIFY2(stats.contains(QStringLiteral("16 blocks of 256 tokens")), qPrintable(stats));
        QVERIFY2(stats.contains(medawq::ui::formatCount(4096) + QStringLiteral(" tokens go through the model")), qPrintable(stats));
        // The first text as the model sees it is a report from the text column.
        const QString first = panel()->findChild<QPlainTextEdit*>(QStringLiteral("filledPrompt"))->toPlainText();
        QVERIFY2(first.startsWith(QStringLiteral("FINDINGS:")), qPrintable(first));
    }

    void noTextColumnDisablesRun() {
        auto* columns = panel()->findChild<QListWidget*>(QStringLiteral("textColumns"));
        columns->findItems(QStringLiteral("text"), Qt::MatchExactly).first()->setCheckState(Qt::Unchecked);
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().startsWith(QStringLiteral("Calibration data: Choose at least one text column")), qPrintable(reason()));
        columns->findItems(QStringLiteral("findings"), Qt::MatchExactly).first()->setCheckState(Qt::Checked);
        columns->findItems(QStringLiteral("impression"), Qt::MatchExactly).first()->setCheckState(Qt::Checked);
        settle();
        QVERIFY2(m_window->runAction()->isEnabled(), qPrintable(reason()));
        QCOMPARE(panel()->textColumns(), (QStringList{QStringLiteral("findings"), QStringLiteral("impression")}));
    }

    void missingFileIsNamed() {
        panel()->setCalibrationFile(QStringLiteral("/nonexistent/calibration.csv"));
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().contains(QStringLiteral("/nonexistent/calibration.csv")), qPrintable(reason()));
        const QString fileProblem = panel()->findChild<QLabel*>(QStringLiteral("calibrationFileProblem"))->text();
        QVERIFY2(fileProblem.contains(QStringLiteral("/nonexistent/calibration.csv")), qPrintable(fileProblem));
    }

    void tableWithoutTheChosenColumnIsNamed() {
        const QString csv = m_sandbox->path(QStringLiteral("reports.csv"));
        QByteArray rows = "id,report\n";
        for (int i = 0; i < 12; ++i) rows += QByteArray::number(i) + ",Heart size is normal. No pleural effusion.\n";
        writeFile(csv, rows);
        panel()->setCalibrationFile(csv);
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().contains(csv + QStringLiteral(": no column 'text'")), qPrintable(reason()));
        panel()->setTextColumns({QStringLiteral("report")});
        settle();
        // Twelve short rows cannot fill one block of 256 tokens: the job's own check says so.
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().contains(QStringLiteral("too little usable text")), qPrintable(reason()));
        panel()->setSampling(500, 16, 0, 42);
        settle();
        QVERIFY2(m_window->runAction()->isEnabled(), qPrintable(reason()));
        QCOMPARE(panel()->preview()->rowsRead, 12);
    }

    void badQuotingIsReportedWithItsLine() {
        const QString csv = m_sandbox->path(QStringLiteral("broken.csv"));
        writeFile(csv, "text\n\"unterminated quote\n");
        panel()->setCalibrationFile(csv);
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().contains(csv), qPrintable(reason()));
    }

    void tooFewTokensForOneBlock() {
        panel()->setSampling(1, 4096, 0, 42);
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().contains(QStringLiteral("too little usable text")), qPrintable(reason()));
    }

    void promptTemplateIsFilledAndCheckedForColumns() {
        panel()->setPromptTemplateFile(uitest::demoData("prompt.txt"));
        settle();
        QVERIFY2(m_window->runAction()->isEnabled(), qPrintable(reason()));
        const QString first = panel()->findChild<QPlainTextEdit*>(QStringLiteral("filledPrompt"))->toPlainText();
        QVERIFY2(first.contains(QStringLiteral("Key findings: ")) && !first.contains(QLatin1Char('{')), qPrintable(first));
        // With the chat format the text is one Gemma user turn.
        panel()->findChild<QCheckBox*>(QStringLiteral("chatFormat"))->setChecked(true);
        settle();
        QVERIFY(panel()->findChild<QPlainTextEdit*>(QStringLiteral("filledPrompt"))->toPlainText().startsWith(
            QStringLiteral("<start_of_turn>user")));

        const QString tpl = m_sandbox->path(QStringLiteral("bad_prompt.txt"));
        writeFile(tpl, "Describe {View} with {no_such_column}.\n");
        panel()->setPromptTemplateFile(tpl);
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().contains(tpl) && reason().contains(QStringLiteral("no_such_column")), qPrintable(reason()));
    }

    void rtnNeedsNoCalibrationData() {
        panel()->setCalibrationFile(QStringLiteral("/nonexistent/calibration.csv"));
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
        m_window->settingsPanel()->setMethod(QStringLiteral("rtn"));
        QTRY_VERIFY2(m_window->runAction()->isEnabled(), qPrintable(reason()));
        m_window->settingsPanel()->setMethod(QStringLiteral("awq"));
        settle();
        QVERIFY(!m_window->runAction()->isEnabled());
    }

    void choicesPersist() {
        panel()->setSampling(64, 128, 4, 7);
        settle();
        m_window.reset();
        m_window = std::make_unique<MainWindow>(uitest::resourcesDir());
        m_window->restoreSession();
        QVERIFY(!m_window->isFirstRun());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->runAction()->isEnabled(), 30000);
        medawq::QuantizeParams p;
        panel()->fillParams(p);
        QCOMPARE(p.numSamples, 64);
        QCOMPARE(p.seqlen, 128);
        QCOMPARE(p.maxBlocks, 4);
        QCOMPARE(p.seed, uint64_t(7));
        QCOMPARE(QString::fromStdString(p.calibrationPath), uitest::demoData("calibration.csv"));
    }
};

QTEST_MAIN(TestCalibrationPanel)
#include "test_calibrationpanel.moc"
