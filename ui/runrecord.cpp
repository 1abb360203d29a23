#include "runrecord.h"

#include "runsfolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace medawq::ui {

bool RunRecord::hasLog() const { return QFileInfo::exists(logPath()); }
QString RunRecord::logPath() const { return folder + QLatin1Char('/') + QLatin1String(kRunLogFileName); }

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

QList<RunRecord> scanRuns(const QString& runsDir, QStringList* problems) {
    QList<RunRecord> runs;
    // Hidden entries are the core's partial outputs (".name.partial-…") and the live logs.
    for (const QFileInfo& fi : QDir(runsDir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!QFileInfo::exists(fi.filePath() + QStringLiteral("/quantization_info.json"))) continue;
        RunRecord r;
        QString error;
        if (readRunRecord(fi.filePath(), r, &error)) runs.append(r);
        else if (problems) problems->append(error);
    }
    std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) { return a.created > b.created; });
    return runs;
}

}  // namespace medawq::ui
