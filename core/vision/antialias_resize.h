// Bilinear resize of 8-bit images with antialiasing, bit-exact with what transformers 5's Gemma 3
// image processor does (torchvision's resize on a uint8 tensor, antialias on, which runs ATen's
// uint8 separable kernel): the triangle filter is widened by the scale when shrinking, each pass
// uses weights rounded to int16 with the most precision they allow, and the horizontal pass is
// rounded to 8 bits before the vertical one. (PIL's own BILINEAR resize keeps 22 bits of weight
// precision and differs by 1 on some pixels; tests/fixtures/vision records the processor's output.)
#pragma once

#include <cstdint>
#include <vector>

namespace medawq {

// src: height x width x channels, row-major, interleaved. Returns outHeight x outWidth x channels.
std::vector<uint8_t> resizeBilinearAntialias(const std::vector<uint8_t>& src, int width, int height, int channels,
                                             int outWidth, int outHeight);

}  // namespace medawq
