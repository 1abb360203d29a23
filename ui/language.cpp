#include "language.h"

#include <QCoreApplication>
#include <QFont>
#include <QGuiApplication>
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

// Han characters have Simplified Chinese glyph forms only in SC faces; left to itself,
// fontconfig falls back to the Japanese face of Noto CJK. Latin text keeps the usual font.
void useChineseGlyphs(bool chinese) {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())) return;
    static const QFont original = QGuiApplication::font();
    QFont f = original;
    if (chinese)
        f.setFamilies({original.family(), QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Source Han Sans SC"),
                       QStringLiteral("Noto Sans SC"), QStringLiteral("WenQuanYi Micro Hei")});
    QGuiApplication::setFont(f);
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
    useChineseGlyphs(code == QLatin1String("zh_CN"));
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
