// The workbench's main window. For now it shows what the core says about a model folder;
// the panels (model, calibration, run, evaluate, test, runs) come in the workbench issue.
#pragma once

#include <QMainWindow>

class QLabel;

namespace medawq::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    void openModel(const QString& dir);
    void setCalibrationData(const QString& path);
    QString summaryText() const;

private:
    void refresh();
    QLabel* m_summary = nullptr;
    QString m_modelText;
    QString m_calibration;
};

}  // namespace medawq::ui
