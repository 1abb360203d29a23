// The report library on the synthetic run in tests/fixtures/report/run: reading the run, the
// word diff on known strings, the findings comparison, case filters and order, chart data
// against results.json, and the PDF (page count by pdfinfo, text by pdftotext, results.json as
// an embedded file by pdfdetach), Markdown and CSV exports.
#include "casequery.h"
#include "chartdata.h"
#include "evaluationrun.h"
#include "experimentreport.h"
#include "findings.h"
#include "language.h"
#include "pdfreport.h"
#include "reportexport.h"
#include "ui_test_support.h"
#include "worddiff.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace medawq::report;

namespace {

QString fixtureRun() { return qEnvironmentVariable("MEDAWQ_FIXTURES_DIR") + QStringLiteral("/report/run"); }

QJsonObject resultsJson() {
    QFile f(fixtureRun() + QStringLiteral("/results.json"));
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Runs a poppler tool; skips the test when it is not installed.
QString tool(const QString& name, const QStringList& args, bool* found = nullptr) {
    const QString exe = QStandardPaths::findExecutable(name);
    if (found) *found = !exe.isEmpty();
    if (exe.isEmpty()) return {};
    QProcess p;
    p.start(exe, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

int pdfPages(const QString& pdf) {
    const QString info = tool(QStringLiteral("pdfinfo"), {pdf});
    const auto m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

}  // namespace

class TestReport : public QObject {
    Q_OBJECT
    std::optional<uitest::Sandbox> m_sandbox;
    std::optional<EvaluationRun> m_run;

private Q_SLOTS:
    void initTestCase() {
        m_sandbox.emplace();
        QString error;
        m_run = EvaluationRun::load(fixtureRun(), &error);
        QVERIFY2(m_run, qPrintable(error));
    }

    void readsTheRun() {
        QCOMPARE(m_run->models.size(), 3);
        QCOMPARE(m_run->models[1].label, QStringLiteral("AWQ W4 g128"));
        QCOMPARE(m_run->cases.size(), 5);
        QCOMPARE(m_run->cases[1].reports[1].text, QStringLiteral("No pneumothorax."));
        QCOMPARE(m_run->cases[1].fields.value(1).first, QStringLiteral("indication"));
        QCOMPARE(m_run->primaryMetric(), QStringLiteral("chexpert_micro_f1"));
        // One rule for the Results page and the Runs list.
        QCOMPARE(EvaluationRun::primaryMetricOf({QStringLiteral("bleu4"), QStringLiteral("radgraph_complete"),
                                                 QStringLiteral("radgraph_partial")}),
                 QStringLiteral("radgraph_partial"));
        QCOMPARE(EvaluationRun::primaryMetricOf({QStringLiteral("cider"), QStringLiteral("bleu4")}), QStringLiteral("bleu4"));
        QCOMPARE(m_run->f1MetricKeys(), QStringList({QStringLiteral("chexpert_micro_f1"), QStringLiteral("chexpert_macro_f1")}));
        // quantization_info.json found through the model path in results.json (relative to the run).
        QCOMPARE(m_run->models[1].quantizationInfo.value("method").toString(), QStringLiteral("awq"));
        QVERIFY(m_run->models[0].quantizationInfo.isEmpty());
        QString error;
        QVERIFY(!EvaluationRun::load(m_sandbox->path(QStringLiteral("nothing")), &error));
        QVERIFY(error.contains(QStringLiteral("results.json")));
    }

    void wordDiffOnKnownStrings() {
        const auto d = diffWords(QStringLiteral("Small left pleural effusion. No pneumothorax."),
                                 QStringLiteral("Small right pleural effusion. No pneumothorax."));
        const QList<DiffSegment> expected = {{DiffSegment::Equal, QStringLiteral("Small ")},
                                             {DiffSegment::Deleted, QStringLiteral("left ")},
                                             {DiffSegment::Inserted, QStringLiteral("right ")},
                                             {DiffSegment::Equal, QStringLiteral("pleural effusion. No pneumothorax.")}};
        QCOMPARE(d, expected);
        const auto drop = diffWords(QStringLiteral("Small left pleural effusion. No pneumothorax."), QStringLiteral("No pneumothorax."));
        QCOMPARE(deletedWordCount(drop), 4);
        QCOMPARE(insertedWordCount(drop), 0);
        QCOMPARE(diffWords(QStringLiteral("a b"), QStringLiteral("a b")).size(), 1);
        QCOMPARE(diffWords(QString(), QStringLiteral("new text")), (QList<DiffSegment>{{DiffSegment::Inserted, QStringLiteral("new text")}}));
        // Joining side B's segments gives B back.
        const QString a = QStringLiteral("Mild cardiomegaly.  Lungs are clear."), b = QStringLiteral("Moderate cardiomegaly. Lungs clear.\nNo effusion.");
        QString rebuilt;
        for (const DiffSegment& s : diffWords(a, b))
            if (s.kind != DiffSegment::Deleted) rebuilt += s.text;
        QCOMPARE(rebuilt, b);
        const QString html = diffHtml(diffWords(a, b), DiffSide::A);
        QVERIFY(html.contains(QStringLiteral("line-through;\">Mild ")));
        QVERIFY(!html.contains(QStringLiteral("Moderate")));
        // A run of newlines (a degenerate model) shows as one blank line.
        const QString runOn = QStringLiteral("Clear.") + QString(40, QLatin1Char('\n')) + QStringLiteral("End.");
        QCOMPARE(diffHtml(diffWords(runOn, runOn), DiffSide::B), QStringLiteral("Clear.<br/><br/>End."));
    }

    void findingsComparison() {
        const QStringList labels = {QStringLiteral("FP16"), QStringLiteral("AWQ W4 g128")};
        const auto effusion = Findings::disagreements(m_run->cases[1], {0, 1});
        QCOMPARE(effusion.size(), 1);
        QCOMPARE(Findings::describe(effusion[0], labels),
                 QStringLiteral("Pleural Effusion: positive in FP16, not mentioned in AWQ W4 g128"));
        QVERIFY(Findings::disagreements(m_run->cases[0]).isEmpty());
        // Case 5: AWQ says "No Finding" and drops the line: present-vs-absent findings come first.
        const auto line = Findings::disagreements(m_run->cases[4], {0, 1});
        QCOMPARE(line.size(), 3);
        QCOMPARE(line.last().observation, QStringLiteral("Pneumothorax"));
        QCOMPARE(line.last().severity, 2);
        // Case 3 under RTN: hedged edema.
        const auto edema = Findings::disagreements(m_run->cases[2], {0, 2});
        QCOMPARE(edema.size(), 1);
        QCOMPARE(edema[0].severity, 1);
    }

    void caseFiltersAndOrder() {
        CaseQuery q;
        QCOMPARE(selectCases(*m_run, q), (QList<int>{0, 1, 2, 3, 4}));
        q.order = CaseQuery::Order::LargestDrop;
        QCOMPARE(selectCases(*m_run, q), (QList<int>{4, 1, 0, 2, 3}));  // equal drops: case 5 has more disagreements
        q.metric = QStringLiteral("rougeL");
        QCOMPARE(selectCases(*m_run, q).first(), 4);   // -0.8
        q.metric.clear();
        q.onlyDisagreements = true;
        QCOMPARE(selectCases(*m_run, q), (QList<int>{4, 1}));
        q.compared = 2;
        QCOMPARE(selectCases(*m_run, q), (QList<int>{2}));
        q = CaseQuery{};
        q.text = QStringLiteral("PNEUMOTHORAX");
        QCOMPARE(selectCases(*m_run, q), (QList<int>{1, 3, 4}));
        q.text = QStringLiteral("Line placement");       // a prompt field
        QCOMPARE(selectCases(*m_run, q), (QList<int>{4}));
        q.text = QStringLiteral("no such words");
        QVERIFY(selectCases(*m_run, q).isEmpty());
    }

    void chartDataEqualsResultsJson() {
        const QJsonArray models = resultsJson().value("models").toArray();
        const ChartData bars = Charts::metricBars(*m_run);
        QCOMPARE(bars.series.size(), models.size());
        QCOMPARE(bars.categories.size(), 2);
        for (int i = 0; i < models.size(); ++i) {
            const QJsonObject ref = models[i].toObject()["scores"].toObject()["vs_reference"].toObject();
            QCOMPARE(bars.series[i].name, models[i].toObject()["label"].toString());
            for (int k = 0; k < 2; ++k) {
                const QJsonObject m = ref[m_run->f1MetricKeys()[k]].toObject();
                QCOMPARE(bars.series[i].y[k], m["value"].toDouble());
                QCOMPARE(bars.series[i].low[k], m["low"].toDouble());
                QCOMPARE(bars.series[i].high[k], m["high"].toDouble());
            }
            const QJsonObject speed = models[i].toObject()["speed"].toObject();
            QCOMPARE(Charts::decodeSpeed(*m_run).series[i].y[0], speed["decode_tokens_per_second"].toDouble());
            QCOMPARE(Charts::prefillSpeed(*m_run).series[i].y[0], speed["prefill_tokens_per_second"].toDouble());
            const QJsonObject memory = models[i].toObject()["memory"].toObject();
            QCOMPARE(Charts::memory(*m_run).series[i].y[0], memory["peak_allocated_bytes"].toDouble() / 1e9);
            QCOMPARE(Charts::memory(*m_run).series[i].y[1], models[i].toObject()["size_bytes"].toDouble() / 1e9);
        }
        const ChartData scatter = Charts::caseScatter(*m_run, QStringLiteral("rougeL"), 0, 1);
        QCOMPARE(scatter.series[0].x, (QVector<double>{0.8, 1.0, 1.0, 0.9, 0.9}));
        QCOMPARE(scatter.series[0].y, (QVector<double>{0.8, 0.5, 0.8, 0.9, 0.1}));
        const ChartData sweep = Charts::qualitySpeed({&*m_run});
        QCOMPARE(sweep.series[0].pointLabels, (QStringList{"FP16", "AWQ W4 g128", "RTN W4 g128"}));
        QCOMPARE(sweep.series[0].x[1], 88.5);
        QCOMPARE(sweep.series[0].y[1], 0.6);
    }

    void metricsTableHasSignedChanges() {
        ReportOptions o;
        o.caseCount = 2;
        const ExperimentReport report(*m_run, o);
        const ReportTable t = report.metricsTable();
        QCOMPARE(t.header, (QStringList{"Metric", "FP16", "AWQ W4 g128", "RTN W4 g128"}));
        QCOMPARE(t.rows[0], (QStringList{"Label F1 micro", "1.000", "0.600 (-0.400)", "0.933 (-0.067)"}));
        QCOMPARE(report.cases(), (QList<int>{4, 1}));
        QCOMPARE(formatDelta(0.0123), QStringLiteral("+0.012"));
        QCOMPARE(formatDelta(-0.0001), QStringLiteral("+0.000"));
    }

    // A table without reference reports (the NIH X-rays): the scores are against the original
    // model's reports, and the report says so instead of showing empty reference figures.
    void runScoredAgainstTheOriginal() {
        const QString dir = m_sandbox->path(QStringLiteral("no-reference"));
        QVERIFY(QDir().mkpath(dir));
        QFile in(fixtureRun() + QStringLiteral("/results.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject results = QJsonDocument::fromJson(in.readAll()).object();
        QJsonObject against = results["scored_against"].toObject();
        against.remove(QStringLiteral("vs_reference"));
        results["scored_against"] = against;
        QJsonArray models = results["models"].toArray();
        for (int i = 0; i < models.size(); ++i) {
            QJsonObject m = models[i].toObject();
            // The fixture's reference figures stand in for scores against the original; the
            // original, the ground truth here, has none.
            QJsonObject scores = m["scores"].toObject();
            scores["vs_original"] = i == 0 ? QJsonValue() : scores["vs_reference"];
            scores.remove(QStringLiteral("vs_reference"));
            m["scores"] = scores;
            models[i] = m;
        }
        results["models"] = models;
        QFile out(dir + QStringLiteral("/results.json"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(results).toJson());
        out.close();
        QString error;
        const auto run = EvaluationRun::load(dir, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(!run->scoredAgainstReference);
        QVERIFY(run->metricKeys.contains(QStringLiteral("chexpert_micro_f1")));
        QVERIFY(!run->models[0].metrics.value(QStringLiteral("chexpert_micro_f1")).isValid());
        const QJsonObject want = models[1].toObject()["scores"].toObject()["vs_original"].toObject()["chexpert_micro_f1"].toObject();
        QCOMPARE(run->models[1].metrics.value(QStringLiteral("chexpert_micro_f1")).value, want["value"].toDouble());
        QCOMPARE(run->metricLabel(QStringLiteral("chexpert_micro_f1")), want["label"].toString());
        const ExperimentReport report(*run, ReportOptions{});
        bool said = false;
        for (const ReportSection& s : report.sections())
            for (const QString& line : s.lines) said = said || line.contains(QStringLiteral("no reference reports"));
        QVERIFY(said);
        QVERIFY(report.charts().value(0).title.contains(QStringLiteral("original model")));
    }

    void pdfHasPagesTextAndAttachment() {
        bool found = false;
        tool(QStringLiteral("pdfinfo"), {QStringLiteral("-v")}, &found);
        if (!found) QSKIP("poppler-utils (pdfinfo, pdftotext) is not installed");
        const QString pdf = m_sandbox->path(QStringLiteral("report.pdf"));
        ReportOptions o;
        o.caseCount = 3;
        PdfReport report(*m_run, o);
        QString error;
        QVERIFY2(report.write(pdf, &error), qPrintable(error));
        QVERIFY(report.pageCount() >= 4);   // text, two pages of charts, cases
        QCOMPARE(pdfPages(pdf), report.pageCount());
        const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        for (const char* expected : {"MedAWQ experiment report", "0.600 (-0.400)", "0.933 (-0.067)", "88.5", "2.147",
                                     "Small left pleural effusion.", "Right jugular catheter tip in the SVC.",
                                     "Pleural Effusion: positive in FP16, not mentioned in AWQ W4 g128", "calibration.csv",
                                     "9b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f", "30.5",
                                     "not for clinical use", "Decode speed"})
            QVERIFY2(text.contains(QLatin1String(expected)), expected);
        QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(report.pageCount())));
        // Three cases only: the third-largest drop (case 1, no change) is in, case 3 is not.
        QVERIFY(!text.contains(QStringLiteral("Mild cardiomegaly. Possible edema.")));

        const QString list = tool(QStringLiteral("pdfdetach"), {QStringLiteral("-list"), pdf});
        QVERIFY2(list.contains(QStringLiteral("1 embedded files")) && list.contains(QStringLiteral("results.json")), qPrintable(list));
        const QString saved = m_sandbox->path(QStringLiteral("attached.json"));
        tool(QStringLiteral("pdfdetach"), {QStringLiteral("-save"), QStringLiteral("1"), QStringLiteral("-o"), saved, pdf});
        QFile a(saved), b(fixtureRun() + QStringLiteral("/results.json"));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());
    }

    void chinesePdf() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty()) QSKIP("poppler-utils is not installed");
        QVERIFY(medawq::ui::language::apply(QStringLiteral("zh_CN")));
        const QString pdf = m_sandbox->path(QStringLiteral("report_zh.pdf"));
        PdfReport report(*m_run, ReportOptions{});
        QString error;
        const bool ok = report.write(pdf, &error);
        medawq::ui::language::apply(QStringLiteral("en"));
        QVERIFY2(ok, qPrintable(error));
        const QString text = tool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY2(text.contains(QStringLiteral("实验报告")), qPrintable(text.left(400)));
        QVERIFY(text.contains(QStringLiteral("0.600 (-0.400)")));
        const QString fonts = tool(QStringLiteral("pdffonts"), {pdf});
        QVERIFY2(fonts.contains(QStringLiteral("NotoSansCJK")), qPrintable(fonts));
    }

    void markdownAndCsv() {
        ReportOptions o;
        o.caseCount = 1;
        QString error;
        const QString md = m_sandbox->path(QStringLiteral("export/report.md"));
        QDir().mkpath(QFileInfo(md).path());
        QVERIFY2(ReportExport::writeMarkdown(*m_run, o, md, &error), qPrintable(error));
        QFile f(md);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.contains(QStringLiteral("| Label F1 micro | 1.000 | 0.600 (-0.400) | 0.933 (-0.067) |")));
        // Case 5 (largest drop, most disagreements): FP16's lost words struck, AWQ's new words bold.
        QVERIFY(text.contains(QStringLiteral("- **FP16:** ~~Right jugular catheter tip in the SVC.~~ No ~~pneumothorax.~~\n")));
        QVERIFY(text.contains(QStringLiteral("- **AWQ W4 g128:** **Lungs are clear.** No **acute process.**\n")));
        QVERIFY(text.contains(QStringLiteral("](report_charts/01-f1.png)")));
        QVERIFY(QFileInfo(m_sandbox->path(QStringLiteral("export/report_charts/01-f1.png"))).size() > 1000);
        const QString csv = m_sandbox->path(QStringLiteral("export/report.csv"));
        QVERIFY2(ReportExport::writeCsv(*m_run, o, csv, &error), qPrintable(error));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QString table = QString::fromUtf8(c.readAll());
        QVERIFY(table.startsWith(QStringLiteral("section,item,model,value,low,high,change_vs_original\n")));
        QVERIFY(table.contains(QStringLiteral("metric,chexpert_micro_f1,AWQ W4 g128,0.600000,")));
        QVERIFY(table.contains(QStringLiteral("case 5,chexpert_micro_f1,AWQ W4 g128,0.000000,,,-1.000000")));
    }

    // `medawq report` runs medawq-report from its own folder.
    void cliReport() {
        const QString cli = qEnvironmentVariable("MEDAWQ_CLI");
        if (cli.isEmpty() || !QFileInfo::exists(cli)) QSKIP("MEDAWQ_CLI is not set (run through ctest)");
        if (!QFileInfo::exists(QFileInfo(cli).dir().filePath(QStringLiteral("medawq-report")))) QSKIP("medawq-report is not built");
        const QString pdf = m_sandbox->path(QStringLiteral("cli.pdf"));
        QProcess p;
        p.start(cli, {QStringLiteral("report"), QStringLiteral("--run"), fixtureRun(), QStringLiteral("--pdf"), pdf,
                      QStringLiteral("--cases"), QStringLiteral("2"), QStringLiteral("--lang"), QStringLiteral("en")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY(QFileInfo(pdf).size() > 10000);
        QProcess bad;
        bad.start(cli, {QStringLiteral("report"), QStringLiteral("--run"), m_sandbox->path(QStringLiteral("none")), QStringLiteral("--pdf"), pdf});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(bad.readAllStandardError().contains("results.json"));

        // A medawq without medawq-report next to it (a build without Qt) says what is missing.
        // The copy finds its libraries through RUNPATH $ORIGIN/../core: link that folder too.
        const QString alone = m_sandbox->path(QStringLiteral("noqt/app/medawq"));
        QVERIFY(QDir().mkpath(QFileInfo(alone).path()));
        QVERIFY(QFile::copy(cli, alone));
        QVERIFY(QFile::link(QFileInfo(cli).dir().absoluteFilePath(QStringLiteral("../core")), m_sandbox->path(QStringLiteral("noqt/core"))));
        QProcess absent;
        absent.start(alone, {QStringLiteral("report"), QStringLiteral("--run"), fixtureRun(), QStringLiteral("--pdf"), pdf});
        QVERIFY(absent.waitForFinished(60000));
        QCOMPARE(absent.exitCode(), 2);
        const QByteArray message = absent.readAllStandardError();
        QVERIFY2(message.contains("medawq-report: not found") && message.contains("Qt"), message.constData());
    }
};

QTEST_MAIN(TestReport)
#include "test_report.moc"
