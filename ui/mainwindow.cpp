#include "mainwindow.h"

#include "calibrationpanel.h"
#include "evaluatepanel.h"
#include "formatting.h"
#include "jobrunner.h"
#include "language.h"
#include "modelpanel.h"
#include "preferences.h"
#include "problemlabel.h"
#include "quantizesettingspanel.h"
#include "resultspanel.h"
#include "runrecord.h"
#include "runsfolder.h"
#include "runspanel.h"
#include "runview.h"
#include "testpanel.h"

#include <medawq/table.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace medawq::ui {

namespace {
QString demoModel(const QString& resources) { return resources + QStringLiteral("/demo/model"); }
QString demoData(const QString& resources, const char* file) {
    return resources + QStringLiteral("/demo/data/") + QLatin1String(file);
}
}  // namespace

MainWindow::MainWindow(const QString& resourcesDir, QWidget* parent)
    : QMainWindow(parent), m_resourcesDir(QDir::cleanPath(resourcesDir)) {
    // Decided before any panel stores a choice.
    m_firstRun = !prefs::lastModel.isSet();
    setObjectName(QStringLiteral("mainWindow"));
    m_runner = new JobRunner(this);

    m_modelPanel = new ModelPanel;
    m_calibrationPanel = new CalibrationPanel;
    m_settingsPanel = new QuantizeSettingsPanel;
    m_runView = new RunView;
    m_evaluatePanel = new EvaluatePanel(m_runner, m_resourcesDir);
    m_testPanel = new TestPanel(m_runner);
    m_runsPanel = new RunsPanel;
    m_resultsPanel = new ResultsPanel;

    m_nav = new QListWidget;
    m_nav->setObjectName(QStringLiteral("pageList"));
    m_nav->setIconSize(QSize(20, 20));
    m_nav->setSpacing(2);
    m_pages = new QStackedWidget;
    const QStyle::StandardPixmap icons[PageCount] = {
        QStyle::SP_DirIcon,          QStyle::SP_FileDialogDetailedView, QStyle::SP_FileDialogInfoView,
        QStyle::SP_MediaPlay,        QStyle::SP_DialogApplyButton,      QStyle::SP_MessageBoxInformation,
        QStyle::SP_FileDialogListView, QStyle::SP_FileDialogContentsView};
    QWidget* panels[PageCount] = {m_modelPanel, m_calibrationPanel, m_settingsPanel, m_runView,
                                  m_evaluatePanel, m_testPanel, m_runsPanel, m_resultsPanel};
    for (int i = 0; i < PageCount; ++i) {
        new QListWidgetItem(style()->standardIcon(icons[i]), QString(), m_nav);
        m_pages->addWidget(panels[i]);
    }
    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        m_pages->setCurrentIndex(row);
        prefs::currentPage.setValue(row);
    });

    // First-run hint, above the pages.
    m_hint = new QFrame;
    m_hint->setObjectName(QStringLiteral("firstRunHint"));
    m_hint->setStyleSheet(QStringLiteral("QFrame#firstRunHint { background: #e8f0fe; border: 1px solid #aecbfa; border-radius: 4px; }"));
    m_hintText = new QLabel(m_hint);
    m_hintText->setWordWrap(true);
    m_hintClose = new QToolButton(m_hint);
    m_hintClose->setAutoRaise(true);
    m_hintClose->setText(QStringLiteral("✕"));
    auto* hintLayout = new QHBoxLayout(m_hint);
    hintLayout->addWidget(m_hintText, 1);
    hintLayout->addWidget(m_hintClose, 0, Qt::AlignTop);
    m_hint->hide();
    connect(m_hintClose, &QToolButton::clicked, this, [this] {
        m_hint->hide();
        prefs::hintDismissed.setValue(true);
    });

    // The Run button and why it is disabled, under every page.
    m_runButton = new QPushButton;
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_runButton->setMinimumWidth(160);
    m_runReason = new ProblemLabel;
    m_runReason->setObjectName(QStringLiteral("runReason"));
    auto* runBar = new QHBoxLayout;
    runBar->addWidget(m_runReason, 1);
    runBar->addWidget(m_runButton, 0, Qt::AlignRight);

    auto* right = new QVBoxLayout;
    right->addWidget(m_hint);
    right->addWidget(m_pages, 1);
    right->addLayout(runBar);
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    m_nav->setFixedWidth(220);
    layout->addWidget(m_nav);
    layout->addLayout(right, 1);
    setCentralWidget(central);

    m_runsFolderLabel = new QLabel;
    statusBar()->addPermanentWidget(m_runsFolderLabel);

    buildMenus();
    connect(m_runButton, &QPushButton::clicked, m_runAction, &QAction::trigger);

    // Wiring between pages.
    connect(m_modelPanel, &ModelPanel::modelChanged, this, [this](const QString& path) {
        const bool usable = m_modelPanel->loadProblem().isEmpty();
        m_calibrationPanel->setModelPath(usable ? path : QString());
        m_settingsPanel->setModelPath(path);
        if (usable) m_testPanel->setOriginalModel(path);
        if (usable) m_evaluatePanel->setDefaultOriginalModel(path);
        buildMenus();  // recent models
    });
    connect(m_settingsPanel, &QuantizeSettingsPanel::methodChanged, this,
            [this](const QString& method) { m_calibrationPanel->setRequired(method == QLatin1String("awq")); });
    connect(m_settingsPanel, &QuantizeSettingsPanel::presetChanged, m_calibrationPanel, &CalibrationPanel::setPreset);
    connect(m_modelPanel, &ModelPanel::readinessChanged, this, &MainWindow::updateRunState);
    connect(m_calibrationPanel, &CalibrationPanel::readinessChanged, this, &MainWindow::updateRunState);
    connect(m_settingsPanel, &QuantizeSettingsPanel::readinessChanged, this, &MainWindow::updateRunState);
    connect(m_testPanel, &TestPanel::readinessChanged, this, &MainWindow::updateRunState);
    connect(m_runner, &JobRunner::busyChanged, this, &MainWindow::updateRunState);
    connect(m_runner, &JobRunner::quantizeProgress, m_runView, &RunView::onProgress);
    connect(m_runner, &JobRunner::quantizeLog, m_runView, &RunView::onLog);
    connect(m_runner, &JobRunner::quantizeFinished, this, &MainWindow::onRunFinished);
    connect(m_runView, &RunView::cancelRequested, m_runner, &JobRunner::cancel);
    connect(m_runView, &RunView::testModelRequested, this, &MainWindow::testModel);
    connect(m_runsPanel, &RunsPanel::openRequested, this, &MainWindow::openRunRecord);
    connect(m_runsPanel, &RunsPanel::testRequested, this, &MainWindow::testModel);
    connect(m_runsPanel, &RunsPanel::runsChanged, m_testPanel, &TestPanel::setRuns);
    connect(m_runsPanel, &RunsPanel::runsChanged, m_evaluatePanel, &EvaluatePanel::setRuns);
    connect(m_evaluatePanel, &EvaluatePanel::readinessChanged, this, &MainWindow::updateRunState);
    connect(m_evaluatePanel, &EvaluatePanel::finished, this, &MainWindow::onEvaluationFinished);

    m_calibrationPanel->setRequired(m_settingsPanel->method() == QLatin1String("awq"));
    m_calibrationPanel->setPreset(m_settingsPanel->preset(), false);

    resize(1280, 820);
    restoreGeometry(prefs::windowGeometry.value());
    restoreState(prefs::windowState.value());
    const int page = prefs::currentPage.value();
    m_nav->setCurrentRow(page >= 0 && page < PageCount ? page : 0);
    retranslateUi();
    updateRunState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    if (!m_fileMenu) {
        m_fileMenu = menuBar()->addMenu(QString());
        m_openModelAction = m_fileMenu->addAction(QString(), this, [this] { m_modelPanel->browse(); });
        m_openModelAction->setShortcut(QKeySequence::Open);
        m_openDataAction = m_fileMenu->addAction(QString(), this, [this] {
            showPage(CalibrationPage);
            m_calibrationPanel->browseFile();
        });
        m_openDataAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        m_recentMenu = m_fileMenu->addMenu(QString());
        m_openDemoAction = m_fileMenu->addAction(QString(), this, &MainWindow::openDemo);
        m_fileMenu->addSeparator();
        m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
        m_quitAction->setShortcut(QKeySequence::Quit);

        m_runMenu = menuBar()->addMenu(QString());
        m_runAction = m_runMenu->addAction(QString(), this, [this] { startRun(); });
        m_runAction->setObjectName(QStringLiteral("runAction"));
        m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
        m_cancelAction = m_runMenu->addAction(QString(), m_runner, &JobRunner::cancel);
        m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
        m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
        m_generateAction = m_runMenu->addAction(QString(), this, [this] {
            showPage(TestPage);
            m_testPanel->generate();
        });
        m_generateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
        m_evaluateAction = m_runMenu->addAction(QString(), this, [this] {
            showPage(EvaluatePage);
            m_evaluatePanel->startEvaluation();
        });
        m_evaluateAction->setObjectName(QStringLiteral("evaluateAction"));
        m_evaluateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));

        m_viewMenu = menuBar()->addMenu(QString());
        for (int i = 0; i < PageCount; ++i) {
            QAction* a = m_viewMenu->addAction(QString(), this, [this, i] { showPage(Page(i)); });
            a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
            m_pageActions << a;
        }

        m_languageMenu = menuBar()->addMenu(QString());
        m_languageGroup = new QActionGroup(this);
        m_systemLanguageAction = m_languageMenu->addAction(QString());
        m_systemLanguageAction->setCheckable(true);
        m_systemLanguageAction->setData(QString());
        m_languageGroup->addAction(m_systemLanguageAction);
        m_languageMenu->addSeparator();
        for (const QString& code : language::available()) {
            QAction* a = m_languageMenu->addAction(language::nativeName(code));
            a->setCheckable(true);
            a->setData(code);
            a->setObjectName(QStringLiteral("language_") + code);
            m_languageGroup->addAction(a);
            m_languageActions << a;
        }
        const QString saved = prefs::language.value();
        for (QAction* a : m_languageGroup->actions())
            if (a->data().toString() == saved) a->setChecked(true);
        connect(m_languageGroup, &QActionGroup::triggered, this, [this](QAction* a) { setLanguage(a->data().toString()); });

        m_helpMenu = menuBar()->addMenu(QString());
        m_aboutAction = m_helpMenu->addAction(QString(), this, [this] {
            QMessageBox::about(this, tr("About MedAWQ Workbench"),
                               tr("MedAWQ Workbench %1\nQuantizes medical report-generation models to 4-bit AWQ and "
                                  "measures what it cost.\nRuns folder: %2\n\nOutputs are not for clinical use.")
                                   .arg(QCoreApplication::applicationVersion(), runsDirectory()));
        });
    }
    m_recentMenu->clear();
    for (const QString& dir : prefs::recentModels.value())
        m_recentMenu->addAction(dir, this, [this, dir] { openModel(dir); });
    m_recentMenu->setEnabled(!m_recentMenu->isEmpty());
}

