#include "experimentreport.h"

#include "casequery.h"
#include "findings.h"
#include "worddiff.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonObject>
#include <QSysInfo>

#include <algorithm>
#include <cmath>
#include <functional>

namespace medawq::report {

namespace {

QString gb(qint64 bytes) { return bytes >= 0 ? QString::number(double(bytes) / 1e9, 'f', 3) : QStringLiteral("–"); }
QString rate(double v) { return qIsNaN(v) ? QStringLiteral("–") : QString::number(v, 'f', 1); }
QString seconds(const QJsonValue& v) { return v.isDouble() ? QString::number(v.toDouble(), 'f', 1) : QStringLiteral("–"); }

QString csvField(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) return s;
    return QLatin1Char('"') + QString(s).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
}

QString mdCell(const QString& s) { return QString(s).replace(QLatin1Char('|'), QStringLiteral("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' ')); }

QString htmlTable(const ReportTable& t) {
    QString h = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\" style=\"border-collapse:collapse;\"><tr>");
    for (const QString& c : t.header) h += QStringLiteral("<th bgcolor=\"#e8eef4\" align=\"left\">%1</th>").arg(c.toHtmlEscaped());
    h += QStringLiteral("</tr>");
    for (const QStringList& row : t.rows) {
        h += QStringLiteral("<tr>");
        for (const QString& c : row) h += QStringLiteral("<td>%1</td>").arg(c.toHtmlEscaped());
        h += QStringLiteral("</tr>");
    }
    return h + QStringLiteral("</table>");
}

QString mdTable(const ReportTable& t) {
    QStringList header, rule;
    for (const QString& c : t.header) header << mdCell(c), rule << QStringLiteral("---");
    QString md = QStringLiteral("| %1 |\n| %2 |\n").arg(header.join(QStringLiteral(" | ")), rule.join(QStringLiteral(" | ")));
    for (const QStringList& row : t.rows) {
        QStringList cells;
        for (const QString& c : row) cells << mdCell(c);
        md += QStringLiteral("| %1 |\n").arg(cells.join(QStringLiteral(" | ")));
    }
    return md;
}

// Markdown of a word diff: deletions struck through, insertions in bold.
QString mdDiff(const QList<DiffSegment>& diff, DiffSide side) {
    QString md;
    for (const DiffSegment& s : diff) {
        const QString core = s.text.trimmed(), tail = s.text.mid(s.text.trimmed().isEmpty() ? 0 : s.text.indexOf(core) + core.size());
        if (s.kind == DiffSegment::Equal) md += s.text;
        else if (s.kind == DiffSegment::Deleted && side == DiffSide::A) md += QStringLiteral("~~%1~~").arg(core) + tail;
        else if (s.kind == DiffSegment::Inserted && side == DiffSide::B) md += QStringLiteral("**%1**").arg(core) + tail;
    }
    return md;
}

}  // namespace

QString formatScore(double v) { return qIsNaN(v) ? QStringLiteral("–") : QString::number(v, 'f', 3); }

QString formatDelta(double v) {
    if (qIsNaN(v)) return QStringLiteral("–");
    const QString s = QString::number(std::abs(v), 'f', 3);
    return (v < 0 && s != QLatin1String("0.000") ? QStringLiteral("-") : QStringLiteral("+")) + s;
}

ExperimentReport::ExperimentReport(const EvaluationRun& run, const ReportOptions& options) : m_run(run), m_options(options) {
    if (m_options.comparedModel >= run.models.size()) m_options.comparedModel = run.models.size() - 1;
    if (m_options.comparedModel < 0) m_options.comparedModel = 0;
    build();
}

QString ExperimentReport::title() const { return tr("MedAWQ experiment report"); }

QString ExperimentReport::subtitle() const {
    QStringList labels;
    for (const ModelResult& m : m_run.models) labels << m.label;
    return tr("%1: %2").arg(QFileInfo(m_run.directory).fileName(), labels.join(QStringLiteral(" / ")));
}

QString ExperimentReport::notForClinicalUse() {
    return tr("Research use only: the reports and figures in this document are not for clinical use.");
}

void ExperimentReport::build() {
    const QJsonObject results = m_run.results;
    const QString generated = m_options.generatedAt.isEmpty()
                                  ? QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                  : m_options.generatedAt;

    ReportSection about{tr("Run"), {}, {}};
    about.lines << tr("Report generated: %1").arg(generated)
                << tr("Evaluation run: %1 (created %2)").arg(m_run.directory, m_run.created);
    QStringList devices;
    for (const ModelResult& m : m_run.models)
        if (!devices.contains(m.device) && !m.device.isEmpty()) devices << m.device;
    about.lines << tr("Evaluated on: %1").arg(devices.join(QStringLiteral(", ")));
    const QJsonObject software = results.value(QLatin1String("software")).toObject();
    QStringList sw;
    for (auto it = software.begin(); it != software.end(); ++it) sw << QStringLiteral("%1 %2").arg(it.key(), it.value().toString());
    about.lines << tr("Software of the run: %1").arg(sw.join(QStringLiteral(", ")))
                << tr("This report: MedAWQ %1, Qt %2, on %3 (%4)")
                       .arg(QStringLiteral(MEDAWQ_REPORT_VERSION), QString::fromLatin1(qVersion()), QSysInfo::prettyProductName(),
                            QSysInfo::currentCpuArchitecture());
    m_sections << about;

    const QJsonObject data = results.value(QLatin1String("data")).toObject();
    ReportSection dataSection{tr("Evaluation data"), {}, {}};
    dataSection.lines << tr("File: %1").arg(data.value(QLatin1String("file_name")).toString())
                      << tr("SHA-256: %1").arg(data.value(QLatin1String("sha256")).toString())
                      << tr("Cases: %1 of %2 rows read; reference column: %3")
                             .arg(data.value(QLatin1String("cases")).toInt())
                             .arg(data.value(QLatin1String("rows_read")).toInt())
                             .arg(data.value(QLatin1String("reference_column")).toString());
    m_sections << dataSection;

    ReportSection models{tr("Models and quantization"), {}, {}};
    ReportTable modelTable{{tr("Model"), tr("Method"), tr("Bits"), tr("Group size"), tr("Size on disk (GB)"), tr("Path")}, {}};
    for (const ModelResult& m : m_run.models)
        modelTable.rows << QStringList{m.label, m.method, QString::number(m.bits), m.groupSize > 0 ? QString::number(m.groupSize) : QStringLiteral("–"),
                                       gb(m.sizeBytes), m.path};
    models.tables << modelTable;
    ReportTable stages{{tr("Model"), tr("Load model (s)"), tr("Prepare calibration (s)"), tr("Activation statistics (s)"),
                        tr("Quantize weights (s)"), tr("Save (s)")}, {}};
    for (const ModelResult& m : m_run.models) {
        if (m.role == QLatin1String("original")) continue;
        if (m.quantizationInfo.isEmpty()) {
            models.lines << tr("%1: quantization_info.json not found at %2").arg(m.label, m.path);
            continue;
        }
        const QJsonObject q = m.quantizationInfo;
        const QJsonObject cal = q.value(QLatin1String("calibration")).toObject();
        models.lines << tr("%1: %2, preset %3, %4-bit, group size %5, zero point %6")
                            .arg(m.label, q.value(QLatin1String("method")).toString().toUpper(),
                                 q.value(QLatin1String("preset")).toString())
                            .arg(q.value(QLatin1String("bits")).toInt())
                            .arg(q.value(QLatin1String("group_size")).toInt())
                            .arg(q.value(QLatin1String("zero_point")).toBool() ? tr("yes") : tr("no"));
        if (!cal.isEmpty())
            models.lines << tr("%1 calibration data: %2, SHA-256 %3, %4 rows read, %5 used")
                                .arg(m.label, cal.value(QLatin1String("file")).toString(), cal.value(QLatin1String("sha256")).toString())
                                .arg(cal.value(QLatin1String("rows_read")).toInt())
                                .arg(cal.value(QLatin1String("rows_used")).toInt());
        else models.lines << tr("%1 calibration data: none (round to nearest)").arg(m.label);
        const QJsonObject t = q.value(QLatin1String("stage_seconds")).toObject();
        stages.rows << QStringList{m.label, seconds(t.value(QLatin1String("load_model"))), seconds(t.value(QLatin1String("prepare_calibration"))),
                                   seconds(t.value(QLatin1String("activation_statistics"))), seconds(t.value(QLatin1String("quantize_weights"))),
                                   seconds(t.value(QLatin1String("save")))};
    }
    if (!stages.rows.isEmpty()) models.tables << stages;
    m_sections << models;

    ReportSection metrics{tr("Metrics"), {}, {}};
    metrics.lines << (m_run.scoredAgainstReference
                          ? tr("Scores against the reference reports; in brackets the change against %1 (95% intervals in the CSV export).")
                          : tr("The table has no reference reports: scores are against %1's reports, which count as the ground "
                               "truth here (95% intervals in the CSV export)."))
                         .arg(m_run.models.value(0).label);
    metrics.tables << metricsTable();
    m_sections << metrics;

    m_charts = Charts::all(m_run);

    CaseQuery q;
    q.order = CaseQuery::Order::LargestDrop;
    q.compared = m_options.comparedModel;
    m_cases = selectCases(m_run, q).mid(0, std::max(0, m_options.caseCount));
}

ReportTable ExperimentReport::metricsTable() const {
    ReportTable t;
    t.header << tr("Metric");
    for (const ModelResult& m : m_run.models) t.header << m.label;
    for (const QString& key : m_run.metricKeys) {
        QStringList row{Charts::shortMetricName(m_run, key)};
        for (int i = 0; i < m_run.models.size(); ++i) {
            const ModelResult& m = m_run.models[i];
            QString cell = formatScore(m.metric(key).value);
            if (i > 0 && m.change(key).isValid()) cell += QStringLiteral(" (%1)").arg(formatDelta(m.change(key).delta));
            row << cell;
        }
        t.rows << row;
    }
    auto addRow = [&](const QString& name, const std::function<QString(const ModelResult&)>& cell) {
        QStringList row{name};
        for (const ModelResult& m : m_run.models) row << cell(m);
        t.rows << row;
    };
    addRow(tr("Prefill (tokens/s)"), [](const ModelResult& m) { return rate(m.prefillTokensPerSecond); });
    addRow(tr("Decode (tokens/s)"), [](const ModelResult& m) { return rate(m.decodeTokensPerSecond); });
    addRow(tr("Peak GPU memory (GB)"), [](const ModelResult& m) { return gb(m.peakAllocatedBytes); });
    addRow(tr("Size on disk (GB)"), [](const ModelResult& m) { return gb(m.sizeBytes); });
    return t;
}

ReportTable ExperimentReport::caseScores(const EvaluationRun& run, int caseIndex, int comparedModel) {
    const EvalCase& c = run.cases[caseIndex];
    ReportTable t;
    t.header << tr("Metric");
    for (const ModelResult& m : run.models) t.header << m.label;
    t.header << tr("Change (%1)").arg(run.models.value(comparedModel).label);
    for (const QString& key : run.metricKeys) {
        QStringList row{Charts::shortMetricName(run, key)};
        for (int i = 0; i < run.models.size(); ++i) row << formatScore(c.score(i, key));
        row << formatDelta(c.score(comparedModel, key) - c.score(0, key));
        t.rows << row;
    }
    return t;
}

QStringList ExperimentReport::caseFindings(int caseIndex) const {
    const EvalCase& c = m_run.cases[caseIndex];
    QStringList labels;
    for (const ModelResult& m : m_run.models) labels << m.label;
    QStringList out;
    for (const FindingDisagreement& d : Findings::disagreements(c)) out << Findings::describe(d, labels);
    return out;
}

QString ExperimentReport::htmlBeforeCharts() const {
    QString h = QStringLiteral("<h1>%1</h1><p><b>%2</b></p>").arg(title().toHtmlEscaped(), subtitle().toHtmlEscaped());
    for (const ReportSection& s : m_sections) {
        h += QStringLiteral("<h2>%1</h2>").arg(s.heading.toHtmlEscaped());
        for (const QString& l : s.lines) h += QStringLiteral("<p>%1</p>").arg(l.toHtmlEscaped());
        for (const ReportTable& t : s.tables) h += htmlTable(t) + QStringLiteral("<p></p>");
    }
    return h;
}

QList<CaseImage> ExperimentReport::caseImages() const {
    QList<CaseImage> out;
    for (int idx : m_cases) {
        const QString path = m_run.imageFile(m_run.cases[idx]);
        if (path.isEmpty()) continue;
        QImage im = m_options.loadImage ? m_options.loadImage(path) : QImage(path);
        if (im.isNull()) continue;  // the case text says the image could not be read
        out.append({idx, QStringLiteral("case-image-%1").arg(idx), im.scaled(512, 512, Qt::KeepAspectRatio, Qt::SmoothTransformation)});
    }
    return out;
}

QString ExperimentReport::tableHtml(const ReportTable& table) { return htmlTable(table); }

QString ExperimentReport::htmlCases(const QList<CaseImage>& images) const {
    if (m_cases.isEmpty()) return {};
    const int b = m_options.comparedModel;
    QString h = QStringLiteral("<h2>%1</h2><p>%2</p>")
                    .arg(tr("Case comparisons").toHtmlEscaped(),
                         tr("%n case(s), largest drop of %1 first. Struck through: words of %2 that %3 lost; underlined: words %3 added.",
                            nullptr, m_cases.size())
                             .arg(Charts::shortMetricName(m_run, m_run.primaryMetric()), m_run.models.value(0).label,
                                  m_run.models.value(b).label)
                             .toHtmlEscaped());
    for (int idx : m_cases) {
        const EvalCase& c = m_run.cases[idx];
        h += QStringLiteral("<h3>%1</h3>").arg(tr("Case %1 (row %2)").arg(c.index + 1).arg(c.row).toHtmlEscaped());
        for (const auto& f : c.fields)
            h += QStringLiteral("<p><b>%1:</b> %2</p>").arg(f.first.toHtmlEscaped(), f.second.toHtmlEscaped());
        const QString imagePath = m_run.imageFile(c);
        if (!imagePath.isEmpty()) {
            const auto shown = std::find_if(images.begin(), images.end(), [idx](const CaseImage& i) { return i.caseIndex == idx; });
            if (shown != images.end())
                h += QStringLiteral("<p><img src=\"%1\" width=\"220\"/><br/>%2</p>").arg(shown->resource, imagePath.toHtmlEscaped());
            else
                h += QStringLiteral("<p><b>%1:</b> %2</p>").arg(tr("Image (not shown)").toHtmlEscaped(), imagePath.toHtmlEscaped());
        }
        h += QStringLiteral("<p><b>%1:</b> %2</p>").arg(tr("Reference").toHtmlEscaped(), c.reference.toHtmlEscaped());
        const QList<DiffSegment> diff = diffWords(c.reports.value(0).text, c.reports.value(b).text);
        for (int i = 0; i < c.reports.size(); ++i) {
            QString body = c.reports[i].text.toHtmlEscaped();
            if (i == 0 && b != 0) body = diffHtml(diff, DiffSide::A);
            else if (i == b && b != 0) body = diffHtml(diff, DiffSide::B);
            h += QStringLiteral("<p><b>%1:</b> %2</p>").arg(c.reports[i].model.toHtmlEscaped(), body);
        }
        const QStringList findings = caseFindings(idx);
        h += QStringLiteral("<p><b>%1:</b> %2</p>")
                 .arg(tr("Findings").toHtmlEscaped(),
                      (findings.isEmpty() ? tr("the reports agree") : findings.join(QStringLiteral("; "))).toHtmlEscaped());
        h += htmlTable(caseScores(idx));
    }
    return h;
}

QString ExperimentReport::markdown(const QStringList& chartImages) const {
    QString md = QStringLiteral("# %1\n\n**%2**\n\n").arg(title(), subtitle());
    for (const ReportSection& s : m_sections) {
        md += QStringLiteral("## %1\n\n").arg(s.heading);
        for (const QString& l : s.lines) md += l + QStringLiteral("\n\n");
        for (const ReportTable& t : s.tables) md += mdTable(t) + QStringLiteral("\n");
    }
    if (!chartImages.isEmpty()) {
        md += QStringLiteral("## %1\n\n").arg(tr("Charts"));
        for (int i = 0; i < chartImages.size() && i < m_charts.size(); ++i)
            md += QStringLiteral("![%1](%2)\n\n").arg(m_charts[i].title, chartImages[i]);
    }
    if (!m_cases.isEmpty()) {
        const int b = m_options.comparedModel;
        md += QStringLiteral("## %1\n\n").arg(tr("Case comparisons"));
        for (int idx : m_cases) {
            const EvalCase& c = m_run.cases[idx];
            md += QStringLiteral("### %1\n\n").arg(tr("Case %1 (row %2)").arg(c.index + 1).arg(c.row));
            for (const auto& f : c.fields) md += QStringLiteral("- **%1:** %2\n").arg(f.first, f.second);
            md += QStringLiteral("- **%1:** %2\n").arg(tr("Reference"), c.reference);
            const QList<DiffSegment> diff = diffWords(c.reports.value(0).text, c.reports.value(b).text);
            for (int i = 0; i < c.reports.size(); ++i) {
                QString body = c.reports[i].text;
                if (i == 0 && b != 0) body = mdDiff(diff, DiffSide::A);
                else if (i == b && b != 0) body = mdDiff(diff, DiffSide::B);
                md += QStringLiteral("- **%1:** %2\n").arg(c.reports[i].model, body);
            }
            const QStringList findings = caseFindings(idx);
            md += QStringLiteral("- **%1:** %2\n\n").arg(tr("Findings"), findings.isEmpty() ? tr("the reports agree") : findings.join(QStringLiteral("; ")));
            md += mdTable(caseScores(idx)) + QStringLiteral("\n");
        }
    }
    md += QStringLiteral("---\n\n*%1*\n").arg(notForClinicalUse());
    return md;
}

QString ExperimentReport::csv() const {
    QStringList lines{QStringLiteral("section,item,model,value,low,high,change_vs_original")};
    auto line = [&](const QStringList& cells) {
        QStringList escaped;
        for (const QString& c : cells) escaped << csvField(c);
        lines << escaped.join(QLatin1Char(','));
    };
    auto num = [](double v, int decimals = 6) { return qIsNaN(v) ? QString() : QString::number(v, 'f', decimals); };
    for (const ModelResult& m : m_run.models) {
        for (const QString& key : m_run.metricKeys) {
            const MetricValue v = m.metric(key);
            line({QStringLiteral("metric"), key, m.label, num(v.value), num(v.low), num(v.high), num(m.change(key).delta)});
        }
        line({QStringLiteral("speed"), QStringLiteral("prefill_tokens_per_second"), m.label, num(m.prefillTokensPerSecond, 3), {}, {}, {}});
        line({QStringLiteral("speed"), QStringLiteral("decode_tokens_per_second"), m.label, num(m.decodeTokensPerSecond, 3), {}, {}, {}});
        line({QStringLiteral("memory"), QStringLiteral("peak_allocated_bytes"), m.label,
              m.peakAllocatedBytes >= 0 ? QString::number(m.peakAllocatedBytes) : QString(), {}, {}, {}});
        line({QStringLiteral("size"), QStringLiteral("size_bytes"), m.label, m.sizeBytes >= 0 ? QString::number(m.sizeBytes) : QString(), {}, {}, {}});
    }
    for (int idx : m_cases) {
        const EvalCase& c = m_run.cases[idx];
        for (int i = 0; i < m_run.models.size(); ++i)
            for (const QString& key : m_run.metricKeys)
                line({QStringLiteral("case %1").arg(c.index + 1), key, m_run.models[i].label, num(c.score(i, key)), {}, {},
                      i > 0 ? num(c.score(i, key) - c.score(0, key)) : QString()});
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

}  // namespace medawq::report
