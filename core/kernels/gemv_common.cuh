// Device code shared by the decode-time GEMV kernels (w4a16_kernels.cu: 4-bit AWQ weights,
// dense_gemv_kernels.cu: bf16/fp16 weights). Both give each warp one 16-row tile of W and a
// slice of K, run m16n8k16 tensor-core MMAs with the tokens as the MMA's N (so 1 and 16 tokens
// stream the same weight bytes), and finish the same way: the warps that share a tile (K split
// inside the block, warpSlice) add their sums in shared memory and one of them stores; with K
// also split over blockIdx.y, the blocks of a tile column add theirs either through fp32 atomics
// into a workspace that the last block turns into the output (and clears for the next call), or,
// above 8 tokens, in a thread-block cluster whose first block reads the others' shared memory.
// An activation code makes the store gated: act(gate) * up of interleaved 8-row halves.
//
// Programmatic dependent launch: a kernel here lets its successor be scheduled at once, loads
// the weights it will need first (they never depend on an earlier kernel) and only then waits
// for its predecessor's results. So in the graphed decode step each GEMV's first weight bytes
// are in flight, and the next ones on the way to L2, while the kernel before it still runs.
// Measured on the H200 (BENCHMARKS.md, "Session 5" and "Session 6"): +2.8 % and then +9 % on a
// Mistral-7B AWQ step; the step is bound by its chain of dependent kernels (268 per token since
// the fused projections), which this overlaps only at the edges.
#pragma once

#include "kernels/activation.cuh"
#include "kernels/pdl.cuh"
#include "kernels/rms_norm.cuh"
#include "kernels/w4a16_kernels.h"

#include <cooperative_groups.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace medawq::cuda::gemv {

template <typename T> struct Act;
template <> struct Act<__nv_bfloat16> {
    // 0x4300 is bf16 128.0 with a zero 7-bit mantissa: OR-ing a nibble in gives 128 + q.
    static constexpr uint32_t kMagic = 0x43004300u;
    static constexpr uint32_t kOne = 0x3F803F80u;
    __device__ static float toFloat(__nv_bfloat16 v) { return __bfloat162float(v); }
    __device__ static __nv_bfloat16 fromFloat(float v) { return __float2bfloat16_rn(v); }
};
template <> struct Act<__half> {
    // 0x6400 is fp16 1024.0 with a zero 10-bit mantissa: 1024 + q.
    static constexpr uint32_t kMagic = 0x64006400u;
    static constexpr uint32_t kOne = 0x3C003C00u;
    __device__ static float toFloat(__half v) { return __half2float(v); }
    __device__ static __half fromFloat(float v) { return __float2half_rn(v); }
};
template <> struct Act<float> {
    __device__ static float fromFloat(float v) { return v; }
};

__device__ __forceinline__ void mma(float (&d)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1, __nv_bfloat16) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
__device__ __forceinline__ void mma(float (&d)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1, __half) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
        "{%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// Loads as volatile asm: the compiler keeps them in program order with the (volatile) MMAs, so
