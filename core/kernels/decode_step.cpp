#include "kernels/decode_step.h"

#include "models/decoder_layer.h"
#include "models/rope.h"

#include <medawq/errors.h>

#include <limits>

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
#include "kernels/decode_step_kernels.h"
#include "kernels/dense_gemv.h"
#include "kernels/engine_switch.h"
#include "kernels/w4a16.h"
#include "kernels/w4a16_kernels.h"

#include <c10/cuda/CUDAStream.h>
#endif

namespace medawq {

namespace {

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
bool onKernels(const at::Tensor& t) {
    const auto s = t.scalar_type();
    return t.is_cuda() && (s == at::kBFloat16 || s == at::kHalf || s == at::kFloat);
}
cuda::DType kernelType(const at::Tensor& t) {
    return t.scalar_type() == at::kBFloat16 ? cuda::DType::BFloat16
           : t.scalar_type() == at::kHalf   ? cuda::DType::Float16
                                            : cuda::DType::Float32;
}
void* stream() { return c10::cuda::getCurrentCUDAStream().stream(); }
#endif

}  // namespace

at::Tensor addRmsNorm(at::Tensor& residual, const at::Tensor& h, const RmsNorm& norm) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (onKernels(residual) && norm.weight.scalar_type() == residual.scalar_type()) {
        const int64_t hidden = residual.size(-1);
        at::Tensor out = at::empty_like(residual);
        cuda::addRmsNorm(kernelType(residual), residual.data_ptr(), h.defined() ? h.contiguous().data_ptr() : nullptr,
                         norm.weight.data_ptr(), out.data_ptr(), int(residual.numel() / hidden), int(hidden),
                         float(norm.eps), norm.onePlus, stream());
        return out;
    }
#endif
    if (h.defined()) residual.add_(h);
    return norm(residual);
}

at::Tensor normedProjection(const at::Tensor& residual, const at::Tensor& pending, const RmsNorm& norm, const Linear& l,
                            int activation, at::Tensor& residualOut, const RmsNorm* pendingNorm) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    static const bool enabled = engineSwitch("MEDAWQ_FUSE_NORM", true);
    const auto type = residual.scalar_type();
    const int64_t k = residual.size(-1);
    auto takes = [&](const at::Tensor& t) {  // one contiguous, 16-byte aligned row of the residual's type
        return t.is_cuda() && t.scalar_type() == type && t.numel() == k && t.is_contiguous() &&
               reinterpret_cast<uintptr_t>(t.data_ptr()) % 16 == 0;
    };
    if (!enabled || !(type == at::kBFloat16 || type == at::kHalf) || !takes(residual) || !takes(norm.weight) ||
        (pending.defined() && !takes(pending)) || l.activationQuant.bits != 0 || k % 64 != 0 || k > cuda::kFusedNormMaxK)
        return {};
    if (pendingNorm && pending.defined() &&
        (!takes(pendingNorm->weight) || pendingNorm->eps != norm.eps || pendingNorm->onePlus != norm.onePlus))
        return {};
    const bool packed = l.packed.defined();
    if (!packed && !(l.weight.defined() && denseDecodeTakes(residual, l.weight))) return {};
    at::Tensor out = at::empty_like(residual);
    cuda::FusedNorm fused;
    fused.pending = pending.defined() ? pending.data_ptr() : nullptr;
    fused.pendingNorm = pendingNorm && pending.defined() ? pendingNorm->weight.data_ptr() : nullptr;
    fused.weight = norm.weight.data_ptr();
    fused.residualOut = out.data_ptr();
    fused.eps = float(norm.eps);
    fused.onePlus = norm.onePlus;
    GemvLaunch launch;
    launch.activation = activation;
    launch.norm = &fused;
    at::Tensor y = packed ? w4a16::decodeWith(residual, l.packed, l.bias, launch)
                          : dense_gemv::decodeWith(residual, l.weight, l.bias, launch);
    residualOut = out;
    return y;
#else
    (void)residual, (void)pending, (void)norm, (void)l, (void)activation, (void)residualOut, (void)pendingNorm;
    return {};
#endif
}

void ropeAppend(at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& cos, const at::Tensor& sin,
                const at::Tensor& pos, at::Tensor& keys, at::Tensor& values, int64_t heads, int64_t headDim,
                const RmsNorm* qNorm, const RmsNorm* kNorm) {
    const int64_t kvHeads = keys.size(1), capacity = keys.size(2);
    if ((qNorm == nullptr) != (kNorm == nullptr)) throw Error("RoPE", "q and k norms go together");
    const bool norms = qNorm != nullptr;
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    static const bool fuseNorms = engineSwitch("MEDAWQ_FUSE_QK_NORM", true);
    const bool normsInKernel = norms && fuseNorms && q.is_contiguous() && qNorm->weight.scalar_type() == q.scalar_type() &&
                               kNorm->weight.scalar_type() == q.scalar_type() && qNorm->onePlus == kNorm->onePlus &&
                               qNorm->eps == kNorm->eps && qNorm->weight.is_cuda() && kNorm->weight.is_cuda() &&
                               qNorm->weight.is_contiguous() && kNorm->weight.is_contiguous() &&
                               qNorm->weight.numel() == headDim && kNorm->weight.numel() == headDim &&
                               qNorm->weight.device() == q.device() && kNorm->weight.device() == q.device();
    if (onKernels(q) && (normsInKernel || !norms)) {
        cuda::ropeAppend(kernelType(q), q.data_ptr(), k.contiguous().data_ptr(), v.contiguous().data_ptr(),
                         cos.data_ptr(), sin.data_ptr(), pos.data_ptr<int64_t>(), keys.data_ptr(), values.data_ptr(),
                         int(heads), int(kvHeads), int(headDim), int(capacity), stream(),
                         norms ? qNorm->weight.data_ptr() : nullptr, norms ? kNorm->weight.data_ptr() : nullptr,
                         norms ? float(qNorm->eps) : 0.f,
                         norms && qNorm->onePlus);
        return;
    }
#endif
    if (norms) {  // per head, with torch ops; then the kernel (or the torch RoPE below) without them
        const std::vector<int64_t> shape = q.sizes().vec();
        q = (*qNorm)(q.view({1, 1, heads, headDim})).contiguous().view(shape);
        const at::Tensor kn = (*kNorm)(k.view({1, 1, kvHeads, headDim}));
        ropeAppend(q, kn, v, cos, sin, pos, keys, values, heads, headDim);
        return;
    }
    const at::Tensor c = cos.index_select(0, pos), s = sin.index_select(0, pos);  // [1, D]
    q.copy_(applyRope(q.view({heads, headDim}), c, s).view_as(q));
    const at::Tensor kr = applyRope(k.reshape({kvHeads, headDim}), c, s);
    keys.index_copy_(2, pos, kr.view({1, kvHeads, 1, headDim}));
    values.index_copy_(2, pos, v.reshape({1, kvHeads, 1, headDim}));
}

