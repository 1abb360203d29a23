#include "evaluationrun.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace medawq::report {

namespace {

// The order metrics are shown in: what a clinician reads first (findings), then lexical overlap.
const char* const kMetricOrder[] = {"radgraph_complete", "radgraph_partial", "radgraph_simple", "chexpert_micro_f1",
                                    "chexpert_macro_f1", "chexpert_top5_micro_f1", "chexpert_top5_macro_f1", "bleu1",
                                    "bleu2", "bleu3", "bleu4", "rougeL", "rougeL_coco", "cider"};

double number(const QJsonValue& v) { return v.isDouble() ? v.toDouble() : qQNaN(); }
qint64 bytes(const QJsonValue& v) { return v.isDouble() ? qint64(v.toDouble()) : -1; }

std::optional<QJsonObject> readJsonObject(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = EvaluationRun::tr("%1: not found (is this an evaluation run folder?)").arg(path);
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (!doc.isObject()) {
        if (error) *error = EvaluationRun::tr("%1: not valid JSON (%2)").arg(path, parse.errorString());
        return std::nullopt;
    }
    return doc.object();
}

FindingLabels labelsOf(const QJsonValue& v) {
    FindingLabels out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) out.insert(it.key(), it.value().toString());
    return out;
}

// A model folder named in results.json: as given (relative to where evaluate ran, unknown
// here), else relative to the run folder, else to the run folder's parent (runs/<run> next to
// runs/<model>), which is where a moved or copied run keeps finding its models.
QString resolveModelPath(const QString& path, const QString& runDir) {
    if (path.isEmpty()) return {};
    const QStringList candidates = {path, QDir(runDir).filePath(path), QDir(runDir + QStringLiteral("/..")).filePath(path)};
    for (const QString& c : candidates)
        if (QFileInfo(c).isDir()) return QDir::cleanPath(QFileInfo(c).absoluteFilePath());
    return {};
}

ModelResult modelOf(const QJsonObject& m, const QString& runDir, const QString& basis) {
    ModelResult r;
    r.label = m.value(QLatin1String("label")).toString();
    r.role = m.value(QLatin1String("role")).toString();
    r.path = m.value(QLatin1String("path")).toString();
    r.method = m.value(QLatin1String("method")).toString();
    r.bits = m.value(QLatin1String("bits")).toInt(16);
    r.groupSize = m.value(QLatin1String("group_size")).toInt(0);
    r.device = m.value(QLatin1String("device")).toString();
    r.dtype = m.value(QLatin1String("dtype")).toString();
    r.precision = m.value(QLatin1String("precision")).toString();
    r.sizeBytes = bytes(m.value(QLatin1String("size_bytes")));
    r.loadSeconds = number(m.value(QLatin1String("load_seconds")));
    const QJsonObject speed = m.value(QLatin1String("speed")).toObject();
    r.prefillTokensPerSecond = number(speed.value(QLatin1String("prefill_tokens_per_second")));
    r.decodeTokensPerSecond = number(speed.value(QLatin1String("decode_tokens_per_second")));
    const QJsonObject memory = m.value(QLatin1String("memory")).toObject();
    r.peakAllocatedBytes = bytes(memory.value(QLatin1String("peak_allocated_bytes")));
    r.peakNvmlBytes = bytes(memory.value(QLatin1String("nvml_process_peak_bytes")));
    const QJsonObject vsRef = m.value(QLatin1String("scores")).toObject().value(basis).toObject();
    for (auto it = vsRef.begin(); it != vsRef.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        MetricValue v;
        v.label = o.value(QLatin1String("label")).toString(it.key());
        v.value = number(o.value(QLatin1String("value")));
        v.low = number(o.value(QLatin1String("low")));
        v.high = number(o.value(QLatin1String("high")));
        v.headline = o.value(QLatin1String("headline")).toBool();
        r.metrics.insert(it.key(), v);
    }
    const QJsonObject changes = m.value(QLatin1String("change_vs_original")).toObject();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        r.changes.insert(it.key(), {number(o.value(QLatin1String("delta"))), number(o.value(QLatin1String("low"))),
                                    number(o.value(QLatin1String("high")))});
    }
    r.resolvedPath = resolveModelPath(r.path, runDir);
    if (!r.resolvedPath.isEmpty() && r.role != QLatin1String("original")) {
        if (auto info = readJsonObject(QDir(r.resolvedPath).filePath(QStringLiteral("quantization_info.json")), nullptr))
            r.quantizationInfo = *info;
    }
    return r;
}

