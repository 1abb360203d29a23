#include "reportexport.h"

#include "chartplot.h"
#include "pdfreport.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <qcustomplot.h>

namespace medawq::report {

namespace {

bool writeText(const QString& path, const QString& text, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit()) {
        if (error) *error = ReportExport::tr("%1: cannot be written (%2)").arg(path, f.errorString());
        return false;
    }
    return true;
}

const char* kindName(ChartData::Kind k) {
    switch (k) {
        case ChartData::Kind::MetricBars: return "f1";
        case ChartData::Kind::PrefillSpeed: return "prefill";
        case ChartData::Kind::DecodeSpeed: return "decode";
        case ChartData::Kind::Memory: return "memory";
        case ChartData::Kind::CaseScatter: return "cases";
        case ChartData::Kind::QualitySpeed: return "quality-speed";
    }
    return "chart";
}

}  // namespace

bool ReportExport::writeMarkdown(const EvaluationRun& run, const ReportOptions& options, const QString& path, QString* error) {
    const ExperimentReport report(run, options);
    const QFileInfo info(path);
    const QString chartDirName = info.completeBaseName() + QStringLiteral("_charts");
    const QString chartDir = QDir(info.absolutePath()).filePath(chartDirName);
    if (!QDir().mkpath(chartDir)) {
        if (error) *error = tr("%1: cannot be created").arg(chartDir);
        return false;
    }
    QCustomPlot plot;
    plot.setAttribute(Qt::WA_DontShowOnScreen);
    plot.resize(800, 420);
    QStringList images;
    for (int i = 0; i < report.charts().size(); ++i) {
        const QString name = QStringLiteral("%1-%2.png").arg(i + 1, 2, 10, QLatin1Char('0')).arg(QLatin1String(kindName(report.charts()[i].kind)));
        drawChart(&plot, report.charts()[i], PdfReport::documentFont());
        if (!ChartExport::save(&plot, QDir(chartDir).filePath(name), 800, 420, error)) return false;
        images << chartDirName + QLatin1Char('/') + name;
    }
    return writeText(path, report.markdown(images), error);
}

bool ReportExport::writeCsv(const EvaluationRun& run, const ReportOptions& options, const QString& path, QString* error) {
    return writeText(path, ExperimentReport(run, options).csv(), error);
}

}  // namespace medawq::report
