// The Runs page's table: one row per finished run (quantizations and evaluations), sortable by the raw value of each column
// (Qt::UserRole) rather than by its text.
#pragma once

#include "runrecord.h"

#include <QAbstractTableModel>

namespace medawq::ui {

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Cases and KeyMetric (evaluations) come early: their texts are long and must not be cut off.
    enum Column { Date, Model, Method, Cases, KeyMetric, Bits, Group, Device, Time, Size, Calibration, Error, ColumnCount };

    explicit RunsModel(QObject* parent = nullptr);
    void setRuns(const QList<RunRecord>& runs);
    const QList<RunRecord>& runs() const { return m_runs; }
    const RunRecord& run(int row) const { return m_runs.at(row); }
    // After a language switch: headers and texts are made anew.
    void retranslate();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant evaluationData(const RunRecord& run, int column, int role) const;
    QList<RunRecord> m_runs;
};

}  // namespace medawq::ui