// the next iteration's weights are in flight while this one computes. (Plain loads were sunk
// next to their first use by the compiler in the first version: one 16-byte load in flight per
// warp, latency-bound at 58 % of the bandwidth.) Weights stream through with evict-first.
__device__ __forceinline__ uint4 loadStream(const uint4* p) {
    uint4 v;
    asm volatile("ld.global.cs.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w) : "l"(p));
    return v;
}
__device__ __forceinline__ uint32_t loadU32(const uint32_t* p) {
    uint32_t v;
    asm volatile("ld.global.nc.u32 %0, [%1];" : "=r"(v) : "l"(p));
    return v;
}
__device__ __forceinline__ uint32_t loadU16(const uint16_t* p) {
    unsigned short v;
    asm volatile("ld.global.nc.u16 %0, [%1];" : "=h"(v) : "l"(p));
    return v;
}

// Iterations' weights in flight per warp are few (the register stages: 2 KB of 4-bit weights),
// so a warp's loads are latency-bound, and the W4A16 kernel moved 2.2 TB/s on both the H100
// and the H200 whose HBM is 43 % faster, where the dense kernel, 4x the bytes per load, moves
// 4.1 TB/s (BENCHMARKS.md, "Session 6"). A rolling prefetch sends the weights of the iteration
// `ahead` chunks on to L2 as each iteration is loaded: more bytes in flight, no registers.
// Lane 0 of the warp issues it; [c, end) is clipped to the warp's slice. Measured 1-3 % slower
// in the decode step (sessions 9 and 10), so off unless MEDAWQ_GEMV_PREFETCH_AHEAD asks for it.
__device__ __forceinline__ void prefetchRange(const void* base, int c, int end, int ahead, int chunks,
                                              uint32_t bytesPerChunk) {
    const int p0 = c + ahead, p1 = min(p0 + chunks, end);
    if (ahead > 0 && p0 < p1)
        prefetchL2(static_cast<const char*>(base) + (size_t)p0 * bytesPerChunk, uint32_t(p1 - p0) * bytesPerChunk);
}

// How many bytes of its slice a warp sends to L2 before waiting for its predecessor: enough to
// cover the ramp-up, little enough (at most ~15 MB over all warps of the largest layers here)
// that the predecessor's own stream does not evict them first.
constexpr uint32_t kPrefetchBytesPerWarp = 8192;

__device__ __forceinline__ uint32_t sharedAddress(const void* p) { return unsigned(__cvta_generic_to_shared(p)); }
// 16 bytes of shared memory. Volatile asm, like every load, fence and copy here: the compiler
// keeps them in program order (the ring relies on it), without a "memory" clobber that would
// also pin the ordinary loads and stores of the register path.
__device__ __forceinline__ uint4 sharedLoad16(uint32_t a) {
    uint4 v;
    asm volatile("ld.shared.v4.u32 {%0,%1,%2,%3}, [%4];" : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w) : "r"(a));
    return v;
}

// The activations' 16 bytes at p: from global memory through the read-only path, or (Shared:
// the fused norm's output, see normPrologue) from shared memory.
template <bool Shared>
__device__ __forceinline__ uint4 loadX(const uint4* p) {
    if constexpr (Shared) {
        return sharedLoad16(sharedAddress(p));
    } else {
        return __ldg(p);
    }
}

// The fused add + RMSNorm in front of a one-token GEMV (FusedNorm, w4a16_kernels.h): every block
// reads the residual row (+ pending) and normalises it into shared memory `xs` [K] itself, which
// costs each block one L2 read of the row but saves the norm kernel and its place in the chain
// of dependent launches. The same arithmetic as addRmsNormKernel (decode_step_kernels.cu): the
// sum residual + pending rounded to T, fp32 sum of squares, then w * T(normed) or, with onePlus
// (Gemma), T(normed * (1 + w)). With pendingNorm (Gemma's sandwich norms) the pending row is
// first normalised the same way, as its own norm kernel would. Block (0, 0) writes residual +
// pending to residualOut, a different buffer, because the other blocks are still reading the
// residual. K % 64 == 0; all rows 16-byte aligned. Every thread of the block must call it.
template <typename T>
__device__ void normPrologue(const T* residual, const FusedNorm& n, int k, T* xs) {
    constexpr int V = 8;  // elements per 16-byte vector
    const T* pending = static_cast<const T*>(n.pending);
    const T* pendingNorm = pending ? static_cast<const T*>(n.pendingNorm) : nullptr;
    const T* weight = static_cast<const T*>(n.weight);
    T* out = (blockIdx.x == 0 && blockIdx.y == 0) ? static_cast<T*>(n.residualOut) : nullptr;
    // Plain loads of the residual and pending rows: the predecessors wrote them (no read-only path).
    float pendingInv = 0.f;
    if (pendingNorm) {
        float sum = 0.f;
        for (int i = threadIdx.x * V; i < k; i += blockDim.x * V) {
            const uint4 hv = *reinterpret_cast<const uint4*>(pending + i);
            const T* h = reinterpret_cast<const T*>(&hv);
#pragma unroll
            for (int e = 0; e < V; ++e) sum += toF(h[e]) * toF(h[e]);
        }
        pendingInv = blockInvRms(sum, k, n.eps);
    }
    float sum = 0.f;
    for (int i = threadIdx.x * V; i < k; i += blockDim.x * V) {
        uint4 rv = *reinterpret_cast<const uint4*>(residual + i);
        T* r = reinterpret_cast<T*>(&rv);
        if (pending) {
            const uint4 hv = *reinterpret_cast<const uint4*>(pending + i);
            const T* h = reinterpret_cast<const T*>(&hv);
            uint4 pw = make_uint4(0, 0, 0, 0);
            if (pendingNorm) pw = __ldg(reinterpret_cast<const uint4*>(pendingNorm + i));
            const T* w = reinterpret_cast<const T*>(&pw);
#pragma unroll
            for (int e = 0; e < V; ++e) {
                const float he = pendingNorm ? normedValue<T>(toF(h[e]), pendingInv, toF(w[e]), n.onePlus) : toF(h[e]);
                r[e] = fromF<T>(toF(r[e]) + he);
            }
        }
#pragma unroll
        for (int e = 0; e < V; ++e) sum += toF(r[e]) * toF(r[e]);
        *reinterpret_cast<uint4*>(xs + i) = rv;
        if (out) *reinterpret_cast<uint4*>(out + i) = rv;
    }
    const float inv = blockInvRms(sum, k, n.eps);
    for (int i = threadIdx.x * V; i < k; i += blockDim.x * V) {
        uint4 xv = *reinterpret_cast<const uint4*>(xs + i);
        const uint4 wv = __ldg(reinterpret_cast<const uint4*>(weight + i));
        T* x = reinterpret_cast<T*>(&xv);
        const T* w = reinterpret_cast<const T*>(&wv);
#pragma unroll
        for (int e = 0; e < V; ++e)
            x[e] = fromF<T>(normedValue<T>(toF(x[e]), inv, toF(w[e]), n.onePlus));
        *reinterpret_cast<uint4*>(xs + i) = xv;
    }
    __syncthreads();
}

