// What to try next after a failed run, from the error's text: the core's messages name the file
// and the problem, and libtorch's out-of-memory errors say so in their own words.
#pragma once

#include <QString>

namespace medawq::ui {

QString failureHint(const QString& error);

}  // namespace medawq::ui
