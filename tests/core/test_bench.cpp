// `medawq bench` (api/bench.cpp) on the CI machine: the demo model on the CPU, tiny prompt. The
// figures themselves are benchmarks (BENCHMARKS.md, GPU box); here the command's contract: one
// timed run per repeat, rates that follow from the run times, the bytes a step reads from the
// model's own linears, the engine switches it ran under, each output format, and refusals.
#include "test_support.h"

#include <medawq/bench.h>
#include <medawq/errors.h>

#include "kernels/w4a16.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <fstream>

using namespace medawq;
using nlohmann::json;

class TestBench : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void demoModelOnTheCpu() {
        qputenv("MEDAWQ_PREFILL_CHUNK", "4");  // a switch the result must name
        BenchParams p;
        p.modelDir = test::demoModelDir();
        p.device = "cpu";
        p.prompt = 9;
        p.newTokens = 5;
        p.repeats = 2;
        const json r = runBench(p, {});
        qunsetenv("MEDAWQ_PREFILL_CHUNK");
        QCOMPARE(r["runs"].size(), size_t(2));
        const json& s = r["summary"];
        double meanDecode = 0;
        for (const json& run : r["runs"]) {
            QCOMPARE(run["decode_steps"].get<int64_t>(), int64_t(4));
            QVERIFY(run["prefill_s"].get<double>() > 0 && run["decode_s"].get<double>() > 0);
            meanDecode += 4.0 / run["decode_s"].get<double>() / 2.0;
        }
        QVERIFY(std::abs(s["decode_tokens_per_s"].get<double>() - meanDecode) < 1e-6 * meanDecode);
        // The demo model's linears in float32 on the CPU: every step reads at least its
        // 19 MB checkpoint's worth of 16-bit weights, twice over in float32 (~39 MB).
        QVERIFY2(s["bytes_per_step"].get<double>() > 30e6, qPrintable(QString::number(s["bytes_per_step"].get<double>())));
        QCOMPARE(r["setup"]["switches"]["MEDAWQ_PREFILL_CHUNK"].get<std::string>(), std::string("4"));
        QVERIFY(r["summary"]["peak_allocated_bytes"].is_null());  // no GPU: no figure, not a zero

        const std::string md = formatBench(r, "md");
        QVERIFY(md.find("| decode (tokens/s) |") != std::string::npos);
        QVERIFY(md.find("| engine switches | MEDAWQ_PREFILL_CHUNK=4 |") != std::string::npos);
        QVERIFY(formatBench(r, "csv").rfind("quantity,value\n", 0) == 0);
        QCOMPARE(json::parse(formatBench(r, "json"))["runs"].size(), size_t(2));
    }

    void refusesWhatItCannotRun() {
        BenchParams both;
        both.modelDir = test::demoModelDir();
        both.shape = "mistral-7b";
        QVERIFY_EXCEPTION_THROWN(runBench(both, {}), Error);
        QVERIFY_EXCEPTION_THROWN(runBench(BenchParams{}, {}), Error);
        BenchParams zero;
        zero.modelDir = test::demoModelDir();
        zero.device = "cpu";
        zero.newTokens = 0;
        QVERIFY_EXCEPTION_THROWN(runBench(zero, {}), Error);
        BenchParams shape;
        shape.shape = "mistral-7b";
        shape.quant = "int3";
        shape.device = "cpu";
        QVERIFY_EXCEPTION_THROWN(runBench(shape, {}), Error);
        // A trace needs the Kineto profiler of a CUDA build: refused before any model loads,
        // naming the file.
        if (!w4a16KernelsBuilt()) {
            BenchParams trace;
            trace.modelDir = test::demoModelDir();
            trace.device = "cpu";
            trace.tracePath = "/tmp/medawq-trace.json";
            try {
                runBench(trace, {});
                QFAIL("a trace on a build without the CUDA kernels was not refused");
            } catch (const Error& e) {
                QVERIFY(std::string(e.what()).find("medawq-trace.json") != std::string::npos);
            }
        }
    }

    // -o writes the JSON result whole, through a file beside it that is renamed into place.
    void cliWritesTheResultFile() {
        QTemporaryDir dir;
        const QString out = dir.filePath("bench.json");
        QProcess cli;
        cli.start(QString::fromStdString(test::cliPath()),
                  {"bench", "--model", QString::fromStdString(test::demoModelDir()), "--device", "cpu", "--prompt", "6",
                   "--new", "3", "--repeat", "1", "--format", "csv", "-o", out});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(cli.readAllStandardOutput().startsWith("quantity,value"));
        std::ifstream in(out.toStdString());
        QCOMPARE(json::parse(in)["runs"].size(), size_t(1));
        QVERIFY(!QFile::exists(out + ".partial"));
    }
};

QTEST_GUILESS_MAIN(TestBench)
#include "test_bench.moc"
