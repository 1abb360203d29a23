#include "xrayview.h"

#include "xrayimage.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace medawq::ui {

XRayView::XRayView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(160, 160);
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);
    setContextMenuPolicy(Qt::PreventContextMenu);  // the right button sets window/level
}

void XRayView::setImage(const medawq::Image& image) {
    m_image = image;
    m_message.clear();
    m_span = 256;
    if (!m_image.gray.empty()) {
        const auto [lo, hi] = std::minmax_element(m_image.gray.begin(), m_image.gray.end());
        m_span = std::max(1.0, double(*hi) - double(*lo));
    }
    resetView();
}

void XRayView::showMessage(const QString& message) {
    m_image = {};
    m_shown = {};
    m_message = message;
    m_zoom = 1, m_pan = {};
    update();
    Q_EMIT viewChanged();
}

void XRayView::resetView() {
    m_shown = m_image.rgb.empty() ? QImage() : toQImage(m_image);
    m_zoom = 1;
    m_pan = {};
    m_windowed = false;
    m_center = m_image.windowCenter;
    m_width = m_image.windowWidth;
    update();
    Q_EMIT viewChanged();
}

void XRayView::setWindow(double center, double width) {
    if (!canWindow()) return;
    m_windowed = true;
    m_center = center;
    m_width = std::max(1.0, width);
    const std::vector<uint8_t> grey = medawq::applyWindow(m_image, m_center, m_width);
    m_shown = QImage(grey.data(), m_image.width, m_image.height, m_image.width, QImage::Format_Grayscale8).copy();
    update();
    Q_EMIT viewChanged();
}

double XRayView::fitScale() const {
    if (m_shown.isNull()) return 1;
    return std::min(width() / double(m_shown.width()), height() / double(m_shown.height()));
}

QRectF XRayView::imageRect() const {
    const double s = fitScale() * m_zoom;
    const QSizeF size(m_shown.width() * s, m_shown.height() * s);
    const QPointF centre = QPointF(width() / 2.0, height() / 2.0) + m_pan;
    return QRectF(centre - QPointF(size.width() / 2, size.height() / 2), size);
}

void XRayView::zoomAt(double factor, const QPointF& p) {
    if (!hasImage()) return;
    const double next = std::clamp(m_zoom * factor, 1.0, 32.0);
    const double f = next / m_zoom;
    // Keep the image point under `p` where it is: the centre moves towards p by (1 - f).
    const QPointF centre = QPointF(width() / 2.0, height() / 2.0) + m_pan;
    m_pan = p + (centre - p) * f - QPointF(width() / 2.0, height() / 2.0);
    m_zoom = next;
    if (m_zoom == 1) m_pan = {};
    update();
    Q_EMIT viewChanged();
}

void XRayView::panBy(const QPointF& delta) {
    if (!hasImage() || m_zoom <= 1) return;
    m_pan += delta;
    update();
    Q_EMIT viewChanged();
}

QString XRayView::statusText() const {
    if (!hasImage()) return m_message;
    QString s = QString::number(m_image.width) + QStringLiteral(" × ") + QString::number(m_image.height);
    if (canWindow())
        s += m_windowed ? tr(" · W %1 L %2").arg(std::lround(m_width)).arg(std::lround(m_center))
                        : tr(" · file's window");
    if (m_zoom > 1) s += QStringLiteral(" · %1×").arg(m_zoom, 0, 'f', 1);
    return s;
}

void XRayView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    if (!hasImage()) {
        p.setPen(palette().color(QPalette::Disabled, QPalette::Text).lighter(180));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 4);
    p.drawImage(imageRect(), m_shown);
}

void XRayView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0) zoomAt(std::pow(1.25, steps), event->position());
    event->accept();
}

void XRayView::mousePressEvent(QMouseEvent* event) {
    m_dragButton = event->button();
    m_dragLast = event->position();
    if (m_dragButton == Qt::RightButton && canWindow() && !m_windowed) setWindow(m_center, m_width);
    event->accept();
}

void XRayView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF d = event->position() - m_dragLast;
    m_dragLast = event->position();
    if (m_dragButton == Qt::LeftButton) {
        panBy(d);
    } else if (m_dragButton == Qt::RightButton && canWindow()) {
        // One pixel of drag moves the window by 1/256 of the values' span: the whole range
        // in about the width of the pane, whatever the bit depth.
        const double step = m_span / 256.0;
        setWindow(m_center - d.y() * step, m_width + d.x() * step);
    }
    event->accept();
}

void XRayView::mouseReleaseEvent(QMouseEvent* event) {
    m_dragButton = Qt::NoButton;
    event->accept();
}

void XRayView::mouseDoubleClickEvent(QMouseEvent* event) {
    resetView();
    event->accept();
}

}  // namespace medawq::ui
