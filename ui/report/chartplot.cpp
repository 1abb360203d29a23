#include "chartplot.h"

#include <QFileInfo>
#include <QSharedPointer>
#include <QToolTip>

#include <qcustomplot.h>

#ifdef MEDAWQ_HAVE_SVG
#include <QSvgGenerator>
#endif

#include <cmath>

namespace medawq::report {

namespace {

// Colours that stay apart in print and for red-green colour blindness (Okabe-Ito).
const QColor kPalette[] = {QColor(0, 114, 178), QColor(230, 159, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                           QColor(86, 180, 233), QColor(213, 94, 0), QColor(120, 120, 120)};
QColor colour(int i) { return kPalette[i % int(std::size(kPalette))]; }

// What a plot shows, kept as the plot's child so that the hover tool tip and a redraw find it.
struct PlotState : QObject {
    explicit PlotState(QCustomPlot* plot) : QObject(plot) { setObjectName(QStringLiteral("medawq-chart-state")); }
    ChartData data;
    QMap<QCPAbstractPlottable*, int> seriesOf;
    QCPTextElement* title = nullptr;
};

QString number(double v) { return qIsNaN(v) ? QStringLiteral("–") : QString::number(v, 'f', std::fabs(v) >= 100 ? 1 : 3); }

void styleAxes(QCustomPlot* plot, const QFont& font) {
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTickLabelFont(font);
        axis->setLabelFont(font);
    }
    plot->legend->setFont(font);
}

void installHover(QCustomPlot* plot, PlotState* state) {
    QObject::connect(plot, &QCustomPlot::mouseMove, state, [plot, state](QMouseEvent* event) {
        int index = -1;
        QCPAbstractPlottable* p = plot->plottableAt(event->position(), false, &index);
        if (!p || !state->seriesOf.contains(p) || index < 0) {
            QToolTip::hideText();
            return;
        }
        const int series = state->seriesOf.value(p);
        // Bars skip unmeasured values: map the plottable's data index back to the series' point.
        int point = index;
        QCPAbstractPlottable* data = p;
        if (auto* errors = qobject_cast<QCPErrorBars*>(p)) data = errors->dataPlottable();
        if (auto* bars = qobject_cast<QCPBars*>(data)) point = int(std::lround(bars->data()->at(index)->key));
        QToolTip::showText(event->globalPosition().toPoint(), pointText(state->data, series, point), plot);
    });
}

PlotState* stateOf(QCustomPlot* plot) {
    if (auto* existing = plot->findChild<QObject*>(QStringLiteral("medawq-chart-state"), Qt::FindDirectChildrenOnly))
        return static_cast<PlotState*>(existing);
    auto* state = new PlotState(plot);
    state->title = new QCPTextElement(plot);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, state->title);
    installHover(plot, state);
    return state;
}

void drawBars(QCustomPlot* plot, const ChartData& d, PlotState& pd) {
    const int n = d.series.size();
    auto* group = new QCPBarsGroup(plot);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(2);
    const double width = n > 0 ? 0.8 / n : 0.8;
    double top = 0;
    for (int i = 0; i < n; ++i) {
        const ChartSeries& s = d.series[i];
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(s.name);
        bars->setWidth(width);
        bars->setBrush(colour(i));
        bars->setPen(QPen(colour(i).darker(130)));
        bars->setBarsGroup(group);
        QVector<double> x, y;
        for (int k = 0; k < s.y.size(); ++k) {
            if (qIsNaN(s.y[k])) continue;  // not measured: no bar, rather than a zero bar
            x.append(s.x[k]);
            y.append(s.y[k]);
            top = std::max(top, s.y[k]);
        }
        bars->setData(x, y, true);
        pd.seriesOf.insert(bars, i);
        if (!s.low.isEmpty()) {
            auto* errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
            errors->removeFromLegend();
            errors->setDataPlottable(bars);
            pd.seriesOf.insert(errors, i);  // the whisker runs through the bar: hovering finds it first
            QVector<double> minus, plus;
            for (int k = 0; k < s.y.size(); ++k) {
                if (qIsNaN(s.y[k])) continue;
                const double lo = s.low.value(k), hi = s.high.value(k);
                minus.append(qIsNaN(lo) ? 0 : std::max(0.0, s.y[k] - lo));
                plus.append(qIsNaN(hi) ? 0 : std::max(0.0, hi - s.y[k]));
                if (!qIsNaN(hi)) top = std::max(top, hi);
            }
            errors->setData(minus, plus);
            errors->setPen(QPen(Qt::black));
            errors->setWhiskerWidth(6);
            errors->setSymbolGap(0);  // the bar has no marker: the whisker line is unbroken
        }
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int c = 0; c < d.categories.size(); ++c) ticker->addTick(c, d.categories[c]);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setSubTicks(false);
    plot->xAxis->setTickLength(0, 4);
    plot->xAxis->grid()->setVisible(false);  // a grid line through the middle bar reads as an error bar
    plot->xAxis->setRange(-0.6, d.categories.size() - 0.4);
    plot->yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
}

void drawScatter(QCustomPlot* plot, const ChartData& d, PlotState& pd) {
    double xmin = qInf(), xmax = -qInf(), ymin = qInf(), ymax = -qInf();
    for (int i = 0; i < d.series.size(); ++i) {
        const ChartSeries& s = d.series[i];
        QCPGraph* g = plot->addGraph();
        g->setName(s.name);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour(i), 8));
        g->setData(s.x, s.y);
        pd.seriesOf.insert(g, i);
        for (int k = 0; k < s.x.size(); ++k) {
            xmin = std::min(xmin, s.x[k]), xmax = std::max(xmax, s.x[k]);
            ymin = std::min(ymin, s.y[k]), ymax = std::max(ymax, s.y[k]);
            if (d.kind == ChartData::Kind::QualitySpeed) {
                // A bits/group-size sweep reads at a glance when each point names its model.
                auto* label = new QCPItemText(plot);
                label->position->setCoords(s.x[k], s.y[k]);
                label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
                label->setText(s.pointLabels.value(k));
                label->setFont(plot->xAxis->tickLabelFont());
                label->setPadding(QMargins(6, 0, 0, 4));
            }
        }
    }
    if (xmin > xmax) xmin = 0, xmax = 1, ymin = 0, ymax = 1;
    if (d.diagonal) {
        // Scores: the unit square, with y = x; points under the line are cases the second model lost.
        const double lo = std::min({0.0, xmin, ymin}), hi = std::max({1.0, xmax, ymax});
        auto* line = new QCPItemStraightLine(plot);
        line->point1->setCoords(lo, lo);
        line->point2->setCoords(hi, hi);
        line->setPen(QPen(Qt::gray, 1, Qt::DashLine));
        plot->xAxis->setRange(lo - 0.05, hi + 0.05);
        plot->yAxis->setRange(lo - 0.05, hi + 0.05);
    } else {
        const double dx = std::max(1e-9, xmax - xmin) * 0.2 + (xmax == xmin ? std::fabs(xmax) * 0.2 + 1 : 0);
        const double dy = std::max(1e-9, ymax - ymin) * 0.2 + (ymax == ymin ? 0.05 : 0);
        plot->xAxis->setRange(std::max(0.0, xmin - dx), xmax + dx * 1.5);
        plot->yAxis->setRange(ymin - dy, ymax + dy);
    }
}

}  // namespace

