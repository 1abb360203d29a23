#include "problemlabel.h"

namespace medawq::ui {

ProblemLabel::ProblemLabel(QWidget* parent) : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void ProblemLabel::setProblem(const QString& text, Kind kind) {
    if (text != this->text()) setText(text);
    // Plain colours rather than a palette role: the warning must read the same in every style.
    // Only on a change: a style sheet re-polishes the widget, and this is called per update.
    if (kind != m_kind || styleSheet().isEmpty()) {
        m_kind = kind;
        setStyleSheet(kind == Kind::Problem ? QStringLiteral("color: #b3261e;") : QStringLiteral("color: #5f6368;"));
    }
    setVisible(!text.isEmpty());
}

}  // namespace medawq::ui
