// Draws a ChartData into a QCustomPlot (grouped bars with error bars, or a scatter with point
// labels), shows the values under the mouse as a tool tip, and exports a chart as PNG, SVG or
// PDF. The PDF report draws the same plots as vector graphics (QCustomPlot::toPainter).
#pragma once

#include "chartdata.h"

#include <QCoreApplication>
#include <QFont>
#include <QString>
#include <QStringList>

class QCustomPlot;

namespace medawq::report {

// Clears `plot` and draws `data`. `font` sets the axis and legend text (a CJK family for
// Chinese). Also installs the hover tool tip (once per plot).
void drawChart(QCustomPlot* plot, const ChartData& data, const QFont& font = QFont());

// The text the hover tool tip shows for a point: "AWQ W4 g128, Label F1 micro: 0.600 (0.290-0.910)".
QString pointText(const ChartData& data, int series, int point);

class ChartExport {
    Q_DECLARE_TR_FUNCTIONS(ChartExport)
public:
    // "png", "svg" (when built with Qt SVG), "pdf".
    static QStringList formats();
    // Format from the file's suffix; the plot at width x height (PNG at twice the pixels).
    static bool save(QCustomPlot* plot, const QString& path, int width, int height, QString* error);
};

}  // namespace medawq::report
