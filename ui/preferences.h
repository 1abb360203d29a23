// Everything the workbench remembers between sessions, as typed QSettings entries (the
// Preference<T>{key, default} shape of Tiled's preferences.h). One place lists every key, so a
// reader sees what is stored and a test can clear it.
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace medawq::ui {

template <typename T>
class Preference {
public:
    Preference(const char* key, T defaultValue) : m_key(QString::fromLatin1(key)), m_default(std::move(defaultValue)) {}
    T value() const {
        const QVariant v = QSettings().value(m_key);
        return v.isValid() && v.canConvert<T>() ? v.value<T>() : m_default;
    }
    // Writes only a changed value: every write makes QSettings rewrite and fsync its file on
    // the GUI thread, which must never stall while a job runs.
    void setValue(const T& v) const {
        QSettings s;
        const QVariant old = s.value(m_key);
        if (old.isValid() && old.canConvert<T>() && old.value<T>() == v) return;
        s.setValue(m_key, QVariant::fromValue(v));
    }
    bool isSet() const { return QSettings().contains(m_key); }
    const QString& key() const { return m_key; }

private:
    QString m_key;
    T m_default;
};

namespace prefs {
// Model page. An empty lastModel means the workbench has never been used: the first run opens
// the demo model.
inline const Preference<QString> lastModel{"model/last", {}};
inline const Preference<QStringList> recentModels{"model/recent", {}};
// Calibration page.
inline const Preference<QString> calibrationPath{"calibration/path", {}};
inline const Preference<QStringList> textColumns{"calibration/textColumns", {QStringLiteral("text")}};
inline const Preference<bool> useTemplate{"calibration/useTemplate", false};
inline const Preference<QString> promptFile{"calibration/promptFile", {}};
inline const Preference<bool> chatTemplate{"calibration/chatTemplate", false};
inline const Preference<int> numSamples{"calibration/numSamples", 500};
inline const Preference<int> seqlen{"calibration/seqlen", 512};
inline const Preference<int> maxBlocks{"calibration/maxBlocks", 0};
inline const Preference<int> seed{"calibration/seed", 42};
// Quantization settings page.
inline const Preference<QString> preset{"quantize/preset", QStringLiteral("medawq")};
inline const Preference<QString> method{"quantize/method", QStringLiteral("awq")};
inline const Preference<int> bits{"quantize/bits", 4};
inline const Preference<int> groupSize{"quantize/groupSize", 128};
inline const Preference<bool> zeroPoint{"quantize/zeroPoint", true};
inline const Preference<int> gridSize{"quantize/gridSize", 20};
inline const Preference<bool> clipSearch{"quantize/clipSearch", true};
inline const Preference<QString> device{"quantize/device", QStringLiteral("cpu")};
// Test page.
inline const Preference<QString> testPrompt{"test/prompt", {}};
inline const Preference<int> testMaxNewTokens{"test/maxNewTokens", 256};
inline const Preference<bool> testChatFormat{"test/chatFormat", true};
// Evaluate page. Empty paths fall back to the Model page's model and the demo data.
inline const Preference<QString> evalOriginalModel{"evaluate/originalModel", {}};
inline const Preference<QStringList> evalQuantizedModels{"evaluate/quantizedModels", {}};
inline const Preference<QString> evalTable{"evaluate/table", {}};
inline const Preference<QString> evalReferenceColumn{"evaluate/referenceColumn", {}};
inline const Preference<QString> evalPromptFile{"evaluate/promptFile", {}};
inline const Preference<int> evalNumSamples{"evaluate/numSamples", 20};
inline const Preference<int> evalMaxNewTokens{"evaluate/maxNewTokens", 128};
inline const Preference<bool> evalRadGraph{"evaluate/radgraph", true};
inline const Preference<QString> evalRadGraphRule{"evaluate/radgraphRule", QStringLiteral("0.1.18")};
inline const Preference<QString> evalUncertainAs{"evaluate/uncertainAs", QStringLiteral("positive")};
// Window.
inline const Preference<QString> language{"ui/language", {}};  // "" = follow the system locale
inline const Preference<QByteArray> windowGeometry{"window/geometry", {}};
inline const Preference<QByteArray> windowState{"window/state", {}};
inline const Preference<int> currentPage{"window/page", 0};
inline const Preference<bool> hintDismissed{"window/hintDismissed", false};
}  // namespace prefs

constexpr int kMaxRecentModels = 8;
// Puts `dir` first in the recent-models list (no duplicates, at most kMaxRecentModels).
void rememberRecentModel(const QString& dir);

}  // namespace medawq::ui