void MainWindow::restoreSession() {
    if (m_firstRun) {
        openDemo();
        if (!prefs::hintDismissed.value()) m_hint->show();
        return;
    }
    const QString model = prefs::lastModel.value();
    if (!model.isEmpty()) m_modelPanel->openModel(model);
    const QString data = prefs::calibrationPath.value();
    if (!data.isEmpty()) m_calibrationPanel->setCalibrationFile(data);
}

void MainWindow::openDemo() {
    const QString model = demoModel(m_resourcesDir);
    m_modelPanel->openModel(model);
    // Settings that quantize the demo model on a laptop CPU in about a minute: 16 blocks of
    // 256 tokens from the report column, AWQ 4-bit, group 128 (BENCHMARKS.md).
    m_settingsPanel->setMethod(QStringLiteral("awq"));
    m_settingsPanel->setPreset(QStringLiteral("medawq"));
    m_settingsPanel->setBits(4);
    m_settingsPanel->setGroupSize(128);
    m_settingsPanel->setDevice(QStringLiteral("cpu"));
    m_calibrationPanel->setCalibrationFile(demoData(m_resourcesDir, "calibration.csv"));
    m_calibrationPanel->setPromptTemplateFile(QString());
    m_calibrationPanel->setTextColumns({QStringLiteral("text")});
    m_calibrationPanel->setSampling(500, 256, 16, 42);
    // A prompt the demo model was trained on: the template filled from the first eval row.
    try {
        const medawq::Table eval = medawq::readTable(demoData(m_resourcesDir, "eval.csv").toStdString(), 1);
        const medawq::PromptTemplate tpl = medawq::loadPromptTemplate(demoData(m_resourcesDir, "prompt.txt").toStdString());
        if (!eval.rows.empty()) m_testPanel->setPrompt(QString::fromStdString(tpl.fill(eval, 0)));
    } catch (const std::exception&) {
        // The demo data is optional in an install; the Test page then starts with an empty prompt.
    }
    m_testPanel->setMaxNewTokens(128);
    m_testPanel->setModel(model);
    m_evaluatePanel->useDemo();
    showPage(ModelPage);
}