EvalCase caseOf(const QJsonObject& line, const QList<ModelResult>& models, const QString& basis) {
    EvalCase c;
    c.index = line.value(QLatin1String("case")).toInt();
    c.row = line.value(QLatin1String("row")).toInt();
    const QJsonObject fields = line.value(QLatin1String("fields")).toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) c.fields.append({it.key(), it.value().toString()});
    c.prompt = line.value(QLatin1String("prompt")).toString();
    c.reference = line.value(QLatin1String("reference")).toString();
    c.imagePath = line.value(QLatin1String("image")).toString();
    c.referenceLabels = labelsOf(line.value(QLatin1String("reference_labels")));
    c.tableLabels = labelsOf(line.value(QLatin1String("table_labels")));
    // Reports in the order of results.json's models, matched by label (a model missing from a
    // line keeps an empty report rather than shifting the others).
    QList<CaseReport> byModel(models.size());
    for (int i = 0; i < models.size(); ++i) byModel[i].model = models[i].label;
    for (const QJsonValue& v : line.value(QLatin1String("reports")).toArray()) {
        const QJsonObject o = v.toObject();
        CaseReport r;
        r.model = o.value(QLatin1String("model")).toString();
        r.text = o.value(QLatin1String("text")).toString();
        r.newTokens = o.value(QLatin1String("new_tokens")).toInt();
        r.atTokenLimit = o.value(QLatin1String("at_token_limit")).toBool();
        r.labels = labelsOf(o.value(QLatin1String("labels")));
        const QJsonObject scores = o.value(QStringLiteral("scores_") + basis).toObject();
        for (auto it = scores.begin(); it != scores.end(); ++it) r.scores.insert(it.key(), number(it.value()));
        int slot = -1;
        for (int i = 0; i < models.size(); ++i)
            if (models[i].label == r.model) slot = i;
        if (slot >= 0) byModel[slot] = r;
        else byModel.append(r);
    }
    c.reports = byModel;
    return c;
}

}  // namespace

double EvalCase::score(int model, const QString& metric) const {
    if (model < 0 || model >= reports.size()) return qQNaN();
    return reports[model].scores.value(metric, qQNaN());
}

std::optional<EvaluationRun> EvaluationRun::load(const QString& runDir, QString* error, bool withCases) {
    const QString resultsPath = QDir(runDir).filePath(QStringLiteral("results.json"));
    auto results = readJsonObject(resultsPath, error);
    if (!results) return std::nullopt;
    if (results->value(QLatin1String("tool")).toString() != QLatin1String("MedAWQ") ||
        results->value(QLatin1String("kind")).toString() != QLatin1String("evaluation") ||
        !results->value(QLatin1String("models")).isArray()) {
        if (error) *error = tr("%1: not a MedAWQ evaluation results file").arg(resultsPath);
        return std::nullopt;
    }
    EvaluationRun run;
    run.directory = QDir(runDir).absolutePath();
    run.results = *results;
    run.created = results->value(QLatin1String("created")).toString();
    run.scoredAgainstReference = results->value(QLatin1String("scored_against")).toObject().contains(QLatin1String("vs_reference"));
    for (const QJsonValue& m : results->value(QLatin1String("models")).toArray())
        run.models.append(modelOf(m.toObject(), run.directory, run.scoreBasis()));
    if (run.models.isEmpty()) {
        if (error) *error = tr("%1: the run holds no model").arg(resultsPath);
        return std::nullopt;
    }
    // Every model's metrics (scored against the original model, the original itself has none).
    QStringList keys;
    for (const ModelResult& m : run.models)
        for (const QString& k : m.metrics.keys())
            if (!keys.contains(k)) keys.append(k);
    for (const char* k : kMetricOrder)
        if (keys.removeOne(QLatin1String(k))) run.metricKeys.append(QLatin1String(k));
    run.metricKeys.append(keys);

    QFile reports(QDir(runDir).filePath(QStringLiteral("reports.jsonl")));
    if (withCases && reports.open(QIODevice::ReadOnly)) {
        int lineNumber = 0;
        while (!reports.atEnd()) {
            const QByteArray line = reports.readLine().trimmed();
            ++lineNumber;
            if (line.isEmpty()) continue;
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (!doc.isObject()) {
                if (error) *error = tr("%1: line %2 is not valid JSON").arg(reports.fileName()).arg(lineNumber);
                return std::nullopt;
            }
            run.cases.append(caseOf(doc.object(), run.models, run.scoreBasis()));
        }
    }
    return run;
}

int EvaluationRun::modelIndex(const QString& label) const {
    for (int i = 0; i < models.size(); ++i)
        if (models[i].label == label) return i;
    return -1;
}

QStringList EvaluationRun::f1MetricKeys() const {
    QStringList out;
    for (const QString& k : metricKeys)
        if (k.startsWith(QLatin1String("radgraph_")) || k.endsWith(QLatin1String("_f1"))) out.append(k);
    return out;
}

QString EvaluationRun::primaryMetricOf(const QStringList& keys) {
    for (const char* k : {"radgraph_partial", "chexpert_micro_f1"})
        if (keys.contains(QLatin1String(k))) return QLatin1String(k);
    for (const char* k : kMetricOrder)
        if (keys.contains(QLatin1String(k))) return QLatin1String(k);
    return keys.value(0);
}

QString EvaluationRun::metricLabel(const QString& key) const {
    for (const ModelResult& m : models)  // the original has none when it is the ground truth
        if (!m.metrics.value(key).label.isEmpty()) return m.metrics.value(key).label;
    return key;
}

QString EvaluationRun::imageFile(const EvalCase& c) const {
    if (c.imagePath.isEmpty()) return {};
    if (QFileInfo(c.imagePath).isAbsolute()) return c.imagePath;
    const QString table = results.value(QLatin1String("data")).toObject().value(QLatin1String("path")).toString();
    const QString tableDir = QFileInfo(table).path();
    for (const QString& base : {tableDir, directory, directory + QStringLiteral("/..")}) {
        const QString p = QDir(base).filePath(c.imagePath);
        if (QFileInfo::exists(p)) return QDir::cleanPath(QFileInfo(p).absoluteFilePath());
    }
    return QDir(tableDir).filePath(c.imagePath);
}

}  // namespace medawq::report
