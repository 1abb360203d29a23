// A long prompt goes through the layers chunk by chunk (DecoderModel::prefillChunk; 2048 tokens
// on CUDA): every position's logits, the last one's and the cache equal those of the prompt in
// one pass, on fixtures whose chunks cross the sliding window (Mistral, Gemma 2/3) and with
// Gemma 2's soft-capping. On the GPU box the same chunks take the masked fused attention.
#include "formats/model_config.h"
#include "models/decoder.h"
#include "test_support.h"

#include <medawq/safetensors.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <fstream>

using namespace medawq;

class TestChunkedPrefill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void equalsOnePass_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("chunk");
        for (const char* f : {"llama_gqa_untied", "mistral_sliding", "gemma2", "gemma3_text"})
            for (int chunk : {1, 3, 5})
                QTest::newRow(qPrintable(QString("%1, chunks of %2").arg(f).arg(chunk))) << f << chunk;
    }

    void equalsOnePass() {
        QFETCH(QString, fixture);
        QFETCH(int, chunk);
        const std::string dir = test::fixturesDir() + "/models/" + fixture.toStdString();
        const ModelConfig config = loadModelConfig(dir);
        const Checkpoint checkpoint = Checkpoint::open(dir);
        DecoderModel model(config, checkpoint, at::Device(at::kCPU), at::kFloat, {});
        std::ifstream in(dir + "/expected.json");
        std::vector<int64_t> prompt = nlohmann::json::parse(in)["input_ids"].get<std::vector<int64_t>>();
        while (prompt.size() < 14) prompt.insert(prompt.end(), prompt.begin(), prompt.end());  // past the window (8)
        const at::Tensor ids = at::tensor(prompt, at::kLong).unsqueeze(0);
        const int64_t t = ids.size(1);

        qputenv("MEDAWQ_PREFILL_CHUNK", "0");
        QCOMPARE(model.prefillChunk(), int64_t(0));
        KvCache whole = model.newCache(1, t);
        const at::Tensor all = model.forward(ids, whole);
        qputenv("MEDAWQ_PREFILL_CHUNK", QByteArray::number(chunk));
        QCOMPARE(model.prefillChunk(), int64_t(chunk));
        KvCache chunked = model.newCache(1, t), last = model.newCache(1, t);
        const at::Tensor allChunked = model.forward(ids, chunked);
        const at::Tensor lastChunked = model.forward(ids, last, true);
        qunsetenv("MEDAWQ_PREFILL_CHUNK");

        QCOMPARE(allChunked.sizes(), all.sizes());
        QCOMPARE(chunked.length, t);
        const double scale = std::max(1.0, all.abs().max().item<double>());
        QVERIFY2((allChunked - all).abs().max().item<double>() <= 1e-5 * scale, "all positions");
        QVERIFY2((lastChunked - all.narrow(1, t - 1, 1)).abs().max().item<double>() <= 1e-5 * scale, "last position");
        for (size_t l = 0; l < whole.keys.size(); ++l) {
            const at::Tensor a = chunked.keys[l].narrow(2, 0, t), b = whole.keys[l].narrow(2, 0, t);
            const double diff = (a - b).abs().max().item<double>(), keyScale = std::max(1.0, b.abs().max().item<double>());
            QVERIFY2(diff <= 1e-5 * keyScale, qPrintable(QString("layer %1 keys differ by %2 (max |key| %3)").arg(l).arg(diff).arg(keyScale)));
        }
    }
};

QTEST_APPLESS_MAIN(TestChunkedPrefill)
#include "test_chunked_prefill.moc"
