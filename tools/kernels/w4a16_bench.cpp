// w4a16_bench: bandwidth of the W4A16 decode kernel against cuBLAS bf16 (at::linear on the
// dense weight) and PyTorch's int4 tinygemm (at::_weight_int4pack_mm, group 128), M = 1 and 16.
// A benchmark, not a test.
//
//   build-gpu/tools/kernels/w4a16_bench [--sweep] [--reps N] [--only TEXT]
//
// Method: each measurement captures `reps` (default 20) back-to-back calls in one CUDA graph
// (no launch gaps from the host), replays it 3 times to warm up, then times 25 replays with CUDA
// events and reports the median per call. The calls rotate over several copies of the weights
// (at least 256 MB in all, over 5x the 50 MB L2) so every call streams its weights from HBM.
// GB/s counts the weight bytes each kernel must read (ours: 4-bit codes + fp16 scales + 8-bit
// zeros; cuBLAS: bf16 weights; tinygemm: 4-bit codes + bf16 scales and zeros); activations and
// outputs are left out (at most 0.6 % of the bytes here). "% peak" is of the GPU's data-sheet
// bandwidth (3.35 TB/s H100 SXM, 4.8 TB/s H200). "ours bf16" is the dense decode GEMV
// (kernels/dense_gemv.h) on the same bf16 weights as cuBLAS. Each shape is also timed with the
// weights through register stages (with and without the rolling L2 prefetch 2 ahead) and, W4A16
// only, through the bulk-copy ring of 2, 3, 4 and 6 slots (DecodeConfig; with MEDAWQ_GEMV_RING
// set). --sweep also times every launch configuration of our kernels.
#include "common.h"

#include "kernels/decode_step.h"
#include "kernels/dense_gemv.h"
#include "kernels/w4a16.h"
#include "kernels/w4a16_kernels.h"

#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace medawq;

