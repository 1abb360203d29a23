#include "runrecord.h"

#include "evaluationrun.h"
#include "runsfolder.h"

#include <medawq/evaluate.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace medawq::ui {

bool RunRecord::hasLog() const { return QFileInfo::exists(logPath()); }
QString RunRecord::logPath() const {
    return folder + QLatin1Char('/') + QLatin1String(isEvaluation() ? kEvaluationLogFileName : kRunLogFileName);
}

bool readRunRecord(const QString& folder, RunRecord& r, QString* error) {
    const QString path = folder + QStringLiteral("/quantization_info.json");
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (!doc.isObject()) {
        if (error) *error = QStringLiteral("%1: not a JSON object (%2)").arg(path, pe.errorString());
        return false;
    }
    const QJsonObject o = doc.object();
    r = RunRecord{};
    r.folder = QFileInfo(folder).absoluteFilePath();
    r.created = QDateTime::fromString(o.value("created").toString(), Qt::ISODate);
    const QJsonObject src = o.value("source_model").toObject();
    r.modelPath = src.value("path").toString(o.value("original_model").toString());
    r.modelName = QFileInfo(QDir::cleanPath(r.modelPath)).fileName();
    r.architecture = src.value("architecture").toString();
    r.method = o.value("method").toString();
    r.preset = o.value("preset").toString();
    r.device = o.value("device").toString();
    r.bits = o.value("bits").toInt();
    r.groupSize = o.value("group_size").toInteger();
    r.zeroPoint = o.value("zero_point").toBool();
    r.fakeQuantized = o.value("fake_quantized").toBool();
    const QJsonObject search = o.value("search").toObject();
    r.gridSize = search.value("grid_size").toInt();
    r.clipSearch = search.value("clip_search").toBool();
    const QJsonObject times = o.value("stage_seconds").toObject();
    const char* stages[] = {"load_model", "prepare_calibration", "activation_statistics", "quantize_weights", "save"};
    for (size_t i = 0; i < 5; ++i) {
        r.stageSeconds[i] = times.value(QLatin1String(stages[i])).toDouble();
        r.totalSeconds += r.stageSeconds[i];
    }
    const QJsonObject calib = o.value("calibration").toObject();  // null for RTN
    r.calibrationFile = calib.value("file").toString();
    r.calibrationRows = calib.value("rows_used").toInteger();
    r.calibrationTokens = calib.value("tokens").toInteger();
    r.calibrationBlocks = calib.value("blocks").toInteger();
    r.seqlen = calib.value("seqlen").toInteger();
    const QJsonObject loss = o.value("mean_group_loss").toObject();
    r.lossRtn = loss.value("rtn").toDouble();
    r.lossAwq = loss.value("awq").toDouble();
    for (const QFileInfo& fi : QDir(folder).entryInfoList({QStringLiteral("*.safetensors")}, QDir::Files))
        r.sizeBytes += quint64(fi.size());
    return true;
}

namespace {

QString text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}
double number(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

// The metric the list shows: the one the Results page sorts cases by.
std::string keyMetricOf(const nlohmann::json& scores) {
    QStringList keys;
    for (auto it = scores.begin(); it != scores.end(); ++it)
        if (it.value().is_object()) keys << QString::fromStdString(it.key());
    return medawq::report::EvaluationRun::primaryMetricOf(keys).toStdString();
}

}  // namespace

bool readEvaluationRecord(const QString& folder, RunRecord& r, QString* error) {
    nlohmann::json j;
    try {
        j = medawq::readEvaluationRun(folder.toStdString());
        r = RunRecord{};
        r.kind = RunKind::Evaluation;
        r.folder = QFileInfo(folder).absoluteFilePath();
        r.created = QDateTime::fromString(text(j, "created"), Qt::ISODate);
        r.method = QStringLiteral("evaluation");
        const nlohmann::json& config = j.at("config");
        r.modelPath = text(config, "original_model");
        r.modelName = QFileInfo(QDir::cleanPath(r.modelPath)).fileName();
        r.cases = qint64(number(j.value("data", nlohmann::json::object()), "cases"));
        const nlohmann::json& models = j.at("models");
        for (const nlohmann::json& m : models) {
            r.evaluatedModels << text(m, "label");
            r.totalSeconds += number(m, "load_seconds") + number(m.value("generation", nlohmann::json::object()), "seconds");
        }
        if (!models.empty()) r.device = text(models[0], "device");
        if (models.size() > 1) {
            const nlohmann::json& q = models[1];
            r.bits = int(number(q, "bits"));
            r.groupSize = qint64(number(q, "group_size"));
            r.sizeBytes = quint64(number(q, "size_bytes"));
            const nlohmann::json scores = q.value("scores", nlohmann::json::object());
            const bool vsReference = scores.value("vs_reference", nlohmann::json()).is_object();
            const nlohmann::json basis = vsReference ? scores["vs_reference"] : scores.value("vs_original", nlohmann::json::object());
            if (basis.is_object()) {
                const std::string key = keyMetricOf(basis);
                if (!key.empty()) {
                    r.keyMetric = text(basis[key], "label");
                    if (r.keyMetric.isEmpty()) r.keyMetric = QString::fromStdString(key);
                    r.keyValue = number(basis[key], "value");
                    const nlohmann::json change = q.value("change_vs_original", nlohmann::json());
                    if (vsReference && change.is_object() && change.contains(key)) {
                        r.keyDelta = number(change[key], "delta");
                        r.hasKeyDelta = true;
                    }
                }
            }
        }
        r.summary = QString::fromStdString(medawq::formatEvaluationSummary(j));
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
}

QList<RunRecord> scanRuns(const QString& runsDir, QStringList* problems) {
    QList<RunRecord> runs;
    // Hidden entries are the core's partial outputs (".name.partial-…") and the live logs.
    for (const QFileInfo& fi : QDir(runsDir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        RunRecord r;
        QString error;
        bool ok = false;
        if (QFileInfo::exists(fi.filePath() + QStringLiteral("/quantization_info.json")))
            ok = readRunRecord(fi.filePath(), r, &error);
        else if (QFileInfo::exists(fi.filePath() + QStringLiteral("/results.json")))
            ok = readEvaluationRecord(fi.filePath(), r, &error);
        else
            continue;
        if (ok) runs.append(r);
        else if (problems) problems->append(error);
    }
    std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) { return a.created > b.created; });
    return runs;
}

}  // namespace medawq::ui
