#include "mainwindow.h"

#include <medawq/errors.h>
#include <medawq/model.h>
#include <medawq/table.h>

#include <QAction>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

namespace medawq::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("MedAWQ Workbench"));
    resize(960, 640);
    m_summary = new QLabel(tr("Open a model folder (Hugging Face layout) to begin."), this);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setMargin(16);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setCentralWidget(m_summary);
    auto* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open model folder..."));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"));
        if (!dir.isEmpty()) openModel(dir);
    });
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::openModel(const QString& dir) {
    try {
        const medawq::ModelInfo info = medawq::inspectModel(dir.toStdString());
        m_modelText = QString::fromStdString(medawq::formatModelInfo(info));
        statusBar()->showMessage(tr("Model: %1").arg(dir));
    } catch (const medawq::Error& e) {
        m_modelText = tr("Cannot open this model:\n%1").arg(QString::fromUtf8(e.what()));
    }
    refresh();
}

void MainWindow::setCalibrationData(const QString& path) {
    m_calibration = path;
    refresh();
}

QString MainWindow::summaryText() const { return m_summary->text(); }

void MainWindow::refresh() {
    QString text = m_modelText;
    if (!m_calibration.isEmpty()) {
        QString rows;
        try {
            rows = tr("%n row(s)", nullptr, int(medawq::readTable(m_calibration.toStdString()).rows.size()));
        } catch (const medawq::Error& e) {
            rows = QString::fromUtf8(e.what());
        }
        text += tr("\nCalibration data: %1 (%2)\n\nNext: quantize it from the command line, e.g.\n"
                   "  medawq quantize --model_path <model> --calibration_data <csv> --output_path <folder>")
                    .arg(m_calibration, rows);
    }
    m_summary->setText(text);
}

}  // namespace medawq::ui