// Host side: a fused norm needs one token, a weight, an output row and K <= kFusedNormMaxK.
inline void checkFusedNorm(const FusedNorm* norm, int64_t m, int64_t k, const char* kernel) {
    if (!norm) return;
    if (m != 1 || !norm->weight || !norm->residualOut || k > kFusedNormMaxK)
        throw std::runtime_error(std::string(kernel) + ": a fused norm takes one token, a weight, an output row and K <= " +
                                 std::to_string(kFusedNormMaxK) + " (got " + std::to_string(m) + " tokens, K " +
                                 std::to_string(k) + ")");
}

// The B operand pointers of a warp: lane (r, t) feeds token r of each 8-token tile with K
// elements 8t..8t+7 of each 32-wide half (the K order inside an MMA step is permuted to make
// this one 16-byte load); tokens past m read token 0 and are masked.
template <typename T, int NT8, typename D>
__device__ __forceinline__ void pointActivations(D& d, const T* x, int m, int k) {
    const int lane = threadIdx.x & 31, r = lane >> 2, t = lane & 3;
#pragma unroll
    for (int j = 0; j < NT8; ++j) {
        const int tok = j * 8 + r;
        d.xok[j] = tok < m;
        d.xp[j] = reinterpret_cast<const uint4*>(x + (size_t)(d.xok[j] ? tok : 0) * k) + t;
    }
}

// A warp's pass over chunks [c, c1): whole iterations of U chunks double-buffered (stage `sb`
// loads while `sa` computes; `sa` already holds the iteration at c when c < full), then the
// rest predicated. D provides load(stage, c, end, guard) and compute(stage, c, end, guard).
template <int U, typename D, typename Stage>
__device__ __forceinline__ void streamSlice(D& d, Stage& sa, Stage& sb, int c, int full, int c1) {
    while (c < full) {
        if (c + U < full) d.load(sb, c + U, full, false);
        d.compute(sa, c, full, false);
        c += U;
        if (c >= full) break;
        if (c + U < full) d.load(sa, c + U, full, false);
        d.compute(sb, c, full, false);
        c += U;
    }
    if (c < c1) {
        d.load(sa, c, c1, true);
        d.compute(sa, c, c1, true);
    }
}

