// The content of the experiment report, built once from a run and written three ways (PDF via
// HTML in QTextDocument, Markdown, CSV): title and dates, machine and software, the evaluation
// data, the models with their calibration data and per-stage quantization times (from each
// quantized model's quantization_info.json), the metrics table (three decimals, signed changes
// against the original model), the charts, and a chosen number of case comparisons, largest drop
// first. Strings follow the UI language (tr()).
#pragma once

#include "chartdata.h"
#include "evaluationrun.h"

#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace medawq::report {

struct ReportTable {
    QStringList header;
    QList<QStringList> rows;
};

struct ReportSection {
    QString heading;
    QStringList lines;            // plain text paragraphs ("Label: value")
    QList<ReportTable> tables;
};

struct ReportOptions {
    int caseCount = 5;            // case comparisons (0 = none)
    int comparedModel = 1;        // the model the diffs and drops are measured for
    QString generatedAt;          // "" = now
    // Reads a case's X-ray for the case comparisons (MedGemma runs). Empty: Qt's own readers
    // (PNG, JPEG); the workbench and medawq-report pass the core's, which also reads DICOM.
    std::function<QImage(const QString& path)> loadImage;
};

// A case's image for the case comparisons, under the name its <img> tag uses.
struct CaseImage {
    int caseIndex = -1;
    QString resource;             // "case-image-<index>"
    QImage image;                 // scaled down for the page
};

class ExperimentReport {
    Q_DECLARE_TR_FUNCTIONS(ExperimentReport)
public:
    ExperimentReport(const EvaluationRun& run, const ReportOptions& options);

    const EvaluationRun& run() const { return m_run; }
    QString title() const;
    QString subtitle() const;
    const QList<ReportSection>& sections() const { return m_sections; }
    const QList<ChartData>& charts() const { return m_charts; }
    const QList<int>& cases() const { return m_cases; }
    static QString notForClinicalUse();

    // The metrics table: one row per metric (and speed, memory, size), one column per model;
    // quantized models' values carry their signed change, e.g. "0.600 (-0.300)".
    ReportTable metricsTable() const;
    static QString tableHtml(const ReportTable& table);  // as the PDF draws it
    // One case's scores: per metric, each model's score and the compared model's change.
    ReportTable caseScores(int caseIndex) const { return caseScores(m_run, caseIndex, m_options.comparedModel); }
    // The same from the run alone (the Results page shows it per case: no whole report needed).
    static ReportTable caseScores(const EvaluationRun& run, int caseIndex, int comparedModel);
    QStringList caseFindings(int caseIndex) const;

    // HTML for QTextDocument: everything before the charts, then the case comparisons (with the
    // images given, which the document must hold as resources under their names).
    QString htmlBeforeCharts() const;
    QString htmlCases(const QList<CaseImage>& images = {}) const;
    // The chosen cases' images that could be read (decoded now: call once per document).
    QList<CaseImage> caseImages() const;
    // Markdown; `chartImages` are file names (relative to the .md file) of the charts, in order.
    QString markdown(const QStringList& chartImages) const;
    // Long-format CSV: section, item, model, value, low, high, change_vs_original.
    QString csv() const;

private:
    void build();

    const EvaluationRun& m_run;
    ReportOptions m_options;
    QList<ReportSection> m_sections;
    QList<ChartData> m_charts;
    QList<int> m_cases;
};

// "0.600", "+0.012", "-0.300" (ASCII signs: searchable in the PDF text), "–" for NaN.
QString formatScore(double v);
QString formatDelta(double v);

}  // namespace medawq::report
