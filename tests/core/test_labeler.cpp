// The CheXpert-phrase labeler: accuracy on hand-labelled sentences (every error listed), the
// report-level aggregation, the label F1 arithmetic on hand-computed cases, and agreement with
// the demo eval table's own label columns.
#include <medawq/labeler.h>
#include "test_support.h"

#include <medawq/table.h>

#include <QtTest>

#include <fstream>
#include <map>
#include <sstream>

using namespace medawq;

namespace {

const std::map<std::string, std::string> kCodes = {
    {"EC", "Enlarged Cardiomediastinum"}, {"CM", "Cardiomegaly"}, {"LO", "Lung Opacity"}, {"LL", "Lung Lesion"},
    {"ED", "Edema"}, {"CO", "Consolidation"}, {"PN", "Pneumonia"}, {"AT", "Atelectasis"}, {"PTX", "Pneumothorax"},
    {"EFF", "Pleural Effusion"}, {"PO", "Pleural Other"}, {"FX", "Fracture"}, {"SD", "Support Devices"}};

Mention parseMention(const std::string& v) {
    if (v == "p") return Mention::Positive;
    if (v == "n") return Mention::Negative;
    if (v == "u") return Mention::Uncertain;
    qFatal("bad label value '%s'", v.c_str());
}

ReportLabels labels(std::initializer_list<std::pair<const char*, Mention>> list) {
    ReportLabels l;
    l.fill(Mention::Blank);
    for (const auto& [name, m] : list) l[size_t(observationIndex(name))] = m;
    return l;
}

}  // namespace

