// Evaluate page. The evaluate job (original vs quantized models on an evaluation table: report
// metrics, speed, memory) is being written in the core; until it lands this page says so
// rather than pretending, and points to what works today.
#pragma once

#include <QWidget>

class QLabel;

namespace medawq::ui {

class EvaluatePanel : public QWidget {
    Q_OBJECT
public:
    explicit EvaluatePanel(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    QLabel* m_heading;
    QLabel* m_text;
};

}  // namespace medawq::ui
