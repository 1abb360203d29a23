#include "eval/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace medawq {

namespace {
uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
}  // namespace

BootstrapPlan::BootstrapPlan(size_t cases, int resamples, uint64_t seed) : m_cases(cases) {
    uint64_t state = seed;
    if (cases == 0) return;
    m_samples.resize(size_t(std::max(0, resamples)));
    for (auto& s : m_samples) {
        s.resize(cases);
        // Multiply-shift maps 64 random bits onto [0, cases) without modulo bias worth the name.
        for (auto& i : s) i = uint32_t((unsigned __int128)splitmix64(state) * cases >> 64);
    }
}

double quantileSorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double pos = q * double(sorted.size() - 1);
    const size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

Interval BootstrapPlan::interval(const Statistic& statistic) const {
    std::vector<double> values;
    values.reserve(m_samples.size());
    for (const auto& s : m_samples) {
        const double v = statistic(s);
        if (!std::isnan(v)) values.push_back(v);
    }
    std::sort(values.begin(), values.end());
    return {quantileSorted(values, 0.025), quantileSorted(values, 0.975)};
}

double mean(const std::vector<double>& values) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (double v : values) sum += v;
    return sum / double(values.size());
}

double meanOver(const std::vector<double>& values, const std::vector<uint32_t>& cases) {
    double sum = 0;
    for (uint32_t i : cases) sum += values[i];
    return cases.empty() ? std::numeric_limits<double>::quiet_NaN() : sum / double(cases.size());
}

Interval BootstrapPlan::meanInterval(const std::vector<double>& values) const {
    return interval([&](const std::vector<uint32_t>& s) { return meanOver(values, s); });
}

Interval BootstrapPlan::pairedMeanDifference(const std::vector<double>& a, const std::vector<double>& b) const {
    return interval([&](const std::vector<uint32_t>& s) { return meanOver(a, s) - meanOver(b, s); });
}

}  // namespace medawq