void MainWindow::openModel(const QString& dir) {
    m_modelPanel->openModel(dir);
    showPage(ModelPage);
}

void MainWindow::showPage(Page page) { m_nav->setCurrentRow(int(page)); }

bool MainWindow::openResultsRun(const QString& runDir) {
    const bool ok = m_resultsPanel->openRun(runDir);
    showPage(ResultsPage);
    return ok;
}
MainWindow::Page MainWindow::currentPage() const { return Page(m_nav->currentRow()); }
bool MainWindow::isHintVisible() const { return !m_hint->isHidden(); }
QString MainWindow::runBlockedReason() const { return m_blockedReason; }

void MainWindow::setLanguage(const QString& code) {
    prefs::language.setValue(code);
    language::apply(code.isEmpty() ? language::fromSystemLocale() : code);
    for (QAction* a : m_languageGroup->actions()) a->setChecked(a->data().toString() == code);
}

QString MainWindow::pageTitle(Page page) const {
    switch (page) {
    case ModelPage: return tr("Model");
    case CalibrationPage: return tr("Calibration data");
    case SettingsPage: return tr("Quantization settings");
    case RunPage: return tr("Run");
    case EvaluatePage: return tr("Evaluate");
    case TestPage: return tr("Test");
    case RunsPage: return tr("Runs");
    case ResultsPage: return tr("Results");
    case PageCount: break;
    }
    return {};
}

