// Decode-time GEMV for bf16/fp16 weights, read straight from the checkpoint's row-major [N, K]
// layout. A warp owns 16 rows (one m16n8k16 A tile) and a slice of K. Per 64-wide K chunk lane
// (r, t) loads 16 bytes at columns 32h + 8t of rows r and r + 8 (h = 0, 1): 128 contiguous
// bytes of each of the 16 rows per warp and chunk. The MMA's K order is permuted inside each
// 32-wide half exactly as in the W4A16 tile layout (kernels/w4a16.h): step s of half h takes
// elements 4s..4s+3 of each lane's 8, so the loaded words are the A fragment as they are
// (a0 = row r word 2s, a1 = row r + 8 word 2s, a2/a3 the next word) and the activations are the
// same 16-byte B loads as in the W4A16 kernel. No shuffles, no shared memory.
//   For one token the MMA does 8x the needed arithmetic, which costs nothing here: a 2 KB chunk
// of a warp takes 4 MMAs against ~150 cycles of the SM's share of HBM bandwidth.
#include "kernels/dense_gemv_kernels.h"

#include "kernels/gemv_common.cuh"

#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace medawq::cuda {

namespace {

using gemv::loadStream;
using gemv::mma;

struct DenseArgs {
    const void* x;
    const uint4* w;  // [N, K / 8] 16-byte words
    gemv::Output out;
    int k, chunksPerSlice;
    int prefetchAhead;  // chunks (DecodeConfig::prefetchAhead iterations x U)
    FusedNorm norm;     // used by the Normed kernels only (x is then the residual)
};

// One iteration's weights: U chunks x (row r, row r + 8) x (half 0, 1).
template <int U>
struct DenseStage {
    uint4 w[U][2][2];
};

template <typename T, int NT8, int U, bool SX = false>  // SX: activations in shared memory
struct DenseDecode {
    const uint4* lo;  // row r (clamped to N - 1), this lane's word of half 0, chunk 0
    const uint4* hi;  // row r + 8, same
    const uint4* xp[NT8];
    bool xok[NT8];
    float acc[2][NT8][4];  // even and odd MMA steps: two independent chains
    int sliceEnd, ahead;   // the rolling L2 prefetch (gemv::prefetchRange): slice end, chunks ahead

    __device__ __forceinline__ void load(DenseStage<U>& st, int c, int end, bool guard) const {
        if (ahead > 0 && (threadIdx.x & 3) == 0) {
            // Lanes t == 0 hold rows r and r + 8 from their first word: 128 bytes per row per chunk.
            gemv::prefetchRange(lo, c, sliceEnd, ahead, U, 128);
            gemv::prefetchRange(hi, c, sliceEnd, ahead, U, 128);
        }
#pragma unroll
        for (int u = 0; u < U; ++u)
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                const bool ok = !guard || c + u < end;
                const size_t at = (size_t)(c + u) * 8 + h * 4;
                st.w[u][0][h] = ok ? loadStream(lo + at) : make_uint4(0, 0, 0, 0);
                st.w[u][1][h] = ok ? loadStream(hi + at) : make_uint4(0, 0, 0, 0);
            }
    }

    __device__ __forceinline__ void compute(const DenseStage<U>& st, int c, int end, bool guard) {
#pragma unroll
        for (int u = 0; u < U; ++u) {
            const bool live = !guard || c + u < end;
#pragma unroll
            for (int h = 0; h < 2; ++h) {
                uint4 xb[NT8];
#pragma unroll
                for (int j = 0; j < NT8; ++j)
                    xb[j] = (xok[j] && live) ? gemv::loadX<SX>(xp[j] + (size_t)(c + u) * 8 + h * 4)
                                             : make_uint4(0, 0, 0, 0);
                const uint4 a = st.w[u][0][h], b = st.w[u][1][h];
                const uint32_t step0[4] = {a.x, b.x, a.y, b.y};
                const uint32_t step1[4] = {a.z, b.z, a.w, b.w};
#pragma unroll
                for (int j = 0; j < NT8; ++j) {
                    mma(acc[0][j], step0, xb[j].x, xb[j].y, T());
                    mma(acc[1][j], step1, xb[j].z, xb[j].w, T());
                }
            }
        }
    }
};

