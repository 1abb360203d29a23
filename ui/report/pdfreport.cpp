#include "pdfreport.h"

#include "chartplot.h"
#include "pdfattachment.h"

#include <QAbstractTextDocumentLayout>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include <qcustomplot.h>

#include <memory>

namespace medawq::report {

namespace {

// Device units are 96 per inch, as on screen, so that QCustomPlot lays out its charts for the
// PDF exactly as for the Charts tab (its pens and marker sizes are in pixels).
constexpr int kResolution = 96;
constexpr int kChartsPerPage = 2;

std::unique_ptr<QTextDocument> makeDocument(const QString& html, const QFont& font, QPdfWriter& writer, const QSizeF& page,
                                            const QList<CaseImage>& images = {}) {
    auto doc = std::make_unique<QTextDocument>();
    for (const CaseImage& i : images) doc->addResource(QTextDocument::ImageResource, QUrl(i.resource), QVariant(i.image));
    doc->documentLayout()->setPaintDevice(&writer);
    doc->setDefaultFont(font);
    doc->setDefaultStyleSheet(QStringLiteral("h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 12px; } "
                                             "h3 { font-size: 11pt; margin-top: 10px; } p { margin: 2px 0; }"));
    doc->setDocumentMargin(0);
    doc->setPageSize(page);
    doc->setHtml(html);
    return doc;
}

}  // namespace

PdfReport::PdfReport(const EvaluationRun& run, const ReportOptions& options) : m_report(run, options) {}

QFont PdfReport::documentFont() {
    QFont font(QLocale().language() == QLocale::Chinese ? QStringLiteral("Noto Sans CJK SC") : QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(9);
    // No ligatures: "fi" stays two letters, so that text copied or extracted from the PDF
    // (pdftotext, a search) matches what was written.
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

bool PdfReport::write(const QString& path, QString* error) {
    m_pages = 0;
    QFile::remove(path);
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter);
    writer.setResolution(kResolution);
    writer.setTitle(m_report.title() + QStringLiteral(" – ") + m_report.subtitle());
    writer.setCreator(QStringLiteral("MedAWQ %1").arg(QStringLiteral(MEDAWQ_REPORT_VERSION)));

    const QFont font = documentFont();
    const int width = writer.width();
    const int footerHeight = QFontMetrics(font, &writer).height() * 2;
    const QSizeF body(width, writer.height() - footerHeight);

    auto head = makeDocument(m_report.htmlBeforeCharts(), font, writer, body);
    const QList<CaseImage> images = m_report.caseImages();
    auto cases = makeDocument(m_report.htmlCases(images), font, writer, body, images);
    const int chartPages = (m_report.charts().size() + kChartsPerPage - 1) / kChartsPerPage;
    const int casePages = m_report.cases().isEmpty() ? 0 : cases->pageCount();
    const int total = head->pageCount() + chartPages + casePages;

    QCPPainter painter;
    if (!painter.begin(&writer)) {
        if (error) *error = tr("%1: cannot be written").arg(path);
        return false;
    }
    painter.setFont(font);
    auto footer = [&] {
        QFont small = font;
        small.setPointSizeF(7.5);
        painter.save();
        painter.setFont(small);
        painter.setPen(Qt::darkGray);
        const QRectF area(0, body.height() + footerHeight * 0.25, width, footerHeight * 0.75);
        painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, ExperimentReport::notForClinicalUse());
        painter.drawText(area, Qt::AlignRight | Qt::AlignVCenter, tr("Page %1 of %2").arg(m_pages).arg(total));
        painter.restore();
    };
    auto newPage = [&] {
        if (m_pages > 0) writer.newPage();
        ++m_pages;
    };
    auto drawDocument = [&](QTextDocument& doc) {
        for (int p = 0; p < doc.pageCount(); ++p) {
            newPage();
            painter.save();
            painter.translate(0, -p * body.height());
            doc.drawContents(&painter, QRectF(0, p * body.height(), body.width(), body.height()));
            painter.restore();
            footer();
        }
    };

    drawDocument(*head);

    // Charts: vector graphics, two to a page.
    QCustomPlot plot;
    plot.setAttribute(Qt::WA_DontShowOnScreen);
    const int chartHeight = int(body.height() / kChartsPerPage) - 24;
    plot.resize(width, chartHeight);
    for (int i = 0; i < m_report.charts().size(); ++i) {
        if (i % kChartsPerPage == 0) newPage();
        drawChart(&plot, m_report.charts()[i], font);
        painter.save();
        painter.translate(0, (i % kChartsPerPage) * (body.height() / kChartsPerPage));
        plot.toPainter(&painter, width, chartHeight);
        painter.restore();
        if (i % kChartsPerPage == kChartsPerPage - 1 || i + 1 == m_report.charts().size()) footer();
    }

    if (casePages > 0) drawDocument(*cases);
    if (!painter.end()) {
        if (error) *error = tr("%1: cannot be written").arg(path);
        return false;
    }

    // The run's figures travel with the report.
    QFile results(QDir(m_report.run().directory).filePath(QStringLiteral("results.json")));
    if (!results.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("%1: cannot be read").arg(results.fileName());
        return false;
    }
    return PdfAttachment::attach(path, QStringLiteral("results.json"), results.readAll(), QStringLiteral("application/json"),
                                 tr("The evaluation run's results.json"), error);
}

}  // namespace medawq::report
