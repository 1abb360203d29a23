#include "formatting.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace medawq::ui {

namespace {
// The translation context of this file's units.
struct Formatting {
    Q_DECLARE_TR_FUNCTIONS(Formatting)
};
}  // namespace

QString formatBytes(quint64 bytes) {
    const char* units[] = {QT_TRANSLATE_NOOP("Formatting", "%1 B"), QT_TRANSLATE_NOOP("Formatting", "%1 kB"),
                           QT_TRANSLATE_NOOP("Formatting", "%1 MB"), QT_TRANSLATE_NOOP("Formatting", "%1 GB"),
                           QT_TRANSLATE_NOOP("Formatting", "%1 TB")};
    double v = double(bytes);
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    return Formatting::tr(units[u]).arg(QLocale().toString(v, 'f', u == 0 ? 0 : 2));
}

QString formatSeconds(double s) {
    if (s < 0 || !std::isfinite(s)) return Formatting::tr("unknown");
    if (s < 1) return Formatting::tr("%1 ms").arg(std::lround(s * 1000));
    if (s < 10) return Formatting::tr("%1 s").arg(QLocale().toString(s, 'f', 1));
    if (s < 60) return Formatting::tr("%1 s").arg(QLocale().toString(std::lround(s)));
    const long total = std::lround(s);
    if (total < 3600)
        return Formatting::tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    return Formatting::tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString formatCount(qint64 n) { return QLocale().toString(n); }

QString formatParameters(qint64 n) {
    if (n >= 1000000000) return Formatting::tr("%1 B parameters").arg(QLocale().toString(double(n) / 1e9, 'f', 2));
    if (n >= 1000000) return Formatting::tr("%1 M parameters").arg(QLocale().toString(double(n) / 1e6, 'f', 1));
    return Formatting::tr("%1 parameters").arg(formatCount(n));
}

QString formatRate(double perSecond, const QString& unit) {
    return Formatting::tr("%1 %2/s").arg(QLocale().toString(perSecond, 'f', 1), unit);
}

}  // namespace medawq::ui
