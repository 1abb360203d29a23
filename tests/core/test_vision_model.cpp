// MedGemma's image path against transformers 5.17 (tests/fixtures/vision, from the committed
// gemma3_mm fixture): the SigLIP encoder and projector outputs, float32 logits of a chat prompt
// holding one image (image tokens attending to each other both ways), greedy ids, the prompt
// layout, in all three checkpoint layouts; and clear errors for image misuse.
#include "test_support.h"

#include "formats/model_config.h"
#include "models/tensor_io.h"
#include "models/vision_tower.h"

#include <medawq/errors.h>
#include <medawq/generation.h>
#include <medawq/safetensors.h>

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using nlohmann::json;
using namespace medawq;

namespace {

QString fixtures() { return QString::fromStdString(test::fixturesDir()); }
QString visionDir() { return fixtures() + "/vision"; }
QString modelDir(const char* name = "gemma3_mm") { return fixtures() + "/models/" + name; }
json expected() {
    std::ifstream in((visionDir() + "/expected.json").toStdString());
    return json::parse(in);
}
at::Tensor reference(const std::string& name) {
    auto f = SafetensorsFile::open((visionDir() + "/reference.safetensors").toStdString());
    return toTensor(f->tensor(name));
}
QString joinIds(const std::vector<int>& ids) {
    QStringList parts;
    for (int id : ids) parts << QString::number(id);
    return parts.join(',');
}
double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(at::kFloat) - b.to(at::kFloat)).abs().max().item<double>();
}

}  // namespace

class TestVisionModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encoderAndProjectorMatchTransformers_data() { layoutRows(); }
    void encoderAndProjectorMatchTransformers() {
        QFETCH(QString, dir);
        const ModelConfig config = loadModelConfig(dir.toStdString());
        QVERIFY(config.hasVision);
        QCOMPARE(config.vision.tokensPerImage, int64_t(4));
        QCOMPARE(config.vision.imageTokenId, 8);
        const Checkpoint ckpt = Checkpoint::open(dir.toStdString());
        c10::AutoGradMode noGrad(false);
        VisionTower tower(config, ckpt, at::kCPU, at::kFloat);
        const at::Tensor pixels = reference("gradient_rgb.pixel_values");
        const double encoder = maxAbsDiff(tower.encode(pixels), reference("prompt.vision_last_hidden_state"));
        const double features = maxAbsDiff(tower.imageFeatures(pixels), reference("prompt.image_features"));
        qInfo("encoder max |diff| %.3g, projector max |diff| %.3g", encoder, features);
        QVERIFY2(encoder <= 1e-5, qPrintable(QString("encoder max |diff| %1").arg(encoder)));
        QVERIFY2(features <= 1e-5, qPrintable(QString("projector max |diff| %1").arg(features)));
    }

    void logitsWithImageMatchTransformers_data() { layoutRows(); }
    void logitsWithImageMatchTransformers() {
        // Through the CLI, as the issue asks: the ids hold the image-token run, --image fills it.
        QFETCH(QString, dir);
        const json e = expected();
        QTemporaryDir out;
        const QString outFile = out.filePath("logits.safetensors");
        QProcess cli;
        cli.start(QString::fromStdString(test::cliPath()),
                  {"logits", "--model", dir, "--input-ids", joinIds(e["input_ids"].get<std::vector<int>>()), "--image",
                   visionDir() + "/" + QString::fromStdString(e["prompt_image"].get<std::string>()), "--output", outFile});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        auto f = SafetensorsFile::open(outFile.toStdString());
        const at::Tensor mine = toTensor(f->tensor("logits"));
        const at::Tensor want = reference("prompt.logits");
        QVERIFY(mine.sizes().vec() == want.sizes().vec());
        const double diff = maxAbsDiff(mine, want);
        qInfo("logits with image: max |diff| %.3g vs transformers", diff);
        QVERIFY2(diff <= 1e-4, qPrintable(QString("max |diff| = %1").arg(diff)));
        // The bidirectional rule is exercised: causal-only attention among the image tokens would be far off.
        const double causal = maxAbsDiff(mine, reference("prompt.logits_without_token_type_ids"));
        QVERIFY2(causal > 0.1, qPrintable(QString("causal vs bidirectional only %1 apart").arg(causal)));
    }

    void visionConfigDefaultsAndGeometry() {
        // MedGemma's published top level: SigLIP So400m at 896 px, 256 image tokens (64x64 patches pooled 4x4).
        const ModelConfig medgemma = parseModelConfig(json::parse(R"({"architectures":["Gemma3ForConditionalGeneration"],
            "model_type":"gemma3","mm_tokens_per_image":256,"boi_token_index":255999,"eoi_token_index":256000,
            "image_token_index":262144,"text_config":{"hidden_size":2560},"vision_config":{"hidden_size":1152,
            "image_size":896,"intermediate_size":4304,"num_attention_heads":16,"num_hidden_layers":27,"patch_size":14}})"),
                                                      "medgemma/config.json");
        QVERIFY(medgemma.hasVision);
        QCOMPARE(medgemma.vision.patchesPerSide(), int64_t(64));
        QCOMPARE(medgemma.vision.imageTokenId, 262144);
        QCOMPARE(medgemma.vision.layerNormEps, 1e-6);
        QVERIFY(medgemma.vision.problem().empty());
        // A vision_config without sizes still loads (text-only use); the geometry is refused only for images.
        const ModelConfig stripped = parseModelConfig(json::parse(R"({"architectures":["Gemma3ForConditionalGeneration"],
            "model_type":"gemma3","text_config":{},"vision_config":{"hidden_size":1152}})"), "stripped/config.json");
        QVERIFY(QString::fromStdString(stripped.vision.problem()).contains("mm_tokens_per_image 256"));
    }

    void imagePromptLayoutMatchesProcessor() {
        const json e = expected();
        auto model = LanguageModel::load(modelDir().toStdString());
        QVERIFY(model->acceptsImages());
        const std::string prompt = model->imageChatPrompt(e["user_text"].get<std::string>());
        QCOMPARE(QString::fromStdString(prompt), QString::fromStdString(e["prompt_text"].get<std::string>()));
        QCOMPARE(joinIds(model->encode(prompt, true)), joinIds(e["input_ids"].get<std::vector<int>>()));
    }

    void greedyWithImageMatchesTransformers() {
        const json e = expected();
        auto model = LanguageModel::load(modelDir().toStdString());
        GenerationOptions go;
        go.maxNewTokens = e["max_new_tokens"].get<int>();
        go.imagePath = (visionDir() + "/" + QString::fromStdString(e["prompt_image"].get<std::string>())).toStdString();
        const GenerationResult r = model->generate(model->imageChatPrompt(e["user_text"].get<std::string>()), go);
        QCOMPARE(joinIds(r.promptIds), joinIds(e["input_ids"].get<std::vector<int>>()));
        QCOMPARE(joinIds(r.newIds), joinIds(e["greedy_new_ids"].get<std::vector<int>>()));
        // Another image gives another answer's logits (the image really reaches the decoder).
        const std::vector<int> ids = e["input_ids"].get<std::vector<int>>();
        QTemporaryDir out;
        model->writeLogits(ids, out.filePath("a.safetensors").toStdString(), go.imagePath);
        model->writeLogits(ids, out.filePath("b.safetensors").toStdString(),
                           (visionDir() + "/checker_gray.png").toStdString());
        auto a = SafetensorsFile::open(out.filePath("a.safetensors").toStdString());
        auto b = SafetensorsFile::open(out.filePath("b.safetensors").toStdString());
        QVERIFY(maxAbsDiff(toTensor(a->tensor("logits")), toTensor(b->tensor("logits"))) > 1e-3);
    }

    void imageMisuseIsReported() {
        auto model = LanguageModel::load(modelDir().toStdString());
        const std::string image = (visionDir() + "/gradient_rgb.png").toStdString();
        QTemporaryDir out;
        // ids without an image-token run
        try {
            model->writeLogits({2, 4, 458}, out.filePath("x.safetensors").toStdString(), image);
            QFAIL("no error for ids without image tokens");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("0 image-token runs"), e.what());
        }
        // a run of the wrong length
        try {
            model->writeLogits({2, 6, 8, 8, 7}, out.filePath("x.safetensors").toStdString(), image);
            QFAIL("no error for a short image-token run");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("mm_tokens_per_image"), e.what());
        }
        // a missing image names its path
        try {
            model->writeLogits({2, 6, 8, 8, 8, 8, 7}, out.filePath("x.safetensors").toStdString(), "/nowhere/cxr.png");
            QFAIL("no error for a missing image");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("/nowhere/cxr.png"), e.what());
        }
        // a text-only model takes no image
        auto text = LanguageModel::load((fixtures() + "/models/gemma3_text").toStdString());
        QVERIFY(!text->acceptsImages());
        QVERIFY_THROWS_EXCEPTION(Error, text->imageChatPrompt("Describe"));
    }

private:
    void layoutRows() {
        QTest::addColumn<QString>("dir");
        for (const char* n : {"gemma3_mm", "gemma3_mm_internal_names", "gemma3_mm_legacy"}) QTest::newRow(n) << modelDir(n);
    }
};

QTEST_GUILESS_MAIN(TestVisionModel)
#include "test_vision_model.moc"
