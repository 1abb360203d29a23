// The graphed decode step (models/decode_graph.h) computes what the ordinary forward pass
// computes. Here on the CPU, op by op (no graph): the position read from a device tensor, the
// masked attention over the static cache, the fused norm/residual order, RoPE + KV append and
// the gated activation, on fixtures of every family: sliding windows passed (Mistral, Gemma 2/3),
// soft-capping (Gemma 2), q/k norms and local/global RoPE (Gemma 3). The CUDA kernels and the
// captured graph are checked against the same forward pass on the GPU box
// (tests/gpu/check_decode_graph.py).
#include "formats/model_config.h"
#include "models/decoder.h"
#include "test_support.h"

#include <medawq/errors.h>
#include <medawq/safetensors.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>

using namespace medawq;
using medawq::test::fixturesDir;

class TestDecodeStep : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesTheForwardPass_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("fused");
        for (const char* f : {"llama_gqa_untied", "llama_tied_llama3rope", "mistral_sliding", "gemma", "gemma2", "gemma3_text"})
            for (bool fused : {false, true})
                QTest::newRow(qPrintable(QString("%1%2").arg(f, fused ? " fused q|k|v, gate|up" : ""))) << f << fused;
    }

    // gate and up fuse only in whole blocks of 8 rows (the interleaved layout the GEMV epilogue
    // reads); stories260K's 172 rows keep them separate while q|k|v still fuse.
    void gateUpOfOddWidthStaysSeparate() {
        const std::string dir = fixturesDir() + "/models/stories260k";
        qputenv("MEDAWQ_FUSE_PROJECTIONS", "1");
        DecoderModel model(loadModelConfig(dir), Checkpoint::open(dir), at::Device(at::kCPU), at::kFloat, {});
        qputenv("MEDAWQ_FUSE_PROJECTIONS", "0");
        QVERIFY(model.layers()[0].qkv.weight.defined());
        QVERIFY(!model.layers()[0].gateUp.weight.defined());
        QVERIFY(model.layers()[0].gate.weight.defined() && model.layers()[0].up.weight.defined());
    }

    void matchesTheForwardPass() {
        QFETCH(QString, fixture);
        QFETCH(bool, fused);
        const std::string dir = fixturesDir() + "/models/" + fixture.toStdString();
        const ModelConfig config = loadModelConfig(dir);
        const Checkpoint checkpoint = Checkpoint::open(dir);
        qputenv("MEDAWQ_FUSE_PROJECTIONS", fused ? "1" : "0");
        DecoderModel model(config, checkpoint, at::Device(at::kCPU), at::kFloat, {});
        qputenv("MEDAWQ_FUSE_PROJECTIONS", "0");
        QCOMPARE(model.layers()[0].qkv.weight.defined(), fused);
        QCOMPARE(model.layers()[0].q.weight.defined(), !fused);
        QCOMPARE(model.layers()[0].gateUp.weight.defined(), fused);  // interleaved gate|up (8-row blocks)
        if (fused) {  // the fused model's forward pass equals the separate projections'
            DecoderModel separate(config, checkpoint, at::Device(at::kCPU), at::kFloat, {});
            std::vector<int64_t> p = nlohmann::json::parse(std::ifstream(dir + "/expected.json"))["input_ids"].get<std::vector<int64_t>>();
            KvCache c1 = model.newCache(1, int64_t(p.size())), c2 = separate.newCache(1, int64_t(p.size()));
            const at::Tensor ids = at::tensor(p, at::kLong).unsqueeze(0);
            // Equal up to float32 summation order (a wider GEMM blocks its sums differently).
            const at::Tensor a = model.forward(ids, c1), b = separate.forward(ids, c2);
            const double diff = (a - b).abs().max().item<double>(), scale = b.abs().max().item<double>();
            QVERIFY2(diff <= 1e-5 * std::max(1.0, scale), qPrintable(QString("max |difference| %1 (max |logit| %2)").arg(diff).arg(scale)));
        }
        std::ifstream in(dir + "/expected.json");
        const nlohmann::json expected = nlohmann::json::parse(in);
        std::vector<int64_t> prompt = expected["input_ids"].get<std::vector<int64_t>>();
        const int64_t steps = 12;  // past every fixture's sliding window (8)
        KvCache eager = model.newCache(1, int64_t(prompt.size()) + steps);
        KvCache graphed = model.newCache(1, int64_t(prompt.size()) + steps);
        const at::Tensor ids = at::tensor(prompt, at::kLong).unsqueeze(0);
        at::Tensor a = model.forward(ids, eager, true);
        model.forward(ids, graphed, true);
        double worst = 0;
        for (int64_t s = 0; s < steps; ++s) {
            const int64_t next = a[0][0].argmax().item<int64_t>();
            const at::Tensor token = at::full({1, 1}, next, at::kLong);
            a = model.forward(token, eager, true);
            const at::Tensor b = model.decodeStep(token, graphed);
            QCOMPARE(b.sizes(), a.sizes());
            worst = std::max(worst, (a - b).abs().max().item<double>());
        }
        QCOMPARE(graphed.length, eager.length);
        QVERIFY2(worst < 1e-4, qPrintable(QString("max |logit difference| %1").arg(worst)));
        // The cache rows written by both paths agree too.
        for (size_t l = 0; l < eager.keys.size(); ++l)
            QVERIFY(at::allclose(eager.keys[l].narrow(2, 0, eager.length), graphed.keys[l].narrow(2, 0, eager.length), 1e-5, 1e-5));
    }

    void refusesAPositionOutsideTheCache() {
        const std::string dir = fixturesDir() + "/models/llama_gqa_untied";
        const ModelConfig config = loadModelConfig(dir);
        DecoderModel model(config, Checkpoint::open(dir), at::Device(at::kCPU), at::kFloat, {});
        KvCache cache = model.newCache(1, 2);
        const at::Tensor token = at::full({1, 1}, int64_t(3), at::kLong);
        model.decodeStep(token, cache);
        model.decodeStep(token, cache);
        QVERIFY_EXCEPTION_THROWN(model.decodeStep(token, cache), std::exception);
    }

    // A token id outside the vocabulary is named, before any table is read (on CUDA the table
    // may sit in host memory, read by our own gather kernel, which has no bounds check of its own).
    void refusesATokenOutsideTheVocabulary() {
        const std::string dir = fixturesDir() + "/models/llama_gqa_untied";
        const ModelConfig config = loadModelConfig(dir);
        DecoderModel model(config, Checkpoint::open(dir), at::Device(at::kCPU), at::kFloat, {});
        KvCache cache = model.newCache(1, 4);
        for (int64_t id : {config.vocabSize, int64_t(-1)}) {
            const at::Tensor ids = at::tensor(std::vector<int64_t>{1, id}, at::kLong).view({1, 2});
            try {
                model.forward(ids, cache, true);
                QFAIL("no error for an id outside the vocabulary");
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find("outside the vocabulary of " + std::to_string(config.vocabSize)) !=
                             std::string::npos,
                         e.what());
            }
            QCOMPARE(cache.length, int64_t(0));
        }
    }
};

QTEST_GUILESS_MAIN(TestDecodeStep)
#include "test_decode_step.moc"
