// JPEG through libjpeg(-turbo) with its default (accurate integer) IDCT and fancy upsampling,
// which is what PIL uses: decoded pixels equal the reference's. Gray and YCbCr come out as RGB.
#include "vision/image_decoders.h"

#include <medawq/errors.h>

#include <cstdio>
// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>
#include <jerror.h>  // JWRN_JPEG_EOF

#include <csetjmp>
#include <memory>

namespace medawq {

namespace {

struct JpegError {
    jpeg_error_mgr mgr;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX] = "";
    bool truncated = false;
};

// libjpeg only warns when the data ends early and fills the rest with gray; PIL refuses such a
// file, and so do we.
void onJpegMessage(j_common_ptr cinfo, int level) {
    auto* err = reinterpret_cast<JpegError*>(cinfo->err);
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF && !err->truncated) {
        err->truncated = true;
        (*cinfo->err->format_message)(cinfo, err->message);
    }
}

void onJpegError(j_common_ptr cinfo) {
    auto* err = reinterpret_cast<JpegError*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

Image decodeJpeg(const std::string& path) {
    std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw Error(path, "cannot open the file");
    jpeg_decompress_struct cinfo;
    JpegError err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = onJpegError;
    err.mgr.emit_message = onJpegMessage;
    Image image;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        throw Error(path, std::string("not a readable JPEG: ") + err.message);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, file.get());
    jpeg_read_header(&cinfo, TRUE);
    const J_COLOR_SPACE stored = cinfo.jpeg_color_space;
    if (stored == JCS_CMYK || stored == JCS_YCCK) {
        jpeg_destroy_decompress(&cinfo);
        throw Error(path, "CMYK JPEG images are not supported (save it as RGB)");
    }
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    image.width = int(cinfo.output_width);
    image.height = int(cinfo.output_height);
    image.rgb.resize(size_t(image.width) * size_t(image.height) * 3);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = image.rgb.data() + size_t(cinfo.output_scanline) * size_t(image.width) * 3;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    if (err.truncated) throw Error(path, std::string("the JPEG data is truncated: ") + err.message);
    image.description = std::string("JPEG 8-bit ") + (stored == JCS_GRAYSCALE ? "grayscale" : "colour");
    return image;
}

}  // namespace medawq
