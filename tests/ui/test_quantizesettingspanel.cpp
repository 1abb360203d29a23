// Quantization settings page: the default output folder, an existing or unusable folder
// disabling Run with the reason, RTN greying out the search options, presets.
#include "calibrationpanel.h"
#include "mainwindow.h"
#include "quantizesettingspanel.h"
#include "ui_test_support.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using medawq::ui::MainWindow;
using medawq::ui::QuantizeSettingsPanel;

class TestQuantizeSettingsPanel : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;
    std::unique_ptr<MainWindow> m_window;
    QuantizeSettingsPanel* panel() { return m_window->settingsPanel(); }
    QString reason() { return m_window->runBlockedReason(); }

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }
    void init() {
        m_sandbox->reset();
        m_window = std::make_unique<MainWindow>(uitest::resourcesDir());
        m_window->restoreSession();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->runAction()->isEnabled(), 30000);
    }
    void cleanup() { m_window.reset(); }

    void defaultOutputIsAFreshFolderInTheRunsFolder() {
        const QString out = panel()->outputFolder();
        QVERIFY2(out.startsWith(m_sandbox->runsDir() + QStringLiteral("/model-awq-w4-g128-")), qPrintable(out));
        QVERIFY(!QFileInfo::exists(out));
        panel()->setGroupSize(64);
        QVERIFY2(panel()->outputFolder().contains(QStringLiteral("-awq-w4-g64-")), qPrintable(panel()->outputFolder()));
        panel()->setMethod(QStringLiteral("rtn"));
        QVERIFY2(panel()->outputFolder().contains(QStringLiteral("-rtn-w4-g64-")), qPrintable(panel()->outputFolder()));
    }

    void existingFolderNeedsReplaceTicked() {
        const QString taken = m_sandbox->path(QStringLiteral("taken"));
        QVERIFY(QDir().mkpath(taken));
        panel()->setOutputFolder(taken);
        QVERIFY(!m_window->runAction()->isEnabled());
        QVERIFY2(reason().startsWith(QStringLiteral("Quantization settings: ") + taken + QStringLiteral(" already exists")),
                 qPrintable(reason()));
        panel()->findChild<QCheckBox*>(QStringLiteral("overwrite"))->setChecked(true);
        QVERIFY2(m_window->runAction()->isEnabled(), qPrintable(reason()));
    }

    void emptyOrFileOutputIsRefused() {
        auto* edit = panel()->findChild<QLineEdit*>(QStringLiteral("outputFolder"));
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral(" "));
        QVERIFY(!m_window->runAction()->isEnabled());
        QCOMPARE(reason(), QStringLiteral("Quantization settings: Choose an output folder."));
        const QString file = m_sandbox->path(QStringLiteral("a_file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        panel()->setOutputFolder(file);
        QVERIFY2(reason().contains(file + QStringLiteral(" is a file")), qPrintable(reason()));
        // A typed name is kept; "New name" goes back to a fresh suggestion.
        QTest::mouseClick(panel()->findChild<QPushButton*>(QStringLiteral("suggestOutput")), Qt::LeftButton);
        QVERIFY2(m_window->runAction()->isEnabled(), qPrintable(reason()));
    }

    void rtnGreysOutTheSearchOptions() {
        auto* grid = panel()->findChild<QSpinBox*>(QStringLiteral("gridSize"));
        auto* clip = panel()->findChild<QCheckBox*>(QStringLiteral("clipSearch"));
        QVERIFY(grid->isEnabled() && clip->isEnabled());
        panel()->setMethod(QStringLiteral("rtn"));
        QVERIFY(!grid->isEnabled() && !clip->isEnabled());
        medawq::QuantizeParams p;
        panel()->fillParams(p);
        QCOMPARE(p.method, std::string("rtn"));
    }

    void autoAwqPresetTakesAutoAwqsChoices() {
        auto* grid = panel()->findChild<QSpinBox*>(QStringLiteral("gridSize"));
        auto* clip = panel()->findChild<QCheckBox*>(QStringLiteral("clipSearch"));
        grid->setValue(5);
        clip->setChecked(false);
        m_window->calibrationPanel()->findChild<QCheckBox*>(QStringLiteral("chatFormat"))->setChecked(true);
        panel()->setPreset(QStringLiteral("autoawq"));
        QCOMPARE(grid->value(), 20);
        QVERIFY(clip->isChecked());
        medawq::QuantizeParams p;
        m_window->calibrationPanel()->fillParams(p);
        QVERIFY(!p.chatTemplate);
        QCOMPARE(p.maxBlocks, 0);
        // The demo's 500 rows drop none at 256 tokens, so the run stays possible.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->runAction()->isEnabled(), 30000);
    }

    void fillsTheJobsParameters() {
        panel()->setBits(3);
        panel()->setGroupSize(32);
        panel()->findChild<QCheckBox*>(QStringLiteral("zeroPoint"))->setChecked(false);
        medawq::QuantizeParams p;
        panel()->fillParams(p);
        QCOMPARE(p.bits, 3);
        QCOMPARE(p.groupSize, 32);
        QVERIFY(!p.zeroPoint);
        QCOMPARE(p.device, std::string("cpu"));
        QCOMPARE(QString::fromStdString(p.outputPath), panel()->outputFolder());
    }
};

QTEST_MAIN(TestQuantizeSettingsPanel)
#include "test_quantizesettingspanel.moc"
