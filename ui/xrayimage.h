// An X-ray file (PNG, JPEG or DICOM, through the core's decoders) as a QImage, for thumbnails and
// the experiment report's case comparisons. A null image when the file cannot be read.
#pragma once

#include <medawq/image.h>

#include <QImage>
#include <QString>

namespace medawq::ui {

QImage toQImage(const medawq::Image& image);
QImage readXRay(const QString& path);

}  // namespace medawq::ui
