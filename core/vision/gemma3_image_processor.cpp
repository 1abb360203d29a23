#include "vision/gemma3_image_processor.h"

#include "vision/antialias_resize.h"

#include <medawq/errors.h>

namespace medawq {

at::Tensor gemma3PixelValues(const Image& image, const VisionConfig& vision) {
    if (image.width <= 0 || image.height <= 0 || image.rgb.size() != size_t(image.width) * size_t(image.height) * 3)
        throw Error("image", "the decoded image is empty or not 8-bit RGB");
    if (vision.numChannels != 3) throw Error("vision_config", "num_channels must be 3 (RGB)");
    const int size = int(vision.imageSize);
    const std::vector<uint8_t> resized = resizeBilinearAntialias(image.rgb, image.width, image.height, 3, size, size);
    at::Tensor hwc = at::empty({size, size, 3}, at::kByte);
    std::copy(resized.begin(), resized.end(), hwc.data_ptr<uint8_t>());
    // rescale (1/255) and normalise (mean 0.5, std 0.5) folded into one step, in float32 like the
    // processor: (x - 127.5) / 127.5.
    at::Tensor x = (hwc.to(at::kFloat) - 127.5f) / 127.5f;
    return x.permute({2, 0, 1}).unsqueeze(0).contiguous();
}

}  // namespace medawq
