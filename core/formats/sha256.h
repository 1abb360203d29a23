// SHA-256 of a file (FIPS 180-4), so a run records exactly which calibration data it used.
#pragma once

#include <string>

namespace medawq {

std::string sha256File(const std::string& path);   // lower-case hex; throws Error(path, ...)
std::string sha256Bytes(const std::string& bytes);

}  // namespace medawq
