// AWQ calibration on image+text conversations (MedGemma): one block per row with an image, the
// image-token run at the same place in every block, missing images counted and skipped, the
// vision tower's features in the first layer's input, and the image tokens attending to each
// other in the layer outputs the search sees (checked against the layer run by hand); then two
// real chest X-rays evaluated FP16 vs the image-calibrated AWQ model.
#include "test_support.h"
#include "widened_gemma3.h"

#include "formats/model_config.h"
#include "jobs/image_calibration.h"
#include "models/decoder.h"
#include "models/tensor_io.h"
#include "models/vision_tower.h"
#include "models/weights.h"
#include "quant/awq_layer.h"
#include "vision/gemma3_image_processor.h"

#include <medawq/errors.h>
#include <medawq/evaluate.h>
#include <medawq/image.h>
#include <medawq/quantize.h>
#include <medawq/safetensors.h>
#include <medawq/table.h>
#include <medawq/tokenizer.h>

#include <c10/core/GradMode.h>
#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace medawq;

class TestImageCalibration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_model = test::widenGemma3Multimodal(m_tmp.filePath("model").toStdString());
        const QString vision = QString::fromStdString(test::fixturesDir()) + "/vision";
        QVERIFY(QDir(m_tmp.path()).mkpath("sheet/images"));
        QVERIFY(QFile::copy(vision + "/gradient_rgb.png", m_tmp.filePath("sheet/images/a.png")));
        QVERIFY(QFile::copy(vision + "/photo.jpg", m_tmp.filePath("sheet/images/b.jpg")));
        std::ofstream csv(m_sheet = m_tmp.filePath("sheet/calibration.csv").toStdString());
        csv << "subject_id,View,Image_Path,text\n"
            << "1,PA,images/a.png,No pneumothorax. The heart size is normal. No pleural effusion.\n"
            << "2,AP," << (vision + "/checker_gray.png").toStdString() << ",Small left pleural effusion with basilar atelectasis.\n"
            << "3,PA,images/missing.png,The lungs are clear.\n"
            << "4,LATERAL,images/b.jpg,Mild cardiomegaly without edema.\n";
        // Two real chest X-rays (NIH ChestX-ray14, downscaled; tests/fixtures/vision/nih/README.md).
        for (const char* id : {"00000013_027", "00000032_007"})
            csv << "5,PA," << (vision + "/nih/" + id + ".png").toStdString() << ",Frontal chest radiograph " << id << ".\n";
    }

    void oneBlockPerImageConversation() {
        const Table table = readTable(m_sheet);
        const ModelConfig config = loadModelConfig(m_model);
        const auto tok = Tokenizer::fromModelDirectory(m_model);
        const ImageCalibration c = buildImageCalibration(table, config, *tok, options());
        QCOMPARE(c.rowsMissingImage, int64_t(1));
        QCOMPARE(c.rowsUsed, int64_t(5));
        QCOMPARE(c.ids.sizes(), (at::IntArrayRef{5, 48}));
        QCOMPARE(c.imageRun.size(), size_t(1));
        QCOMPARE(c.imageRun.front().end - c.imageRun.front().begin, config.vision.tokensPerImage);
        bool warned = false;
        for (const std::string& w : c.warnings) warned = warned || w.find("images/missing.png") != std::string::npos;
        QVERIFY(warned);
        for (int64_t b = 0; b < 5; ++b) {
            const at::Tensor row = c.ids[b];
            QCOMPARE(row[0].item<int64_t>(), int64_t(tok->bosId()));
            // The image run, and nothing else, holds image tokens.
            const at::Tensor image = row.eq(config.vision.imageTokenId);
            QCOMPARE(image.sum().item<int64_t>(), config.vision.tokensPerImage);
            QVERIFY(image.narrow(0, c.imageRun.front().begin, config.vision.tokensPerImage).all().item<bool>());
        }
        // The template's {View} reaches the user turn; the report is the model turn.
        const std::vector<int64_t> first(c.ids[0].data_ptr<int64_t>(), c.ids[0].data_ptr<int64_t>() + 48);
        const std::string text = tok->decode(std::vector<int>(first.begin(), first.end()), false);
        QVERIFY2(text.find("Describe the") != std::string::npos && text.find("<start_of_turn>model") != std::string::npos,
                 text.c_str());

        ImageCalibrationOptions tooShort = options();
        tooShort.seqlen = c.imageRun.front().end;
        try {
            buildImageCalibration(table, config, *tok, tooShort);
            QFAIL("no error for a seqlen that cuts the image");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("too short for an image prompt"), e.what());
        }
    }

    // The whole job: features in, the mask used by the search's forward passes, info recorded.
    void quantizeSeesTheImages() {
        QuantizeParams p;
        p.modelPath = m_model;
        p.outputPath = m_tmp.filePath("awq").toStdString();
        p.calibrationPath = m_sheet;
        p.promptTemplate = "Describe the {View} chest X-ray.";
        p.seqlen = 48;
        p.groupSize = 32;
        p.dumpSearchDir = m_tmp.filePath("dump").toStdString();
        const QuantizeSummary s = runQuantize(p, {}, {});
        QCOMPARE(s.calibrationImages, int64_t(5));
        QCOMPARE(s.rowsMissingImage, int64_t(1));
        std::ifstream infoIn(p.outputPath + "/quantization_info.json");
        const nlohmann::json info = nlohmann::json::parse(infoIn);
        QCOMPARE(info["calibration"]["images"]["used"].get<int>(), 5);
        QCOMPARE(info["calibration"]["images"]["rows_missing_image"].get<int>(), 1);

        c10::AutoGradMode noGrad(false);
        const Table table = readTable(m_sheet);
        const ModelConfig config = loadModelConfig(m_model);
        const auto tok = Tokenizer::fromModelDirectory(m_model);
        const ImageCalibration c = buildImageCalibration(table, config, *tok, options());
        const Checkpoint checkpoint = Checkpoint::open(m_model);
        const VisionTower tower(config, checkpoint, at::kCPU, at::kFloat);
        const at::Tensor x0 = dumped(p.dumpSearchDir + "/layer_0.safetensors");
        const at::Tensor x1 = dumped(p.dumpSearchDir + "/layer_1.safetensors");
        const ImageBlock run = c.imageRun.front();
        for (size_t b = 0; b < c.imagePaths.size(); ++b) {
            const at::Tensor features = tower.imageFeatures(gemma3PixelValues(loadImage(c.imagePaths[b]), config.vision))[0];
            const double diff = (x0[int64_t(b)].narrow(0, run.begin, run.end - run.begin) - features).abs().max().item<double>();
            QVERIFY2(diff < 1e-5, qPrintable(QString("block %1: image features differ by %2").arg(b).arg(diff)));
        }
        // Layer 0's output as the search saw it equals the layer run with the image mask, and
        // differs from a causal-only run inside the image run.
        WeightLoader loader(checkpoint, config, at::kCPU, at::kFloat);
        DecoderInputs inputs(config, loader.tensor(loader.prefix() + "embed_tokens.weight", {config.vocabSize, config.hiddenSize}));
        const RopeTables rope = inputs.rope(0, p.seqlen, at::kCPU);
        const DecoderLayer layer0 = loader.layer(0);
        const at::Tensor masked = runLayer(config, layer0, x0, rope, 16, nullptr, c.imageRun);
        const at::Tensor causal = runLayer(config, layer0, x0, rope, 16);
        QVERIFY((masked - x1).abs().max().item<double>() < 1e-4);
        QVERIFY((causal - x1).narrow(1, run.begin, run.end - run.begin - 1).abs().max().item<double>() > 1e-4);
        m_awq = p.outputPath;
    }

    // The rest of the pipeline on the real X-rays: FP16 vs the image-calibrated AWQ model.
    void evaluatesTheImageCalibratedModel() {
        QVERIFY(!m_awq.empty());
        EvaluateParams p;
        p.originalModel = m_model;
        p.quantizedModels = {m_awq};
        p.evalDataPath = m_sheet;
        p.promptText = "Describe the {View} chest X-ray.";
        p.outputDir = m_tmp.filePath("eval").toStdString();
        p.numSamples = 0;
        p.maxNewTokens = 5;
        p.speedPrompts = 1;
        p.speedNewTokens = 4;
        p.bootstrapResamples = 20;
        p.radgraphModel.clear();
        p.device = "cpu";
        const nlohmann::json results = runEvaluate(p, {}, {});
        QCOMPARE(results["data"]["cases"].get<int>(), 5);
        QCOMPARE(results["data"]["rows_skipped_missing_image"].get<int>(), 1);
        std::ifstream in(p.outputDir + "/reports.jsonl");
        int nih = 0;
        for (std::string line; std::getline(in, line);) {
            const nlohmann::json j = nlohmann::json::parse(line);
            if (j.value("image", std::string()).find("/nih/") != std::string::npos) ++nih;
        }
        QCOMPARE(nih, 2);
    }

private:
    ImageCalibrationOptions options() const {
        ImageCalibrationOptions o;
        o.imageColumn = "Image_Path";
        o.promptTemplate = "Describe the {View} chest X-ray.";
        o.seqlen = 48;
        return o;
    }

    static at::Tensor dumped(const std::string& path) {
        const auto f = SafetensorsFile::open(path);
        return toTensor(f->tensor("input")).to(at::kFloat);
    }

    QTemporaryDir m_tmp;
    std::string m_model, m_sheet, m_awq;
};

QTEST_APPLESS_MAIN(TestImageCalibration)
#include "test_image_calibration.moc"
