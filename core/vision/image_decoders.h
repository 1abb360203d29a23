// One decoder per file format, behind loadImage (api/image.cpp picks one by the file's content).
// Each throws medawq::Error(path, problem).
#pragma once

#include <medawq/image.h>

#include <string>

namespace medawq {

Image decodePng(const std::string& path);
Image decodeJpeg(const std::string& path);
Image decodeDicom(const std::string& path);  // vision/dicom_decoder.cpp, or dicom_decoder_off.cpp without DCMTK

// Grayscale samples -> RGB by copying each value into three channels (PIL's convert("RGB")).
void grayToRgb(const uint8_t* gray, size_t count, std::vector<uint8_t>& rgb);

}  // namespace medawq
