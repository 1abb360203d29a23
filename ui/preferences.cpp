#include "preferences.h"

#include <QDir>

namespace medawq::ui {

void rememberRecentModel(const QString& dir) {
    const QString clean = QDir::cleanPath(dir);
    QStringList recent = prefs::recentModels.value();
    recent.removeAll(clean);
    recent.prepend(clean);
    while (recent.size() > kMaxRecentModels) recent.removeLast();
    prefs::recentModels.setValue(recent);
}

}  // namespace medawq::ui
