// medawq-workbench: the desktop GUI. Opens on the demo model when it is present.
#include "mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedAWQ");
    QApplication::setApplicationName("MedAWQ Workbench");
    medawq::ui::MainWindow window;
    const QString demo = QStringLiteral(MEDAWQ_RESOURCES_DIR "/demo/model");
    const QStringList args = QApplication::arguments();
    const QString model = args.size() > 1 ? args.at(1) : demo;
    if (QDir(model).exists()) window.openModel(model);
    // First run: the demo's calibration data comes with the demo model.
    const QString calibration = QStringLiteral(MEDAWQ_RESOURCES_DIR "/demo/data/calibration.csv");
    if (args.size() <= 1 && QFile::exists(calibration)) window.setCalibrationData(calibration);
    window.show();
    return app.exec();
}
