// The runtime against transformers: for every fixture made by tests/fixtures/make_reference_fixtures.py
// (tiny random checkpoints of each family, plus the real stories260K), `medawq logits` reproduces
// transformers' float32 logits within 1e-4, greedy decoding gives the same new tokens, and the
// tokenizer gives sentencepiece's ids.
#include "test_support.h"

#include <medawq/generation.h>
#include <medawq/safetensors.h>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using nlohmann::json;
using namespace medawq;

namespace {

json readJson(const QString& path) {
    std::ifstream in(path.toStdString());
    return json::parse(in);
}

QString joinIds(const std::vector<int>& ids) {
    QStringList parts;
    for (int id : ids) parts << QString::number(id);
    return parts.join(',');
}

}  // namespace

class TestReferenceFixtures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QDir dir(QString::fromStdString(test::fixturesDir()) + "/models");
        QVERIFY2(dir.exists(), "tests/fixtures/models is missing");
        QVERIFY2(dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() >= 10, "expected at least 10 fixtures");
    }

    void logitsMatchTransformers_data() { fixtureRows(); }
    void logitsMatchTransformers() {
        QFETCH(QString, dir);
        const json expected = readJson(dir + "/expected.json");
        const std::vector<int> ids = expected["input_ids"].get<std::vector<int>>();
        QTemporaryDir out;
        const QString outFile = out.filePath("logits.safetensors");
        QProcess cli;
        cli.start(QString::fromStdString(test::cliPath()),
                  {"logits", "--model", dir, "--input-ids", joinIds(ids), "--output", outFile});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

        auto mine = SafetensorsFile::open(outFile.toStdString());
        auto ref = SafetensorsFile::open((dir + "/expected_logits.safetensors").toStdString());
        const TensorView a = mine->tensor("logits"), b = ref->tensor("logits");
        QCOMPARE(a.dtype, DType::F32);
        QVERIFY(a.shape == b.shape);
        const float* pa = static_cast<const float*>(a.data);
        const float* pb = static_cast<const float*>(b.data);
        double worst = 0;
        for (int64_t i = 0; i < a.numel(); ++i) worst = std::max(worst, double(std::fabs(pa[i] - pb[i])));
        QVERIFY2(worst <= 1e-4, qPrintable(QString("max |diff| = %1").arg(worst)));
    }

    void greedyMatchesTransformers_data() { fixtureRows(); }
    void greedyMatchesTransformers() {
        QFETCH(QString, dir);
        const json expected = readJson(dir + "/expected.json");
        auto model = LanguageModel::load(dir.toStdString());
        GenerationOptions go;
        go.maxNewTokens = expected["max_new_tokens"].get<int>();
        go.greedy = true;
        const GenerationResult r = model->generateIds(expected["input_ids"].get<std::vector<int>>(), go);
        const std::vector<int> want = expected["greedy_new_ids"].get<std::vector<int>>();
        QCOMPARE(joinIds(r.newIds), joinIds(want));
    }

    void tokenizerMatchesSentencepiece_data() { fixtureRows(); }
    void tokenizerMatchesSentencepiece() {
        QFETCH(QString, dir);
        const json expected = readJson(dir + "/expected.json");
        if (!expected.contains("tokenizer_check")) QFAIL("fixture has no tokenizer_check");
        auto model = LanguageModel::load(dir.toStdString());
        const auto ids = model->encode(expected["tokenizer_check"]["text"].get<std::string>(), true);
        QCOMPARE(joinIds(ids), joinIds(expected["tokenizer_check"]["ids"].get<std::vector<int>>()));
    }

private:
    void fixtureRows() {
        QTest::addColumn<QString>("dir");
        QDir dir(QString::fromStdString(test::fixturesDir()) + "/models");
        for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }
};

QTEST_GUILESS_MAIN(TestReferenceFixtures)
#include "test_reference_fixtures.moc"
