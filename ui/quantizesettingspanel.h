// Quantization settings page: preset, method (AWQ / RTN), bits, group size, zero point, search
// grid, clipping search, device, and the output folder (a fresh folder under the runs folder
// unless the user names another).
#pragma once

#include <medawq/quantize.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace medawq::ui {

class ProblemLabel;

class QuantizeSettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit QuantizeSettingsPanel(QWidget* parent = nullptr);

    QString preset() const;
    QString method() const;   // "awq" | "rtn"
    void setPreset(const QString& preset);
    void setMethod(const QString& method);
    void setBits(int bits);
    void setGroupSize(int groupSize);
    void setDevice(const QString& device);
    // The model the default output folder is named after.
    void setModelPath(const QString& modelDir);
    void setOutputFolder(const QString& folder);  // "" = suggest one again
    QString outputFolder() const;
    bool overwrite() const;
    void setOverwrite(bool on);
    // A new default output folder (after a run used the last one).
    void suggestOutputFolder();

    void fillParams(medawq::QuantizeParams& params) const;
    QString problem() const;

Q_SIGNALS:
    void readinessChanged();
    void methodChanged(const QString& method);
    // `byUser`: chosen in the combo box, so the other pages take the preset's choices too.
    void presetChanged(const QString& preset, bool byUser);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void onChanged();
    void saveChoices();
    void applyPresetChoices();

    QLabel* m_heading;
    QLabel* m_intro;
    QGroupBox* m_methodBox;
    QLabel* m_presetLabel;
    QComboBox* m_preset;
    QLabel* m_presetNote;
    QLabel* m_methodLabel;
    QComboBox* m_method;
    QLabel* m_bitsLabel;
    QComboBox* m_bits;
    QLabel* m_bitsNote;
    QLabel* m_groupLabel;
    QComboBox* m_group;
    QCheckBox* m_zeroPoint;
    QLabel* m_gridLabel;
    QSpinBox* m_grid;
    QCheckBox* m_clip;
    QGroupBox* m_whereBox;
    QLabel* m_deviceLabel;
    QComboBox* m_device;
    QLabel* m_deviceNote;
    QLabel* m_outputLabel;
    QLineEdit* m_output;
    QPushButton* m_browseOutput;
    QPushButton* m_suggest;
    QCheckBox* m_overwrite;
    ProblemLabel* m_problem;

    QString m_modelPath;
    bool m_outputSuggested = true;  // follows model/method/bits/group until the user types one
};

}  // namespace medawq::ui
