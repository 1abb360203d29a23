// Label F1 over the 14 CheXpert observations (labeler.h), computed as the reference evaluators
// do: binary labels after the uncertain mapping, micro F1 from summed TP/FP/FN, macro F1 as the
// unweighted mean of per-label F1 where a label with no positive on either side scores 0
// (scikit-learn's f1_score with zero_division=0, what vilmedic/RadEval and LLaVA-Rad call).
#include <medawq/errors.h>
#include <medawq/labeler.h>

namespace medawq {

namespace {

double ratio(size_t num, size_t den) { return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den); }

}  // namespace

const char* uncertainAsName(UncertainAs u) {
    return u == UncertainAs::Positive ? "uncertain=positive" : "uncertain=negative";
}

bool isPositive(Label l, UncertainAs u) {
    return l == Label::Positive || (l == Label::Uncertain && u == UncertainAs::Positive);
}

double LabelCounts::precision() const { return ratio(tp, tp + fp); }
double LabelCounts::recall() const { return ratio(tp, tp + fn); }
double LabelCounts::f1() const { return ratio(2 * tp, 2 * tp + fp + fn); }

LabelF1 labelF1(const std::vector<ReportLabels>& truth, const std::vector<ReportLabels>& predicted,
                UncertainAs uncertainAs) {
    if (truth.size() != predicted.size())
        throw Error("label F1", std::to_string(truth.size()) + " reference label rows but " +
                                    std::to_string(predicted.size()) + " predicted ones");
    LabelF1 r;
    r.uncertainAs = uncertainAs;
    r.n = truth.size();
    r.perLabel.resize(kObservationCount);
    for (size_t i = 0; i < kObservationCount; ++i) r.perLabel[i].observation = static_cast<Observation>(i);
    bool isTop[kObservationCount] = {};
    for (Observation o : topFiveObservations()) isTop[index(o)] = true;

    size_t exact = 0, exactTop = 0;
    for (size_t s = 0; s < truth.size(); ++s) {
        LabelCounts sample;
        bool allAgree = true, topAgree = true;
        for (size_t i = 0; i < kObservationCount; ++i) {
            const bool t = isPositive(truth[s][i], uncertainAs), p = isPositive(predicted[s][i], uncertainAs);
            PerLabelScore& pl = r.perLabel[i];
            LabelCounts& c = pl.counts;
            if (t && p) ++c.tp, ++sample.tp;
            else if (!t && p) ++c.fp, ++sample.fp;
            else if (t && !p) ++c.fn, ++sample.fn;
            else ++c.tn, ++sample.tn;
            pl.truthPositive += t;
            pl.predictedPositive += p;
            if (t != p) {
                allAgree = false;
                if (isTop[i]) topAgree = false;
            }
        }
        exact += allAgree;
        exactTop += topAgree;
        r.perSampleCounts.push_back(sample);
        // Per report: neither side positive means the two reports agree (1), not 0/0.
        r.perSampleF1.push_back(sample.tp + sample.fp + sample.fn == 0 ? 1.0 : sample.f1());
    }

    LabelCounts all, top;
    double macro = 0, macroTop = 0;
    for (size_t i = 0; i < kObservationCount; ++i) {
        const LabelCounts& c = r.perLabel[i].counts;
        all.tp += c.tp, all.fp += c.fp, all.fn += c.fn, all.tn += c.tn;
        macro += c.f1();
        if (isTop[i]) {
            top.tp += c.tp, top.fp += c.fp, top.fn += c.fn, top.tn += c.tn;
            macroTop += c.f1();
        }
    }
    r.microF1 = all.f1();
    r.macroF1 = macro / static_cast<double>(kObservationCount);
    r.top5MicroF1 = top.f1();
    r.top5MacroF1 = macroTop / 5.0;
    r.exactMatch = ratio(exact, truth.size());
    r.top5ExactMatch = ratio(exactTop, truth.size());
    return r;
}

}  // namespace medawq
