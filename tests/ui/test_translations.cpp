// The catalogues: every string of the UI has a Simplified Chinese translation (none unfinished
// or empty, with the same %1/%n placeholders), the catalogue is up to date with the sources
// (lupdate run here finds nothing it lacks), the English catalogue has its plural forms, and the
// embedded .qm files load.
#include "language.h"
#include "ui_test_support.h"

#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Message {
    QString context, source;
    QStringList translations;  // one, or the numerus forms
    QString type;              // "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
};

QList<Message> readTs(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    QList<Message> out;
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == QLatin1String("name")) context = xml.readElementText();
        else if (xml.name() == QLatin1String("message")) {
            m = Message{context, {}, {}, {}, xml.attributes().value("numerus") == QLatin1String("yes")};
        } else if (xml.name() == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            m.type = xml.attributes().value("type").toString();
            if (!m.numerus) {
                m.translations << xml.readElementText();
                out << m;
            }
        } else if (xml.name() == QLatin1String("numerusform")) {
            m.translations << xml.readElementText();
            if (m.translations.size() == 1) out << m;
            else out.last().translations = m.translations;
        }
    }
    return out;
}

QStringList placeholders(const QString& s) {
    QStringList out;
    QRegularExpression re(QStringLiteral("%(\\d|n)"));
    for (auto it = re.globalMatch(s); it.hasNext();) out << it.next().captured(0);
    out.sort();
    out.removeDuplicates();
    return out;
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT
    QString ts(const char* lang) { return uitest::sourceDir() + QStringLiteral("/translations/medawq_%1.ts").arg(QLatin1String(lang)); }

private Q_SLOTS:
    void chineseIsComplete() {
        const QList<Message> messages = readTs(ts("zh_CN"));
        QVERIFY(messages.size() > 200);
        QStringList problems;
        for (const Message& m : messages) {
            const QString where = m.context + QStringLiteral(" / \"") + m.source + QLatin1Char('"');
            if (!m.type.isEmpty()) problems << where + QStringLiteral(": ") + m.type;
            for (const QString& t : m.translations) {
                if (t.trimmed().isEmpty()) problems << where + QStringLiteral(": empty");
                else if (placeholders(t) != placeholders(m.source))
                    problems << where + QStringLiteral(": placeholders %1 vs %2").arg(placeholders(t).join(' '), placeholders(m.source).join(' '));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void catalogueMatchesTheSources() {
        const QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
        if (!QFileInfo::exists(lupdate)) QSKIP("lupdate is not installed");
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("fresh_zh_CN.ts"));
        QFile::copy(ts("zh_CN"), fresh);
        QFile::setPermissions(fresh, QFile::ReadOwner | QFile::WriteOwner);
        QProcess p;
        p.start(lupdate, {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                          uitest::sourceDir() + QStringLiteral("/ui"), QStringLiteral("-ts"), fresh});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QStringList missing;
        for (const Message& m : readTs(fresh))
            if (m.type == QLatin1String("unfinished")) missing << m.context + QStringLiteral(" / ") + m.source;
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("run `cmake --build build --target update_translations` and "
                                                               "translate:\n") + missing.join(QLatin1Char('\n'))));
        QCOMPARE(readTs(fresh).size(), readTs(ts("zh_CN")).size());  // nothing vanished either
    }

    void englishHasItsPluralForms() {
        const QList<Message> messages = readTs(ts("en"));
        QVERIFY(!messages.isEmpty());
        for (const Message& m : messages) {
            QVERIFY2(m.numerus, qPrintable(m.source));
            QVERIFY2(m.type.isEmpty() && m.translations.size() == 2, qPrintable(m.source));
            for (const QString& t : m.translations) QVERIFY2(!t.isEmpty() && t.contains(QStringLiteral("%n")), qPrintable(m.source));
        }
    }

    void embeddedCataloguesLoad() {
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/medawq_zh_CN.qm")));
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/medawq_en.qm")));
        QVERIFY(medawq::ui::language::apply(QStringLiteral("zh_CN")));
        QCOMPARE(QCoreApplication::translate("medawq::ui::MainWindow", "Runs"), QStringLiteral("运行记录"));
        QCOMPARE(QCoreApplication::translate("Formatting", "%1 s"), QStringLiteral("%1 秒"));
        QVERIFY(medawq::ui::language::apply(QStringLiteral("en")));
        QCOMPARE(QCoreApplication::translate("medawq::ui::RunsPanel", "%n run(s) in %1", nullptr, 1), QStringLiteral("1 run in %1"));
        QCOMPARE(QCoreApplication::translate("medawq::ui::RunsPanel", "%n run(s) in %1", nullptr, 3), QStringLiteral("3 runs in %1"));
        QCOMPARE(medawq::ui::language::current(), QStringLiteral("en"));
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
