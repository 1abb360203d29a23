// Evaluation tables with an image column (the users' sheet: subject_id, View, Image_Path,
// Ground_Truth): paths relative to the sheet's folder or absolute, a missing image reported by row
// and path, skipped and counted, and each case's image reaching the multimodal model.
#include "jobs/eval_cases.h"
#include "test_support.h"

#include <medawq/errors.h>
#include <medawq/evaluate.h>
#include <medawq/table.h>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <map>

using namespace medawq;
using nlohmann::json;

class TestImageEvaluation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        const QString vision = QString::fromStdString(test::fixturesDir()) + "/vision";
        QVERIFY(QDir(m_tmp.path()).mkpath("sheet/images"));
        QVERIFY(QFile::copy(vision + "/gradient_rgb.png", m_tmp.filePath("sheet/images/a.png")));
        QVERIFY(QFile::copy(vision + "/photo.jpg", m_tmp.filePath("sheet/images/b.jpg")));
        m_absolute = (vision + "/checker_gray.png").toStdString();
        std::ofstream csv(m_tmp.filePath("sheet/eval.csv").toStdString());
        csv << "subject_id,View,Image_Path,Ground_Truth\n"
            << "1,PA,images/a.png,No pneumothorax.\n"
            << "2,AP," << m_absolute << ",Small left pleural effusion.\n"
            << "3,PA,images/missing.png,The lungs are clear.\n"
            << "4,LATERAL,images/b.jpg,Mild cardiomegaly.\n";
        csv.close();
        // The "quantized" model is a second copy of the 16-bit fixture: this test is about images.
        const QString src = QString::fromStdString(test::fixturesDir()) + "/models/gemma3_mm";
        QVERIFY(QDir(m_tmp.path()).mkpath("copy"));
        for (const QString& f : QDir(src).entryList(QDir::Files)) QVERIFY(QFile::copy(src + "/" + f, m_tmp.filePath("copy/" + f)));
    }

    void casesResolvePathsAndCountMissingImages() {
        const Table table = readTable(m_tmp.filePath("sheet/eval.csv").toStdString());
        EvaluateParams p = params("cases");
        const EvalCases cases = buildEvalCases(table, p);
        QCOMPARE(cases.imageColumn, std::string("Image_Path"));
        QCOMPARE(cases.cases.size(), size_t(3));
        QCOMPARE(cases.rowsMissingImage, int64_t(1));
        std::map<size_t, const EvalCase*> byRow;  // rows are drawn in a seeded order
        for (const EvalCase& c : cases.cases) byRow[c.row] = &c;
        QVERIFY(byRow.count(0) && byRow.count(1) && byRow.count(3) && !byRow.count(2));
        QCOMPARE(byRow[0]->imagePath, QDir::cleanPath(m_tmp.filePath("sheet/images/a.png")).toStdString());
        QCOMPARE(byRow[1]->imagePath, m_absolute);
        QCOMPARE(byRow[3]->imagePath, QDir::cleanPath(m_tmp.filePath("sheet/images/b.jpg")).toStdString());
        QCOMPARE(byRow[3]->prompt, std::string("Describe the LATERAL chest X-ray."));
        bool warned = false;
        for (const std::string& w : cases.warnings)
            warned = warned || (w.find("images/missing.png") != std::string::npos && w.find("data row 3") != std::string::npos);
        QVERIFY(warned);

        p.imageColumn = "none";
        const EvalCases textOnly = buildEvalCases(table, p);
        QCOMPARE(textOnly.cases.size(), size_t(4));
        QVERIFY(textOnly.cases[0].imagePath.empty());
        p.imageColumn = "Xray";
        try {
            buildEvalCases(table, p);
            QFAIL("no error for an unknown image column");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("no image column 'Xray'"), e.what());
        }
    }

    void evaluationSendsEachImageToTheModel() {
        const EvaluateParams p = params("run");
        const json results = runEvaluate(p, {}, {});
        QCOMPARE(results["data"]["image_column"].get<std::string>(), std::string("Image_Path"));
        QCOMPARE(results["data"]["rows_skipped_missing_image"].get<int64_t>(), int64_t(1));
        QCOMPARE(results["data"]["cases"].get<size_t>(), size_t(3));
        std::ifstream in(p.outputDir + "/reports.jsonl");
        std::string line;
        int withImage = 0;
        while (std::getline(in, line)) {
            const json j = json::parse(line);
            if (j.contains("image") && QFile::exists(QString::fromStdString(j["image"].get<std::string>()))) ++withImage;
        }
        QCOMPARE(withImage, 3);
    }

private:
    EvaluateParams params(const char* name) {
        EvaluateParams p;
        p.originalModel = test::fixturesDir() + "/models/gemma3_mm";
        p.quantizedModels = {m_tmp.filePath("copy").toStdString()};
        p.evalDataPath = m_tmp.filePath("sheet/eval.csv").toStdString();
        p.promptText = "Describe the {View} chest X-ray.";
        p.textColumn = "Ground_Truth";
        p.outputDir = m_tmp.filePath(name).toStdString();
        p.numSamples = 0;
        p.maxNewTokens = 6;
        p.speedPrompts = 1;
        p.speedNewTokens = 4;
        p.bootstrapResamples = 20;
        p.radgraphModel.clear();
        p.device = "cpu";
        return p;
    }
    QTemporaryDir m_tmp;
    std::string m_absolute;
};

QTEST_GUILESS_MAIN(TestImageEvaluation)
#include "test_image_evaluation.moc"
