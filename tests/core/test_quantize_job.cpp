// The five-stage quantize job on the demo model: output layout, cancel in every stage leaving
// nothing behind, refusal to overwrite, and the quality check (held-out perplexity: AWQ closer
// to FP16 than RTN).
#include "test_support.h"
#include "widened_gemma3.h"

#include <medawq/errors.h>
#include <medawq/generation.h>
#include <medawq/perplexity.h>
#include <medawq/quantize.h>
#include <medawq/safetensors.h>
#include <medawq/table.h>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>

using namespace medawq;

class TestQuantizeJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_model = test::demoModelDir();
        m_data = test::demoDataDir();
        QVERIFY(m_tmp.isValid());
    }

    void writesAnAutoAwqCheckpoint() {
        QuantizeParams p = small("awq");
        std::vector<QuantizeStage> seen;
        const QuantizeSummary s = runQuantize(p, [&](const QuantizeProgress& pr) {
            if (seen.empty() || seen.back() != pr.stage) seen.push_back(pr.stage);
            return true;
        }, {});
        QVERIFY(QDir(QString::fromStdString(p.outputPath)).exists());
        QVERIFY(s.calibrationBlocks == 4);
        QVERIFY(s.meanLossAwq < s.meanLossRtn);
        QCOMPARE(int(seen.front()), int(QuantizeStage::LoadModel));
        QCOMPARE(int(seen.back()), int(QuantizeStage::Save));
        std::ifstream cfgIn(p.outputPath + "/config.json");
        const auto cfg = nlohmann::json::parse(cfgIn);
        QCOMPARE(cfg["quantization_config"]["quant_method"].get<std::string>(), std::string("awq"));
        QCOMPARE(cfg["quantization_config"]["version"].get<std::string>(), std::string("gemm"));
        QCOMPARE(cfg["torch_dtype"].get<std::string>(), std::string("bfloat16"));
        std::ifstream infoIn(p.outputPath + "/quantization_info.json");
        const auto info = nlohmann::json::parse(infoIn);
        QCOMPARE(info["calibration"]["sha256"].get<std::string>().size(), size_t(64));
        QCOMPARE(info["config"]["w_bit"].get<int>(), 4);
        QCOMPARE(info["layers"].size(), size_t(6));
        for (const char* f : {"tokenizer.model", "tokenizer_config.json", "generation_config.json", "model.safetensors"})
            QVERIFY2(QFile::exists(QString::fromStdString(p.outputPath + "/" + f)), f);
        // And the runtime runs it.
        auto m = LanguageModel::load(p.outputPath);
        GenerationOptions go;
        go.maxNewTokens = 8;
        QVERIFY(!m->generate(m->chatPrompt("Describe this PA view chest X-ray."), go).newIds.empty());
    }

    void cancelInEveryStageLeavesNothing_data() {
        QTest::addColumn<int>("stage");
        for (int s = 0; s < 5; ++s) QTest::newRow(stageName(QuantizeStage(s))) << s;
    }
    void cancelInEveryStageLeavesNothing() {
        QFETCH(int, stage);
        QuantizeParams p = small("awq");
        p.outputPath = m_tmp.filePath("cancelled").toStdString();
        bool thrown = false;
        try {
            runQuantize(p, [&](const QuantizeProgress& pr) { return int(pr.stage) != stage; }, {});
        } catch (const Cancelled&) {
            thrown = true;
        }
        QVERIFY(thrown);
        QVERIFY(!QDir(QString::fromStdString(p.outputPath)).exists());
        const QStringList leftovers = QDir(m_tmp.path()).entryList({".cancelled*"}, QDir::AllEntries | QDir::Hidden);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(", ")));
    }

    void refusesToOverwriteAnEarlierRun() {
        QuantizeParams p = small("rtn");
        p.outputPath = m_tmp.filePath("earlier").toStdString();
        QDir().mkpath(QString::fromStdString(p.outputPath));
        QFile marker(QString::fromStdString(p.outputPath + "/keep.txt"));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
        QVERIFY_THROWS_EXCEPTION(Error, runQuantize(p, {}, {}));
        QVERIFY(marker.exists());
    }

    void tooLittleCalibrationIsAClearError() {
        QuantizeParams p = small("awq");
        p.numSamples = 1;
        p.seqlen = 4096;
        p.outputPath = m_tmp.filePath("toolittle").toStdString();
        try {
            runQuantize(p, {}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("too little usable text") != std::string::npos, e.what());
        }
    }

    void awqIsCloserToFp16ThanRtn() {
        QuantizeParams awq = small("awq");
        awq.maxBlocks = 16;
        awq.seqlen = 256;
        awq.outputPath = m_tmp.filePath("ppl-awq").toStdString();
        QuantizeParams rtn = small("rtn");
        rtn.outputPath = m_tmp.filePath("ppl-rtn").toStdString();
        runQuantize(awq, {}, {});
        runQuantize(rtn, {}, {});
        const double fp16 = perplexity(m_model), a = perplexity(awq.outputPath), r = perplexity(rtn.outputPath);
        qInfo("held-out perplexity (60 eval answers): FP16 %.6f, AWQ %.6f, RTN %.6f", fp16, a, r);
        QVERIFY2(std::fabs(a - fp16) < std::fabs(r - fp16), "AWQ must be closer to FP16 than RTN");
    }

    // MedGemma's layout (Gemma 3 + SigLIP): the vision tower and projector stay 16-bit, bit for
    // bit, and are listed in modules_to_not_convert; the language model is quantized under its
    // own tensor names.
    void multimodalKeepsTheVisionTower() {
        const std::string src = test::fixturesDir() + "/models/gemma3_mm";
        const std::string dir = test::widenGemma3Multimodal(m_tmp.filePath("gemma3_mm_64").toStdString());
        const auto file = SafetensorsFile::open(src + "/model.safetensors");
        QuantizeParams p = small("awq");
        p.modelPath = dir;
        p.outputPath = m_tmp.filePath("gemma3_mm_awq").toStdString();
        p.groupSize = 32;
        runQuantize(p, {}, {});
        std::ifstream outCfgIn(p.outputPath + "/config.json");
        const nlohmann::json outCfg = nlohmann::json::parse(outCfgIn);
        QCOMPARE(outCfg["quantization_config"]["modules_to_not_convert"],
                 nlohmann::json(std::vector<std::string>{"vision_tower", "multi_modal_projector"}));
        const Checkpoint out = Checkpoint::open(p.outputPath);
        int vision = 0;
        for (const std::string& name : file->names()) {
            if (name.rfind("language_model.", 0) == 0 || name == "multi_modal_projector.mm_input_projection_weight") continue;
            const TensorView a = file->tensor(name), b = out.tensor(name);
            QCOMPARE(int(b.dtype), int(a.dtype));
            QVERIFY2(a.nbytes == b.nbytes && std::memcmp(a.data, b.data, a.nbytes) == 0, name.c_str());
            ++vision;
        }
        QVERIFY(vision >= 30);
        QVERIFY(out.contains("language_model.model.layers.0.self_attn.q_proj.qweight"));
        QVERIFY(out.contains("language_model.model.layers.1.mlp.down_proj.scales"));
        QVERIFY(!out.contains("language_model.model.layers.0.self_attn.q_proj.weight"));
        // The runtime reads it back and generates.
        auto m = LanguageModel::load(p.outputPath);
        GenerationOptions go;
        go.maxNewTokens = 4;
        go.stopAtEos = false;
        QCOMPARE(m->generate(m->chatPrompt("hello"), go).newIds.size(), size_t(4));
    }

private:
    QuantizeParams small(const char* method) {
        QuantizeParams p;
        p.modelPath = m_model;
        p.outputPath = m_tmp.filePath(QString("out-") + method).toStdString();
        QDir(QString::fromStdString(p.outputPath)).removeRecursively();
        p.calibrationPath = m_data + "/calibration.csv";
        p.numSamples = 64;
        p.seqlen = 128;
        p.maxBlocks = 4;
        p.method = method;
        return p;
    }

    double perplexity(const std::string& dir) {
        auto m = LanguageModel::load(dir);
        return answerPerplexity(*m, readTable(m_data + "/eval.csv"), loadPromptTemplate(m_data + "/prompt.txt"), "text", 60)
            .perplexity;
    }

    std::string m_model, m_data;
    QTemporaryDir m_tmp;
};

QTEST_APPLESS_MAIN(TestQuantizeJob)
#include "test_quantize_job.moc"
