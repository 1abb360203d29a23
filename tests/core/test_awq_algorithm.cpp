// AWQ's building blocks: folding scales leaves a layer's output unchanged, the quantizer stays
// within its error bound, and the scale search finds the salient channel that RTN ruins.
#include "formats/model_config.h"
#include "models/decoder_layer.h"
#include "models/rope.h"
#include "quant/awq_search.h"
#include "quant/group_quantizer.h"
#include "quant/scale_folding.h"

#include <QtTest>

using namespace medawq;

namespace {

ModelConfig tinyConfig(const char* arch) {
    const std::string text = std::string(R"({"architectures":[")") + arch + R"("],"hidden_size":128,
        "intermediate_size":256,"num_hidden_layers":1,"num_attention_heads":4,"num_key_value_heads":2,
        "head_dim":32,"vocab_size":64,"sliding_window":8})";
    return parseModelConfig(nlohmann::json::parse(text), "config.json");
}

DecoderLayer randomLayer(const ModelConfig& c) {
    auto lin = [](int64_t out, int64_t in) { return Linear{at::randn({out, in}) * 0.05, {}}; };
    auto norm = [&](int64_t d) { return RmsNorm{at::randn({d}) * 0.2 + (c.gemmaNorms ? 0.0 : 1.0), c.rmsNormEps, c.gemmaNorms}; };
    DecoderLayer l;
    l.inputNorm = norm(c.hiddenSize);
    l.postAttentionNorm = norm(c.hiddenSize);
    l.preFeedforwardNorm = norm(c.hiddenSize);
    l.postFeedforwardNorm = norm(c.hiddenSize);
    l.qNorm = norm(c.headDim);
    l.kNorm = norm(c.headDim);
    const int64_t q = c.numHeads * c.headDim, kv = c.numKvHeads * c.headDim;
    l.q = lin(q, c.hiddenSize);
    l.k = lin(kv, c.hiddenSize);
    l.v = lin(kv, c.hiddenSize);
    l.o = lin(c.hiddenSize, q);
    l.gate = lin(c.intermediateSize, c.hiddenSize);
    l.up = lin(c.intermediateSize, c.hiddenSize);
    l.down = lin(c.hiddenSize, c.intermediateSize);
    l.sliding = true;
    return l;
}

at::Tensor run(const ModelConfig& c, const DecoderLayer& l, const at::Tensor& x) {
    Rope g(c.ropeGlobal, c.headDim, c.maxPositions), lo(c.ropeLocal, c.headDim, c.maxPositions);
    RopeTables r;
    std::tie(r.cosGlobal, r.sinGlobal) = g.cosSin(0, x.size(1), x.device());
    std::tie(r.cosLocal, r.sinLocal) = lo.cosSin(0, x.size(1), x.device());
    at::Tensor k = at::empty({x.size(0), c.numKvHeads, x.size(1), c.headDim});
    at::Tensor v = at::empty_like(k);
    return layerForward(c, l, x, k, v, 0, r);
}

}  // namespace

