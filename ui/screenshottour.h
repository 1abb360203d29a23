// `medawq-workbench --screenshot-dir DIR`: a scripted visit of every page in English and in
// Simplified Chinese, with a real quantization of the demo model, a real test report and a real
// evaluation, each page saved with QWidget::grab() as DIR/<language>/<nn>-<page>.png. Settings and runs go to a
// temporary folder, so the user's own are untouched. Returns the process exit code.
#pragma once

#include <QString>

namespace medawq::ui {

int runScreenshotTour(const QString& outputDir, const QString& resourcesDir);

}  // namespace medawq::ui
