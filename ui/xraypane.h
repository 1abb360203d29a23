// The case's image in the side-by-side viewer: the X-ray (XRayView) with its size, window/level
// and zoom, previous/next, and a strip of thumbnails of every case's image. Images are decoded on
// worker threads, so a sheet of hundreds of X-rays never blocks the window.
#pragma once

#include <medawq/image.h>

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QToolButton;

namespace medawq::ui {

class XRayView;

class XRayPane : public QWidget {
    Q_OBJECT
public:
    explicit XRayPane(QWidget* parent = nullptr);
    ~XRayPane() override;

    // One path per case ("" = the case has no image); thumbnails load in the background.
    void setImages(const QStringList& paths);
    void showCase(int index);
    int currentCase() const { return m_current; }
    XRayView* view() const { return m_view; }
    QListWidget* thumbnails() const { return m_thumbs; }
    // Thumbnails decoded so far (tests wait for all of them).
    int thumbnailsLoaded() const { return m_thumbsLoaded; }
    bool isLoading() const { return m_imageWatcher.isRunning(); }

Q_SIGNALS:
    void caseRequested(int index);  // previous/next or a thumbnail clicked

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Loaded {
        int index = -1;
        medawq::Image image;
        QString error;
    };
    void showLoaded();
    void loadNextThumbnail();
    void updateStatus();
    void retranslateUi();

    XRayView* m_view = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_prev = nullptr;
    QToolButton* m_next = nullptr;
    QListWidget* m_thumbs = nullptr;
    QStringList m_paths;
    int m_current = -1;
    int m_thumbsLoaded = 0;
    QFutureWatcher<Loaded> m_imageWatcher;
    QFutureWatcher<QImage> m_thumbWatcher;
    int m_thumbIndex = 0;
};

}  // namespace medawq::ui
