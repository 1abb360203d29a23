// W4A16 kernels over the tile layout of kernels/w4a16.h.
//
// Decode (1..16 tokens). Each warp owns one 16-row tile of W (16 output channels) and a slice
// of K. Per 64-wide K chunk a lane loads 16 bytes (one 512-byte coalesced read per warp: the
// whole tile chunk), turns each 32-bit word into the A fragment of one m16n8k16 tensor-core MMA
// (the layout puts every nibble where the fragment wants it, so there is no shuffle), and reads
// the activations straight from global memory/L1 as the B fragment (tokens are the MMA's N).
// So 1 token and 16 tokens cost the same dequantisation and the same weight bytes; 16 tokens
// only add a second MMA per step.
//   Dequantisation happens in registers with integer tricks: (w >> 4i) & 0x000F000F | MAGIC puts
// two nibbles in the mantissas of a bf16x2 (or f16x2) pair worth MAGIC + q; one fma with the
// pre-built pair -(MAGIC + z) leaves q - z exactly (small integers are exact in bf16). The MMA
// accumulates (q - z)·x for one quantisation group in fp32, and the group's fp16 scale is
// applied to that fp32 partial sum (one FMA per output per group): the dequantised weight is
// never rounded to 16 bits, so the result is closer to the fp32 truth than a bf16 dense matmul.
//   What bounds the speed (measured on the H100, BENCHMARKS.md "W4A16 kernels"): the weight
// stream, 0.5 B/weight + 3 B per (group, row). Activations, scales' re-reads and outputs hit
// L1/L2. Each warp double-buffers `unroll` 16-byte loads per thread (streaming, evict-first).
// On 28672x4096 the kernel moves 2.27 TB/s (68 % of 3.35), short of cuBLAS bf16's 2.88. Over
// the four benchmark shapes its time fits 6.3 us + bytes / 2.93 TB/s (within 0.4 us; cuBLAS bf16:
// 5.1 us + bytes / 3.06 TB/s): the stream itself runs at cuBLAS's rate, and what is missing is a
// fixed cost per call (ramp-up, the last loads' latency, the epilogue), which 4-bit weights,
// 4x fewer bytes, cannot amortise. K is split first among a block's warps (they add in shared
// memory), over blocks only when that doubles the warps in flight (gemv::defaultSplit): 16
// tokens then cost 1.33-1.37x one token on every Mistral shape (H200, BENCHMARKS.md "Session 6";
// with the global fp32 atomics of session 5's split it was 1.5-2.0x).
//   Nsight Compute on the H100 (BENCHMARKS.md, "Session 10"; 28672x4096, one token): one
// partial wave (224 blocks, 13.6 warps per SM, 100 registers), DRAM 35 % and SM 32 % busy, 61 %
// of a warp's cycles waiting on its own loads: latency-bound. Deeper per-warp pipelines through a
// cp.async ring in shared memory were faster alone on the H200 and slower on the H100, and were
// dropped; a ring filled by Hopper's bulk copies (gemv::streamRing, MEDAWQ_GEMV_RING) is written
// and not yet measured.
//
// Dequantise (prefill, M > 16): one warp per 512-byte tile chunk writes 16 rows x 64 columns of
// the dense weight with 16-byte stores; cuBLAS then runs the matmul on it.
#include "kernels/w4a16_kernels.h"

#include "kernels/gemv_common.cuh"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace medawq::cuda {

