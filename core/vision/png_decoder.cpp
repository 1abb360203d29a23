// PNG through libpng's progressive-free "low level" API, so that the conversions are exactly
// PIL's (the reference): palette and low-bit gray expanded, 16-bit samples keep their high byte,
// alpha dropped without compositing, gray copied to RGB. (libpng's simplified API would instead
// treat 16-bit data as linear light and gamma-encode it, and composite alpha.)
#include "vision/image_decoders.h"

#include <medawq/errors.h>

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <memory>

namespace medawq {

namespace {

struct PngErrorState {
    char message[256] = "unknown libpng error";
};

void onPngError(png_structp png, png_const_charp msg) {
    auto* st = static_cast<PngErrorState*>(png_get_error_ptr(png));
    std::snprintf(st->message, sizeof st->message, "%s", msg);
    png_longjmp(png, 1);
}
void onPngWarning(png_structp, png_const_charp) {}

struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

Image decodePng(const std::string& path) {
    std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw Error(path, "cannot open the file");
    PngErrorState err;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &err, onPngError, onPngWarning);
    if (!png) throw Error(path, "out of memory starting libpng");
    png_infop info = png_create_info_struct(png);
    // Everything that libpng's longjmp may cross is plain data created before setjmp.
    Image image;
    std::vector<png_bytep> rows;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
        throw Error(path, std::string("not a readable PNG: ") + err.message);
    }
    png_init_io(png, file.get());
    png_read_info(png, info);
    const int bitDepth = png_get_bit_depth(png, info);
    const int colorType = png_get_color_type(png, info);
    const bool gray = !(colorType & PNG_COLOR_MASK_COLOR) && colorType != PNG_COLOR_TYPE_PALETTE;
    if (colorType == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (gray && bitDepth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (bitDepth == 16) png_set_strip_16(png);
    // Alpha (also what a tRNS chunk becomes when a palette is expanded) is dropped, not composited.
    png_set_strip_alpha(png);
    if (gray) png_set_gray_to_rgb(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    image.width = int(png_get_image_width(png, info));
    image.height = int(png_get_image_height(png, info));
    if (png_get_rowbytes(png, info) != size_t(image.width) * 3) png_error(png, "unexpected row layout after conversion");
    image.rgb.resize(size_t(image.width) * size_t(image.height) * 3);
    rows.resize(size_t(image.height));
    for (int y = 0; y < image.height; ++y) rows[size_t(y)] = image.rgb.data() + size_t(y) * size_t(image.width) * 3;
    png_read_image(png, rows.data());
    png_read_end(png, nullptr);
    png_destroy_read_struct(&png, &info, nullptr);
    image.description = std::string("PNG ") + std::to_string(bitDepth) + "-bit " +
                        (colorType == PNG_COLOR_TYPE_PALETTE ? "palette" : gray ? "grayscale" : "RGB") +
                        ((colorType & PNG_COLOR_MASK_ALPHA) ? " with alpha (dropped)" : "");
    return image;
}

}  // namespace medawq
