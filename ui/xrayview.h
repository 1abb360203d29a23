// The X-ray beside the reports: fitted to the pane; the wheel zooms about the cursor, a left drag
// pans, a right drag sets window/level as radiology viewers do (horizontal: width, vertical:
// level), a double-click fits again and returns to the file's own rendering (its VOI LUT or
// window). Window/level works on the image's values (DICOM modality values, PNG/JPEG grey levels).
#pragma once

#include <medawq/image.h>

#include <QImage>
#include <QPointF>
#include <QWidget>

namespace medawq::ui {

class XRayView : public QWidget {
    Q_OBJECT
public:
    explicit XRayView(QWidget* parent = nullptr);

    void setImage(const medawq::Image& image);  // shows it fitted, in the file's rendering
    void showMessage(const QString& message);   // no image: this text instead (e.g. why)
    bool hasImage() const { return !m_shown.isNull(); }
    QString message() const { return m_message; }
    const medawq::Image& image() const { return m_image; }

    double zoom() const { return m_zoom; }      // 1 = fitted
    void zoomAt(double factor, const QPointF& widgetPoint);
    QPointF panOffset() const { return m_pan; }
    void panBy(const QPointF& delta);

    bool canWindow() const { return !m_image.gray.empty(); }
    bool isWindowed() const { return m_windowed; }  // false: the file's rendering
    double windowCenter() const { return m_center; }
    double windowWidth() const { return m_width; }
    void setWindow(double center, double width);   // grey images only
    void resetView();

    QImage shownImage() const { return m_shown; }  // the pixels shown, at the image's size
    QString statusText() const;                    // "W 1500 L 1000 · 2.0x"

Q_SIGNALS:
    void viewChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    double fitScale() const;
    QRectF imageRect() const;  // where the image is drawn, in widget coordinates

    medawq::Image m_image;
    QImage m_shown;
    QString m_message;
    double m_zoom = 1;
    QPointF m_pan;
    bool m_windowed = false;
    double m_center = 128, m_width = 256;
    double m_span = 256;  // max - min of the values: scales the window/level drag
    Qt::MouseButton m_dragButton = Qt::NoButton;
    QPointF m_dragLast;
};

}  // namespace medawq::ui
