#include "problemlabel.h"

namespace medawq::ui {

ProblemLabel::ProblemLabel(QWidget* parent) : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void ProblemLabel::setProblem(const QString& text, Kind kind) {
    setText(text);
    // Plain colours rather than a palette role: the warning must read the same in every style.
    setStyleSheet(kind == Kind::Problem ? QStringLiteral("color: #b3261e;") : QStringLiteral("color: #5f6368;"));
    setVisible(!text.isEmpty());
}

}  // namespace medawq::ui