namespace {

void check(cudaError_t e, const char* what) {
    if (e != cudaSuccess) throw std::runtime_error(std::string("W4A16 ") + what + ": " + cudaGetErrorString(e));
}

using gemv::Act;
using gemv::halfBits;
using gemv::loadStream;
using gemv::loadU16;
using gemv::loadU32;
using gemv::mma;

// d = a * 1 + b on packed pairs (b = -(MAGIC + z)): exact, the result is a small integer.
__device__ __forceinline__ uint32_t fmaPair(uint32_t a, uint32_t one, uint32_t b, __nv_bfloat16) {
    uint32_t d;
    asm("fma.rn.bf16x2 %0, %1, %2, %3;" : "=r"(d) : "r"(a), "r"(one), "r"(b));
    return d;
}
__device__ __forceinline__ uint32_t fmaPair(uint32_t a, uint32_t one, uint32_t b, __half) {
    uint32_t d;
    asm("fma.rn.f16x2 %0, %1, %2, %3;" : "=r"(d) : "r"(a), "r"(one), "r"(b));
    return d;
}

struct DecodeArgs {
    const void* x;
    const uint4* tiles;
    const uint32_t* scales;  // [G, N16, 8]: fp16 scale of row r (low half) and r + 8 (high half)
    const uint16_t* zeros;   // [G, N16, 8]: zero of row r (low byte) and r + 8 (high byte)
    gemv::Output out;
    int k, chunksPerSlice;
    int prefetchAhead;  // chunks (DecodeConfig::prefetchAhead iterations x U)
    int ring;           // slots of the bulk-copy ring (DecodeConfig::ring), 0: register stages
    FusedNorm norm;     // used by the Normed kernels only (x is then the residual)
};

// One iteration's weights (U chunks) and the scales/zeros of its NG groups.
template <int U, int NG>
struct Stage {
    uint4 w[U];
    uint32_t sc[NG];
    uint32_t zz[NG];
};

// T: activation type; NT8: 8-token MMA column tiles (1 for M <= 8, 2 for M <= 16); G: group
// size; U: 64-wide chunks per iteration (16-byte weight loads per thread per stage); SX: the
// activations are in shared memory (the fused norm's output).
template <typename T, int NT8, int G, int U, bool SX = false>
struct Decode {
    static constexpr int HPG = G / 32;      // 32-wide K halves per group
    static constexpr int NG = 2 * U / HPG;  // groups per iteration
    static_assert((2 * U) % HPG == 0, "an iteration holds whole groups");
    using StageT = Stage<U, NG>;

    const uint4* wp;      // this lane's 16 bytes of chunk 0 of the tile
    const uint32_t* sp;   // scales of rows r, r + 8, group 0
    const uint16_t* zp;   // zeros, same
    size_t gstride;       // elements between groups
    int sliceEnd, ahead;  // the rolling L2 prefetch (gemv::prefetchRange): slice end, chunks ahead
    const uint4* xp[NT8]; // token r (+ 8) activations, lane t's 8 of each half
    bool xok[NT8];
    float acc[NT8][4];

    // Loads chunks c .. c + U - 1 (only those below `end` when `guard`).
    __device__ __forceinline__ void load(StageT& st, int c, int end, bool guard) const {
        const int g0 = (c * 64) / G;  // c is group-aligned
        const int lane = threadIdx.x & 31;
        if (ahead > 0) {
            // Lane 0 the weights, lanes 1.. the scale and zero lines of the groups ahead.
            if (lane == 0) gemv::prefetchRange(wp, c, sliceEnd, ahead, U, 512);
            const int ga = ((c + ahead) * 64) / G + (lane - 1);
            if (lane >= 1 && lane <= NG && c + ahead + ((lane - 1) * HPG) / 2 < sliceEnd) {
                prefetchLineL2(sp + (size_t)ga * gstride);
                prefetchLineL2(zp + (size_t)ga * gstride);
            }
        }
#pragma unroll
        for (int u = 0; u < U; ++u)
            st.w[u] = (!guard || c + u < end) ? loadStream(wp + (size_t)(c + u) * 32) : make_uint4(0, 0, 0, 0);
#pragma unroll
        for (int gi = 0; gi < NG; ++gi) {
            const bool ok = !guard || c + (gi * HPG) / 2 < end;
            st.sc[gi] = ok ? loadU32(sp + (size_t)(g0 + gi) * gstride) : 0u;
            st.zz[gi] = ok ? loadU16(zp + (size_t)(g0 + gi) * gstride) : 0u;
        }
    }