class TestLabeler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handLabelledSentences() {
        std::ifstream in(test::fixturesDir() + "/labeler/sentences.tsv");
        QVERIFY(in.good());
        std::string line;
        int sentences = 0, pairs = 0, correct = 0, mentioned = 0, mentionedCorrect = 0;
        std::map<std::string, std::pair<int, int>> perObservation;  // mentioned: correct, total
        QStringList errors;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            const size_t tab = line.find('\t');
            QVERIFY2(tab != std::string::npos, line.c_str());
            const std::string sentence = line.substr(0, tab), spec = line.substr(tab + 1);
            ReportLabels expected;
            expected.fill(Mention::Blank);
            std::stringstream items(spec);
            std::string item;
            while (std::getline(items, item, ';')) {
                if (item.empty()) continue;
                const size_t eq = item.find('=');
                QVERIFY2(eq != std::string::npos && kCodes.count(item.substr(0, eq)), item.c_str());
                expected[size_t(observationIndex(kCodes.at(item.substr(0, eq))))] = parseMention(item.substr(eq + 1));
            }
            const ReportLabels got = labelReport(sentence);
            ++sentences;
            // "No Finding" is a report-level conclusion; sentences are scored on the other 13.
            for (int k = 0; k < kObservationCount - 1; ++k) {
                const Mention e = expected[size_t(k)], g = got[size_t(k)];
                ++pairs;
                correct += e == g;
                if (e != Mention::Blank || g != Mention::Blank) {
                    ++mentioned;
                    mentionedCorrect += e == g;
                    auto& po = perObservation[observationNames()[size_t(k)]];
                    po.first += e == g;
                    po.second += 1;
                }
                if (e != g)
                    errors << QString("  \"%1\": %2 expected %3, got %4").arg(QString::fromStdString(sentence))
                                  .arg(QString::fromStdString(observationNames()[size_t(k)])).arg(mentionName(e)).arg(mentionName(g));
            }
        }
        const double accuracy = double(correct) / pairs, mentionedAccuracy = double(mentionedCorrect) / mentioned;
        qInfo("%d hand-labelled sentences: %d/%d (sentence, observation) pairs agree (%.4f); "
              "%d/%d where either side mentions the observation (%.4f)",
              sentences, correct, pairs, accuracy, mentionedCorrect, mentioned, mentionedAccuracy);
        for (const auto& [name, counts] : perObservation)
            qInfo("  %-27s %3d/%3d", name.c_str(), counts.first, counts.second);
        if (!errors.isEmpty()) qInfo("errors:\n%s", qPrintable(errors.join("\n")));
        QVERIFY(sentences >= 150);
        QVERIFY2(mentionedAccuracy >= 0.95, qPrintable(QString::number(mentionedAccuracy)));
    }

    void reportAggregation() {
        // Positive beats uncertain beats negative across one report's mentions.
        QCOMPARE(labelReport("No effusion on the left. Small right pleural effusion.")[size_t(observationIndex("Pleural Effusion"))], Mention::Positive);
        QCOMPARE(labelReport("Possible small effusion. No large effusion.")[size_t(observationIndex("Pleural Effusion"))], Mention::Uncertain);
        // No Finding: positive when nothing but support devices is positive or uncertain.
        const size_t nf = size_t(observationIndex("No Finding"));
        QCOMPARE(labelReport("No acute cardiopulmonary process.")[nf], Mention::Positive);
        QCOMPARE(labelReport("Endotracheal tube in place. Lungs are clear.")[nf], Mention::Positive);
        QCOMPARE(labelReport("Possible left basilar atelectasis.")[nf], Mention::Blank);
        QCOMPARE(labelReport("Mild cardiomegaly.")[nf], Mention::Blank);
        // Heart failure implies a possibly enlarged heart.
        QCOMPARE(labelReport("Findings of CHF.")[size_t(observationIndex("Cardiomegaly"))], Mention::Uncertain);
        // Nothing to label.
        for (Mention m : labelReport("")) QCOMPARE(m, Mention::Blank);
    }

    void labelF1ByHand() {
        const Mention P = Mention::Positive, N = Mention::Negative, U = Mention::Uncertain;
        const std::vector<ReportLabels> truth = {labels({{"Cardiomegaly", P}, {"Edema", P}}),
                                                 labels({{"Pleural Effusion", P}, {"Fracture", U}}),
                                                 labels({{"No Finding", P}})};
        const std::vector<ReportLabels> pred = {labels({{"Cardiomegaly", P}, {"Edema", N}}),
                                                labels({{"Pleural Effusion", U}, {"Fracture", P}}),
                                                labels({{"Atelectasis", P}})};
        // Uncertain as positive: TP = CM, EFF, FX = 3; FP = AT = 1; FN = ED, NF = 2 -> micro 6/9.
        const LabelScores pos = labelScores(truth, pred, true);
        QVERIFY(std::fabs(pos.microF1 - 6.0 / 9.0) < 1e-12);
        // Per label F1: CM 1, EFF 1, FX 1, ED 0, NF 0, AT 0, eight labels with no positives 0 -> 3/14.
        QVERIFY(std::fabs(pos.macroF1 - 3.0 / 14.0) < 1e-12);
        // Top 5 (CM, ED, CO, AT, EFF): TP 2, FP 1 (AT), FN 1 (ED) -> 4/6; macro (1 + 0 + 0 + 0 + 1) / 5.
        QVERIFY(std::fabs(pos.top5MicroF1 - 4.0 / 6.0) < 1e-12);
        QVERIFY(std::fabs(pos.top5MacroF1 - 0.4) < 1e-12);
        QVERIFY(std::fabs(pos.top5ExactMatch - 1.0 / 3.0) < 1e-12);  // only report 2 agrees on all five
        // Uncertain as negative: EFF predicted 0 and FX truth 0: TP 1 (CM), FP 2 (FX, AT), FN 3 (ED, EFF, NF) -> 2/7.
        const LabelScores neg = labelScores(truth, pred, false);
        QVERIFY(std::fabs(neg.microF1 - 2.0 / 7.0) < 1e-12);
        // A subset with repeats counts each repeat.
        const std::vector<uint32_t> twice = {0, 0};
        QVERIFY(std::fabs(labelScores(truth, pred, true, &twice).microF1 - 4.0 / 6.0) < 1e-12);  // TP 2, FN 2
        // Per case: both sides without positives is perfect agreement.
        QCOMPARE(caseLabelF1(labels({}), labels({{"Edema", N}}), true), 1.0);
        // Differences list a finding present on one side first.
        const auto d = findingDifferences(labels({{"Edema", N}, {"Pleural Effusion", P}}), labels({{"Edema", U}}));
        QCOMPARE(d.size(), size_t(2));
        QCOMPARE(observationNames()[size_t(d[0].observation)], std::string("Pleural Effusion"));
    }

    void agreesWithTheDemoTablesLabels() {
        const Table t = readTable(test::demoDataDir() + "/eval.csv");
        std::vector<ReportLabels> truth, pred;
        for (size_t r = 0; r < t.rows.size(); ++r) {
            ReportLabels l;
            l.fill(Mention::Blank);
            for (int k = 0; k < kObservationCount; ++k) {
                const std::string& v = t.cell(r, observationNames()[size_t(k)]);
                l[size_t(k)] = v == "1.0" ? Mention::Positive : v == "0.0" ? Mention::Negative : v == "-1.0" ? Mention::Uncertain : Mention::Blank;
            }
            truth.push_back(l);
            pred.push_back(labelReport(t.cell(r, "text")));
        }
        const LabelScores s = labelScores(truth, pred, true);
        qInfo("demo eval.csv (%zu reports): micro F1 %.4f, macro F1 %.4f against the generator's label columns", truth.size(), s.microF1, s.macroF1);
        for (int k = 0; k < kObservationCount; ++k)
            if (s.f1[size_t(k)] < 1.0)
                qInfo("  %-27s F1 %.3f (TP %lld, FP %lld, FN %lld)", observationNames()[size_t(k)].c_str(), s.f1[size_t(k)],
                      (long long)s.truePositives[size_t(k)], (long long)s.falsePositives[size_t(k)], (long long)s.falseNegatives[size_t(k)]);
        QVERIFY(s.microF1 >= 0.95);
    }
};

QTEST_GUILESS_MAIN(TestLabeler)
#include "test_labeler.moc"
