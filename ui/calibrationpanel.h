// Calibration data page: the table the activation statistics come from. Shows the first rows,
// lets the user choose the text column(s) or a prompt template (with the first filled text as
// the model will see it), the sample count, sequence length, block limit and seed, and counts
// the tokens before any run with the job's own code (medawq::previewCalibration).
#pragma once

#include <medawq/calibration_preview.h>
#include <medawq/quantize.h>

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

#include <optional>

class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace medawq::ui {

class ProblemLabel;

class CalibrationPanel : public QWidget {
    Q_OBJECT
public:
    explicit CalibrationPanel(QWidget* parent = nullptr);

    void setCalibrationFile(const QString& path);
    QString calibrationFile() const;
    // The tokenizer for the token statistics comes from this model ("" while none is usable).
    void setModelPath(const QString& modelDir);
    // RTN needs no calibration data: the page then blocks nothing.
    void setRequired(bool required);
    // The preset decides truncation and BOS handling; "autoawq" also resets the page's own
    // choices to AutoAWQ's (no chat format, every block).
    void setPreset(const QString& preset, bool applyChoices);

    void setTextColumns(const QStringList& columns);
    QStringList textColumns() const;  // checked, in table order
    void setPromptTemplateFile(const QString& path);  // "" = use the text columns
    void setSampling(int numSamples, int seqlen, int maxBlocks, int seed);

    void fillParams(medawq::QuantizeParams& params) const;
    // Why a run cannot start with this data; empty when it can (or when not required).
    QString problem() const;
    bool isBusy() const;
    const std::optional<medawq::CalibrationPreview>& preview() const { return m_preview; }
    int previewRowCount() const;

public Q_SLOTS:
    void browseFile();
    void browseTemplate();

Q_SIGNALS:
    void readinessChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct TableHead {
        QString path;
        QStringList columns;
        QList<QStringList> rows;
        QStringList warnings;
        QString error;
    };
    struct Counted {
        int generation = 0;
        std::optional<medawq::CalibrationPreview> preview;
        QString error;
    };
    void retranslateUi();
    void readTableHead();
    void showTableHead();
    void scheduleCount();
    void startCount();
    void showCount();
    void saveChoices();
    void updateProblem();
    medawq::QuantizeParams previewParams() const;

    QLabel* m_heading;
    QLabel* m_intro;
    QLabel* m_fileLabel;
    QLineEdit* m_file;
    QPushButton* m_browseFile;
    ProblemLabel* m_fileProblem;
    QLabel* m_previewLabel;
    QTableView* m_table;
    QStandardItemModel* m_tableModel;
    QGroupBox* m_textBox;
    QRadioButton* m_useColumns;
    QListWidget* m_columns;
    QRadioButton* m_useTemplate;
    QLineEdit* m_template;
    QPushButton* m_browseTemplate;
    QCheckBox* m_chat;
    QGroupBox* m_samplingBox;
    QLabel* m_samplesLabel;
    QSpinBox* m_samples;
    QLabel* m_seqlenLabel;
    QSpinBox* m_seqlen;
    QLabel* m_blocksLabel;
    QSpinBox* m_maxBlocks;
    QLabel* m_seedLabel;
    QSpinBox* m_seed;
    QLabel* m_stats;
    QGroupBox* m_filledBox;
    QPlainTextEdit* m_filled;
    ProblemLabel* m_problem;

    QString m_modelPath;
    QString m_preset = QStringLiteral("medawq");
    bool m_required = true;
    TableHead m_head;
    QStringList m_wantedColumns;
    std::optional<medawq::CalibrationPreview> m_preview;
    QString m_countError;
    int m_generation = 0;
    bool m_countPending = false;
    bool m_headPending = false;  // until the table head is shown, not merely read
    QTimer* m_countDelay;
    QFutureWatcher<TableHead> m_headWatcher;
    QFutureWatcher<Counted> m_countWatcher;
};

}  // namespace medawq::ui
