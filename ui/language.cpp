#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace medawq::ui::language {

namespace {
std::unique_ptr<QTranslator>& appTranslator() {
    static std::unique_ptr<QTranslator> t;
    return t;
}
std::unique_ptr<QTranslator>& qtTranslator() {
    static std::unique_ptr<QTranslator> t;
    return t;
}
QString& currentCode() {
    static QString code;
    return code;
}
}  // namespace

QStringList available() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString nativeName(const QString& code) {
    if (code == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString fromSystemLocale() {
    return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

bool apply(const QString& code) {
    if (!available().contains(code)) return false;
    if (appTranslator()) QCoreApplication::removeTranslator(appTranslator().get());
    if (qtTranslator()) QCoreApplication::removeTranslator(qtTranslator().get());
    appTranslator() = std::make_unique<QTranslator>();
    qtTranslator() = std::make_unique<QTranslator>();
    const QLocale locale(code);
    QLocale::setDefault(locale);
    // Qt's own strings (standard buttons, file dialogs); absent when qt6-translations-l10n is not installed.
    if (qtTranslator()->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                             QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator().get());
    // The English catalogue holds the plural forms of "%n" strings.
    const bool ok = appTranslator()->load(QStringLiteral(":/i18n/medawq_%1.qm").arg(code));
    if (ok) QCoreApplication::installTranslator(appTranslator().get());
    currentCode() = code;
    return ok;
}

QString current() { return currentCode(); }

}  // namespace medawq::ui::language
