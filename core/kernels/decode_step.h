// The fused operations of one decode step (one token, batch 1) with the token's position in
// device memory, so that a single captured CUDA graph serves every step. On CUDA tensors of a
// build with the kernels they run decode_step_kernels.cu; elsewhere the same arithmetic with
// torch ops (the reference the CPU tests compare against the ordinary forward pass).
#pragma once

#include <ATen/ATen.h>

#include <string>

namespace medawq {

struct RmsNorm;

struct Linear;

// residual += h (in place; skipped when h is undefined), returns norm(residual).
at::Tensor addRmsNorm(at::Tensor& residual, const at::Tensor& h, const RmsNorm& norm);

// The same norm fused into the projection that follows it, one kernel (MEDAWQ_FUSE_NORM, on unless =0; CUDA
// kernels, one token): returns l(norm(residual + pending)), or with activation >= 0 (codes of
// activationCode) the gated product of an interleaved gate|up, and sets residualOut to a new
// tensor holding residual + pending (residual itself is left as it was). Returns an undefined
// tensor where it does not apply (switched off, CPU, shapes or storage it does not take): the
// caller then runs addRmsNorm and the projection. pendingNorm (Gemma's sandwich norms): pending
// is normalised by it first, in the same kernel.
at::Tensor normedProjection(const at::Tensor& residual, const at::Tensor& pending, const RmsNorm& norm, const Linear& l,
                            int activation, at::Tensor& residualOut, const RmsNorm* pendingNorm = nullptr);

// q [heads*D] rotated in place; k rotated and v written to row pos of keys/values
// [1, kvHeads, capacity, D]. cos/sin: tables [capacity, D] in the model dtype; pos: int64 [1].
// qNorm/kNorm (Gemma 3's per-head norms, both or neither): q and k normalised per head first,
// inside the RoPE kernel (MEDAWQ_FUSE_QK_NORM, on unless =0), else with torch ops before it (q is then
// replaced by a new tensor).
void ropeAppend(at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& cos, const at::Tensor& sin,
                const at::Tensor& pos, at::Tensor& keys, at::Tensor& values, int64_t heads, int64_t headDim,
                const RmsNorm* qNorm = nullptr, const RmsNorm* kNorm = nullptr);

// Attention of q [heads*D] over cache rows max(0, pos - window + 1)..pos (window 0: all),
// returns [heads*D]. `workspace`: fp32 scratch for the CUDA kernel (decodeAttentionWorkspace).
at::Tensor decodeAttention(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values, const at::Tensor& pos,
                           int64_t heads, int64_t window, double scale, double softcap, at::Tensor& workspace);
at::Tensor decodeAttentionWorkspace(int64_t heads, int64_t headDim, int64_t capacity, const at::Device& device);

// table[ids] as [*ids.shape, hidden] on ids' device (a GPU); the table may be in pinned host memory.
at::Tensor gatherRows(const at::Tensor& table, const at::Tensor& ids);

// act(g) * u; act: "silu" | "gelu" | "gelu_pytorch_tanh" (anything else: tanh approximation).
at::Tensor gatedActivation(const at::Tensor& g, const at::Tensor& u, const std::string& act);
// The kernels' code of an activation name (kernels/activation.cuh): silu 0, gelu 1, else 2.
int activationCode(const std::string& act);

}  // namespace medawq