// The bulk-copy ring (DecodeConfig::ring, MEDAWQ_GEMV_RING=N; off by default, written in
// session 10 and not yet measured). Nsight Compute on the H100 found the W4A16 GEMV latency-bound
// (28672x4096, one token: 13.6 warps per SM, DRAM 35 % and SM 32 % busy, 61 % of a warp's
// cycles waiting on its own loads; BENCHMARKS.md, "Session 10"). A ring of 16-byte cp.async
// copies per lane kept more bytes in flight and was slower on the H100, more warps per SM too.
// Here the Hopper bulk-copy engine (TMA) moves each iteration into one of the warp's `stages`
// shared-memory slots: lane 0 issues one copy of the iteration's weights (U x 512 contiguous
// bytes of the tile) and one per group of its scales (32 B) and zeros (16 B), and their arrival
// is counted on the slot's mbarrier; the lanes wait on it, read the slot into a register stage,
// and lane 0 sends the slot off again for the iteration `stages` ahead. No load instructions
// per lane, no registers held for the iterations in flight.
// D provides kSlotBytes (one warp's slot), issueBulk(slot, barrier, c, policy) and
// read(stage, slot).
__device__ __forceinline__ uint64_t evictFirstPolicy() {
    uint64_t policy;
    asm volatile("createpolicy.fractional.L2::evict_first.b64 %0, 1.0;" : "=l"(policy));
    return policy;
}
// bytes (a multiple of 16) from 16-byte aligned global src to shared dst; completion counted on bar.
__device__ __forceinline__ void bulkCopy(uint32_t dst, const void* src, uint32_t bytes, uint32_t bar, uint64_t policy) {
    asm volatile(
        "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes.L2::cache_hint [%0], [%1], %2, [%3], %4;" ::"r"(dst),
        "l"(src), "r"(bytes), "r"(bar), "l"(policy)
        : "memory");
}
// The arrival of the slot's issuer, and the bytes the slot's copies will bring.
__device__ __forceinline__ void expectBytes(uint32_t bar, uint32_t bytes) {
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(bar), "r"(bytes) : "memory");
}
__device__ __forceinline__ void waitBarrier(uint32_t bar, uint32_t parity) {
    asm volatile(
        "{\n .reg .pred done;\n wait:\n mbarrier.try_wait.parity.shared::cta.b64 done, [%0], %1;\n"
        " @!done bra wait;\n}\n" ::"r"(bar),
        "r"(parity)
        : "memory");
}
__device__ __forceinline__ uint32_t sharedLoad4(uint32_t a) {
    uint32_t v;
    asm volatile("ld.shared.u32 %0, [%1];" : "=r"(v) : "r"(a));
    return v;
}
__device__ __forceinline__ uint32_t sharedLoad2(uint32_t a) {
    unsigned short v;
    asm volatile("ld.shared.u16 %0, [%1];" : "=h"(v) : "r"(a));
    return v;
}
// The most slots a ring has.
constexpr int kMaxRingStages = 8;
// Host side: the slots a launch gets, `requested` cut down so that a block's dynamic shared memory
// (normBytes + slots x slotBytes, slotBytes for all its warps with their barriers) leaves room for
// two blocks per SM (Hopper: 227 KB each); 0 (or fewer than 2 slots): register stages.
inline int fittedRing(int requested, size_t normBytes, size_t slotBytes) {
    constexpr size_t kBlockBudget = 100 * 1024;
    int slots = std::min(requested, kMaxRingStages);
    if (normBytes + size_t(std::max(slots, 0)) * slotBytes > kBlockBudget)
        slots = normBytes >= kBlockBudget ? 0 : int((kBlockBudget - normBytes) / slotBytes);
    return slots >= 2 ? slots : 0;
}

