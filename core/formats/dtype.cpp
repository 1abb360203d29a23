// DType names and sizes as spelled in the safetensors format, and checked tensor sizes.
#include "formats/safetensors_internal.h"
#include "medawq/errors.h"

#include <system_error>

namespace medawq {

namespace {
struct DTypeInfo {
    DType dtype;
    const char* name;
    size_t size;
};
// The one table both directions read from, so names and sizes can't drift apart.
constexpr DTypeInfo kDTypes[] = {
    {DType::F64, "F64", 8},  {DType::F32, "F32", 4},   {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8},  {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},  {DType::I8, "I8", 1},     {DType::U8, "U8", 1},
    {DType::BOOL, "BOOL", 1}, {DType::F8_E4M3, "F8_E4M3", 1},
};

const DTypeInfo& infoOf(DType dtype) {
    for (const DTypeInfo& info : kDTypes)
        if (info.dtype == dtype)
            return info;
    // Only reachable through a cast of an out-of-range integer to DType.
    throw Error("", "invalid DType value " + std::to_string(static_cast<int>(dtype)));
}
}  // namespace

size_t dtypeSize(DType dtype) { return infoOf(dtype).size; }

const char* dtypeName(DType dtype) { return infoOf(dtype).name; }

DType parseDType(const std::string& name, const std::string& file) {
    if (auto dtype = detail::tryParseDType(name))
        return *dtype;
    throw Error(file, "unknown dtype " + name);
}

int64_t TensorView::numel() const {
    // Any 0 first: [huge, huge, 0] is empty, and multiplying in order would overflow.
    for (int64_t d : shape)
        if (d == 0)
            return 0;
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d;   // validated on open / declared by a spec: fits, as nbytes does
    return n;
}

uint64_t tensorBytes(const TensorSpec& spec) {
    bool empty = false;
    for (int64_t d : spec.shape) {
        if (d < 0)
            throw Error(spec.name, "negative dimension " + std::to_string(d));
        empty = empty || d == 0;
    }
    if (empty)
        return 0;   // before multiplying: [huge, huge, 0] must not count as an overflow
    std::optional<uint64_t> bytes = dtypeSize(spec.dtype);
    for (int64_t d : spec.shape) {
        bytes = detail::checkedMul(*bytes, static_cast<uint64_t>(d));
        if (!bytes)
            throw Error(spec.name, "tensor size overflows 64 bits");
    }
    return *bytes;
}

namespace detail {

std::optional<DType> tryParseDType(const std::string& name) {
    for (const DTypeInfo& info : kDTypes)
        if (name == info.name)
            return info.dtype;
    return std::nullopt;
}

std::optional<uint64_t> checkedMul(uint64_t a, uint64_t b) {
    uint64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return std::nullopt;
    return r;
}

std::string systemMessage(int code) { return std::generic_category().message(code); }

}  // namespace detail
}  // namespace medawq