    // One warp's ring slot (gemv::streamRing): the iteration's U chunks of the tile as they lie
    // in global memory (lane l's 16 bytes of chunk u at u * 512 + 16 l), then NG groups' scales
    // (32 B each: 8 words, rows r and r + 8) and zeros (16 B each: 8 halves). The slot's mbarrier
    // is kept apart (after every warp's slots, see decodeKernel).
    static constexpr uint32_t kSlotBytes = U * 512 + NG * 48;
    __device__ __forceinline__ void issueBulk(uint32_t slot, uint32_t bar, int c, uint64_t policy) const {
        const int lane = threadIdx.x & 31, r = lane >> 2, g0 = (c * 64) / G;
        gemv::expectBytes(bar, kSlotBytes);
        gemv::bulkCopy(slot, wp - lane + (size_t)c * 32, U * 512, bar, policy);
#pragma unroll
        for (int gi = 0; gi < NG; ++gi) {
            gemv::bulkCopy(slot + U * 512 + gi * 32, sp - r + (size_t)(g0 + gi) * gstride, 32, bar, policy);
            gemv::bulkCopy(slot + U * 512 + NG * 32 + gi * 16, zp - r + (size_t)(g0 + gi) * gstride, 16, bar, policy);
        }
    }
    __device__ __forceinline__ void read(StageT& st, uint32_t slot) const {
        const int lane = threadIdx.x & 31, r = lane >> 2;
#pragma unroll
        for (int u = 0; u < U; ++u) st.w[u] = gemv::sharedLoad16(slot + u * 512 + lane * 16);
#pragma unroll
        for (int gi = 0; gi < NG; ++gi) {
            st.sc[gi] = gemv::sharedLoad4(slot + U * 512 + gi * 32 + r * 4);
            st.zz[gi] = gemv::sharedLoad2(slot + U * 512 + NG * 32 + gi * 16 + r * 2);
        }
    }

    __device__ __forceinline__ void compute(const StageT& st, int c, int end, bool guard) {
        const uint32_t one = Act<T>::kOne;
        float sLo = 0.f, sHi = 0.f;
        uint32_t zLo = 0, zHi = 0;
        // Two accumulator sets (even and odd MMA steps) halve the chain of dependent MMAs.
        float tc[2][NT8][4];
#pragma unroll
        for (int u = 0; u < U; ++u) {
            const uint32_t words[4] = {st.w[u].x, st.w[u].y, st.w[u].z, st.w[u].w};
            const bool live = !guard || c + u < end;
            uint4 xb[2][NT8];
#pragma unroll
            for (int h = 0; h < 2; ++h)
#pragma unroll
                for (int j = 0; j < NT8; ++j)
                    xb[h][j] = (xok[j] && live) ? gemv::loadX<SX>(xp[j] + (size_t)(c + u) * 8 + h * 4)
                                                : make_uint4(0, 0, 0, 0);
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const int hh = 2 * u + h, gi = hh / HPG;
                if (hh % HPG == 0) {
                    // Pairs -(MAGIC + z) for row r (low byte) and r + 8 (high byte).
                    const uint32_t zl = st.zz[gi] & 0xFFu, zh = (st.zz[gi] >> 8) & 0xFFu;
                    zLo = ((zl * 0x10001u) | Act<T>::kMagic) ^ 0x80008000u;
                    zHi = ((zh * 0x10001u) | Act<T>::kMagic) ^ 0x80008000u;
                    sLo = halfBits(st.sc[gi] & 0xFFFFu);
                    sHi = halfBits(st.sc[gi] >> 16);
#pragma unroll
                    for (int p = 0; p < 2; ++p)
#pragma unroll
                        for (int j = 0; j < NT8; ++j)
#pragma unroll
                            for (int e = 0; e < 4; ++e) tc[p][j][e] = 0.f;
                }
#pragma unroll
                for (int s = 0; s < 2; ++s) {
                    const uint32_t w = words[2 * h + s];
                    uint32_t af[4];
                    af[0] = fmaPair((w & 0x000F000Fu) | Act<T>::kMagic, one, zLo, T());
                    af[1] = fmaPair(((w >> 4) & 0x000F000Fu) | Act<T>::kMagic, one, zHi, T());
                    af[2] = fmaPair(((w >> 8) & 0x000F000Fu) | Act<T>::kMagic, one, zLo, T());
                    af[3] = fmaPair(((w >> 12) & 0x000F000Fu) | Act<T>::kMagic, one, zHi, T());
#pragma unroll
                    for (int j = 0; j < NT8; ++j)
                        mma(tc[s][j], af, s ? xb[h][j].z : xb[h][j].x, s ? xb[h][j].w : xb[h][j].y, T());
                }
                if (hh % HPG == HPG - 1) {
#pragma unroll
                    for (int j = 0; j < NT8; ++j) {
                        acc[j][0] = fmaf(sLo, tc[0][j][0] + tc[1][j][0], acc[j][0]);
                        acc[j][1] = fmaf(sLo, tc[0][j][1] + tc[1][j][1], acc[j][1]);
                        acc[j][2] = fmaf(sHi, tc[0][j][2] + tc[1][j][2], acc[j][2]);
                        acc[j][3] = fmaf(sHi, tc[0][j][3] + tc[1][j][3], acc[j][3]);
                    }
                }
            }
        }
    }
};

