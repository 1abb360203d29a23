// Where the decode step's attention time goes (issue #7): the traced Mistral-7B AWQ step charges
// the attention kernel ~20 us per layer (BENCHMARKS.md, "Session 6") although it reads about
// 1.5 MB of cache. This probe times the step's kernels as CUDA graphs, alone and chained as in a
// layer (add+RMSNorm, qkv GEMV, RoPE + KV append, attention, o GEMV; bf16, dense GEMVs, one set
// of weights per layer so nothing stays in L2), so the attention's own time and its marginal
// cost in the chain can be told apart. Torch-free: it links the kernels' .cu files only, so it
// is built here with nvcc (cudart static) and run on the GPU box without building the core:
//   nvcc -std=c++17 -O3 -arch=sm_90 -I core tools/kernels/decode_chain_probe.cu \
//        core/kernels/decode_step_kernels.cu core/kernels/dense_gemv_kernels.cu core/kernels/w4a16_kernels.cu -o probe
//   ./probe; MEDAWQ_ATTN_BATCHED_LOADS=1 ./probe; MEDAWQ_ATTN_EARLY_LAUNCH=0 ./probe; MEDAWQ_PDL=0 ./probe
// (tests/gpu/decode_speed.sh PARTS=probe does all of this).
// A benchmark, not a test: it prints microseconds and checks nothing.
#include "kernels/decode_step_kernels.h"
#include "kernels/dense_gemv_kernels.h"

#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace medawq::cuda;

namespace {

void check(cudaError_t e, const char* what) {
    if (e != cudaSuccess) {
        std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(e));
        std::exit(1);
    }
}

__global__ void fillKernel(__nv_bfloat16* p, size_t n, uint32_t seed, float scale) {
    for (size_t i = blockIdx.x * size_t(blockDim.x) + threadIdx.x; i < n; i += size_t(gridDim.x) * blockDim.x) {
        uint32_t h = uint32_t(i) * 2654435761u ^ seed;
        h ^= h >> 15, h *= 2246822519u, h ^= h >> 13;
        p[i] = __float2bfloat16((float(h & 0xffff) / 65535.f - 0.5f) * scale);
    }
}

__nv_bfloat16* randomBf16(size_t n, uint32_t seed, float scale) {
    __nv_bfloat16* p = nullptr;
    check(cudaMalloc(&p, n * sizeof(*p)), "cudaMalloc");
    fillKernel<<<1024, 256>>>(p, n, seed, scale);
    return p;
}

template <typename T>
T* zeros(size_t n) {
    T* p = nullptr;
    check(cudaMalloc(&p, n * sizeof(T)), "cudaMalloc");
    check(cudaMemset(p, 0, n * sizeof(T)), "cudaMemset");
    return p;
}

// Microseconds per replay of `body` captured once into a graph (mean over 50 replays after 5).
double graphMicros(cudaStream_t s, const std::function<void()>& body) {
    body();  // outside capture first: lazy function attributes, and a check that it runs
    check(cudaStreamSynchronize(s), "eager run");
    cudaGraph_t graph;
    cudaGraphExec_t exec;
    check(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal), "begin capture");
    body();
    check(cudaStreamEndCapture(s, &graph), "end capture");
    check(cudaGraphInstantiate(&exec, graph, 0), "instantiate");
    for (int i = 0; i < 5; ++i) check(cudaGraphLaunch(exec, s), "replay");
    cudaEvent_t a, b;
    cudaEventCreate(&a), cudaEventCreate(&b);
    const int reps = 50;
    cudaEventRecord(a, s);
    for (int i = 0; i < reps; ++i) check(cudaGraphLaunch(exec, s), "replay");
    cudaEventRecord(b, s);
    check(cudaEventSynchronize(b), "sync");
    float ms = 0;
    cudaEventElapsedTime(&ms, a, b);
    cudaGraphExecDestroy(exec), cudaGraphDestroy(graph);
    cudaEventDestroy(a), cudaEventDestroy(b);
    return 1000.0 * ms / reps;
}

}  // namespace

