// AWQ 4-bit weights kept packed for the CUDA W4A16 kernels (w4a16_kernels.cu), and the torch
// reference of the same layout (used on the CPU and in the tests).
//
// The tile layout (built once at load by packW4A16 from an AutoAWQ GEMM checkpoint; the
// checkpoint's [K, N/8] words hold 8 output columns of one input row, which is the wrong way
// round for a GEMV that walks K). With N16 = ceil(N/16) (N padded with zero rows):
//   tiles  int32 [N16, K/64, 128]: one 512-byte record per (16-row tile, 64-wide K chunk).
//          Word 4*lane + j (lane = 4r + t, r = 0..7, t = 0..3; j = 2h + s, h, s = 0..1) holds 8
//          nibbles; nibble i (bits 4i..4i+3) is the code q of
//            row  = 16*tile + r + 8*(i & 1)
//            col  = 64*chunk + 32h + 8t + 4s + 2*((i >> 1) & 1) + (i >> 2).
//          So word j of a lane is the A fragment of one m16n8k16 MMA step (rows r and r+8; the
//          K positions of the fragment permuted so that lane t's 16 activations are contiguous
//          and one 16-byte load feeds two steps), and (word >> 4i) & 0x000F000F yields the
//          fragment's bf16x2 register i directly.
//   scales fp16  [K/g, N16, 8, 2]: element (g, tile, r, hi) is the scale of row 16*tile + r + 8*hi,
//          so one 32-bit load gives a lane both of its rows.
//   zeros  uint8 [K/g, N16, 8, 2]: the zero points, same order.
// Bytes: 0.5 per weight + 3 per (group, row), against the checkpoint's 0.5 + 2.5.
// Requires K % 64 == 0, group size 32/64/128, N % 8 == 0 (every linear of the supported families).
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <string>
#include <utility>

namespace medawq {

namespace cuda {
struct FusedNorm;  // kernels/w4a16_kernels.h
}

struct QuantizedWeight {
    at::Tensor tiles, scales, zeros;
    int64_t out = 0, in = 0, groupSize = 0;
    bool defined() const { return tiles.defined(); }
};

// Whether a linear of this shape can be kept in the tile layout.
bool w4a16Supports(int64_t out, int64_t in, int64_t groupSize);

// From the checkpoint's qweight [K, N/8], qzeros [K/g, N/8] (int32, AutoAWQ order), scales
// [K/g, N] (fp16). Runs with torch ops on the tensors' device (put them on the GPU first: it
// is fast there). Throws Error if the shape is not supported.
QuantizedWeight packW4A16(const at::Tensor& qweight, const at::Tensor& qzeros, const at::Tensor& scales,
                          int64_t groupSize);

// Dense [out, in] weight in `dtype`, (q - z)·s computed in fp32 and rounded once (identical to
// dequantizeAwqGemm). The CUDA kernel on CUDA tensors when built, torch ops otherwise.
at::Tensor dequantizeW4A16(const QuantizedWeight& w, at::ScalarType dtype);
// The torch-ops version, on any device (the reference of the layout).
at::Tensor dequantizeW4A16Reference(const QuantizedWeight& w, at::ScalarType dtype);

// y = x · W^T (+ bias). On CUDA with bf16/fp16 x: 1..16 rows of x run the decode kernel; more
// rows dequantize W to a scratch buffer, in slabs of output rows for a large W, and run cuBLAS.
// Elsewhere: dequantize + at::linear.
at::Tensor w4a16Linear(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias);

// True when this build has the CUDA kernels (MEDAWQ_HAVE_CUDA_KERNELS).
bool w4a16KernelsBuilt();

// A decode GEMV launch for benchmarks and checks (kernels/w4a16_kernels.h, DecodeConfig); 0
// takes the default (prefetchAhead, ring: -1; 0 turns the rolling prefetch, the ring off). `activation` >= 0
// (kernels/activation.cuh codes): W is an interleaved gate|up (interleaveGateUp) and the call
// returns act(gate) * up, [..., out / 2]. `norm`: an add + RMSNorm fused in front (one token; x
// is then the residual row: cuda::FusedNorm).
struct GemvLaunch {
    int warpsPerBlock = 0, splitK = 0, unroll = 0, warpsPerTile = 0;
    int prefetchAhead = -1;
    int ring = -1;
    int activation = -1;
    const cuda::FusedNorm* norm = nullptr;
};

// A fused gate|up as the decode kernels want it: output rows in blocks of 8, gate rows 8i..8i+7
// then up rows 8i..8i+7, so that one 16-row tile holds both inputs of 8 gated outputs and its
// epilogue can apply the activation. Packed: gate and up of the same shape with out % 16 == 0
// (the nibbles are moved in the tile layout); dense (2-D weights or 1-D biases): out % 8 == 0.
QuantizedWeight interleaveGateUp(const QuantizedWeight& gate, const QuantizedWeight& up);
at::Tensor interleaveGateUp(const at::Tensor& gate, const at::Tensor& up);
// The gate and up halves of an interleaved product [..., 2I] (strided views).
std::pair<at::Tensor, at::Tensor> splitGateUp(const at::Tensor& both);

// The largest number of rows of x that takes the decode kernel.
constexpr int64_t kW4A16DecodeMaxRows = 16;
// A prefill's dequantized scratch holds at most this many weights (32 MB in bf16).
constexpr int64_t kPrefillScratchElements = int64_t(16) << 20;

namespace w4a16 {
// Output rows [first, first + count) of w as a weight of their own (first a multiple of 16;
// the tiles are shared, the small scales and zeros copied).
QuantizedWeight rows(const QuantizedWeight& w, int64_t first, int64_t count);
// Many rows of x: dequantize at most maxScratchElements weights at a time and multiply.
at::Tensor prefillLinear(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias, int64_t maxScratchElements);
// Many rows of x through an interleaved gate|up (interleaveGateUp): combine(gate, up) computed
// slab by slab of whole tiles (each dequantized once, at most maxScratchElements weights at a
// time), so the [rows, 2I] product never exists (117 MB for a 2048-token chunk of Mistral-7B).
// Returns [..., I]; out % 16 == 0.
at::Tensor pairedPrefill(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias, int64_t maxScratchElements,
                         const std::function<at::Tensor(const at::Tensor&, const at::Tensor&)>& combine);
// The decode kernel with an explicit launch. x: [M, K] with 1 <= M <= 16, CUDA, bf16/fp16.
at::Tensor decodeWith(const at::Tensor& x, const QuantizedWeight& w, const at::Tensor& bias, const GemvLaunch& launch);
// The default configuration for a shape, as "wW kK sS uU" (K: warps per tile).
std::string describeDefault(int64_t out, int64_t in, int64_t groupSize, int64_t m);
}  // namespace w4a16

}  // namespace medawq