// Normed: the fused add + RMSNorm first (gemv::normPrologue, one token), its output in dynamic
// shared memory. Ring: the weights come through the bulk-copy ring (gemv::streamRing, a.ring
// slots a warp), else through register stages; two instantiations, so that neither path's
// registers and scheduling pay for the other's.
template <typename T, int NT8, int G, int U, bool Normed, bool Ring>
__global__ void __launch_bounds__(256) decodeKernel(const DecodeArgs a) {
    using D = Decode<T, NT8, G, U, Normed>;
    static_assert(!Ring || U == 4, "the ring is built for 4 chunks an iteration");
    allowSuccessorLaunch();
    const int lane = threadIdx.x & 31, r = lane >> 2;
    const int tn = a.out.tn;
    const int chunks = a.k >> 6;
    const auto [tile, c0, c1] = gemv::warpSlice(chunks, a.chunksPerSlice, a.out.warpsPerTile);
    const T* x = static_cast<const T*>(a.x);

    D d;
#pragma unroll
    for (int j = 0; j < NT8; ++j)
#pragma unroll
        for (int e = 0; e < 4; ++e) d.acc[j][e] = 0.f;

    const bool live = tile < tn;
    const int full = c0 + (c1 - c0) / U * U;  // whole iterations; the rest is predicated
    typename D::StageT sa, sb;
    extern __shared__ uint4 dynamicShared[];
    // Dynamic shared memory: the fused norm's row (Normed), every warp's ring slots, then every
    // warp's slot barriers (8 bytes each).
    const uint32_t slots = gemv::sharedAddress(dynamicShared) + (Normed ? uint32_t(a.k) * sizeof(T) : 0u);
    const uint32_t warp = threadIdx.x >> 5, perWarp = uint32_t(a.ring);
    const uint32_t ring = slots + warp * perWarp * D::kSlotBytes;
    const uint32_t bars = slots + (blockDim.x >> 5) * perWarp * D::kSlotBytes + warp * perWarp * 8;
    if (live) {
        d.wp = a.tiles + (size_t)tile * chunks * 32 + lane;
        d.gstride = (size_t)tn * 8;
        d.sliceEnd = c1;
        d.ahead = a.prefetchAhead;
        d.sp = a.scales + (size_t)tile * 8 + r;
        d.zp = a.zeros + (size_t)tile * 8 + r;
        // Before waiting for the predecessor (gemv_common.cuh): this warp's first weights into
        // registers, the next ones towards L2; or the ring's first slots on their way.
        if constexpr (Ring) {
            gemv::primeRing<U>(d, ring, bars, a.ring, c0, full);
        } else {
            if (lane == 0 && c1 - c0 > U)
                prefetchL2(d.wp - lane + (size_t)(c0 + U) * 32,
                           min(uint32_t(c1 - c0 - U) * 512u, gemv::kPrefetchBytesPerWarp));
            if (c0 < full) d.load(sa, c0, full, false);
        }
    }
    waitForPredecessor();
    if constexpr (Normed) {
        gemv::normPrologue<T>(x, a.norm, a.k, reinterpret_cast<T*>(dynamicShared));
        x = reinterpret_cast<const T*>(dynamicShared);
    }
    if (live) {
        gemv::pointActivations<T, NT8>(d, x, a.out.m, a.k);
        if constexpr (Ring) gemv::streamRing<U, typename D::StageT>(d, ring, bars, a.ring, c0, full, c1);
        else gemv::streamSlice<U>(d, sa, sb, c0, full, c1);
    }
    gemv::finishTile<T, NT8>(d.acc, tile, a.out);
}

