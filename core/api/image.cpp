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
    return image;
}

}  // namespace medawq
