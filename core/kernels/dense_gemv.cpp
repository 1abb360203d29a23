#include "kernels/dense_gemv.h"

#include "kernels/engine_switch.h"

#include <medawq/errors.h>

#ifdef MEDAWQ_HAVE_CUDA_KERNELS
#include "kernels/decode_workspace.h"
#include "kernels/dense_gemv_kernels.h"

#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace medawq {

bool denseDecodeTakes(const at::Tensor& x, const at::Tensor& weight) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    static const bool enabled = engineSwitch("MEDAWQ_DENSE_GEMV", true);
    if (!enabled || !x.is_cuda() || !weight.is_cuda() || x.device() != weight.device()) return false;
    const auto t = x.scalar_type();
    if ((t != at::kBFloat16 && t != at::kHalf) || weight.scalar_type() != t || weight.dim() != 2) return false;
    if (!weight.is_contiguous() || reinterpret_cast<uintptr_t>(weight.data_ptr()) % 16 != 0) return false;
    const int64_t k = weight.size(1);
    if (x.size(-1) != k || !cuda::denseDecodeSupports(weight.size(0), k)) return false;
    const int64_t rows = x.numel() / k;
    return rows >= 1 && rows <= 16;
#else
    (void)x, (void)weight;
    return false;
#endif
}

namespace dense_gemv {

at::Tensor decodeWith(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, const GemvLaunch& launch) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    TORCH_CHECK(x.is_cuda() && weight.is_cuda() && x.device() == weight.device(), "dense GEMV: x and W on one GPU");
    TORCH_CHECK(x.scalar_type() == weight.scalar_type() &&
                    (x.scalar_type() == at::kBFloat16 || x.scalar_type() == at::kHalf),
                "dense GEMV: x and W both bf16 or both fp16");
    const int64_t n = weight.size(0), k = weight.size(1);
    TORCH_CHECK(x.size(-1) == k, "dense GEMV: x has ", x.size(-1), " features, W takes ", k);
    c10::cuda::CUDAGuard guard(x.device());
    at::Tensor x2 = x.reshape({-1, k}).contiguous();
    const int64_t m = x2.size(0);
    TORCH_CHECK(m >= 1 && m <= 16, "dense GEMV takes 1..16 rows, got ", m);
    if (reinterpret_cast<uintptr_t>(x2.data_ptr()) % 16 != 0) x2 = x2.clone();
    const at::Tensor w = weight.contiguous();
    at::Tensor b;
    if (bias.defined()) b = bias.to(x.scalar_type()).contiguous();
    const int64_t outs = launch.activation >= 0 ? n / 2 : n;
    at::Tensor y = at::empty({m, outs}, x.options());
    const cuda::DecodeConfig cfg = withLaunch(cuda::defaultDenseDecodeConfig(n, k, m), launch);
    auto [ws, counters] = decodeWorkspace(x.device(), n);
    cuda::denseDecode(x.scalar_type() == at::kBFloat16 ? cuda::DType::BFloat16 : cuda::DType::Float16, w.data_ptr(), n,
                      k, x2.data_ptr(), m, b.defined() ? b.data_ptr() : nullptr, y.data_ptr(), ws, counters, cfg,
                      launch.activation, c10::cuda::getCurrentCUDAStream().stream(), launch.norm);
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = outs;
    return y.view(shape);
#else
    (void)x, (void)weight, (void)bias, (void)launch;
    throw Error("", "this build has no CUDA kernels (MEDAWQ_HAVE_CUDA_KERNELS)");
#endif
}

std::string describeDefault(int64_t out, int64_t in, int64_t m) {
#ifdef MEDAWQ_HAVE_CUDA_KERNELS
    return describe(cuda::defaultDenseDecodeConfig(out, in, m));
#else
    (void)out, (void)in, (void)m;
    return "none";
#endif
}

}  // namespace dense_gemv

at::Tensor denseDecodeLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
    return dense_gemv::decodeWith(x, weight, bias, {});
}

}  // namespace medawq
