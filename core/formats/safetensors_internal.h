// Helpers shared by the safetensors reader and writers; private to the core.
#pragma once

#include "medawq/safetensors.h"

#include <optional>
#include <string>

namespace medawq::detail {

// The dtype for a format name, or nothing (the caller words the error with more context).
std::optional<DType> tryParseDType(const std::string& name);

// a * b, or nothing on 64-bit overflow: shapes come from untrusted headers.
std::optional<uint64_t> checkedMul(uint64_t a, uint64_t b);

// The system's message for errno `code`, thread-safe (std::strerror is not).
std::string systemMessage(int code);

}  // namespace medawq::detail
