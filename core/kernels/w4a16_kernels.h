// Launchers of the W4A16 CUDA kernels (core/kernels/w4a16_kernels.cu). Torch-free on purpose:
// raw device pointers and a cudaStream_t passed as void*, so the .cu file compiles with nvcc
// alone (also on a machine whose libtorch has no CUDA) and the torch glue stays in w4a16.cpp.
//
// The weights are in the "tile" layout that kernels/w4a16.h describes (packW4A16 builds it
// once at load from an AutoAWQ GEMM checkpoint).
#pragma once

#include <cstdint>

namespace medawq::cuda {

enum class DType { BFloat16, Float16, Float32 };

struct W4A16Weights {
    const int32_t* tiles = nullptr;    // [N16, K/64, 32 lanes, 4 words]
    const uint16_t* scales = nullptr;  // fp16 bits [K/g, N16, 8, 2]
    const uint8_t* zeros = nullptr;    // [K/g, N16, 8, 2]
    int64_t n = 0, k = 0, groupSize = 0;
    int64_t tiles16() const { return (n + 15) / 16; }  // N16: 16-row tiles (N padded to a multiple of 16)
};

// How the decode kernel splits the work: warpsPerBlock warps per block, warpsPerTile of them on
// each 16-row tile with a K slice each (they add in shared memory), splitK slices of K over
// blocks (blocks of one tile column add their partial sums in fp32 through the workspace, or in
// a cluster above 8 tokens), unroll 64-wide K chunks loaded per iteration (4 or 8: 16 B each
// per thread), and prefetchAhead: while loading iteration i, each warp sends its weights of
// iteration i + prefetchAhead to L2 (0: off), so that its register loads, which keep only one
// iteration in flight, wait on L2 rather than on HBM. ring (W4A16 only, unroll 4): each warp
// streams its weights through that many shared-memory slots filled by Hopper bulk copies (up to
// `ring` iterations in flight, no registers held; gemv_common.cuh), 0 (or fewer than 2 after
// fitting two blocks per SM): register stages.
struct DecodeConfig {
    int warpsPerBlock = 4;
    int splitK = 1;
    int unroll = 4;
    int warpsPerTile = 1;
    int prefetchAhead = 0;
    int ring = 0;
};

// prefetchAhead of the default configurations: MEDAWQ_GEMV_PREFETCH_AHEAD (iterations, at most 64),
// else 0. Launches clamp any prefetchAhead to 0..64.
int defaultPrefetchAhead();
// ring of the default W4A16 configurations: MEDAWQ_GEMV_RING (slots, at most 8), else 0 (off
// until measured). The dense GEMV has none.
int defaultRing();

// An add + RMSNorm fused in front of a one-token decode call (MEDAWQ_FUSE_NORM, on unless =0): x is then the
// residual row, the call computes norm(x + pending)·W^T and writes x + pending to residualOut (a
// buffer other than x). The norm as addRmsNorm (decode_step_kernels.h): weight [K] in the
// activation type, eps, onePlus (Gemma's x * (1 + w)). pending may be null; pendingNorm (a weight
// [K], or null) normalises pending first with the same eps and onePlus (Gemma's sandwich norms:
// x + norm(o) or x + norm(down)). Every row 16-byte aligned.
struct FusedNorm {
    const void* pending = nullptr;
    const void* pendingNorm = nullptr;
    const void* weight = nullptr;
    void* residualOut = nullptr;
    float eps = 1e-6f;
    bool onePlus = false;
};
// The largest K a fused norm takes: its K * 2 bytes of shared memory plus the kernels' own ~4 KB
// stay under the 48 KB a launch gets without opting in.
constexpr int64_t kFusedNormMaxK = 16384;

// What a decode call computes: y = x·W^T, or (activation >= 0) act(gate) * up of a fused gate|up
// W whose tiles interleave 8 gate rows and 8 up rows (interleaveGateUp in kernels/w4a16.h);
// activation codes as in kernels/activation.cuh.
constexpr int kNoActivation = -1;

// The configuration decode() uses when given none (depends on the GPU's multiprocessor count).
DecodeConfig defaultDecodeConfig(int64_t n, int64_t k, int64_t groupSize, int64_t m);

// Workspace decode() needs when splitK > 1: floats [16 * 16 * N16] and ints [N16], all zero on
// entry; decode() leaves them zero again (the last block of each tile column clears what it read).
int64_t decodeWorkspaceFloats(int64_t n);
int64_t decodeCounterInts(int64_t n);

// y[M, N] = x[M, K] · W^T (+ bias[N]) for 1 <= M <= 16, act = BFloat16 or Float16; x is
// row-major with K contiguous and 16-byte aligned. With an activation y is [M, N / 2].
// Throws std::runtime_error on a launch error. `norm` (m == 1 only): see FusedNorm.
void decode(DType act, const W4A16Weights& w, const void* x, int64_t m, const void* bias, void* y, float* workspace,
            int* counters, const DecodeConfig& config, int activation, void* stream, const FusedNorm* norm = nullptr);

// Dense W [N, K] (row-major) in `out` dtype, each element (q - z) * s computed in fp32 and rounded
// once: bit-identical to quant/awq_packing's dequantizeAwqGemm.
void dequantize(DType out, const W4A16Weights& w, void* weight, void* stream);

}  // namespace medawq::cuda