void MainWindow::updateRunState() {
    QString reason;
    bool waiting = false;
    if (m_runner->currentJob() == JobRunner::Job::Quantize) {
        reason = tr("A quantization is running (Run page).");
        waiting = true;
    } else if (m_runner->currentJob() == JobRunner::Job::Generate) {
        reason = tr("A report is being generated (Test page).");
        waiting = true;
    } else if (m_runner->currentJob() == JobRunner::Job::Evaluate) {
        reason = tr("An evaluation is running (Evaluate page).");
        waiting = true;
    } else {
        const std::pair<Page, QString> checks[] = {{ModelPage, m_modelPanel->problem()},
                                                   {CalibrationPage, m_calibrationPanel->problem()},
                                                   {SettingsPage, m_settingsPanel->problem()}};
        for (const auto& [page, problem] : checks) {
            if (problem.isEmpty()) continue;
            reason = tr("%1: %2").arg(pageTitle(page), problem);
            waiting = (page == ModelPage && m_modelPanel->isInspecting()) ||
                      (page == CalibrationPage && m_calibrationPanel->isBusy());
            break;
        }
    }
    m_blockedReason = reason;
    m_runAction->setEnabled(reason.isEmpty());
    m_runButton->setEnabled(reason.isEmpty());
    m_runReason->setProblem(reason, waiting ? ProblemLabel::Kind::Note : ProblemLabel::Kind::Problem);
    m_cancelAction->setEnabled(m_runner->isBusy());
    m_generateAction->setEnabled(m_testPanel->problem().isEmpty() && !m_runner->isBusy());
    m_evaluateAction->setEnabled(m_evaluatePanel->problem().isEmpty());
}

bool MainWindow::startRun() {
    updateRunState();
    if (!m_runAction->isEnabled()) return false;
    medawq::QuantizeParams p;
    medawq::applyPreset(p, m_settingsPanel->preset().toStdString());
    p.modelPath = m_modelPanel->modelPath().toStdString();
    m_calibrationPanel->fillParams(p);
    m_settingsPanel->fillParams(p);
    const QString output = QString::fromStdString(p.outputPath);
    const QString log = logsDirectory() + QLatin1Char('/') + QFileInfo(output).fileName() + QStringLiteral(".log");
    if (!m_runner->startQuantize(p, log)) return false;
    m_runView->startLive(p, log);
    showPage(RunPage);
    m_hint->hide();
    statusBar()->showMessage(tr("Quantizing %1…").arg(m_modelPanel->modelPath()));
    return true;
}

void MainWindow::onRunFinished(const QuantizeOutcome& outcome) {
    m_runView->onFinished(outcome);
    switch (outcome.status) {
    case JobStatus::Succeeded:
        statusBar()->showMessage(tr("Saved %1 (%2)").arg(outcome.outputPath, formatSeconds(outcome.wallSeconds)));
        // The rest waits for the next turns of the event loop, so that no single turn is long.
        QTimer::singleShot(0, m_settingsPanel, &QuantizeSettingsPanel::suggestOutputFolder);
        QTimer::singleShot(0, m_runsPanel, [this, folder = outcome.outputPath] {
            m_runsPanel->refresh();
            m_runsPanel->selectRun(folder);
        });
        break;
    case JobStatus::Cancelled: statusBar()->showMessage(tr("Run cancelled; nothing was written.")); break;
    case JobStatus::Failed: statusBar()->showMessage(tr("Run failed: %1").arg(outcome.error)); break;
    }
    updateRunState();
    QTimer::singleShot(0, this, [this, outcome] { Q_EMIT runFinished(outcome); });
}