// Normed: the fused add + RMSNorm first (gemv::normPrologue), as in the W4A16 kernel.
template <typename T, int NT8, int U, bool Normed>
__global__ void __launch_bounds__(256) denseDecodeKernel(const DenseArgs a) {
    using D = DenseDecode<T, NT8, U, Normed>;
    allowSuccessorLaunch();
    const int lane = threadIdx.x & 31, r = lane >> 2, t = lane & 3;
    const int tn = a.out.tn, n = a.out.n;
    const int chunks = a.k >> 6;
    const auto [tile, c0, c1] = gemv::warpSlice(chunks, a.chunksPerSlice, a.out.warpsPerTile);
    const size_t rowWords = (size_t)a.k / 8;

    D d;
#pragma unroll
    for (int p = 0; p < 2; ++p)
#pragma unroll
        for (int j = 0; j < NT8; ++j)
#pragma unroll
            for (int e = 0; e < 4; ++e) d.acc[p][j][e] = 0.f;

    const bool live = tile < tn;
    const int full = c0 + (c1 - c0) / U * U;
    DenseStage<U> sa, sb;
    if (live) {
        // Rows past N (the last tile of an N that is not a multiple of 16) read row N - 1 and
        // are never stored.
        const int rowLo = min(tile * 16 + r, n - 1), rowHi = min(tile * 16 + r + 8, n - 1);
        d.lo = a.w + rowLo * rowWords + t;
        d.hi = a.w + rowHi * rowWords + t;
        d.sliceEnd = c1;
        d.ahead = a.prefetchAhead;
        // Before waiting for the predecessor: the first chunks into registers, each of the 16
        // rows' next bytes towards L2 (gemv_common.cuh).
        if (t == 0 && c1 - c0 > U) {
            const uint32_t bytes = min(uint32_t(c1 - c0 - U) * 128u, gemv::kPrefetchBytesPerWarp / 16);
            prefetchL2(a.w + rowLo * rowWords + (size_t)(c0 + U) * 8, bytes);
            prefetchL2(a.w + rowHi * rowWords + (size_t)(c0 + U) * 8, bytes);
        }
        if (c0 < full) d.load(sa, c0, full, false);
    }
    waitForPredecessor();
    const T* x = static_cast<const T*>(a.x);
    if constexpr (Normed) {
        extern __shared__ uint4 normedX[];
        gemv::normPrologue<T>(x, a.norm, a.k, reinterpret_cast<T*>(normedX));
        x = reinterpret_cast<const T*>(normedX);
    }
    if (live) {
        gemv::pointActivations<T, NT8>(d, x, a.out.m, a.k);
        gemv::streamSlice<U>(d, sa, sb, c0, full, c1);
    }
    float acc[NT8][4];
#pragma unroll
    for (int j = 0; j < NT8; ++j)
#pragma unroll
        for (int e = 0; e < 4; ++e) acc[j][e] = d.acc[0][j][e] + d.acc[1][j][e];
    gemv::finishTile<T, NT8>(acc, tile, a.out);
}

template <typename T, int NT8>
void launchDense(const DenseArgs& args, dim3 grid, dim3 block, int unroll, cudaStream_t stream) {
    const unsigned cluster = args.out.cluster ? grid.y : 1u;
    if constexpr (NT8 == 1) {
        if (args.norm.weight) {  // one token only (denseDecode() checks)
            const size_t shared = size_t(args.k) * sizeof(T);
            if (unroll == 4) launchClustered(denseDecodeKernel<T, 1, 4, true>, grid, block, shared, stream, cluster, args);
            else launchClustered(denseDecodeKernel<T, 1, 2, true>, grid, block, shared, stream, cluster, args);
            return;
        }
    }
    if (unroll == 4) launchClustered(denseDecodeKernel<T, NT8, 4, false>, grid, block, 0, stream, cluster, args);
    else launchClustered(denseDecodeKernel<T, NT8, 2, false>, grid, block, 0, stream, cluster, args);
}

