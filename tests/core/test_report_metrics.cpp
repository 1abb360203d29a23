// BLEU / ROUGE / CIDEr / RadGraph rewards against the golden values in
// shared/data/metric_test_vectors (computed by the reference implementations), plus
// hand-computed cases and NLTK's Porter stems.
#include "eval/lexical_metrics.h"
#include "eval/porter_stemmer.h"
#include "eval/radgraph_reward.h"
#include "test_support.h"

#include <medawq/errors.h>

#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace medawq;
using nlohmann::json;

namespace {

json loadVectors(const std::string& name) {
    const std::string path = test::sharedDir() + "/data/metric_test_vectors/" + name;
    std::ifstream in(path);
    if (!in) qFatal("cannot open %s (set MEDAWQ_SHARED_DIR)", path.c_str());
    return json::parse(in);
}

bool close(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::max(1.0, std::fabs(b)); }

std::vector<Tokens> tokenize(const json& texts, Tokens (*f)(const std::string&)) {
    std::vector<Tokens> out;
    for (const auto& t : texts) out.push_back(f(t.get<std::string>()));
    return out;
}

Tokens spaceSplit(const std::string& s) { return whitespaceTokens(s); }
Tokens rougeStemmed(const std::string& s) { return rougeScoreTokens(s, true); }

}  // namespace

class TestReportMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bleuOnRawTokensMatchesBleuScorer() {
        const json v = loadVectors("lexical_metric_vectors.json");
        const auto refs = tokenize(v["refs"], spaceSplit), hyps = tokenize(v["hyps"], spaceSplit);
        std::vector<BleuCase> cases;
        for (size_t i = 0; i < refs.size(); ++i) cases.push_back(bleuCase(hyps[i], {refs[i]}));
        const auto corpus = bleuCorpus(cases);
        int checked = 0;
        for (size_t k = 0; k < 4; ++k) {
            QVERIFY2(close(corpus[k], v["raw_whitespace_tokens"]["bleu_corpus_1to4"][k]), qPrintable(QString::number(corpus[k], 'g', 17)));
            ++checked;
            for (size_t i = 0; i < cases.size(); ++i) {
                const double expected = v["raw_whitespace_tokens"]["bleu_per_sample_1to4"][k][i];
                const double got = bleuSentence(cases[i])[k];
                QVERIFY2(close(got, expected, 1e-9) || std::fabs(got - expected) < 1e-25,
                         qPrintable(QString("BLEU-%1 case %2: %3 vs %4").arg(k + 1).arg(i).arg(got, 0, 'g', 17).arg(expected, 0, 'g', 17)));
                ++checked;
            }
        }
        // RadEval's own fixture (4 decimals) for BLEU-1, -2, -3 and "bleu" (= BLEU-4).
        const json& f = v["radeval_fixture"]["detailed"];
        QCOMPARE(std::round(corpus[0] * 1e4) / 1e4, f["bleu_1"].get<double>());
        QCOMPARE(std::round(corpus[3] * 1e4) / 1e4, f["bleu"].get<double>());
        qInfo("BLEU: %d values checked", checked);
    }

    void bleuOnCocoTokenStrings() {
        const json v = loadVectors("lexical_metric_vectors.json");
        const json& t = v["approx_ptb_tokens"];
        const auto refs = tokenize(t["refs_tok"], spaceSplit), hyps = tokenize(t["hyps_tok"], spaceSplit);
        std::vector<BleuCase> cases;
        for (size_t i = 0; i < refs.size(); ++i) cases.push_back(bleuCase(hyps[i], {refs[i]}));
        const auto corpus = bleuCorpus(cases);
        for (size_t k = 0; k < 4; ++k) QVERIFY(close(corpus[k], t["bleu_corpus_1to4"][k]));
        // The tokenizer we ship reproduces those token strings from the raw texts.
        for (size_t i = 0; i < refs.size(); ++i) {
            QCOMPARE(cocoTokens(v["refs"][i]), refs[i]);
            QCOMPARE(cocoTokens(v["hyps"][i]), hyps[i]);
        }
    }

    void ciderAndCocoRougeL() {
        const json v = loadVectors("lexical_metric_vectors.json");
        const json& t = v["approx_ptb_tokens"];
        const auto refs = tokenize(t["refs_tok"], spaceSplit), hyps = tokenize(t["hyps_tok"], spaceSplit);
        std::vector<std::vector<Tokens>> refSets;
        for (const Tokens& r : refs) refSets.push_back({r});
        const CiderCorpus cider(hyps, refSets);
        QVERIFY2(close(cider.corpus(), t["cider_corpus"]), qPrintable(QString::number(cider.corpus(), 'g', 17)));
        const auto per = cider.scores();
        for (size_t i = 0; i < per.size(); ++i) QVERIFY(close(per[i], t["cider_per_sample"][i]));
        double sum = 0;
        for (size_t i = 0; i < refs.size(); ++i) {
            const double r = rougeLCoco(hyps[i], {refs[i]});
            QVERIFY(close(r, t["rougeL_coco_per_sample"][i]));
            sum += r;
        }
        QVERIFY(close(sum / double(refs.size()), t["rougeL_coco_beta1.2_mean"]));
        // Resampling every case once is the whole set again.
        QVERIFY(close(cider.corpus({0, 1, 2, 3, 4}), cider.corpus()));
    }

    void rougeScoreWithStemmerMatchesRadEval() {
        const json v = loadVectors("lexical_metric_vectors.json");
        const auto refs = tokenize(v["refs"], rougeStemmed), hyps = tokenize(v["hyps"], rougeStemmed);
        const json& per = v["radeval_fixture"]["per_sample"];
        double sums[3] = {0, 0, 0};
        for (size_t i = 0; i < refs.size(); ++i) {
            const double r1 = rougeNScore(hyps[i], refs[i], 1).f, r2 = rougeNScore(hyps[i], refs[i], 2).f,
                         rl = rougeLScore(hyps[i], refs[i]).f;
            QVERIFY2(close(r1, per["rouge1"][i]), qPrintable(QString("rouge1 case %1: %2").arg(i).arg(r1)));
            QVERIFY(close(r2, per["rouge2"][i]));
            QVERIFY(close(rl, per["rougeL"][i]));
            sums[0] += r1, sums[1] += r2, sums[2] += rl;
        }
        const json& f = v["radeval_fixture"]["default"];
        QCOMPARE(std::round(sums[0] / 5 * 1e4) / 1e4, f["rouge1"].get<double>());
        QCOMPARE(std::round(sums[2] / 5 * 1e4) / 1e4, f["rougeL"].get<double>());
    }

    void handComputedCases() {
        // Identical: every BLEU-n = 1 (to the smoothing), ROUGE-L = 1.
        const Tokens a = whitespaceTokens("mild cardiomegaly without effusion");
        const auto b = bleuSentence(bleuCase(a, {a}));
        for (double x : b) QVERIFY(close(x, 1.0, 1e-8));
        QCOMPARE(rougeLScore(a, a).f, 1.0);
        // Empty hypothesis: 0 everywhere, no NaN.
        const auto e = bleuSentence(bleuCase({}, {a}));
        for (double x : e) QVERIFY(x < 1e-6 && !std::isnan(x));
        QCOMPARE(rougeLScore({}, a).f, 0.0);
        // Hand count: hyp "the cat sat" vs ref "the cat sat on the mat": unigram P = 3/3, bigram 2/2,
        // brevity penalty exp(1 - 6/3) = e^-1; BLEU-1 = e^-1.
        const auto h = bleuSentence(bleuCase(whitespaceTokens("the cat sat"), {whitespaceTokens("the cat sat on the mat")}));
        QVERIFY(close(h[0], std::exp(-1.0), 1e-8));
        QVERIFY(close(h[1], std::exp(-1.0), 1e-8));
        // COCO ROUGE-L with beta 1.2: LCS 3, P = 1, R = 0.5 -> (1 + 1.44) * 0.5 / (0.5 + 1.44) = 0.62886...
        QVERIFY(close(rougeLCoco(whitespaceTokens("the cat sat"), {whitespaceTokens("the cat sat on the mat")}), 2.44 * 0.5 / 1.94));
        // Closest reference length, ties to the shorter.
        QCOMPARE(bleuCase(whitespaceTokens("a b c d"), {whitespaceTokens("a b c"), whitespaceTokens("a b c d e")}).refLength, int64_t(3));
    }

    void porterStemsAsNltk() {
        // NLTK 3.8 PorterStemmer() (NLTK_EXTENSIONS mode), Debian's python3-nltk, word:stem.
        const std::string expected =
            "effusions:effus atelectasis:atelectasi cardiomegaly:cardiomegali consolidation:consolid opacities:opac "
            "pneumothorax:pneumothorax unchanged:unchang appearing:appear bibasilar:bibasilar relatively:rel "
            "enlarged:enlarg silhouette:silhouett vasculature:vasculatur congestion:congest hyperinflated:hyperinfl "
            "generalization:gener oscillators:oscil happily:happili hopefully:hope logically:logic geology:geolog "
            "theology:theolog sky:sky skies:sky dying:die news:news proceeded:proceed agreed:agre feed:feed "
            "plastered:plaster bled:bled motoring:motor sing:sing conflated:conflat troubled:troubl sized:size "
            "hopping:hop tanned:tan falling:fall hissing:hiss fizzed:fizz failing:fail filing:file cry:cri by:by "
            "say:say probate:probat rate:rate cease:ceas controll:control roll:roll replacement:replac "
            "adjustment:adjust dependent:depend irritant:irrit adoption:adopt communism:commun activate:activ "
            "angularity:angular homologous:homolog effective:effect bowdlerize:bowdler formality:formal "
            "sensitivity:sensit sensibility:sensibl triplicate:triplic formative:form formalize:formal "
            "electricity:electr electrical:electr hopeful:hope goodness:good revival:reviv allowance:allow "
            "inference:infer airliner:airlin gyroscopic:gyroscop adjustable:adjust defensible:defens "
            "conditionally:condit differently:differ radically:radic analogously:analog ies:i ied:i dies:die "
            "cries:cri tied:tie lies:lie fulli:fulli carefully:care centrally:central";
        std::istringstream in(expected);
        std::string pair;
        int n = 0;
        QStringList wrong;
        while (in >> pair) {
            const size_t colon = pair.find(':');
            const std::string word = pair.substr(0, colon), stem = pair.substr(colon + 1);
            if (porterStem(word) != stem) wrong << QString::fromStdString(word + " -> " + porterStem(word) + " (NLTK " + stem + ")");
            ++n;
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join("; ")));
        QCOMPARE(n, 92);
    }

    void radgraphRewardsBothRules() {
        const json v = loadVectors("radgraph_reward_vectors.json");
        int checked = 0;
        for (const json& c : v["cases"]) {
            const RadGraphAnnotation h = parseRadGraphAnnotation(c["hyp"]), r = parseRadGraphAnnotation(c["ref"]);
            for (const auto& [rule, key] : {std::pair{RadGraphRule::Released0118, "expected_all_0.1.18"}, std::pair{RadGraphRule::Head, "expected_all_HEAD"}}) {
                const RadGraphReward got = radgraphReward(h, r, rule);
                const json& e = c[key];
                QVERIFY2(close(got.simple, e[0]) && close(got.partial, e[1]) && close(got.complete, e[2]),
                         qPrintable(QString("%1 (%2): got %3 %4 %5").arg(QString::fromStdString(c["name"])).arg(key)
                                        .arg(got.simple).arg(got.partial).arg(got.complete)));
                ++checked;
            }
        }
        QCOMPARE(checked, 22);
        // The corpus mean keeps an empty report in the mean as (0, 0, 0).
        const json& agg = v["aggregation_example"];
        double sums[3] = {0, 0, 0};
        for (const json& p : agg["per_pair"]) for (int k = 0; k < 3; ++k) sums[k] += p[size_t(k)].get<double>();
        for (int k = 0; k < 3; ++k) QVERIFY(close(sums[k] / 5, agg["mean"][size_t(k)]));
    }

    void radgraphBadAnnotationIsNamed() {
        try {
            parseRadGraphAnnotation(json{{"entities", {{"1", {{"tokens", 3}}}}}}, "line 7");
            QFAIL("accepted a bad annotation");
        } catch (const medawq::Error& e) {
            QVERIFY(QString(e.what()).contains("line 7"));
        }
    }
};

QTEST_GUILESS_MAIN(TestReportMetrics)
#include "test_report_metrics.moc"