void MainWindow::onEvaluationFinished(const EvaluationOutcome& outcome) {
    switch (outcome.status) {
    case JobStatus::Succeeded:
        statusBar()->showMessage(tr("Evaluation saved in %1 (%2)").arg(outcome.runDir, formatSeconds(outcome.wallSeconds)));
        openEvaluationRun(outcome.runDir);
        break;
    case JobStatus::Cancelled: statusBar()->showMessage(tr("Evaluation cancelled; nothing was written.")); break;
    case JobStatus::Failed: statusBar()->showMessage(tr("Evaluation failed: %1").arg(outcome.error)); break;
    }
    updateRunState();
    if (outcome.status == JobStatus::Succeeded)
        QTimer::singleShot(0, this, [this, dir = outcome.runDir] { Q_EMIT evaluationRunFinished(dir); });
}

// A finished evaluation opens in the comparison view (the Results page); the Runs page lists
// it, selected, for the way back. (One reopened from the Runs page is listed already.)
void MainWindow::openEvaluationRun(const QString& runDir) {
    m_runsPanel->refresh();
    m_runsPanel->selectRun(runDir);  // once the refresh has listed it
    openResultsRun(runDir);
}

void MainWindow::openRunRecord(const RunRecord& record) {
    if (record.isEvaluation()) {
        openResultsRun(record.folder);
        return;
    }
    if (m_runner->currentJob() == JobRunner::Job::Quantize) {
        statusBar()->showMessage(tr("A run is in progress; open finished runs when it ends."), 5000);
        return;
    }
    m_runView->showRecord(record);
    showPage(RunPage);
}

void MainWindow::testModel(const QString& folder) {
    m_testPanel->setModel(folder);
    showPage(TestPage);
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        statusBar()->clearMessage();  // said in the previous language
        retranslateUi();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_runner->currentJob() == JobRunner::Job::Quantize &&
        QMessageBox::question(this, tr("Quit"), tr("A quantization is running. Cancel it and quit?")) != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    if (m_runner->currentJob() == JobRunner::Job::Evaluate &&
        QMessageBox::question(this, tr("Quit"), tr("An evaluation is running. Cancel it and quit?")) != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    prefs::windowGeometry.setValue(saveGeometry());
    prefs::windowState.setValue(saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::retranslateUi() {
    setWindowTitle(tr("MedAWQ Workbench"));
    for (int i = 0; i < PageCount; ++i) {
        m_nav->item(i)->setText(pageTitle(Page(i)));
        m_pageActions[i]->setText(pageTitle(Page(i)));
    }
    m_hintText->setText(tr("Welcome. This is the demo model (a 10-million-parameter report writer) with its synthetic "
                           "calibration reports, set up to quantize in about a minute on a laptop CPU. Press Run "
                           "(Ctrl+R) to watch the five stages, then try the result on the Test page. Open your own "
                           "model with Ctrl+O."));
    m_hintClose->setToolTip(tr("Hide this hint"));
    m_runButton->setText(tr("&Run quantization"));
    m_runButton->setToolTip(tr("Quantize with the choices on the first three pages (Ctrl+R)"));
    m_runsFolderLabel->setText(tr("Runs folder: %1").arg(runsDirectory()));

    m_fileMenu->setTitle(tr("&File"));
    m_openModelAction->setText(tr("&Open model folder…"));
    m_openDataAction->setText(tr("Open &calibration data…"));
    m_recentMenu->setTitle(tr("&Recent models"));
    m_openDemoAction->setText(tr("Open the &demo model"));
    m_quitAction->setText(tr("&Quit"));
    m_runMenu->setTitle(tr("&Run"));
    m_runAction->setText(tr("&Run quantization"));
    m_cancelAction->setText(tr("&Cancel"));
    m_generateAction->setText(tr("&Generate a test report"));
    m_evaluateAction->setText(tr("&Evaluate"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguageAction->setText(tr("System language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About MedAWQ Workbench"));
    updateRunState();
}

}  // namespace medawq::ui