template <typename T, int G>
__global__ void __launch_bounds__(256) dequantizeKernel(const uint4* __restrict__ tiles, const uint32_t* __restrict__ scales,
                                                        const uint16_t* __restrict__ zeros, T* __restrict__ out, int n,
                                                        int k, int tn) {
    const int lane = threadIdx.x & 31, r = lane >> 2, t = lane & 3;
    const int chunks = k >> 6;
    const long long units = (long long)tn * chunks;
    const long long warps = (long long)gridDim.x * (blockDim.x >> 5);
    for (long long unit = blockIdx.x * (long long)(blockDim.x >> 5) + (threadIdx.x >> 5); unit < units; unit += warps) {
        const int tile = int(unit / chunks), c = int(unit % chunks);
        const uint4 q4 = __ldcs(tiles + unit * 32 + lane);
        const uint32_t words[4] = {q4.x, q4.y, q4.z, q4.w};
#pragma unroll
        for (int h = 0; h < 2; ++h) {
            const int g = (c * 64 + 32 * h) / G;
            const uint32_t sc = __ldg(scales + ((size_t)g * tn + tile) * 8 + r);
            const uint32_t zz = __ldg(zeros + ((size_t)g * tn + tile) * 8 + r);
#pragma unroll
            for (int hi = 0; hi < 2; ++hi) {
                const int row = tile * 16 + r + 8 * hi;
                if (row >= n) continue;
                const float s = halfBits(hi ? sc >> 16 : sc & 0xFFFFu);
                const int z = hi ? int(zz >> 8) : int(zz & 0xFFu);
                // Element e of the 8 columns 32h + 8t + e: word 2h + (e >> 2), nibble 4*(e & 1) + 2*((e >> 1) & 1) + hi.
                T v[8];
#pragma unroll
                for (int e = 0; e < 8; ++e) {
                    const uint32_t w = words[2 * h + (e >> 2)];
                    const int nib = int((w >> (4 * (4 * (e & 1) + 2 * ((e >> 1) & 1) + hi))) & 0xFu);
                    v[e] = Act<T>::fromFloat(float(nib - z) * s);
                }
                T* dst = out + (size_t)row * k + c * 64 + 32 * h + 8 * t;
                if constexpr (sizeof(T) == 2) {
                    *reinterpret_cast<uint4*>(dst) = *reinterpret_cast<const uint4*>(v);
                } else {
                    reinterpret_cast<uint4*>(dst)[0] = *reinterpret_cast<const uint4*>(v);
                    reinterpret_cast<uint4*>(dst)[1] = *reinterpret_cast<const uint4*>(v + 4);
                }
            }
        }
    }
}

int multiprocessors() {
    int device = 0, count = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, device), "multiprocessor count");
    return count;
}

template <typename T, int NT8, int G>
void launchDecode(DecodeArgs args, dim3 grid, dim3 block, int unroll, cudaStream_t stream) {
    const unsigned cluster = args.out.cluster ? grid.y : 1u;
    const size_t normBytes = NT8 == 1 && args.norm.weight ? size_t(args.k) * sizeof(T) : 0;
    // The ring takes 4 chunks an iteration (the default unroll); unroll 8 streams through registers.
    const size_t slotBytes = size_t(block.x / 32) * (Decode<T, NT8, G, 4>::kSlotBytes + 8);  // + its barrier
    // Bulk copies need 16-byte aligned sources (whole tiles and groups from aligned bases).
    const bool aligned = (reinterpret_cast<uintptr_t>(args.tiles) | reinterpret_cast<uintptr_t>(args.scales) |
                          reinterpret_cast<uintptr_t>(args.zeros)) % 16 == 0;
    args.ring = unroll == 4 && aligned ? gemv::fittedRing(args.ring, normBytes, slotBytes) : 0;
    const size_t shared = normBytes + size_t(args.ring) * slotBytes;
    const bool ring = args.ring > 0;
    if constexpr (NT8 == 1) {
        if (args.norm.weight) {  // one token only (decode() checks)
            if (unroll == 8) launchClustered(decodeKernel<T, 1, G, 8, true, false>, grid, block, shared, stream, cluster, args);
            else if (ring) launchClustered(decodeKernel<T, 1, G, 4, true, true>, grid, block, shared, stream, cluster, args);
            else launchClustered(decodeKernel<T, 1, G, 4, true, false>, grid, block, shared, stream, cluster, args);
            return;
        }
    }
    if (unroll == 8) launchClustered(decodeKernel<T, NT8, G, 8, false, false>, grid, block, shared, stream, cluster, args);
    else if (ring) launchClustered(decodeKernel<T, NT8, G, 4, false, true>, grid, block, shared, stream, cluster, args);
    else launchClustered(decodeKernel<T, NT8, G, 4, false, false>, grid, block, shared, stream, cluster, args);
}