int main() {
    const int layers = 32, hidden = 4096, heads = 32, kvHeads = 8, D = 128, qkvN = (heads + 2 * kvHeads) * D;
    const auto t = DType::BFloat16;
    cudaStream_t s;
    check(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), "stream");
    cudaDeviceProp prop;
    check(cudaGetDeviceProperties(&prop, 0), "properties");
    auto setting = [](const char* name) {
        const char* v = std::getenv(name);
        return v ? v : "(unset)";
    };
    std::printf("%s; MEDAWQ_PDL=%s MEDAWQ_ATTN_EARLY_LAUNCH=%s MEDAWQ_ATTN_BATCHED_LOADS=%s; Mistral-7B layer shapes, "
                "bf16, %d layers per graph\n",
                prop.name, setting("MEDAWQ_PDL"), setting("MEDAWQ_ATTN_EARLY_LAUNCH"),
                setting("MEDAWQ_ATTN_BATCHED_LOADS"), layers);

    std::vector<__nv_bfloat16*> wqkv, wo, norm;
    for (int l = 0; l < layers; ++l) {
        wqkv.push_back(randomBf16(size_t(qkvN) * hidden, 100 + l, 0.05f));
        wo.push_back(randomBf16(size_t(hidden) * hidden, 200 + l, 0.05f));
        norm.push_back(randomBf16(hidden, 300 + l, 2.f));
    }
    auto* residual = randomBf16(hidden, 1, 1.f);
    auto* h = zeros<__nv_bfloat16>(hidden);
    auto* x = zeros<__nv_bfloat16>(hidden);
    auto* qkv = zeros<__nv_bfloat16>(qkvN);
    auto* att = zeros<__nv_bfloat16>(hidden);
    float* wsQkv = zeros<float>(decodeWorkspaceFloats(qkvN));
    int* ctQkv = zeros<int>(decodeCounterInts(qkvN));
    float* wsO = zeros<float>(decodeWorkspaceFloats(hidden));
    int* ctO = zeros<int>(decodeCounterInts(hidden));
    const DecodeConfig cQkv = defaultDenseDecodeConfig(qkvN, hidden, 1), cO = defaultDenseDecodeConfig(hidden, hidden, 1);
    check(cudaDeviceSynchronize(), "fill");

    for (const int capacity : {768, 4096}) {
        std::vector<__nv_bfloat16*> keys, values;
        for (int l = 0; l < layers; ++l) {
            keys.push_back(randomBf16(size_t(kvHeads) * capacity * D, 400 + l, 2.f));
            values.push_back(randomBf16(size_t(kvHeads) * capacity * D, 500 + l, 2.f));
        }
        auto* cosT = randomBf16(size_t(capacity) * D, 7, 2.f);
        auto* sinT = randomBf16(size_t(capacity) * D, 8, 2.f);
        int64_t* pos = zeros<int64_t>(1);
        const int defaultSplits = decodeAttentionSplits(capacity);
        float* wsAtt = zeros<float>(decodeAttentionWorkspaceFloats(heads, D, 32));
        check(cudaDeviceSynchronize(), "fill");

        for (const int p : {63, capacity / 2 - 1, capacity - 1}) {
            const int64_t p64 = p;
            check(cudaMemcpy(pos, &p64, sizeof(p64), cudaMemcpyHostToDevice), "pos");
            auto attention = [&](int l, int splits) {
                decodeAttention(t, qkv, keys[l], values[l], pos, att, wsAtt, heads, kvHeads, D, capacity, 0,
                                0.08838835f, 0.f, splits, s);
            };
            auto layer = [&](int l, bool withAttention, int splits) {
                addRmsNorm(t, residual, h, norm[l], x, 1, hidden, 1e-5f, false, s);
                denseDecode(t, wqkv[l], qkvN, hidden, x, 1, nullptr, qkv, wsQkv, ctQkv, cQkv, kNoActivation, s);
                ropeAppend(t, qkv, qkv + heads * D, qkv + (heads + kvHeads) * D, cosT, sinT, pos, keys[l], values[l],
                           heads, kvHeads, D, capacity, s);
                if (withAttention) attention(l, splits);
                denseDecode(t, wo[l], hidden, hidden, withAttention ? att : qkv, 1, nullptr, h, wsO, ctO, cO,
                            kNoActivation, s);
            };
            std::printf("\ncapacity %d, position %d (%d rows), default splits %d; us per layer\n", capacity, p, p + 1,
                        defaultSplits);
            for (const int splits : {defaultSplits, 1, 4, 8, 16, 32}) {
                // The counters sit after the slices' partials, so they move with `splits`.
                check(cudaMemset(wsAtt, 0, sizeof(float) * decodeAttentionWorkspaceFloats(heads, D, 32)), "memset");
                const double alone = graphMicros(s, [&] { for (int l = 0; l < layers; ++l) attention(l, splits); });
                const double chain = graphMicros(s, [&] { for (int l = 0; l < layers; ++l) layer(l, true, splits); });
                std::printf("  splits %2d: attention alone %6.2f | layer chain %6.2f\n", splits, alone / layers,
                            chain / layers);
            }
            const double without = graphMicros(s, [&] { for (int l = 0; l < layers; ++l) layer(l, false, 0); });
            const double norms = graphMicros(s, [&] {
                for (int l = 0; l < layers; ++l) addRmsNorm(t, residual, h, norm[l], x, 1, hidden, 1e-5f, false, s);
            });
            const double ropes = graphMicros(s, [&] {
                for (int l = 0; l < layers; ++l)
                    ropeAppend(t, qkv, qkv + heads * D, qkv + (heads + kvHeads) * D, cosT, sinT, pos, keys[l],
                               values[l], heads, kvHeads, D, capacity, s);
            });
            const double qkvs = graphMicros(s, [&] {
                for (int l = 0; l < layers; ++l)
                    denseDecode(t, wqkv[l], qkvN, hidden, x, 1, nullptr, qkv, wsQkv, ctQkv, cQkv, kNoActivation, s);
            });
            const double os = graphMicros(s, [&] {
                for (int l = 0; l < layers; ++l)
                    denseDecode(t, wo[l], hidden, hidden, att, 1, nullptr, h, wsO, ctO, cO, kNoActivation, s);
            });
            std::printf("  layer chain without attention %6.2f | alone: norm %5.2f, qkv %5.2f, rope %5.2f, o %5.2f\n",
                        without / layers, norms / layers, qkvs / layers, ropes / layers, os / layers);
        }
        for (auto* b : keys) cudaFree(b);
        for (auto* b : values) cudaFree(b);
        cudaFree(cosT), cudaFree(sinT), cudaFree(pos), cudaFree(wsAtt);
    }
    check(cudaDeviceSynchronize(), "end");
    return 0;
}