class TestAwqAlgorithm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void foldingKeepsLayerOutputs_data() {
        QTest::addColumn<QString>("arch");
        QTest::newRow("llama") << "LlamaForCausalLM";
        QTest::newRow("gemma3 (1 + w) norms") << "Gemma3ForCausalLM";
    }
    void foldingKeepsLayerOutputs() {
        QFETCH(QString, arch);
        at::manual_seed(1);
        const ModelConfig c = tinyConfig(arch.toUtf8().constData());
        DecoderLayer l = randomLayer(c);
        const at::Tensor x = at::randn({2, 16, c.hiddenSize});
        const at::Tensor before = run(c, l, x);
        const at::Tensor s1 = at::rand({c.hiddenSize}) * 3 + 0.2, s2 = at::rand({c.hiddenSize}) * 3 + 0.2;
        const at::Tensor s3 = at::rand({c.intermediateSize}) * 3 + 0.2;
        divideNorm(l.inputNorm, s1);
        for (Linear* lin : {&l.q, &l.k, &l.v}) multiplyColumns(*lin, s1);
        divideNorm(l.mlpInputNorm(c), s2);
        for (Linear* lin : {&l.gate, &l.up}) multiplyColumns(*lin, s2);
        divideRows(l.up, s3);
        multiplyColumns(l.down, s3);
        const double diff = (run(c, l, x) - before).abs().max().item<double>();
        QVERIFY2(diff < 1e-5, qPrintable(QString("max |diff| %1").arg(diff)));
    }

    void quantizerErrorWithinHalfStep() {
        at::manual_seed(2);
        const at::Tensor w = at::randn({64, 256});
        QuantSpec spec;
        spec.groupSize = 64;
        const GroupQuantized q = quantizeGroups(w, spec);
        QVERIFY(q.codes.min().item<int>() >= 0 && q.codes.max().item<int>() <= 15);
        const at::Tensor err = (dequantizeGroups(q, 64, at::kFloat) - w).abs().view({64, 4, 64});
        const at::Tensor bound = q.scales.view({64, 4, 1}) * 0.5 + 1e-6;
        QVERIFY((err <= bound).all().item<bool>());
        // Symmetric: codes offset by 8, zero point 8.
        spec.zeroPoint = false;
        const GroupQuantized s = quantizeGroups(w, spec);
        QCOMPARE(s.zeros.min().item<int>(), 8);
        QVERIFY(((dequantizeGroups(s, 64, at::kFloat) - w).abs().view({64, 4, 64}) <= s.scales.view({64, 4, 1}) * 0.5 + 1e-6).all().item<bool>());
    }

    void scaleSearchProtectsTheSalientChannel() {
        // One input channel carries activations 50x the others: RTN (s = 1) rounds its weights
        // like any other; AWQ scales it up before rounding.
        at::manual_seed(3);
        const int64_t k = 256, n = 64;
        at::Tensor x = at::randn({512, k});
        x.select(1, 7).mul_(50.0);
        at::Tensor w = at::randn({n, k}) * 0.02;
        Linear lin{w.clone(), {}};
        QuantSpec spec;
        spec.groupSize = 128;
        ScaleSearchOptions opts;
        const ScaleSearchResult r = searchScales({&lin.weight}, x, [&](const at::Tensor& xi) { return lin(xi); },
                                                 activationMeans(x), spec, opts);
        QVERIFY(at::equal(lin.weight, w));  // weights restored after the search
        QVERIFY2(r.ratio > 0, "expected a non-zero ratio");
        QVERIFY2(r.bestLoss < 0.5 * r.lossBefore,
                 qPrintable(QString("AWQ loss %1 vs RTN %2").arg(r.bestLoss).arg(r.lossBefore)));
        // The chosen point is the grid's minimum (first strict minimum).
        const auto best = std::min_element(r.losses.begin(), r.losses.end());
        QCOMPARE(double(best - r.losses.begin()) / opts.gridSize, r.ratio);
        QVERIFY(r.scales[7].item<float>() > r.scales.median().item<float>() * 2);
    }

    void clipSearchNeverWorseThanNoClip() {
        at::manual_seed(4);
        const at::Tensor w = at::randn({64, 128});
        const at::Tensor x = at::randn({300, 128});
        QuantSpec spec;
        spec.groupSize = 128;
        const at::Tensor m = searchClip(w, x, spec, ClipSearchOptions{});
        const at::Tensor maxAbs = w.abs().amax(1, true);
        QVERIFY((m <= maxAbs + 1e-6).all().item<bool>());
        QVERIFY((m >= maxAbs * 0.5 - 1e-6).all().item<bool>());
        auto outErr = [&](const at::Tensor& wq) { return (at::matmul(x, wq.t()) - at::matmul(x, w.t())).pow(2).mean().item<double>(); };
        const double clipped = outErr(fakeQuantize(applyClip(w, m, 128), spec));
        const double plain = outErr(fakeQuantize(w, spec));
        QVERIFY2(clipped <= plain * 1.0001, qPrintable(QString("%1 vs %2").arg(clipped).arg(plain)));
    }
};

QTEST_APPLESS_MAIN(TestAwqAlgorithm)
#include "test_awq_algorithm.moc"
