#include "xrayimage.h"

#include <QFile>

#include <exception>

namespace medawq::ui {

QImage toQImage(const medawq::Image& im) {
    return QImage(im.rgb.data(), im.width, im.height, im.width * 3, QImage::Format_RGB888).copy();
}

QImage readXRay(const QString& path) {
    try {
        return toQImage(medawq::loadImage(QFile::encodeName(path).toStdString()));
    } catch (const std::exception&) {
        return {};
    }
}

}  // namespace medawq::ui
