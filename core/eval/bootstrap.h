// Percentile bootstrap over cases, as LLaVA-Rad reports its metrics (500 resamples): one fixed
// set of resampled case lists is drawn once per run and shared by every metric and every model,
// so a paired difference (AWQ - FP16 on the same resampled cases) is a proper paired bootstrap.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace medawq {

struct Interval {
    double low = 0, high = 0;
};

class BootstrapPlan {
public:
    // `cases` cases, `resamples` lists of `cases` indices drawn with replacement (splitmix64
    // from `seed`, so the same seed gives the same lists on every platform).
    BootstrapPlan(size_t cases, int resamples, uint64_t seed);

    using Statistic = std::function<double(const std::vector<uint32_t>& cases)>;
    // 2.5th and 97.5th percentiles (linear interpolation, numpy's default) of the statistic over
    // the resamples. NaN values (a statistic undefined on a resample) are left out.
    Interval interval(const Statistic& statistic) const;
    // Shortcut for a mean of per-case values.
    Interval meanInterval(const std::vector<double>& values) const;
    Interval pairedMeanDifference(const std::vector<double>& a, const std::vector<double>& b) const;  // a - b

    size_t cases() const { return m_cases; }
    int resamples() const { return int(m_samples.size()); }

private:
    size_t m_cases;
    std::vector<std::vector<uint32_t>> m_samples;
};

double mean(const std::vector<double>& values);
double meanOver(const std::vector<double>& values, const std::vector<uint32_t>& cases);
// Linear-interpolation quantile of sorted values (q in [0, 1]).
double quantileSorted(const std::vector<double>& sorted, double q);

}  // namespace medawq
