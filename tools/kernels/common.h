// Shared by w4a16_check and w4a16_bench: random AutoAWQ GEMM tensors and the linear shapes of
// the supported families.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace medawq::tools {

struct AwqTensors {
    at::Tensor qweight, qzeros, scales;  // [K, N/8] int32, [K/g, N/8] int32, [K/g, N] fp16
};

// Random codes over the whole int32 range (every nibble uniform in 0..15), scales in
// [0.002, 0.022): never zeros, so unwritten outputs and wrong indexing show.
inline AwqTensors randomAwq(int64_t n, int64_t k, int64_t g, const at::Device& device) {
    auto ints = at::TensorOptions().dtype(at::kInt).device(device);
    const int64_t lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
    AwqTensors a;
    a.qweight = at::randint(lo, hi, {k, n / 8}, ints);
    a.qzeros = at::randint(lo, hi, {k / g, n / 8}, ints);
    a.scales = (at::rand({k / g, n}, at::TensorOptions().device(device)) * 0.02 + 0.002).to(at::kHalf);
    return a;
}

struct Shape {
    std::string family, name;
    int64_t out, in;
};

// q, k, v, o, gate, up, down of each family (k and v share a shape), plus shapes that exercise
// the edges: N not a multiple of 128 or of 16 (padded tile), K of 3 or 5 chunks (partial loop
// iteration), the smallest N.
inline std::vector<Shape> familyShapes() {
    return {
        {"Llama/Mistral-7B", "q/o", 4096, 4096},
        {"Llama/Mistral-7B", "k/v", 1024, 4096},
        {"Llama/Mistral-7B", "gate/up", 14336, 4096},
        {"Llama/Mistral-7B", "down", 4096, 14336},
        {"Llama-2-7B", "gate/up", 11008, 4096},
        {"Llama-2-7B", "down", 4096, 11008},
        {"Gemma3-4B", "q", 2048, 2560},
        {"Gemma3-4B", "k/v", 1024, 2560},
        {"Gemma3-4B", "o", 2560, 2048},
        {"Gemma3-4B", "gate/up", 10240, 2560},
        {"Gemma3-4B", "down", 2560, 10240},
        {"Gemma3-27B", "q", 4096, 5376},
        {"Gemma3-27B", "k/v", 2048, 5376},
        {"Gemma3-27B", "o", 5376, 4096},
        {"Gemma3-27B", "gate/up", 21504, 5376},
        {"Gemma3-27B", "down", 5376, 21504},
        {"edge", "N%128=8 (pad 8 rows)", 2568, 10240},
        {"edge", "N%128=16", 2576, 2560},
        {"edge", "N=1000", 1000, 4096},
        {"edge", "N=8", 8, 128},
        {"edge", "K=192 (3 chunks)", 264, 192},
        {"edge", "K=320 (5 chunks)", 40, 320},
    };
}

}  // namespace medawq::tools