QString pointText(const ChartData& d, int series, int point) {
    const ChartSeries& s = d.series.value(series);
    if (point < 0 || point >= s.y.size()) return {};
    if (d.style == ChartData::Style::Bars) {
        QString text = QStringLiteral("%1, %2: %3").arg(s.name, d.categories.value(point), number(s.y[point]));
        if (point < s.low.size() && !qIsNaN(s.low[point]))
            text += QStringLiteral(" (%1–%2)").arg(number(s.low[point]), number(s.high[point]));
        return text;
    }
    return QStringLiteral("%1: %2 = %3, %4 = %5").arg(s.pointLabels.value(point), d.xLabel, number(s.x[point]), d.yLabel,
                                                     number(s.y[point]));
}

void drawChart(QCustomPlot* plot, const ChartData& data, const QFont& font) {
    PlotState* state = stateOf(plot);
    plot->clearPlottables();
    plot->clearItems();
    qDeleteAll(plot->findChildren<QCPBarsGroup*>(QString(), Qt::FindDirectChildrenOnly));
    state->seriesOf.clear();
    state->data = data;
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->xAxis->setSubTicks(true);
    plot->xAxis->grid()->setVisible(true);
    styleAxes(plot, font);
    QFont titleFont = font;
    titleFont.setBold(true);
    state->title->setFont(titleFont);
    state->title->setText(data.title);
    plot->xAxis->setLabel(data.xLabel);
    plot->yAxis->setLabel(data.yLabel);
    if (data.style == ChartData::Style::Bars) drawBars(plot, data, *state);
    else drawScatter(plot, data, *state);
    plot->legend->setVisible(data.series.size() > 1);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->replot();
}

QStringList ChartExport::formats() {
    QStringList out = {QStringLiteral("png"), QStringLiteral("pdf")};
#ifdef MEDAWQ_HAVE_SVG
    out.insert(1, QStringLiteral("svg"));
#endif
    return out;
}

bool ChartExport::save(QCustomPlot* plot, const QString& path, int width, int height, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, width, height, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path, width, height, QCP::epNoCosmetic, QStringLiteral("MedAWQ"));
#ifdef MEDAWQ_HAVE_SVG
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(QStringLiteral("MedAWQ chart"));
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot->toPainter(&painter, width, height);
            ok = painter.end();
        }
#endif
    } else {
        if (error) *error = tr("%1: unknown chart format (use %2)").arg(path, formats().join(QStringLiteral(", ")));
        return false;
    }
    if (!ok && error) *error = tr("%1: could not be written").arg(path);
    return ok;
}

}  // namespace medawq::report
