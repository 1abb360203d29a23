// AutoAWQ GEMM packing order and dequantisation, against AWQ.md's worked example.
#include "quant/awq_packing.h"

#include <QtTest>

using namespace medawq;

class TestAwqPacking : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void workedExample() {
        // Columns 0..7 holding q = 0..7 pack to 0x75316420; all 15s pack to -1.
        at::Tensor q = at::arange(0, 8, at::kInt).view({1, 8});
        QCOMPARE(packAwq(q).item<int32_t>(), int32_t(0x75316420));
        QCOMPARE(packAwq(at::full({1, 8}, 15, at::kInt)).item<int32_t>(), int32_t(-1));
    }

    void roundTrip() {
        at::manual_seed(7);
        at::Tensor q = at::randint(0, 16, {64, 48}, at::kInt);
        at::Tensor packed = packAwq(q);
        QCOMPARE(packed.size(1), int64_t(6));
        QCOMPARE(packed.scalar_type(), at::kInt);
        QVERIFY(at::equal(unpackAwq(packed), q));
    }

    void dequantizeMatchesFormula() {
        at::manual_seed(3);
        const int64_t k = 64, n = 16, g = 32;
        at::Tensor q = at::randint(0, 16, {k, n}, at::kInt);
        at::Tensor z = at::randint(0, 16, {k / g, n}, at::kInt);
        at::Tensor s = (at::rand({k / g, n}) * 0.1 + 0.01).to(at::kHalf);
        at::Tensor w = dequantizeAwqGemm(packAwq(q), packAwq(z), s, g, at::kFloat);
        QCOMPARE(w.size(0), n);
        QCOMPARE(w.size(1), k);
        // Element (row n=5, column k=40): group 1.
        const float expected = float(q[40][5].item<int>() - z[1][5].item<int>()) * s[1][5].item<float>();
        QCOMPARE(w[5][40].item<float>(), expected);
    }
};

QTEST_APPLESS_MAIN(TestAwqPacking)
#include "test_awq_packing.moc"
