// Launchers of the small fused kernels of the graphed decode step (decode_step_kernels.cu):
// one token, batch 1. Torch-free like w4a16_kernels.h: raw pointers, the stream as void*. The
// position of the token is read from device memory (`pos`, one int64) so that one captured
// CUDA graph serves every step. Arithmetic mirrors the torch reference ops (decode_step.cpp)
// rounding for rounding where that is cheap (norms, RoPE, gated activation); attention keeps
// its scores and softmax in fp32 (as the fused SDPA kernels do).
#pragma once

#include "kernels/w4a16_kernels.h"

#include <cstdint>

namespace medawq::cuda {

// residual += h (rounded to the model dtype; skipped when h is null), then
// out = RMSNorm(residual): Llama convention w * dtype(x / rms), or Gemma's dtype(x / rms * (1 + w)).
void addRmsNorm(DType t, void* residual, const void* h, const void* weight, void* out, int rows, int hidden,
                float eps, bool onePlus, void* stream);

// Rotates q [heads, D] in place and k [kvHeads, D] (rotate-half RoPE with cos/sin rows `pos` of
// tables [capacity, D]), then writes k and v [kvHeads, D] to row `pos` of the caches
// [kvHeads, capacity, D]. With qNorm and kNorm (weights [D], Gemma 3's q_norm/k_norm), each q and
// k head is first RMS-normalised over its D values, as addRmsNorm does a row (eps, onePlus).
void ropeAppend(DType t, void* q, const void* k, const void* v, const void* cos, const void* sin, const int64_t* pos,
                void* keys, void* values, int heads, int kvHeads, int headDim, int capacity, void* stream,
                const void* qNorm = nullptr, const void* kNorm = nullptr, float eps = 1e-6f, bool onePlus = false);

// The number of sequence slices decodeAttention uses for a cache of `capacity` rows, and the
// workspace it needs: heads * splits * (headDim + 2) floats and one int counter per head, zero
// when first used (each call leaves the counters zero again).
int decodeAttentionSplits(int capacity);
int64_t decodeAttentionWorkspaceFloats(int heads, int headDim, int splits);
// Whether the kernel takes these heads: at most 16 query heads per KV head, head_dim <= 256.
bool decodeAttentionSupports(int heads, int kvHeads, int headDim);

// out [heads, D] = softmax(q · K^T * scale (soft-capped when softcap > 0)) · V over cache rows
// max(0, pos - window + 1) .. pos (window 0: from row 0), grouped-query heads.
void decodeAttention(DType t, const void* q, const void* keys, const void* values, const int64_t* pos, void* out,
                     float* workspace, int heads, int kvHeads, int headDim, int capacity, int window, float scale,
                     float softcap, int splits, void* stream);

// out = act(g) * u, act: 0 silu, 1 gelu (erf), 2 gelu tanh.
void gatedActivation(DType t, const void* g, const void* u, void* out, int64_t n, int act, void* stream);

// out [n, rowBytes] = rows ids[0..n) (int64, device memory, clamped to 0..rows-1) of `table`
// [rows, rowBytes], which may be pinned host memory (unified addressing); rowBytes a multiple of
// 16, table and out 16-byte aligned.
void gatherRows(const void* table, int64_t rows, int64_t rowBytes, const int64_t* ids, int64_t n, void* out,
                void* stream);

}  // namespace medawq::cuda
