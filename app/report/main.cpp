// medawq-report: the experiment report of an evaluation run without the workbench, for headless
// servers (`medawq report ...` runs this program). The same code as the Results page's Export tab.
//
//   medawq-report --run evaluation_results --pdf report.pdf [--markdown report.md] [--csv report.csv]
//                 [--cases 5] [--compare "AWQ W4 g128"] [--lang en|zh_CN]
#include "evaluationrun.h"
#include "language.h"
#include "pdfreport.h"
#include "reportexport.h"
#include "xrayimage.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

namespace {

int fail(const QString& message) {
    std::fprintf(stderr, "error: %s\n", qPrintable(message));
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    // No display on a server: draw offscreen (QCustomPlot needs a QApplication, not a screen).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("medawq-report"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDAWQ_REPORT_VERSION));

    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("The experiment report (PDF, Markdown, CSV) of a MedAWQ evaluation run"));
    cli.addHelpOption();
    cli.addVersionOption();
    const QCommandLineOption run({QStringLiteral("run")}, QStringLiteral("Evaluation run folder (holds results.json)"), QStringLiteral("DIR"));
    const QCommandLineOption pdf({QStringLiteral("pdf")}, QStringLiteral("Write the PDF report here"), QStringLiteral("OUT.pdf"));
    const QCommandLineOption markdown({QStringLiteral("markdown")}, QStringLiteral("Write the Markdown report here (charts as PNG next to it)"),
                                      QStringLiteral("OUT.md"));
    const QCommandLineOption csv({QStringLiteral("csv")}, QStringLiteral("Write the figures as CSV here"), QStringLiteral("OUT.csv"));
    const QCommandLineOption cases({QStringLiteral("cases")}, QStringLiteral("Case comparisons to include, largest drop first (default 5)"),
                                   QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption compare({QStringLiteral("compare")},
                                     QStringLiteral("The model compared with the original (label, default the first quantized one)"),
                                     QStringLiteral("LABEL"));
    const QCommandLineOption lang({QStringLiteral("lang")}, QStringLiteral("Report language: en or zh_CN (default: the system's)"),
                                  QStringLiteral("CODE"));
    cli.addOptions({run, pdf, markdown, csv, cases, compare, lang});
    cli.process(app);

    if (!cli.isSet(run)) return fail(QStringLiteral("--run DIR is required"));
    if (!cli.isSet(pdf) && !cli.isSet(markdown) && !cli.isSet(csv)) return fail(QStringLiteral("nothing to write: give --pdf, --markdown or --csv"));
    const QString code = cli.isSet(lang) ? cli.value(lang) : medawq::ui::language::fromSystemLocale();
    if (!medawq::ui::language::apply(code))
        return fail(QStringLiteral("--lang %1: unknown language (use %2)").arg(code, medawq::ui::language::available().join(QStringLiteral(", "))));

    QString error;
    const auto evaluation = medawq::report::EvaluationRun::load(cli.value(run), &error);
    if (!evaluation) return fail(error);
    medawq::report::ReportOptions options;
    options.loadImage = medawq::ui::readXRay;  // the cases' X-rays, DICOM included
    bool ok = false;
    options.caseCount = cli.value(cases).toInt(&ok);
    if (!ok || options.caseCount < 0) return fail(QStringLiteral("--cases %1: not a count").arg(cli.value(cases)));
    if (cli.isSet(compare)) {
        options.comparedModel = evaluation->modelIndex(cli.value(compare));
        if (options.comparedModel < 0) return fail(QStringLiteral("--compare %1: no such model in the run").arg(cli.value(compare)));
    }

    if (cli.isSet(pdf)) {
        medawq::report::PdfReport report(*evaluation, options);
        if (!report.write(cli.value(pdf), &error)) return fail(error);
        std::printf("%s (%d pages)\n", qPrintable(cli.value(pdf)), report.pageCount());
    }
    if (cli.isSet(markdown)) {
        if (!medawq::report::ReportExport::writeMarkdown(*evaluation, options, cli.value(markdown), &error)) return fail(error);
        std::printf("%s\n", qPrintable(cli.value(markdown)));
    }
    if (cli.isSet(csv)) {
        if (!medawq::report::ReportExport::writeCsv(*evaluation, options, cli.value(csv), &error)) return fail(error);
        std::printf("%s\n", qPrintable(cli.value(csv)));
    }
    return 0;
}
