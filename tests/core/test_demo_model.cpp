// The shipped demo model against transformers (values saved by tools/demo/train_demo_model.py on
// the GPU box): float32 logits within 1e-4 for an eval prompt and for the last position of 20
// eval prompts, and identical greedy reports for all 20.
#include "test_support.h"

#include <medawq/generation.h>
#include <medawq/safetensors.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <cmath>
#include <fstream>

using namespace medawq;

class TestDemoModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_modelDir = test::demoModelDir();
        std::ifstream in(test::fixturesDir() + "/demo/demo_expected.json");
        QVERIFY2(in.good(), "tests/fixtures/demo/demo_expected.json missing");
        m_expected = nlohmann::json::parse(in);
        m_model = LanguageModel::load(m_modelDir);
        m_logits = SafetensorsFile::open(test::fixturesDir() + "/demo/demo_expected_logits.safetensors");
    }

    void promptTextTokenizesLikeTransformers() {
        // The chat prompt text encodes (with BOS) to exactly the ids transformers was given.
        for (const auto& p : m_expected["prompts"]) {
            const auto ids = m_model->encode(p["text"].get<std::string>(), true);
            QCOMPARE(ids, p["input_ids"].get<std::vector<int>>());
        }
    }

    void firstPromptLogits() {
        const auto ids = m_expected["prompts"][0]["input_ids"].get<std::vector<int>>();
        const std::vector<float> mine = m_model->logits(ids);
        const TensorView ref = m_logits->tensor("first_prompt_logits");
        QCOMPARE(int64_t(mine.size()), ref.numel());
        QCOMPARE(maxDiff(mine.data(), static_cast<const float*>(ref.data), ref.numel()) <= 1e-4, true);
    }

    void lastPositionLogitsOf20Prompts() {
        const TensorView ref = m_logits->tensor("last_position_logits");
        const int64_t vocab = ref.shape[1];
        const auto* r = static_cast<const float*>(ref.data);
        for (size_t i = 0; i < m_expected["prompts"].size(); ++i) {
            const auto ids = m_expected["prompts"][i]["input_ids"].get<std::vector<int>>();
            const std::vector<float> mine = m_model->logits(ids);
            const double d = maxDiff(mine.data() + (ids.size() - 1) * vocab, r + i * vocab, vocab);
            QVERIFY2(d <= 1e-4, qPrintable(QString("prompt %1: max |diff| %2").arg(i).arg(d)));
        }
    }

    void greedyReportsOf20Prompts() {
        for (size_t i = 0; i < m_expected["prompts"].size(); ++i) {
            const auto& p = m_expected["prompts"][i];
            GenerationOptions go;
            go.maxNewTokens = 160;
            const GenerationResult r = m_model->generateIds(p["input_ids"].get<std::vector<int>>(), go);
            auto want = p["greedy_new_ids"].get<std::vector<int>>();
            // transformers keeps the stop token; our runtime stops before it.
            while (!want.empty() && (want.back() == 1 || want.back() == 5)) want.pop_back();
            QVERIFY2(r.newIds == want, qPrintable(QString("prompt %1 differs: %2").arg(i).arg(QString::fromStdString(r.text))));
        }
    }

private:
    static double maxDiff(const float* a, const float* b, int64_t n) {
        double worst = 0;
        for (int64_t i = 0; i < n; ++i) worst = std::max(worst, double(std::fabs(a[i] - b[i])));
        return worst;
    }
    std::string m_modelDir;
    nlohmann::json m_expected;
    std::unique_ptr<LanguageModel> m_model;
    std::shared_ptr<SafetensorsFile> m_logits;
};

QTEST_APPLESS_MAIN(TestDemoModel)
#include "test_demo_model.moc"
