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

private:
    QLabel* m_summary = nullptr;
};

}  // namespace medawq::ui
