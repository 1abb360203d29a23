#include "xraypane.h"

#include "xrayimage.h"
#include "xrayview.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace medawq::ui {

namespace {
constexpr int kThumb = 72;

QImage thumbnailOf(const QString& path) {
    // A null image when unreadable: the big view says why when the case is opened.
    const QImage full = path.isEmpty() ? QImage() : readXRay(path);
    return full.isNull() ? full : full.scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}
}  // namespace

XRayPane::XRayPane(QWidget* parent) : QWidget(parent) {
    m_view = new XRayView(this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("xrayStatus"));
    m_prev = new QToolButton(this);
    m_prev->setArrowType(Qt::LeftArrow);
    m_next = new QToolButton(this);
    m_next->setArrowType(Qt::RightArrow);
    m_thumbs = new QListWidget(this);
    m_thumbs->setViewMode(QListView::IconMode);
    m_thumbs->setFlow(QListView::LeftToRight);
    m_thumbs->setWrapping(false);
    m_thumbs->setIconSize(QSize(kThumb, kThumb));
    m_thumbs->setFixedHeight(kThumb + 34);
    m_thumbs->setMovement(QListView::Static);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_prev);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_next);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(bar);
    layout->addWidget(m_thumbs);

    connect(m_prev, &QToolButton::clicked, this, [this] {
        if (m_current > 0) Q_EMIT caseRequested(m_current - 1);
    });
    connect(m_next, &QToolButton::clicked, this, [this] {
        if (m_current + 1 < m_paths.size()) Q_EMIT caseRequested(m_current + 1);
    });
    connect(m_thumbs, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        Q_EMIT caseRequested(m_thumbs->row(item));
    });
    connect(m_view, &XRayView::viewChanged, this, &XRayPane::updateStatus);
    connect(&m_imageWatcher, &QFutureWatcher<Loaded>::finished, this, &XRayPane::showLoaded);
    connect(&m_thumbWatcher, &QFutureWatcher<QImage>::finished, this, [this] {
        const int index = m_thumbIndex;
        if (m_thumbWatcher.future().isValid() && index < m_thumbs->count()) {
            const QImage t = m_thumbWatcher.result();
            if (!t.isNull()) m_thumbs->item(index)->setIcon(QIcon(QPixmap::fromImage(t)));
        }
        ++m_thumbsLoaded;
        ++m_thumbIndex;
        loadNextThumbnail();
    });
    retranslateUi();
}

XRayPane::~XRayPane() {
    m_imageWatcher.waitForFinished();
    m_thumbWatcher.waitForFinished();
}

void XRayPane::setImages(const QStringList& paths) {
    m_thumbWatcher.waitForFinished();  // at most one thumbnail's decode
    m_paths = paths;
    m_current = -1;
    m_thumbsLoaded = 0;
    m_thumbIndex = 0;
    m_thumbs->clear();
    for (int i = 0; i < paths.size(); ++i) {
        auto* item = new QListWidgetItem(QString::number(i + 1), m_thumbs);
        item->setToolTip(paths[i].isEmpty() ? tr("Case %1: no image").arg(i + 1) : paths[i]);
        item->setSizeHint(QSize(kThumb + 8, kThumb + 26));
    }
    loadNextThumbnail();
    m_view->showMessage(tr("No case selected"));
}

void XRayPane::loadNextThumbnail() {
    if (m_thumbIndex >= m_paths.size()) return;
    const QString path = m_paths[m_thumbIndex];
    m_thumbWatcher.setFuture(QtConcurrent::run([path] { return thumbnailOf(path); }));
}

void XRayPane::showCase(int index) {
    if (index < 0 || index >= m_paths.size()) return;
    m_current = index;
    m_thumbs->setCurrentRow(index);
    m_thumbs->scrollToItem(m_thumbs->item(index));
    m_prev->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < m_paths.size());
    const QString path = m_paths[index];
    if (path.isEmpty()) {
        m_view->showMessage(tr("This case has no image."));
        return;
    }
    m_view->showMessage(tr("Loading %1 …").arg(path));
    m_imageWatcher.waitForFinished();  // the previous case's decode, if still running
    m_imageWatcher.setFuture(QtConcurrent::run([index, path] {
        Loaded l;
        l.index = index;
        try {
            l.image = medawq::loadImage(path.toStdString());
        } catch (const std::exception& e) {
            l.error = QString::fromUtf8(e.what());
        }
        return l;
    }));
}

void XRayPane::showLoaded() {
    const Loaded l = m_imageWatcher.result();
    if (l.index != m_current) return;  // the user moved on
    if (!l.error.isEmpty()) m_view->showMessage(l.error);
    else m_view->setImage(l.image);
}

void XRayPane::updateStatus() {
    QString s = m_view->statusText();
    if (m_view->hasImage() && !m_view->image().description.empty())
        s = QString::fromStdString(m_view->image().description) + QStringLiteral(" · ") + s;
    m_status->setText(s);
}

void XRayPane::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void XRayPane::retranslateUi() {
    m_prev->setToolTip(tr("Previous case"));
    m_next->setToolTip(tr("Next case"));
    m_view->setToolTip(tr("Wheel: zoom · drag: pan · right-drag: window/level · double-click: fit and reset"));
    updateStatus();
}

}  // namespace medawq::ui
