// A line that says why something cannot go ahead ("<file>: <problem>"), in the warning colour;
// hidden when there is nothing to say. Used under every input that can block a run.
#pragma once

#include <QLabel>

namespace medawq::ui {

class ProblemLabel : public QLabel {
    Q_OBJECT
public:
    enum class Kind { Problem, Note };
    explicit ProblemLabel(QWidget* parent = nullptr);
    void setProblem(const QString& text, Kind kind = Kind::Problem);
    QString problem() const { return text(); }

private:
    Kind m_kind = Kind::Problem;
};

}  // namespace medawq::ui
