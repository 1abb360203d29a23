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
    }
    return {};
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
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
    }
    return {};
}

}  // namespace medawq::ui
