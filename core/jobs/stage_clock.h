// Elapsed time and ETA of one stage, for progress reports.
#pragma once

#include <chrono>

namespace medawq {

class StageClock {
public:
    void start() { m_t0 = std::chrono::steady_clock::now(); }
    double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_t0).count(); }
    // Linear extrapolation from the fraction done; -1 while nothing is done yet.
    double eta(double fraction) const { return fraction > 0.0 ? elapsed() * (1.0 - fraction) / fraction : -1.0; }

private:
    std::chrono::steady_clock::time_point m_t0 = std::chrono::steady_clock::now();
};

}  // namespace medawq
