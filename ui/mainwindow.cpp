#include "mainwindow.h"

#include <medawq/errors.h>
#include <medawq/model.h>

#include <QAction>
#include <QFileDialog>
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
        m_summary->setText(QString::fromStdString(medawq::formatModelInfo(info)));
        statusBar()->showMessage(tr("Model: %1").arg(dir));
    } catch (const medawq::Error& e) {
        m_summary->setText(tr("Cannot open this model:\n%1").arg(QString::fromUtf8(e.what())));
    }
}

}  // namespace medawq::ui
