#include "caseimageview.h"

#include <medawq/errors.h>
#include <medawq/image.h>

#include <QFile>
#include <QGraphicsPixmapItem>
#include <QGraphicsTextItem>
#include <QImage>
#include <QWheelEvent>

namespace medawq::ui {

CaseImageView::CaseImageView(QWidget* parent) : QGraphicsView(parent) {
    setScene(new QGraphicsScene(this));
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setRenderHint(QPainter::SmoothPixmapTransform);
    setBackgroundBrush(Qt::black);
    setMinimumWidth(160);
}

bool CaseImageView::showImage(const QString& path) {
    clearImage();
    try {
        const medawq::Image im = medawq::loadImage(QFile::encodeName(path).toStdString());
        // The decoded RGB buffer is copied into the QImage (the Image goes out of scope).
        const QImage image = QImage(im.rgb.data(), im.width, im.height, im.width * 3, QImage::Format_RGB888).copy();
        m_item = scene()->addPixmap(QPixmap::fromImage(image));
        m_description = QString::fromStdString(im.description);
        scene()->setSceneRect(m_item->boundingRect());
        setToolTip(QStringLiteral("%1\n%2 × %3, %4").arg(path).arg(im.width).arg(im.height).arg(m_description));
        fitToView();
        return true;
    } catch (const medawq::Error& e) {
        auto* text = scene()->addText(QString::fromStdString(e.what()));
        text->setDefaultTextColor(Qt::white);
        text->setTextWidth(240);
        scene()->setSceneRect(text->boundingRect());
        resetTransform();
        return false;
    }
}

void CaseImageView::clearImage() {
    scene()->clear();
    m_item = nullptr;
    m_description.clear();
    setToolTip(QString());
}

bool CaseImageView::hasImage() const { return m_item != nullptr; }
double CaseImageView::zoom() const { return transform().m11(); }

void CaseImageView::zoomIn() {
    m_fitted = false;
    scale(1.25, 1.25);
}

void CaseImageView::zoomOut() {
    m_fitted = false;
    scale(0.8, 0.8);
}

void CaseImageView::fitToView() {
    m_fitted = true;
    if (m_item) fitInView(m_item, Qt::KeepAspectRatio);
}

void CaseImageView::wheelEvent(QWheelEvent* event) {
    if (!m_item) return;
    event->angleDelta().y() > 0 ? zoomIn() : zoomOut();
    event->accept();
}

void CaseImageView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (m_fitted) fitToView();
}

}  // namespace medawq::ui
