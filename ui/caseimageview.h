// The image of a case (MedGemma's image prompts) next to its reports: decoded with the core's
// loadImage (PNG, JPEG, DICOM with windowing), fitted to the view, zoom with the wheel or the
// buttons, pan by dragging. Hidden when the case has no image.
#pragma once

#include <QGraphicsView>

class QGraphicsPixmapItem;

namespace medawq::ui {

class CaseImageView : public QGraphicsView {
    Q_OBJECT
public:
    explicit CaseImageView(QWidget* parent = nullptr);

    // False (and a message in place of the picture) when the file cannot be decoded.
    bool showImage(const QString& path);
    void clearImage();
    bool hasImage() const;
    QString description() const { return m_description; }
    double zoom() const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToView();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QGraphicsPixmapItem* m_item = nullptr;
    QString m_description;
    bool m_fitted = true;
};

}  // namespace medawq::ui
