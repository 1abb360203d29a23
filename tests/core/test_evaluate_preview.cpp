// The Evaluate page's preview: the first case's filled prompt and the reference column exactly
// as the evaluate job makes them, the leak refusal reported (not thrown) with the prompt still
// shown, other refusals as problems, and RadGraph's availability with its reason.
#include "jobs/eval_cases.h"
#include "test_support.h"

#include <medawq/evaluate_preview.h>
#include <medawq/table.h>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace medawq;

class TestEvaluatePreview : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void demoPromptMatchesTheJobsFirstCase() {
        const EvaluateParams p = demo();
        const EvaluationPromptPreview v = previewEvaluationPrompt(p);
        QVERIFY2(v.problem.empty(), v.problem.c_str());
        QVERIFY(v.leak.empty());
        QCOMPARE(v.referenceColumn, std::string("text"));
        QCOMPARE(v.rowsRead, int64_t(200));
        QCOMPARE(v.cases, int64_t(5));
        // The job's own first case.
        const EvalCases cases = buildEvalCases(readTable(p.evalDataPath), p);
        QCOMPARE(v.firstRow, int64_t(cases.cases.front().row));
        QCOMPARE(v.filledPrompt, cases.cases.front().prompt);
        QVERIFY(v.filledPrompt.find("{indication}") == std::string::npos);
        QVERIFY(v.filledPrompt.find("Indication: ") != std::string::npos);
    }

    void allRowsWhenSamplesExceedTheTable() {
        EvaluateParams p = demo();
        p.numSamples = 0;
        QCOMPARE(previewEvaluationPrompt(p).cases, int64_t(200));
    }

    void leakIsReportedWithThePrompt() {
        EvaluateParams p = demo();
        p.referenceColumn = "indication";  // the template shows {indication}
        const EvaluationPromptPreview v = previewEvaluationPrompt(p);
        QVERIFY(v.problem.empty());
        QVERIFY2(v.leak.find("reference column 'indication'") != std::string::npos, v.leak.c_str());
        QVERIFY(!v.filledPrompt.empty());
        // A template without placeholders appends the text column: a leak when that is the reference.
        const std::string plain = path("plain.txt");
        std::ofstream(plain) << "Write the report.\n";
        EvaluateParams q = demo();
        q.promptFile = plain;
        const EvaluationPromptPreview w = previewEvaluationPrompt(q);
        QVERIFY2(w.leak.find("'text'") != std::string::npos, w.leak.c_str());
        q.referenceColumn = "findings";
        QVERIFY(previewEvaluationPrompt(q).leak.empty());
    }

    void problemsAreTextNotExceptions() {
        EvaluateParams p = demo();
        p.referenceColumn = "no such column";
        const EvaluationPromptPreview v = previewEvaluationPrompt(p);
        QVERIFY2(v.problem.find("no reference column 'no such column'") != std::string::npos, v.problem.c_str());
        QCOMPARE(v.firstRow, int64_t(-1));
        p = demo();
        p.evalDataPath = path("missing.csv");
        QVERIFY(previewEvaluationPrompt(p).problem.find("missing.csv") != std::string::npos);
        p = demo();
        p.promptFile.clear();
        QVERIFY(!previewEvaluationPrompt(p).problem.empty());
        const std::string bad = path("bad.txt");
        std::ofstream(bad) << "Describe {View view.\n";
        p.promptFile = bad;
        QVERIFY2(previewEvaluationPrompt(p).problem.find("bad.txt") != std::string::npos,
                 previewEvaluationPrompt(p).problem.c_str());
    }

    void radgraphOffOrMissingSaysWhy() {
        const RadGraphStatus off = radgraphStatus("");
        QVERIFY(!off.available);
        QVERIFY(!off.reason.empty());
        qputenv("MEDAWQ_PYTHON", "/nonexistent/python3");
        const RadGraphStatus missing = radgraphStatus("radgraph-xl");
        qputenv("MEDAWQ_PYTHON", "python3");
        QVERIFY(!missing.available);
        QVERIFY2(missing.reason.find("/nonexistent/python3") != std::string::npos, missing.reason.c_str());
    }

private:
    EvaluateParams demo() const {
        EvaluateParams p;
        p.evalDataPath = test::demoDataDir() + "/eval.csv";
        p.promptFile = test::demoDataDir() + "/prompt.txt";
        p.numSamples = 5;
        return p;
    }
    std::string path(const char* name) const { return m_tmp.filePath(QString::fromLatin1(name)).toStdString(); }
    QTemporaryDir m_tmp;
};

QTEST_APPLESS_MAIN(TestEvaluatePreview)
#include "test_evaluate_preview.moc"
