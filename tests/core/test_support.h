// Shared helpers for the core Qt Test suites: where the fixtures and ../shared live.
#pragma once

#include <cstdlib>
#include <string>

namespace medawq::test {

inline std::string envOr(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string(fallback);
}
inline std::string sharedDir() { return envOr("MEDAWQ_SHARED_DIR", "../shared"); }
inline std::string fixturesDir() { return envOr("MEDAWQ_FIXTURES_DIR", "tests/fixtures"); }
inline std::string cliPath() { return envOr("MEDAWQ_CLI", "medawq"); }
inline std::string sourceDir() { return envOr("MEDAWQ_SOURCE_DIR", "."); }
inline std::string demoModelDir() { return sourceDir() + "/resources/demo/model"; }
inline std::string demoDataDir() { return sourceDir() + "/resources/demo/data"; }

}  // namespace medawq::test
