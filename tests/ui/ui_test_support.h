// Shared set-up of the UI tests: settings in Qt's test location (cleared per test), runs in a
// temporary folder ($MEDAWQ_RUNS_DIR), the demo files from the source tree.
#pragma once

#include "language.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace uitest {

inline QString sourceDir() { return qEnvironmentVariable("MEDAWQ_SOURCE_DIR", QStringLiteral(".")); }
inline QString resourcesDir() { return sourceDir() + QStringLiteral("/resources"); }
inline QString demoModel() { return resourcesDir() + QStringLiteral("/demo/model"); }
inline QString demoData(const char* file) { return resourcesDir() + QStringLiteral("/demo/data/") + QLatin1String(file); }

// Call from initTestCase(): every test of the file starts from no settings and an empty runs folder.
class Sandbox {
public:
    Sandbox() {
        QCoreApplication::setOrganizationName(QStringLiteral("MedAWQ-tests"));
        // One settings file per test executable: CTest runs them in parallel, and one test's
        // reset must not wipe another's settings mid-test.
        QCoreApplication::setApplicationName(QStringLiteral("MedAWQ Workbench tests ") +
                                             QFileInfo(QCoreApplication::applicationFilePath()).fileName());
        QStandardPaths::setTestModeEnabled(true);
        qputenv("MEDAWQ_RUNS_DIR", QFile::encodeName(runsDir()));
        reset();
    }
    QString runsDir() const { return m_dir.filePath(QStringLiteral("runs")); }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    void reset() {
        QSettings().clear();
        QDir(runsDir()).removeRecursively();
        QDir().mkpath(runsDir());
        medawq::ui::language::apply(QStringLiteral("en"));
    }

private:
    QTemporaryDir m_dir;
};

}  // namespace uitest