// Before the predecessor wait: lane 0 sets up the warp's slot barriers (one arrival each, its
// own) and sends the first `stages` iterations of [c, full) on their way.
template <int U, typename D>
__device__ __forceinline__ void primeRing(const D& d, uint32_t base, uint32_t bars, int stages, int c, int full) {
    if ((threadIdx.x & 31) == 0) {
        for (int s = 0; s < stages; ++s)
            asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(bars + 8 * s) : "memory");
        asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
        asm volatile("fence.proxy.async.shared::cta;" ::: "memory");  // the barriers, seen by the copy engine
        const uint64_t policy = evictFirstPolicy();
        for (int s = 0; s < stages && c + s * U < full; ++s) d.issueBulk(base + s * D::kSlotBytes, bars + 8 * s, c + s * U, policy);
    }
    __syncwarp();
}
// A warp's pass over [c, c1) after primeRing: whole iterations from the ring, the rest
// predicated from registers as in streamSlice.
template <int U, typename Stage, typename D>
__device__ __forceinline__ void streamRing(D& d, uint32_t base, uint32_t bars, int stages, int c, int full, int c1) {
    const bool issuer = (threadIdx.x & 31) == 0;
    const uint64_t policy = evictFirstPolicy();
    int slot = 0;
    uint32_t parity = 0;
    for (; c < full; c += U) {
        waitBarrier(bars + 8 * slot, parity);
        Stage st;
        d.read(st, base + slot * D::kSlotBytes);
        // Every lane has read the slot; the bulk copy that refills it must come after those reads.
        __syncwarp();
        const int ahead = c + stages * U;
        if (issuer && ahead < full) {
            asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
            d.issueBulk(base + slot * D::kSlotBytes, bars + 8 * slot, ahead, policy);
        }
        d.compute(st, c, full, false);
        if (++slot == stages) slot = 0, parity ^= 1u;
    }
    if (c < c1) {
        Stage st;
        d.load(st, c, c1, true);
        d.compute(st, c, c1, true);
    }
}

__device__ __forceinline__ float halfBits(uint32_t bits) { return __half2float(__ushort_as_half((unsigned short)bits)); }

// Where a GEMV writes: y [m, n] (T), an optional bias [n] (T), and with split K over blocks
// either the slices of one block column form a thread-block cluster (`cluster`: they add
// through distributed shared memory), or the fp32 workspace [16, 16 * tn] and one counter per
// block column (both zero between calls) take fp32 atomics. `warpsPerTile` warps of a block
// share each tile, each with its own K slice (they add through shared memory first).
// `activation` >= 0: W is a fused gate|up whose tiles hold 8 gate rows then the matching 8 up
// rows (interleaveGateUp), and y [m, n / 2] receives act(gate) * up (activation.cuh codes).
struct Output {
    const void* bias;
    void* y;
    float* ws;
    int* counters;
    int m, n, tn;
    bool cluster;
    int warpsPerTile;
    int activation;
};

// The largest split K over blocks that runs as one cluster (the portable cluster size).
constexpr int kMaxClusterSplit = 8;
// Warps per block (and so warps per tile) the shared reduction buffer has room for.
constexpr int kMaxWarpsPerBlock = 8;

// How a launch splits K (host side): `warpsPerTile` slices inside each block times `requested`
// slices over blocks (gridDim.y), every slice whole loop iterations (`unroll` chunks), and
// whether the blocks' slices reduce in a cluster. Clusters only pay for more than 8 tokens: on
// the H200 they made one token slower (4096x4096 12.4 us against 8.1 with atomics; the
// co-scheduled launch) and 16 tokens faster (14.4 against 17.2; the atomics grow with the
// tokens). BENCHMARKS.md, "Session 5". Throws when the atomics would be needed and there is no
// workspace.
struct SplitPlan {
    int split, perSlice, warpsPerTile;
    bool cluster;
};
inline SplitPlan planSplit(int chunks, int requested, int warpsPerTile, int unroll, int64_t m, bool haveWorkspace,
                           const char* kernel) {
    SplitPlan p;
    p.warpsPerTile = warpsPerTile < 1 ? 1 : warpsPerTile > kMaxWarpsPerBlock ? kMaxWarpsPerBlock : warpsPerTile;
    const int slices = (requested < 1 ? 1 : requested) * p.warpsPerTile;
    p.perSlice = (chunks + slices - 1) / slices;
    p.perSlice = (p.perSlice + unroll - 1) / unroll * unroll;
    const int used = (chunks + p.perSlice - 1) / p.perSlice;  // slices that get chunks
    p.split = (used + p.warpsPerTile - 1) / p.warpsPerTile;
    p.cluster = p.split > 1 && p.split <= kMaxClusterSplit && m > 8 && clustersEnabled();
    if (p.split > 1 && !p.cluster && !haveWorkspace)
        throw std::runtime_error(std::string(kernel) + " with split K needs a workspace");
    return p;
}

