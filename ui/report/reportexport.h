// The experiment report as Markdown (with the charts as PNG files in a folder next to it) and as
// CSV, the same content as the PDF for people who paste figures into their own documents.
#pragma once

#include "experimentreport.h"

#include <QCoreApplication>
#include <QString>

namespace medawq::report {

class ReportExport {
    Q_DECLARE_TR_FUNCTIONS(ReportExport)
public:
    // OUT.md plus OUT_charts/NN-<kind>.png (needs a QApplication for the charts).
    static bool writeMarkdown(const EvaluationRun& run, const ReportOptions& options, const QString& path, QString* error);
    static bool writeCsv(const EvaluationRun& run, const ReportOptions& options, const QString& path, QString* error);
};

}  // namespace medawq::report
