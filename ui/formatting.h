// Numbers as the workbench shows them: always with their unit, in the UI's language.
// Bytes are decimal (kB, MB, GB), as the CLI's `medawq inspect` prints them.
#pragma once

#include <QString>
#include <QtGlobal>

namespace medawq::ui {

QString formatBytes(quint64 bytes);          // "20.48 MB"
QString formatSeconds(double seconds);       // "0.8 s", "42 s", "3 min 05 s", "1 h 02 min"
QString formatCount(qint64 n);               // "8,436" (locale grouping)
QString formatParameters(qint64 n);          // "10.2 M parameters"
QString formatRate(double perSecond, const QString& unit);  // "150.3 tokens/s"

}  // namespace medawq::ui
