// CheXpert-phrase labeler (rule-based) and label F1: accuracy on the hand-labelled sentences
// (tests/fixtures/labeler/sentences.tsv; every error printed), CheXpert's aggregation rules, the F1
// arithmetic on a hand-computed case under both uncertain mappings, label columns of a table, the
// findings difference, agreement with the demo eval table's own labels, speed, and medawq label.
#include "test_support.h"

#include <medawq/errors.h>
#include <medawq/labeler.h>
#include <medawq/table.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

using namespace medawq;

namespace {

std::string sourceFile(const std::string& rel) { return test::envOr("MEDAWQ_SOURCE_DIR", ".") + "/" + rel; }

using O = Observation;
using L = Label;

ReportLabels labels(std::initializer_list<std::pair<O, L>> set) {
    ReportLabels l = blankLabels();
    for (const auto& [o, v] : set) l[index(o)] = v;
    return l;
}

LabelMention mention(O o, L l, const std::string& phrase = "x") { return {o, l, phrase, "", 0}; }

struct Case {
    std::string sentence;
    ReportLabels expected;
};

// "sentence<TAB>Observation=pos|neg|unc;..." with '#' comment lines; unlisted observations are blank.
std::vector<Case> readSentences(const std::string& path) {
    std::ifstream f(path);
    if (!f) throw Error(path, "cannot be read");
    std::vector<Case> out;
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty() || line[0] == '#') continue;
        const size_t tab = line.find('\t');
        if (tab == std::string::npos) throw Error(path, "no tab in: " + line);
        Case c{line.substr(0, tab), blankLabels()};
        std::stringstream ss(line.substr(tab + 1));
        std::string item;
        while (std::getline(ss, item, ';')) {
            if (item.empty()) continue;
            const size_t eq = item.find('=');
            const int o = eq == std::string::npos ? -1 : observationIndex(item.substr(0, eq));
            const std::string v = eq == std::string::npos ? "" : item.substr(eq + 1);
            if (o < 0 || (v != "pos" && v != "neg" && v != "unc")) throw Error(path, "bad label '" + item + "' in: " + line);
            c.expected[static_cast<size_t>(o)] = v == "pos" ? L::Positive : v == "neg" ? L::Negative : L::Uncertain;
        }
        out.push_back(c);
    }
    return out;
}

std::string describe(const ReportLabels& l) {
    std::string s;
    for (size_t k = 0; k < kObservationCount; ++k)
        if (l[k] != L::Blank) s += (s.empty() ? "" : "; ") + observationNames()[k] + "=" + labelName(l[k]);
    return s.empty() ? "(all blank)" : s;
}

bool near(double a, double b) { return std::fabs(a - b) < 1e-12; }

}  // namespace

