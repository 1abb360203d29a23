// The small kernels around the W4A16 GEMVs in one decode step (see decode_step_kernels.h).
// Each replaces a chain of 4-8 torch ops: inside a CUDA graph the launch cost is gone, but every
// kernel still costs a few microseconds of GPU time, and a 7B model runs 32 layers per token.
#include "kernels/decode_step_kernels.h"

#include "kernels/activation.cuh"
#include "kernels/engine_switch.h"
#include "kernels/pdl.cuh"
#include "kernels/rms_norm.cuh"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace medawq::cuda {
namespace {

__device__ __forceinline__ float warpSum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

// One row per block; thread t holds elements t, t + blockDim.x, ... (PER of them) in registers
// from load to store. The norm weight is read before waiting for the predecessor (it never
// changes), so the kernel's critical path is one read of the row, one block reduction and
// one write.
template <typename T, int PER>
__global__ void addRmsNormKernel(T* residual, const T* h, const T* weight, T* out, int hidden, float eps, bool onePlus) {
    allowSuccessorLaunch();
    float w[PER];
#pragma unroll
    for (int k = 0; k < PER; ++k) {
        const int i = threadIdx.x + k * blockDim.x;
        w[k] = i < hidden ? toF(weight[i]) : 0.f;
    }
    waitForPredecessor();
    T* r = residual + (size_t)blockIdx.x * hidden;
    const T* hr = h ? h + (size_t)blockIdx.x * hidden : nullptr;
    T* o = out + (size_t)blockIdx.x * hidden;
    float v[PER], sum = 0;
#pragma unroll
    for (int k = 0; k < PER; ++k) {
        const int i = threadIdx.x + k * blockDim.x;
        v[k] = i < hidden ? toF(r[i]) : 0.f;
        if (hr && i < hidden) v[k] = roundTo<T>(v[k] + toF(hr[i]));
    }
    if (hr) {
#pragma unroll
        for (int k = 0; k < PER; ++k) {
            const int i = threadIdx.x + k * blockDim.x;
            if (i < hidden) r[i] = fromF<T>(v[k]);
        }
    }
#pragma unroll
    for (int k = 0; k < PER; ++k) sum += v[k] * v[k];
    __shared__ float partial[32];
    sum = warpSum(sum);
    if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = sum;
    __syncthreads();
    if (threadIdx.x < 32) {
        float s = threadIdx.x < blockDim.x / 32 ? partial[threadIdx.x] : 0.f;
        s = warpSum(s);
        if (threadIdx.x == 0) partial[0] = s;
    }
    __syncthreads();
    const float inv = rsqrtf(partial[0] / float(hidden) + eps);
#pragma unroll
    for (int k = 0; k < PER; ++k) {
        const int i = threadIdx.x + k * blockDim.x;
        const float normed = v[k] * inv;
        if (i < hidden) o[i] = fromF<T>(normedValue<T>(v[k], inv, w[k], onePlus));
    }
}

// Blocks 0..heads-1 rotate q heads in place; blocks heads.. rotate a k head, then write it and
// the matching v head to the caches. Thread i handles the pair (i, i + D/2). With qNorm/kNorm
// (Gemma 3) the head is RMS-normalised first, in place of the separate per-head norm ops (about
// ten small torch kernels for q and ten for k per layer): the same steps as addRmsNormKernel
// over D values.
template <typename T>
__global__ void ropeAppendKernel(T* q, const T* k, const T* v, const T* cos, const T* sin, const int64_t* posPtr,
                                 T* keys, T* values, int heads, int headDim, int capacity, const T* qNorm,
                                 const T* kNorm, float eps, bool onePlus) {
    allowSuccessorLaunch();
    waitForPredecessor();
    const int64_t pos = *posPtr;
    const int half = headDim / 2, i = threadIdx.x;
    const T* c = cos + pos * headDim;
    const T* s = sin + pos * headDim;
    const bool isQ = blockIdx.x < heads;
    const int head = isQ ? blockIdx.x : blockIdx.x - heads;
    const T* x = isQ ? q + (size_t)head * headDim : k + (size_t)head * headDim;
    const T* norm = isQ ? qNorm : kNorm;
    float lo = i < half ? toF(x[i]) : 0.f, hi = i < half ? toF(x[i + half]) : 0.f;
    if (norm) {  // every thread takes part in the sum, also those past D/2
        const float inv = blockInvRms(lo * lo + hi * hi, headDim, eps);
        if (i < half) {
            lo = normedValue<T>(lo, inv, toF(norm[i]), onePlus);
            hi = normedValue<T>(hi, inv, toF(norm[i + half]), onePlus);
        }
    }
    if (i >= half) return;
    // x * cos + rotate_half(x) * sin with rotate_half(x) = (-hi, lo): each product rounded, then the sum.
    const float outLo = roundTo<T>(roundTo<T>(lo * toF(c[i])) + roundTo<T>(-hi * toF(s[i])));
    const float outHi = roundTo<T>(roundTo<T>(hi * toF(c[i + half])) + roundTo<T>(lo * toF(s[i + half])));
    if (isQ) {
        q[(size_t)head * headDim + i] = fromF<T>(outLo);
        q[(size_t)head * headDim + i + half] = fromF<T>(outHi);
        return;
    }
    const size_t row = ((size_t)head * capacity + pos) * headDim;
    keys[row + i] = fromF<T>(outLo);
    keys[row + i + half] = fromF<T>(outHi);
    values[row + i] = v[(size_t)head * headDim + i];
    values[row + i + half] = v[(size_t)head * headDim + i + half];
}

// One (KV head, sequence slice) per block of 4 warps, for all G query heads of that KV head
// (grouped-query attention: each key and value row is read once, not G times). The slice is
// walked in tiles of 32 rows, each step spread over the whole block so that every load of a
// tile is in flight at once: four threads score one row (interleaved 16-byte pieces of the key
// row, added with two shuffles), the tile's scores and probabilities go through shared memory,
// and each warp adds p * v for 8 of the tile's rows, lane l owning dims l, l + 32, ... (An
// earlier kernel walked the rows one after another per warp, 20 us per layer at 576 rows on the
// H200; one thread per row with a 128-row tile had too few blocks and a 96-step value loop, 38
// us: BENCHMARKS.md, "Session 6".) The warps' accumulators are added in shared memory and the
// block leaves its unnormalised output, running max and sum in the workspace; the last block
// of a KV head to finish (a counter per KV head, after the workspace) combines the slices.
//   Batched (MEDAWQ_ATTN_BATCHED_LOADS, the default since session 9: Mistral-7B AWQ decode
// 301.8 -> 313.3 tokens/s on the H100): a tile's key pieces and value rows are all loaded into registers before the first is
// used, so a tile costs one round trip to L2. (In the plain kernel's PTX at head_dim 128 the key
// loop is not unrolled and the value loop is unrolled by 2 with its loads under branches: about
// 8 dependent trips per tile.) Same arithmetic in the same order: the results are bit-identical.
constexpr int kAttnWarps = 4;
constexpr int kAttnTile = 32;             // rows per tile: 4 threads a row
constexpr int kAttnMaxGroupDims = 2048;   // G * head_dim: the warps' accumulators in shared memory
constexpr int kAttnMaxSplits = 32;        // slices of one KV head (the combine's weights)

template <typename T, int G, int E, bool Batched>
__global__ void __launch_bounds__(kAttnWarps * 32) attentionKernel(const T* q, const T* keys, const T* values,
                                                                    const int64_t* posPtr, float* ws, T* result, int heads,
                                                                    int kvHeads, int headDim, int capacity, int window,
                                                                    float scale, float softcap, int splits,
                                                                    bool earlyLaunch) {
    if (earlyLaunch) allowSuccessorLaunch();
    const int kvHead = blockIdx.x, split = blockIdx.y, tid = threadIdx.x;
    const int warp = tid / 32, lane = tid % 32;
    const int group = heads / kvHeads;
    // The position is set before the graph runs, so the slice is known before the wait: its key
    // and value rows (all but the newest, written by the predecessor) start towards L2 now.
    const int pos = int(*posPtr);
    const int from = window > 0 ? max(0, pos - window + 1) : 0;
    const int n = pos - from + 1;
    const int chunk = (n + splits - 1) / splits;
    const int begin = from + split * chunk, end = min(begin + chunk, pos + 1);
    const T* kb = keys + (size_t)kvHead * capacity * headDim;
    const T* vb = values + (size_t)kvHead * capacity * headDim;
    const int head0 = kvHead * group;
    if (tid == 0 && end > begin && (headDim * sizeof(T)) % 16 == 0) {
        const uint32_t bytes = uint32_t((end - begin) * headDim * sizeof(T));
        prefetchL2(kb + (size_t)begin * headDim, bytes);
        prefetchL2(vb + (size_t)begin * headDim, bytes);
    }
    waitForPredecessor();

    extern __shared__ float sm[];  // q [G][D]; p [G][tile]; warp maxima and sums [G][warps]; the warps' [G][D] sums
    float* qs = sm;
    float* pp = qs + G * headDim;
    float* red = pp + G * kAttnTile;
    float* parts = red + G * kAttnWarps;
    for (int i = tid; i < G * headDim; i += kAttnWarps * 32)
        qs[i] = i < group * headDim ? toF(q[(size_t)head0 * headDim + i]) : 0.f;
    __syncthreads();

    constexpr int V = 16 / sizeof(T);  // elements per 16-byte piece
    const bool vectors = (headDim * sizeof(T)) % 16 == 0;
    const int r = tid / 4, part = tid % 4;  // the row this thread scores, and its quarter
    float m[G], l[G], acc[G][E];
#pragma unroll
    for (int g = 0; g < G; ++g) {
        m[g] = -INFINITY, l[g] = 0.f;
#pragma unroll
        for (int e = 0; e < E; ++e) acc[g][e] = 0.f;
    }

    // Batched: this thread's key pieces (KP at most) and its warp's value rows (VR), in registers.
    constexpr int KP = Batched ? (32 * E * int(sizeof(T)) / 16 + 3) / 4 : 1;
    constexpr int VR = Batched ? kAttnTile / kAttnWarps : 1;
    for (int tile = begin; tile < end; tile += kAttnTile) {
        const int rows = min(kAttnTile, end - tile);
        float sc[G];
#pragma unroll
        for (int g = 0; g < G; ++g) sc[g] = 0.f;
        T vx[VR][E];
        if constexpr (Batched) {
            // Every load of the tile first (keys and values do not depend on the scores), none
            // under a branch: rows past the tile and dims past head_dim read a valid address
            // (the tile's last row, dim 0); such rows are skipped below, and such dims' sums
            // are never stored.
            uint4 kw[KP];
            const T* kr = kb + (size_t)(tile + min(r, rows - 1)) * headDim;
#pragma unroll
            for (int p = 0; p < KP; ++p) {
                const int c = (part + 4 * p) * V;
                if (vectors) kw[p] = __ldg(reinterpret_cast<const uint4*>(kr + (c < headDim ? c : 0)));
            }
#pragma unroll
            for (int i = 0; i < VR; ++i) {
                const T* vr = vb + (size_t)(tile + min(warp + i * kAttnWarps, rows - 1)) * headDim;
#pragma unroll
                for (int e = 0; e < E; ++e) {
                    const int d = lane + 32 * e;
                    vx[i][e] = vr[d < headDim ? d : 0];
                }
            }
            if (vectors && r < rows) {
#pragma unroll
                for (int p = 0; p < KP; ++p) {
                    const int c = (part + 4 * p) * V;
                    if (c >= headDim) break;
                    const T* e = reinterpret_cast<const T*>(&kw[p]);
#pragma unroll
                    for (int j = 0; j < V; ++j) {
                        const float x = toF(e[j]);
#pragma unroll
                        for (int g = 0; g < G; ++g) sc[g] += qs[g * headDim + c + j] * x;
                    }
                }
            }
        }
        if (r < rows && !(Batched && vectors)) {
            const T* kr = kb + (size_t)(tile + r) * headDim;
            if (vectors) {
                for (int c = part * V; c < headDim; c += 4 * V) {
                    const uint4 w = __ldg(reinterpret_cast<const uint4*>(kr + c));
                    const T* e = reinterpret_cast<const T*>(&w);
#pragma unroll
                    for (int j = 0; j < V; ++j) {
                        const float x = toF(e[j]);
#pragma unroll
                        for (int g = 0; g < G; ++g) sc[g] += qs[g * headDim + c + j] * x;
                    }
                }
            } else {
                for (int c = part; c < headDim; c += 4) {
                    const float x = toF(kr[c]);
#pragma unroll
                    for (int g = 0; g < G; ++g) sc[g] += qs[g * headDim + c] * x;
                }
            }
        }
        // The row's score in all four of its threads, then each head's max over the tile.
#pragma unroll
        for (int g = 0; g < G; ++g) {
            sc[g] += __shfl_xor_sync(0xffffffffu, sc[g], 1);
            sc[g] += __shfl_xor_sync(0xffffffffu, sc[g], 2);
            float v = sc[g] * scale;
            if (softcap > 0.f) v = tanhf(v / softcap) * softcap;
            sc[g] = r < rows ? v : -INFINITY;
            float mw = sc[g];
            for (int o = 4; o < 32; o <<= 1) mw = fmaxf(mw, __shfl_xor_sync(0xffffffffu, mw, o));
            if (lane == 0) red[g * kAttnWarps + warp] = mw;
        }
        __syncthreads();
        float corr[G];
#pragma unroll
        for (int g = 0; g < G; ++g) {
            float mt = red[g * kAttnWarps];
            for (int w = 1; w < kAttnWarps; ++w) mt = fmaxf(mt, red[g * kAttnWarps + w]);
            const float mNew = fmaxf(m[g], mt);
            corr[g] = __expf(m[g] - mNew);  // 0 while m is -inf
            const float p = r < rows ? __expf(sc[g] - mNew) : 0.f;
            if (part == 0) {
                if (r < rows) pp[g * kAttnTile + r] = p;
                l[g] = l[g] * corr[g] + p;  // this thread's rows; added over the block at the end
            }
            m[g] = mNew;
#pragma unroll
            for (int e = 0; e < E; ++e) acc[g][e] *= corr[g];
        }
        __syncthreads();
        if constexpr (Batched) {
#pragma unroll
            for (int i = 0; i < VR; ++i) {
                const int j = warp + i * kAttnWarps;
                if (j >= rows) break;
#pragma unroll
                for (int g = 0; g < G; ++g) {
                    const float p = pp[g * kAttnTile + j];
#pragma unroll
                    for (int e = 0; e < E; ++e) acc[g][e] += p * toF(vx[i][e]);
                }
            }
        }
        for (int j = warp; !Batched && j < rows; j += kAttnWarps) {
            const T* vr = vb + (size_t)(tile + j) * headDim;
            float x[E];
#pragma unroll
            for (int e = 0; e < E; ++e) {
                const int d = lane + 32 * e;
                x[e] = d < headDim ? toF(vr[d]) : 0.f;
            }
#pragma unroll
            for (int g = 0; g < G; ++g) {
                const float p = pp[g * kAttnTile + j];
#pragma unroll
                for (int e = 0; e < E; ++e) acc[g][e] += p * x[e];
            }
        }
        __syncthreads();  // red and pp are rewritten by the next tile
    }

    if (!earlyLaunch) allowSuccessorLaunch();
    // The block's sums: the warps' accumulators and the threads' exp sums through shared memory.
#pragma unroll
    for (int g = 0; g < G; ++g) {
#pragma unroll
        for (int e = 0; e < E; ++e) {
            const int d = lane + 32 * e;
            if (d < headDim) parts[(warp * G + g) * headDim + d] = acc[g][e];
        }
        float v = l[g];
        for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
        if (lane == 0) red[g * kAttnWarps + warp] = v;
    }
    __syncthreads();
    for (int i = tid; i < group * headDim; i += kAttnWarps * 32) {
        const int g = i / headDim, d = i % headDim;
        float a = 0.f;
        for (int w = 0; w < kAttnWarps; ++w) a += parts[(w * G + g) * headDim + d];
        ws[((size_t)(head0 + g) * splits + split) * headDim + d] = a;
    }
    if (tid < group) {
        float mine = m[0], sum = 0.f;  // every thread holds every head's max: take head tid's
#pragma unroll
        for (int g = 1; g < G; ++g)
            if (tid == g) mine = m[g];
        for (int w = 0; w < kAttnWarps; ++w) sum += red[tid * kAttnWarps + w];
        float* ml = ws + (size_t)heads * splits * headDim + ((size_t)(head0 + tid) * splits + split) * 2;
        ml[0] = mine;
        ml[1] = sum;
    }

    // The last slice of this KV head combines all of them (reads through L2: other blocks
    // wrote). Every read is issued without waiting on another: the slices' maxima and sums in
    // one step, each slice's weight exp(m - top) / denominator in shared memory, then the
    // weighted sums with unrolled, independent loads. (Loops that read a slice's sum, branched
    // on it and then read its max were a chain of L2 round trips: most of the 20 us per layer
    // the one-kernel attention of session 5 spent.)
    int* counters = reinterpret_cast<int*>(ws + (size_t)heads * splits * (headDim + 2));
    __threadfence();
    __syncthreads();
    __shared__ int isLast;
    if (tid == 0) isLast = atomicAdd(counters + kvHead, 1) == splits - 1;
    __syncthreads();
    if (!isLast) return;
    __threadfence();
    __shared__ float weight[16 * kAttnMaxSplits], share[16 * kAttnMaxSplits], top[16], inv[16];
    const float* ml = ws + (size_t)heads * splits * headDim + (size_t)head0 * splits * 2;
    for (int i = tid; i < group * splits; i += kAttnWarps * 32) {
        weight[i] = __ldcg(ml + 2 * i);     // the slice's max
        share[i] = __ldcg(ml + 2 * i + 1);  // and its sum of exp
    }
    __syncthreads();
    if (tid < group) {
        float t = -INFINITY;
        for (int s = 0; s < splits; ++s)
            if (share[tid * splits + s] > 0.f) t = fmaxf(t, weight[tid * splits + s]);
        top[tid] = t;
    }
    __syncthreads();
    for (int i = tid; i < group * splits; i += kAttnWarps * 32) {
        const float w = share[i] > 0.f ? __expf(weight[i] - top[i / splits]) : 0.f;
        weight[i] = w;
        share[i] *= w;
    }
    __syncthreads();
    if (tid < group) {
        float d = 0.f;
        for (int s = 0; s < splits; ++s) d += share[tid * splits + s];
        inv[tid] = 1.f / d;
    }
    __syncthreads();
    for (int i = tid; i < group * headDim; i += kAttnWarps * 32) {
        const int g = i / headDim, d = i % headDim;
        const float* part = ws + (size_t)(head0 + g) * splits * headDim + d;
        const float* w = weight + g * splits;
        float a = 0.f;
#pragma unroll 16
        for (int s = 0; s < splits; ++s) a += __ldcg(part + (size_t)s * headDim) * w[s];
        result[(size_t)(head0 + g) * headDim + d] = fromF<T>(a * inv[g]);
    }
    if (tid == 0) counters[kvHead] = 0;
}

template <typename T>
__global__ void gatedActivationKernel(const T* g, const T* u, T* out, int64_t n, int act) {
    allowSuccessorLaunch();
    waitForPredecessor();
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
        out[i] = fromF<T>(roundTo<T>(activate(toF(g[i]), act)) * toF(u[i]));
    }
}