// The default split of a launch with `tn` tiles of `chunks` chunks on `sms` multiprocessors
// (host side; both GEMVs). With at least 8 tiles per SM, none (28672x4096 on the H100: s1 27.1
// us, s2 36.6, s4 31.3). With fewer, K is split towards 16 warps per SM, each slice at least two
// loop iterations: first among the warps of a block (a power of two, at most 8: they add in
// shared memory, no atomics and no counter), then over blocks if that doubles the warps again
// (a model with few rows, e.g. the demo model).
struct SplitChoice {
    int warpsPerTile, splitK;
};
inline SplitChoice defaultSplit(int64_t tn, int64_t chunks, int unroll, int sms) {
    if (tn >= int64_t(sms) * 8) return {1, 1};
    int64_t slices = (int64_t(sms) * 16 + tn - 1) / tn;
    slices = std::max<int64_t>(1, std::min<int64_t>(slices, chunks / (2 * unroll)));
    int ks = 1;
    while (ks < kMaxWarpsPerBlock && ks < slices) ks *= 2;
    while (ks > 1 && ks > chunks / (2 * unroll)) ks /= 2;
    // Over blocks only when that at least doubles the warps (it brings back the atomics).
    const int64_t split = slices >= 2 * ks ? std::min<int64_t>((slices + ks - 1) / ks, kMaxClusterSplit) : 1;
    return {ks, int(split)};
}

// Grid and block of a launch: whole tiles per block (warpsPerBlock rounded to a multiple of
// the plan's warps per tile, at most kMaxWarpsPerBlock), blocks over tiles and K slices.
struct LaunchShape {
    dim3 grid, block;
};
inline LaunchShape launchShape(int tn, int warpsPerBlock, const SplitPlan& p) {
    const int ks = p.warpsPerTile;
    const int wpb = std::max(ks, std::min(kMaxWarpsPerBlock, warpsPerBlock) / ks * ks);
    const int tilesPerBlock = wpb / ks;
    return {dim3(unsigned((tn + tilesPerBlock - 1) / tilesPerBlock), unsigned(p.split)), dim3(unsigned(32 * wpb))};
}

// The epilogue's activation code, checked: a gated output needs an even N.
inline int checkedActivation(int activation, int64_t n) {
    if (activation >= 0 && (activation > 2 || n % 16 != 0))
        throw std::runtime_error("gated GEMV output: activation " + std::to_string(activation) + " over " +
                                 std::to_string(n) + " rows (needs code 0..2 and whole 16-row tiles)");
    return activation < 0 ? -1 : activation;
}

// This warp's tile and K slice [c0, c1) (empty past K): warps w of a block take tile
// blockIdx.x * (warps / warpsPerTile) + w / warpsPerTile and slice blockIdx.y * warpsPerTile +
// w % warpsPerTile.
struct WarpSlice {
    int tile, c0, c1;
};
__device__ __forceinline__ WarpSlice warpSlice(int chunks, int perSlice, int warpsPerTile) {
    const int warp = threadIdx.x >> 5;
    const int slice = blockIdx.y * warpsPerTile + warp % warpsPerTile;
    WarpSlice s;
    s.tile = blockIdx.x * ((blockDim.x >> 5) / warpsPerTile) + warp / warpsPerTile;
    s.c0 = min(chunks, slice * perSlice);
    s.c1 = min(chunks, s.c0 + perSlice);
    return s;
}

// Writes a tile's sums (plus bias): C fragment sum[j][e] is output row tile*16 + r + 8*(e >> 1),
// token j*8 + 2t + (e & 1). With an activation, rows r and r + 8 are gate and up of the gated
// row tile*8 + r, each rounded to T first as the separate gate|up product would be.
template <typename T, int NT8>
__device__ __forceinline__ void storeTile(const float (&sum)[NT8][4], int tile, const Output& o) {
    const int lane = threadIdx.x & 31, r = lane >> 2, t = lane & 3;
    const T* bias = static_cast<const T*>(o.bias);
    T* y = static_cast<T*>(o.y);
    auto value = [&](int j, int e) {
        const int row = tile * 16 + r + 8 * (e >> 1);
        return sum[j][e] + (bias && row < o.n ? Act<T>::toFloat(bias[row]) : 0.f);
    };
    auto rounded = [](float v) { return Act<T>::toFloat(Act<T>::fromFloat(v)); };
#pragma unroll
    for (int j = 0; j < NT8; ++j)
#pragma unroll
        for (int e = 0; e < 4; ++e) {
            const int tok = j * 8 + 2 * t + (e & 1);
            if (tok >= o.m) continue;
            if (o.activation < 0) {
                const int row = tile * 16 + r + 8 * (e >> 1);
                if (row < o.n) y[(size_t)tok * o.n + row] = Act<T>::fromFloat(value(j, e));
            } else if (e < 2) {
                const int row = tile * 8 + r, half = o.n / 2;
                const float gate = rounded(value(j, e)), up = rounded(value(j, e + 2));
                if (row < half) y[(size_t)tok * half + row] = Act<T>::fromFloat(rounded(activate(gate, o.activation)) * up);
            }
        }
}

