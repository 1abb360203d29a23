// Model page: what the core says about a folder, with units; a bad folder or an already
// quantized one disables Run with the reason; recent folders are remembered.
#include "mainwindow.h"
#include "modelpanel.h"
#include "preferences.h"
#include "ui_test_support.h"

#include <medawq/quantize.h>

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QtTest>

using medawq::ui::MainWindow;
using medawq::ui::ModelPanel;

class TestModelPanel : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;

    static QString field(ModelPanel& p, int i) {
        return p.findChild<QLabel*>(QStringLiteral("modelField%1").arg(i))->text();
    }

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }
    void init() { m_sandbox->reset(); }

    void showsTheDemoModelWithUnits() {
        ModelPanel p;
        QSignalSpy changed(&p, &ModelPanel::modelChanged);
        p.openModel(uitest::demoModel());
        QVERIFY(p.isInspecting() || changed.count() == 1);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10000);
        QCOMPARE(p.problem(), QString());
        QCOMPARE(field(p, 0), QStringLiteral("Gemma3ForCausalLM (gemma3)"));
        QVERIFY2(field(p, 1).startsWith(QStringLiteral("6 decoder layers, hidden size 384")), qPrintable(field(p, 1)));
        QCOMPARE(field(p, 2), QStringLiteral("10.2 M parameters"));
        QVERIFY2(field(p, 4).endsWith(QStringLiteral(" MB")), qPrintable(field(p, 4)));
        QVERIFY2(field(p, 5).contains(QStringLiteral(" MB for the weights")), qPrintable(field(p, 5)));
        QVERIFY2(field(p, 6).contains(QStringLiteral(" MB for the weights")), qPrintable(field(p, 6)));
        QCOMPARE(field(p, 7), QStringLiteral("Not quantized"));
        QCOMPARE(medawq::ui::prefs::recentModels.value(), QStringList{QDir::cleanPath(uitest::demoModel())});
        QCOMPARE(medawq::ui::prefs::lastModel.value(), QDir::cleanPath(uitest::demoModel()));
    }

    void aFolderWithoutAModelIsNamed() {
        ModelPanel p;
        const QString empty = m_sandbox->path(QStringLiteral("empty_model"));
        QDir().mkpath(empty);
        p.openModel(empty);
        QTRY_VERIFY_WITH_TIMEOUT(!p.isInspecting(), 10000);
        QVERIFY2(p.problem().contains(empty), qPrintable(p.problem()));
        QVERIFY2(p.problem().contains(QStringLiteral("config.json")), qPrintable(p.problem()));
        auto* shown = p.findChild<QLabel*>(QStringLiteral("modelProblem"));
        QCOMPARE(shown->text(), p.problem());
        QVERIFY(!shown->isHidden());
        QVERIFY(medawq::ui::prefs::recentModels.value().isEmpty());  // only usable folders are remembered
    }

    void anAwqModelCannotBeQuantizedAgain() {
        // Round-to-nearest gives an AutoAWQ checkpoint of the demo model in a few seconds.
        medawq::QuantizeParams params;
        params.modelPath = uitest::demoModel().toStdString();
        params.outputPath = m_sandbox->path(QStringLiteral("demo-rtn")).toStdString();
        params.method = "rtn";
        params.overwrite = true;
        medawq::runQuantize(params, {}, {});

        MainWindow w(uitest::resourcesDir());
        w.restoreSession();
        QTRY_VERIFY_WITH_TIMEOUT(w.runAction()->isEnabled(), 30000);
        w.openModel(QString::fromStdString(params.outputPath));
        QTRY_VERIFY_WITH_TIMEOUT(!w.modelPanel()->isInspecting(), 10000);
        QVERIFY(!w.runAction()->isEnabled());
        QVERIFY2(w.runBlockedReason().contains(QStringLiteral("already AWQ-quantized (4-bit, group 128)")),
                 qPrintable(w.runBlockedReason()));
        QCOMPARE(field(*w.modelPanel(), 7), QStringLiteral("Already AWQ: 4-bit, group 128"));
        // It can still be loaded, e.g. on the Test page.
        QCOMPARE(w.modelPanel()->loadProblem(), QString());
    }

    void recentModelsAreOfferedNewestFirst() {
        medawq::ui::rememberRecentModel(QStringLiteral("/a"));
        medawq::ui::rememberRecentModel(QStringLiteral("/b"));
        medawq::ui::rememberRecentModel(QStringLiteral("/a/"));
        QCOMPARE(medawq::ui::prefs::recentModels.value(), (QStringList{QStringLiteral("/a"), QStringLiteral("/b")}));
        ModelPanel p;
        auto* box = p.findChild<QComboBox*>(QStringLiteral("modelFolder"));
        QCOMPARE(box->count(), 2);
        QCOMPARE(box->itemText(0), QStringLiteral("/a"));
        for (int i = 0; i < 12; ++i) medawq::ui::rememberRecentModel(QStringLiteral("/m%1").arg(i));
        QCOMPARE(medawq::ui::prefs::recentModels.value().size(), medawq::ui::kMaxRecentModels);
    }
};

QTEST_MAIN(TestModelPanel)
#include "test_modelpanel.moc"
