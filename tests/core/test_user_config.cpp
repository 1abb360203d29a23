// The users' config file (config_example.json of their scripts): every key honoured, the
// informational ones named as ignored, anything else refused by name.
#include <medawq/errors.h>
#include <medawq/user_config.h>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace medawq;

class TestUserConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsTheirExampleLayout() {
        const std::string path = write(R"({
          "quantization": {"comment": "AWQ", "method": "AWQ", "bits": 4, "group_size": 64, "zero_point": false, "version": "GEMM"},
          "calibration": {"data_path": "./mimic_train_cleaned.csv", "num_samples": 200, "random_seed": 7, "text_column": "report"},
          "model": {"original_model_path": "m", "quantized_model_path": "q", "trust_remote_code": true, "device_map": "auto"},
          "evaluation": {"eval_data_path": "e.csv", "num_eval_samples": 100, "metrics": ["f1_score"], "radgraph_model": "radgraph-xl"},
          "generation": {"prompt_file": "p.txt", "max_new_tokens": 256, "temperature": 0.7, "top_p": 0.9, "do_sample": true},
          "hardware": {"recommended_gpu": ["A100"]}, "notes": {"x": "y"}})");
        const UserConfig c = readUserConfig(path);
        QCOMPARE(*c.groupSize, 64);
        QCOMPARE(*c.zeroPoint, false);
        QCOMPARE(*c.method, std::string("awq"));
        QCOMPARE(*c.numSamples, 200L);
        QCOMPARE(*c.randomSeed, 7ULL);
        QCOMPARE(*c.textColumn, std::string("report"));
        QCOMPARE(*c.quantizedModelPath, std::string("q"));
        QCOMPARE(*c.maxNewTokens, 256);
        QVERIFY(*c.doSample);
        QCOMPARE(*c.radgraphModel, std::string("radgraph-xl"));
        QCOMPARE(c.ignored.size(), size_t(4));  // trust_remote_code, device_map, hardware, notes
    }

    void refusesUnknownKeysByName() {
        expectError(R"({"calibration": {"num_sample": 10}})", "unknown key 'calibration.num_sample'");
        expectError(R"({"quantisation": {"bits": 4}})", "unknown key 'quantisation.bits'");
        expectError(R"({"quantization": {"bits": "four"}})", "'quantization.bits' must be a whole number");
        expectError(R"({"quantization": {"version": "GEMV"}})", "'GEMV' is not supported");
        expectError(R"({"quantization": {"zero_point": "maybe"}})", "must be true or false");
        expectError("{ nope", "not valid JSON");
    }

private:
    std::string write(const char* text) {
        const std::string path = m_dir.filePath(QString("c%1.json").arg(m_n++)).toStdString();
        std::ofstream(path) << text;
        return path;
    }
    void expectError(const char* text, const char* needle) {
        const std::string path = write(text);
        try {
            readUserConfig(path);
            QFAIL(text);
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find(path) == 0, e.what());
        }
    }
    QTemporaryDir m_dir;
    int m_n = 0;
};

QTEST_APPLESS_MAIN(TestUserConfig)
#include "test_user_config.moc"
