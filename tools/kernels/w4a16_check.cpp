// w4a16_check: the W4A16 CUDA kernels against the reference (quant/awq_packing's
// dequantizeAwqGemm + matmul), on random inputs, for every linear shape of the supported
// families, group sizes 32/64/128 and 1..512 rows. Exit status 1 on any failure.
//
//   build-gpu/tools/kernels/w4a16_check [--quick | --attention]
//
// --attention checks the decode attention and RoPE kernels only (e.g. once per MEDAWQ_ATTN_*
// variant).
//
// Relative error is ||y - ref|| / ||ref|| with ref = x·W^T in fp32 (x rounded to the 16-bit
// type first, W dequantized exactly in fp32); the bound is 1e-2. For comparison it also prints
// the error of the plain 16-bit path (at::linear on the 16-bit dense weight). The dequantize
// kernel must match dequantizeAwqGemm bit for bit. Then the same for the dense (bf16/fp16
// weight) decode GEMV of kernels/dense_gemv.h, against x·W^T in fp32 on the same 16-bit W, the
// decode attention kernel, and the add + RMSNorm fused into both GEMVs.
#include "common.h"

#include "kernels/decode_step.h"
#include "kernels/decode_step_kernels.h"
#include "kernels/dense_gemv.h"
#include "kernels/w4a16.h"
#include "kernels/w4a16_kernels.h"
#include "models/decoder_layer.h"
#include "quant/awq_packing.h"

#include <ATen/Context.h>
#include <c10/cuda/CUDAStream.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <tuple>

using namespace medawq;