template <typename T, int NT8>
void launchDecodeG(const DecodeArgs& args, int64_t g, dim3 grid, dim3 block, int unroll, cudaStream_t stream) {
    if (g == 32) launchDecode<T, NT8, 32>(args, grid, block, unroll, stream);
    else if (g == 64) launchDecode<T, NT8, 64>(args, grid, block, unroll, stream);
    else launchDecode<T, NT8, 128>(args, grid, block, unroll, stream);
}

template <typename T>
void launchDecodeT(const DecodeArgs& args, int64_t g, dim3 grid, dim3 block, int unroll, cudaStream_t stream) {
    if (args.out.m <= 8) launchDecodeG<T, 1>(args, g, grid, block, unroll, stream);
    else launchDecodeG<T, 2>(args, g, grid, block, unroll, stream);
}

template <typename T>
void launchDequantize(const W4A16Weights& w, void* out, cudaStream_t stream) {
    const int tn = int(w.tiles16());
    const long long units = (long long)tn * (w.k / 64);
    const int blocks = int(std::min<long long>((units + 7) / 8, 65535LL * 8));
    const auto* tiles = reinterpret_cast<const uint4*>(w.tiles);
    const auto* scales = reinterpret_cast<const uint32_t*>(w.scales);
    const auto* zeros = reinterpret_cast<const uint16_t*>(w.zeros);
    T* o = static_cast<T*>(out);
    if (w.groupSize == 32) dequantizeKernel<T, 32><<<blocks, 256, 0, stream>>>(tiles, scales, zeros, o, int(w.n), int(w.k), tn);
    else if (w.groupSize == 64) dequantizeKernel<T, 64><<<blocks, 256, 0, stream>>>(tiles, scales, zeros, o, int(w.n), int(w.k), tn);
    else dequantizeKernel<T, 128><<<blocks, 256, 0, stream>>>(tiles, scales, zeros, o, int(w.n), int(w.k), tn);
}

void checkShape(const W4A16Weights& w) {
    if (w.k % 64 != 0 || (w.groupSize != 32 && w.groupSize != 64 && w.groupSize != 128) || w.k % w.groupSize != 0 ||
        w.n <= 0 || w.n % 8 != 0)
        throw std::runtime_error("W4A16 kernels need K % 64 == 0, group size 32/64/128 and N % 8 == 0 (got N " +
                                 std::to_string(w.n) + ", K " + std::to_string(w.k) + ", group " +
                                 std::to_string(w.groupSize) + ")");
}

}  // namespace

DecodeConfig defaultDecodeConfig(int64_t n, int64_t k, int64_t groupSize, int64_t m) {
    (void)groupSize;
    static const int sms = multiprocessors();
    DecodeConfig c;
    // From the sweeps in BENCHMARKS.md ("W4A16 kernels", "Session 6"): one token runs best with
    // 8 warps per block on every shape (28672x4096 26.9 us against 32.3 with 4), 16 tokens with
    // 4 (more accumulators per warp); unroll 8 was slower (more registers). The split of K is
    // gemv::defaultSplit's (a block's warps first); the session 6 sweep found these defaults best
    // or within 2 % on every shape.
    c.warpsPerBlock = m <= 8 ? 8 : 4;
    c.unroll = 4;
    const gemv::SplitChoice split = gemv::defaultSplit((n + 15) / 16, k / 64, c.unroll, sms);
    c.warpsPerTile = split.warpsPerTile;
    c.splitK = split.splitK;
    c.warpsPerBlock = std::max(c.warpsPerBlock, c.warpsPerTile);
    c.prefetchAhead = defaultPrefetchAhead();
    c.ring = defaultRing();
    return c;
}

