// RMSNorm's rounding, shared by every kernel that normalises (decode_step_kernels.cu: the norm
// kernel and the RoPE kernel's per-head q/k norms; gemv_common.cuh: the norm fused in front of a
// GEMV), so that they round as torch does and as one another: fp32 arithmetic, each torch op's
// result rounded to the tensor type T.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

namespace medawq::cuda {

__device__ __forceinline__ float toF(float x) { return x; }
__device__ __forceinline__ float toF(__nv_bfloat16 x) { return __bfloat162float(x); }
__device__ __forceinline__ float toF(__half x) { return __half2float(x); }

template <typename T> __device__ __forceinline__ T fromF(float x);
template <> __device__ __forceinline__ float fromF<float>(float x) { return x; }
template <> __device__ __forceinline__ __nv_bfloat16 fromF<__nv_bfloat16>(float x) { return __float2bfloat16_rn(x); }
template <> __device__ __forceinline__ __half fromF<__half>(float x) { return __float2half_rn(x); }

// The value torch holds after an op on T tensors: computed in fp32, rounded to T.
template <typename T> __device__ __forceinline__ float roundTo(float x) { return toF(fromF<T>(x)); }

// A normalised element v * inv with norm weight w, as RmsNorm (models/decoder_layer.cpp) rounds
// it: Llama's w * T(v * inv), or Gemma's (onePlus) T(v * inv * (1 + w)).
template <typename T>
__device__ __forceinline__ float normedValue(float v, float inv, float w, bool onePlus) {
    const float n = v * inv;
    return roundTo<T>(onePlus ? n * (1.f + w) : w * roundTo<T>(n));
}

// 1 / rms of a row of k values from each thread's partial sum of squares; every thread of the
// block calls it (blockDim a multiple of 32). Safe to call twice in a row: each thread reads the
// result before it can reach the next call's first barrier.
__device__ __forceinline__ float blockInvRms(float sum, int k, float eps) {
    __shared__ float partial[33];  // per warp (at most 32), then the result
    for (int o = 16; o > 0; o >>= 1) sum += __shfl_xor_sync(0xffffffffu, sum, o);
    if ((threadIdx.x & 31) == 0) partial[threadIdx.x >> 5] = sum;
    __syncthreads();
    if (threadIdx.x == 0) {
        float total = 0.f;
        for (int w = 0; w < int(blockDim.x >> 5); ++w) total += partial[w];
        partial[32] = rsqrtf(total / float(k) + eps);
    }
    __syncthreads();
    return partial[32];
}

}  // namespace medawq::cuda
