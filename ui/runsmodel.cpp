#include "runsmodel.h"

#include "formatting.h"

#include <QLocale>

namespace medawq::ui {

RunsModel::RunsModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunsModel::setRuns(const QList<RunRecord>& runs) {
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

void RunsModel::retranslate() {
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_runs.isEmpty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int RunsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_runs.size()); }
int RunsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_runs.size()) return {};
    const RunRecord& r = m_runs.at(index.row());
    const bool awq = r.method == QLatin1String("awq");
    if (r.isEvaluation()) return evaluationData(r, index.column(), role);
    if (role == Qt::UserRole) {  // sort keys
        switch (index.column()) {
        case Date: return r.created;
        case Bits: return r.bits;
        case Group: return r.groupSize;
        case Time: return r.totalSeconds;
        case Size: return r.sizeBytes;
        case Calibration: return r.calibrationTokens;
        case Error: return awq ? r.lossAwq : -1.0;
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) return r.folder;
    if (role == Qt::TextAlignmentRole && index.column() >= Bits && index.column() != Device)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Date: return r.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Model: return r.modelName;
    case Method: return r.method.toUpper() + (r.preset == QLatin1String("autoawq") ? tr(" (AutoAWQ preset)") : QString());
    case Bits: return tr("%1 bit").arg(r.bits);
    case Group: return QString::number(r.groupSize);
    case Device: return r.device;
    case Time: return formatSeconds(r.totalSeconds);
    case Size: return formatBytes(r.sizeBytes);
    case Calibration:
        return awq ? tr("%1 tokens").arg(formatCount(r.calibrationTokens)) : tr("none");
    case Error:  // the job measures module errors only while searching AWQ's scales
        return awq ? QLocale().toString(r.lossAwq, 'g', 4) : tr("not measured");
    case Cases:
    case KeyMetric: return QString();  // evaluation columns
    }
    return {};
}

// An evaluation run in the same columns: the models compared, the first quantized model's bits
// and group, the cases and the headline F1 of that model with its change against the original.
QVariant RunsModel::evaluationData(const RunRecord& r, int column, int role) const {
    if (role == Qt::UserRole) {
        switch (column) {
        case Date: return r.created;
        case Bits: return r.bits;
        case Group: return r.groupSize;
        case Time: return r.totalSeconds;
        case Size: return r.sizeBytes;
        case Calibration: return qint64(-1);
        case Error: return -1.0;
        case Cases: return r.cases;
        case KeyMetric: return r.keyMetric.isEmpty() ? -1.0 : r.keyValue;
        default: return evaluationData(r, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole)
        return column == KeyMetric && !r.keyMetric.isEmpty() ? tr("%1 of %2; change against %3")
                                                                   .arg(r.keyMetric, r.evaluatedModels.value(1), r.evaluatedModels.value(0))
                                                             : r.folder;
    if (role == Qt::TextAlignmentRole && ((column >= Bits && column != Device) || column == Cases))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (column) {
    case Date: return r.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Model: return r.evaluatedModels.join(tr(" vs "));
    case Method: return tr("Evaluation");
    case Bits: return r.bits > 0 ? tr("%1 bit").arg(r.bits) : QString();
    case Group: return r.groupSize != 0 ? QString::number(r.groupSize) : QString();
    case Device: return r.device;
    case Time: return formatSeconds(r.totalSeconds);
    case Size: return r.sizeBytes > 0 ? formatBytes(r.sizeBytes) : QString();
    case Calibration:
    case Error: return QString();
    case Cases: return formatCount(r.cases);
    case KeyMetric: {
        if (r.keyMetric.isEmpty()) return tr("not scored");
        QString s = QStringLiteral("%1 %2").arg(r.keyMetric, QLocale().toString(r.keyValue, 'f', 3));
        if (r.hasKeyDelta) s += QStringLiteral(" (%1%2)").arg(r.keyDelta >= 0 ? QStringLiteral("+") : QString(), QLocale().toString(r.keyDelta, 'f', 3));
        return s;
    }
    }
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole && section == KeyMetric)
        return tr("Evaluations: the headline F1 of the first quantized model and, in brackets, its paired change "
                  "against the original model");
    if (role == Qt::ToolTipRole && section == Error)
        return tr("Mean output error (MSE) of the quantized modules on the calibration data; lower is closer to the "
                  "original");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Date: return tr("Date");
    case Model: return tr("Model");
    case Method: return tr("Method");
    case Bits: return tr("Bits");
    case Group: return tr("Group");
    case Device: return tr("Device");
    case Time: return tr("Time");
    case Size: return tr("Size on disk");
    case Calibration: return tr("Calibration");
    case Error: return tr("Module MSE");
    case Cases: return tr("Cases");
    case KeyMetric: return tr("Key metric (change)");
    }
    return {};
}

}  // namespace medawq::ui
