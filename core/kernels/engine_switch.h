// The decode engine's switches (README, "Benchmark the engine"; `medawq bench` records the ones
// set): MEDAWQ_<NAME>=0 turns one off, any other non-empty value on, unset or empty leaves its
// default. Callers that must not change within a run keep the answer in a static.
#pragma once

#include <cstdlib>
#include <cstring>

namespace medawq {

inline bool engineSwitch(const char* envName, bool byDefault) {
    const char* v = std::getenv(envName);
    if (!v || !*v) return byDefault;
    return std::strcmp(v, "0") != 0;
}

// A numeric setting (MEDAWQ_<NAME>=N): unset or empty leaves its default, other values are read
// as an integer and clamped to [lo, hi].
inline int engineNumber(const char* envName, int byDefault, int lo, int hi) {
    const char* v = std::getenv(envName);
    if (!v || !*v) return byDefault;
    const int n = std::atoi(v);
    return n < lo ? lo : n > hi ? hi : n;
}

}  // namespace medawq
