// Gemma3ImageProcessor's steps (pan-and-scan off, as MedGemma's processor config has it): resize
// to image_size x image_size with antialiased bilinear, rescale by 1/255, normalise with mean and
// std 0.5, channels first.
#pragma once

#include "formats/model_config.h"

#include <medawq/image.h>

#include <ATen/ATen.h>

namespace medawq {

// float32 [1, 3, size, size] on the CPU.
at::Tensor gemma3PixelValues(const Image& image, const VisionConfig& vision);

}  // namespace medawq
