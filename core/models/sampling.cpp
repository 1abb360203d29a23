#include "models/sampling.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace medawq {

Sampler::Sampler(bool greedy, float temperature, float topP, uint64_t seed)
    : m_greedy(greedy || temperature <= 0.0f), m_temperature(temperature), m_topP(topP), m_rng(seed) {}

int Sampler::next(const at::Tensor& logits) {
    if (m_greedy) return int(logits.argmax().item<int64_t>());
    at::Tensor probs = at::softmax(logits.to(at::kFloat) / m_temperature, -1).to(at::kCPU).contiguous();
    const float* p = probs.data_ptr<float>();
    const int64_t n = probs.numel();
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [p](int a, int b) { return p[a] > p[b]; });
    // Smallest prefix whose mass reaches top_p (at least one token), then renormalise.
    double mass = 0;
    size_t keep = 0;
    while (keep < order.size()) {
        mass += p[order[keep++]];
        if (mass >= m_topP) break;
    }
    std::uniform_real_distribution<double> uniform(0.0, mass);
    double r = uniform(m_rng), acc = 0;
    for (size_t i = 0; i < keep; ++i) {
        acc += p[order[i]];
        if (r < acc) return order[i];
    }
    return order[keep - 1];
}

}  // namespace medawq
