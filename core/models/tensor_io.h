// Bridges the torch-free safetensors views to at::Tensor and back.
#pragma once

#include <medawq/safetensors.h>

#include <ATen/ATen.h>

namespace medawq {

at::ScalarType toScalarType(DType dtype, const std::string& context);
DType toDType(at::ScalarType type);
// Copies the (possibly unaligned, memory-mapped) bytes into an owned tensor.
at::Tensor toTensor(const TensorView& view);
// "float32" | "bfloat16" | "float16" (also "fp32", "bf16", "fp16", "float", "half").
at::ScalarType parseDtypeName(const std::string& name, const std::string& context);
const char* dtypeLabel(at::ScalarType type);

}  // namespace medawq
