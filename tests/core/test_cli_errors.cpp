// Bad input through the CLI: one clear message naming the file and the problem, exit code 2,
// never a crash. Each case starts from a copy of a good fixture and breaks one thing.
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const char* kFixture = "llama_gqa_untied";

bool copyDir(const QString& from, const QString& to) {
    QDir().mkpath(to);
    for (const QString& f : QDir(from).entryList(QDir::Files))
        if (!QFile::copy(from + "/" + f, to + "/" + f)) return false;
    return true;
}

struct Run {
    int code;
    QString err;
};

Run runCli(const QStringList& args) {
    QProcess p;
    p.start(QString::fromStdString(medawq::test::cliPath()), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

}  // namespace

class TestCliErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath("model");
        QDir(m_model).removeRecursively();
        QVERIFY(copyDir(QString::fromStdString(medawq::test::fixturesDir()) + "/models/" + kFixture, m_model));
    }

    void goodModelWorks() {
        const Run r = runCli({"inspect", "--model", m_model});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void missingFolder() { expect({"inspect", "--model", m_tmp.filePath("nope")}, "nope", "not a folder"); }

    void missingConfig() {
        QFile::remove(m_model + "/config.json");
        expect({"inspect", "--model", m_model}, "config.json", "missing");
    }

    void unknownArchitecture() {
        writeBytes(m_model + "/config.json", R"({"architectures":["BertForMaskedLM"]})");
        expect({"inspect", "--model", m_model}, "config.json", "unsupported architecture");
    }

    void configNotJson() {
        writeBytes(m_model + "/config.json", "{ not json");
        expect({"inspect", "--model", m_model}, "config.json", "not valid JSON");
    }

    void truncatedWeights() {
        QFile f(m_model + "/model.safetensors");
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
        f.close();
        expect({"inspect", "--model", m_model}, "model.safetensors", "");
    }

    void corruptHeader() {
        QFile f(m_model + "/model.safetensors");
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(9);
        f.write("!!!!");
        f.close();
        expect({"inspect", "--model", m_model}, "model.safetensors", "");
    }

    void absurdHeaderSize() {
        QFile f(m_model + "/model.safetensors");
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.write(QByteArray("\xff\xff\xff\xff\xff\xff\x00\x00", 8));
        f.close();
        expect({"inspect", "--model", m_model}, "model.safetensors", "");
    }

    void pickleOnlyRefused() {
        QFile::remove(m_model + "/model.safetensors");
        writeBytes(m_model + "/pytorch_model.bin", "PK\x03\x04 pickle");
        expect({"inspect", "--model", m_model}, "pytorch_model.bin", "");
    }

    void tokenizerOfAnotherModel() {
        // A tokenizer with more pieces than the embedding has rows cannot belong to the model.
        const QString shared = QString::fromStdString(medawq::test::sharedDir());
        QFile::remove(m_model + "/tokenizer.model");
        QVERIFY(QFile::copy(shared + "/data/models/llama2_tokenizer.model", m_model + "/tokenizer.model"));
        expect({"generate", "--model", m_model, "--prompt", "hi", "--max-new-tokens", "2"}, "model",
               "does not belong to this model");
    }

    void badInputIds() {
        expect({"logits", "--model", m_model, "--input-ids", "1,x,3", "--output", m_tmp.filePath("o.safetensors")},
               "--input-ids", "not a token id");
        expect({"logits", "--model", m_model, "--input-ids", "1,99999999", "--output", m_tmp.filePath("o.safetensors")},
               "input ids", "outside the vocabulary");
    }

    void unknownDevice() {
        expect({"generate", "--model", m_model, "--prompt", "hi", "--device", "tpu"}, "--device tpu", "unknown device");
    }

private:
    void expect(const QStringList& args, const QString& subject, const QString& problem) {
        const Run r = runCli(args);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(subject), qPrintable(r.err));
        QVERIFY2(r.err.contains(problem), qPrintable(r.err));
        QVERIFY2(r.err.count('\n') <= 2, qPrintable("expected one clear message, got: " + r.err));
    }

    QTemporaryDir m_tmp;
    QString m_model;
};

QTEST_GUILESS_MAIN(TestCliErrors)
#include "test_cli_errors.moc"
