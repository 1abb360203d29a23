#include "vision/antialias_resize.h"

#include <algorithm>
#include <cmath>

namespace medawq {

namespace {

// For each output index: the first input index and the int16 weights of the inputs it blends.
struct Taps {
    std::vector<int> first;
    std::vector<std::vector<int32_t>> weights;
    int precision = 0;  // weights are fixed point with this many fractional bits
};

Taps computeTaps(int inSize, int outSize) {
    const double scale = double(inSize) / outSize;
    const double support = scale >= 1.0 ? scale : 1.0;  // bilinear: half-width 1, widened when shrinking
    const double invScale = scale >= 1.0 ? 1.0 / scale : 1.0;
    std::vector<std::vector<double>> real(static_cast<size_t>(outSize));
    Taps t;
    t.first.resize(size_t(outSize));
    double maxWeight = 0.0;
    for (int i = 0; i < outSize; ++i) {
        const double center = scale * (i + 0.5);
        const int lo = std::max(int(center - support + 0.5), 0);
        const int count = std::min(int(center + support + 0.5), inSize) - lo;
        std::vector<double>& w = real[size_t(i)];
        double total = 0.0;
        for (int j = 0; j < count; ++j) {
            const double x = std::abs((j + lo - center + 0.5) * invScale);
            w.push_back(x < 1.0 ? 1.0 - x : 0.0);
            total += w.back();
        }
        for (double& v : w) {
            if (total != 0.0) v /= total;
            maxWeight = std::max(maxWeight, v);
        }
        t.first[size_t(i)] = lo;
    }
    // As many fractional bits as keep the largest weight below 2^15 (int16), at most 22.
    while (t.precision < 22 && int(0.5 + maxWeight * double(1 << (t.precision + 1))) < (1 << 15)) ++t.precision;
    t.weights.resize(size_t(outSize));
    for (int i = 0; i < outSize; ++i)
        for (double v : real[size_t(i)]) {
            const double s = v * double(1 << t.precision);
            t.weights[size_t(i)].push_back(int32_t(s < 0 ? s - 0.5 : s + 0.5));
        }
    return t;
}

uint8_t clampShift(int64_t acc, int precision) {
    const int64_t v = acc >> precision;
    return uint8_t(std::clamp<int64_t>(v, 0, 255));
}

}  // namespace

std::vector<uint8_t> resizeBilinearAntialias(const std::vector<uint8_t>& src, int width, int height, int channels,
                                             int outWidth, int outHeight) {
    std::vector<uint8_t> horizontal;
    const std::vector<uint8_t>* cur = &src;
    if (outWidth != width) {
        const Taps tx = computeTaps(width, outWidth);
        horizontal.resize(size_t(height) * size_t(outWidth) * size_t(channels));
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < outWidth; ++x)
                for (int c = 0; c < channels; ++c) {
                    int64_t acc = int64_t(1) << (tx.precision - 1);
                    const auto& w = tx.weights[size_t(x)];
                    for (size_t j = 0; j < w.size(); ++j)
                        acc += int64_t(src[(size_t(y) * size_t(width) + size_t(tx.first[size_t(x)]) + j) * size_t(channels) +
                                           size_t(c)]) * w[j];
                    horizontal[(size_t(y) * size_t(outWidth) + size_t(x)) * size_t(channels) + size_t(c)] =
                        clampShift(acc, tx.precision);
                }
        cur = &horizontal;
    }
    if (outHeight == height) return *cur;
    const Taps ty = computeTaps(height, outHeight);
    std::vector<uint8_t> out(size_t(outHeight) * size_t(outWidth) * size_t(channels));
    for (int y = 0; y < outHeight; ++y)
        for (int x = 0; x < outWidth; ++x)
            for (int c = 0; c < channels; ++c) {
                int64_t acc = int64_t(1) << (ty.precision - 1);
                const auto& w = ty.weights[size_t(y)];
                for (size_t j = 0; j < w.size(); ++j)
                    acc += int64_t((*cur)[((size_t(ty.first[size_t(y)]) + j) * size_t(outWidth) + size_t(x)) * size_t(channels) +
                                          size_t(c)]) * w[j];
                out[(size_t(y) * size_t(outWidth) + size_t(x)) * size_t(channels) + size_t(c)] = clampShift(acc, ty.precision);
            }
    return out;
}

}  // namespace medawq
