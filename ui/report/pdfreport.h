// The experiment report as a PDF: an A4 document written with QPdfWriter, text and tables laid
// out by QTextDocument, the charts drawn by QCustomPlot as vector graphics on the same painter,
// a "not for clinical use" footer with page numbers on every page, and the run's results.json
// attached as an embedded file. Chinese text uses Noto Sans CJK SC when the UI language is
// Chinese. Needs a QApplication (QCustomPlot is a widget); offscreen is enough.
//
//   medawq::report::PdfReport pdf(run, options);
//   if (!pdf.write("report.pdf", &error)) ...;   pdf.pageCount();
#pragma once

#include "experimentreport.h"

#include <QCoreApplication>
#include <QFont>
#include <QString>

namespace medawq::report {

class PdfReport {
    Q_DECLARE_TR_FUNCTIONS(PdfReport)
public:
    PdfReport(const EvaluationRun& run, const ReportOptions& options);

    bool write(const QString& path, QString* error);
    int pageCount() const { return m_pages; }

    // The font of the report and its charts for the current UI language.
    static QFont documentFont();

private:
    ExperimentReport m_report;
    int m_pages = 0;
};

}  // namespace medawq::report