template <typename T>
void launchDenseT(const DenseArgs& args, dim3 grid, dim3 block, int unroll, cudaStream_t stream) {
    if (args.out.m <= 8) launchDense<T, 1>(args, grid, block, unroll, stream);
    else launchDense<T, 2>(args, grid, block, unroll, stream);
}

int multiprocessors() {
    int device = 0, count = 0;
    if (cudaGetDevice(&device) != cudaSuccess ||
        cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, device) != cudaSuccess)
        throw std::runtime_error("dense GEMV: cannot read the GPU's multiprocessor count");
    return count;
}

}  // namespace

bool denseDecodeSupports(int64_t n, int64_t k) { return n >= 1 && k >= 64 && k % 64 == 0; }

DecodeConfig defaultDenseDecodeConfig(int64_t n, int64_t k, int64_t m) {
    (void)m;
    static const int sms = multiprocessors();
    DecodeConfig c;
    c.warpsPerBlock = 4;
    // The W4A16 rule (gemv::defaultSplit). A chunk is 4x the bytes of a W4A16 chunk, so U = 2
    // already keeps 4 KB per warp in flight.
    c.unroll = 2;
    const gemv::SplitChoice split = gemv::defaultSplit((n + 15) / 16, k / 64, c.unroll, sms);
    c.warpsPerTile = split.warpsPerTile;
    c.splitK = split.splitK;
    c.warpsPerBlock = std::max(c.warpsPerBlock, c.warpsPerTile);
    c.prefetchAhead = defaultPrefetchAhead();
    return c;
}

void denseDecode(DType act, const void* w, int64_t n, int64_t k, const void* x, int64_t m, const void* bias, void* y,
                 float* workspace, int* counters, const DecodeConfig& config, int activation, void* stream,
                 const FusedNorm* norm) {
    gemv::checkFusedNorm(norm, m, k, "dense GEMV");
    if (!denseDecodeSupports(n, k))
        throw std::runtime_error("dense GEMV needs K % 64 == 0 (got N " + std::to_string(n) + ", K " + std::to_string(k) + ")");
    if (m < 1 || m > 16) throw std::runtime_error("dense GEMV handles 1..16 tokens, got " + std::to_string(m));
    if (act == DType::Float32) throw std::runtime_error("dense GEMV takes bf16 or fp16");
    if (reinterpret_cast<uintptr_t>(x) % 16 != 0 || reinterpret_cast<uintptr_t>(w) % 16 != 0)
        throw std::runtime_error("dense GEMV needs 16-byte aligned weights and activations");
    const int tn = int((n + 15) / 16), chunks = int(k / 64);
    const int unroll = config.unroll == 4 ? 4 : 2;
    const gemv::SplitPlan plan = gemv::planSplit(chunks, config.splitK, config.warpsPerTile, unroll, m,
                                                 workspace != nullptr && counters != nullptr, "dense GEMV");
    const gemv::LaunchShape shape = gemv::launchShape(tn, config.warpsPerBlock, plan);
    const DenseArgs args{x, static_cast<const uint4*>(w),
                         gemv::Output{bias, y, workspace, counters, int(m), int(n), tn, plan.cluster, plan.warpsPerTile,
                                      gemv::checkedActivation(activation, n)},
                         int(k), plan.perSlice, std::clamp(config.prefetchAhead, 0, 64) * unroll,
                         norm ? *norm : FusedNorm{}};
    const dim3 grid = shape.grid, block = shape.block;
    auto s = static_cast<cudaStream_t>(stream);
    if (act == DType::BFloat16) launchDenseT<__nv_bfloat16>(args, grid, block, unroll, s);
    else launchDenseT<__half>(args, grid, block, unroll, s);
    const cudaError_t e = cudaGetLastError();
    if (e != cudaSuccess) throw std::runtime_error(std::string("dense GEMV launch: ") + cudaGetErrorString(e));
}

}  // namespace medawq::cuda
