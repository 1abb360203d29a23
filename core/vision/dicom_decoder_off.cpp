// Built instead of dicom_decoder.cpp when DCMTK is absent (MEDAWQ_DICOM=OFF, e.g. the GPU box).
#include "vision/image_decoders.h"

#include <medawq/errors.h>

namespace medawq {

bool dicomSupported() { return false; }

Image decodeDicom(const std::string& path) {
    throw Error(path, "this build of MedAWQ reads no DICOM (built without DCMTK: install libdcmtk-dev and rebuild), "
                      "or convert the image to PNG");
}

}  // namespace medawq