// out[i] = table[ids[i]], whole rows of rowWords 16-byte words; the table may sit in pinned
// host memory (read over PCIe through unified addressing). Ids are clamped to the table (the
// callers check them; a bad one must still not read outside the table).
__global__ void gatherRowsKernel(const uint4* table, int64_t rows, const int64_t* ids, uint4* out, int64_t rowWords) {
    allowSuccessorLaunch();
    waitForPredecessor();
    const int64_t id = min(max(ids[blockIdx.x], int64_t(0)), rows - 1);
    for (int64_t i = threadIdx.x; i < rowWords; i += blockDim.x)
        out[blockIdx.x * rowWords + i] = table[id * rowWords + i];
}

template <typename F>
void dispatch(DType t, F&& f) {
    if (t == DType::BFloat16) f(__nv_bfloat16{});
    else if (t == DType::Float16) f(__half{});
    else f(float{});
}

}  // namespace

void addRmsNorm(DType t, void* residual, const void* h, const void* weight, void* out, int rows, int hidden, float eps,
                bool onePlus, void* stream) {
    if (hidden > 32 * 1024) throw std::runtime_error("RMSNorm kernel: hidden size " + std::to_string(hidden) + " > 32768");
    dispatch(t, [&](auto tag) {
        using T = decltype(tag);
        const int threads = hidden >= 4096 ? 1024 : 512, per = (hidden + threads - 1) / threads;
        auto run = [&](auto kernel) {
            launchDependent(kernel, dim3(rows), dim3(threads), 0, cudaStream_t(stream), static_cast<T*>(residual),
                            static_cast<const T*>(h), static_cast<const T*>(weight), static_cast<T*>(out), hidden, eps,
                            onePlus);
        };
        if (per <= 1) run(addRmsNormKernel<T, 1>);
        else if (per <= 2) run(addRmsNormKernel<T, 2>);
        else if (per <= 4) run(addRmsNormKernel<T, 4>);
        else if (per <= 8) run(addRmsNormKernel<T, 8>);
        else if (per <= 16) run(addRmsNormKernel<T, 16>);
        else run(addRmsNormKernel<T, 32>);
    });
}

