#include "evaluatepanel.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace medawq::ui {

EvaluatePanel::EvaluatePanel(QWidget* parent) : QWidget(parent) {
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_heading->setFont(f);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("evaluatePlaceholder"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_text);
    layout->addStretch(1);
    retranslateUi();
}

void EvaluatePanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void EvaluatePanel::retranslateUi() {
    m_heading->setText(tr("Evaluate"));
    m_text->setText(tr("Evaluation arrives with the evaluate job, which is being written now. It will compare the "
                       "original model with one or more quantized runs on an evaluation table (report metrics against "
                       "the reference column, tokens per second, GPU memory), with per-model progress and cancel, and "
                       "open the result side by side.\n\n"
                       "Until then: the Test page generates a report with any model, original or quantized, and "
                       "measures its speed; `medawq perplexity` on the command line compares perplexities."));
}

}  // namespace medawq::ui
