// Images in: PNG/JPEG/DICOM decoding and Gemma 3's image preprocessing. The pixel values must equal
// those of transformers' Gemma3ImageProcessor for the images in tests/fixtures/vision (made by
// make_reference_fixtures.py --only gemma3_mm_image); the DICOM files are written here with DCMTK
// with known pixel data, so nothing binary is committed for them.
#include "test_support.h"

#include "formats/model_config.h"
#include "vision/gemma3_image_processor.h"

#include <medawq/errors.h>
#include <medawq/image.h>
#include <medawq/safetensors.h>

#include <png.h>

#ifdef MEDAWQ_TEST_DICOM
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#endif

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdio>
#include <fstream>

using namespace medawq;

namespace {

QString visionDir() { return QString::fromStdString(test::fixturesDir()) + "/vision"; }

VisionConfig tinyVision() {
    VisionConfig v;  // the gemma3_mm fixture's: image 32, patch 8, 4 tokens
    v.imageSize = 32;
    v.patchSize = 8;
    v.tokensPerImage = 4;
    return v;
}

QString errorOf(const std::string& path) {
    try {
        loadImage(path);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void writeBytes(const QString& path, const std::string& bytes) {
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

#ifdef MEDAWQ_TEST_DICOM
struct DicomSpec {
    const char* photometric = "MONOCHROME2";
    int bits = 8;            // bits allocated (8 or 16)
    int bitsStored = 8;
    std::vector<uint16_t> pixels;  // one row
    const char* windowCenter = nullptr;
    const char* windowWidth = nullptr;
    std::vector<uint16_t> voiLut;  // LUT data; descriptor [size, first mapped 0, lutBits]
    int lutBits = 12;
};

void writeDicom(const QString& path, const DicomSpec& s) {
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    char uid[100];
    ds->putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds->putAndInsertString(DCM_Modality, "CR");
    ds->putAndInsertString(DCM_PhotometricInterpretation, s.photometric);
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertUint16(DCM_Rows, 1);
    ds->putAndInsertUint16(DCM_Columns, Uint16(s.pixels.size()));
    ds->putAndInsertUint16(DCM_BitsAllocated, Uint16(s.bits));
    ds->putAndInsertUint16(DCM_BitsStored, Uint16(s.bitsStored));
    ds->putAndInsertUint16(DCM_HighBit, Uint16(s.bitsStored - 1));
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    if (s.bits == 8) {
        std::vector<Uint8> p(s.pixels.begin(), s.pixels.end());
        ds->putAndInsertUint8Array(DCM_PixelData, p.data(), p.size());
    } else {
        ds->putAndInsertUint16Array(DCM_PixelData, s.pixels.data(), s.pixels.size());
    }
    if (s.windowCenter) {
        ds->putAndInsertString(DCM_WindowCenter, s.windowCenter);
        ds->putAndInsertString(DCM_WindowWidth, s.windowWidth);
    }
    if (!s.voiLut.empty()) {
        DcmItem* item = nullptr;
        QVERIFY(ds->findOrCreateSequenceItem(DCM_VOILUTSequence, item, -2).good());
        const Uint16 desc[3] = {Uint16(s.voiLut.size()), 0, Uint16(s.lutBits)};
        item->putAndInsertUint16Array(DCM_LUTDescriptor, desc, 3);
        item->putAndInsertUint16Array(DCM_LUTData, s.voiLut.data(), s.voiLut.size());
    }
    const OFCondition st = file.saveFile(path.toStdString().c_str(), EXS_LittleEndianExplicit);
    QVERIFY2(st.good(), st.text());
}

// The gray values (R channel; checked equal to G and B) of a one-row image.
std::vector<int> grayRow(const Image& im) {
    std::vector<int> out;
    for (int x = 0; x < im.width; ++x) {
        const uint8_t* p = &im.rgb[size_t(x) * 3];
        if (p[0] != p[1] || p[1] != p[2]) return {};
        out.push_back(p[0]);
    }
    return out;
}

QString show(const std::vector<int>& v) {
    QStringList s;
    for (int x : v) s << QString::number(x);
    return s.join(',');
}

// DICOM PS3.3 C.11.2.1.2 linear window to 0..255.
int windowed(double x, double c, double w) {
    const double y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255.0;
    return int(std::lround(std::clamp(y, 0.0, 255.0)));
}

bool near(const std::vector<int>& got, const std::vector<int>& want, int tol = 1) {
    if (got.size() != want.size()) return false;
    for (size_t i = 0; i < got.size(); ++i)
        if (std::abs(got[i] - want[i]) > tol) return false;
    return true;
}
#endif

}  // namespace

class TestImages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodedPixelsMatchPil_data() { imageRows(); }
    void decodedPixelsMatchPil() {
        // PNG (RGB, grayscale, RGBA) and baseline JPEG decode to exactly PIL's convert("RGB").
        QFETCH(QString, file);
        QFETCH(QString, stem);
        const Image im = loadImage((visionDir() + "/" + file).toStdString());
        auto ref = SafetensorsFile::open((visionDir() + "/reference.safetensors").toStdString());
        const TensorView want = ref->tensor(stem.toStdString() + ".decoded_rgb");
        QCOMPARE(int64_t(im.height), want.shape[0]);
        QCOMPARE(int64_t(im.width), want.shape[1]);
        const auto* w = static_cast<const uint8_t*>(want.data);
        int differing = 0;
        for (size_t i = 0; i < im.rgb.size(); ++i) differing += im.rgb[i] != w[i];
        QVERIFY2(differing == 0, qPrintable(QString("%1 of %2 bytes differ (%3)").arg(differing).arg(im.rgb.size()).arg(
                                     QString::fromStdString(im.description))));
    }

    void pixelValuesMatchGemma3ImageProcessor_data() { imageRows(); }
    void pixelValuesMatchGemma3ImageProcessor() {
        // Resize (antialiased bilinear, both directions), rescale and normalise as transformers 5.17.
        QFETCH(QString, file);
        QFETCH(QString, stem);
        const at::Tensor mine = gemma3PixelValues(loadImage((visionDir() + "/" + file).toStdString()), tinyVision());
        auto ref = SafetensorsFile::open((visionDir() + "/reference.safetensors").toStdString());
        const TensorView want = ref->tensor(stem.toStdString() + ".pixel_values");
        QVERIFY(mine.sizes().vec() == want.shape);
        const float* w = static_cast<const float*>(want.data);
        const float* m = mine.data_ptr<float>();
        double worst = 0;
        for (int64_t i = 0; i < mine.numel(); ++i) worst = std::max(worst, double(std::fabs(m[i] - w[i])));
        // One uint8 step is 2/255 = 0.0078 after normalising: 1e-6 means every resized byte is equal.
        qInfo("pixel values: max |diff| %.3g vs Gemma3ImageProcessor", worst);
        QVERIFY2(worst <= 1e-6, qPrintable(QString("max |diff| = %1").arg(worst)));
    }

    void sixteenBitPngKeepsHighByte() {
        QTemporaryDir dir;
        const QString path = dir.filePath("gray16.png");
        png_image img{};
        img.version = PNG_IMAGE_VERSION;
        img.width = 3;
        img.height = 1;
        img.format = PNG_FORMAT_LINEAR_Y;  // 16-bit gray
        const uint16_t px[3] = {0x0000, 0x12FF, 0xFFFF};
        QVERIFY(png_image_write_to_file(&img, path.toStdString().c_str(), 0, px, 0, nullptr));
        const Image im = loadImage(path.toStdString());
        QCOMPARE(im.width, 3);
        QCOMPARE(int(im.rgb[3]), 0x12);
        QCOMPARE(int(im.rgb[5]), 0x12);
        QCOMPARE(int(im.rgb[6]), 0xFF);
        QVERIFY(im.description.find("16-bit grayscale") != std::string::npos);
    }

    void badFilesAreNamedWithTheProblem() {
        QTemporaryDir dir;
        const QString missing = dir.filePath("nope.png");
        QVERIFY(errorOf(missing.toStdString()).contains("nope.png"));
        QVERIFY(errorOf(missing.toStdString()).contains("not found"));
        const QString text = dir.filePath("notes.png");
        writeBytes(text, "FINDINGS: none\n");
        QVERIFY2(errorOf(text.toStdString()).contains("not a PNG, JPEG or DICOM"), qPrintable(errorOf(text.toStdString())));
        const QString truncated = dir.filePath("cut.png");
        std::ifstream in((visionDir() + "/gradient_rgb.png").toStdString(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        writeBytes(truncated, bytes.substr(0, 60));
        const QString e = errorOf(truncated.toStdString());
        QVERIFY2(e.contains("cut.png") && e.contains("not a readable PNG"), qPrintable(e));
        const QString badJpeg = dir.filePath("cut.jpg");
        std::ifstream jin((visionDir() + "/photo.jpg").toStdString(), std::ios::binary);
        std::string jbytes((std::istreambuf_iterator<char>(jin)), {});
        writeBytes(badJpeg, jbytes.substr(0, 40));
        const QString je = errorOf(badJpeg.toStdString());
        QVERIFY2(je.contains("cut.jpg") && je.contains("JPEG"), qPrintable(je));
        const QString empty = dir.filePath("empty.jpg");
        writeBytes(empty, "");
        QVERIFY(errorOf(empty.toStdString()).contains("empty"));
    }

    // PNG/JPEG: a grey image carries its grey levels for window/level; a colour one does not.
    void greyLevelsForTheViewer() {
        const std::string dir = test::fixturesDir() + "/vision/";
        const Image grey = loadImage(dir + "checker_gray.png");
        QCOMPARE(grey.gray.size(), size_t(grey.width) * size_t(grey.height));
        const std::vector<uint8_t> same = applyWindow(grey, grey.windowCenter, grey.windowWidth);
        for (size_t i = 0; i < same.size(); ++i) QCOMPARE(int(same[i]), int(grey.rgb[3 * i]));
        const std::vector<uint8_t> narrow = applyWindow(grey, 100, 20);  // 90 and below black, 110 and above white
        for (size_t i = 0; i < narrow.size(); ++i) {
            const float v = grey.gray[i];
            if (v <= 89) QCOMPARE(int(narrow[i]), 0);
            if (v >= 111) QCOMPARE(int(narrow[i]), 255);
        }
        QVERIFY(loadImage(dir + "gradient_rgb.png").gray.empty());
        QVERIFY(applyWindow(loadImage(dir + "gradient_rgb.png"), 128, 256).empty());
    }

#ifdef MEDAWQ_TEST_DICOM
    void dicomWindowing_data() {
        QTest::addColumn<int>("row");
        for (int i = 0; i < 6; ++i) QTest::newRow(qPrintable(QString::number(i))) << i;
    }
    void dicomWindowing() {
        QFETCH(int, row);
        QVERIFY(dicomSupported());
        QTemporaryDir dir;
        const QString path = dir.filePath("image.dcm");
        DicomSpec s;
        std::vector<int> want;
        QString what;
        const std::vector<uint16_t> ramp12 = {0, 1024, 2048, 3072, 4095, 1500};
        switch (row) {
        case 0:  // 8-bit, no window: the pixel range becomes 0..255
            what = "MONOCHROME2 8-bit, min-max";
            s.pixels = {10, 60, 110, 210};
            want = {0, 64, 128, 255};
            break;
        case 1:  // MONOCHROME1: the same data shown inverted
            what = "MONOCHROME1 8-bit, min-max";
            s.photometric = "MONOCHROME1";
            s.pixels = {10, 60, 110, 210};
            want = {255, 191, 127, 0};
            break;
        case 2:  // 16-bit (12 stored) with window center/width
            what = "MONOCHROME2 16-bit, window 1500/1000";
            s.bits = 16;
            s.bitsStored = 12;
            s.pixels = ramp12;
            s.windowCenter = "1500";
            s.windowWidth = "1000";
            for (uint16_t x : ramp12) want.push_back(windowed(x, 1500, 1000));
            break;
        case 3:  // MONOCHROME1 16-bit with a window: windowed, then inverted
            what = "MONOCHROME1 16-bit, window 2048/4096";
            s.photometric = "MONOCHROME1";
            s.bits = 16;
            s.bitsStored = 12;
            s.pixels = ramp12;
            s.windowCenter = "2048";
            s.windowWidth = "4096";
            for (uint16_t x : ramp12) want.push_back(255 - windowed(x, 2048, 4096));
            break;
        case 4:  // a VOI LUT wins over a window also present; a non-monotonic LUT proves it is used
            what = "MONOCHROME2 16-bit, VOI LUT";
            s.bits = 16;
            s.bitsStored = 12;
            s.pixels = {0, 1, 2, 3};
            s.windowCenter = "2";
            s.windowWidth = "4";
            s.voiLut = {0, 4095, 2048, 1024};
            s.lutBits = 12;
            want = {0, 255, 128, 64};
            break;
        case 5:  // 8-bit with a window center/width
            what = "MONOCHROME2 8-bit, window 100/50";
            s.pixels = {60, 80, 100, 120, 140, 90};
            s.windowCenter = "100";
            s.windowWidth = "50";
            for (uint16_t x : s.pixels) want.push_back(windowed(x, 100, 50));
            break;
        }
        writeDicom(path, s);
        const Image im = loadImage(path.toStdString());
        const std::vector<int> got = grayRow(im);
        QVERIFY2(near(got, want), qPrintable(QString("%1: got [%2] want [%3] (%4)").arg(what, show(got), show(want),
                                                                                     QString::fromStdString(im.description))));
    }

    // The viewer's window/level: the modality values come with the image, and the window the
    // file asked for (the value range for a VOI LUT) reproduces the rendering.
    void dicomWindowLevelValues_data() { dicomWindowing_data(); }
    void dicomWindowLevelValues() {
        QFETCH(int, row);
        QTemporaryDir dir;
        const QString path = dir.filePath("image.dcm");
        DicomSpec s;
        s.pixels = {10, 60, 110, 210};
        if (row == 1 || row == 3) s.photometric = "MONOCHROME1";
        if (row >= 2) {
            s.bits = 16;
            s.bitsStored = 12;
            s.pixels = {0, 1024, 2048, 3072, 4095, 1500};
            s.windowCenter = "1500";
            s.windowWidth = "1000";
        }
        if (row == 4) s.voiLut = {0, 4095, 2048, 1024, 512, 4000}, s.lutBits = 12, s.pixels = {0, 1, 2, 3, 4, 5};
        writeDicom(path, s);
        const Image im = loadImage(path.toStdString());
        QCOMPARE(im.gray.size(), s.pixels.size());
        for (size_t i = 0; i < s.pixels.size(); ++i) QCOMPARE(double(im.gray[i]), double(s.pixels[i]));
        QCOMPARE(im.inverted, s.photometric == std::string("MONOCHROME1"));
        const std::vector<uint8_t> shown = applyWindow(im, im.windowCenter, im.windowWidth);
        std::vector<int> windowed8(shown.begin(), shown.end());
        if (row != 4) {
            QVERIFY2(near(windowed8, grayRow(im)), qPrintable(show(windowed8) + " vs " + show(grayRow(im))));
        } else {  // the value range: 0 -> 0, 5 -> 255
            QCOMPARE(windowed8.front(), 0);
            QCOMPARE(windowed8.back(), 255);
        }
        // A window the user drags to: the same linear function, inverted for MONOCHROME1.
        const std::vector<uint8_t> user = applyWindow(im, 1000, 500);
        for (size_t i = 0; i < user.size(); ++i) {
            const int want = windowed(s.pixels[i], 1000, 500);
            QVERIFY(std::abs(int(user[i]) - (im.inverted ? 255 - want : want)) <= 1);
        }
    }

    void dicomWithoutPreambleAndBroken() {
        QTemporaryDir dir;
        const QString broken = dir.filePath("scan.dcm");
        writeBytes(broken, std::string(128, '\0') + "DICM" + "garbage that is not a dataset");
        const QString e = errorOf(broken.toStdString());
        QVERIFY2(e.contains("scan.dcm") && e.contains("DICOM"), qPrintable(e));
    }
#endif

private:
    void imageRows() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("stem");
        for (const char* f : {"gradient_rgb.png", "checker_gray.png", "square_rgba.png", "photo.jpg"}) {
            const QString file(f);
            QTest::newRow(f) << file << file.section('.', 0, 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestImages)
#include "test_images.moc"
