// The image beside the reports: window/level on the image's values, zoom about a point, pan,
// reset; the pane's thumbnails, previous/next and a missing or absent image.
#include "xraypane.h"
#include "xrayview.h"
#include "ui_test_support.h"

#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

using namespace medawq::ui;

namespace {
// A 4x2 "16-bit" image: values 0..3500, rendered with the window 1750/3500.
medawq::Image sixteenBit() {
    medawq::Image im;
    im.width = 4, im.height = 2;
    im.gray = {0, 500, 1000, 1500, 2000, 2500, 3000, 3500};
    im.windowCenter = 1750, im.windowWidth = 3501;
    const std::vector<uint8_t> grey = medawq::applyWindow(im, im.windowCenter, im.windowWidth);
    for (uint8_t g : grey) im.rgb.insert(im.rgb.end(), {g, g, g});
    return im;
}

void send(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button, Qt::MouseButtons buttons) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}
}  // namespace

class TestXRayPane : public QObject {
    Q_OBJECT
    std::unique_ptr<uitest::Sandbox> m_sandbox;

private Q_SLOTS:
    void initTestCase() { m_sandbox = std::make_unique<uitest::Sandbox>(); }

    void windowLevelZoomPanReset() {
        XRayView v;
        v.resize(400, 200);
        v.show();
        v.setImage(sixteenBit());
        QVERIFY(v.hasImage() && v.canWindow() && !v.isWindowed());
        QCOMPARE(v.shownImage().pixelColor(0, 0).red(), 0);
        QCOMPARE(v.shownImage().pixelColor(3, 1).red(), 255);
        // A narrow window: 1000 and below black, 1500 and above white.
        v.setWindow(1250, 500);
        QVERIFY(v.isWindowed());
        QCOMPARE(qGray(v.shownImage().pixel(2, 0)), 0);
        QCOMPARE(qGray(v.shownImage().pixel(3, 0)), 255);
        QVERIFY(v.statusText().contains(QStringLiteral("W 500 L 1250")));
        // Right-drag: right widens, down lowers the level.
        send(&v, QEvent::MouseButtonPress, {100, 100}, Qt::RightButton, Qt::RightButton);
        send(&v, QEvent::MouseMove, {164, 132}, Qt::NoButton, Qt::RightButton);
        send(&v, QEvent::MouseButtonRelease, {164, 132}, Qt::RightButton, Qt::NoButton);
        QVERIFY(v.windowWidth() > 500);
        QVERIFY(v.windowCenter() < 1250);
        // Zoom about a point keeps that point still; pan only when zoomed in.
        v.zoomAt(2, QPointF(300, 100));
        QCOMPARE(v.zoom(), 2.0);
        QCOMPARE(v.panOffset(), QPointF(-100, 0));
        v.panBy({10, 5});
        QCOMPARE(v.panOffset(), QPointF(-90, 5));
        v.zoomAt(0.1, QPointF(0, 0));
        QCOMPARE(v.zoom(), 1.0);
        QCOMPARE(v.panOffset(), QPointF(0, 0));
        v.zoomAt(3, QPointF(200, 100));
        QTest::mouseDClick(&v, Qt::LeftButton, Qt::NoModifier, QPoint(50, 50));
        QCOMPARE(v.zoom(), 1.0);
        QVERIFY(!v.isWindowed());
        QCOMPARE(v.shownImage().pixelColor(3, 1).red(), 255);
    }

    void colourImagesHaveNoWindow() {
        XRayView v;
        medawq::Image im;
        im.width = 1, im.height = 1;
        im.rgb = {200, 10, 10};
        v.setImage(im);
        QVERIFY(!v.canWindow());
        v.setWindow(10, 10);
        QVERIFY(!v.isWindowed());
        QCOMPARE(v.shownImage().pixelColor(0, 0), QColor(200, 10, 10));
    }

    void thumbnailsNavigationAndMissingImages() {
        const QString vision = qEnvironmentVariable("MEDAWQ_FIXTURES_DIR") + QStringLiteral("/vision");
        XRayPane pane;
        pane.resize(500, 500);
        pane.show();
        pane.setImages({vision + "/nih/00000013_027.png", QString(), vision + "/photo.jpg", vision + "/nope.png"});
        QCOMPARE(pane.thumbnails()->count(), 4);
        QTRY_COMPARE_WITH_TIMEOUT(pane.thumbnailsLoaded(), 4, 10000);
        QVERIFY(!pane.thumbnails()->item(0)->icon().isNull());
        QVERIFY(pane.thumbnails()->item(1)->icon().isNull());
        QVERIFY(!pane.thumbnails()->item(2)->icon().isNull());

        pane.showCase(0);
        QTRY_VERIFY_WITH_TIMEOUT(pane.view()->hasImage(), 10000);
        QCOMPARE(pane.view()->image().width, 320);
        QVERIFY(pane.view()->canWindow());  // a grey PNG
        QVERIFY(pane.findChild<QLabel*>(QStringLiteral("xrayStatus"))->text().contains(QStringLiteral("320")));

        QSignalSpy requested(&pane, &XRayPane::caseRequested);
        auto buttons = pane.findChildren<QToolButton*>();
        QToolButton* next = nullptr;
        for (QToolButton* b : buttons)
            if (b->arrowType() == Qt::RightArrow) next = b;
        QVERIFY(next);
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toInt(), 1);

        pane.showCase(1);
        QVERIFY(!pane.view()->hasImage());
        QVERIFY(pane.view()->message().contains(QStringLiteral("no image")));
        pane.showCase(3);
        QTRY_VERIFY_WITH_TIMEOUT(pane.view()->message().contains(QStringLiteral("nope.png")), 10000);
        QVERIFY(!next->isEnabled());
    }
};

QTEST_MAIN(TestXRayPane)
#include "test_xraypane.moc"