namespace {

double kPeakGBs = 3350.0;
int gReps = 20;

// Median microseconds per call of body(copy).
double timeCalls(int copies, const std::function<void(int)>& body) {
    c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool();
    c10::cuda::CUDAStreamGuard guard(stream);
    for (int i = 0; i < copies; ++i) body(i);  // allocations, handles, workspaces: outside the capture
    stream.synchronize();
    at::cuda::CUDAGraph graph;
    graph.capture_begin();
    for (int i = 0; i < gReps; ++i) body(i % copies);
    graph.capture_end();
    for (int i = 0; i < 3; ++i) graph.replay();
    cudaEvent_t start, stop;
    cudaEventCreate(&start);
    cudaEventCreate(&stop);
    std::vector<double> us;
    for (int trial = 0; trial < 25; ++trial) {
        cudaEventRecord(start, stream.stream());
        graph.replay();
        cudaEventRecord(stop, stream.stream());
        cudaEventSynchronize(stop);
        float ms = 0;
        cudaEventElapsedTime(&ms, start, stop);
        us.push_back(ms * 1000.0 / gReps);
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    std::sort(us.begin(), us.end());
    return us[us.size() / 2];
}

int copiesFor(double bytes) { return std::max(2, int(256e6 / bytes + 0.999)); }

struct Row {
    double us = 0, gbs = 0;
};
Row row(double us, double bytes) { return {us, bytes / us / 1e3}; }
std::string cell(const Row& r) {
    if (r.us <= 0) return "n/a | n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f | %.0f (%.0f%%)", r.us, r.gbs, 100.0 * r.gbs / kPeakGBs);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    bool sweep = false;
    const char* only = nullptr;  // --only TEXT: the shapes whose name contains TEXT (e.g. for a profiler)
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--sweep") == 0) sweep = true;
        else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
        else if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) gReps = std::max(1, std::atoi(argv[++i]));
    }
    if (!at::hasCUDA() || !w4a16KernelsBuilt()) {
        std::printf("needs a GPU and a build with the CUDA kernels\n");
        return 1;
    }
    at::manual_seed(7);
    const at::Device cuda(at::kCUDA, 0);
    cudaDeviceProp prop;
    cudaGetDeviceProperties(&prop, 0);
    if (std::strstr(prop.name, "H200")) kPeakGBs = 4800.0;
    std::printf("device: %s, %d SMs, L2 %d MB, peak %.0f GB/s (data sheet); libtorch %s; %d calls per graph, median of "
                "25 replays\n\n",
                prop.name, prop.multiProcessorCount, prop.l2CacheSize >> 20, kPeakGBs, TORCH_VERSION, gReps);

    struct Case {
        const char* name;
        int64_t out, in;
    };
    const std::vector<Case> cases = {{"4096x4096 (q, o)", 4096, 4096},
                                     {"32000x4096 (lm_head)", 32000, 4096},
                                     {"28672x4096 (gate+up)", 28672, 4096},
                                     {"4096x14336 (down)", 4096, 14336},
                                     {"6144x4096 (qkv)", 6144, 4096}};
    const int64_t g = 128;
    std::printf("| weight (out x in), g128 | M | ours W4A16: us | GB/s (%% of peak) | ours bf16: us | GB/s (%%) | "
                "cuBLAS bf16: us | GB/s (%%) | tinygemm int4: us | GB/s (%%) | ours M=16 / M=1 (W4A16, bf16) | config |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    std::vector<std::string> sweepLines, gatedLines, streamLines;
    for (const Case& c : cases) {
        if (only && !std::strstr(c.name, only)) continue;
        const int64_t n = c.out, k = c.in, groups = k / g;
        const double oursBytes = double(n) * k / 2 + double(groups) * n * 3;
        const double denseBytes = double(n) * k * 2;
        const double tinyBytes = double(n) * k / 2 + double(groups) * n * 4;
        std::vector<QuantizedWeight> ours;
        for (int i = 0, copies = copiesFor(oursBytes); i < copies; ++i) {
            tools::AwqTensors a = tools::randomAwq(n, k, g, cuda);
            ours.push_back(packW4A16(a.qweight, a.qzeros, a.scales, g));
        }
        std::vector<at::Tensor> dense;
        for (int i = 0, copies = copiesFor(denseBytes); i < copies; ++i)
            dense.push_back((at::randn({n, k}, at::TensorOptions().device(cuda)) * 0.02).to(at::kBFloat16));
        std::vector<std::pair<at::Tensor, at::Tensor>> tiny;
#if TORCH_VERSION_MAJOR >= 2
        try {
            for (int i = 0, copies = copiesFor(tinyBytes); i < copies; ++i) {
                at::Tensor codes = at::randint(0, 256, {n, k / 2}, at::TensorOptions().dtype(at::kByte).device(cuda));
                at::Tensor sz = (at::rand({groups, n, 2}, at::TensorOptions().device(cuda)) * 0.02 + 0.002).to(at::kBFloat16);
                tiny.emplace_back(at::_convert_weight_to_int4pack(codes, 8), sz);
            }
        } catch (const std::exception& e) {
            std::printf("(tinygemm unavailable: %s)\n", e.what());
            tiny.clear();
        }
#endif
        double oursM1 = 0, denseM1 = 0;
        for (int64_t m : {1, 16}) {
            at::Tensor x = at::randn({m, k}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
            const at::Tensor none;
            Row r = row(timeCalls(int(ours.size()), [&](int i) { w4a16Linear(x, ours[size_t(i)], none); }), oursBytes);
            Row rd = row(timeCalls(int(dense.size()), [&](int i) { dense_gemv::decodeWith(x, dense[size_t(i)], none, {}); }),
                         denseBytes);
            Row rb = row(timeCalls(int(dense.size()), [&](int i) { at::linear(x, dense[size_t(i)]); }), denseBytes);
            Row rt;
#if TORCH_VERSION_MAJOR >= 2
            if (!tiny.empty()) {
                try {
                    rt = row(timeCalls(int(tiny.size()),
                                       [&](int i) {
                                           at::_weight_int4pack_mm(x, tiny[size_t(i)].first, g, tiny[size_t(i)].second);
                                       }),
                             tinyBytes);
                } catch (const std::exception& e) {
                    std::printf("(tinygemm failed: %s)\n", e.what());
                }
            }
#endif
            if (n == 28672) {  // the same call with the gated epilogue (the weights read as an interleaved gate|up)
                GemvLaunch gated;
                gated.activation = 0;
                Row rg = row(timeCalls(int(ours.size()), [&](int i) { w4a16::decodeWith(x, ours[size_t(i)], none, gated); }),
                             oursBytes);
                Row rgd = row(timeCalls(int(dense.size()), [&](int i) { dense_gemv::decodeWith(x, dense[size_t(i)], none, gated); }),
                              denseBytes);
                char line[160];
                std::snprintf(line, sizeof line, "%s M=%lld with the SiLU epilogue: W4A16 %.2f us, bf16 %.2f us", c.name,
                              (long long)m, rg.us, rgd.us);
                gatedLines.push_back(line);
            }
            {  // How the weights stream: register stages (r0; p2: with the rolling L2 prefetch 2
               // ahead) or, W4A16 only, the bulk-copy ring of 2..6 slots (DecodeConfig).
                std::string line = std::string(c.name) + " M=" + std::to_string(m) + " stream (W4A16 | bf16 us):";
                const std::pair<int, int> ways[] = {{0, 0}, {2, 0}, {0, 2}, {0, 3}, {0, 4}, {0, 6}};
                for (const auto& [ahead, ring] : ways) {
                    if (ring > 0 && medawq::cuda::defaultRing() == 0) continue;  // the ring once MEDAWQ_GEMV_RING asks for it
                    GemvLaunch launch;
                    launch.prefetchAhead = ahead, launch.ring = ring;
                    const double q = timeCalls(int(ours.size()), [&](int i) { w4a16::decodeWith(x, ours[size_t(i)], none, launch); });
                    char cellText[48];
                    if (ring > 0) {  // the dense GEMV has no ring
                        std::snprintf(cellText, sizeof cellText, "  r%d: %.2f", ring, q);
                    } else {
                        const double b = timeCalls(int(dense.size()),
                                                   [&](int i) { dense_gemv::decodeWith(x, dense[size_t(i)], none, launch); });
                        std::snprintf(cellText, sizeof cellText, "  %s%d: %.2f | %.2f", ahead ? "p" : "r", ahead, q, b);
                    }
                    line += cellText;
                }
                streamLines.push_back(line);
            }
            if (m == 1) oursM1 = r.us, denseM1 = rd.us;
            char ratio[48] = "";
            if (m == 16) std::snprintf(ratio, sizeof ratio, "%.2fx, %.2fx", r.us / oursM1, rd.us / denseM1);
            std::printf("| %s | %lld | %s | %s | %s | %s | %s | %s; bf16 %s |\n", c.name, (long long)m, cell(r).c_str(),
                        cell(rd).c_str(), cell(rb).c_str(), cell(rt).c_str(), ratio,
                        w4a16::describeDefault(n, k, g, m).c_str(), dense_gemv::describeDefault(n, k, m).c_str());
            std::fflush(stdout);
            if (sweep) {
                // Warps per block x warps per tile (in-block split) x split over blocks.
                for (int w : {4, 8})
                    for (int ks : {1, 2, 4, 8})
                        for (int split : {1, 2, 4, 8})
                            for (int u : {4, 8}) {
                                if (ks > w) continue;
                                GemvLaunch launch;
                                launch.warpsPerBlock = w, launch.warpsPerTile = ks, launch.splitK = split, launch.unroll = u;
                                Row rs = row(timeCalls(int(ours.size()),
                                                       [&](int i) { w4a16::decodeWith(x, ours[size_t(i)], none, launch); }),
                                             oursBytes);
                                char line[160];
                                std::snprintf(line, sizeof line, "%s M=%lld w%d k%d s%d u%d: %.2f us, %.0f GB/s", c.name,
                                              (long long)m, w, ks, split, u, rs.us, rs.gbs);
                                sweepLines.push_back(line);
                            }
                for (int w : {4, 8})
                    for (int ks : {1, 2, 4, 8})
                        for (int split : {1, 2, 4, 8})
                            for (int u : {2, 4}) {
                                if (ks > w) continue;
                                GemvLaunch launch;
                                launch.warpsPerBlock = w, launch.warpsPerTile = ks, launch.splitK = split, launch.unroll = u;
                                Row rs = row(timeCalls(int(dense.size()),
                                                       [&](int i) { dense_gemv::decodeWith(x, dense[size_t(i)], none, launch); }),
                                             denseBytes);
                                char line[160];
                                std::snprintf(line, sizeof line, "%s M=%lld bf16 w%d k%d s%d u%d: %.2f us, %.0f GB/s",
                                              c.name, (long long)m, w, ks, split, u, rs.us, rs.gbs);
                                sweepLines.push_back(line);
                            }
            }
        }
    }

    for (const std::string& l : gatedLines) std::printf("%s\n", l.c_str());
    for (const std::string& l : streamLines) std::printf("%s\n", l.c_str());

    // The decode attention kernel alone (bf16; its rows' bytes per call).
    std::printf("\ndecode attention alone (bf16, KV rows read per call):\n");
    struct AttnCase {
        const char* name;
        int64_t heads, kvHeads, dim, capacity, pos;
    };
    for (const AttnCase& a : std::vector<AttnCase>{{"Mistral-7B, 577 rows", 32, 8, 128, 768, 576},
                                                   {"Mistral-7B, 4096 rows", 32, 8, 128, 4096, 4095},
                                                   {"Gemma3-4B global, 577 rows", 8, 4, 256, 768, 576}}) {
        auto opts = at::TensorOptions().device(cuda).dtype(at::kBFloat16);
        const double bytes = 2.0 * a.kvHeads * (a.pos + 1) * a.dim * 2;
        std::vector<std::pair<at::Tensor, at::Tensor>> kv;
        for (int i = 0, copies = copiesFor(bytes); i < copies; ++i)
            kv.emplace_back(at::randn({1, a.kvHeads, a.capacity, a.dim}, opts), at::randn({1, a.kvHeads, a.capacity, a.dim}, opts));
        const at::Tensor q = at::randn({a.heads * a.dim}, opts);
        const at::Tensor pos = at::full({1}, a.pos, at::TensorOptions().dtype(at::kLong).device(cuda));
        at::Tensor ws = decodeAttentionWorkspace(a.heads, a.dim, a.capacity, cuda);
        const Row r = row(timeCalls(int(kv.size()), [&](int i) {
                              decodeAttention(q, kv[size_t(i)].first, kv[size_t(i)].second, pos, a.heads, 0,
                                              1.0 / std::sqrt(double(a.dim)), 0, ws);
                          }),
                          bytes);
        std::printf("  %-28s %6.2f us, %5.0f GB/s\n", a.name, r.us, r.gbs);
    }

    // Prefill path: the dequantize kernel alone (reads 4-bit, writes bf16), and dequantize +
    // cuBLAS against cuBLAS on a resident dense weight, for 512 and 2048 rows.
    std::printf("\nprefill path, 28672x4096 g128:\n");
    {
        const int64_t n = 28672, k = 4096;
        std::vector<QuantizedWeight> ours;
        for (int i = 0; i < 3; ++i) {
            tools::AwqTensors a = tools::randomAwq(n, k, g, cuda);
            ours.push_back(packW4A16(a.qweight, a.qzeros, a.scales, g));
        }
        const double us = timeCalls(3, [&](int i) { dequantizeW4A16(ours[size_t(i)], at::kBFloat16); });
        const double bytes = double(n) * k * 2.5 + double(k / g) * n * 3;
        std::printf("  dequantize to bf16: %.1f us, %.0f GB/s read+write (%.0f%% of peak)\n", us, bytes / us / 1e3,
                    100.0 * bytes / us / 1e3 / kPeakGBs);
        at::Tensor w = (at::randn({n, k}, at::TensorOptions().device(cuda)) * 0.02).to(at::kBFloat16);
        for (int64_t m : {512, 2048}) {
            at::Tensor x = at::randn({m, k}, at::TensorOptions().device(cuda)).to(at::kBFloat16);
            const at::Tensor none;
            const double tq = timeCalls(3, [&](int i) { w4a16Linear(x, ours[size_t(i)], none); });
            const double td = timeCalls(1, [&](int) { at::linear(x, w); });
            const double flops = 2.0 * m * n * k;
            std::printf("  M=%lld: dequantize + cuBLAS %.1f us (%.0f TFLOP/s), cuBLAS alone on bf16 %.1f us (%.0f TFLOP/s)\n",
                        (long long)m, tq, flops / tq / 1e6, td, flops / td / 1e6);
        }
    }
    if (sweep) {
        std::printf("\nsweep (warps per block, warps per tile, split K over blocks, unroll):\n");
        for (const std::string& l : sweepLines) std::printf("  %s\n", l.c_str());
    }
    return 0;
}
