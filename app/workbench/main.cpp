// medawq-workbench: the desktop GUI. The first run opens on the demo model; later runs on the
// last session's model and data, or on the model folder given as the argument.
#include "language.h"
#include "mainwindow.h"
#include "preferences.h"
#include "screenshottour.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace {

// The source tree's resources/ when run from a build, share/medawq when installed.
QString resourcesDirectory() {
    const QString built = QStringLiteral(MEDAWQ_RESOURCES_DIR);
    if (QFileInfo::exists(built + QStringLiteral("/demo/model"))) return built;
    return QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../share/medawq"));
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MedAWQ"));
    QApplication::setApplicationName(QStringLiteral("MedAWQ Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(MEDAWQ_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Quantize medical report-generation models to 4-bit AWQ."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("Model folder to open (optional)."));
    QCommandLineOption languageOption(QStringLiteral("language"), QStringLiteral("UI language: en or zh_CN."),
                                      QStringLiteral("code"));
    parser.addOption(languageOption);
    // Visits every page in both languages and saves each as a PNG (packaging/screenshots).
    QCommandLineOption screenshots(QStringLiteral("screenshot-dir"), QStringLiteral("Save screenshots here and quit."),
                                   QStringLiteral("dir"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshots);
    parser.process(app);

    if (parser.isSet(screenshots)) return medawq::ui::runScreenshotTour(parser.value(screenshots), resourcesDirectory());

    namespace language = medawq::ui::language;
    QString code = parser.value(languageOption);
    if (code.isEmpty()) code = medawq::ui::prefs::language.value();
    if (code.isEmpty()) code = language::fromSystemLocale();
    language::apply(code);

    medawq::ui::MainWindow window(resourcesDirectory());
    window.restoreSession();
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty()) window.openModel(args.first());
    window.show();
    return app.exec();
}