class TestLabeler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handLabelledSentences() {
        const std::vector<Case> cases = readSentences(test::fixturesDir() + "/labeler/sentences.tsv");
        QVERIFY2(cases.size() >= 170, std::to_string(cases.size()).c_str());
        // Accuracy per (sentence, observation) cell. "Mentioned" cells are those where the
        // expected or the given label is not blank: most cells are blank on both sides, so the
        // all-cells figure flatters; the floor is set on the mentioned cells.
        size_t all = 0, allOk = 0, mentioned = 0, mentionedOk = 0, errors = 0;
        std::array<size_t, kObservationCount> n{}, ok{};
        for (const Case& c : cases) {
            const ReportLabels got = labelReport(c.sentence);
            bool wrong = false;
            for (size_t k = 0; k < kObservationCount; ++k) {
                const bool same = got[k] == c.expected[k];
                ++all, allOk += same;
                if (got[k] == L::Blank && c.expected[k] == L::Blank) continue;
                ++mentioned, mentionedOk += same;
                ++n[k], ok[k] += same;
                wrong = wrong || !same;
            }
            if (wrong) {
                ++errors;
                std::string why;
                for (const auto& m : findMentions(c.sentence))
                    why += " [" + observationName(m.observation) + " '" + m.phrase + "' " + labelName(m.label) +
                           (m.cue.empty() ? "" : " by '" + m.cue + "'") + "]";
                qInfo("ERROR: %s\n   expected: %s\n   got:      %s\n   mentions:%s", c.sentence.c_str(),
                      describe(c.expected).c_str(), describe(got).c_str(), why.c_str());
            }
        }
        qInfo("%zu sentences, %zu with an error", cases.size(), errors);
        for (size_t k = 0; k < kObservationCount; ++k)
            qInfo("  %-28s %3zu/%3zu mentioned cells right (%.3f)", observationNames()[k].c_str(), ok[k], n[k],
                  n[k] ? double(ok[k]) / double(n[k]) : 1.0);
        const double accMentioned = double(mentionedOk) / double(mentioned), accAll = double(allOk) / double(all);
        qInfo("accuracy: mentioned cells %zu/%zu = %.4f; all cells %zu/%zu = %.4f", mentionedOk, mentioned,
              accMentioned, allOk, all, accAll);
        QVERIFY2(accMentioned >= 0.98, std::to_string(accMentioned).c_str());
        QVERIFY2(accAll >= 0.995, std::to_string(accAll).c_str());
    }

    void aggregationRules() {
        // Across mentions: negative + uncertain -> uncertain, any positive wins.
        auto one = [](std::vector<LabelMention> ms, O o) { return aggregateMentions(ms)[index(o)]; };
        QCOMPARE(one({mention(O::Edema, L::Negative), mention(O::Edema, L::Uncertain)}, O::Edema), L::Uncertain);
        QCOMPARE(one({mention(O::Edema, L::Uncertain), mention(O::Edema, L::Negative)}, O::Edema), L::Uncertain);
        QCOMPARE(one({mention(O::Edema, L::Negative), mention(O::Edema, L::Positive)}, O::Edema), L::Positive);
        QCOMPARE(one({mention(O::Edema, L::Positive), mention(O::Edema, L::Uncertain)}, O::Edema), L::Positive);
        QCOMPARE(one({mention(O::Edema, L::Negative), mention(O::Edema, L::Negative)}, O::Edema), L::Negative);
        QCOMPARE(one({}, O::Edema), L::Blank);
        // "chf" / "heart failure" (positive or uncertain) add an uncertain Cardiomegaly.
        QCOMPARE(one({mention(O::Edema, L::Positive, "chf")}, O::Cardiomegaly), L::Uncertain);
        QCOMPARE(one({mention(O::Edema, L::Uncertain, "congestive heart failure")}, O::Cardiomegaly), L::Uncertain);
        QCOMPARE(one({mention(O::Edema, L::Negative, "chf")}, O::Cardiomegaly), L::Blank);
        QCOMPARE(one({mention(O::Edema, L::Positive, "chf"), mention(O::Cardiomegaly, L::Negative)}, O::Cardiomegaly),
                 L::Uncertain);
        QCOMPARE(one({mention(O::Edema, L::Positive, "chf"), mention(O::Cardiomegaly, L::Positive)}, O::Cardiomegaly),
                 L::Positive);
        // No Finding: positive unless an observation other than Support Devices (or another
        // finding) is positive or uncertain; never negative.
        QCOMPARE(one({}, O::NoFinding), L::Positive);
        QCOMPARE(one({mention(O::SupportDevices, L::Positive)}, O::NoFinding), L::Positive);
        QCOMPARE(one({mention(O::Pneumothorax, L::Negative)}, O::NoFinding), L::Positive);
        QCOMPARE(one({mention(O::Pneumothorax, L::Uncertain)}, O::NoFinding), L::Blank);
        QCOMPARE(one({mention(O::Fracture, L::Positive)}, O::NoFinding), L::Blank);
        QCOMPARE(one({mention(O::NoFinding, L::Positive, "scoliosis")}, O::NoFinding), L::Blank);
        QCOMPARE(one({mention(O::NoFinding, L::Negative, "emphysema")}, O::NoFinding), L::Positive);
        // Across the sentences of one report.
        QCOMPARE(labelReport("No effusion. Small left effusion.")[index(O::PleuralEffusion)], L::Positive);
        QCOMPARE(labelReport("Possible pneumonia. No pneumonia.")[index(O::Pneumonia)], L::Uncertain);
        QCOMPARE(labelReport("")[index(O::NoFinding)], L::Positive);
        QCOMPARE(labelReport("Pulmonary edema consistent with CHF.")[index(O::Cardiomegaly)], L::Uncertain);
        QCOMPARE(labelReport("Moderate cardiomegaly. Pulmonary edema consistent with CHF.")[index(O::Cardiomegaly)],
                 L::Positive);
    }

    void f1Arithmetic() {
        // Four reports, computed by hand (see the comments for the binary sets).
        const std::vector<ReportLabels> truth = {
            labels({{O::Cardiomegaly, L::Positive}, {O::PleuralEffusion, L::Positive}}),
            labels({{O::NoFinding, L::Positive}}),
            labels({{O::Atelectasis, L::Uncertain}, {O::Consolidation, L::Positive}}),
            labels({{O::Pneumothorax, L::Positive}, {O::SupportDevices, L::Positive}}),
        };
        const std::vector<ReportLabels> pred = {
            labels({{O::Cardiomegaly, L::Positive}, {O::PleuralEffusion, L::Uncertain}, {O::Edema, L::Positive}}),
            labels({{O::NoFinding, L::Positive}}),
            labels({{O::Atelectasis, L::Positive}, {O::Consolidation, L::Negative}}),
            labels({{O::Pneumothorax, L::Positive}, {O::Fracture, L::Uncertain}}),
        };
        // Uncertain as positive: TP = CM, PE, NF, AT, PTX (5); FP = ED, FX (2); FN = CO, SD (2).
        const LabelF1 p = labelF1(truth, pred, UncertainAs::Positive);
        QCOMPARE(p.n, size_t(4));
        QVERIFY(near(p.microF1, 10.0 / 14.0));
        QVERIFY(near(p.macroF1, 5.0 / 14.0));  // nine labels score 0: ED, FX, CO, SD (one side) and five with no positive
        QVERIFY(near(p.top5MicroF1, 6.0 / 8.0));  // CM tp, ED fp, CO fn, AT tp, PE tp
        QVERIFY(near(p.top5MacroF1, 3.0 / 5.0));
        QVERIFY(near(p.top5ExactMatch, 0.5));     // reports 2 and 4
        QVERIFY(near(p.exactMatch, 0.25));        // report 2
        const LabelCounts& cm = p.perLabel[index(O::Cardiomegaly)].counts;
        QCOMPARE(cm.tp, size_t(1));
        QCOMPARE(cm.fp, size_t(0));
        QCOMPARE(cm.fn, size_t(0));
        QCOMPARE(cm.tn, size_t(3));
        QVERIFY(near(cm.precision(), 1.0) && near(cm.recall(), 1.0) && near(cm.f1(), 1.0));
        const PerLabelScore& ed = p.perLabel[index(O::Edema)];
        QVERIFY(near(ed.counts.f1(), 0.0) && near(ed.counts.precision(), 0.0) && near(ed.counts.recall(), 0.0));
        QCOMPARE(ed.predictedPositive, size_t(1));
        QCOMPARE(ed.truthPositive, size_t(0));
        QVERIFY(near(p.perLabel[index(O::EnlargedCardiomediastinum)].counts.f1(), 0.0));  // sklearn's zero rule
        QCOMPARE(p.perSampleF1.size(), size_t(4));
        QVERIFY(near(p.perSampleF1[0], 4.0 / 5.0));
        QVERIFY(near(p.perSampleF1[1], 1.0));
        QVERIFY(near(p.perSampleF1[2], 2.0 / 3.0));
        QVERIFY(near(p.perSampleF1[3], 2.0 / 4.0));
        QCOMPARE(p.perSampleCounts[3].fn, size_t(1));

        // Uncertain as negative: TP = CM, NF, PTX (3); FP = ED, AT (2); FN = PE, CO, SD (3).
        const LabelF1 n = labelF1(truth, pred, UncertainAs::Negative);
        QVERIFY(near(n.microF1, 6.0 / 11.0));
        QVERIFY(near(n.macroF1, 3.0 / 14.0));
        QVERIFY(near(n.top5MicroF1, 2.0 / 6.0));  // CM tp, ED fp, CO fn, AT fp, PE fn
        QVERIFY(near(n.top5MacroF1, 1.0 / 5.0));
        QVERIFY(near(n.top5ExactMatch, 0.5));
        QVERIFY(near(n.exactMatch, 0.25));
        QVERIFY(near(n.perSampleF1[0], 2.0 / 4.0));  // tp CM, fp ED, fn PE

        // Nothing positive anywhere: every F1 is 0 (not 1), per-sample F1 is 1 (the reports agree).
        const LabelF1 z = labelF1({blankLabels()}, {blankLabels()}, UncertainAs::Positive);
        QVERIFY(near(z.microF1, 0.0) && near(z.macroF1, 0.0) && near(z.perSampleF1[0], 1.0));
        QVERIFY(near(z.exactMatch, 1.0));

        bool threw = false;
        try {
            labelF1(truth, {pred[0]});
        } catch (const Error& e) {
            threw = std::string(e.what()).find("4 reference label rows but 1 predicted") != std::string::npos;
        }
        QVERIFY(threw);
        QCOMPARE(std::string(uncertainAsName(UncertainAs::Negative)), std::string("uncertain=negative"));
    }

    void labelColumnsOfATable() {
        Table t;
        t.path = "labels.csv";
        t.columns = {"text"};
        for (const auto& n : observationNames()) t.columns.push_back(n);
        std::vector<std::string> row(t.columns.size());
        row[1 + index(O::Cardiomegaly)] = "1.0";
        row[1 + index(O::Edema)] = "-1";
        row[1 + index(O::Pneumothorax)] = " 0.0 ";
        row[1 + index(O::NoFinding)] = "nan";
        t.rows.push_back(row);
        QVERIFY(hasLabelColumns(t));
        const auto l = readLabelColumns(t);
        QCOMPARE(l.size(), size_t(1));
        QCOMPARE(l[0][index(O::Cardiomegaly)], L::Positive);
        QCOMPARE(l[0][index(O::Edema)], L::Uncertain);
        QCOMPARE(l[0][index(O::Pneumothorax)], L::Negative);
        QCOMPARE(l[0][index(O::NoFinding)], L::Blank);
        QCOMPARE(l[0][index(O::Fracture)], L::Blank);

        t.rows[0][1 + index(O::Cardiomegaly)] = "2.0";
        std::string msg;
        try {
            readLabelColumns(t);
        } catch (const Error& e) {
            msg = e.what();
        }
        QVERIFY2(msg.find("labels.csv: row 1, column 'Cardiomegaly': '2.0' is not a CheXpert label") == 0, msg.c_str());

        t.columns[1 + index(O::Fracture)] = "Fractures";
        QVERIFY(!hasLabelColumns(t));
        msg.clear();
        try {
            readLabelColumns(t);
        } catch (const Error& e) {
            msg = e.what();
        }
        QVERIFY2(msg.find("no column 'Fracture'") != std::string::npos, msg.c_str());

        QCOMPARE(std::string(labelCell(L::Uncertain)), std::string("-1.0"));
        QCOMPARE(observationIndex("Pleural Effusion"), int(index(O::PleuralEffusion)));
        QCOMPARE(observationIndex("pleural effusion"), -1);
    }

    void meshMapping() {
        const auto m = labelsFromMesh("Cardiomegaly/borderline;Pulmonary Atelectasis/base/left;Calcified Granuloma/lung");
        QCOMPARE(describe(m), std::string("Cardiomegaly=positive; Atelectasis=positive"));
        QCOMPARE(describe(labelsFromMesh("normal")), std::string("No Finding=positive"));
        QCOMPARE(describe(labelsFromMesh("Catheters, Indwelling/right;Hydropneumothorax/apex/right")),
                 std::string("Pneumothorax=positive; Pleural Effusion=positive; Support Devices=positive"));
        QCOMPARE(describe(labelsFromMesh("Thickening/pleura/apex;Nodule/lung/calcified;Cardiac Shadow/enlarged")),
                 std::string("Cardiomegaly=positive; Pleural Other=positive"));
        QCOMPARE(describe(labelsFromMesh("No Indexing")), std::string("(all blank)"));
    }

    void findingsDifferenceOrder() {
        const ReportLabels a = labels({{O::PleuralEffusion, L::Positive}, {O::Cardiomegaly, L::Uncertain},
                                       {O::Pneumothorax, L::Negative}, {O::Edema, L::Positive}});
        const ReportLabels b = labels({{O::Cardiomegaly, L::Negative}, {O::NoFinding, L::Positive},
                                       {O::Edema, L::Positive}});
        const auto d = findingsDifference(a, b, "FP16", "AWQ");
        QCOMPARE(d.size(), size_t(4));
        QCOMPARE(d[0].text, std::string("Pleural Effusion: positive in FP16, blank in AWQ"));
        QCOMPARE(d[1].text, std::string("No Finding: blank in FP16, positive in AWQ"));
        QCOMPARE(d[2].text, std::string("Cardiomegaly: uncertain in FP16, negative in AWQ"));
        QCOMPARE(d[3].text, std::string("Pneumothorax: negative in FP16, blank in AWQ"));
        QCOMPARE(d[0].a, L::Positive);
        QCOMPARE(d[0].b, L::Blank);
        QVERIFY(findingsDifference(a, a).empty());
    }

    void demoEvalTableAgrees() {
        // The demo eval table carries the generator's own labels for its reference report ("text").
        const Table t = readTable(sourceFile("resources/demo/data/eval.csv"));
        const auto truth = readLabelColumns(t);
        std::vector<std::string> texts;
        for (size_t r = 0; r < t.rows.size(); ++r) texts.push_back(t.cell(r, "text"));
        const auto ours = labelReports(texts);
        size_t agree = 0;
        for (size_t k = 0; k < kObservationCount; ++k) {
            size_t a = 0;
            for (size_t r = 0; r < ours.size(); ++r) a += ours[r][k] == truth[r][k];
            agree += a;
            qInfo("  %-28s %zu/%zu rows agree (4 labels)", observationNames()[k].c_str(), a, ours.size());
        }
        const double share = double(agree) / double(ours.size() * kObservationCount);
        const LabelF1 f = labelF1(truth, ours, UncertainAs::Positive);
        qInfo("demo eval.csv: %zu reports, 4-label agreement %zu/%zu = %.4f; %s micro F1 %.4f, macro F1 %.4f", ours.size(),
              agree, ours.size() * kObservationCount, share, kLabelF1Name, f.microF1, f.macroF1);
        QCOMPARE(ours.size(), size_t(200));
        QVERIFY(share >= 0.99);
        QVERIFY(f.microF1 >= 0.98);
    }

    void speed() {
        // 1,000 reports (the demo's 200 five times) in well under a second.
        const Table t = readTable(sourceFile("resources/demo/data/eval.csv"));
        std::vector<std::string> texts;
        for (int rep = 0; rep < 5; ++rep)
            for (size_t r = 0; r < t.rows.size(); ++r) texts.push_back(t.cell(r, "text"));
        const auto t0 = std::chrono::steady_clock::now();
        const auto l = labelReports(texts);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("labelled %zu reports in %.3f s", l.size(), s);
        QVERIFY2(s < 1.0, std::to_string(s).c_str());
    }

    void cliLabelsAndCompares() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("labelled.csv");
        QProcess p;
        p.start(QString::fromStdString(test::cliPath()),
                {"label", "-i", QString::fromStdString(sourceFile("resources/demo/data/eval.csv")), "--column", "text",
                 "-o", out, "--uncertain", "negative"});
        QVERIFY(p.waitForFinished(120000));
        const QString stdoutText = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitCode() == 0, qPrintable(QString::fromUtf8(p.readAllStandardError())));
        QVERIFY2(stdoutText.contains("4-label agreement over all cells: 2800/2800"), qPrintable(stdoutText));
        QVERIFY2(stdoutText.contains("uncertain=negative, n=200: micro F1 1.000"), qPrintable(stdoutText));
        const Table back = readTable(out.toStdString());
        QCOMPARE(back.rows.size(), size_t(200));
        QVERIFY(back.columnIndex("Pleural Effusion (rule-based)") >= 0);  // the table's own columns kept
        QCOMPARE(back.cell(0, "Pneumonia (rule-based)"), back.cell(0, "Pneumonia"));

        // A table without labels gets the plain 14 names; --truth-labels then refuses.
        const QString plain = dir.filePath("plain.csv");
        std::ofstream(plain.toStdString()) << "id,report\n1,\"Small left effusion, no pneumothorax.\"\n";
        p.start(QString::fromStdString(test::cliPath()),
                {"label", "-i", plain, "--column", "report", "-o", dir.filePath("plain_out.csv")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const Table plainOut = readTable(dir.filePath("plain_out.csv").toStdString());
        QCOMPARE(plainOut.cell(0, "Pleural Effusion"), std::string("1.0"));
        QCOMPARE(plainOut.cell(0, "Pneumothorax"), std::string("0.0"));
        QCOMPARE(plainOut.cell(0, "No Finding"), std::string(""));
        p.start(QString::fromStdString(test::cliPath()), {"label", "-i", plain, "--column", "report", "--truth-labels"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("neither the 14 CheXpert label columns"));
        p.start(QString::fromStdString(test::cliPath()), {"label", "-i", plain, "--column", "nope"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("no column 'nope'"));
    }
};

QTEST_GUILESS_MAIN(TestLabeler)
#include "test_labeler.moc"