// Every thread of the block calls this once with its warp's accumulators (see Output).
template <typename T, int NT8>
__device__ __forceinline__ void finishTile(float (&acc)[NT8][4], int tile, const Output& o) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, ks = o.warpsPerTile;
    __shared__ float parked[kMaxWarpsPerBlock][NT8 * 4][32];
    auto park = [&]() {
#pragma unroll
        for (int j = 0; j < NT8; ++j)
#pragma unroll
            for (int e = 0; e < 4; ++e) parked[warp][j * 4 + e][lane] = acc[j][e];
    };
    if (ks > 1) {
        // The first warp of each tile adds the other slices of the block.
        park();
        __syncthreads();
        if (warp % ks == 0)
            for (int q = 1; q < ks; ++q)
#pragma unroll
                for (int j = 0; j < NT8; ++j)
#pragma unroll
                    for (int e = 0; e < 4; ++e) acc[j][e] += parked[warp + q][j * 4 + e][lane];
        __syncthreads();  // parked is reused below
    }
    const bool owner = warp % ks == 0 && tile < o.tn;
    if (gridDim.y == 1) {
        if (owner) storeTile<T, NT8>(acc, tile, o);
        return;
    }
    if (o.cluster) {
        // Split K over a cluster: every block parks its sums in its own shared memory, and the
        // first block of the cluster adds the others' through distributed shared memory. No
        // global atomics, no counter, no fence.
        namespace cg = cooperative_groups;
        park();
        cg::cluster_group cluster = cg::this_cluster();
        cluster.sync();
        if (cluster.block_rank() == 0 && owner) {
            for (unsigned q = 1; q < cluster.num_blocks(); ++q) {
                const float* other = cluster.map_shared_rank(&parked[warp][0][0], q);
#pragma unroll
                for (int j = 0; j < NT8; ++j)
#pragma unroll
                    for (int e = 0; e < 4; ++e) acc[j][e] += other[(j * 4 + e) * 32 + lane];
            }
            storeTile<T, NT8>(acc, tile, o);
        }
        cluster.sync();  // the others' shared memory must outlive the first block's reads
        return;
    }
    // Split K through global memory: add this slice's sums in fp32; the last block of the tile
    // column writes the output and clears the workspace and its counter for the next call.
    const int r = lane >> 2, t = lane & 3, npad = o.tn * 16;
    auto slot = [&](int j, int e) -> float* {
        const int row = tile * 16 + r + 8 * (e >> 1), tok = j * 8 + 2 * t + (e & 1);
        return tok < o.m ? o.ws + (size_t)tok * npad + row : nullptr;
    };
    if (owner) {
#pragma unroll
        for (int j = 0; j < NT8; ++j)
#pragma unroll
            for (int e = 0; e < 4; ++e)
                if (float* p = slot(j, e)) atomicAdd(p, acc[j][e]);
    }
    __threadfence();
    __syncthreads();
    __shared__ int isLast;
    if (threadIdx.x == 0) isLast = atomicAdd(o.counters + blockIdx.x, 1) == (int)gridDim.y - 1;
    __syncthreads();
    if (!isLast) return;
    __threadfence();
    if (owner) {
#pragma unroll
        for (int j = 0; j < NT8; ++j)
#pragma unroll
            for (int e = 0; e < 4; ++e)
                if (float* p = slot(j, e)) {
                    acc[j][e] = __ldcg(p);
                    *p = 0.f;
                }
        storeTile<T, NT8>(acc, tile, o);
    }
    if (threadIdx.x == 0) o.counters[blockIdx.x] = 0;
}

}  // namespace medawq::cuda::gemv
