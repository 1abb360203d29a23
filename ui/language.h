// The UI language: English or Simplified Chinese, from the system locale or the user's choice,
// switchable while the workbench runs. Installing a translator makes Qt send LanguageChange to
// every widget, whose changeEvent() re-sets its texts (retranslateUi).
#pragma once

#include <QString>
#include <QStringList>

namespace medawq::ui {

namespace language {
// Codes of the bundled catalogues: "en", "zh_CN".
QStringList available();
// The name of a language in that language ("English", "简体中文").
QString nativeName(const QString& code);
// zh* locales get "zh_CN", all others "en".
QString fromSystemLocale();
// Loads :/i18n/medawq_<code>.qm and Qt's own qtbase_<code>.qm; returns false for an unknown
// code. Also sets the default QLocale, so numbers and dates follow.
bool apply(const QString& code);
QString current();
}  // namespace language

}  // namespace medawq::ui