void ropeAppend(DType t, void* q, const void* k, const void* v, const void* cos, const void* sin, const int64_t* pos,
                void* keys, void* values, int heads, int kvHeads, int headDim, int capacity, void* stream,
                const void* qNorm, const void* kNorm, float eps, bool onePlus) {
    if ((qNorm == nullptr) != (kNorm == nullptr)) throw std::runtime_error("RoPE kernel: q and k norms go together");
    dispatch(t, [&](auto tag) {
        using T = decltype(tag);
        const int threads = std::max(32, (headDim / 2 + 31) / 32 * 32);
        launchDependent(ropeAppendKernel<T>, dim3(heads + kvHeads), dim3(threads), 0, cudaStream_t(stream),
                        static_cast<T*>(q), static_cast<const T*>(k), static_cast<const T*>(v), static_cast<const T*>(cos),
                        static_cast<const T*>(sin), pos, static_cast<T*>(keys), static_cast<T*>(values), heads, headDim,
                        capacity, static_cast<const T*>(qNorm), static_cast<const T*>(kNorm), eps, onePlus);
    });
}

int decodeAttentionSplits(int capacity) {
    // The filled rows are cut into this many slices (one block per KV head and slice). Measured
    // in session 10: in the layer chain of tools/kernels/decode_chain_probe.cu on the H200
    // (Mistral-7B heads, us per layer at 64 / 384 / 768 filled rows of a 768-row cache) 16 slices
    // 38.95 / 39.39 / 41.63, 12 (the earlier rule, 64 rows a slice at full capacity) 46.86 /
    // 47.57 / 50.07, 32 42.1 / 42.3 / 42.9; `medawq bench` on the H100 (Mistral-7B AWQ, prompt
    // 512 + 256 new) 8 / 12 / 16 / 24 / 32 slices: 331.2 / 326.2 / 353.6 / 335.4 / 352.9 tok/s.
    // In a 4096-row cache 32 slices win from about 2048 rows on (13.2 us against 16.6 alone at
    // 2048 rows, 18.9 against 27.5 at 4096). MEDAWQ_ATTN_SPLITS=N forces N.
    static const int forced = engineNumber("MEDAWQ_ATTN_SPLITS", 0, 0, kAttnMaxSplits);
    if (forced > 0) return forced;
    return capacity <= 1024 ? 16 : kAttnMaxSplits;
}

