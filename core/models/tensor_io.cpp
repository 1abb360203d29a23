#include "models/tensor_io.h"

#include <medawq/errors.h>

#include <cstring>

namespace medawq {

at::ScalarType toScalarType(DType dtype, const std::string& context) {
    switch (dtype) {
    case DType::F64: return at::kDouble;
    case DType::F32: return at::kFloat;
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    case DType::I64: return at::kLong;
    case DType::I32: return at::kInt;
    case DType::I16: return at::kShort;
    case DType::I8: return at::kChar;
    case DType::U8: return at::kByte;
    case DType::BOOL: return at::kBool;
    case DType::F8_E4M3: break;
    }
    throw Error(context, std::string("tensors of dtype ") + dtypeName(dtype) + " cannot be computed with by this runtime");
}

DType toDType(at::ScalarType type) {
    switch (type) {
    case at::kDouble: return DType::F64;
    case at::kFloat: return DType::F32;
    case at::kHalf: return DType::F16;
    case at::kBFloat16: return DType::BF16;
    case at::kLong: return DType::I64;
    case at::kInt: return DType::I32;
    case at::kShort: return DType::I16;
    case at::kChar: return DType::I8;
    case at::kByte: return DType::U8;
    case at::kBool: return DType::BOOL;
    default: break;
    }
    throw Error("", std::string("no safetensors dtype for ") + c10::toString(type));
}

at::Tensor toTensor(const TensorView& view) {
    at::Tensor t = at::empty(view.shape, at::TensorOptions().dtype(toScalarType(view.dtype, view.name)));
    if (view.nbytes) std::memcpy(t.data_ptr(), view.data, view.nbytes);
    return t;
}

at::ScalarType parseDtypeName(const std::string& name, const std::string& context) {
    if (name == "float32" || name == "fp32" || name == "float") return at::kFloat;
    if (name == "bfloat16" || name == "bf16") return at::kBFloat16;
    if (name == "float16" || name == "fp16" || name == "half") return at::kHalf;
    throw Error(context, "unknown dtype '" + name + "' (float32, bfloat16, float16)");
}

const char* dtypeLabel(at::ScalarType type) {
    switch (type) {
    case at::kFloat: return "float32";
    case at::kBFloat16: return "bfloat16";
    case at::kHalf: return "float16";
    default: return c10::toString(type);
    }
}

}  // namespace medawq