at::Tensor decodeAttentionWorkspace(int64_t heads, int64_t headDim, int64_t capacity, const at::Device& device) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (device.is_cuda()) {
        const int splits = cuda::decodeAttentionSplits(int(capacity));
        return at::zeros({cuda::decodeAttentionWorkspaceFloats(int(heads), int(headDim), splits)},
                         at::TensorOptions().dtype(at::kFloat).device(device));
    }
#endif
    (void)heads, (void)headDim, (void)capacity, (void)device;
    return {};
}

at::Tensor decodeAttention(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values, const at::Tensor& pos,
                           int64_t heads, int64_t window, double scale, double softcap, at::Tensor& workspace) {
    const int64_t kvHeads = keys.size(1), capacity = keys.size(2), headDim = keys.size(3);
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (onKernels(q)) {
        if (!cuda::decodeAttentionSupports(int(heads), int(kvHeads), int(headDim)))
            throw Error("decode attention", std::to_string(heads) + " query heads over " + std::to_string(kvHeads) +
                                                " KV heads of dimension " + std::to_string(headDim) +
                                                " (the kernel takes at most 16 per KV head, dimension <= 256)");
        at::Tensor out = at::empty({heads * headDim}, q.options());
        cuda::decodeAttention(kernelType(q), q.data_ptr(), keys.data_ptr(), values.data_ptr(), pos.data_ptr<int64_t>(),
                              out.data_ptr(), workspace.data_ptr<float>(), int(heads), int(kvHeads), int(headDim),
                              int(capacity), int(window), float(scale), float(softcap),
                              cuda::decodeAttentionSplits(int(capacity)), stream());
        return out;
    }
#endif
    (void)workspace;
    // Reference: every cache row, masked to the filled (and windowed) part by position.
    const int64_t groups = heads / kvHeads;
    at::Tensor q3 = q.to(at::kFloat).view({kvHeads, groups, headDim});
    at::Tensor k = keys[0].to(at::kFloat), v = values[0].to(at::kFloat);       // [kvHeads, capacity, D]
    at::Tensor scores = at::matmul(q3, k.transpose(1, 2)) * scale;              // [kvHeads, groups, capacity]
    if (softcap > 0) scores = at::tanh(scores / softcap) * softcap;
    at::Tensor rows = at::arange(capacity, pos.options());
    at::Tensor allowed = rows <= pos;
    if (window > 0) allowed = allowed.logical_and(pos - rows < window);
    scores = scores.masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
    at::Tensor out = at::matmul(at::softmax(scores, -1), v);                   // [kvHeads, groups, D]
    return out.reshape({heads * headDim}).to(q.scalar_type());
}

at::Tensor gatherRows(const at::Tensor& table, const at::Tensor& ids) {
    std::vector<int64_t> shape = ids.sizes().vec();
    shape.push_back(table.size(-1));
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (ids.is_cuda() && (table.is_cuda() || table.is_pinned())) {
        const at::Tensor flat = ids.reshape({-1}).to(at::kLong).contiguous();
        at::Tensor out = at::empty(shape, table.options().device(ids.device()).pinned_memory(false));
        cuda::gatherRows(table.data_ptr(), table.size(0), table.size(-1) * table.element_size(), flat.data_ptr<int64_t>(),
                         flat.numel(), out.data_ptr(), stream());
        return out;
    }
#endif
    return at::embedding(table, ids.to(table.device())).to(ids.device()).view(shape);
}

int activationCode(const std::string& act) { return act == "silu" ? 0 : act == "gelu" ? 1 : 2; }

at::Tensor gatedActivation(const at::Tensor& g, const at::Tensor& u, const std::string& act) {
    const int code = activationCode(act);
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    if (onKernels(g)) {
        at::Tensor out = at::empty_like(g);
        cuda::gatedActivation(kernelType(g), g.contiguous().data_ptr(), u.contiguous().data_ptr(), out.data_ptr(),
                              g.numel(), code, stream());
        return out;
    }
#endif
    const at::Tensor a = code == 0 ? at::silu(g) : code == 1 ? at::gelu(g) : at::gelu(g, "tanh");
    return a * u;
}

}  // namespace medawq