int64_t decodeAttentionWorkspaceFloats(int heads, int headDim, int splits) {
    return int64_t(heads) * splits * (headDim + 2) + heads;  // + one counter per (KV) head
}

bool decodeAttentionSupports(int heads, int kvHeads, int headDim) {
    return kvHeads > 0 && heads % kvHeads == 0 && heads / kvHeads <= 16 && headDim > 0 && headDim <= 256 &&
           (heads / kvHeads) * headDim <= kAttnMaxGroupDims;
}

void decodeAttention(DType t, const void* q, const void* keys, const void* values, const int64_t* pos, void* out,
                     float* workspace, int heads, int kvHeads, int headDim, int capacity, int window, float scale,
                     float softcap, int splits, void* stream) {
    // MEDAWQ_ATTN_EARLY_LAUNCH=0: the successor is let in after the main loop, not at once.
    static const bool earlyLaunch = engineSwitch("MEDAWQ_ATTN_EARLY_LAUNCH", true);
    // MEDAWQ_ATTN_BATCHED_LOADS (default on): a tile's loads all issued before their use (see the kernel).
    static const bool batched = engineSwitch("MEDAWQ_ATTN_BATCHED_LOADS", true);
    dispatch(t, [&](auto tag) {
        using T = decltype(tag);
        const dim3 grid(kvHeads, splits);
        auto run = [&](auto kernel, int g) {
            // q, probabilities, warp maxima/sums, the warps' accumulators: at most 41 KB
            // (kAttnMaxGroupDims), under the 48 KB a launch gets without opting in.
            const size_t shared =
                sizeof(float) * (size_t(g) * headDim * (1 + kAttnWarps) + size_t(g) * (kAttnTile + kAttnWarps));
            launchDependent(kernel, grid, dim3(kAttnWarps * 32), shared, cudaStream_t(stream), static_cast<const T*>(q),
                            static_cast<const T*>(keys), static_cast<const T*>(values), pos, workspace,
                            static_cast<T*>(out), heads, kvHeads, headDim, capacity, window, scale, softcap, splits,
                            earlyLaunch);
        };
        auto withGroup = [&](auto e) {
            constexpr int E = decltype(e)::value;
            const int group = heads / kvHeads;
            auto pick = [&](auto plain, auto withBatching, int g) { batched ? run(withBatching, g) : run(plain, g); };
            if (group <= 1) pick(attentionKernel<T, 1, E, false>, attentionKernel<T, 1, E, true>, 1);
            else if (group <= 2) pick(attentionKernel<T, 2, E, false>, attentionKernel<T, 2, E, true>, 2);
            else if (group <= 4) pick(attentionKernel<T, 4, E, false>, attentionKernel<T, 4, E, true>, 4);
            else if (group <= 8) pick(attentionKernel<T, 8, E, false>, attentionKernel<T, 8, E, true>, 8);
            else pick(attentionKernel<T, 16, E, false>, attentionKernel<T, 16, E, true>, 16);
        };
        if (headDim <= 32) withGroup(std::integral_constant<int, 1>());
        else if (headDim <= 64) withGroup(std::integral_constant<int, 2>());
        else if (headDim <= 128) withGroup(std::integral_constant<int, 4>());
        else withGroup(std::integral_constant<int, 8>());
    });
}

void gatedActivation(DType t, const void* g, const void* u, void* out, int64_t n, int act, void* stream) {
    dispatch(t, [&](auto tag) {
        using T = decltype(tag);
        const int threads = 256;
        const int blocks = int(std::min<int64_t>((n + threads - 1) / threads, 4096));
        launchDependent(gatedActivationKernel<T>, dim3(blocks), dim3(threads), 0, cudaStream_t(stream),
                        static_cast<const T*>(g), static_cast<const T*>(u), static_cast<T*>(out), n, act);
    });
}

void gatherRows(const void* table, int64_t rows, int64_t rowBytes, const int64_t* ids, int64_t n, void* out,
                void* stream) {
    if (n <= 0) return;
    launchDependent(gatherRowsKernel, dim3(unsigned(n)), dim3(256), 0, cudaStream_t(stream),
                    static_cast<const uint4*>(table), rows, ids, static_cast<uint4*>(out), rowBytes / 16);
}

}  // namespace medawq::cuda