int defaultRing() {
    // Off until measured (BENCHMARKS.md, "Session 10": a ring of 16-byte cp.async copies was
    // slower on the H100; this one moves whole iterations with the bulk-copy engine).
    static const int ring = engineNumber("MEDAWQ_GEMV_RING", 0, 0, gemv::kMaxRingStages);
    return ring;
}

int defaultPrefetchAhead() {
    static const int ahead = engineNumber("MEDAWQ_GEMV_PREFETCH_AHEAD", 0, 0, 64);
    return ahead;
}

int64_t decodeWorkspaceFloats(int64_t n) { return 16 * ((n + 15) / 16) * 16; }
int64_t decodeCounterInts(int64_t n) { return (n + 15) / 16; }

void decode(DType act, const W4A16Weights& w, const void* x, int64_t m, const void* bias, void* y, float* workspace,
            int* counters, const DecodeConfig& config, int activation, void* stream, const FusedNorm* norm) {
    checkShape(w);
    gemv::checkFusedNorm(norm, m, w.k, "W4A16 decode");
    if (m < 1 || m > 16) throw std::runtime_error("W4A16 decode handles 1..16 tokens, got " + std::to_string(m));
    if (act == DType::Float32) throw std::runtime_error("W4A16 decode takes bf16 or fp16 activations");
    if (reinterpret_cast<uintptr_t>(x) % 16 != 0) throw std::runtime_error("W4A16 decode needs 16-byte aligned activations");
    const int tn = int(w.tiles16());
    const int chunks = int(w.k / 64);
    const int unroll = config.unroll == 8 ? 8 : 4;
    // Slices hold whole loop iterations (unroll chunks; an iteration holds whole groups).
    const gemv::SplitPlan plan = gemv::planSplit(chunks, config.splitK, config.warpsPerTile, unroll, m,
                                                 workspace != nullptr && counters != nullptr, "W4A16 decode");
    const gemv::LaunchShape shape = gemv::launchShape(tn, config.warpsPerBlock, plan);
    DecodeArgs args{x,
                    reinterpret_cast<const uint4*>(w.tiles),
                    reinterpret_cast<const uint32_t*>(w.scales),
                    reinterpret_cast<const uint16_t*>(w.zeros),
                    gemv::Output{bias, y, workspace, counters, int(m), int(w.n), tn, plan.cluster, plan.warpsPerTile,
                                 gemv::checkedActivation(activation, w.n)},
                    int(w.k),
                    plan.perSlice,
                    std::clamp(config.prefetchAhead, 0, 64) * unroll,
                    std::clamp(config.ring, 0, gemv::kMaxRingStages),
                    norm ? *norm : FusedNorm{}};
    const dim3 grid = shape.grid, block = shape.block;
    auto s = static_cast<cudaStream_t>(stream);
    if (act == DType::BFloat16) launchDecodeT<__nv_bfloat16>(args, w.groupSize, grid, block, unroll, s);
    else launchDecodeT<__half>(args, w.groupSize, grid, block, unroll, s);
    check(cudaGetLastError(), "decode launch");
}

void dequantize(DType out, const W4A16Weights& w, void* weight, void* stream) {
    checkShape(w);
    auto s = static_cast<cudaStream_t>(stream);
    if (out == DType::BFloat16) launchDequantize<__nv_bfloat16>(w, weight, s);
    else if (out == DType::Float16) launchDequantize<__half>(w, weight, s);
    else launchDequantize<float>(w, weight, s);
    check(cudaGetLastError(), "dequantize launch");
}

}  // namespace medawq::cuda
