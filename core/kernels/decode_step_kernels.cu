// The small kernels around the W4A16 GEMVs in one decode step (see decode_step_kernels.h).
// Each replaces a chain of 4-8 torch ops: inside a CUDA graph the launch cost is gone, but every
// kernel still costs a few microseconds of GPU time, and a 7B model runs 32 layers per token.
#include "kernels/decode_step_kernels.h"

#include "kernels/activation.cuh"
#include "kernels/pdl.cuh"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>

namespace medawq::cuda {
namespace {

__device__ __forceinline__ float toF(float x) { return x; }
__device__ __forceinline__ float toF(__nv_bfloat16 x) { return __bfloat162float(x); }
__device__ __forceinline__ float toF(__half x) { return __half2float(x); }

template <typename T> __device__ __forceinline__ T fromF(float x);
template <> __device__ __forceinline__ float fromF<float>(float x) { return x; }
template <> __device__ __forceinline__ __nv_bfloat16 fromF<__nv_bfloat16>(float x) { return __float2bfloat16_rn(x); }
template <> __device__ __forceinline__ __half fromF<__half>(float x) { return __float2half_rn(x); }

// The value torch holds after an op on T tensors: computed in fp32, rounded to T.
template <typename T> __device__ __forceinline__ float roundTo(float x) { return toF(fromF<T>(x)); }

__device__ __forceinline__ float warpSum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

template <typename T>
__global__ void addRmsNormKernel(T* residual, const T* h, const T* weight, T* out, int hidden, float eps, bool onePlus) {
    allowSuccessorLaunch();
    waitForPredecessor();
    T* r = residual + (size_t)blockIdx.x * hidden;
    const T* hr = h ? h + (size_t)blockIdx.x * hidden : nullptr;
    T* o = out + (size_t)blockIdx.x * hidden;
    float sum = 0;
    for (int i = threadIdx.x; i < hidden; i += blockDim.x) {
        float v = toF(r[i]);
        if (hr) {
            v = roundTo<T>(v + toF(hr[i]));
            r[i] = fromF<T>(v);
        }
        sum += v * v;
    }
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
    for (int i = threadIdx.x; i < hidden; i += blockDim.x) {
        const float normed = toF(r[i]) * inv;
        const float w = toF(weight[i]);
        o[i] = onePlus ? fromF<T>(normed * (1.f + w)) : fromF<T>(w * roundTo<T>(normed));
    }
}

// Blocks 0..heads-1 rotate q heads in place; blocks heads.. rotate a k head, then write it and
// the matching v head to the caches. Thread i handles the pair (i, i + D/2).
template <typename T>
__global__ void ropeAppendKernel(T* q, const T* k, const T* v, const T* cos, const T* sin, const int64_t* posPtr,
                                 T* keys, T* values, int heads, int headDim, int capacity) {
    allowSuccessorLaunch();
    waitForPredecessor();
    const int64_t pos = *posPtr;
    const int half = headDim / 2, i = threadIdx.x;
    const T* c = cos + pos * headDim;
    const T* s = sin + pos * headDim;
    const bool isQ = blockIdx.x < heads;
    const int head = isQ ? blockIdx.x : blockIdx.x - heads;
    const T* x = isQ ? q + (size_t)head * headDim : k + (size_t)head * headDim;
    if (i >= half) return;
    const float lo = toF(x[i]), hi = toF(x[i + half]);
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

// One (head, sequence slice) per block; each warp walks every nw-th key of the slice with an
// online softmax; lane l holds elements l, l + 32, ... of q, of the accumulator and of each
// key/value row (so every load of a row is coalesced). The warps combine through shared memory
// and the block leaves its unnormalised accumulator, running max and sum in the workspace; the
// last block of a head to finish (a counter per head, after the workspace) combines the slices
// and writes the head's output. (One kernel instead of a partial and a reduce kernel: the decode
// step is bound by its number of dependent kernels, BENCHMARKS.md "The decode engine".)
template <typename T, int E>
__global__ void attentionKernel(const T* q, const T* keys, const T* values, const int64_t* posPtr, float* ws, T* result,
                                int heads, int kvHeads, int headDim, int capacity, int window, float scale, float softcap,
                                int splits) {
    allowSuccessorLaunch();
    waitForPredecessor();
    const int head = blockIdx.x, split = blockIdx.y;
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32, nw = blockDim.x / 32;
    const int pos = int(*posPtr);
    const int from = window > 0 ? max(0, pos - window + 1) : 0;
    const int n = pos - from + 1;
    const int chunk = (n + splits - 1) / splits;
    const int begin = from + split * chunk, end = min(begin + chunk, pos + 1);
    const int kvHead = head / (heads / kvHeads);
    const T* kb = keys + (size_t)kvHead * capacity * headDim;
    const T* vb = values + (size_t)kvHead * capacity * headDim;

    float qv[E], acc[E];
#pragma unroll
    for (int e = 0; e < E; ++e) {
        const int d = e * 32 + lane;
        qv[e] = d < headDim ? toF(q[(size_t)head * headDim + d]) : 0.f;
        acc[e] = 0.f;
    }
    float m = -INFINITY, l = 0.f;
    for (int j = begin + warp; j < end; j += nw) {
        const T* kr = kb + (size_t)j * headDim;
        float s = 0.f;
#pragma unroll
        for (int e = 0; e < E; ++e) {
            const int d = e * 32 + lane;
            if (d < headDim) s += qv[e] * toF(kr[d]);
        }
        s = warpSum(s) * scale;
        if (softcap > 0.f) s = tanhf(s / softcap) * softcap;
        const float mNew = fmaxf(m, s);
        const float corr = __expf(m - mNew), p = __expf(s - mNew);
        l = l * corr + p;
        const T* vr = vb + (size_t)j * headDim;
#pragma unroll
        for (int e = 0; e < E; ++e) {
            const int d = e * 32 + lane;
            acc[e] = acc[e] * corr + (d < headDim ? p * toF(vr[d]) : 0.f);
        }
        m = mNew;
    }

    extern __shared__ float sm[];  // [nw] max, [nw] sum, [nw][E * 32] accumulators
    float* smM = sm;
    float* smL = sm + nw;
    float* smAcc = sm + 2 * nw;
    if (lane == 0) smM[warp] = m, smL[warp] = l;
#pragma unroll
    for (int e = 0; e < E; ++e) smAcc[warp * E * 32 + e * 32 + lane] = acc[e];
    __syncthreads();
    float big = -INFINITY;
    for (int w = 0; w < nw; ++w) big = fmaxf(big, smM[w]);
    float* out = ws + ((size_t)head * splits + split) * headDim;
    for (int d = threadIdx.x; d < headDim; d += blockDim.x) {
        float a = 0.f;
        for (int w = 0; w < nw; ++w)
            if (smM[w] > -INFINITY) a += smAcc[w * E * 32 + d] * __expf(smM[w] - big);
        out[d] = a;
    }
    if (threadIdx.x == 0) {
        float sum = 0.f;
        for (int w = 0; w < nw; ++w)
            if (smM[w] > -INFINITY) sum += smL[w] * __expf(smM[w] - big);
        float* ml = ws + (size_t)heads * splits * headDim + ((size_t)head * splits + split) * 2;
        ml[0] = big;
        ml[1] = sum;
    }

    // The last slice of this head combines all of them (reads through L2: other blocks wrote).
    int* counters = reinterpret_cast<int*>(ws + (size_t)heads * splits * (headDim + 2));
    __threadfence();
    __syncthreads();
    __shared__ int isLast;
    if (threadIdx.x == 0) isLast = atomicAdd(counters + head, 1) == splits - 1;
    __syncthreads();
    if (!isLast) return;
    __threadfence();
    const float* mlh = ws + (size_t)heads * splits * headDim + (size_t)head * splits * 2;
    float top = -INFINITY;
    for (int s = 0; s < splits; ++s)
        if (__ldcg(mlh + 2 * s + 1) > 0.f) top = fmaxf(top, __ldcg(mlh + 2 * s));
    float denom = 0.f;
    for (int s = 0; s < splits; ++s)
        if (__ldcg(mlh + 2 * s + 1) > 0.f) denom += __ldcg(mlh + 2 * s + 1) * __expf(__ldcg(mlh + 2 * s) - top);
    for (int d = threadIdx.x; d < headDim; d += blockDim.x) {
        float a = 0.f;
        for (int s = 0; s < splits; ++s)
            if (__ldcg(mlh + 2 * s + 1) > 0.f)
                a += __ldcg(ws + ((size_t)head * splits + s) * headDim + d) * __expf(__ldcg(mlh + 2 * s) - top);
        result[(size_t)head * headDim + d] = fromF<T>(a / denom);
    }
    if (threadIdx.x == 0) counters[head] = 0;
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
    dispatch(t, [&](auto tag) {
        using T = decltype(tag);
        const int threads = hidden >= 4096 ? 1024 : 512;
        launchDependent(addRmsNormKernel<T>, dim3(rows), dim3(threads), 0, cudaStream_t(stream), static_cast<T*>(residual),
                        static_cast<const T*>(h), static_cast<const T*>(weight), static_cast<T*>(out), hidden, eps, onePlus);
    });
}

void ropeAppend(DType t, void* q, const void* k, const void* v, const void* cos, const void* sin, const int64_t* pos,
                void* keys, void* values, int heads, int kvHeads, int headDim, int capacity, void* stream) {
    dispatch(t, [&](auto tag) {
        using T = decltype(tag);
        const int threads = std::max(32, (headDim / 2 + 31) / 32 * 32);
        launchDependent(ropeAppendKernel<T>, dim3(heads + kvHeads), dim3(threads), 0, cudaStream_t(stream),
                        static_cast<T*>(q), static_cast<const T*>(k), static_cast<const T*>(v), static_cast<const T*>(cos),
                        static_cast<const T*>(sin), pos, static_cast<T*>(keys), static_cast<T*>(values), heads, headDim,
                        capacity);
    });
}

int decodeAttentionSplits(int heads, int capacity) {
    // Enough blocks to fill the GPU at long contexts; slices of at least 64 rows at full capacity.
    int splits = std::min(32, std::max(1, (capacity + 63) / 64));
    while (splits > 1 && heads * splits > 1024) splits /= 2;
    return splits;
}

int64_t decodeAttentionWorkspaceFloats(int heads, int headDim, int splits) {
    return int64_t(heads) * splits * (headDim + 2) + heads;  // + one counter per head
}

void decodeAttention(DType t, const void* q, const void* keys, const void* values, const int64_t* pos, void* out,
                     float* workspace, int heads, int kvHeads, int headDim, int capacity, int window, float scale,
                     float softcap, int splits, void* stream) {
    constexpr int kWarps = 4;
    dispatch(t, [&](auto tag) {
        using T = decltype(tag);
        const dim3 grid(heads, splits);
        auto run = [&](auto kernel, int e) {
            const size_t shared = sizeof(float) * (2 * kWarps + kWarps * e * 32);
            launchDependent(kernel, grid, dim3(kWarps * 32), shared, cudaStream_t(stream), static_cast<const T*>(q),
                            static_cast<const T*>(keys), static_cast<const T*>(values), pos, workspace,
                            static_cast<T*>(out), heads, kvHeads, headDim, capacity, window, scale, softcap, splits);
        };
        if (headDim <= 32) run(attentionKernel<T, 1>, 1);
        else if (headDim <= 64) run(attentionKernel<T, 2>, 2);
        else if (headDim <= 128) run(attentionKernel<T, 4>, 4);
        else run(attentionKernel<T, 8>, 8);
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
