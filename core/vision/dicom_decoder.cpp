// DICOM through DCMTK: what hospital systems export. Monochrome images are windowed to 8 bits the
// way a viewer shows them first: the file's first VOI LUT, else its first window center/width
// (DICOM's linear function), else the full pixel range. DCMTK applies the modality rescale and
// shows MONOCHROME1 inverted (low values bright), as the standard says to display it.
#include "vision/image_decoders.h"

#include <medawq/errors.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmimage/diregist.h>  // colour (RGB, YBR, palette) support for DicomImage
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmimgle/dipixel.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <mutex>

namespace medawq {

namespace {

// Compressed transfer syntaxes (JPEG, JPEG-LS, RLE: common in PACS exports) need their decoders
// registered once per process. DCMTK's own log lines (W:/E: on stderr) are turned off: what goes
// wrong reaches the user as one Error naming the file.
void registerCodecs() {
    static std::once_flag once;
    std::call_once(once, [] {
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

// The modality values (after rescale slope/intercept) as floats, whatever integer width DCMTK chose.
template <typename T>
void copyValues(const void* data, size_t count, std::vector<float>& out) {
    const T* p = static_cast<const T*>(data);
    out.assign(p, p + count);
}

bool modalityValues(const DicomImage& dicom, size_t pixels, std::vector<float>& out) {
    const DiPixel* inter = dicom.getInterData();
    if (!inter || !inter->getData() || inter->getCount() < pixels) return false;
    switch (inter->getRepresentation()) {
    case EPR_Uint8: copyValues<Uint8>(inter->getData(), pixels, out); return true;
    case EPR_Sint8: copyValues<Sint8>(inter->getData(), pixels, out); return true;
    case EPR_Uint16: copyValues<Uint16>(inter->getData(), pixels, out); return true;
    case EPR_Sint16: copyValues<Sint16>(inter->getData(), pixels, out); return true;
    case EPR_Uint32: copyValues<Uint32>(inter->getData(), pixels, out); return true;
    case EPR_Sint32: copyValues<Sint32>(inter->getData(), pixels, out); return true;
    }
    return false;
}

std::string stringOf(DcmDataset* ds, const DcmTagKey& tag) {
    OFString v;
    return ds->findAndGetOFString(tag, v).good() ? std::string(v.c_str()) : std::string();
}

}  // namespace

bool dicomSupported() { return true; }

Image decodeDicom(const std::string& path) {
    registerCodecs();
    DcmFileFormat file;
    OFCondition status = file.loadFile(path.c_str());
    if (status.bad()) throw Error(path, std::string("not a readable DICOM file: ") + status.text());
    DcmDataset* ds = file.getDataset();
    if (!ds->tagExists(DCM_PixelData)) throw Error(path, "the DICOM file holds no image (no Pixel Data)");
    const std::string photometric = stringOf(ds, DCM_PhotometricInterpretation);
    Uint16 bitsStored = 0;
    ds->findAndGetUint16(DCM_BitsStored, bitsStored);

    // Frame 0 only: a chest X-ray is one frame.
    DicomImage dicom(&file, ds->getOriginalXfer(), CIF_MayDetachPixelData, 0, 1);
    if (dicom.getStatus() != EIS_Normal)
        throw Error(path, std::string("DICOM image cannot be decoded: ") + DicomImage::getString(dicom.getStatus()) +
                              " (photometric interpretation '" + photometric + "')");
    Image image;
    image.width = int(dicom.getWidth());
    image.height = int(dicom.getHeight());
    const size_t pixels = size_t(image.width) * size_t(image.height);
    std::string window;
    if (dicom.isMonochrome()) {
        if (dicom.getVoiLutCount() > 0 && dicom.setVoiLut(0)) window = "window from VOI LUT";
        else if (dicom.getWindowCount() > 0 && dicom.setWindow(0)) window = "window from center/width";
        else if (dicom.setMinMaxWindow()) window = "window from the pixel range";
        const auto* gray = static_cast<const Uint8*>(dicom.getOutputData(8));
        if (!gray) throw Error(path, "DCMTK could not render the DICOM pixels to 8 bits");
        grayToRgb(gray, pixels, image.rgb);
        // For the viewer's window/level: the values and the linear window nearest to what was
        // rendered (a VOI LUT has none: the value range stands in for it).
        image.inverted = photometric == "MONOCHROME1";
        if (modalityValues(dicom, pixels, image.gray)) {
            double c = 0, w = 0;
            if (window != "window from VOI LUT" && dicom.getWindow(c, w) && w >= 1) {
                image.windowCenter = c, image.windowWidth = w;
            } else {
                const auto [lo, hi] = std::minmax_element(image.gray.begin(), image.gray.end());
                image.windowCenter = (double(*lo) + double(*hi)) / 2 + 0.5;
                image.windowWidth = std::max(1.0, double(*hi) - double(*lo) + 1);
            }
        }
    } else {
        // Colour (RGB, YBR_*, PALETTE COLOR): DCMTK renders interleaved 8-bit RGB.
        const auto* rgb = static_cast<const Uint8*>(dicom.getOutputData(8));
        if (!rgb) throw Error(path, "DCMTK could not render the DICOM colour pixels to 8 bits");
        image.rgb.assign(rgb, rgb + pixels * 3);
    }
    image.description = "DICOM " + photometric + " " + std::to_string(bitsStored) + "-bit" +
                        (window.empty() ? "" : ", " + window);
    return image;
}

}  // namespace medawq
