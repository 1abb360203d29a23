// loadImage: picks the decoder by the file's first bytes, not its extension (exports are often
// misnamed), and checks the result once for all formats.
#include <medawq/errors.h>
#include <medawq/image.h>

#include "vision/image_decoders.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace medawq {

void grayToRgb(const uint8_t* gray, size_t count, std::vector<uint8_t>& rgb) {
    rgb.resize(count * 3);
    for (size_t i = 0; i < count; ++i) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = gray[i];
}

Image loadImage(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path, "image file not found");
    if (fs::is_directory(path, ec)) throw Error(path, "is a folder, not an image file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the image file");
    unsigned char head[132] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    const size_t got = size_t(in.gcount());
    in.close();
    if (got == 0) throw Error(path, "the image file is empty");

    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const unsigned char pngSig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    Image image;
    if (got >= 8 && std::equal(pngSig, pngSig + 8, head)) image = decodePng(path);
    else if (got >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) image = decodeJpeg(path);
    else if ((got >= 132 && std::equal(head + 128, head + 132, "DICM")) || ext == ".dcm" || ext == ".dicom")
        image = decodeDicom(path);
    else
        throw Error(path, "not a PNG, JPEG or DICOM image (unrecognised file signature)");
    if (image.width <= 0 || image.height <= 0) throw Error(path, "the image has no pixels");
    if (image.gray.empty()) {
        // PNG/JPEG: a grey image (every pixel R = G = B) gets its grey levels for window/level.
        const std::vector<uint8_t>& c = image.rgb;
        bool grey = true;
        for (size_t i = 0; grey && i + 2 < c.size(); i += 3) grey = c[i] == c[i + 1] && c[i] == c[i + 2];
        if (grey) {
            image.gray.resize(c.size() / 3);
            for (size_t i = 0; i < image.gray.size(); ++i) image.gray[i] = c[3 * i];
        }
    }
    return image;
}

std::vector<uint8_t> applyWindow(const Image& image, double center, double width) {
    std::vector<uint8_t> out(image.gray.size());
    const double w = std::max(1.0, width);
    const double low = center - 0.5 - (w - 1) / 2, high = center - 0.5 + (w - 1) / 2;
    for (size_t i = 0; i < out.size(); ++i) {
        const double x = image.gray[i];
        double y = x <= low ? 0.0 : x > high ? 255.0 : ((x - (center - 0.5)) / (w - 1) + 0.5) * 255.0;
        y = std::clamp(y, 0.0, 255.0);
        if (image.inverted) y = 255.0 - y;
        out[i] = uint8_t(y + 0.5);
    }
    return out;
}

}  // namespace medawq
