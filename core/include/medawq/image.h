// Images for MedGemma's image prompts: PNG, JPEG and DICOM files decoded to 8-bit RGB, the input
// of the model's image processor (and of a viewer).
//
//   medawq::Image im = medawq::loadImage("cxr/00000001_000.png");
//   std::cout << im.width << "x" << im.height << " " << im.description << "\n";
//
// Thread-safe (no shared state). Errors are medawq::Error naming the file and the problem.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace medawq {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb;  // row-major, 3 bytes per pixel
    std::string description;   // e.g. "PNG 8-bit grayscale", "DICOM MONOCHROME1 12-bit, window from VOI LUT"
    // Monochrome images, for a viewer's window/level: the values before display (DICOM: stored
    // values after the modality rescale; PNG/JPEG: the grey levels), row-major; empty for colour.
    std::vector<float> gray;
    double windowCenter = 128;    // a linear window over `gray` near the one `rgb` shows
    double windowWidth = 256;     // (a VOI LUT's rendering is approximated by the value range)
    bool inverted = false;        // MONOCHROME1: high values are shown dark
};

// `gray` through the linear window of DICOM PS3.3 C.11.2.1.2 (width >= 1), inverted for
// MONOCHROME1: one 8-bit grey value per pixel. Empty for colour images.
std::vector<uint8_t> applyWindow(const Image& image, double center, double width);

// Decodes by content (PNG and JPEG signatures, DICOM's "DICM" preamble; a .dcm file without
// preamble is read as DICOM too). Grayscale becomes RGB by copying the value into the three
// channels; alpha is dropped; 16-bit PNG keeps its high byte (as PIL does for RGB). DICOM
// monochrome images are windowed to 8 bits with the file's first VOI LUT, else its first window
// center/width, else the pixel range; MONOCHROME1 is inverted so that bone is bright.
Image loadImage(const std::string& path);

// Whether this build reads DICOM (it needs DCMTK at build time).
bool dicomSupported();

}  // namespace medawq
