// The W4A16 tile layout (kernels/w4a16.h) on the CPU: packW4A16 puts every nibble where the
// header says (checked element by element against the documented formula, not only through our
// own inverse), its torch reference dequantizes exactly like dequantizeAwqGemm, and a Linear
// holding packed weights computes what the dense one does. The CUDA kernels read this layout;
// tools/kernels/w4a16_check checks them on the GPU box.
#include "kernels/w4a16.h"
#include "models/decoder_layer.h"
#include "quant/awq_packing.h"

#include <medawq/errors.h>

#include <QtTest>

using namespace medawq;

namespace {
struct Awq {
    at::Tensor q, z, s, qweight, qzeros;  // codes [K, N], zeros [K/g, N], scales [K/g, N] fp16
};
Awq randomAwq(int64_t n, int64_t k, int64_t g) {
    Awq a;
    a.q = at::randint(0, 16, {k, n}, at::kInt);
    a.z = at::randint(0, 16, {k / g, n}, at::kInt);
    a.s = (at::rand({k / g, n}) * 0.02 + 0.002).to(at::kHalf);
    a.qweight = packAwq(a.q);
    a.qzeros = packAwq(a.z);
    return a;
}
}  // namespace

class TestW4A16 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nibblesWhereTheHeaderSays() {
        at::manual_seed(11);
        // N = 40: 3 tiles, the last one half padding; K = 192: 3 chunks.
        const int64_t n = 40, k = 192, g = 64;
        Awq a = randomAwq(n, k, g);
        QuantizedWeight w = packW4A16(a.qweight, a.qzeros, a.s, g);
        QCOMPARE(w.tiles.sizes(), at::IntArrayRef({3, 3, 128}));
        QCOMPARE(w.scales.sizes(), at::IntArrayRef({3, 3, 8, 2}));
        QCOMPARE(w.zeros.scalar_type(), at::kByte);
        auto tiles = w.tiles.accessor<int32_t, 3>();
        auto q = a.q.accessor<int32_t, 2>();
        int checked = 0;
        for (int64_t tile = 0; tile < 3; ++tile)
            for (int64_t c = 0; c < 3; ++c)
                for (int lane = 0; lane < 32; ++lane)
                    for (int j = 0; j < 4; ++j) {
                        const uint32_t word = uint32_t(tiles[tile][c][lane * 4 + j]);
                        const int r = lane / 4, t = lane % 4, h = j / 2, s = j % 2;
                        for (int i = 0; i < 8; ++i) {
                            const int64_t row = 16 * tile + r + 8 * (i & 1);
                            const int64_t col = 64 * c + 32 * h + 8 * t + 4 * s + 2 * ((i >> 1) & 1) + (i >> 2);
                            const int expected = row < n ? q[col][row] : 0;
                            if (int((word >> (4 * i)) & 0xF) != expected)
                                QFAIL(qPrintable(QString("tile %1 chunk %2 lane %3 word %4 nibble %5").arg(tile).arg(c).arg(lane).arg(j).arg(i)));
                            ++checked;
                        }
                    }
        QCOMPARE(checked, 3 * 3 * 32 * 4 * 8);
        // Scales and zeros: (group, tile, r, hi) is row 16 tile + r + 8 hi.
        const at::Tensor scales = w.scales.to(at::kFloat), scalesRef = a.s.to(at::kFloat);
        auto sc = scales.accessor<float, 4>();
        auto zc = w.zeros.accessor<uint8_t, 4>();
        auto sRef = scalesRef.accessor<float, 2>();
        auto zRef = a.z.accessor<int32_t, 2>();
        for (int64_t grp = 0; grp < k / g; ++grp)
            for (int64_t tile = 0; tile < 3; ++tile)
                for (int r = 0; r < 8; ++r)
                    for (int hi = 0; hi < 2; ++hi) {
                        const int64_t row = 16 * tile + r + 8 * hi;
                        QCOMPARE(sc[grp][tile][r][hi], row < n ? sRef[grp][row] : 0.f);
                        QCOMPARE(int(zc[grp][tile][r][hi]), row < n ? zRef[grp][row] : 0);
                    }
    }

    void referenceDequantizeMatchesAwqGemm() {
        at::manual_seed(5);
        for (int64_t g : {32, 64, 128}) {
            for (auto [n, k] : std::vector<std::pair<int64_t, int64_t>>{{48, 256}, {40, 384}, {8, 128}, {264, 640}}) {
                if (k % g) continue;
                Awq a = randomAwq(n, k, g);
                QuantizedWeight w = packW4A16(a.qweight, a.qzeros, a.s, g);
                for (at::ScalarType t : {at::kFloat, at::kBFloat16}) {
                    at::Tensor ref = dequantizeAwqGemm(a.qweight, a.qzeros, a.s, g, t);
                    QVERIFY2(at::equal(dequantizeW4A16Reference(w, t), ref), qPrintable(QString("%1x%2 g%3").arg(n).arg(k).arg(g)));
                    QVERIFY(at::equal(dequantizeW4A16(w, t), ref));
                }
            }
        }
    }

    void packedLinearComputesTheDenseOne() {
        at::manual_seed(9);
        Awq a = randomAwq(72, 256, 128);
        Linear dense, packed;
        dense.weight = dequantizeAwqGemm(a.qweight, a.qzeros, a.s, 128, at::kFloat);
        dense.bias = at::randn({72});
        packed.packed = packW4A16(a.qweight, a.qzeros, a.s, 128);
        packed.bias = dense.bias;
        QCOMPARE(packed.outFeatures(), int64_t(72));
        QCOMPARE(packed.inFeatures(), int64_t(256));
        at::Tensor x = at::randn({2, 3, 256});
        QVERIFY(at::allclose(packed(x), dense(x), 1e-5, 1e-5));
        QVERIFY(at::equal(packed.denseWeight(at::kFloat), dense.weight));
    }

    // A prefill dequantizes a large weight a slab of output rows at a time: the same result for
    // any slab size, a last slab that ends mid-tile (N = 72) included; rows() cuts whole tiles.
    void prefillInSlabsEqualsOneMatmul() {
        at::manual_seed(11);
        Awq a = randomAwq(72, 256, 64);
        const QuantizedWeight w = packW4A16(a.qweight, a.qzeros, a.s, 64);
        const at::Tensor dense = dequantizeAwqGemm(a.qweight, a.qzeros, a.s, 64, at::kFloat);
        const at::Tensor bias = at::randn({72});
        const at::Tensor x = at::randn({5, 256});
        const at::Tensor want = at::linear(x, dense, bias);
        for (int64_t scratch : {int64_t(16 * 256), int64_t(32 * 256), int64_t(40 * 256), int64_t(1) << 20}) {
            const at::Tensor got = w4a16::prefillLinear(x, w, bias, scratch);
            QVERIFY2(at::allclose(got, want, 1e-5, 1e-5), qPrintable(QString("scratch %1").arg(scratch)));
        }
        QVERIFY(at::equal(dequantizeW4A16(w4a16::rows(w, 16, 40), at::kFloat), dense.narrow(0, 16, 40)));
        QVERIFY_EXCEPTION_THROWN(w4a16::rows(w, 8, 16), std::exception);
    }

    // A fused gate|up keeps gate and up rows in alternating blocks of 8 (so one 16-row tile
    // feeds the kernel's gated epilogue): the packed interleave moves every code, scale and
    // zero where the dense interleave moves its rows, and splitGateUp undoes it.
    void interleavedGateUpMatchesTheDenseRows() {
        at::manual_seed(11);
        Awq g = randomAwq(48, 256, 64), u = randomAwq(48, 256, 64);
        const QuantizedWeight both = interleaveGateUp(packW4A16(g.qweight, g.qzeros, g.s, 64), packW4A16(u.qweight, u.qzeros, u.s, 64));
        const at::Tensor gd = dequantizeAwqGemm(g.qweight, g.qzeros, g.s, 64, at::kFloat);
        const at::Tensor ud = dequantizeAwqGemm(u.qweight, u.qzeros, u.s, 64, at::kFloat);
        const at::Tensor dense = interleaveGateUp(gd, ud);
        QCOMPARE(both.out, int64_t(96));
        QVERIFY(at::equal(dequantizeW4A16Reference(both, at::kFloat), dense));
        QVERIFY(at::equal(dense.narrow(0, 8, 8), ud.narrow(0, 0, 8)));   // rows 8..15: up 0..7
        QVERIFY(at::equal(dense.narrow(0, 16, 8), gd.narrow(0, 8, 8)));  // rows 16..23: gate 8..15
        const at::Tensor x = at::randn({3, 256});
        const auto [gate, up] = splitGateUp(at::linear(x, dense));
        QVERIFY(at::allclose(gate, at::linear(x, gd), 1e-5, 1e-5));
        QVERIFY(at::allclose(up, at::linear(x, ud), 1e-5, 1e-5));
        QVERIFY_EXCEPTION_THROWN(interleaveGateUp(both, packW4A16(g.qweight, g.qzeros, g.s, 64)), std::exception);  // 96 vs 48 rows
        QVERIFY_EXCEPTION_THROWN(interleaveGateUp(at::zeros({12, 4}), at::zeros({12, 4})), std::exception);          // not blocks of 8
    }

    // On a long input the fused gate|up runs slab by slab: combine(gate, up) equals the
    // activation of the whole product, for slabs that cut the weight unevenly and for one slab.
    void pairedPrefillEqualsTheWholeProduct() {
        at::manual_seed(12);
        Awq g = randomAwq(48, 256, 128), u = randomAwq(48, 256, 128);  // 3 tiles each
        const QuantizedWeight w = interleaveGateUp(packW4A16(g.qweight, g.qzeros, g.s, 128), packW4A16(u.qweight, u.qzeros, u.s, 128));
        const at::Tensor gd = dequantizeAwqGemm(g.qweight, g.qzeros, g.s, 128, at::kFloat);
        const at::Tensor ud = dequantizeAwqGemm(u.qweight, u.qzeros, u.s, 128, at::kFloat);
        const at::Tensor bg = at::randn({48}), bu = at::randn({48});
        const at::Tensor x = at::randn({2, 20, 256});
        const at::Tensor want = at::silu(at::linear(x, gd, bg)) * at::linear(x, ud, bu);
        auto combine = [](const at::Tensor& a, const at::Tensor& b) { return at::silu(a) * b; };
        for (int64_t scratch : {int64_t(32 * 256), int64_t(48 * 256), int64_t(1) << 20}) {
            const at::Tensor got = w4a16::pairedPrefill(x, w, interleaveGateUp(bg, bu), scratch, combine);
            QCOMPARE(got.sizes(), want.sizes());
            QVERIFY2(at::allclose(got, want, 1e-5, 1e-5), qPrintable(QString("scratch %1").arg(scratch)));
        }
        Awq odd = randomAwq(40, 256, 128);  // 40 rows are not whole tiles
        QVERIFY_EXCEPTION_THROWN(w4a16::pairedPrefill(x, packW4A16(odd.qweight, odd.qzeros, odd.s, 128), {}, 1 << 20, combine),
                                 std::exception);
    }

    void unsupportedShapesAreRefused() {
        QVERIFY(w4a16Supports(2560, 10240, 128));
        QVERIFY(!w4a16Supports(1152, 4304, 128));  // SigLIP fc2: K = 4304 is not a multiple of 64 (never quantized anyway)
        QVERIFY(!w4a16Supports(64, 96, 32));       // K % 64
        QVERIFY(!w4a16Supports(64, 256, 256));     // group size
        Awq a = randomAwq(16, 96, 32);
        QVERIFY_EXCEPTION_THROWN(packW4A16(a.qweight, a.qzeros, a.s, 32), Error);
    }
};

QTEST_APPLESS_MAIN(TestW4A16)
#include "test_w4a16.moc"
