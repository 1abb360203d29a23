// The evaluate and score jobs on the demo model: the run folder and the users' files, reading a
// run back gives the same table, the leak refusal, the W4A8 simulation's refusal on a 16-bit
// model, cancel leaving nothing; the bootstrap; the RadGraph bridge protocol with a stand-in
// package and its "package missing" message.
#include "eval/bootstrap.h"
#include "eval/radgraph_bridge.h"
#include "eval/report_scoring.h"
#include "test_support.h"

#include <medawq/errors.h>
#include <medawq/evaluate.h>
#include <medawq/labeler.h>
#include <medawq/quantize.h>
#include <medawq/table.h>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <fstream>

using namespace medawq;
using nlohmann::json;

class TestEvaluation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_model = test::demoModelDir();
        m_data = test::demoDataDir();
        QVERIFY(m_tmp.isValid());
        // A quantized model to compare with: RTN is quick and exercises the AWQ loader.
        QuantizeParams q;
        q.modelPath = m_model;
        q.outputPath = path("rtn");
        q.calibrationPath = m_data + "/calibration.csv";
        q.method = "rtn";
        runQuantize(q, {}, {});
        // RadGraph must not depend on what this machine has: point at a Python that lacks it.
        qputenv("MEDAWQ_PYTHON", "python3");
        qputenv("PYTHONPATH", "");
    }

    void runFolderAndReadBack() {
        EvaluateParams p = small("run");
        int generated = 0;
        const json results = runEvaluate(p, [&](const EvaluateProgress& pr) {
            if (pr.stage == EvaluateStage::Generate && pr.total > 0) generated = std::max<int>(generated, int(pr.done));
            return true;
        }, {});
        QCOMPARE(generated, 3);
        for (const char* f : {"results.json", "per_sample.csv", "reports.jsonl", "evaluation_results.json", "generated_reports.csv"})
            QVERIFY2(QFile::exists(QString::fromStdString(p.outputDir + "/" + f)), f);
        QCOMPARE(results["models"].size(), size_t(2));
        QCOMPARE(results["models"][0]["label"].get<std::string>(), std::string("FP16"));
        QCOMPARE(results["models"][1]["method"].get<std::string>(), std::string("rtn"));
        QCOMPARE(results["data"]["reference_column"].get<std::string>(), std::string("text"));
        const json& bleu = results["models"][1]["scores"]["vs_reference"]["bleu4"];
        QVERIFY(bleu["low"].get<double>() <= bleu["value"].get<double>() + 1e-12);
        QVERIFY(bleu["value"].get<double>() <= bleu["high"].get<double>() + 1e-12);
        QVERIFY(results["models"][1]["change_vs_original"].contains("rougeL"));
        QVERIFY(!results["metric_availability"]["radgraph"]["available"].get<bool>());
        // Same prompts, same token budget in the speed pass for both models.
        QCOMPARE(results["models"][0]["speed"]["new_tokens_each"], results["models"][1]["speed"]["new_tokens_each"]);
        QVERIFY(results["models"][0]["memory"]["peak_allocated_bytes"].is_null());  // CPU: not measured, not 0
        // Reading the run back prints the same summary.
        QCOMPARE(formatEvaluationSummary(readEvaluationRun(p.outputDir)), formatEvaluationSummary(results));
        // The users' files.
        std::ifstream usersIn(p.outputDir + "/evaluation_results.json");
        const json users = json::parse(usersIn);
        for (const char* k : {"load_times", "memory", "inference_speed", "f1_scores"}) QVERIFY2(users.contains(k), k);
        QVERIFY(users["f1_scores"]["original"]["f1_combined"].is_null());  // no RadGraph here: null, never a stand-in
        const Table generated_reports = readTable(p.outputDir + "/generated_reports.csv");
        QCOMPARE(generated_reports.columns, (std::vector<std::string>{"ground_truth", "original_model", "quantized_model"}));
        QCOMPARE(generated_reports.rows.size(), size_t(3));
        const Table perSample = readTable(p.outputDir + "/per_sample.csv");
        QCOMPARE(perSample.rows.size(), size_t(3));
        QVERIFY(perSample.columnIndex("RTN W4 g128:bleu4") >= 0);
        // The demo table has the 14 CheXpert label columns: they are the label F1's truth, and
        // our labeler is measured against them.
        QCOMPARE(results["labeler_check"]["cases"].get<size_t>(), size_t(3));
        QCOMPARE(results["labeler_check"]["cells"].get<size_t>(), size_t(42));
        QVERIFY(results["models"][0]["scores"]["vs_reference"]["chexpert_micro_f1"]["variant"].get<std::string>().find("label columns") != std::string::npos);
    }

    void labelF1UsesTheTablesLabelsAsTruth() {
        ReportScorer scorer(ScoringOptions{"", "0.1.18", "positive"});
        const std::vector<std::string> refs = {"No pleural effusion."}, hyps = {"Small left pleural effusion."};
        scorer.prepare({refs[0], hyps[0]}, {});
        auto micro = [](const MetricSet& set) {
            for (const MetricSeries& m : set)
                if (m.key == "chexpert_micro_f1") return m.value;
            return -1.0;
        };
        QCOMPARE(micro(scorer.score(refs, hyps)), 0.0);  // the labeler reads the reference as negative
        ReportLabels truth{};
        truth[index(Observation::PleuralEffusion)] = Label::Positive;
        const std::vector<ReportLabels> table = {truth};
        QCOMPARE(micro(scorer.score(refs, hyps, &table)), 1.0);
    }

    void refusesATemplateThatShowsTheReference() {
        EvaluateParams p = small("leak");
        p.promptFile.clear();
        p.promptText = "Write the report.\n{text}";
        try {
            runEvaluate(p, {}, {});
            QFAIL("a template containing the reference column was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("'text'"), e.what());
        }
        QVERIFY(!QDir(QString::fromStdString(p.outputDir)).exists());
    }

    void simulatedActivationsNeedAQuantizedModel() {
        EvaluateParams p = small("w4a8");
        p.quantizedModels = {m_model + "/"};  // a 16-bit model in the quantized slot
        p.precision = "w4a8";
        QVERIFY_EXCEPTION_THROWN(runEvaluate(p, {}, {}), Error);
        p.quantizedModels = {path("rtn")};
        const json r = runEvaluate(p, {}, {});
        QCOMPARE(r["models"][1]["precision"].get<std::string>(), std::string("w4a8"));
        QVERIFY(r["models"][1]["precision_note"].get<std::string>().find("simulated") != std::string::npos);
    }

    void cancelLeavesNothing() {
        EvaluateParams p = small("cancelled");
        QVERIFY_EXCEPTION_THROWN(runEvaluate(p, [](const EvaluateProgress& pr) { return pr.model < 2; }, {}), Cancelled);
        QVERIFY(!QDir(QString::fromStdString(p.outputDir)).exists());
    }

    void scoreNamesRowsItCannotScore() {
        const std::string in = path("reports.csv");
        std::ofstream(in) << "Ground_Truth,Generated_Report\n"
                             "\"Mild cardiomegaly. No effusion.\",\"Mild cardiomegaly. No pleural effusion.\"\n"
                             "\"Small left pleural effusion.\",\n"
                             "\"No acute process.\",\"No acute cardiopulmonary process.\"\n";
        ScoreParams s;
        s.inputPath = in;
        s.radgraphModel.clear();
        std::vector<std::string> lines;
        const json r = runScore(s, [&](const std::string& l) { lines.push_back(l); });
        QCOMPARE(r["scored"].get<int>(), 2);
        QCOMPARE(r["unscored"].size(), size_t(1));
        QCOMPARE(r["unscored"][0]["row"].get<int>(), 3);
        const Table out = readTable(path("reports_with_scores.csv"));
        QVERIFY(out.columnIndex("bleu4") >= 0);
        QCOMPARE(out.cell(1, "bleu4"), std::string(""));  // named, not zeroed
        QVERIFY(!out.cell(0, "bleu4").empty());
    }

    void pairedBootstrapOfIdenticalSystemsIsZero() {
        const BootstrapPlan plan(50, 200, 7);
        std::vector<double> a(50);
        for (size_t i = 0; i < a.size(); ++i) a[i] = double(i % 7) / 7.0;
        const Interval d = plan.pairedMeanDifference(a, a);
        QCOMPARE(d.low, 0.0);
        QCOMPARE(d.high, 0.0);
        const Interval m = plan.meanInterval(a);
        QVERIFY(m.low < mean(a) && mean(a) < m.high);
        // Same seed, same lists: intervals are reproducible.
        QCOMPARE(BootstrapPlan(50, 200, 7).meanInterval(a).low, m.low);
        QVERIFY(BootstrapPlan(50, 200, 8).meanInterval(a).low != m.low);
    }

    void radgraphBridgeProtocolWithAStandInPackage() {
        // A stand-in `radgraph` module: one entity per word, "Observation::definitely present".
        const QString pkg = QString::fromStdString(path("fakepkg/radgraph"));
        QDir().mkpath(pkg);
        std::ofstream((pkg + "/__init__.py").toStdString()) <<
            "__version__ = 'stand-in'\n"
            "class RadGraph:\n"
            "    def __init__(self, model_type=None):\n"
            "        self.model_type = model_type\n"
            "    def __call__(self, texts):\n"
            "        out = {}\n"
            "        for i, t in enumerate(texts):\n"
            "            words = t.replace('.', ' ').split()\n"
            "            out[str(i)] = {'text': t, 'entities': {str(k + 1): {'tokens': w, 'label': 'Observation::definitely present', 'relations': []} for k, w in enumerate(words)}}\n"
            "        return out\n"
            "class F1RadGraph:\n"  // lower-cases tokens, as the development head does
            "    def __init__(self, reward_level=None, model_type=None):\n"
            "        assert reward_level == 'all'\n"
            "    def __call__(self, hyps, refs):\n"
            "        h = set(w.lower() for w in hyps[0].replace('.', ' ').split())\n"
            "        r = set(w.lower() for w in refs[0].replace('.', ' ').split())\n"
            "        i = len(h & r)\n"
            "        v = 0.0 if i == 0 else 2 * (i / len(h)) * (i / len(r)) / (i / len(h) + i / len(r))\n"
            "        return (v, v, v), [(v, v, v)], None, None\n";
        qputenv("PYTHONPATH", QString::fromStdString(path("fakepkg")).toUtf8());
        const RadGraphBridge bridge("radgraph-xl");
        const RadGraphAvailability a = bridge.probe();
        QVERIFY2(a.available, a.reason.c_str());
        QCOMPARE(a.packageVersion, std::string("stand-in"));
        const auto ann = bridge.annotate({"mild cardiomegaly", "", "no effusion"}, {});
        QCOMPARE(ann.size(), size_t(3));
        QCOMPARE(ann[0].entities.size(), size_t(2));
        QCOMPARE(ann[1].entities.size(), size_t(0));
        const RadGraphReward r = radgraphReward(ann[0], parseRadGraphAnnotation(json{{"entities",
            {{"1", {{"tokens", "mild"}, {"label", "Observation::definitely present"}, {"relations", json::array()}}}}}}), RadGraphRule::Released0118);
        QVERIFY(std::fabs(r.simple - 2.0 / 3.0) < 1e-12);  // P = 1/2, R = 1 -> F1 2/3
        // Through the whole score job the three RadGraph figures appear, named with their rule.
        const std::string in = path("rg.csv");
        std::ofstream(in) << "Ground_Truth,Generated_Report\nmild cardiomegaly,mild cardiomegaly\nsmall effusion,no effusion\n";
        ScoreParams s;
        s.inputPath = in;
        const json scores = runScore(s, {});
        QVERIFY(scores["metrics"].contains("radgraph_partial"));
        QVERIFY(scores["metrics"]["radgraph_partial"]["variant"].get<std::string>().find("0.1.18") != std::string::npos);
        QVERIFY(std::fabs(scores["metrics"]["radgraph_simple"]["value"].get<double>() - 0.75) < 1e-12);  // (1 + 0.5) / 2
        QCOMPARE(scores["metric_availability"]["radgraph"]["cross_check"]["agrees"].get<bool>(), true);
        // A pair differing only in case: the stand-in package lower-cases (the head rule), the
        // released rule we use does not, and the cross-check must say so.
        ReportScorer scorer(ScoringOptions{});
        scorer.prepare({"Mild cardiomegaly", "mild cardiomegaly"}, {});
        QVERIFY(!scorer.crossCheckRadGraph({"mild cardiomegaly"}, {"Mild cardiomegaly"}).empty());
        const json check = scorer.availability()["radgraph"]["cross_check"];
        QVERIFY(std::fabs(check["max_abs_diff_0118_rule"].get<double>() - 0.5) < 1e-12);  // {Mild, cardiomegaly} vs {mild, ...}
        QCOMPARE(check["max_abs_diff_head_rule"].get<double>(), 0.0);
        QCOMPARE(check["agrees"].get<bool>(), false);
        qputenv("PYTHONPATH", "");
    }

    void radgraphMissingIsSaidPlainly() {
        qputenv("PYTHONPATH", QString::fromStdString(path("empty")).toUtf8());
        const RadGraphAvailability a = RadGraphBridge("radgraph-xl").probe();
        QVERIFY(!a.available);
        QVERIFY2(a.reason.find("'radgraph' is not installed") != std::string::npos, a.reason.c_str());
        qputenv("MEDAWQ_PYTHON", "/nonexistent/python3");
        const RadGraphAvailability b = RadGraphBridge("radgraph-xl").probe();
        QVERIFY(!b.available);
        QVERIFY2(b.reason.find("/nonexistent/python3") != std::string::npos, b.reason.c_str());
        qputenv("MEDAWQ_PYTHON", "python3");
    }

private:
    std::string path(const std::string& name) { return m_tmp.filePath(QString::fromStdString(name)).toStdString(); }

    EvaluateParams small(const std::string& name) {
        EvaluateParams p;
        p.originalModel = m_model;
        p.quantizedModels = {path("rtn")};
        p.evalDataPath = m_data + "/eval.csv";
        p.promptFile = m_data + "/prompt.txt";
        p.outputDir = path(name);
        p.numSamples = 3;
        p.maxNewTokens = 24;
        p.speedPrompts = 1;
        p.speedNewTokens = 8;
        p.bootstrapResamples = 50;
        p.radgraphModel.clear();
        p.device = "cpu";
        return p;
    }

    std::string m_model, m_data;
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "test_evaluation.moc"
