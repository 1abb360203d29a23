// The gated MLP's activation, shared by the stand-alone kernel (decode_step_kernels.cu) and the
// GEMV epilogue that applies it to a fused gate|up product (gemv_common.cuh). Codes: 0 SiLU,
// 1 GELU (erf), 2 GELU (tanh approximation), as decode_step.h's gatedActivation names them.
#pragma once

namespace medawq::cuda {

__device__ __forceinline__ float activate(float x, int act) {
    if (act == 0) return x / (1.f + expf(-x));
    if (act == 1) return 0.5f * x * (1.f + erff(x * 0.70710678118654752f));
    return 0.5f * x * (1.f + tanhf(0.79788456080286536f * (x + 0.044715f * x * x * x)));
}

}  // namespace medawq::cuda
