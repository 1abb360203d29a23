// Next-token choice: greedy, or temperature + nucleus (top-p) sampling from a seeded generator
// that lives on the host, so a seed gives the same text on CPU and CUDA and across torch versions.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <random>

namespace medawq {

class Sampler {
public:
    Sampler(bool greedy, float temperature, float topP, uint64_t seed);
    int next(const at::Tensor& logits);  // logits [vocab] float32, any device

private:
    bool m_greedy;
    float m_temperature;
    float m_topP;
    std::mt19937_64 m_rng;
};

}  // namespace medawq
