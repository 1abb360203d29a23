// Model page: pick a Hugging Face model folder and see what the core says about it without
// loading its weights (architecture, parameters, dtype, size on disk, estimated GPU memory at
// 16 and 4 bit, whether it is already AWQ). Recent folders are remembered.
#pragma once

#include <medawq/model.h>

#include <QFutureWatcher>
#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace medawq::ui {

class ProblemLabel;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    // Inspects `dir` on a worker thread; modelChanged() follows.
    void openModel(const QString& dir);
    QString modelPath() const { return m_path; }
    // True from openModel() until its result is shown (not merely computed).
    bool isInspecting() const { return m_inspecting; }
    const std::optional<medawq::ModelInfo>& info() const { return m_info; }
    // Why this model cannot be quantized; empty when it can.
    QString problem() const;
    // Why it cannot be loaded at all (for the Test page); empty when it can.
    QString loadProblem() const;

public Q_SLOTS:
    void browse();

Q_SIGNALS:
    void modelChanged(const QString& path);
    void readinessChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Inspection {
        QString dir;
        std::optional<medawq::ModelInfo> info;
        QString error;
    };
    void retranslateUi();
    void showInspection();
    void reloadRecent();

    QLabel* m_heading;
    QLabel* m_intro;
    QLabel* m_folderLabel;
    QComboBox* m_folder;
    QPushButton* m_browse;
    QFormLayout* m_form;
    QList<QLabel*> m_fieldNames;
    QList<QLabel*> m_fieldValues;
    ProblemLabel* m_problem;

    QString m_path;
    std::optional<medawq::ModelInfo> m_info;
    QString m_error;
    bool m_inspecting = false;
    QFutureWatcher<Inspection> m_watcher;
};

}  // namespace medawq::ui