namespace {

struct Errors {
    double rel = 0, maxRel = 0;
};

Errors compare(const at::Tensor& y, const at::Tensor& ref) {
    at::Tensor d = y.to(at::kFloat) - ref;
    Errors e;
    e.rel = (d.norm() / ref.norm()).item<double>();
    e.maxRel = (d.abs().max() / ref.abs().max()).item<double>();
    if (!at::isfinite(y.to(at::kFloat)).all().item<bool>()) e.rel = e.maxRel = INFINITY;
    return e;
}

const char* dtypeName(at::ScalarType t) { return t == at::kBFloat16 ? "bf16" : t == at::kHalf ? "fp16" : "fp32"; }

// A random AWQ (g128) gate and up of [half, k] each, as the decode kernels take them fused:
// interleaved W4A16 and interleaved bf16, with the exact fp32 weights, the bf16 ones in fp32,
// and an interleaved bf16 bias.
struct GateUpWeights {
    QuantizedWeight packed;
    at::Tensor wg, wu, dense, denseG, denseU, bias;
};
GateUpWeights randomGateUp(int64_t half, int64_t k, const at::Device& cuda) {
    tools::AwqTensors ga = tools::randomAwq(half, k, 128, cuda), ua = tools::randomAwq(half, k, 128, cuda);
    GateUpWeights w;
    w.packed = interleaveGateUp(packW4A16(ga.qweight, ga.qzeros, ga.scales, 128),
                                packW4A16(ua.qweight, ua.qzeros, ua.scales, 128));
    w.wg = dequantizeAwqGemm(ga.qweight, ga.qzeros, ga.scales, 128, at::kFloat);
    w.wu = dequantizeAwqGemm(ua.qweight, ua.qzeros, ua.scales, 128, at::kFloat);
    w.dense = interleaveGateUp(w.wg, w.wu).to(at::kBFloat16);
    w.denseG = w.wg.to(at::kBFloat16).to(at::kFloat), w.denseU = w.wu.to(at::kBFloat16).to(at::kFloat);
    w.bias = at::randn({2 * half}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
    return w;
}

// RoPE + KV append with Gemma 3's per-head q/k norms inside the kernel (cuda::ropeAppend with
// norm weights) against ropeAppend on the CPU (the norms and the rotation with torch ops) and on
// the GPU without the fusion: q rotated in place and the cache rows written, bf16 and fp32, both
// norm conventions, head_dim 256 (Gemma 3 4B) and 80 (two warps, the second partly idle: the
// reduction's edge).
void checkRopeNorm(const at::Device& cuda, double bound, int& cases, int& failures) {
    std::printf("\nRoPE + KV append with per-head q/k norms in the kernel:\n");
    const int64_t heads = 8, kvHeads = 4, capacity = 64, pos = 37;
    double worst = 0, worstUnfused = 0;
    for (int64_t dim : {256, 80})
        for (at::ScalarType t : {at::kBFloat16, at::kFloat})
            for (bool onePlus : {true, false}) {
                auto opts = at::TensorOptions().dtype(t);
                const at::Tensor q = at::randn({heads * dim}, opts) * 3, k = at::randn({kvHeads * dim}, opts) * 3;
                const at::Tensor v = at::randn({kvHeads * dim}, opts);
                const at::Tensor cosT = at::rand({capacity, dim}, opts) * 2 - 1, sinT = at::rand({capacity, dim}, opts) * 2 - 1;
                const RmsNorm qNorm{(at::randn({dim}) * 0.1 + (onePlus ? 0.0 : 1.0)).to(t), 1e-6, onePlus};
                const RmsNorm kNorm{(at::randn({dim}) * 0.1 + (onePlus ? 0.0 : 1.0)).to(t), 1e-6, onePlus};
                const at::Tensor p = at::full({1}, pos, at::TensorOptions().dtype(at::kLong));
                at::Tensor refQ = q.clone(), refKeys = at::zeros({1, kvHeads, capacity, dim}, opts), refValues = refKeys.clone();
                ropeAppend(refQ, k, v, cosT, sinT, p, refKeys, refValues, heads, dim, &qNorm, &kNorm);

                at::Tensor gq = q.to(cuda), gKeys = at::zeros({1, kvHeads, capacity, dim}, opts.device(cuda)), gValues = gKeys.clone();
                const at::Tensor gk = k.to(cuda), gv = v.to(cuda), gcos = cosT.to(cuda), gsin = sinT.to(cuda), gp = p.to(cuda);
                const at::Tensor gqw = qNorm.weight.to(cuda), gkw = kNorm.weight.to(cuda);
                cuda::ropeAppend(t == at::kFloat ? cuda::DType::Float32 : cuda::DType::BFloat16, gq.data_ptr(), gk.data_ptr(),
                                 gv.data_ptr(), gcos.data_ptr(), gsin.data_ptr(), gp.data_ptr<int64_t>(), gKeys.data_ptr(),
                                 gValues.data_ptr(), int(heads), int(kvHeads), int(dim), int(capacity),
                                 c10::cuda::getCurrentCUDAStream().stream(), gqw.data_ptr(), gkw.data_ptr(), 1e-6f, onePlus);
                // The unfused GPU path (torch norms, then the RoPE kernel; this tool runs without
                // MEDAWQ_FUSE_QK_NORM): only the fp32 order of the sum of squares differs, so 5e-4
                // catches a rounding step done differently, which the 1e-2 bound cannot.
                const RmsNorm gqn{gqw, qNorm.eps, onePlus}, gkn{gkw, kNorm.eps, onePlus};
                at::Tensor uq = q.to(cuda), uKeys = at::zeros_like(gKeys), uValues = at::zeros_like(gKeys);
                ropeAppend(uq, gk, gv, gcos, gsin, gp, uKeys, uValues, heads, dim, &gqn, &gkn);
                const double limit = t == at::kFloat ? 1e-5 : bound;
                for (const auto& [name, got, ref, unfused] :
                     {std::tuple<const char*, at::Tensor, at::Tensor, at::Tensor>{"q", gq, refQ, uq},
                      {"keys", gKeys, refKeys, uKeys}, {"values", gValues, refValues, uValues}}) {
                    const Errors e = compare(got.cpu(), ref.to(at::kFloat));
                    const Errors u = compare(got, unfused.to(at::kFloat));
                    worst = std::max(worst, t == at::kFloat ? e.rel * 100 : e.rel);
                    worstUnfused = std::max(worstUnfused, u.rel);
                    ++cases;
                    if (!(e.rel <= limit) || !(u.rel <= 5e-4)) {
                        ++failures;
                        std::printf("FAIL rope+norm %s D=%lld %s%s: rel %.2e (to the unfused kernels %.2e)\n", name,
                                    (long long)dim, dtypeName(t), onePlus ? " (1+w)" : "", e.rel, u.rel);
                    }
                }
            }
    std::printf("  worst rel err %.2e (fp32 errors counted x100), to the unfused kernels %.2e\n", worst, worstUnfused);
}

// The decode attention kernel against its CPU reference (decode_step.h): Mistral-7B, Gemma 3
// 4B (head_dim 256, sliding window) and 27B heads, a soft cap (Gemma 2), no grouping, in bf16
// and fp32, at several filled lengths (one row, part of a tile, many tiles per slice).
void checkAttention(const at::Device& cuda, double bound, int& cases, int& failures) {
    std::printf("\ndecode attention:\n");
    struct AttnCase {
        int64_t heads, kvHeads, dim, capacity, window;
        double softcap;
    };
    double worstAttention = 0;
    int attentionCases = 0;
    for (const AttnCase& a : std::vector<AttnCase>{{32, 8, 128, 4096, 0, 0}, {8, 4, 256, 1024, 512, 0}, {32, 16, 128, 768, 0, 0},
                                                   {8, 4, 256, 70000, 0, 0}, {16, 16, 64, 300, 0, 50}, {6, 2, 24, 40, 8, 0}}) {
        for (at::ScalarType t : {at::kBFloat16, at::kFloat}) {
            auto opts = at::TensorOptions().device(cuda).dtype(t);
            const at::Tensor keys = at::randn({1, a.kvHeads, a.capacity, a.dim}, opts);
            const at::Tensor values = at::randn({1, a.kvHeads, a.capacity, a.dim}, opts);
            at::Tensor ws = decodeAttentionWorkspace(a.heads, a.dim, a.capacity, cuda);
            for (int64_t pos : {int64_t(0), std::min<int64_t>(77, a.capacity - 2), a.capacity / 2 + 3, a.capacity - 1}) {
                const at::Tensor q = at::randn({a.heads * a.dim}, opts) * 2;
                const at::Tensor p = at::full({1}, pos, at::TensorOptions().dtype(at::kLong).device(cuda));
                const double scale = 1.0 / std::sqrt(double(a.dim));
                const at::Tensor ref = decodeAttention(q.cpu(), keys.cpu(), values.cpu(), p.cpu(), a.heads, a.window, scale,
                                                       a.softcap, ws).to(at::kFloat);
                for (int rep = 0; rep < 2; ++rep) {
                    const at::Tensor got = decodeAttention(q, keys, values, p, a.heads, a.window, scale, a.softcap, ws);
                    const Errors e = compare(got.cpu(), ref);
                    const bool ok = e.rel <= (t == at::kFloat ? 1e-4 : bound);
                    worstAttention = std::max(worstAttention, t == at::kFloat ? e.rel * 100 : e.rel);
                    ++cases, ++attentionCases;
                    if (!ok) {
                        ++failures;
                        std::printf("FAIL attention %lld/%lld heads, dim %lld, capacity %lld, window %lld, softcap %.0f, "
                                    "%s, pos %lld: rel %.2e\n", (long long)a.heads, (long long)a.kvHeads, (long long)a.dim,
                                    (long long)a.capacity, (long long)a.window, a.softcap, dtypeName(t), (long long)pos, e.rel);
                    }
                }
            }
        }
    }
    std::printf("  %d cases, worst rel err %.2e (fp32 errors counted x100)\n", attentionCases, worstAttention);
}

// The add + RMSNorm fused in front of a one-token GEMV (cuda::FusedNorm), W4A16 and dense, plain
// and gated, without a pending addend, with one, and with one that has its own norm (Gemma's
// sandwich norms), Llama and Gemma (1 + w) norms, under several splits: the product against
// RmsNorm (models/decoder_layer.h) + x·W^T in fp32 (bound 1e-2), and against the unfused kernels
// (addRmsNorm, then the same GEMV: only fp32 summation orders differ, so 1e-4, 3e-4 with the
// pending's own norm, catches a rounding step done differently), and the updated residual against
// residual + pending in torch bit for bit (with the pending's own norm: against the unfused
// kernels' residual, each element within 2 ulp of the largest).
void checkFusedNorm(const at::Device& cuda, double bound, int& cases, int& failures) {
    std::printf("\nfused add + RMSNorm in front of the GEMV (one token):\n");
    struct NormCase {
        int64_t half, k;
        bool onePlus;
    };
    for (const NormCase& nc : std::vector<NormCase>{{3072, 4096, false}, {1024, 2560, true}, {48, 384, false}}) {
        const int64_t half = nc.half, k = nc.k;
        const auto [packed, wg, wu, dense, denseG, denseU, bias] = randomGateUp(half, k, cuda);
        const at::Tensor biasF = bias.to(at::kFloat);
        const std::pair<at::Tensor, at::Tensor> biasParts = splitGateUp(biasF);  // gate's and up's (the lambda below)
        const auto opts = at::TensorOptions().device(cuda).dtype(at::kBFloat16);
        const RmsNorm norm{(at::randn({k}, at::TensorOptions().device(cuda)) * 0.1 + (nc.onePlus ? 0.0 : 1.0)).to(at::kBFloat16),
                           1e-6, nc.onePlus};
        double worst = 0, worstUnfused = 0;
        int configs = 0;
        const RmsNorm pendingNorm{(at::randn({k}, at::TensorOptions().device(cuda)) * 0.1 + (nc.onePlus ? 0.0 : 1.0))
                                      .to(at::kBFloat16),
                                  1e-6, nc.onePlus};
        for (int mode : {0, 1, 2})  // no pending, pending, normalised pending
            for (int act : {-1, 0})
                for (const auto& [ks, split] : std::vector<std::pair<int, int>>{{0, 0}, {8, 1}, {2, 3}}) {
                    const at::Tensor residual = at::randn({1, k}, opts) * 3;
                    const bool withPending = mode > 0;
                    const at::Tensor pending = withPending ? at::randn({1, k}, opts) : at::Tensor();
                    const at::Tensor before = residual.clone();
                    const at::Tensor sum = mode == 2 ? residual + pendingNorm(pending) : withPending ? residual + pending : residual;
                    const at::Tensor xf = norm(sum).to(at::kFloat);
                    auto reference = [&](const at::Tensor& g, const at::Tensor& u) {
                        if (act < 0) return at::linear(xf, interleaveGateUp(g, u), biasF);
                        const at::Tensor gr = at::linear(xf, g, biasParts.first).to(at::kBFloat16).to(at::kFloat);
                        return at::silu(gr) * at::linear(xf, u, biasParts.second).to(at::kBFloat16).to(at::kFloat);
                    };
                    ++configs;
                    for (const char* kind : {"W4A16", "dense"}) {
                        const bool isPacked = kind[0] == 'W';
                        at::Tensor residualOut = at::empty_like(residual);
                        cuda::FusedNorm fused;
                        fused.pending = withPending ? pending.data_ptr() : nullptr;
                        fused.pendingNorm = mode == 2 ? pendingNorm.weight.data_ptr() : nullptr;
                        fused.weight = norm.weight.data_ptr();
                        fused.residualOut = residualOut.data_ptr();
                        fused.eps = float(norm.eps);
                        fused.onePlus = norm.onePlus;
                        GemvLaunch launch;
                        launch.warpsPerTile = ks, launch.splitK = split, launch.activation = act, launch.norm = &fused;
                        const at::Tensor y = isPacked ? w4a16::decodeWith(residual, packed, bias, launch)
                                                      : dense_gemv::decodeWith(residual, dense, bias, launch);
                        const Errors e = compare(y, isPacked ? reference(wg, wu) : reference(denseG, denseU));
                        at::Tensor summed = residual.clone();
                        GemvLaunch plain = launch;
                        plain.norm = nullptr;
                        at::Tensor pendingCopy = pending;
                        const at::Tensor added = mode == 2 ? addRmsNorm(pendingCopy, {}, pendingNorm) : pending;
                        const at::Tensor normed = addRmsNorm(summed, added, norm);
                        const at::Tensor unfused = isPacked ? w4a16::decodeWith(normed, packed, bias, plain)
                                                            : dense_gemv::decodeWith(normed, dense, bias, plain);
                        const Errors toUnfused = compare(y, unfused.to(at::kFloat));
                        // Mode 2: against the unfused kernels' residual, each element within 2 ulp of
                        // the largest and 3e-4 over the row (a pending element may round the other way).
                        const Errors toSummed = compare(residualOut, summed.to(at::kFloat));
                        const double sumDiff = mode == 2 ? (toSummed.maxRel <= 8e-3 && toSummed.rel <= 3e-4 ? 0.0 : toSummed.rel)
                                                         : (residualOut.to(at::kFloat) - sum.to(at::kFloat)).abs().max().item<double>();
                        const double unfusedBound = mode == 2 ? 3e-4 : 1e-4;
                        const double kept = (residual.to(at::kFloat) - before.to(at::kFloat)).abs().max().item<double>();
                        worst = std::max(worst, e.rel);
                        ++cases;
                        worstUnfused = std::max(worstUnfused, toUnfused.rel);
                        if (!(e.rel <= bound) || !(toUnfused.rel <= unfusedBound) || sumDiff != 0 || kept != 0) {
                            ++failures;
                            std::printf("FAIL fused norm %s 2x%lldx%lld%s%s act %d k%d s%d: rel %.2e (to unfused %.2e), "
                                        "residual out off by %g, residual changed by %g\n",
                                        kind, (long long)half, (long long)k, nc.onePlus ? " (1+w)" : "",
                                        mode == 2 ? " +normed pending" : withPending ? " +pending" : "", act, ks, split,
                                        e.rel, toUnfused.rel, sumDiff, kept);
                        }
                    }
                }
        std::printf("  2x%lldx%lld%s: worst rel err %.2e (to the unfused kernels %.2e) over %d configurations x 2 "
                    "kernels\n", (long long)half, (long long)k, nc.onePlus ? " (1+w)" : "", worst, worstUnfused, configs);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    const bool attentionOnly = argc > 1 && std::strcmp(argv[1], "--attention") == 0;
    if (!at::hasCUDA() || !w4a16KernelsBuilt()) {
        std::printf("needs a GPU and a build with the CUDA kernels\n");
        return 1;
    }
    at::globalContext().setAllowTF32CuBLAS(false);
    at::manual_seed(1234);
    const at::Device cuda(at::kCUDA, 0);
    const double bound = 1e-2;
    int failures = 0, cases = 0;
    // Worst relative error per family and path (decode: <= 16 rows; prefill: more).
    std::map<std::string, double> worst, worstDense;
    const std::vector<int64_t> rows = {1, 2, 4, 8, 16, 17, 64, 512};
    if (attentionOnly) {
        checkAttention(cuda, bound, cases, failures);
        checkRopeNorm(cuda, bound, cases, failures);
        std::printf("%d cases, %d failed\n", cases, failures);
        return failures ? 1 : 0;
    }

    std::printf("%-18s %-22s %5s %3s %4s %4s %10s %10s %10s\n", "family", "linear", "out", "in/g", "M", "act",
                "rel err", "max rel", "dense16");
    for (const tools::Shape& s : tools::familyShapes()) {
        for (int64_t g : {32, 64, 128}) {
            if (!w4a16Supports(s.out, s.in, g)) continue;
            if (quick && g != 128 && s.family != "edge") continue;
            tools::AwqTensors a = tools::randomAwq(s.out, s.in, g, cuda);
            QuantizedWeight qw = packW4A16(a.qweight, a.qzeros, a.scales, g);
            at::Tensor wf = dequantizeAwqGemm(a.qweight, a.qzeros, a.scales, g, at::kFloat);  // [N, K]

            // The dequantize kernel (prefill path) against the reference, bit for bit.
            for (at::ScalarType t : {at::kBFloat16, at::kHalf, at::kFloat}) {
                const double diff = (dequantizeW4A16(qw, t).to(at::kFloat) - wf.to(t).to(at::kFloat)).abs().max().item<double>();
                ++cases;
                if (diff != 0) {
                    ++failures;
                    std::printf("FAIL dequantize %s %lldx%lld g%lld %s: max |diff| %g\n", s.name.c_str(), (long long)s.out,
                                (long long)s.in, (long long)g, dtypeName(t), diff);
                }
            }
            // A bias on every other shape (attention/MLP biases exist in some families).
            at::Tensor bias = (s.out % 32 == 0) ? at::randn({s.out}, at::TensorOptions().device(cuda)) : at::Tensor();
            for (int64_t m : rows) {
                for (at::ScalarType t : {at::kBFloat16, at::kHalf}) {
                    if (t == at::kHalf && g != 128 && m != 1 && m != 16) continue;
                    at::Tensor x = at::randn({m, s.in}, at::TensorOptions().device(cuda)).to(t);
                    at::Tensor b = bias.defined() ? bias.to(t) : bias;
                    at::Tensor y = w4a16Linear(x, qw, b);
                    at::Tensor ref = at::linear(x.to(at::kFloat), wf, b.defined() ? b.to(at::kFloat) : b);
                    Errors e = compare(y, ref);
                    Errors dense = compare(at::linear(x, wf.to(t), b), ref);
                    const bool ok = e.rel <= bound && y.size(0) == m && y.size(1) == s.out;
                    ++cases;
                    failures += !ok;
                    const std::string key = s.family + (m <= kW4A16DecodeMaxRows ? " decode" : " prefill");
                    worst[key] = std::max(worst[key], e.rel);
                    worstDense[key] = std::max(worstDense[key], dense.rel);
                    if (!ok || m == 1 || m == 16 || m == 512)
                        std::printf("%-18s %-22s %5lld %4lld/%-3lld %4lld %4s %10.2e %10.2e %10.2e%s\n", s.family.c_str(),
                                    s.name.c_str(), (long long)s.out, (long long)s.in, (long long)g, (long long)m,
                                    dtypeName(t), e.rel, e.maxRel, dense.rel, ok ? "" : "  FAIL");
                }
            }
        }
    }

    // Every launch configuration of the decode kernel (split K inside blocks and through the
    // workspace, several warps per block, both unrolls), twice in a row (the workspace must come
    // back clean).
    std::printf("\nlaunch configurations (warps/block, warps/tile, split K, unroll, prefetch ahead, ring slots):\n");
    const bool ring = medawq::cuda::defaultRing() > 0;
    for (const auto& shape : std::vector<std::pair<int64_t, int64_t>>{{1000, 4096}, {4096, 2560}, {40, 320}}) {
        for (int64_t g : {32, 128}) {
            if (!w4a16Supports(shape.first, shape.second, g)) continue;
            tools::AwqTensors a = tools::randomAwq(shape.first, shape.second, g, cuda);
            QuantizedWeight qw = packW4A16(a.qweight, a.qzeros, a.scales, g);
            at::Tensor wf = dequantizeAwqGemm(a.qweight, a.qzeros, a.scales, g, at::kFloat);
            at::Tensor bias = at::randn({shape.first}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
            double worstCfg = 0;
            int configs = 0;
            for (int64_t m : {1, 5, 16})
                for (int w : {1, 4, 8})
                    for (int ks : {1, 2, 4, 8})
                        for (int split : {1, 2, 3, 7, 64})
                            for (int u : {4, 8}) {
                                at::Tensor x = at::randn({m, shape.second}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
                                at::Tensor ref = at::linear(x.to(at::kFloat), wf, bias.to(at::kFloat));
                                ++configs;
                                for (int rep = 0; rep < 2; ++rep) {
                                    GemvLaunch launch;
                                    launch.warpsPerBlock = w, launch.warpsPerTile = ks, launch.splitK = split, launch.unroll = u;
                                    launch.prefetchAhead = configs % 4;  // the rolling L2 prefetch: off, 1-3 ahead
                                    // The bulk-copy ring (off, 2, 3 slots) once MEDAWQ_GEMV_RING asks for it.
                                    launch.ring = ring ? ((configs / 4) % 3 == 0 ? 0 : 1 + (configs / 4) % 3) : 0;
                                    Errors e = compare(w4a16::decodeWith(x, qw, bias, launch), ref);
                                    worstCfg = std::max(worstCfg, e.rel);
                                    ++cases;
                                    if (!(e.rel <= bound)) {
                                        ++failures;
                                        std::printf("FAIL %lldx%lld g%lld M%lld w%d k%d s%d u%d p%d r%d rep %d: rel %.2e\n",
                                                    (long long)shape.first, (long long)shape.second, (long long)g,
                                                    (long long)m, w, ks, split, u, launch.prefetchAhead, launch.ring, rep,
                                                    e.rel);
                                    }
                                }
                            }
            std::printf("  %lldx%lld g%lld: worst rel err %.2e over %d configurations x 2 calls\n",
                        (long long)shape.first, (long long)shape.second, (long long)g, worstCfg, configs);
        }
    }

    // The dense decode GEMV: every family shape plus the lm_heads (Mistral's 32000 rows, Gemma
    // 3's 262208) and odd N (padded last tile), then every launch configuration twice.
    std::printf("\ndense decode GEMV (16-bit weights):\n");
    std::vector<tools::Shape> denseShapes = tools::familyShapes();
    denseShapes.push_back({"lm_head", "Mistral-7B", 32000, 4096});
    denseShapes.push_back({"lm_head", "Gemma3-4B", 262208, 2560});
    denseShapes.push_back({"edge", "N=3", 3, 64});
    std::map<std::string, double> worstGemv, worstCublas;
    for (const tools::Shape& s : denseShapes) {
        for (at::ScalarType t : {at::kBFloat16, at::kHalf}) {
            at::Tensor w = (at::randn({s.out, s.in}, at::TensorOptions().device(cuda)) * 0.02).to(t);
            at::Tensor wf = w.to(at::kFloat);
            at::Tensor bias = (s.out % 32 == 0) ? at::randn({s.out}, at::TensorOptions().device(cuda)).to(t) : at::Tensor();
            for (int64_t m : {1, 2, 8, 9, 16}) {
                at::Tensor x = at::randn({m, s.in}, at::TensorOptions().device(cuda)).to(t);
                const bool takes = denseDecodeTakes(x, w);
                at::Tensor y = dense_gemv::decodeWith(x, w, bias, {});
                at::Tensor ref = at::linear(x.to(at::kFloat), wf, bias.defined() ? bias.to(at::kFloat) : bias);
                Errors e = compare(y, ref), cublas = compare(at::linear(x, w, bias), ref);
                const bool ok = takes && e.rel <= bound && y.size(0) == m && y.size(1) == s.out;
                ++cases;
                failures += !ok;
                worstGemv[s.family] = std::max(worstGemv[s.family], e.rel);
                worstCublas[s.family] = std::max(worstCublas[s.family], cublas.rel);
                if (!ok || (m == 1 && t == at::kBFloat16))
                    std::printf("%-18s %-22s %6lld %5lld %4lld %4s %10.2e %10.2e %10.2e  %s%s\n", s.family.c_str(),
                                s.name.c_str(), (long long)s.out, (long long)s.in, (long long)m, dtypeName(t), e.rel,
                                e.maxRel, cublas.rel, dense_gemv::describeDefault(s.out, s.in, m).c_str(),
                                ok ? "" : (takes ? "  FAIL" : "  FAIL (not taken)"));
            }
        }
    }
    for (const auto& shape : std::vector<std::pair<int64_t, int64_t>>{{1000, 4096}, {4096, 2560}, {40, 320}}) {
        at::Tensor w = (at::randn({shape.first, shape.second}, at::TensorOptions().device(cuda)) * 0.02).to(at::kBFloat16);
        at::Tensor bias = at::randn({shape.first}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
        double worstCfg = 0;
        int configs = 0;
        for (int64_t m : {1, 5, 16})
            for (int wpb : {1, 4, 8})
                for (int ks : {1, 2, 8})
                    for (int split : {1, 2, 3, 7, 64})
                        for (int u : {2, 4}) {
                            at::Tensor x = at::randn({m, shape.second}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
                            at::Tensor ref = at::linear(x.to(at::kFloat), w.to(at::kFloat), bias.to(at::kFloat));
                            ++configs;
                            for (int rep = 0; rep < 2; ++rep) {
                                GemvLaunch launch;
                                launch.warpsPerBlock = wpb, launch.warpsPerTile = ks, launch.splitK = split, launch.unroll = u;
                                launch.prefetchAhead = configs % 4;
                                Errors e = compare(dense_gemv::decodeWith(x, w, bias, launch), ref);
                                worstCfg = std::max(worstCfg, e.rel);
                                ++cases;
                                if (!(e.rel <= bound)) {
                                    ++failures;
                                    std::printf("FAIL dense %lldx%lld M%lld w%d k%d s%d u%d p%d rep %d: rel %.2e\n",
                                                (long long)shape.first, (long long)shape.second, (long long)m, wpb, ks,
                                                split, u, launch.prefetchAhead, rep, e.rel);
                                }
                            }
                        }
        std::printf("  dense %lldx%lld: worst rel err %.2e over %d configurations x 2 calls\n", (long long)shape.first,
                    (long long)shape.second, worstCfg, configs);
    }
    // The gated epilogue: an interleaved gate|up (W4A16 and dense) returns act(gate) * up, against
    // gate and up in fp32 rounded to the 16-bit type, the activation in fp32. Default launch,
    // in-block and over-block splits, all three activations, twice (clean workspace).
    std::printf("\ngated gate|up epilogue:\n");
    for (const auto& shape : std::vector<std::pair<int64_t, int64_t>>{{14336, 4096}, {10240, 2560}, {48, 384}}) {
        const int64_t half = shape.first, k = shape.second;
        const auto [packed, wg, wu, dense, denseG, denseU, bias] = randomGateUp(half, k, cuda);
        const auto [bg, bu] = splitGateUp(bias.to(at::kFloat));
        double worstGated = 0;
        int configs = 0;
        for (int act : {0, 1, 2})
            for (int64_t m : {1, 5, 16})
                for (const auto& [ks, split] : std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {8, 1}, {2, 3}}) {
                    at::Tensor x = at::randn({m, k}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
                    auto reference = [&](const at::Tensor& g, const at::Tensor& u) {
                        const at::Tensor gr = g.to(at::kBFloat16).to(at::kFloat), ur = u.to(at::kBFloat16).to(at::kFloat);
                        const at::Tensor a = act == 0 ? at::silu(gr) : act == 1 ? at::gelu(gr) : at::gelu(gr, "tanh");
                        return a * ur;
                    };
                    const at::Tensor xf = x.to(at::kFloat);
                    const at::Tensor refPacked = reference(at::linear(xf, wg, bg), at::linear(xf, wu, bu));
                    const at::Tensor refDense = reference(at::linear(xf, denseG, bg), at::linear(xf, denseU, bu));
                    ++configs;
                    for (int rep = 0; rep < 2; ++rep) {
                        GemvLaunch launch;
                        launch.warpsPerTile = ks, launch.splitK = split, launch.activation = act;
                        const at::Tensor yp = w4a16::decodeWith(x, packed, bias, launch);
                        const at::Tensor yd = dense_gemv::decodeWith(x, dense, bias, launch);
                        for (const auto& [name, y, ref] : {std::tuple<const char*, at::Tensor, at::Tensor>{"W4A16", yp, refPacked},
                                                           {"dense", yd, refDense}}) {
                            const Errors e = compare(y, ref);
                            const bool ok = y.size(0) == m && y.size(1) == half && e.rel <= bound;
                            worstGated = std::max(worstGated, e.rel);
                            ++cases;
                            if (!ok) {
                                ++failures;
                                std::printf("FAIL gated %s %lldx%lld act %d M%lld k%d s%d rep %d: rel %.2e\n", name,
                                            (long long)half, (long long)k, act, (long long)m, ks, split, rep, e.rel);
                            }
                        }
                    }
                }
        std::printf("  gate|up 2x%lldx%lld: worst rel err %.2e over %d configurations x 2 calls x 2 kernels\n",
                    (long long)half, (long long)k, worstGated, configs);
    }

    checkAttention(cuda, bound, cases, failures);
    checkRopeNorm(cuda, bound, cases, failures);
    checkFusedNorm(cuda, bound, cases, failures);

    std::printf("\ndense decode GEMV, worst relative error per family (kernel | cuBLAS at::linear, same inputs):\n");
    for (const auto& [key, v] : worstGemv) std::printf("  %-28s %.2e | %.2e\n", key.c_str(), v, worstCublas[key]);

    std::printf("\nW4A16, worst relative error per family (kernel | 16-bit dense at::linear, same inputs):\n");
    for (const auto& [key, v] : worst) std::printf("  %-28s %.2e | %.2e\n", key.c_str(), v, worstDense[key]);
    std::printf("%d cases, %d failed (bound %.0e)\n", cases, failures, bound);
    return failures ? 1 : 0;
}
