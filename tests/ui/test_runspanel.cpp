// Runs page over a runs folder of quantization_info.json files in the core's layout
// (core/jobs/run_info.cpp): listing, sorting by value, filtering, unreadable runs named,
// partial outputs ignored, and opening a run.
#include "runsmodel.h"
#include "runspanel.h"
#include "ui_test_support.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

using namespace medawq::ui;

class TestRunsPanel : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;

    void writeRun(const QString& name, const QString& created, const QString& method, int bits, int group,
                  double seconds, qint64 weightBytes) {
        const QString dir = m_sandbox->runsDir() + QLatin1Char('/') + name;
        QDir().mkpath(dir);
        const bool awq = method == QLatin1String("awq");
        QJsonObject info{
            {"created", created},
            {"tool", "MedAWQ"},
            {"device", "cpu"},
            {"source_model", QJsonObject{{"path", "/models/medgemma-4b-it"}, {"architecture", "Gemma3ForConditionalGeneration"},
                                         {"family", "gemma3-multimodal"}}},
            {"method", method},
            {"preset", "medawq"},
            {"bits", bits},
            {"group_size", group},
            {"zero_point", true},
            {"fake_quantized", bits != 4},
            {"search", QJsonObject{{"grid_size", 20}, {"clip_search", awq}}},
            {"calibration", awq ? QJsonValue(QJsonObject{{"file", "calibration.csv"}, {"rows_used", 500}, {"tokens", 8192},
                                                         {"blocks", 16}, {"seqlen", 512}})
                                : QJsonValue(QJsonValue::Null)},
            {"stage_seconds", QJsonObject{{"load_model", seconds * 0.1}, {"prepare_calibration", seconds * 0.1},
                                          {"activation_statistics", seconds * 0.2}, {"quantize_weights", seconds * 0.5},
                                          {"save", seconds * 0.1}}},
            {"mean_group_loss", QJsonObject{{"rtn", 0.0621}, {"awq", awq ? 0.0495 : 0.0621}}},
        };
        QFile f(dir + QStringLiteral("/quantization_info.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(info).toJson());
        QFile w(dir + QStringLiteral("/model.safetensors"));
        QVERIFY(w.open(QIODevice::WriteOnly));
        QVERIFY(w.resize(weightBytes));
    }

    static QString cell(RunsPanel& p, int row, int column) {
        return p.view()->model()->index(row, column).data().toString();
    }

private Q_SLOTS:
    void initTestCase() {
        m_sandbox = std::make_unique<uitest::Sandbox>();
        writeRun(QStringLiteral("gemma-awq-w4-g128"), QStringLiteral("2026-11-20T10:00:00Z"), QStringLiteral("awq"), 4, 128, 100.0, 3000000);
        writeRun(QStringLiteral("gemma-rtn-w4-g128"), QStringLiteral("2026-11-21T10:00:00Z"), QStringLiteral("rtn"), 4, 128, 10.0, 3000000);
        writeRun(QStringLiteral("gemma-awq-w3-g64"), QStringLiteral("2026-11-22T10:00:00Z"), QStringLiteral("awq"), 3, 64, 1000.0, 8000000);
        // Not runs: a broken info file, a partial output of a run in progress, a plain folder.
        QDir().mkpath(m_sandbox->runsDir() + QStringLiteral("/broken"));
        QFile broken(m_sandbox->runsDir() + QStringLiteral("/broken/quantization_info.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{ not json");
        broken.close();
        QDir().mkpath(m_sandbox->runsDir() + QStringLiteral("/.next.partial-1-2"));
        QDir().mkpath(m_sandbox->runsDir() + QStringLiteral("/notes"));
    }

    void listsRunsNewestFirstWithUnits() {
        RunsPanel p;
        QTRY_VERIFY_WITH_TIMEOUT(!p.isScanning(), 10000);
        QCOMPARE(p.runs().size(), 3);
        QCOMPARE(p.visibleRunCount(), 3);
        QCOMPARE(cell(p, 0, RunsModel::Bits), QStringLiteral("3 bit"));  // 22 Nov, the newest
        QCOMPARE(cell(p, 0, RunsModel::Group), QStringLiteral("64"));
        QCOMPARE(cell(p, 0, RunsModel::Model), QStringLiteral("medgemma-4b-it"));
        QCOMPARE(cell(p, 0, RunsModel::Time), QStringLiteral("16 min 40 s"));
        QCOMPARE(cell(p, 0, RunsModel::Size), QStringLiteral("8.00 MB"));
        QCOMPARE(cell(p, 1, RunsModel::Method), QStringLiteral("RTN"));
        QCOMPARE(cell(p, 1, RunsModel::Calibration), QStringLiteral("none"));
        QCOMPARE(cell(p, 2, RunsModel::Calibration), QStringLiteral("8,192 tokens"));
        // The broken one is named, not hidden.
        bool named = false;
        for (QLabel* l : p.findChildren<QLabel*>()) named |= l->text().contains(QStringLiteral("broken/quantization_info.json"));
        QVERIFY(named);
    }

    void sortsByValueAndFilters() {
        RunsPanel p;
        QTRY_VERIFY_WITH_TIMEOUT(!p.isScanning(), 10000);
        // By time: 10 s < 1 min 40 s < 16 min 40 s, which text order would get wrong.
        p.view()->sortByColumn(RunsModel::Time, Qt::AscendingOrder);
        QCOMPARE(cell(p, 0, RunsModel::Time), QStringLiteral("10 s"));
        QCOMPARE(cell(p, 1, RunsModel::Time), QStringLiteral("1 min 40 s"));
        QCOMPARE(cell(p, 2, RunsModel::Time), QStringLiteral("16 min 40 s"));
        p.setFilterText(QStringLiteral("rtn"));
        QCOMPARE(p.visibleRunCount(), 1);
        QCOMPARE(cell(p, 0, RunsModel::Method), QStringLiteral("RTN"));
        p.setFilterText(QStringLiteral("3 bit"));
        QCOMPARE(p.visibleRunCount(), 1);
        p.setFilterText(QString());
        QCOMPARE(p.visibleRunCount(), 3);
    }

    void aClickShowsTheRunAndOpenReopensIt() {
        RunsPanel p;
        p.show();
        QTRY_VERIFY_WITH_TIMEOUT(!p.isScanning(), 10000);
        QSignalSpy open(&p, &RunsPanel::openRequested);
        QSignalSpy test(&p, &RunsPanel::testRequested);
        const QRect r = p.view()->visualRect(p.view()->model()->index(1, 0));
        QTest::mouseClick(p.view()->viewport(), Qt::LeftButton, {}, r.center());
        QVERIFY(p.selectedRun().has_value());
        QVERIFY2(p.detailsText().contains(QStringLiteral("RTN, 4 bit, group 128")), qPrintable(p.detailsText()));
        QVERIFY2(p.detailsText().contains(QStringLiteral("Took 10 s")), qPrintable(p.detailsText()));
        QTest::mouseClick(p.findChild<QPushButton*>(QStringLiteral("openRun")), Qt::LeftButton);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().value<RunRecord>().method, QStringLiteral("rtn"));
        QTest::mouseClick(p.findChild<QPushButton*>(QStringLiteral("testRun")), Qt::LeftButton);
        QCOMPARE(test.count(), 1);
        QVERIFY(test.first().first().toString().endsWith(QStringLiteral("gemma-rtn-w4-g128")));
        // A double click opens too.
        QTest::mouseDClick(p.view()->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(open.count(), 2);
    }

    void refreshSeesNewRuns() {
        RunsPanel p;
        QTRY_VERIFY_WITH_TIMEOUT(!p.isScanning(), 10000);
        QSignalSpy changed(&p, &RunsPanel::runsChanged);
        writeRun(QStringLiteral("gemma-awq-w4-g32"), QStringLiteral("2026-11-23T10:00:00Z"), QStringLiteral("awq"), 4, 32, 50.0, 1000);
        p.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 10000);
        QCOMPARE(p.runs().size(), 4);
        QVERIFY(p.selectRun(m_sandbox->runsDir() + QStringLiteral("/gemma-awq-w4-g32")));
        QCOMPARE(p.selectedRun()->groupSize, 32);
    }
};

QTEST_MAIN(TestRunsPanel)
#include "test_runspanel.moc"
